import { createElement } from 'lwc';
import getChecklist from '@salesforce/apex/StripeSetupController.getChecklist';
import checkConnection from '@salesforce/apex/StripeSetupController.checkConnection';
import registerWebhookEndpoint from '@salesforce/apex/StripeSetupController.registerWebhookEndpoint';
import rollWebhookSecret from '@salesforce/apex/StripeSetupController.rollWebhookSecret';
import scheduleJobs from '@salesforce/apex/StripeSetupController.scheduleJobs';
import runJobNow from '@salesforce/apex/StripeSetupController.runJobNow';
import replayEvents from '@salesforce/apex/StripeWebhookReplayController.replayEvents';
import type { StripeJobScheduler, StripeSetupController, StripeSetupService } from 'c/stripeApexTypes';
import StripeSetupChecklist from '../stripeSetupChecklist';
import getChecklistFixture from './data/getChecklist.json';
import getChecklistGreen from './data/getChecklistGreen.json';
import checkConnectionFixture from './data/checkConnection.json';
import checkConnectionRefused from './data/checkConnectionRefused.json';
import registerWebhookEndpointFixture from './data/registerWebhookEndpoint.json';
import rollWebhookSecretFixture from './data/rollWebhookSecret.json';
import scheduleJobsFixture from './data/scheduleJobs.json';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

const red = getChecklistFixture satisfies StripeSetupController.Checklist;
const green = getChecklistGreen satisfies StripeSetupController.Checklist;
const connected = checkConnectionFixture satisfies StripeSetupService.ConnectionCheck;
const refused = checkConnectionRefused satisfies StripeSetupService.ConnectionCheck;
const registered = registerWebhookEndpointFixture satisfies StripeSetupService.EndpointResult;
const rolled = rollWebhookSecretFixture satisfies StripeSetupService.EndpointResult;
const scheduled = scheduleJobsFixture satisfies StripeJobScheduler.JobState[];

// An Apex method's imperative calls, spied (jest.spyOn gives the same spy again on a second call).
const mock = (fn: unknown) => jest.spyOn(apexStub(fn), 'invoke');
const getChecklistMock = mock(getChecklist);

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(): Promise<{ root: ShadowRoot; toasts: string[] }> {
  const element = createElement('c-stripe-setup-checklist', { is: StripeSetupChecklist });
  const toasts: string[] = [];
  element.addEventListener('lightning__showtoast', (event: Event) => {
    toasts.push((event as CustomEvent<{ title: string }>).detail.title);
  });
  document.body.appendChild(element);
  await flushPromises();
  return { root: element.shadowRoot as ShadowRoot, toasts };
}

const line = (root: ShadowRoot, key: string) => {
  const item = root.querySelector<HTMLElement>(`li[data-id="${key}"]`);
  return {
    ok: item?.dataset.ok,
    text: item?.querySelector('[data-id="text"]')?.textContent,
    whatToDo: item?.querySelector('[data-id="what-to-do"]')?.textContent,
    note: item?.querySelector('[data-id="note"]')?.textContent,
    buttons: Array.from(item?.querySelectorAll<HTMLElement & { label?: string }>('lightning-button') ?? []).map(
      (button) => button.label,
    ),
  };
};

const click = async (root: ShadowRoot, selector: string): Promise<void> => {
  root.querySelector<HTMLElement>(selector)?.click();
  await flushPromises();
  await flushPromises();
};

