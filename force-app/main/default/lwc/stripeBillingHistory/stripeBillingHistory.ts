import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getBillingHistory from '@salesforce/apex/StripeBillingHistoryController.getBillingHistory';
import { reduceErrorsToText } from 'c/stripeErrors';

/** `StripeBillingHistoryController.SubscriptionRow` as Apex serialises it (null fields are left out). */
export interface SubscriptionRow {
  id: string;
  name?: string;
  stripeSubscriptionId?: string;
  status?: string;
  planName?: string;
  quantity?: number;
  amount?: number;
  currencyCode?: string;
  billingInterval?: string;
  billingIntervalCount?: number;
  currentPeriodEnd?: string;
  cancelAtPeriodEnd?: boolean;
  /** Stripe's `cancel_at`. */
  cancelAt?: string;
  /** When a scheduled cancellation takes effect (`cancelAt`, else the period end); absent when none. */
  pendingCancellationAt?: string;
  /** Why `amount` is blank (tiered or metered prices). */
  amountBlankReason?: string;
  canceledAt?: string;
  checkoutExpiresAt?: string;
  createdDate?: string;
}

/** `StripeBillingHistoryController.PaymentRow`. */
export interface PaymentRow {
  id: string;
  name?: string;
  stripeInvoiceId?: string;
  status?: string;
  amount?: number;
  amountRefunded?: number;
  currencyCode?: string;
  paidAt?: string;
  failureCode?: string;
  failureMessage?: string;
  attemptCount?: number;
  nextAttemptAt?: string;
  hostedInvoiceUrl?: string;
  invoicePdfUrl?: string;
  createdDate?: string;
}

/** `StripeBillingHistoryController.BillingHistory`. */
export interface BillingHistory {
  contactId: string;
  contactName?: string;
  stripeCustomerId?: string;
  syncStatus?: string;
  lastSyncedAt?: string;
  lastSyncError?: string;
  subscriptions?: SubscriptionRow[];
  payments?: PaymentRow[];
  hasMoreSubscriptions?: boolean;
  hasMorePayments?: boolean;
}

interface WiredResult {
  data?: unknown;
  error?: unknown;
}

type Tone = 'success' | 'warning' | 'error' | 'neutral';

interface StatusInfo {
  label: string;
  tone: Tone;
}

/** Subscription statuses (Stripe's, plus the package's Checkout link states), as the guide explains them. */
const SUBSCRIPTION_STATUSES: Record<string, StatusInfo> = {
  active: { label: 'Active', tone: 'success' },
  trialing: { label: 'Trialing', tone: 'success' },
  past_due: { label: 'Past due', tone: 'warning' },
  unpaid: { label: 'Unpaid', tone: 'error' },
  incomplete: { label: 'Incomplete', tone: 'warning' },
  incomplete_expired: { label: 'Incomplete, expired', tone: 'neutral' },
  paused: { label: 'Paused', tone: 'neutral' },
  canceled: { label: 'Canceled', tone: 'neutral' },
  link_sent: { label: 'Checkout link sent', tone: 'warning' },
  link_expired: { label: 'Checkout link expired', tone: 'neutral' },
};

const PAYMENT_STATUSES: Record<string, StatusInfo> = {
  paid: { label: 'Paid', tone: 'success' },
  open: { label: 'Open', tone: 'warning' },
  draft: { label: 'Draft', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'error' },
  void: { label: 'Void', tone: 'neutral' },
  uncollectible: { label: 'Uncollectible', tone: 'error' },
  refunded: { label: 'Refunded', tone: 'neutral' },
  partially_refunded: { label: 'Partially refunded', tone: 'warning' },
};

const SYNC_STATUSES: Record<string, StatusInfo> = {
  Synced: { label: 'Synced', tone: 'success' },
  Pending: { label: 'Pending', tone: 'warning' },
  Failed: { label: 'Failed', tone: 'error' },
  Disabled: { label: 'Disabled', tone: 'neutral' },
};

const BADGE_CLASS: Record<Tone, string> = {
  success: 'slds-theme_success',
  warning: 'slds-theme_warning',
  error: 'slds-theme_error',
  neutral: '',
};

const INTERVAL_PLURAL: Record<string, string> = { day: 'days', week: 'weeks', month: 'months', year: 'years' };

const NOT_SET = 'Not set';

function statusOf(table: Record<string, StatusInfo>, status: string | undefined): StatusInfo & { badgeClass: string } {
  const known = status === undefined ? undefined : table[status];
  const info = known ?? { label: status ?? 'Unknown', tone: 'neutral' as Tone };
  return { ...info, badgeClass: BADGE_CLASS[info.tone] };
}

/** "/ month", "/ 3 months"; empty for one-off amounts. */
function intervalLabel(interval: string | undefined, count: number | undefined): string {
  if (!interval) {
    return '';
  }
  if (count === undefined || count === 1) {
    return `/ ${interval}`;
  }
  return `/ ${count} ${INTERVAL_PLURAL[interval] ?? interval}`;
}

