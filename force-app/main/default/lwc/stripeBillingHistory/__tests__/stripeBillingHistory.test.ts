import { createElement } from 'lwc';
import * as messageService from 'lightning/messageService';
import getBillingHistory from '@salesforce/apex/StripeBillingHistoryController.getBillingHistory';
import StripeBillingHistory from '../stripeBillingHistory';
import billingHistory from './data/billingHistory.json';
import billingHistoryEmpty from './data/billingHistoryEmpty.json';
import billingHistorySyncFailed from './data/billingHistorySyncFailed.json';
import billingHistorySparse from './data/billingHistorySparse.json';
import getBillingHistoryError from './data/getBillingHistoryError.json';
import billingHistoryActions from './data/billingHistoryActions.json';
import type { StripeBillingHistoryController } from 'c/stripeApexTypes';
import { navigations } from '../../../../../../tools/platform-stubs/lightning/navigation';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

const billingHistoryAdapter = apexStub(getBillingHistory);
// refreshApex(value) on a value this wire emitted asks the method stub's refresh.
const refreshApexMock = jest.spyOn(billingHistoryAdapter, 'refresh');
const subscribeMock = jest.spyOn(messageService, 'subscribe');
const unsubscribe = jest.spyOn(messageService, 'unsubscribe');

const CONTACT_ID = '003000000000001AAA';
// The fixture has the shape the Apex method returns (types generated from the Apex classes).
const withActions = billingHistoryActions satisfies StripeBillingHistoryController.BillingHistory;

interface BaseComponent extends HTMLElement {
  label?: string;
  alternativeText?: string;
  disabled?: boolean;
  heading?: string;
  error?: unknown;
}

