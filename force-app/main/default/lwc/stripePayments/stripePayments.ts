import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { NavigationMixin } from 'lightning/navigation';
import { MessageContext, subscribe, unsubscribe, type Subscription } from 'lightning/messageService';
import BILLING_UPDATED from '@salesforce/messageChannel/Stripe_Billing_Updated__c';
import getPayments from '@salesforce/apex/StripePaymentsController.getPayments';
import {
  LABELS,
  declineReason,
  formatDate,
  formatLabel,
  formatMoney,
  invoicePaid,
  recordUrl,
  relatedListUrl,
  statusCodes,
  statusInfo,
} from 'c/stripeLabels';
import type { StripePaymentsController } from 'c/stripeApexTypes';

type PaymentList = StripePaymentsController.PaymentList;
type PaymentRow = StripePaymentsController.PaymentRow;

interface WiredResult {
  data?: unknown;
  error?: unknown;
}

/** Rows listed at once; "View all payments" opens the related list. */
export const VISIBLE_ROWS = 10;
const ALL = 'all';
/** Statuses whose amount (net of refunds) was collected. */
const COLLECTED = new Set(['paid', 'partially_refunded', 'refunded', 'dispute_won']);
const FAILED = new Set(['failed', 'uncollectible', 'action_required']);

const safeUrl = (url: string | null | undefined): string | undefined => (url?.startsWith('https://') ? url : undefined);

const hasAmount = (row: PaymentRow): boolean => typeof row.amount === 'number' && Boolean(row.currencyCode);

/**
 * The payments of a Contact (`StripePaymentsController.getPayments`): date, amount with currency,
 * status, why a payment failed (decline code in words), dispute state, invoice and receipt links, a
 * status filter and the totals collected per currency of the payments shown. Each amount opens the
 * payment's record (`NavigationMixin`) and each row has a menu (`c-stripe-payment-actions`: invoice or
 * receipt, invoice PDF, the invoice in the Stripe dashboard); the list reloads when a Stripe component on the page publishes a
 * change on `Stripe_Billing_Updated__c` for this Contact.
 */
export default class StripePayments extends NavigationMixin(LightningElement) {
  /** The Contact record id, set by the record page. */
  @api recordId?: string;

  list?: PaymentList;
  error?: unknown;
  status = ALL;
  labels = LABELS;

  private wired?: WiredResult;
  private subscription?: Subscription;

  @wire(MessageContext)
  messageContext?: unknown;

  override connectedCallback(): void {
    this.subscription = subscribe(this.messageContext, BILLING_UPDATED, (message) => {
      if ((message as { contactId?: string } | undefined)?.contactId === this.recordId && this.wired) {
        refreshApex(this.wired).catch((error: unknown) => {
          this.error = error;
        });
      }
    });
  }

  override disconnectedCallback(): void {
    unsubscribe(this.subscription);
    this.subscription = undefined;
  }

  @wire(getPayments, { contactId: '$recordId' })
  wiredPayments(result: unknown): void {
    this.wired = result as WiredResult;
    const { data, error } = this.wired;
    if (data) {
      this.list = data;
      this.error = undefined;
    } else if (error) {
      this.list = undefined;
      this.error = error;
    }
  }

  get isLoading(): boolean {
    return !this.list && !this.error;
  }

  get all(): PaymentRow[] {
    return this.list?.payments ?? [];
  }

  get hasPayments(): boolean {
    return this.all.length > 0;
  }

  get isEmpty(): boolean {
    return this.list !== undefined && !this.hasPayments;
  }

  /** "All statuses", then the statuses present, in the picklist's order. */
  get statusOptions(): Array<{ label: string; value: string }> {
    const present = new Set(this.all.map((row) => row.status ?? ''));
    return [
      { label: LABELS.paymentsAllStatuses, value: ALL },
      ...statusCodes('payment')
        .filter((code) => present.has(code))
        .map((code) => ({ label: statusInfo('payment', code).label, value: code })),
    ];
  }