/** A pending cancellation: "Cancels on" (with the date), or "Cancels at period end" when the date is unknown. */
function cancelLabel(row: SubscriptionRow): string | undefined {
  if (row.status === 'canceled') {
    return undefined;
  }
  if (row.pendingCancellationAt) {
    return 'Cancels on';
  }
  return row.cancelAtPeriodEnd ? 'Cancels at period end' : undefined;
}

/** Links from Stripe are shown only when they are https, so a bad value cannot become a script link. */
function safeUrl(url: string | undefined): string | undefined {
  return url?.startsWith('https://') ? url : undefined;
}

/** Extra link text for screen readers: which invoice, and that it opens a new tab. */
const linkHint = (row: PaymentRow): string =>
  [row.stripeInvoiceId ?? row.name, 'opens in a new tab'].filter(Boolean).join(', ');

const hasAmount = (amount: number | undefined, currencyCode: string | undefined): boolean =>
  typeof amount === 'number' && typeof currencyCode === 'string' && currencyCode.length > 0;

/**
 * The billing history of a Contact: its Stripe customer and sync status, and its newest
 * subscriptions and payments from `StripeBillingHistoryController.getBillingHistory`.
 */
export default class StripeBillingHistory extends LightningElement {
  /** The Contact record id, set by the record page. */
  @api recordId?: string;

  history?: BillingHistory;
  errorMessage?: string;
  isRefreshing = false;

  private wiredHistory?: WiredResult;

  @wire(getBillingHistory, { contactId: '$recordId' })
  wiredBillingHistory(result: unknown): void {
    this.wiredHistory = result as WiredResult;
    const { data, error } = this.wiredHistory;
    if (data) {
      this.history = data as BillingHistory;
      this.errorMessage = undefined;
    } else if (error) {
      this.history = undefined;
      this.errorMessage = reduceErrorsToText(error);
    }
  }

  get isLoading(): boolean {
    return !this.history && !this.errorMessage;
  }

  get hasHistory(): boolean {
    return this.history !== undefined;
  }

  get customerId(): string {
    return this.history?.stripeCustomerId ?? 'Not linked to a Stripe customer';
  }

  get syncStatus(): StatusInfo & { badgeClass: string } {
    return statusOf(SYNC_STATUSES, this.history?.syncStatus);
  }

  get hasSyncStatus(): boolean {
    return Boolean(this.history?.syncStatus);
  }

  get lastSyncedAt(): string | undefined {
    return this.history?.lastSyncedAt;
  }

  get lastSyncError(): string | undefined {
    return this.history?.syncStatus === 'Failed' ? this.history.lastSyncError : undefined;
  }

  get subscriptions() {
    return (this.history?.subscriptions ?? []).map((row) => ({
      ...row,
      statusInfo: statusOf(SUBSCRIPTION_STATUSES, row.status),
      planLabel: row.planName ?? NOT_SET,
      showAmount: hasAmount(row.amount, row.currencyCode),
      interval: intervalLabel(row.billingInterval, row.billingIntervalCount),
      amountNote: row.amountBlankReason ?? NOT_SET,
      showPeriodEnd: Boolean(row.currentPeriodEnd),
      cancelLabel: cancelLabel(row),
      cancelDate: row.pendingCancellationAt,
    }));
  }

  get payments() {
    return (this.history?.payments ?? []).map((row) => ({
      ...row,
      statusInfo: statusOf(PAYMENT_STATUSES, row.status),
      showAmount: hasAmount(row.amount, row.currencyCode),
      showRefunded: hasAmount(row.amountRefunded, row.currencyCode) && (row.amountRefunded ?? 0) > 0,
      showPaidAt: Boolean(row.paidAt),
      failure:
        row.status === 'failed' || row.status === 'uncollectible' ? (row.failureMessage ?? row.failureCode) : undefined,
      invoiceUrl: safeUrl(row.hostedInvoiceUrl),
      pdfUrl: safeUrl(row.invoicePdfUrl),
      linkHint: linkHint(row),
    }));
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

  get hasMoreSubscriptions(): boolean {
    return this.history?.hasMoreSubscriptions === true;
  }

  get hasMorePayments(): boolean {
    return this.history?.hasMorePayments === true;
  }

  get refreshLabel(): string {
    return this.isRefreshing ? 'Refreshing billing history' : 'Refresh billing history';
  }

  async handleRefresh(): Promise<void> {
    if (!this.wiredHistory || this.isRefreshing) {
      return;
    }
    this.isRefreshing = true;
    try {
      await refreshApex(this.wiredHistory);
    } catch (error) {
      this.errorMessage = reduceErrorsToText(error);
    } finally {
      this.isRefreshing = false;
    }
  }
}