function mount(): HTMLElement & { recordId?: string } {
  const element = createElement('c-stripe-billing-history', { is: StripeBillingHistory }) as HTMLElement & {
    recordId?: string;
  };
  element.recordId = CONTACT_ID;
  document.body.appendChild(element);
  return element;
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const query = (root: ParentNode, selector: string): BaseComponent | null => root.querySelector<BaseComponent>(selector);
const queryAll = (root: ParentNode, selector: string): BaseComponent[] =>
  Array.from(root.querySelectorAll<BaseComponent>(selector));
const text = (root: ParentNode, selector: string): string | undefined =>
  root.querySelector(selector)?.textContent?.trim();

async function mountWith(data: unknown): Promise<ShadowRoot> {
  const element = mount();
  billingHistoryAdapter.emit(data);
  await flushPromises();
  return element.shadowRoot as ShadowRoot;
}

describe('c-stripe-billing-history', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('asks Apex for the billing history of the record page Contact, with a labelled spinner meanwhile', async () => {
    const element = mount();
    await flushPromises();
    expect(billingHistoryAdapter.getLastConfig()).toEqual({ contactId: CONTACT_ID });
    expect(query(element.shadowRoot as ShadowRoot, 'lightning-spinner')?.alternativeText).toBe(
      'Loading billing history',
    );
  });

  describe('with billing history', () => {
    let root: ShadowRoot;

    beforeEach(async () => {
      root = await mountWith(billingHistory);
    });

    it('shows the Stripe customer id and the sync status as words', () => {
      expect(text(root, '[data-id="customer-id"]')).toBe('cus_Q1a2b3c4d5');
      const badge = query(root, '[data-id="sync-status"] lightning-badge');
      expect(badge?.label).toBe('Synced');
      expect(badge?.classList.contains('slds-theme_success')).toBe(true);
      expect(query(root, '[data-id="error"]')).toBeNull();
    });

    it('titles every subscription with its plan and links it to its record', () => {
      const rows = queryAll(root, '[data-id="subscription"]');
      expect(rows.map((row) => row.dataset.recordId)).toEqual(billingHistory.subscriptions.map((sub) => sub.id));
      const links = rows.map((row) => row.querySelector<HTMLAnchorElement>('a[data-id="plan"]'));
      expect(links.map((link) => link?.textContent)).toEqual([
        'Pro – 49.00 EUR / month',
        'Basic – 99.00 USD / 3 months',
        'Team – 300.00 USD / 3 months',
      ]);
      expect(links[0]?.getAttribute('href')).toBe('/lightning/r/a01000000000002AAA/view');
    });

    it('shows status words, amount in the user’s locale with the interval, and the right date per status', () => {
      const [active, canceled, linkSent] = queryAll(root, '[data-id="subscription"]');
      expect(query(active, '[data-id="status"]')?.label).toBe('Active');
      expect(text(active, '[data-id="amount"]')).toBe('€98.00 / month');
      // Dec 1 00:00 UTC in the user's time zone (jest/user.ts: America/Los_Angeles).
      expect(text(active, '[data-id="period-end"]')).toBe('Current period endsNov 30, 2026');

      expect(query(canceled, '[data-id="status"]')?.label).toBe('Canceled');
      expect(text(canceled, '[data-id="amount"]')).toBe('$99.00 / 3 months');
      expect(query(canceled, '[data-id="period-end"]')).toBeNull();
      expect(text(canceled, '[data-id="ended"]')).toBe('EndedMay 31, 2026');

      expect(query(linkSent, '[data-id="status"]')?.label).toBe('Checkout link sent');
      expect(query(linkSent, '[data-id="status"]')?.classList.contains('slds-theme_warning')).toBe(true);
      expect(text(linkSent, '[data-id="link-expires"]')).toMatch(/^Link expiresNov 24, 2026, \d\d:\d\d/);
      expect(root.textContent).not.toContain('Not set');
    });

    it('flags only the subscription that cancels, with the date in words', () => {
      const flags = queryAll(root, '[data-id="pending-cancellation"]');
      expect(flags).toHaveLength(1);
      expect(flags[0].closest('li')?.dataset.recordId).toBe('a01000000000002AAA');
      expect(flags[0].textContent?.trim()).toBe('Cancels on Nov 30, 2026');
      expect(query(flags[0], 'lightning-icon')?.alternativeText).toBe('Warning');
    });

    it('lists payments with amount, status words and the decline reason in words', () => {
      const [failed, refunded, uncollectible] = queryAll(root, '[data-id="payment"]');
      expect(text(failed, '[data-id="amount"]')).toBe('€98.00');
      expect(query(failed, '[data-id="status"]')?.label).toBe('Failed');
      expect(query(failed, '[data-id="status"]')?.classList.contains('slds-theme_error')).toBe(true);
      // The issuer's decline code (insufficient_funds) before the generic card_declined, as words.
      expect(text(failed, '[data-id="failure"]')).toBe('The card has insufficient funds.');
      expect(root.textContent).not.toContain('insufficient_funds');
      expect(text(failed, '[data-id="not-paid"]')).toBe('Not paid yet');
      expect(query(failed, '[data-id="paid-at"]')).toBeNull();

      expect(query(refunded, '[data-id="status"]')?.label).toBe('Partially refunded');
      expect(text(refunded, '[data-id="refunded"]')).toBe('€20.50');
      expect(query(refunded, '[data-id="failure"]')).toBeNull();
      // A paid invoice's hosted page is the receipt; an unpaid one's is the invoice to pay.
      expect(text(refunded, '[data-id="invoice-link"]')).toContain('Receipt');
      expect(text(failed, '[data-id="invoice-link"]')).toContain('View invoice');

      // No amount: a title that says so, not the record's auto number.
      expect(text(uncollectible, '[data-id="amount"]')).toBe('Payment PAY-00001');
      expect(text(uncollectible, '[data-id="failure"]')).toBe('The card has expired.');
      expect(root.textContent).not.toContain('expired_card');
    });

    it('links to the hosted invoice and the PDF in a new tab, https links only', () => {
      const links = queryAll(root, 'a[target="_blank"]');
      expect(links.map((link) => link.getAttribute('href'))).toEqual([
        'https://invoice.stripe.com/i/acct_1/in_1Failed',
        'https://pay.stripe.com/invoice/acct_1/in_1Failed/pdf',
        'https://invoice.stripe.com/i/acct_1/in_1Paid',
      ]);
      expect(links.every((link) => link.getAttribute('rel') === 'noopener noreferrer')).toBe(true);
      expect(text(links[0], '.slds-assistive-text')).toBe('(in_1Failed, opens in a new tab)');
    });

    it('has no "View all" when every row is shown', () => {
      expect(query(root, '[data-id="all-subscriptions"]')).toBeNull();
      expect(query(root, '[data-id="all-payments"]')).toBeNull();
    });

    it('labels its refresh button for assistive technology', () => {
      const refresh = query(root, '[data-id="refresh"]');
      expect(refresh?.alternativeText).toBe('Refresh billing history');
    });
  });

  it('shows the newest three rows per section, then "View all" to the related list', async () => {
    const many = JSON.parse(JSON.stringify(billingHistory)) as typeof billingHistory;
    many.subscriptions.push({ ...many.subscriptions[0], id: 'a01000000000004AAA' });
    const root = await mountWith(many);
    expect(queryAll(root, '[data-id="subscription"]')).toHaveLength(3);
    expect(query(root, 'a[data-id="all-subscriptions"]')?.getAttribute('href')).toBe(
      `/lightning/r/Contact/${CONTACT_ID}/related/Stripe_Subscriptions__r/view`,
    );
    expect(text(root, '[data-id="all-subscriptions"]')).toBe('View all subscriptions');
    expect(query(root, '[data-id="all-payments"]')).toBeNull();
  });

  it('offers "View all" when Apex capped the rows, and shows unknown statuses with their code', async () => {
    const root = await mountWith(billingHistorySyncFailed);
    expect(query(root, 'a[data-id="all-payments"]')?.getAttribute('href')).toBe(
      `/lightning/r/Contact/${CONTACT_ID}/related/Stripe_Payments__r/view`,
    );
    expect(query(root, '[data-id="all-subscriptions"]')).not.toBeNull();
    expect(query(root, '[data-id="subscription"] [data-id="status"]')?.label).toBe(
      'Unknown status (some_future_status)',
    );
    expect(query(root, '[data-id="sync-status"] lightning-badge')?.label).toBe('Failed');
  });

  it('copes with sparse rows: no status, plan, interval or currency', async () => {
    const root = await mountWith(billingHistorySparse);
    const [weekly, bare] = queryAll(root, '[data-id="subscription"]');
    expect(text(weekly, '[data-id="amount"]')).toBe('CHF\u00a012.50 / 2 weeks');
    expect(query(weekly, '[data-id="status"]')?.label).toBe('Unknown status');
    expect(text(bare, '[data-id="plan"]')).toBe('Subscription');
    expect(text(bare, '[data-id="amount"]')).toBe('¥30');
    const [paid, failed] = queryAll(root, '[data-id="payment"]');
    expect(query(paid, '[data-id="refunded"]')).toBeNull();
    expect(text(paid, '[data-id="paid-at"]')).toBe('Nov 10, 2026');
    expect(text(failed, '[data-id="amount"]')).toBe('Payment');
    expect(query(failed, '[data-id="failure"]')).toBeNull();
  });

  it('says why an amount is blank when Apex gives a reason', async () => {
    const tiered = JSON.parse(JSON.stringify(billingHistorySparse)) as typeof billingHistorySparse;
    tiered.subscriptions = [{ id: 'a01000000000012AAA', amountBlankReason: 'Tiered price' } as never];
    const root = await mountWith(tiered);
    expect(text(root, '[data-id="subscription"] [data-id="amount"]')).toBe('Tiered price');
  });

  it('shows an empty state for a Contact without subscriptions and payments', async () => {
    const root = await mountWith(billingHistoryEmpty);
    expect(text(root, '[data-id="empty"]')).toBe('This contact has no Stripe subscriptions or payments yet.');
    expect(text(root, '[data-id="customer-id"]')).toBe('Not linked to a Stripe customer yet');
    expect(text(root, '[data-id="sync-status"]')).toBe('Not synced');
    expect(query(root, '[data-id="subscriptions"]')).toBeNull();
  });

  it('treats missing lists as empty', async () => {
    const root = await mountWith({ contactId: CONTACT_ID });
    expect(query(root, '[data-id="empty"]')).not.toBeNull();
  });

  it('hands an Apex error to the shared error panel, and recovers when data arrives', async () => {
    const element = mount();
    billingHistoryAdapter.error(getBillingHistoryError);
    await flushPromises();
    const root = element.shadowRoot as ShadowRoot;
    const panel = query(root, '[data-id="error"]');
    expect(panel?.heading).toBe('Billing history could not be loaded.');
    expect(query(root, '[data-id="customer"]')).toBeNull();
    billingHistoryAdapter.emit(billingHistory);
    await flushPromises();
    expect(query(root, '[data-id="error"]')).toBeNull();
  });

  it('refreshes the wired data and disables the button meanwhile; shows a failed refresh', async () => {
    const root = await mountWith(billingHistory);
    let finish: () => void = () => undefined;
    refreshApexMock.mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)));
    const focus = jest.spyOn(query(root, '[data-id="refresh"]') as BaseComponent, 'focus');
    query(root, '[data-id="refresh"]')?.click();
    await flushPromises();
    expect(refreshApexMock).toHaveBeenCalledTimes(1);
    expect(query(root, '[data-id="refresh"]')?.disabled).toBe(true);
    expect(query(root, '[data-id="refresh"]')?.alternativeText).toBe('Refreshing billing history');
    expect(focus).not.toHaveBeenCalled();
    finish();
    await flushPromises();
    expect(query(root, '[data-id="refresh"]')?.disabled).toBe(false);
    // Enabled again, the button gets back the focus that disabling it took.
    expect(focus).toHaveBeenCalledTimes(1);

    refreshApexMock.mockRejectedValueOnce(getBillingHistoryError);
    query(root, '[data-id="refresh"]')?.click();
    await flushPromises();
    expect(query(root, '[data-id="error"]')?.error).toEqual(getBillingHistoryError);
  });

  it('reloads when another Stripe component publishes a change for this Contact only', async () => {
    const element = mount();
    billingHistoryAdapter.emit(billingHistory);
    await flushPromises();
    expect(subscribeMock).toHaveBeenCalledTimes(1);
    const listener = subscribeMock.mock.calls[0][2];
    listener({ contactId: '003000000000009AAA' });
    await flushPromises();
    expect(refreshApexMock).not.toHaveBeenCalled();
    const focus = jest.spyOn(element.shadowRoot?.querySelector('[data-id="refresh"]') as HTMLElement, 'focus');
    listener({ contactId: CONTACT_ID, recordId: 'a01000000000009AAA' });
    await flushPromises();
    expect(refreshApexMock).toHaveBeenCalledTimes(1);
    // A reload another component asked for leaves the user's focus where it is.
    expect(focus).not.toHaveBeenCalled();
    document.body.removeChild(element);
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('gives every subscription row its menu, named after the plan, with the Contact for the page message', async () => {
    const root = await mountWith(withActions);
    const actions = queryAll(root, '[data-id="actions"]') as Array<
      BaseComponent & { subscription?: { id?: string }; planTitle?: string; contactId?: string }
    >;
    expect(actions.map((item) => item.planTitle)).toEqual([
      'Pro – 49.00 EUR / month',
      'Team – 300.00 USD / 3 months',
      'Basic – 99.00 USD / 3 months',
    ]);
    expect(actions[0].subscription?.id).toBe('a02000000000012AAA');
    expect(actions.every((item) => item.contactId === CONTACT_ID)).toBe(true);
  });

  it('gives every payment row its menu, named after its amount and date', async () => {
    const root = await mountWith(billingHistory);
    const menus = queryAll(root, '[data-id="payment"] [data-id="payment-actions"]') as Array<
      BaseComponent & { payment?: { id?: string }; paymentTitle?: string; paymentDate?: string }
    >;
    const shown = billingHistory.payments.slice(0, 3);
    expect(menus.map((menu) => menu.payment?.id)).toEqual(shown.map((row) => row.id));
    expect(menus.every((menu) => Boolean(menu.paymentTitle) && Boolean(menu.paymentDate))).toBe(true);
  });

  it('shows the trial end and paused collection with its resume date', async () => {
    const root = await mountWith(withActions);
    const [, trial, paused] = queryAll(root, '[data-id="subscription"]');
    // The Jest user's time zone (jest/user.ts) is America/Los_Angeles.
    expect(text(trial, '[data-id="trial-end"] dt')).toBe('Trial ends');
    expect(text(trial, '[data-id="trial-end"] dd')).toBe('Dec 9, 2026');
    expect(text(paused, '[data-id="paused"] dt')).toBe('Collection resumes');
    expect(text(paused, '[data-id="paused"] dd')).toBe('Jan 4, 2027');
    expect(paused.querySelector('[data-id="paused"]')?.className).toContain('slds-text-color_error');
  });

  it('opens a row’s record in the app with NavigationMixin, keeping the href for a new tab', async () => {
    navigations.length = 0;
    const root = await mountWith(billingHistory);
    const link = root.querySelector<HTMLAnchorElement>('[data-id="subscription"] [data-id="plan"]');
    expect(link?.getAttribute('href')).toBe('/lightning/r/a01000000000002AAA/view');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link?.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    root.querySelector<HTMLAnchorElement>('[data-id="payment"] [data-id="amount"]')?.click();
    expect(navigations).toEqual([
      {
        type: 'standard__recordPage',
        attributes: { recordId: 'a01000000000002AAA', objectApiName: 'Stripe_Subscription__c', actionName: 'view' },
      },
      {
        type: 'standard__recordPage',
        attributes: { recordId: billingHistory.payments[0].id, objectApiName: 'Stripe_Payment__c', actionName: 'view' },
      },
    ]);
  });
});
