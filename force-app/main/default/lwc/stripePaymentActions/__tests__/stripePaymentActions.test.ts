import { createElement } from 'lwc';
import getStripeMode from '@salesforce/apex/StripeCustomerController.getStripeMode';
import { navigations } from '../../../../../../tools/platform-stubs/lightning/navigation';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';
import type { StripePaymentsController } from 'c/stripeApexTypes';
import StripePaymentActions, { type PaymentLinks } from '../stripePaymentActions';
// The rows StripePaymentsController.getPayments returns (the payments card's fixture).
import getPaymentsFixture from '../../stripePayments/__tests__/data/getPayments.json';

const modeAdapter = apexStub(getStripeMode);
const paymentList = getPaymentsFixture satisfies StripePaymentsController.PaymentList;
const [failed, disputed, refunded] = paymentList.payments;

interface Base extends HTMLElement {
  label?: string;
  value?: string;
  alternativeText?: string;
  title: string;
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(payment: PaymentLinks, mode?: string): Promise<ShadowRoot> {
  const element = createElement('c-stripe-payment-actions', { is: StripePaymentActions }) as HTMLElement & {
    payment?: PaymentLinks;
    paymentTitle?: string;
    paymentDate?: string;
  };
  element.payment = payment;
  element.paymentTitle = '€49.00';
  element.paymentDate = 'Nov 21, 2026';
  document.body.appendChild(element);
  if (mode !== undefined) {
    modeAdapter.emit(mode);
  }
  await flushPromises();
  return element.shadowRoot as ShadowRoot;
}

const items = (root: ShadowRoot): Array<{ value?: string; label?: string }> =>
  Array.from(root.querySelectorAll<Base>('lightning-menu-item')).map((item) => ({
    value: item.value,
    label: item.label,
  }));

async function choose(root: ShadowRoot, value: string): Promise<void> {
  root.querySelector('[data-id="menu"]')?.dispatchEvent(new CustomEvent('select', { detail: { value } }));
  await flushPromises();
}

describe('c-stripe-payment-actions', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    navigations.length = 0;
    jest.clearAllMocks();
  });

  it('names the menu after the payment, so two payments of one amount have distinct menus', async () => {
    const root = await mount(failed, 'test');
    const menu = root.querySelector<Base>('[data-id="menu"]');
    expect(menu?.alternativeText).toBe('Actions for €49.00 (Nov 21, 2026)');
    expect(menu?.title).toBe('Actions for €49.00 (Nov 21, 2026)');
  });

  it('offers the invoice of an unpaid payment and the invoice in the test-mode dashboard', async () => {
    const root = await mount(failed, 'test');
    expect(items(root)).toEqual([
      { value: 'invoice', label: 'Open invoice' },
      { value: 'stripe', label: 'Open in the Stripe dashboard' },
    ]);
    await choose(root, 'stripe');
    expect(navigations).toEqual([
      { type: 'standard__webPage', attributes: { url: 'https://dashboard.stripe.com/test/invoices/in_1Declined' } },
    ]);
    await choose(root, 'invoice');
    expect(navigations[1]).toEqual({
      type: 'standard__webPage',
      attributes: { url: 'https://invoice.stripe.com/i/acct_1/in_1Declined' },
    });
  });

  it('offers the receipt and the invoice PDF of a paid payment; live mode opens the live dashboard', async () => {
    const root = await mount(refunded, 'live');
    expect(items(root).map((item) => item.value)).toEqual(['receipt', 'pdf', 'stripe']);
    expect(items(root)[0].label).toBe('Open receipt');
    expect(items(root)[1].label).toBe('Download invoice PDF');
    await choose(root, 'pdf');
    await choose(root, 'stripe');
    expect(navigations.map((page) => page.attributes.url)).toEqual([
      'https://pay.stripe.com/invoice/acct_1/in_1Refunded/pdf',
      'https://dashboard.stripe.com/invoices/in_1Refunded',
    ]);
  });

  it('lists only what the payment has links for: a disputed payment without hosted pages has the dashboard', async () => {
    const root = await mount(disputed, 'test');
    expect(items(root).map((item) => item.value)).toEqual(['stripe']);
  });

  it('shows no menu when the payment has nothing to open, and never opens a link that is not https', async () => {
    const root = await mount(
      {
        status: 'failed',
        stripeInvoiceId: 'not-an-invoice',
        hostedInvoiceUrl: 'http://invoice.stripe.com/i/acct_1/in_plain',
      },
      'test',
    );
    expect(root.querySelector('[data-id="menu"]')).toBeNull();
  });

  it('ignores a selection it has no page for', async () => {
    const root = await mount(failed, 'test');
    await choose(root, 'pdf');
    expect(navigations).toEqual([]);
  });
});
