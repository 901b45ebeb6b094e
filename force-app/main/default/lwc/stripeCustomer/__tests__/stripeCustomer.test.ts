import { createElement } from 'lwc';
import * as uiRecordApi from 'lightning/uiRecordApi';
import * as messageService from 'lightning/messageService';
import getStripeMode from '@salesforce/apex/StripeCustomerController.getStripeMode';
import syncNow from '@salesforce/apex/StripeCustomerController.syncNow';
import createPortalSession from '@salesforce/apex/StripePortalController.createPortalSession';
import emailPortalLink from '@salesforce/apex/StripePortalController.emailPortalLink';
import type { StripeBillingEmail, StripeCustomerController, StripePortalService } from 'c/stripeApexTypes';
import StripeCustomer from '../stripeCustomer';
import getRecordContact from './data/getRecordContact.json';
import syncNowFixture from './data/syncNow.json';
import createPortalSessionFixture from './data/createPortalSession.json';
import emailPortalLinkFixture from './data/emailPortalLink.json';
import { getRecord as recordAdapter } from '../../../../../../tools/platform-stubs/lightning/uiRecordApi';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

jest.mock('@salesforce/customPermission/Stripe_Sync_Contacts', () => ({ default: true }));
jest.mock('@salesforce/customPermission/Stripe_Send_Customer_Portal', () => ({ default: true }));

const notifyRecordUpdateAvailable = jest.spyOn(uiRecordApi, 'notifyRecordUpdateAvailable');
const publish = jest.spyOn(messageService, 'publish');
const queued = syncNowFixture satisfies StripeCustomerController.SyncResult;
const portalLink = createPortalSessionFixture satisfies StripePortalService.PortalLink;
const portalEmail = emailPortalLinkFixture satisfies StripeBillingEmail.EmailResult;
const createPortalMock = jest.spyOn(apexStub(createPortalSession), 'invoke');
const emailPortalMock = jest.spyOn(apexStub(emailPortalLink), 'invoke');
const modeAdapter = apexStub(getStripeMode);
const syncMock = jest.spyOn(apexStub(syncNow), 'invoke');
const CONTACT_ID = '003000000000001AAA';