  get filtered(): PaymentRow[] {
    return this.status === ALL ? this.all : this.all.filter((row) => row.status === this.status);
  }

  get noneMatch(): boolean {
    return this.hasPayments && this.filtered.length === 0;
  }

  get rows() {
    return this.filtered.slice(0, VISIBLE_ROWS).map((row) => {
      const reference = row.stripeInvoiceId ?? row.name ?? '';
      const dispute = row.disputeStatus ? statusInfo('dispute', row.disputeStatus).label : undefined;
      return {
        ...row,
        url: recordUrl(row.id ?? ''),
        openLabel: formatLabel(LABELS.billingOpenRecord, reference),
        date: formatDate(row.paidAt ?? row.createdDate),
        amountText: hasAmount(row)
          ? formatMoney(row.amount as number, row.currencyCode as string)
          : formatLabel(LABELS.billingPaymentFallback, reference),
        statusInfo: statusInfo('payment', row.status),
        reason: FAILED.has(row.status ?? '')
          ? declineReason(row.declineCode, row.failureCode, row.failureMessage)
          : undefined,
        retry:
          FAILED.has(row.status ?? '') && row.nextAttemptAt
            ? formatLabel(LABELS.paymentsNextAttempt, formatDate(row.nextAttemptAt))
            : undefined,
        refunded:
          hasAmount(row) && (row.amountRefunded ?? 0) > 0
            ? formatLabel(
                LABELS.paymentsRefunded,
                formatMoney(row.amountRefunded as number, row.currencyCode as string),
              )
            : undefined,
        dispute: dispute ? formatLabel(LABELS.paymentsDispute, dispute) : undefined,
        // Stripe's hosted invoice page is the customer's receipt once the invoice is paid.
        invoiceLabel: invoicePaid(row.status) ? LABELS.paymentsReceipt : LABELS.paymentsViewInvoice,
        invoiceUrl: safeUrl(row.hostedInvoiceUrl),
        pdfUrl: safeUrl(row.invoicePdfUrl),
        linkHint: formatLabel(LABELS.billingOpensNewTab, reference),
      };
    });
  }

  /** Collected per currency (net of refunds) over the payments the filter shows. */
  get totals(): Array<{ currencyCode: string; text: string }> {
    const sums = new Map<string, number>();
    for (const row of this.filtered) {
      if (hasAmount(row) && COLLECTED.has(row.status ?? '')) {
        const code = (row.currencyCode as string).toUpperCase();
        sums.set(code, (sums.get(code) ?? 0) + (row.amount as number) - (row.amountRefunded ?? 0));
      }
    }
    return [...sums.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currencyCode, sum]) => ({ currencyCode, text: formatMoney(Math.round(sum * 100) / 100, currencyCode) }));
  }

  get hasTotals(): boolean {
    return this.totals.length > 0;
  }

  get showViewAll(): boolean {
    return this.list?.hasMore === true || this.filtered.length > VISIBLE_ROWS;
  }

  get cappedNote(): string | undefined {
    return this.list?.hasMore === true ? formatLabel(LABELS.paymentsCapped, this.all.length) : undefined;
  }

  get allPaymentsUrl(): string {
    return relatedListUrl('Contact', this.recordId ?? '', 'Stripe_Payments__r');
  }

  /** Opens the payment's record in the app; the `href` stays for "open in a new tab". */
  handleOpenRecord(event: Event): void {
    const recordId = (event.currentTarget as HTMLElement | null)?.dataset.recordId;
    if (!recordId) {
      return;
    }
    event.preventDefault();
    this[NavigationMixin.Navigate]({
      type: 'standard__recordPage',
      attributes: { recordId, objectApiName: 'Stripe_Payment__c', actionName: 'view' },
    });
  }

  handleStatusChange(event: CustomEvent<{ value: string }>): void {
    this.status = event.detail.value;
  }
}
