import { createElement } from 'lwc';
import getChecklist from '@salesforce/apex/StripeSetupController.getChecklist';
import type { StripeSetupController } from 'c/stripeApexTypes';
import StripeSetupChecklist from '../stripeSetupChecklist';
import getChecklistFixture from './data/getChecklist.json';
import getChecklistGreen from './data/getChecklistGreen.json';

jest.mock('@salesforce/apex/StripeSetupController.getChecklist', () => ({ default: jest.fn() }), { virtual: true });

const red = getChecklistFixture satisfies StripeSetupController.Checklist;
const green = getChecklistGreen satisfies StripeSetupController.Checklist;
const getChecklistMock = getChecklist as unknown as jest.Mock<Promise<unknown>, []>;

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(): Promise<ShadowRoot> {
  const element = createElement('c-stripe-setup-checklist', { is: StripeSetupChecklist });
  document.body.appendChild(element);
  await flushPromises();
  return element.shadowRoot as ShadowRoot;
}

const line = (root: ShadowRoot, key: string) => {
  const item = root.querySelector<HTMLElement>(`[data-id="${key}"]`);
  return {
    ok: item?.dataset.ok,
    text: item?.querySelector('[data-id="text"]')?.textContent,
    whatToDo: item?.querySelector('[data-id="what-to-do"]')?.textContent,
  };
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
    const root = await mount();
    expect(line(root, 'secret')).toEqual({
      ok: 'false',
      text: 'No webhook signing secret is set: Stripe events are refused.',
      whatToDo: expect.stringContaining('Set Stripe Webhook Signing Secret') as string,
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
    const links = Array.from(root.querySelectorAll('a[data-id="event-link"]'));
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['EVT-0000042', '/lightning/r/a03000000000042AAA/view'],
      ['EVT-0000043', '/lightning/r/a03000000000043AAA/view'],
    ]);
    const badges = Array.from(
      root.querySelectorAll<HTMLElement & { label?: string }>('[data-id="problem"] lightning-badge'),
    );
    expect(badges.map((badge) => badge.label)).toEqual(['Failed', 'Retrying']);
  });

  it('is all green, without what-to-do lines, on a healthy org; Check again reloads', async () => {
    getChecklistMock.mockResolvedValue(green);
    const root = await mount();
    for (const key of ['secret', 'deliveries', 'failures', 'api-version']) {
      expect(line(root, key).ok).toBe('true');
      expect(line(root, key).whatToDo).toBeUndefined();
    }
    expect(line(root, 'deliveries').text).toBe(
      '12 events received in the last 24 hours, the newest Dec 2, 2026, 11:30 PM.',
    );
    expect(line(root, 'api-version').text).toBe('Recent events use the pinned API version 2026-10-28.endive.');
    expect(root.querySelector('[data-id="problems"]')).toBeNull();
    root.querySelector<HTMLElement>('[data-id="refresh"]')?.click();
    await flushPromises();
    expect(getChecklistMock).toHaveBeenCalledTimes(2);
  });

  it('shows a refusal in the error panel', async () => {
    getChecklistMock.mockRejectedValue({ body: { message: 'The setup checklist needs the custom permission' } });
    const root = await mount();
    expect(root.querySelector<HTMLElement & { heading?: string }>('[data-id="error"]')?.heading).toBe(
      'The setup could not be checked.',
    );
    expect(root.querySelector('[data-id="secret"]')).toBeNull();
  });
});
