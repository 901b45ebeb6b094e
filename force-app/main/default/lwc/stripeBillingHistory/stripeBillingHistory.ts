import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { NavigationMixin } from 'lightning/navigation';
import { MessageContext, subscribe, unsubscribe, type Subscription } from 'lightning/messageService';
import BILLING_UPDATED from '@salesforce/messageChannel/Stripe_Billing_Updated__c';
import getBillingHistory from '@salesforce/apex/StripeBillingHistoryController.getBillingHistory';
import {
  LABELS,
  formatDate,
  formatLabel,
  formatMoney,
  intervalLabel,
  declineReason,
  invoicePaid,
  recordUrl,
  relatedListUrl,
  statusInfo,
  type StatusInfo,
} from 'c/stripeLabels';
import type { StripeBillingHistoryController } from 'c/stripeApexTypes';

/** Generated from the Apex classes (`npm run types:apex`). */
type SubscriptionRow = StripeBillingHistoryController.SubscriptionRow;
type PaymentRow = StripeBillingHistoryController.PaymentRow;
type BillingHistory = StripeBillingHistoryController.BillingHistory;

interface WiredResult {
  data?: unknown;
  error?: unknown;
}

/** Rows shown per section; "View all" opens the related list with the rest. */
export const VISIBLE_ROWS = 3;

const hasAmount = (amount: number | undefined, currencyCode: string | undefined): boolean =>
  typeof amount === 'number' && typeof currencyCode === 'string' && currencyCode.length > 0;

/** Links from Stripe are shown only when they are https, so a bad value cannot become a script link. */
function safeUrl(url: string | undefined): string | undefined {
  return url?.startsWith('https://') ? url : undefined;
}

/** One line under a subscription's title: what happens next, or when it ended. */
interface Detail {
  key: string;
  label: string;
  value: string;
  tone?: 'error';
}

function subscriptionDetails(row: SubscriptionRow): Detail[] {
  const details: Detail[] = [];
  if (row.status === 'canceled') {
    const ended = formatDate(row.canceledAt);
    if (ended) {
      details.push({ key: 'ended', label: LABELS.billingEnded, value: ended });
    }
    return details;
  }
  if (row.status === 'link_sent' || row.status === 'link_expired') {
    const expires = formatDate(row.checkoutExpiresAt, true);
    if (expires) {
      details.push({ key: 'link-expires', label: LABELS.billingLinkExpires, value: expires });
    }
    return details;
  }
  const periodEnd = formatDate(row.currentPeriodEnd);
  if (periodEnd) {
    details.push({ key: 'period-end', label: LABELS.billingPeriodEnds, value: periodEnd });
  }
  const trialEnd = row.status === 'trialing' ? formatDate(row.trialEnd) : '';
  if (trialEnd) {
    details.push({ key: 'trial-end', label: LABELS.billingTrialEnds, value: trialEnd });
  }
  if (row.pauseBehavior) {
    const resumes = formatDate(row.pauseResumesAt);
    details.push(
      resumes
        ? { key: 'paused', label: LABELS.billingCollectionResumes, value: resumes, tone: 'error' }
        : { key: 'paused', label: LABELS.billingCollectionPaused, value: '', tone: 'error' },
    );
  }
  return details;
}

/** A pending cancellation: "Cancels on Dec 1, 2026", or "Cancels at period end" when the date is unknown. */
function cancelText(row: SubscriptionRow): string | undefined {
  if (row.status === 'canceled') {
    return undefined;
  }
  const date = formatDate(row.pendingCancellationAt);
  if (date) {
    return formatLabel(LABELS.billingCancelsOn, date);
  }
  return row.cancelAtPeriodEnd ? LABELS.billingCancelsAtPeriodEnd : undefined;
}

/**
 * The billing of a Contact: its Stripe customer, its newest subscriptions and payments (from
 * `StripeBillingHistoryController.getBillingHistory`), each row a link to its record, and "View all"
 * to the related lists. Each subscription has a row menu (`c-stripe-subscription-actions`) with what
 * its state allows; each payment one with its invoice or receipt, invoice PDF and the invoice in the Stripe
 * dashboard (`c-stripe-payment-actions`). Reloads when a Stripe component on the page (a row action included) publishes a
 * change on `Stripe_Billing_Updated__c`. Row links open the record with `NavigationMixin` (the `href`
 * stays for "open in a new tab").
 */
export default class StripeBillingHistory extends NavigationMixin(LightningElement) {
  /** The Contact record id, set by the record page. */
  @api recordId?: string;

  history?: BillingHistory;
  error?: unknown;
  isRefreshing = false;

  private wiredHistory?: WiredResult;
  private subscription?: Subscription;
  /** The user pressed Refresh: the button, disabled meanwhile, gets focus back once it is enabled again. */
  private refocusRefresh = false;

  labels = LABELS;

  @wire(MessageContext)
  messageContext?: unknown;

  override connectedCallback(): void {
    this.subscription = subscribe(this.messageContext, BILLING_UPDATED, (message) => {
      // Another Stripe component changed this Contact's billing (a new payment link, say).
      if ((message as { contactId?: string } | undefined)?.contactId === this.recordId) {
        this.handleRefresh().catch(() => undefined);
      }
    });
  }

  override renderedCallback(): void {
    if (this.refocusRefresh && !this.isRefreshing) {
      this.refocusRefresh = false;
      this.template?.querySelector<HTMLElement>('[data-id="refresh"]')?.focus();
    }
  }

  override disconnectedCallback(): void {
    unsubscribe(this.subscription);
    this.subscription = undefined;
  }

