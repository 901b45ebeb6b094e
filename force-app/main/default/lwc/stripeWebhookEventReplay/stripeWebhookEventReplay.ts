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
import { LABELS, formatLabel, statusInfo } from 'c/stripeLabels';

interface WiredRecord {
  data?: unknown;
  error?: unknown;
}

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
  /** The load error as LDS delivered it, for the shared error panel. */
  loadError?: unknown;
  /** The replay error as Apex delivered it, shown once in the error panel (no toast on top). */
  replayError?: unknown;
  isReplaying = false;

  readonly labels = LABELS;

  /** After a replay, Replay (disabled while it ran, which took its focus) gets focus back. */
  private refocusReplay = false;

  override renderedCallback(): void {
    if (this.refocusReplay && !this.isReplaying) {
      this.refocusReplay = false;
      this.template?.querySelector<HTMLElement>('[data-id="replay"]')?.focus();
    }
  }

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
      this.loadError = error;
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
    return textValue(this.record, EVENT_ID_FIELD) ?? LABELS.replayNotSet;
  }

  get eventType(): string {
    return textValue(this.record, TYPE_FIELD) ?? LABELS.replayNotSet;
  }

  get status(): string | undefined {
    return textValue(this.record, STATUS_FIELD);
  }

  get statusLabel(): string {
    return statusInfo('webhook', this.status).label;
  }

  get statusBadgeClass(): string {
    return statusInfo('webhook', this.status).badgeClass;
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
    return this.canReplay ? LABELS.replayCancel : LABELS.replayClose;
  }

  async handleReplay(): Promise<void> {
    if (!this.recordId || this.replayDisabled) {
      return;
    }
    const recordId = this.recordId;
    const label = this.name ?? LABELS.replayTheEvent;
    this.isReplaying = true;
    this.replayError = undefined;
    try {
      await replay({ eventRecordId: recordId });
    } catch (error) {
      this.replayError = error;
      return;
    } finally {
      this.isReplaying = false;
      this.refocusReplay = true;
    }
    this.dispatchEvent(
      new ShowToastEvent({
        title: LABELS.replayDone,
        message: formatLabel(LABELS.replayDoneMessage, label),
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
