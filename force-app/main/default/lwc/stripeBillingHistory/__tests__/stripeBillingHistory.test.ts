import { createElement } from 'lwc';
import type * as LwcJest from '@salesforce/sfdx-lwc-jest';
import { refreshApex } from '@salesforce/apex';
import getBillingHistory from '@salesforce/apex/StripeBillingHistoryController.getBillingHistory';
import StripeBillingHistory from '../stripeBillingHistory';
import billingHistory from './data/billingHistory.json';
import billingHistoryEmpty from './data/billingHistoryEmpty.json';
import billingHistorySyncFailed from './data/billingHistorySyncFailed.json';
import billingHistorySparse from './data/billingHistorySparse.json';
import getBillingHistoryError from './data/getBillingHistoryError.json';

jest.mock(
  '@salesforce/apex/StripeBillingHistoryController.getBillingHistory',
  () => {
    const { createApexTestWireAdapter } = jest.requireActual<typeof LwcJest>('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);

jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

type ApexWireAdapter = ReturnType<typeof LwcJest.createApexTestWireAdapter>;
const billingHistoryAdapter = getBillingHistory as unknown as ApexWireAdapter;
const refreshApexMock = refreshApex as jest.MockedFunction<typeof refreshApex>;

const CONTACT_ID = '003000000000001AAA';

interface BaseComponent extends HTMLElement {
  value?: unknown;
  label?: string;
  alternativeText?: string;
  disabled?: boolean;
  formatStyle?: string;
  currencyCode?: string;
  currencyDisplayAs?: string;
  iconName?: string;
}

function mount(): HTMLElement & { recordId?: string } {
  const element = createElement('c-stripe-billing-history', { is: StripeBillingHistory }) as HTMLElement & {
    recordId?: string;
  };
  element.recordId = CONTACT_ID;
  document.body.appendChild(element);
  return element;
}

/** Lets the wire adapter, promise callbacks and the re-render settle. */
const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const query = (root: ParentNode, selector: string): BaseComponent | null => root.querySelector<BaseComponent>(selector);

const queryAll = (root: ParentNode, selector: string): BaseComponent[] =>
  Array.from(root.querySelectorAll<BaseComponent>(selector));

const shadow = (element: HTMLElement): ShadowRoot => element.shadowRoot as ShadowRoot;

describe('c-stripe-billing-history', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('asks Apex for the billing history of the record page Contact', async () => {
    mount();
    await flushPromises();
    expect(billingHistoryAdapter.getLastConfig()).toEqual({ contactId: CONTACT_ID });
  });

  it('shows a labelled spinner until the data arrives', async () => {
    const element = mount();
    await flushPromises();
    const spinner = query(shadow(element), 'lightning-spinner');
    expect(spinner?.alternativeText).toBe('Loading billing history');

    billingHistoryAdapter.emit(billingHistory);
    await flushPromises();
    expect(query(shadow(element), 'lightning-spinner')).toBeNull();
  });

  describe('with billing history', () => {
    let root: ShadowRoot;

    beforeEach(async () => {
      const element = mount();
      billingHistoryAdapter.emit(billingHistory);
      await flushPromises();
      root = shadow(element);
    });

    it('shows the Stripe customer id and the sync status', () => {
      expect(query(root, '[data-id="customer-id"]')?.textContent).toBe('cus_Q1a2b3c4d5');
      const badge = query(root, '[data-id="sync-status"] lightning-badge');
      expect(badge?.label).toBe('Synced');
      expect(badge?.classList.contains('slds-theme_success')).toBe(true);
      expect(query(root, '[data-id="sync-error"]')).toBeNull();
      expect(query(root, '[data-id="empty"]')).toBeNull();
      expect(query(root, '[data-id="error"]')).toBeNull();
    });

    it('lists subscriptions in the order Apex returns them (newest first)', () => {
      const rows = queryAll(root, '[data-id="subscription"]');
      expect(rows.map((row) => row.dataset.recordId)).toEqual(billingHistory.subscriptions.map((sub) => sub.id));
    });

    it('shows status badge, plan, amount with currency, interval and period end of a subscription', () => {
      const [active, canceled, linkSent] = queryAll(root, '[data-id="subscription"]');

      const badge = query(active, '[data-id="status"]');
      expect(badge?.label).toBe('Active');
      expect(badge?.classList.contains('slds-theme_success')).toBe(true);
      expect(query(active, '[data-id="plan"]')?.textContent).toBe('Pro – 49.00 EUR / month');
      const amount = query(active, '[data-id="amount"] lightning-formatted-number');
      expect(amount?.value).toBe(98);
      expect(amount?.formatStyle).toBe('currency');
      expect(amount?.currencyCode).toBe('EUR');
      expect(query(active, '[data-id="amount"]')?.textContent).toContain('/ month');
      expect(query(active, '[data-id="period-end"] lightning-formatted-date-time')?.value).toBe(
        '2026-12-01T00:00:00.000Z',
      );

      expect(query(canceled, '[data-id="status"]')?.label).toBe('Canceled');
      expect(query(canceled, '[data-id="amount"]')?.textContent).toContain('/ 3 months');
      expect(query(canceled, '[data-id="period-end"]')?.textContent).toBe('Not set');

      expect(query(linkSent, '[data-id="status"]')?.label).toBe('Checkout link sent');
      expect(query(linkSent, '[data-id="status"]')?.classList.contains('slds-theme_warning')).toBe(true);
      expect(query(linkSent, '[data-id="plan"]')?.textContent).toBe('Not set');
      expect(query(linkSent, '[data-id="amount"]')?.textContent).toBe('Not set');
    });

    it('flags only the subscription that cancels at period end, with the date', () => {
      const flags = queryAll(root, '[data-id="pending-cancellation"]');
      expect(flags).toHaveLength(1);
      expect(flags[0].closest('li')?.dataset.recordId).toBe('a01000000000002AAA');
      expect(flags[0].textContent).toContain('Cancels on');
      expect(query(flags[0], '[data-id="cancel-date"]')?.value).toBe('2026-12-01T00:00:00.000Z');
      expect(query(flags[0], 'lightning-icon')?.alternativeText).toBe('Warning');
    });

    it('lists payments newest first with status, amount and paid at', () => {
      const rows = queryAll(root, '[data-id="payment"]');
      expect(rows.map((row) => row.dataset.recordId)).toEqual(billingHistory.payments.map((payment) => payment.id));
      const [failed, refunded, uncollectible] = rows;

      expect(query(failed, '[data-id="status"]')?.label).toBe('Failed');
      expect(query(failed, '[data-id="status"]')?.classList.contains('slds-theme_error')).toBe(true);
      const amount = query(failed, 'lightning-formatted-number[data-id="amount"]');
      expect(amount?.value).toBe(98);
      expect(amount?.currencyCode).toBe('EUR');
      expect(amount?.formatStyle).toBe('currency');
      expect(query(failed, '[data-id="paid-at"]')?.textContent).toBe('Not paid');

      expect(query(refunded, '[data-id="status"]')?.label).toBe('Partially refunded');
      expect(query(refunded, '[data-id="paid-at"] lightning-formatted-date-time')?.value).toBe(
        '2026-10-18T10:01:00.000Z',
      );
      expect(query(refunded, '[data-id="refunded"] lightning-formatted-number')?.value).toBe(20.5);

      expect(query(uncollectible, '[data-id="status"]')?.label).toBe('Uncollectible');
      expect(query(uncollectible, 'lightning-formatted-number')).toBeNull();
      expect(query(uncollectible, '.slds-text-title_bold')?.textContent).toBe('PAY-00001');
    });

    it('shows the failure message of failed payments only, else the failure code', () => {
      const [failed, refunded, uncollectible] = queryAll(root, '[data-id="payment"]');
      expect(query(failed, '[data-id="failure"]')?.textContent).toBe('Your card was declined.');
      expect(query(refunded, '[data-id="failure"]')).toBeNull();
      expect(query(uncollectible, '[data-id="failure"]')?.textContent).toBe('expired_card');
    });

    it('links to the hosted invoice and the PDF in a new tab, https links only', () => {
      const [failed, refunded] = queryAll(root, '[data-id="payment"]');
      const invoice = failed.querySelector<HTMLAnchorElement>('[data-id="invoice-link"]');
      const pdf = failed.querySelector<HTMLAnchorElement>('[data-id="pdf-link"]');
      expect(invoice?.href).toBe('https://invoice.stripe.com/i/acct_1/in_1Failed');
      expect(invoice?.target).toBe('_blank');
      expect(invoice?.rel).toBe('noopener noreferrer');
      expect(invoice?.textContent).toBe('View invoice (in_1Failed, opens in a new tab)');
      expect(invoice?.querySelector('.slds-assistive-text')?.textContent).toBe(' (in_1Failed, opens in a new tab)');
      expect(pdf?.href).toBe('https://pay.stripe.com/invoice/acct_1/in_1Failed/pdf');

      expect(refunded.querySelector('[data-id="invoice-link"]')).not.toBeNull();
      expect(refunded.querySelector('[data-id="pdf-link"]')).toBeNull();
    });

    it('does not mention more rows when everything is shown', () => {
      expect(query(root, '[data-id="more-subscriptions"]')).toBeNull();
      expect(query(root, '[data-id="more-payments"]')).toBeNull();
    });

    it('labels its button, sections and icons for assistive technology', () => {
      const refresh = query(root, 'lightning-button-icon[data-id="refresh"]');
      expect(refresh?.alternativeText).toBe('Refresh billing history');
      expect(refresh?.iconName).toBe('utility:refresh');
      expect(query(root, '[data-id="customer"]')?.getAttribute('aria-label')).toBe('Stripe customer');
      for (const id of ['subscriptions', 'payments']) {
        const section = query(root, `[data-id="${id}"]`);
        const headingId = section?.getAttribute('aria-labelledby');
        expect(headingId).toBeTruthy();
        expect(section?.querySelector('h3')?.id).toBe(headingId);
      }
      for (const icon of queryAll(root, 'lightning-icon')) {
        expect(icon.alternativeText).toBeTruthy();
      }
    });
  });

  it('shows an empty state for a Contact without subscriptions and payments', async () => {
    const element = mount();
    billingHistoryAdapter.emit(billingHistoryEmpty);
    await flushPromises();
    const root = shadow(element);

    expect(query(root, '[data-id="empty"]')?.textContent).toContain('no Stripe subscriptions or payments yet');
    expect(query(root, '[data-id="customer-id"]')?.textContent).toBe('Not linked to a Stripe customer');
    expect(query(root, '[data-id="sync-status"]')?.textContent).toBe('Not synced');
    expect(query(root, '[data-id="subscriptions"]')).toBeNull();
    expect(query(root, '[data-id="payments"]')).toBeNull();
  });

  it('shows the last sync error, unknown statuses verbatim and a note when rows were capped', async () => {
    const element = mount();
    billingHistoryAdapter.emit(billingHistorySyncFailed);
    await flushPromises();
    const root = shadow(element);

    const badge = query(root, '[data-id="sync-status"] lightning-badge');
    expect(badge?.label).toBe('Failed');
    expect(badge?.classList.contains('slds-theme_error')).toBe(true);
    expect(query(root, '[data-id="sync-error"]')?.textContent).toBe(
      'Stripe answered 400: Invalid email address: alan@',
    );
    const status = query(root, '[data-id="subscription"] [data-id="status"]');
    expect(status?.label).toBe('some_future_status');
    expect(status?.className).toBe('');
    expect(query(root, '[data-id="subscription"] [data-id="amount"]')?.textContent).toContain('/ year');
    expect(query(root, '[data-id="more-subscriptions"]')?.textContent).toContain('50 newest subscriptions');
    expect(query(root, '[data-id="more-payments"]')?.textContent).toContain('50 newest payments');
  });

  it('shows when a pending cancellation takes effect, whether scheduled by date or at the period end', async () => {
    const element = mount();
    billingHistoryAdapter.emit({
      contactId: CONTACT_ID,
      subscriptions: [
        {
          id: 'a01000000000010AAA',
          status: 'active',
          cancelAtPeriodEnd: false,
          cancelAt: '2026-12-15T12:00:00.000Z',
          pendingCancellationAt: '2026-12-15T12:00:00.000Z',
          currentPeriodEnd: '2027-01-01T00:00:00.000Z',
        },
        {
          id: 'a01000000000011AAA',
          status: 'trialing',
          cancelAtPeriodEnd: true,
          cancelAt: '2027-01-01T00:00:00.000Z',
          pendingCancellationAt: '2027-01-01T00:00:00.000Z',
          currentPeriodEnd: '2027-01-01T00:00:00.000Z',
        },
        {
          id: 'a01000000000012AAA',
          status: 'canceled',
          cancelAtPeriodEnd: true,
          canceledAt: '2026-06-01T00:00:00.000Z',
        },
        { id: 'a01000000000013AAA', status: 'active', cancelAtPeriodEnd: false },
        { id: 'a01000000000014AAA', status: 'active', cancelAtPeriodEnd: true },
      ],
      payments: [],
    });
    await flushPromises();
    const root = shadow(element);

    const flags = queryAll(root, '[data-id="pending-cancellation"]');
    expect(flags.map((flag) => flag.closest('li')?.dataset.recordId)).toEqual([
      'a01000000000010AAA',
      'a01000000000011AAA',
      'a01000000000014AAA',
    ]);
    expect(flags[2].textContent).toContain('Cancels at period end');
    expect(query(flags[2], '[data-id="cancel-date"]')).toBeNull();
    expect(flags[0].textContent).toContain('Cancels on');
    expect(query(flags[0], '[data-id="cancel-date"]')?.value).toBe('2026-12-15T12:00:00.000Z');
    expect(query(flags[1], '[data-id="cancel-date"]')?.value).toBe('2027-01-01T00:00:00.000Z');
  });

  it('says why an amount is blank instead of "Not set" when Apex gives a reason', async () => {
    const element = mount();
    billingHistoryAdapter.emit({
      contactId: CONTACT_ID,
      subscriptions: [
        {
          id: 'a01000000000020AAA',
          status: 'active',
          currencyCode: 'EUR',
          amountBlankReason: 'Amount not stated: tiered price price_tiered',
        },
      ],
      payments: [],
    });
    await flushPromises();
    const amount = query(shadow(element), '[data-id="subscription"] [data-id="amount"]');
    expect(amount?.textContent).toBe('Amount not stated: tiered price price_tiered');
    expect(query(amount as ParentNode, 'lightning-formatted-number')).toBeNull();
  });

  it('copes with sparse rows: missing status, plan, interval, currency or invoice id', async () => {
    const element = mount();
    billingHistoryAdapter.emit(billingHistorySparse);
    await flushPromises();
    const root = shadow(element);

    expect(query(root, '[data-id="sync-status"] lightning-badge')?.label).toBe('Pending');
    const [weekly, bare] = queryAll(root, '[data-id="subscription"]');
    expect(query(weekly, '[data-id="amount"]')?.textContent).toContain('/ 2 weeks');
    expect(query(weekly, '[data-id="status"]')?.label).toBe('Unknown');
    expect(query(bare, '[data-id="plan"]')?.textContent).toBe('Not set');
    expect(query(bare, '[data-id="amount"] lightning-formatted-number')?.currencyCode).toBe('JPY');
    expect(query(bare, '[data-id="amount"]')?.textContent).not.toContain('/');

    const [paid, failedWithoutCurrency] = queryAll(root, '[data-id="payment"]');
    expect(query(paid, '[data-id="refunded"]')).toBeNull();
    expect(query(paid, '[data-id="invoice-link"]')).toBeNull();
    expect(query(paid, '[data-id="pdf-link"]')?.textContent).toBe('Invoice PDF (PAY-00010, opens in a new tab)');
    expect(query(failedWithoutCurrency, 'lightning-formatted-number')).toBeNull();
    expect(query(failedWithoutCurrency, '[data-id="failure"]')).toBeNull();
  });

  it('treats missing lists as empty', async () => {
    const element = mount();
    billingHistoryAdapter.emit({ contactId: CONTACT_ID });
    await flushPromises();
    expect(query(shadow(element), '[data-id="empty"]')).not.toBeNull();
  });

  it('shows a readable error when Apex fails', async () => {
    const element = mount();
    billingHistoryAdapter.error(getBillingHistoryError);
    await flushPromises();
    const root = shadow(element);

    const alert = query(root, '[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain(
      "Billing history could not be loaded: You do not have access to the Stripe billing data of this Contact: No such column 'Amount__c' on entity 'Stripe_Payment__c'.",
    );
    expect(query(root, 'lightning-spinner')).toBeNull();
    expect(query(root, '[data-id="customer"]')).toBeNull();
  });

  it('recovers from an error when new data arrives', async () => {
    const element = mount();
    billingHistoryAdapter.error(getBillingHistoryError);
    await flushPromises();
    billingHistoryAdapter.emit(billingHistory);
    await flushPromises();
    const root = shadow(element);

    expect(query(root, '[data-id="error"]')).toBeNull();
    expect(queryAll(root, '[data-id="subscription"]')).toHaveLength(3);
  });

  it('refreshes the wired data and disables the button meanwhile', async () => {
    let finishRefresh: () => void = () => undefined;
    refreshApexMock.mockImplementationOnce(() => new Promise<void>((resolve) => (finishRefresh = resolve)));
    const element = mount();
    billingHistoryAdapter.emit(billingHistory);
    await flushPromises();
    const root = shadow(element);
    const button = query(root, '[data-id="refresh"]') as BaseComponent;

    button.click();
    await flushPromises();
    expect(refreshApexMock).toHaveBeenCalledTimes(1);
    expect(refreshApexMock.mock.calls[0][0]).toEqual(expect.objectContaining({ data: billingHistory }));
    expect(button.disabled).toBe(true);
    expect(button.alternativeText).toBe('Refreshing billing history');

    button.click();
    expect(refreshApexMock).toHaveBeenCalledTimes(1);

    finishRefresh();
    await flushPromises();
    expect(button.disabled).toBe(false);
  });

  it('shows the error when a refresh fails', async () => {
    refreshApexMock.mockRejectedValueOnce(new Error('Network unavailable'));
    const element = mount();
    billingHistoryAdapter.emit(billingHistory);
    await flushPromises();
    const root = shadow(element);

    query(root, '[data-id="refresh"]')?.click();
    await flushPromises();

    expect(query(root, '[data-id="error"]')?.textContent).toContain('Network unavailable');
    expect(query(root, '[data-id="refresh"]')?.disabled).toBe(false);
  });
});
