import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { MessageContext, publish } from 'lightning/messageService';
import BILLING_UPDATED from '@salesforce/messageChannel/Stripe_Billing_Updated__c';
import getStripeMode from '@salesforce/apex/StripeCustomerController.getStripeMode';
import syncNow from '@salesforce/apex/StripeCustomerController.syncNow';
import hasSyncPermission from '@salesforce/customPermission/Stripe_Sync_Contacts';
import CUSTOMER_ID_FIELD from '@salesforce/schema/Contact.Stripe_Customer_Id__c';
import SYNC_STATUS_FIELD from '@salesforce/schema/Contact.Stripe_Sync_Status__c';
import LAST_SYNCED_FIELD from '@salesforce/schema/Contact.Stripe_Last_Synced_At__c';
import LAST_ERROR_FIELD from '@salesforce/schema/Contact.Stripe_Last_Sync_Error__c';
import { LABELS, formatDate, statusInfo, type StatusInfo } from 'c/stripeLabels';
import type { StripeCustomerController } from 'c/stripeApexTypes';

interface Wired {
  data?: unknown;
  error?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The *Stripe customer* card on the Contact: the Stripe customer id with a link to it in the Stripe
 * dashboard (under `/test/` when the org works in test mode: `StripeCustomerController.getStripeMode`),
 * the sync status and last sync error (Lightning Data Service), and *Sync now* for users with the
 * `Stripe_Sync_Contacts` permission.
 */
export default class StripeCustomer extends LightningElement {
  /** The Contact record id, set by the record page. */
  @api recordId?: string;

  record?: unknown;
  error?: unknown;
  syncError?: unknown;
  mode?: string;
  isSyncing = false;
  labels = LABELS;

  @wire(MessageContext)
  messageContext?: unknown;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [CUSTOMER_ID_FIELD, SYNC_STATUS_FIELD],
    optionalFields: [LAST_SYNCED_FIELD, LAST_ERROR_FIELD],
  })
  wiredContact(result: unknown): void {
    const { data, error } = result as Wired;
    if (data) {
      this.record = data;
      this.error = undefined;
    } else if (error) {
      this.record = undefined;
      this.error = error;
    }
  }

  @wire(getStripeMode)
  wiredMode(result: unknown): void {
    const { data } = result as Wired;
    this.mode = typeof data === 'string' ? data : undefined;
  }

  get isLoading(): boolean {
    return this.record === undefined && this.error === undefined;
  }

  get customerId(): string | undefined {
    return text(getFieldValue(this.record, CUSTOMER_ID_FIELD));
  }

  get isTestMode(): boolean {
    return this.mode === 'test';
  }

  /** The customer in the Stripe dashboard; test-mode data lives under /test/. */
  get dashboardUrl(): string | undefined {
    const id = this.customerId;
    if (!id || !/^cus_\w+$/.test(id)) {
      return undefined;
    }
    return `https://dashboard.stripe.com/${this.isTestMode ? 'test/' : ''}customers/${id}`;
  }

  get syncStatus(): StatusInfo | undefined {
    const status = text(getFieldValue(this.record, SYNC_STATUS_FIELD));
    return status ? statusInfo('sync', status) : undefined;
  }

  get lastSynced(): string | undefined {
    return formatDate(text(getFieldValue(this.record, LAST_SYNCED_FIELD)), true) || undefined;
  }

  get lastError(): string | undefined {
    return getFieldValue(this.record, SYNC_STATUS_FIELD) === 'Failed'
      ? text(getFieldValue(this.record, LAST_ERROR_FIELD))
      : undefined;
  }

  get canSync(): boolean {
    return hasSyncPermission === true && this.record !== undefined;
  }

  async handleSync(): Promise<void> {
    if (!this.recordId || this.isSyncing) {
      return;
    }
    const recordId = this.recordId;
    this.isSyncing = true;
    this.syncError = undefined;
    try {
      const result = (await syncNow({ contactId: recordId })) as StripeCustomerController.SyncResult;
      if (!result.queued) {
        this.syncError = { body: { message: result.message ?? LABELS.customerSyncFailed } };
        return;
      }
      this.dispatchEvent(
        new ShowToastEvent({
          title: LABELS.customerSyncQueued,
          message: LABELS.customerSyncQueuedMessage,
          variant: 'success',
        }),
      );
      await notifyRecordUpdateAvailable([{ recordId }]);
      publish(this.messageContext, BILLING_UPDATED, { contactId: recordId, recordId });
    } catch (error) {
      this.syncError = error;
    } finally {
      this.isSyncing = false;
    }
  }
}
