import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import cancelSubscription from '@salesforce/apex/StripeSubscriptionController.cancelSubscription';
import hasCancelPermission from '@salesforce/customPermission/Stripe_Cancel_Subscription';
import NAME_FIELD from '@salesforce/schema/Stripe_Subscription__c.Name';
import STATUS_FIELD from '@salesforce/schema/Stripe_Subscription__c.Status__c';
import STRIPE_ID_FIELD from '@salesforce/schema/Stripe_Subscription__c.Stripe_Subscription_Id__c';
import CANCEL_AT_PERIOD_END_FIELD from '@salesforce/schema/Stripe_Subscription__c.Cancel_At_Period_End__c';
import PERIOD_END_FIELD from '@salesforce/schema/Stripe_Subscription__c.Current_Period_End__c';
import CANCEL_AT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Cancel_At__c';
import { reduceErrorsToText } from 'c/stripeErrors';

interface WiredRecord {
  data?: unknown;
  error?: unknown;
}

/** `StripeSubscriptionController.CancelResult`. */
interface CancelResult {
  status?: string | null;
  cancelAtPeriodEnd?: boolean | null;
  canceledAt?: string | null;
  currentPeriodEnd?: string | null;
  cancelAt?: string | null;
}

function textValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const AT_PERIOD_END = 'period_end';
const IMMEDIATELY = 'now';

/**
 * Cancels a Stripe subscription (screen quick action on `Stripe_Subscription__c`) at the end of the
 * period or immediately, through `StripeSubscriptionController.cancelSubscription`. Needs the
 * `Stripe_Cancel_Subscription` custom permission. Stripe's webhook then updates the record.
 */
export default class StripeCancelSubscription extends LightningElement {
  /** The Stripe_Subscription__c record id, set by the quick action. */
  @api recordId?: string;

  record?: unknown;
  loadError?: string;
  cancelError?: string;
  when = AT_PERIOD_END;
  isCanceling = false;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [NAME_FIELD, STATUS_FIELD],
    optionalFields: [STRIPE_ID_FIELD, CANCEL_AT_PERIOD_END_FIELD, PERIOD_END_FIELD, CANCEL_AT_FIELD],
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
      this.loadError = reduceErrorsToText(error);
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
    return typeof value === 'string' ? value : 'This subscription';
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
    return this.isCanceled
      ? 'This subscription is already canceled.'
      : 'There is no Stripe subscription yet: the payment link has not been paid.';
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
    const immediately = { label: 'Immediately', value: IMMEDIATELY };
    if (this.endsByPeriodEnd) {
      return [immediately];
    }
    return [{ label: 'At the end of the current period (no further charge)', value: AT_PERIOD_END }, immediately];
  }

  get cancelDisabled(): boolean {
    return !this.cancelable || this.isCanceling;
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
      result = (await cancelSubscription({
        subscriptionRecordId: recordId,
        atPeriodEnd: this.when === AT_PERIOD_END,
      })) as CancelResult;
    } catch (error) {
      this.cancelError = reduceErrorsToText(error);
      this.dispatchEvent(
        new ShowToastEvent({
          title: 'Cancellation failed',
          message: this.cancelError,
          variant: 'error',
          mode: 'sticky',
        }),
      );
      return;
    } finally {
      this.isCanceling = false;
    }
    const message = result.cancelAtPeriodEnd
      ? `${this.name} ends at the end of the current period.`
      : `${this.name} is canceled in Stripe.`;
    this.dispatchEvent(new ShowToastEvent({ title: 'Subscription canceled', message, variant: 'success' }));
    // The webhook updates the record within seconds: let the views reload it.
    await notifyRecordUpdateAvailable([{ recordId }]);
    this.dispatchEvent(new CloseActionScreenEvent());
  }

  handleClose(): void {
    this.dispatchEvent(new CloseActionScreenEvent());
  }
}
