import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import cancelSubscription from '@salesforce/apex/StripeSubscriptionController.cancelSubscription';
import cancelSubscriptionOn from '@salesforce/apex/StripeSubscriptionController.cancelSubscriptionOn';
import hasCancelPermission from '@salesforce/customPermission/Stripe_Cancel_Subscription';
import NAME_FIELD from '@salesforce/schema/Stripe_Subscription__c.Name';
import STATUS_FIELD from '@salesforce/schema/Stripe_Subscription__c.Status__c';
import STRIPE_ID_FIELD from '@salesforce/schema/Stripe_Subscription__c.Stripe_Subscription_Id__c';
import CANCEL_AT_PERIOD_END_FIELD from '@salesforce/schema/Stripe_Subscription__c.Cancel_At_Period_End__c';
import PERIOD_END_FIELD from '@salesforce/schema/Stripe_Subscription__c.Current_Period_End__c';
import CANCEL_AT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Cancel_At__c';
import AMOUNT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Amount__c';
import CURRENCY_FIELD from '@salesforce/schema/Stripe_Subscription__c.Currency__c';
import INTERVAL_FIELD from '@salesforce/schema/Stripe_Subscription__c.Billing_Interval__c';
import INTERVAL_COUNT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Billing_Interval_Count__c';
import PRICE_NAME_FIELD from '@salesforce/schema/Stripe_Subscription__c.Stripe_Price__r.Name';
import CONTACT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Contact__c';
import { MessageContext } from 'lightning/messageService';
import { closeSubscriptionForm, finishSubscriptionForm, focusLastFooterButton } from 'c/stripeBillingUpdates';
import type { StripeSubscriptionController } from 'c/stripeApexTypes';
import {
  LABELS,
  formatDate,
  formatLabel,
  formatMoney,
  intervalLabel,
  startOfDayInUserZone,
  statusInfo,
  tomorrowInUserZone,
} from 'c/stripeLabels';

interface WiredRecord {
  data?: unknown;
  error?: unknown;
}

/** Generated from the Apex classes (`npm run types:apex`). */
type CancelResult = StripeSubscriptionController.CancelResult;

function textValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const AT_PERIOD_END = 'period_end';
const IMMEDIATELY = 'now';
const ON_DATE = 'date';

/**
 * Cancels a Stripe subscription (screen quick action on `Stripe_Subscription__c`, and the dialog of the
 * billing card's row menu) at the end of the period, immediately
 * (`StripeSubscriptionController.cancelSubscription`) or on a date (`cancelSubscriptionOn`). Needs the
 * `Stripe_Cancel_Subscription` custom permission. Stripe's webhook then updates the record.
 *
 * As a quick action it closes with `CloseActionScreenEvent`; `embedded` (inside another component's
 * dialog) it fires `close` instead, and `done` after a cancellation.
 */
export default class StripeCancelSubscription extends LightningElement {
  /** The Stripe_Subscription__c record id, set by the quick action. */
  @api recordId?: string;

  /** True inside another component's dialog: `close` and `done` events instead of closing the action. */
  @api embedded = false;

  cancelDate?: string;

  record?: unknown;
  loadError?: unknown;
  cancelError?: unknown;
  when = AT_PERIOD_END;
  isCanceling = false;
  labels = LABELS;

