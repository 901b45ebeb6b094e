import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import getStripeMode from '@salesforce/apex/StripeCustomerController.getStripeMode';
import { LABELS, formatLabel, invoicePaid } from 'c/stripeLabels';
import type { StripeBillingHistoryController, StripePaymentsController } from 'c/stripeApexTypes';

/** The fields of a payment row the menu reads: both payment lists' rows have them (generated types). */
export type PaymentLinks = Pick<
  StripeBillingHistoryController.PaymentRow & StripePaymentsController.PaymentRow,
  'stripeInvoiceId' | 'status' | 'hostedInvoiceUrl' | 'invoicePdfUrl'
>;

/** What a menu item opens. */
export type Action = 'invoice' | 'receipt' | 'pdf' | 'stripe';

/** Links from Stripe are opened only when they are https, so a bad value cannot become a script link. */
const safeUrl = (url: string | null | undefined): string | undefined => (url?.startsWith('https://') ? url : undefined);

/**
 * The row menu of one payment (`lightning-button-menu`, named after the payment's amount and date): open
 * its invoice (unpaid) or receipt (paid) on Stripe's hosted invoice page, its invoice PDF, or the invoice
 * in the Stripe dashboard (under `/test/` when the org works in test mode,
 * `StripeCustomerController.getStripeMode`, as the Stripe customer card does). Each item navigates with
 * `NavigationMixin` to a `standard__webPage` (a new browser tab); only the items the payment has links
 * for are listed, and no menu shows when it has none. The menu is a base component: keyboard users open
 * it with Enter or Space and move with the arrow keys; focus stays on it after an item opens its page.
 */
export default class StripePaymentActions extends NavigationMixin(LightningElement) {
  /** The payment row (`StripePaymentsController.PaymentRow` or `StripeBillingHistoryController.PaymentRow`). */
  @api payment?: PaymentLinks;

  /** How the list names the payment (its amount), for the menu's accessible name. */
  @api paymentTitle?: string;

  /** When the payment was made (or its reference), so two payments of one amount have distinct menus. */
  @api paymentDate?: string;

  mode?: string;

  @wire(getStripeMode)
  wiredMode(result: unknown): void {
    const { data } = (result ?? {}) as { data?: unknown };
    this.mode = typeof data === 'string' ? data : undefined;
  }

  get menuLabel(): string {
    const reference = this.paymentDate || this.payment?.stripeInvoiceId || '';
    return formatLabel(LABELS.paymentActionsMenu, this.paymentTitle ?? '', reference);
  }

  /** The invoice in the Stripe dashboard; test-mode data lives under /test/. */
  get dashboardUrl(): string | undefined {
    const id = this.payment?.stripeInvoiceId;
    if (!id || !/^in_\w+$/.test(id)) {
      return undefined;
    }
    return `https://dashboard.stripe.com/${this.mode === 'test' ? 'test/' : ''}invoices/${id}`;
  }

  /** Where each item goes, for the items this payment has a link for. */
  get targets(): Partial<Record<Action, string>> {
    const row = this.payment;
    const hosted = safeUrl(row?.hostedInvoiceUrl);
    const targets: Partial<Record<Action, string>> = {};
    if (hosted) {
      targets[invoicePaid(row?.status) ? 'receipt' : 'invoice'] = hosted;
    }
    const pdf = safeUrl(row?.invoicePdfUrl);
    if (pdf) {
      targets.pdf = pdf;
    }
    const dashboard = this.dashboardUrl;
    if (dashboard) {
      targets.stripe = dashboard;
    }
    return targets;
  }

  get items(): Array<{ value: Action; label: string }> {
    const labels: Record<Action, string> = {
      invoice: LABELS.paymentActionsOpenInvoice,
      receipt: LABELS.paymentActionsOpenReceipt,
      pdf: LABELS.paymentActionsOpenPdf,
      stripe: LABELS.paymentActionsOpenInStripe,
    };
    const targets = this.targets;
    return (Object.keys(labels) as Action[])
      .filter((action) => targets[action] !== undefined)
      .map((action) => ({ value: action, label: labels[action] }));
  }

  get hasItems(): boolean {
    return this.items.length > 0;
  }

  handleSelect(event: CustomEvent<{ value: Action }>): void {
    const url = this.targets[event.detail.value];
    if (!url) {
      return;
    }
    this[NavigationMixin.Navigate]({ type: 'standard__webPage', attributes: { url } });
    // The page opens in a new browser tab: back here, the keyboard user is where they were, on the menu.
    this.template?.querySelector<HTMLElement>('[data-id="menu"]')?.focus();
  }
}
