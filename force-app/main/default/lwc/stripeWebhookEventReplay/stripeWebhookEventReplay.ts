import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import replay from '@salesforce/apex/StripeWebhookReplayController.replay';
import hasReplayPermission from '@salesforce/customPermission/Stripe_Replay_Webhook_Event';
import NAME_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Name';
import STATUS_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Status__c';
import EVENT_ID_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Event_Id__c';
import TYPE_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Type__c';
import STATUS_REASON_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Status_Reason__c';
import ATTEMPTS_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Attempts__c';
import NEXT_ATTEMPT_AT_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Next_Attempt_At__c';
import LAST_ERROR_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Last_Error__c';
import PROCESSED_AT_FIELD from '@salesforce/schema/Stripe_Webhook_Event__c.Processed_At__c';
import { reduceErrorsToText } from 'c/stripeErrors';

interface WiredRecord {
  data?: unknown;
  error?: unknown;
}

type Tone = 'success' | 'warning' | 'error' | 'neutral';

/** `Stripe_Webhook_Event__c.Status__c` values and what they mean to an admin. */
const STATUSES: Record<string, { label: string; tone: Tone }> = {
  received: { label: 'Received, not processed yet', tone: 'warning' },
  processed: { label: 'Processed', tone: 'success' },
  ignored: { label: 'Ignored', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'error' },
  retrying: { label: 'Retrying', tone: 'warning' },
};

const BADGE_CLASS: Record<Tone, string> = {
  success: 'slds-theme_success',
  warning: 'slds-theme_warning',
  error: 'slds-theme_error',
  neutral: '',
};

function textValue(record: unknown, field: unknown): string | undefined {
  const value = getFieldValue(record, field);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Shows a `Stripe_Webhook_Event__c`'s processing state (status, attempts, last error) and, for
 * users with the `Stripe_Replay_Webhook_Event` custom permission, replays it through
 * `StripeWebhookReplayController.replay`. Works as a screen quick action and on a record page.
 */
export default class StripeWebhookEventReplay extends LightningElement {
  /** The Stripe_Webhook_Event__c record id, set by the quick action or record page. */
  @api recordId?: string;

  /** Set on record pages (App Builder property): there is no action window to close there. */
  @api hideClose = false;

  record?: unknown;
  loadError?: string;
  replayError?: string;
  isReplaying = false;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [NAME_FIELD, STATUS_FIELD],
    optionalFields: [
      EVENT_ID_FIELD,
      TYPE_FIELD,
      STATUS_REASON_FIELD,
      ATTEMPTS_FIELD,
      NEXT_ATTEMPT_AT_FIELD,
      LAST_ERROR_FIELD,
      PROCESSED_AT_FIELD,
    ],
  })
  wiredEvent(result: unknown): void {
    const { data, error } = result as WiredRecord;
    if (data) {
      this.record = data;
      this.loadError = undefined;
    } else if (error) {
      this.record = undefined;
      this.loadError = reduceErrorsToText(error);
    }
  }

  /** The custom permission, checked on the client to hide the button; the Apex method checks it again. */
  get canReplay(): boolean {
    return hasReplayPermission === true;
  }

  get isLoading(): boolean {
    return this.record === undefined && this.loadError === undefined;
  }

  get hasRecord(): boolean {
    return this.record !== undefined;
  }

  get replayDisabled(): boolean {
    return !this.hasRecord || this.isReplaying;
  }

  get name(): string | undefined {
    return textValue(this.record, NAME_FIELD);
  }

  get eventId(): string {
    return textValue(this.record, EVENT_ID_FIELD) ?? 'Not set';
  }

  get eventType(): string {
    return textValue(this.record, TYPE_FIELD) ?? 'Not set';
  }

  get status(): string | undefined {
    return textValue(this.record, STATUS_FIELD);
  }

  get statusLabel(): string {
    const status = this.status;
    return status === undefined ? 'Unknown' : (STATUSES[status]?.label ?? status);
  }

  get statusBadgeClass(): string {
    const status = this.status;
    return BADGE_CLASS[(status === undefined ? undefined : STATUSES[status]?.tone) ?? 'neutral'];
  }

  get statusReason(): string | undefined {
    return textValue(this.record, STATUS_REASON_FIELD);
  }

  get attempts(): number {
    const value = getFieldValue(this.record, ATTEMPTS_FIELD);
    return typeof value === 'number' ? value : 0;
  }

  get nextAttemptAt(): string | undefined {
    return textValue(this.record, NEXT_ATTEMPT_AT_FIELD);
  }

  get processedAt(): string | undefined {
    return textValue(this.record, PROCESSED_AT_FIELD);
  }

  get lastError(): string | undefined {
    return textValue(this.record, LAST_ERROR_FIELD);
  }

  get isProcessed(): boolean {
    return this.status === 'processed';
  }

  get closeLabel(): string {
    return this.canReplay ? 'Cancel' : 'Close';
  }

  async handleReplay(): Promise<void> {
    if (!this.recordId || this.replayDisabled) {
      return;
    }
    const recordId = this.recordId;
    const label = this.name ?? 'The event';
    this.isReplaying = true;
    this.replayError = undefined;
    try {
      await replay({ eventRecordId: recordId });
    } catch (error) {
      this.replayError = reduceErrorsToText(error);
      this.dispatchEvent(
        new ShowToastEvent({ title: 'Replay failed', message: this.replayError, variant: 'error', mode: 'sticky' }),
      );
      return;
    } finally {
      this.isReplaying = false;
    }
    this.dispatchEvent(
      new ShowToastEvent({
        title: 'Event replayed',
        message: `${label} was submitted for processing again.`,
        variant: 'success',
      }),
    );
    // The status, attempts and last error change: let every view of the record reload it.
    await notifyRecordUpdateAvailable([{ recordId }]);
    this.dispatchEvent(new CloseActionScreenEvent());
  }

  get showClose(): boolean {
    return !this.hideClose;
  }

  handleClose(): void {
    this.dispatchEvent(new CloseActionScreenEvent());
  }
}
