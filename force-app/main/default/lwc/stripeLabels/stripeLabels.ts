/**
 * One shared map from Stripe's codes to readable, translatable words (custom labels): subscription,
 * payment and sync statuses, decline and failure codes, billing intervals. Every Stripe component
 * reads its strings from here, so a status reads the same on the card, in the payments list and in
 * the cancel dialog.
 */
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { LABELS, type LabelKey } from './labels';

export { LABELS };
export type { LabelKey };

/** The badge colour of a status. */
export type Tone = 'success' | 'warning' | 'error' | 'neutral';

export interface StatusInfo {
  label: string;
  tone: Tone;
  badgeClass: string;
}

const BADGE_CLASS: Record<Tone, string> = {
  success: 'slds-theme_success',
  warning: 'slds-theme_warning',
  error: 'slds-theme_error',
  neutral: '',
};

/**
 * Replaces `{0}`, `{1}`, ... in a label with the arguments (as `String.format` in Apex and
 * `lightning/utils`' formatLabel do).
 */
export function formatLabel(label: string, ...args: Array<string | number>): string {
  return label.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

type StatusKind = 'subscription' | 'payment' | 'sync' | 'dispute' | 'webhook';

const TONES: Record<StatusKind, Record<string, Tone>> = {
  subscription: {
    active: 'success',
    trialing: 'success',
    past_due: 'warning',
    unpaid: 'error',
    incomplete: 'warning',
    incomplete_expired: 'neutral',
    paused: 'neutral',
    canceled: 'neutral',
    link_sent: 'warning',
    link_expired: 'neutral',
  },
  payment: {
    paid: 'success',
    open: 'warning',
    draft: 'neutral',
    failed: 'error',
    void: 'neutral',
    uncollectible: 'error',
    refunded: 'neutral',
    partially_refunded: 'warning',
    action_required: 'warning',
    disputed: 'error',
    dispute_won: 'success',
    dispute_lost: 'error',
  },
  sync: { Synced: 'success', Pending: 'warning', Failed: 'error', Disabled: 'neutral' },
  dispute: {
    warning_needs_response: 'warning',
    warning_under_review: 'warning',
    warning_closed: 'neutral',
    needs_response: 'error',
    under_review: 'warning',
    won: 'success',
    lost: 'error',
    prevented: 'success',
  },
  webhook: { received: 'neutral', processed: 'success', ignored: 'neutral', failed: 'error', retrying: 'warning' },
};

const PREFIX: Record<StatusKind, string> = {
  subscription: 'subscriptionStatus',
  payment: 'paymentStatus',
  sync: 'syncStatus',
  dispute: 'disputeStatus',
  webhook: 'webhookStatus',
};

/** The label key for a Stripe code: `past_due` under `subscriptionStatus` is `subscriptionStatuspastdue`. */
function keyOf(prefix: string, code: string): LabelKey | undefined {
  const key = `${prefix}${code.replace(/_/g, '')}`;
  return key in LABELS ? (key as LabelKey) : undefined;
}

/**
 * A status as words with its badge colour. An unknown code (a status Stripe adds later) is shown as
 * "Unknown status (code)" rather than hidden.
 * @param kind which picklist the code comes from
 * @param code the stored value (`past_due`, `Synced`, ...)
 */
export function statusInfo(kind: StatusKind, code: string | null | undefined): StatusInfo {
  const key = code ? keyOf(PREFIX[kind], code) : undefined;
  const tone: Tone = (code ? TONES[kind][code] : undefined) ?? 'neutral';
  const label = key ? LABELS[key] : code ? `${LABELS.statusUnknown} (${code})` : LABELS.statusUnknown;
  return { label, tone, badgeClass: BADGE_CLASS[tone] };
}

/** The status values of a kind, in display order (for filters). */
export function statusCodes(kind: StatusKind): string[] {
  return Object.keys(TONES[kind]);
}

/**
 * Why a payment failed, in words: the decline code first (it is the more precise), then the
 * failure code; Stripe's own message when neither is known; undefined when there is nothing.
 * Codes: https://docs.stripe.com/declines/codes and https://docs.stripe.com/error-codes.
 */
export function declineReason(
  declineCode: string | null | undefined,
  failureCode: string | null | undefined,
  failureMessage?: string | null,
): string | undefined {
  for (const code of [declineCode, failureCode]) {
    const key = code ? keyOf('decline', code) : undefined;
    if (key) {
      return LABELS[key];
    }
  }
  if (failureMessage) {
    return failureMessage;
  }
  const code = declineCode ?? failureCode;
  return code ? formatLabel(LABELS.declineOther, code) : undefined;
}

/** "/ month", "/ 3 months"; empty for one-off amounts. */
export function intervalLabel(interval: string | null | undefined, count: number | null | undefined): string {
  if (!interval) {
    return '';
  }
  const plural = count !== undefined && count !== null && count !== 1;
  const key = keyOf('interval', plural ? `${interval}s` : interval);
  const unit = key ? LABELS[key] : interval;
  return plural ? formatLabel(LABELS.intervalEvery, count, unit) : formatLabel(LABELS.intervalPer, unit);
}

/** The user's locale (Salesforce's, not the browser's), as BCP 47 for Intl. */
export function userLocale(): string {
  return (LOCALE || 'en-US').replace('_', '-');
}

/** An amount in the user's locale, with its currency ("€49.00", "49,00 €"). */
export function formatMoney(amount: number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat(userLocale(), { style: 'currency', currency: currencyCode.toUpperCase() }).format(
      amount,
    );
  } catch {
    return `${amount} ${currencyCode.toUpperCase()}`;
  }
}