interface Base extends HTMLElement {
  label?: string;
  heading?: string;
  error?: unknown;
  disabled?: boolean;
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const text = (root: ParentNode, selector: string): string | undefined =>
  root.querySelector(selector)?.textContent?.trim();

async function mount(
  mode?: string,
): Promise<{ root: ShadowRoot; toasts: Array<{ title: string; message?: string; variant?: string }> }> {
  const element = createElement('c-stripe-customer', { is: StripeCustomer }) as HTMLElement & { recordId?: string };
  element.recordId = CONTACT_ID;
  const toasts: Array<{ title: string }> = [];
  element.addEventListener('lightning__showtoast', (event) =>
    toasts.push((event as CustomEvent<{ title: string }>).detail),
  );
  document.body.appendChild(element);
  recordAdapter.emit(getRecordContact);
  if (mode) {
    modeAdapter.emit(mode);
  }
  await flushPromises();
  return { root: element.shadowRoot as ShadowRoot, toasts };
}

describe('c-stripe-customer', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('links the customer id to the Stripe dashboard in test mode, with a Test mode badge', async () => {
    const { root } = await mount('test');
    const link = root.querySelector('a[data-id="dashboard-link"]');
    expect(link?.getAttribute('href')).toBe('https://dashboard.stripe.com/test/customers/cus_Q1a2b3c4d5');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(root.querySelector<Base>('[data-id="test-mode"]')?.label).toBe('Test mode');
  });

  it('links to live data when the org works in live mode', async () => {
    const { root } = await mount('live');
    expect(root.querySelector('a[data-id="dashboard-link"]')?.getAttribute('href')).toBe(
      'https://dashboard.stripe.com/customers/cus_Q1a2b3c4d5',
    );
    expect(root.querySelector('[data-id="test-mode"]')).toBeNull();
  });

  it('shows the sync status in words, when it last synced and the last error of a failed sync', async () => {
    const { root } = await mount('test');
    expect(root.querySelector<Base>('[data-id="sync-status"] lightning-badge')?.label).toBe('Failed');
    expect(text(root, '[data-id="last-synced"]')).toBe('Nov 20, 2026, 01:15 AM');
    expect(text(root, '[data-id="sync-error"]')).toContain('Invalid email address');
  });

  it('syncs now: queues the Contact, says so, and tells the page', async () => {
    syncMock.mockResolvedValue(queued);
    const { root, toasts } = await mount('test');
    const button = root.querySelector<Base>('[data-id="sync"]');
    expect(button?.label).toBe('Sync now');
    const focus = jest.spyOn(button as Base, 'focus');
    button?.click();
    await flushPromises();
    expect(syncMock).toHaveBeenCalledWith({ contactId: CONTACT_ID });
    // Disabled while it ran, the button gets focus back.
    expect(focus).toHaveBeenCalledTimes(1);
    expect(toasts).toEqual([expect.objectContaining({ title: 'Sync started' })]);
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: CONTACT_ID }]);
    expect(publish).toHaveBeenCalled();
  });

  it('shows why a sync was not started, once, in the error panel', async () => {
    syncMock.mockResolvedValue({ queued: false, message: "The Contact's Stripe sync is Disabled." });
    const { root, toasts } = await mount('test');
    root.querySelector<Base>('[data-id="sync"]')?.click();
    await flushPromises();
    const panel = root.querySelector<Base>('[data-id="sync-now-error"]');
    expect(panel?.heading).toBe('The sync could not be started.');
    expect(toasts).toEqual([]);

    syncMock.mockRejectedValue({ body: { message: 'Sync Contacts to Stripe needs the custom permission' } });
    root.querySelector<Base>('[data-id="sync"]')?.click();
    await flushPromises();
    expect(root.querySelector<Base>('[data-id="sync-now-error"]')?.error).toEqual({
      body: { message: 'Sync Contacts to Stripe needs the custom permission' },
    });
  });

  it('says when the Contact has no Stripe customer yet', async () => {
    const element = createElement('c-stripe-customer', { is: StripeCustomer });
    document.body.appendChild(element);
    recordAdapter.emit({ apiName: 'Contact', id: CONTACT_ID, fields: {} });
    await flushPromises();
    const root = element.shadowRoot as ShadowRoot;
    expect(text(root, '[data-id="customer-id"]')).toBe('Not linked to a Stripe customer yet');
    expect(text(root, '[data-id="sync-status"]')).toBe('Not synced');
  });

  it('shows a loading error in the error panel', async () => {
    const element = createElement('c-stripe-customer', { is: StripeCustomer });
    document.body.appendChild(element);
    recordAdapter.error({ message: 'No access' }, 403);
    await flushPromises();
    const root = element.shadowRoot as ShadowRoot;
    expect(root.querySelector<Base>('[data-id="error"]')?.heading).toBe('The Stripe customer could not be loaded.');
  });

  it('emails the customer portal link to the Contact', async () => {
    emailPortalMock.mockResolvedValue(portalEmail);
    const { root, toasts } = await mount();
    const button = root.querySelector<Base>('[data-id="email-portal"]');
    expect(button?.label).toBe('Email portal link');
    const focus = jest.spyOn(button as Base, 'focus');
    const copyFocus = jest.spyOn(root.querySelector<Base>('[data-id="copy-portal"]') as Base, 'focus');
    button?.click();
    await flushPromises();
    expect(focus).toHaveBeenCalledTimes(1);
    expect(copyFocus).not.toHaveBeenCalled();
    expect(emailPortalMock).toHaveBeenCalledWith({ contactId: CONTACT_ID });
    expect(toasts).toEqual([
      {
        title: 'Portal link sent',
        message: 'The customer portal link was emailed to ada@example.com.',
        variant: 'success',
      },
    ]);
  });

  it('creates a portal link, copies it and shows it to copy by hand', async () => {
    createPortalMock.mockResolvedValue(portalLink);
    const writeText = jest.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { root, toasts } = await mount();
    const focus = jest.spyOn(root.querySelector<Base>('[data-id="copy-portal"]') as Base, 'focus');
    root.querySelector<Base>('[data-id="copy-portal"]')?.click();
    await flushPromises();
    expect(createPortalMock).toHaveBeenCalledWith({ contactId: CONTACT_ID });
    expect(focus).toHaveBeenCalledTimes(1);
    expect(writeText).toHaveBeenCalledWith(portalLink.url);
    const field = root.querySelector<Base & { value?: string }>('[data-id="portal-url"]');
    expect(field?.label).toBe('Customer portal link');
    expect(field?.value).toBe(portalLink.url);
    expect(toasts[0]).toEqual(expect.objectContaining({ title: 'Portal link copied', variant: 'success' }));

    writeText.mockRejectedValueOnce(new Error('denied'));
    root.querySelector<Base>('[data-id="copy-portal"]')?.click();
    await flushPromises();
    expect(toasts[1]).toEqual(expect.objectContaining({ title: 'Copy the portal link yourself', variant: 'warning' }));
  });

  it('shows a refused portal link once, in the error panel', async () => {
    createPortalMock.mockRejectedValue({ body: { message: 'Customer portal links are not configured.' } });
    emailPortalMock.mockRejectedValue({ body: { message: 'The Contact has no email address.' } });
    const { root, toasts } = await mount();
    root.querySelector<Base>('[data-id="copy-portal"]')?.click();
    await flushPromises();
    expect(root.querySelector<Base>('[data-id="portal-error"]')?.heading).toBe('The portal link could not be created.');
    root.querySelector<Base>('[data-id="email-portal"]')?.click();
    await flushPromises();
    expect(root.querySelector<Base>('[data-id="portal-error"]')?.heading).toBe('The portal link could not be emailed.');
    expect(root.querySelector('[data-id="portal-url"]')).toBeNull();
    expect(toasts).toEqual([]);
  });

  it('offers no portal link before the Contact has a Stripe customer', async () => {
    const element = createElement('c-stripe-customer', { is: StripeCustomer });
    document.body.appendChild(element);
    recordAdapter.emit({ apiName: 'Contact', id: CONTACT_ID, fields: {} });
    await flushPromises();
    expect(element.shadowRoot?.querySelector('[data-id="portal"]')).toBeNull();
  });
});