  @wire(getBillingHistory, { contactId: '$recordId' })
  wiredBillingHistory(result: unknown): void {
    this.wiredHistory = result as WiredResult;
    const { data, error } = this.wiredHistory;
    if (data) {
      this.history = data;
      this.error = undefined;
    } else if (error) {
      this.history = undefined;
      this.error = error;
    }
  }

  get isLoading(): boolean {
    return !this.history && !this.error;
  }

  get hasHistory(): boolean {
    return this.history !== undefined;
  }

  get customerId(): string {
    return this.history?.stripeCustomerId ?? LABELS.customerNotLinked;
  }

  get syncStatus(): StatusInfo {
    return statusInfo('sync', this.history?.syncStatus);
  }

  get hasSyncStatus(): boolean {
    return Boolean(this.history?.syncStatus);
  }

  get subscriptions() {
    return (this.history?.subscriptions ?? []).slice(0, VISIBLE_ROWS).map((row) => {
      const title = row.planName ?? formatLabel(LABELS.billingSubscriptionFallback, row.name ?? '');
      const showAmount = hasAmount(row.amount, row.currencyCode);
      return {
        ...row,
        title,
        url: recordUrl(row.id ?? ''),
        openLabel: formatLabel(LABELS.billingOpenRecord, title),
        statusInfo: statusInfo('subscription', row.status),
        amountText: showAmount
          ? `${formatMoney(row.amount as number, row.currencyCode as string)} ${intervalLabel(row.billingInterval, row.billingIntervalCount)}`.trim()
          : row.amountBlankReason,
        details: subscriptionDetails(row).map((detail) => ({
          ...detail,
          pairClass: detail.tone === 'error' ? 'stripe-pair slds-text-color_error' : 'stripe-pair',
        })),
        cancelText: cancelText(row),
      };
    });
  }

  get payments() {
    return (this.history?.payments ?? []).slice(0, VISIBLE_ROWS).map((row: PaymentRow) => {
      const showAmount = hasAmount(row.amount, row.currencyCode);
      const title = showAmount
        ? formatMoney(row.amount as number, row.currencyCode as string)
        : formatLabel(LABELS.billingPaymentFallback, row.stripeInvoiceId ?? row.name ?? '');
      const failed = row.status === 'failed' || row.status === 'uncollectible' || row.status === 'action_required';
      const reference = row.stripeInvoiceId ?? row.name ?? '';
      return {
        ...row,
        title,
        url: recordUrl(row.id ?? ''),
        openLabel: formatLabel(LABELS.billingOpenRecord, reference),
        statusInfo: statusInfo('payment', row.status),
        paidText: formatDate(row.paidAt) || undefined,
        dateText: formatDate(row.paidAt ?? row.createdDate),
        refundedText:
          showAmount && (row.amountRefunded ?? 0) > 0
            ? formatMoney(row.amountRefunded as number, row.currencyCode as string)
            : undefined,
        failure: failed ? declineReason(row.declineCode, row.failureCode, row.failureMessage) : undefined,
        invoiceUrl: safeUrl(row.hostedInvoiceUrl),
        // Stripe's hosted invoice page is the customer's receipt once the invoice is paid.
        invoiceLabel: invoicePaid(row.status) ? LABELS.paymentsReceipt : LABELS.billingViewInvoice,
        pdfUrl: safeUrl(row.invoicePdfUrl),
        linkHint: formatLabel(LABELS.billingOpensNewTab, reference),
      };
    });
  }

  get hasSubscriptions(): boolean {
    return (this.history?.subscriptions?.length ?? 0) > 0;
  }

  get hasPayments(): boolean {
    return (this.history?.payments?.length ?? 0) > 0;
  }

  get isEmpty(): boolean {
    return this.hasHistory && !this.hasSubscriptions && !this.hasPayments;
  }

  get showAllSubscriptions(): boolean {
    return this.history?.hasMoreSubscriptions === true || (this.history?.subscriptions?.length ?? 0) > VISIBLE_ROWS;
  }

  get showAllPayments(): boolean {
    return this.history?.hasMorePayments === true || (this.history?.payments?.length ?? 0) > VISIBLE_ROWS;
  }

  get allSubscriptionsUrl(): string {
    return relatedListUrl('Contact', this.recordId ?? '', 'Stripe_Subscriptions__r');
  }

  get allPaymentsUrl(): string {
    return relatedListUrl('Contact', this.recordId ?? '', 'Stripe_Payments__r');
  }

  get refreshLabel(): string {
    return this.isRefreshing ? LABELS.billingRefreshing : LABELS.billingRefresh;
  }

  /** Opens a row's record in the app (console tab, mobile) rather than reloading the page. */
  handleOpenRecord(event: Event): void {
    const link = event.currentTarget as HTMLElement | null;
    const recordId = link?.dataset.recordId;
    if (!recordId) {
      return;
    }
    event.preventDefault();
    this[NavigationMixin.Navigate]({
      type: 'standard__recordPage',
      attributes: { recordId, objectApiName: link.dataset.objectApiName, actionName: 'view' },
    });
  }

  /** The Refresh button: reloads, then gives the button focus back (a reload a message asks for does not). */
  async handleRefreshClick(): Promise<void> {
    this.refocusRefresh = true;
    await this.handleRefresh();
  }

  async handleRefresh(): Promise<void> {
    if (!this.wiredHistory || this.isRefreshing) {
      return;
    }
    this.isRefreshing = true;
    try {
      await refreshApex(this.wiredHistory);
    } catch (error) {
      this.error = error;
    } finally {
      this.isRefreshing = false;
    }
  }
}