describe('c-stripe-setup-checklist', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('says what is red and what to do, and lists the failed and retrying events', async () => {
    getChecklistMock.mockResolvedValue(red);
    const { root } = await mount();
    expect(line(root, 'secret')).toMatchObject({
      ok: 'false',
      text: 'No webhook signing secret is set: Stripe events are refused.',
      whatToDo: expect.stringContaining('Set Stripe Webhook Signing Secret') as string,
    });
    expect(line(root, 'connection')).toEqual({
      ok: 'false',
      text: 'The connection to Stripe has not been checked yet.',
      whatToDo: expect.stringContaining('account balance through the Named Credential') as string,
      buttons: ['Check connection'],
    });
    expect(line(root, 'endpoint')).toMatchObject({
      ok: 'false',
      text: 'No webhook endpoint is registered in Stripe.',
      buttons: ['Register in Stripe'],
    });
    expect(line(root, 'site')).toMatchObject({
      ok: 'false',
      text: 'The guest user of the Site Stripe_Webhooks does not have the Stripe_Webhook_Guest permission set: Stripe events are refused.',
      whatToDo: expect.stringContaining('assign Stripe_Webhook_Guest to its guest user') as string,
    });
    expect(line(root, 'integration')).toMatchObject({
      ok: 'false',
      text: 'The newest event was processed by Automated Process, who is not an integration user: the subscriber config is missing or names another user.',
      whatToDo: expect.stringContaining('deploy the subscriber config') as string,
    });
    expect(line(root, 'jobs')).toMatchObject({
      ok: 'false',
      text: 'Not scheduled: Webhook retries, Customer sync sweep, Reconciliation, Log and payload purge, Catalog pull.',
      whatToDo: expect.stringContaining('npm run schedule-jobs') as string,
      buttons: ['Schedule jobs'],
    });
    expect(line(root, 'deliveries').text).toBe('No Stripe event received in the last 24 hours.');
    expect(line(root, 'failures').text).toBe('1 events failed and 1 are waiting for a retry in the last 7 days.');
    expect(line(root, 'failures').whatToDo).toContain('Replay');
    expect(line(root, 'api-version').text).toBe(
      'Recent events use 2025-03-31.basil, 2026-10-28.endive; the package is pinned to 2026-10-28.endive.',
    );
    expect(line(root, 'api-version').whatToDo).toBe(
      'Set the webhook endpoint in Stripe to the API version 2026-10-28.endive.',
    );
    const table = root.querySelector<HTMLElement & { data?: Array<Record<string, unknown>> }>(
      '[data-id="problem-table"]',
    );
    expect(table?.data?.map((row) => [row.name, row.url, row.statusLabel, row.attempts])).toEqual([
      ['EVT-0000042', '/lightning/r/a03000000000042AAA/view', 'Failed', 6],
      ['EVT-0000043', '/lightning/r/a03000000000043AAA/view', 'Retrying', 2],
    ]);
    const jobDetails = Array.from(root.querySelectorAll('[data-id="job-detail"]')).map((p) => p.textContent);
    expect(jobDetails).toEqual(Array(5).fill('Not scheduled'));
  });

  it('is all green, without what-to-do lines, on a healthy org; Check again reloads', async () => {
    getChecklistMock.mockResolvedValue(green);
    mock(checkConnection).mockResolvedValue(connected);
    const { root } = await mount();
    await click(root, 'li[data-id="connection"] lightning-button');
    for (const key of ['connection', 'secret', 'endpoint', 'site', 'integration', 'jobs', 'deliveries', 'failures']) {
      expect([key, line(root, key).ok, line(root, key).whatToDo]).toEqual([key, 'true', undefined]);
    }
    expect(line(root, 'connection').text).toBe(
      'Salesforce reaches Stripe through the Named Credential, with a test mode key.',
    );
    expect(line(root, 'endpoint')).toMatchObject({
      text: 'The webhook endpoint we_1QrN8cB7WZ01zgkWEndpoint01 was registered in Stripe from this checklist.',
      buttons: ['Roll secret'],
    });
    expect(line(root, 'site').text).toBe(
      'The Site Stripe_Webhooks is active and its guest user has the Stripe_Webhook_Guest permission set.',
    );
    expect(line(root, 'integration').text).toBe('Webhook processing runs as the integration user Stripe Integration.');
    expect(line(root, 'deliveries').text).toBe(
      '12 events received in the last 24 hours, the newest Dec 2, 2026, 11:30 PM.',
    );
    expect(line(root, 'api-version').text).toBe('Recent events use the pinned API version 2026-10-28.endive.');
    expect(root.querySelector('[data-id="problems"]')).toBeNull();
    expect(getChecklistMock).toHaveBeenCalledTimes(1);
    await click(root, '[data-id="refresh"]');
    expect(getChecklistMock).toHaveBeenCalledTimes(2);
  });

  it('shows Stripe’s refusal of the connection in plain words', async () => {
    getChecklistMock.mockResolvedValue(green);
    mock(checkConnection).mockResolvedValue(refused);
    const { root } = await mount();
    await click(root, 'li[data-id="connection"] lightning-button');
    expect(line(root, 'connection')).toMatchObject({
      ok: 'false',
      text: 'Salesforce could not reach Stripe: Invalid API Key provided: sk_test_****1234 Salesforce cannot sign in to Stripe: ask your Stripe admin to check the Named Credential "Stripe" and its API key.',
      whatToDo: expect.stringContaining('principal StripeApiKey') as string,
    });
  });

  it('registers the endpoint in Stripe, says so and reloads', async () => {
    getChecklistMock.mockResolvedValueOnce(red).mockResolvedValue(green);
    mock(registerWebhookEndpoint).mockResolvedValue(registered);
    const { root, toasts } = await mount();
    await click(root, 'li[data-id="endpoint"] lightning-button');
    expect(mock(registerWebhookEndpoint)).toHaveBeenCalledTimes(1);
    expect(toasts).toEqual([
      'Webhook endpoint we_1QrN8cB7WZ01zgkWEndpoint01 registered in Stripe. Its signing secret is stored.',
    ]);
    expect(line(root, 'endpoint').ok).toBe('true');
  });

  it('rolls the secret and names an old endpoint Stripe did not delete', async () => {
    getChecklistMock.mockResolvedValue(green);
    mock(rollWebhookSecret).mockResolvedValue(rolled);
    const { root, toasts } = await mount();
    await click(root, 'li[data-id="endpoint"] lightning-button');
    expect(mock(rollWebhookSecret)).toHaveBeenCalledTimes(1);
    expect(toasts).toEqual([
      'New webhook endpoint we_1QrN8cB7WZ01zgkWEndpoint02. The previous secret is accepted until Dec 4, 2026, 02:00 AM.',
    ]);
    expect(root.querySelector('[data-id="notice"]')?.textContent?.trim()).toBe(
      'Stripe did not delete the old endpoint we_1QrN8cB7WZ01zgkWEndpoint01: delete it in the Stripe dashboard (Developers > Webhooks).',
    );
  });

  it('schedules the jobs and runs one now', async () => {
    getChecklistMock.mockResolvedValueOnce(red).mockResolvedValue(green);
    mock(scheduleJobs).mockResolvedValue(scheduled);
    mock(runJobNow).mockResolvedValue(undefined);
    const { root, toasts } = await mount();
    await click(root, 'li[data-id="jobs"] lightning-button');
    expect(mock(scheduleJobs)).toHaveBeenCalledTimes(1);
    expect(toasts).toEqual(['8 job schedules created as you.']);
    const runButtons = Array.from(
      root.querySelectorAll<HTMLElement & { title?: string }>('lightning-button[data-id="run-now"]'),
    );
    expect(runButtons.map((button) => button.title)).toEqual([
      'Run Webhook retries once now',
      'Run Customer sync sweep once now',
      'Run Reconciliation once now',
      'Run Log and payload purge once now',
      'Run Catalog pull once now',
    ]);
    expect(root.querySelector('[data-job="purge"] [data-id="job-detail"]')?.textContent).toBe(
      'Next run Dec 3, 2026, 06:00 PM',
    );
    await click(root, 'lightning-button[data-job="purge"]');
    expect(mock(runJobNow)).toHaveBeenCalledWith({ jobKey: 'purge' });
    expect(toasts[1]).toBe('Log and payload purge started.');
  });

  it('says when the jobs run as someone who is not the integration user', async () => {
    getChecklistMock.mockResolvedValue({ ...green, jobs: scheduled });
    const { root } = await mount();
    expect(line(root, 'jobs')).toMatchObject({
      ok: 'false',
      text: 'The jobs are scheduled, but not by the integration user: they run as the user who scheduled them.',
    });
  });

  it('replays the selected failed events at once', async () => {
    getChecklistMock.mockResolvedValue(red);
    mock(replayEvents).mockResolvedValue(2);
    const { root, toasts } = await mount();
    const replay = () =>
      root.querySelector<HTMLElement & { disabled?: boolean }>('lightning-button[data-id="replay-selected"]');
    expect(replay()?.disabled).toBe(true);
    root.querySelector('[data-id="problem-table"]')?.dispatchEvent(
      new CustomEvent('rowselection', {
        detail: { selectedRows: [{ id: 'a03000000000042AAA' }, { id: 'a03000000000043AAA' }] },
      }),
    );
    await flushPromises();
    expect(replay()?.disabled).toBe(false);
    await click(root, 'lightning-button[data-id="replay-selected"]');
    expect(mock(replayEvents)).toHaveBeenCalledWith({ eventRecordIds: ['a03000000000042AAA', 'a03000000000043AAA'] });
    expect(toasts).toEqual(['2 events replayed: processing started.']);
    expect(getChecklistMock).toHaveBeenCalledTimes(2);
  });

  it('shows a refused action in the error panel and keeps the checklist', async () => {
    getChecklistMock.mockResolvedValue(red);
    mock(registerWebhookEndpoint).mockRejectedValue({
      body: { message: 'Stripe refused the webhook endpoint: Invalid URL: must be publicly accessible.' },
    });
    const { root, toasts } = await mount();
    await click(root, 'li[data-id="endpoint"] lightning-button');
    const panel = root.querySelector<HTMLElement & { heading?: string }>('[data-id="action-error"]');
    expect(panel?.heading).toBe('The action could not be completed.');
    expect(toasts).toEqual([]);
    expect(line(root, 'endpoint').ok).toBe('false');
  });

  it('says when the setup cannot be read, and hides job and replay buttons without their permissions', async () => {
    getChecklistMock.mockResolvedValue({
      ...red,
      setupReadable: false,
      site: undefined,
      integration: undefined,
      canManageJobs: false,
      canReplay: false,
    });
    const { root } = await mount();
    expect(line(root, 'site')).toMatchObject({
      ok: 'false',
      text: 'The Site, the permission assignments and the integration user could not be read.',
    });
    expect(root.querySelector('li[data-id="integration"]')).toBeNull();
    expect(line(root, 'jobs').buttons).toEqual([]);
    expect(root.querySelector('[data-id="run-now"]')).toBeNull();
    expect(root.querySelector('[data-id="replay-selected"]')).toBeNull();
  });

  it.each([
    ['not registered yet', red, 'false'],
    ['registered from the checklist', green, 'true'],
  ])(
    'hides Register and Roll without Stripe_Manage_Webhook_Secret and says who can (%s)',
    async (_state, checklist, ok) => {
      // The integration user: it schedules and runs the jobs and replays, but may not store a signing secret.
      getChecklistMock.mockResolvedValue({ ...checklist, canManageWebhookSecret: false, canManageJobs: true });
      const { root } = await mount();
      expect(line(root, 'endpoint')).toMatchObject({
        ok,
        buttons: [],
        note: 'Only a Stripe admin (custom permission Stripe_Manage_Webhook_Secret, permission set Stripe_Admin) can register the endpoint in Stripe or roll its secret.',
      });
      expect(line(root, 'jobs').buttons).toEqual(['Schedule jobs']);
      expect(root.querySelectorAll('[data-id="run-now"]')).toHaveLength(checklist.jobs.length);
      expect(mock(registerWebhookEndpoint)).not.toHaveBeenCalled();
      expect(mock(rollWebhookSecret)).not.toHaveBeenCalled();
    },
  );

  it('shows Register and Roll, without the note, to a holder of Stripe_Manage_Webhook_Secret', async () => {
    getChecklistMock.mockResolvedValueOnce(red).mockResolvedValueOnce(green);
    const { root } = await mount();
    expect(line(root, 'endpoint')).toMatchObject({ buttons: ['Register in Stripe'], note: undefined });
    await click(root, '[data-id="refresh"]');
    expect(line(root, 'endpoint')).toMatchObject({ buttons: ['Roll secret'], note: undefined });
  });

  it('names the other red setup lines', async () => {
    getChecklistMock.mockResolvedValue({
      ...green,
      site: { siteName: 'Stripe_Webhooks', found: true, active: false, status: 'Inactive' },
      integration: { integrationUsers: [], processedByIntegrationUser: false },
    });
    const { root } = await mount();
    expect(line(root, 'site').text).toBe(
      'The Site Stripe_Webhooks is not active (status: Inactive): Stripe cannot deliver events.',
    );
    expect(line(root, 'integration').text).toBe('No active user has the Stripe_Integration permission set group.');
  });

  it.each([
    [
      { siteName: 'Stripe_Webhooks', found: false },
      'The Site Stripe_Webhooks does not exist: Stripe cannot deliver events.',
    ],
  ])('reports a missing Site', async (site, text) => {
    getChecklistMock.mockResolvedValue({ ...green, site });
    const { root } = await mount();
    expect(line(root, 'site').text).toBe(text);
  });

  it.each([
    [
      { integrationUsers: ['Stripe Integration'], settingsRecordFound: false },
      'The settings record Stripe_Setting__mdt Default is missing.',
    ],
    [
      { integrationUsers: ['Stripe Integration'], settingsRecordFound: true, legacySecretPresent: true },
      'The old custom setting Stripe_Webhook_Settings__c still holds a signing secret that users can read.',
    ],
    [
      { integrationUsers: ['Stripe Integration'], settingsRecordFound: true },
      'Integration user: Stripe Integration. No event was processed yet to confirm the subscriber config.',
    ],
  ])('reports the settings and integration user', async (integration, text) => {
    getChecklistMock.mockResolvedValue({ ...green, integration, jobs: [] });
    const { root } = await mount();
    expect(line(root, 'integration').text).toBe(text);
  });

  it('shows a refusal in the error panel', async () => {
    getChecklistMock.mockRejectedValue({ body: { message: 'The setup checklist needs the custom permission' } });
    const { root } = await mount();
    expect(root.querySelector<HTMLElement & { heading?: string }>('[data-id="error"]')?.heading).toBe(
      'The setup could not be checked.',
    );
    expect(root.querySelector('li[data-id="secret"]')).toBeNull();
  });
});