  @wire(MessageContext)
  messageContext?: unknown;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [NAME_FIELD, STATUS_FIELD],
    optionalFields: [
      STRIPE_ID_FIELD,
      CANCEL_AT_PERIOD_END_FIELD,
      PERIOD_END_FIELD,
      CANCEL_AT_FIELD,
      AMOUNT_FIELD,
      CURRENCY_FIELD,
      INTERVAL_FIELD,
      INTERVAL_COUNT_FIELD,
      PRICE_NAME_FIELD,
      CONTACT_FIELD,
    ],
  })
  wiredSubscription(result: unknown): void {
    const { data, error } = result as WiredRecord;
    if (data) {
      this.record = data;
      this.loadError = undefined;
      // "At the period end" is not offered when it would change nothing.
      this.when = this.endsByPeriodEnd ? IMMEDIATELY : this.when;
    } else if (error) {
      this.record = undefined;
      this.loadError = error;
    }
  }

  get canCancel(): boolean {
    return hasCancelPermission === true;
  }

  get isLoading(): boolean {
    return this.record === undefined && this.loadError === undefined;
  }

  get name(): string {
    const value = getFieldValue(this.record, NAME_FIELD);
    return typeof value === 'string' ? value : LABELS.cancelSubscription;
  }

  /** The plan (the price's name), else the record name. */
  get plan(): string {
    return textValue(getFieldValue(this.record, PRICE_NAME_FIELD)) ?? this.name;
  }

  get amountText(): string | undefined {
    const amount = getFieldValue(this.record, AMOUNT_FIELD);
    const currency = textValue(getFieldValue(this.record, CURRENCY_FIELD));
    if (typeof amount !== 'number' || !currency) {
      return undefined;
    }
    const interval = textValue(getFieldValue(this.record, INTERVAL_FIELD));
    const count = getFieldValue(this.record, INTERVAL_COUNT_FIELD);
    return `${formatMoney(amount, currency)} ${intervalLabel(interval, typeof count === 'number' ? count : 1)}`.trim();
  }

  get statusLabel(): string {
    return statusInfo('subscription', textValue(getFieldValue(this.record, STATUS_FIELD))).label;
  }

  get statusBadgeClass(): string {
    return statusInfo('subscription', textValue(getFieldValue(this.record, STATUS_FIELD))).badgeClass;
  }

  get hasStripeSubscription(): boolean {
    const value = getFieldValue(this.record, STRIPE_ID_FIELD);
    return typeof value === 'string' && value.length > 0;
  }

  get isCanceled(): boolean {
    return getFieldValue(this.record, STATUS_FIELD) === 'canceled';
  }

  get cancelable(): boolean {
    return this.record !== undefined && this.hasStripeSubscription && !this.isCanceled;
  }

  get notCancelableReason(): string | undefined {
    if (this.record === undefined || this.cancelable) {
      return undefined;
    }
    return this.isCanceled ? LABELS.cancelAlreadyCanceled : LABELS.cancelNoStripeSubscription;
  }

  get showForm(): boolean {
    return this.canCancel && this.cancelable;
  }

  get periodEnd(): string | undefined {
    return textValue(getFieldValue(this.record, PERIOD_END_FIELD));
  }

  /**
   * When a scheduled cancellation takes effect: Stripe's `cancel_at` (set by date, or to the period end),
   * else the period end when the subscription cancels at the period end.
   */
  get pendingCancellationAt(): string | undefined {
    const cancelAt = textValue(getFieldValue(this.record, CANCEL_AT_FIELD));
    if (cancelAt) {
      return cancelAt;
    }
    return getFieldValue(this.record, CANCEL_AT_PERIOD_END_FIELD) === true ? this.periodEnd : undefined;
  }

  get hasPendingCancellation(): boolean {
    return this.pendingCancellationAt !== undefined || getFieldValue(this.record, CANCEL_AT_PERIOD_END_FIELD) === true;
  }

  /** "Already scheduled to cancel on Dec 1, 2026. You can cancel it now instead." */
  get pendingText(): string | undefined {
    if (!this.hasPendingCancellation) {
      return undefined;
    }
    const date = formatDate(this.pendingCancellationAt);
    return date ? formatLabel(LABELS.cancelAlreadyScheduled, date) : LABELS.cancelAlreadyScheduledPeriodEnd;
  }

  get periodEndText(): string | undefined {
    const date = formatDate(this.periodEnd);
    return date && !this.hasPendingCancellation ? formatLabel(LABELS.cancelPeriodEnds, date) : undefined;
  }

  /** Only "now" is left when the subscription already ends by the period end: no choice to make. */
  get hasChoice(): boolean {
    return this.options.length > 1;
  }

  /** True when the subscription already ends no later than the current period end. */
  get endsByPeriodEnd(): boolean {
    if (getFieldValue(this.record, CANCEL_AT_PERIOD_END_FIELD) === true) {
      return true;
    }
    const cancelAt = textValue(getFieldValue(this.record, CANCEL_AT_FIELD));
    if (!cancelAt) {
      return false;
    }
    const periodEnd = this.periodEnd;
    return !periodEnd || Date.parse(cancelAt) <= Date.parse(periodEnd);
  }

  get options(): { label: string; value: string }[] {
    const immediately = { label: LABELS.cancelImmediately, value: IMMEDIATELY };
    if (this.endsByPeriodEnd) {
      return [immediately];
    }
    const date = formatDate(this.periodEnd);
    const atPeriodEnd = date ? formatLabel(LABELS.cancelAtPeriodEnd, date) : LABELS.cancelAtPeriodEndNoDate;
    return [{ label: atPeriodEnd, value: AT_PERIOD_END }, immediately, { label: LABELS.cancelOnDate, value: ON_DATE }];
  }

  get isOnDate(): boolean {
    return this.when === ON_DATE;
  }

  /** The first day a cancellation by date may fall on: tomorrow, in the user's time zone. */
  get minDate(): string {
    return tomorrowInUserZone();
  }

  get confirmLabel(): string {
    return this.when === IMMEDIATELY ? LABELS.cancelConfirmNow : LABELS.cancelConfirm;
  }

  get cancelDisabled(): boolean {
    const dateMissing = this.isOnDate && !(this.cancelDate && this.cancelDate >= this.minDate);
    return (
      !this.cancelable || this.isCanceling || dateMissing || !this.options.some((option) => option.value === this.when)
    );
  }

  handleDateChange(event: CustomEvent<{ value: string }>): void {
    this.cancelDate = event.detail.value;
  }

  handleWhenChange(event: CustomEvent<{ value: string }>): void {
    this.when = event.detail.value;
  }

  async handleCancel(): Promise<void> {
    if (!this.recordId || this.cancelDisabled) {
      return;
    }
    const recordId = this.recordId;
    this.isCanceling = true;
    this.cancelError = undefined;
    let result: CancelResult;
    try {
      const cancelAt = this.isOnDate ? startOfDayInUserZone(this.cancelDate) : undefined;
      result = (
        cancelAt
          ? await cancelSubscriptionOn({ subscriptionRecordId: recordId, cancelAt })
          : await cancelSubscription({ subscriptionRecordId: recordId, atPeriodEnd: this.when === AT_PERIOD_END })
      ) as CancelResult;
    } catch (error) {
      // Shown once, in the dialog's error panel.
      this.cancelError = error;
      return;
    } finally {
      this.isCanceling = false;
    }
    const endDate = formatDate(result.cancelAt ?? result.currentPeriodEnd ?? this.periodEnd);
    let message = formatLabel(LABELS.cancelDoneNow, this.plan);
    if (result.cancelAtPeriodEnd || (result.cancelAt && result.status !== 'canceled')) {
      message = endDate
        ? formatLabel(LABELS.cancelDoneAtPeriodEnd, this.plan, endDate)
        : formatLabel(LABELS.cancelDoneAtPeriodEndNoDate, this.plan);
    }
    // The webhook updates the record within seconds: the page is told to reload it.
    await finishSubscriptionForm(this, {
      embedded: this.embedded,
      messageContext: this.messageContext,
      title: LABELS.cancelDone,
      message,
      recordId,
      contactId: textValue(getFieldValue(this.record, CONTACT_FIELD)),
      status: result.status,
    });
  }

  handleClose(): void {
    closeSubscriptionForm(this, this.embedded);
  }

  /**
   * Focuses the form's last enabled button (for the focus trap of the dialog it is `embedded` in:
   * Shift+Tab from the dialog's first control wraps to it). False when the form shows no button.
   */
  @api
  focusLastControl(): boolean {
    return focusLastFooterButton(this.template);
  }
}
