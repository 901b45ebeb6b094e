import { createElement } from 'lwc';
import getPayments from '@salesforce/apex/StripePaymentsController.getPayments';
import * as messageService from 'lightning/messageService';
import { navigations } from '../../../../../../tools/platform-stubs/lightning/navigation';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';
import type { StripePaymentsController } from 'c/stripeApexTypes';
import StripePayments, { VISIBLE_ROWS } from '../stripePayments';
import getPaymentsFixture from './data/getPayments.json';
import getPaymentsError from './data/getPaymentsError.json';

const adapter = apexStub(getPayments);
// refreshApex(value) on a value this wire emitted asks the method stub's refresh.
const refreshApexMock = jest.spyOn(adapter, 'refresh');
const subscribeMock = jest.spyOn(messageService, 'subscribe');
const unsubscribe = jest.spyOn(messageService, 'unsubscribe');
// The fixture has the shape the Apex method returns (types generated from the Apex classes).
const paymentList = getPaymentsFixture satisfies StripePaymentsController.PaymentList;
const CONTACT_ID = '003000000000001AAA';

interface Base extends HTMLElement {
  label?: string;
  value?: unknown;
  options?: { label: string; value: string }[];
  heading?: string;
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const all = (root: ParentNode, selector: string): Base[] => Array.from(root.querySelectorAll<Base>(selector));
const text = (root: ParentNode, selector: string): string | undefined =>
  root.querySelector(selector)?.textContent?.trim();

async function mount(data?: unknown): Promise<ShadowRoot> {
  const element = createElement('c-stripe-payments', { is: StripePayments }) as HTMLElement & { recordId?: string };
  element.recordId = CONTACT_ID;
  document.body.appendChild(element);
  if (data) {
    adapter.emit(data);
  }
  await flushPromises();
  return element.shadowRoot as ShadowRoot;
}

async function filter(root: ShadowRoot, value: string): Promise<void> {
  root.querySelector('[data-id="filter"]')?.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

describe('c-stripe-payments', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('asks for the record page Contact’s payments and shows a spinner meanwhile', async () => {
    const root = await mount();
    expect(adapter.getLastConfig()).toEqual({ contactId: CONTACT_ID });
    expect(root.querySelector<HTMLElement & { alternativeText?: string }>('lightning-spinner')?.alternativeText).toBe(
      'Loading payments',
    );
  });

  it('shows date, amount with currency, status in words, decline reason and links per payment', async () => {
    const root = await mount(paymentList);
    const [failed, disputed, refunded, paid, , action] = all(root, '[data-id="payment"]');
    expect(text(failed, '[data-id="amount"]')).toBe('€49.00');
    expect(failed.querySelector('a[data-id="amount"]')?.getAttribute('href')).toBe(
      '/lightning/r/a02000000000021AAA/view',
    );
    expect(failed.querySelector<Base>('[data-id="status"]')?.label).toBe('Failed');
    // The decline code, in words, wins over the generic failure code.
    expect(text(failed, '[data-id="reason"]')).toBe('The card has insufficient funds.');
    expect(text(failed, '[data-id="retry"]')).toBe('Stripe retries on Nov 28, 2026');
    expect(text(failed, '[data-id="date"]')).toBe('Nov 21, 2026');
    expect(text(failed, '[data-id="invoice-link"]')).toContain('View invoice');

    expect(disputed.querySelector<Base>('[data-id="status"]')?.label).toBe('Disputed');
    expect(text(disputed, '[data-id="dispute"]')).toBe('Dispute: Needs a response');
    expect(text(disputed, '[data-id="amount"]')).toBe('$20.00');

    expect(refunded.querySelector<Base>('[data-id="status"]')?.label).toBe('Partially refunded');
    expect(text(refunded, '[data-id="refunded"]')).toBe('€9.00 refunded');
    // Paid: the hosted invoice page is the receipt.
    expect(text(refunded, '[data-id="invoice-link"]')).toContain('Receipt');
    expect(refunded.querySelector('[data-id="pdf-link"]')?.getAttribute('href')).toBe(
      'https://pay.stripe.com/invoice/acct_1/in_1Refunded/pdf',
    );
    expect(text(paid, '[data-id="invoice-link"]')).toBe('Receipt (in_1Paid, opens in a new tab)');

    expect(action.querySelector<Base>('[data-id="status"]')?.label).toBe('Action required');
    expect(text(action, '[data-id="reason"]')).toBe('The customer must confirm the payment with their bank.');
  });

  it('totals what was collected per currency, net of refunds', async () => {
    const root = await mount(paymentList);
    // EUR: 49 - 9 + 49; USD: 120 (the disputed $20 is not counted as collected).
    expect(all(root, '[data-id="total"]').map((node) => node.textContent)).toEqual(['€89.00', '$120.00']);
  });

  it('filters by the statuses present, and totals what the filter shows', async () => {
    const root = await mount(paymentList);
    const combobox = root.querySelector<Base>('[data-id="filter"]');
    expect(combobox?.label).toBe('Status');
    expect(combobox?.options?.map((option) => option.label)).toEqual([
      'All statuses',
      'Paid',
      'Failed',
      'Partially refunded',
      'Action required',
      'Disputed',
    ]);
    await filter(root, 'paid');
    expect(all(root, '[data-id="payment"]').map((row) => row.dataset.recordId)).toEqual([
      'a02000000000018AAA',
      'a02000000000017AAA',
    ]);
    expect(all(root, '[data-id="total"]').map((node) => node.textContent)).toEqual(['€49.00', '$120.00']);
    await filter(root, 'failed');
    expect(root.querySelector('[data-id="total"]')).toBeNull();
    expect(text(root, '[data-id="no-totals"]')).toBe('Nothing collected in the payments shown.');
  });

  it('lists the newest rows, then "View all payments"; says when Apex capped the list', async () => {
    const many: StripePaymentsController.PaymentList = {
      hasMore: true,
      payments: Array.from({ length: VISIBLE_ROWS + 2 }, (_, index) => ({
        ...paymentList.payments[3],
        id: `a0200000000010${index}AAA`,
      })),
    };
    const root = await mount(many);
    expect(all(root, '[data-id="payment"]')).toHaveLength(VISIBLE_ROWS);
    expect(root.querySelector('a[data-id="all-payments"]')?.getAttribute('href')).toBe(
      `/lightning/r/Contact/${CONTACT_ID}/related/Stripe_Payments__r/view`,
    );
    expect(text(root, '[data-id="capped"]')).toBe(
      `Totals and the filter cover the ${VISIBLE_ROWS + 2} newest payments.`,
    );
  });

  it('shows an empty state, and a "none match" note', async () => {
    const root = await mount({ payments: [], hasMore: false });
    expect(text(root, '[data-id="empty"]')).toBe('This contact has no Stripe payments yet.');
    expect(root.querySelector('[data-id="filter"]')).toBeNull();
  });

  it('hands an Apex error to the error panel', async () => {
    const root = await mount();
    adapter.error(getPaymentsError);
    await flushPromises();
    expect(root.querySelector<Base>('[data-id="error"]')?.heading).toBe('The payments could not be loaded.');
  });

  it('copes with a row without amount, status or links', async () => {
    const root = await mount({ payments: [{ id: 'a02000000000030AAA', name: 'PAY-00030' }] });
    expect(text(root, '[data-id="amount"]')).toBe('Payment PAY-00030');
    expect(root.querySelector<Base>('[data-id="status"]')?.label).toBe('Unknown status');
    expect(root.querySelector('[data-id="invoice-link"]')).toBeNull();
  });

  it('reloads when a Stripe component on the page changes this Contact’s billing, and shows a failed reload', async () => {
    const root = await mount(paymentList);
    const listener = subscribeMock.mock.calls[0][2];
    listener({ contactId: '003000000000009AAA' });
    expect(refreshApexMock).not.toHaveBeenCalled();
    listener({ contactId: CONTACT_ID, recordId: 'a02000000000012AAA' });
    expect(refreshApexMock).toHaveBeenCalledTimes(1);
    refreshApexMock.mockRejectedValueOnce({ body: { message: 'You do not have access to Stripe payments.' } });
    listener({ contactId: CONTACT_ID });
    await flushPromises();
    expect(root.querySelector('[data-id="error"]')).not.toBeNull();
    document.body.removeChild(document.body.firstChild as Node);
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('opens a payment’s record in the app with NavigationMixin', async () => {
    navigations.length = 0;
    const root = await mount(paymentList);
    const link = root.querySelector<HTMLAnchorElement>('[data-id="payment"] [data-id="amount"]');
    expect(link?.getAttribute('title')).toBe('Open in_1Declined');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link?.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(navigations).toEqual([
      {
        type: 'standard__recordPage',
        attributes: { recordId: paymentList.payments[0].id, objectApiName: 'Stripe_Payment__c', actionName: 'view' },
      },
    ]);
  });

  it('gives every payment row its menu, named after its amount and date', async () => {
    const root = await mount(paymentList);
    const menus = all(root, '[data-id="payment"] [data-id="payment-actions"]') as Array<
      Base & { payment?: { id?: string }; paymentTitle?: string; paymentDate?: string }
    >;
    expect(menus).toHaveLength(Math.min(VISIBLE_ROWS, paymentList.payments.length));
    expect(menus[0].payment?.id).toBe(paymentList.payments[0].id);
    expect(menus[0].paymentTitle).toBe('€49.00');
    expect(menus[0].paymentDate).toBe('Nov 21, 2026');
  });
});