/** A date (and optionally time) in the user's locale and time zone. */
export function formatDate(value: string | null | undefined, withTime = false): string {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
  if (withTime) {
    options.hour = '2-digit';
    options.minute = '2-digit';
  }
  try {
    return new Intl.DateTimeFormat(userLocale(), { ...options, timeZone: TIME_ZONE || undefined }).format(date);
  } catch {
    return new Intl.DateTimeFormat(userLocale(), options).format(date);
  }
}

/** Payment statuses of a paid invoice (refunded or disputed since, too). */
const PAID_INVOICE = new Set(['paid', 'refunded', 'partially_refunded', 'disputed', 'dispute_won', 'dispute_lost']);

/**
 * Whether a payment's invoice was paid: Stripe's hosted invoice page is then the customer's receipt
 * (https://docs.stripe.com/invoicing/hosted-invoice-page), so the cards call its link *Receipt*.
 */
export function invoicePaid(status: string | null | undefined): boolean {
  return PAID_INVOICE.has(status ?? '');
}

/** The record page of a record (Lightning Experience URL). */
export function recordUrl(recordId: string): string {
  return `/lightning/r/${recordId}/view`;
}

/** A related list of a record, e.g. the Contact's `Stripe_Payments__r`. */
export function relatedListUrl(objectApiName: string, recordId: string, relationship: string): string {
  return `/lightning/r/${objectApiName}/${recordId}/related/${relationship}/view`;
}

/** The calendar date (`YYYY-MM-DD`) of an instant in the user's time zone. */
export function dayInUserZone(instant: Date = new Date()): string {
  try {
    // en-CA formats dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      timeZone: TIME_ZONE || undefined,
    }).format(instant);
  } catch {
    return instant.toISOString().slice(0, 10);
  }
}

/**
 * The calendar date (`YYYY-MM-DD`) after the day of `instant` in the user's time zone: the first day a
 * cancellation by date or a pause's resume date may fall on.
 */
export function tomorrowInUserZone(instant: Date = new Date()): string {
  const date = new Date(`${dayInUserZone(instant)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The instant a calendar day (`YYYY-MM-DD`, as `lightning-input type="date"` gives it) starts in the
 * user's time zone, as an ISO 8601 string for Apex `Datetime`; undefined for anything else.
 */
export function startOfDayInUserZone(day: string | null | undefined): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    return undefined;
  }
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(utcMidnight)) {
    return undefined;
  }
  // The zone's offset at that moment: the wall-clock time it shows for UTC midnight, minus UTC midnight.
  let offset = 0;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: TIME_ZONE || 'UTC',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(utcMidnight));
    const part = (type: string): number => Number(parts.find((item) => item.type === type)?.value);
    offset =
      Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) -
      utcMidnight;
  } catch {
    offset = 0;
  }
  return new Date(utcMidnight - offset).toISOString();
}

/**
 * A price as a choice: "Pro · €49.00 / month" in the user's locale. The price record's name already
 * spells the amount ("Pro – 49.00 EUR / month", as the catalog sync names it): only its product part is
 * kept, so the amount is not shown twice in two formats.
 */
export function priceChoiceLabel(price: {
  label?: string;
  amount?: number;
  currencyCode?: string;
  interval?: string;
  intervalCount?: number;
}): string {
  const name = price.label ?? '';
  if (price.amount === undefined || price.amount === null || !price.currencyCode) {
    return name;
  }
  const product = name.split(' – ')[0].trim() || name;
  const amount = `${formatMoney(price.amount, price.currencyCode)} ${intervalLabel(price.interval, price.intervalCount)}`;
  return `${product} · ${amount.trim()}`;
}
