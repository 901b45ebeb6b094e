import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { MessageContext } from 'lightning/messageService';
import { announceBillingUpdate } from 'c/stripeBillingUpdates';
import getStripeMode from '@salesforce/apex/StripeCustomerController.getStripeMode';
import syncNow from '@salesforce/apex/StripeCustomerController.syncNow';
import hasSyncPermission from '@salesforce/customPermission/Stripe_Sync_Contacts';
import hasPortalPermission from '@salesforce/customPermission/Stripe_Send_Customer_Portal';
import createPortalSession from '@salesforce/apex/StripePortalController.createPortalSession';
import emailPortalLink from '@salesforce/apex/StripePortalController.emailPortalLink';
import CUSTOMER_ID_FIELD from '@salesforce/schema/Contact.Stripe_Customer_Id__c';
import SYNC_STATUS_FIELD from '@salesforce/schema/Contact.Stripe_Sync_Status__c';
import LAST_SYNCED_FIELD from '@salesforce/schema/Contact.Stripe_Last_Synced_At__c';
import LAST_ERROR_FIELD from '@salesforce/schema/Contact.Stripe_Last_Sync_Error__c';
import { LABELS, formatDate, formatLabel, statusInfo, type StatusInfo } from 'c/stripeLabels';
import type { StripeBillingEmail, StripeCustomerController, StripePortalService } from 'c/stripeApexTypes';

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
 * the sync status and last sync error (Lightning Data Service), *Sync now* for users with the
 * `Stripe_Sync_Contacts` permission, and the customer portal (`Stripe_Send_Customer_Portal`): *Email portal
 * link* (`StripePortalController.emailPortalLink`) or *Copy portal link* (`createPortalSession`; the
 * short-lived URL is shown, never stored). A button is disabled while its call runs, which takes focus
 * from it: focus goes back to it afterwards.
 */
export default class StripeCustomer extends LightningElement {
  /** The Contact record id, set by the record page. */
  @api recordId?: string;

  record?: unknown;
  error?: unknown;
  syncError?: unknown;
  mode?: string;
  isSyncing = false;
  portalError?: unknown;
  portalErrorHeading: string = LABELS.customerPortalFailed;
  portalUrl?: string;
  isPortalBusy = false;
  labels = LABELS;

  /** The `data-id` of the button that gets focus back after the next render. */
  private focusAfterRender?: string;

  @wire(MessageContext)
  messageContext?: unknown;

  override renderedCallback(): void {
    if (this.focusAfterRender) {
      const selector = `[data-id="${this.focusAfterRender}"]`;
      this.focusAfterRender = undefined;
      this.template?.querySelector<HTMLElement>(selector)?.focus();
    }
  }

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

  get canSendPortal(): boolean {
    return hasPortalPermission === true && this.customerId !== undefined;
  }

  async handleEmailPortal(): Promise<void> {
    if (!this.recordId || this.isPortalBusy) {
      return;
    }
    this.isPortalBusy = true;
    this.portalError = undefined;
    try {
      const sent = (await emailPortalLink({ contactId: this.recordId })) as StripeBillingEmail.EmailResult;
      this.dispatchEvent(
        new ShowToastEvent({
          title: LABELS.customerPortalSent,
          message: formatLabel(LABELS.customerPortalSentMessage, sent.sentTo ?? ''),
          variant: 'success',
        }),
      );
    } catch (error) {
      this.portalErrorHeading = LABELS.customerPortalEmailFailed;
      this.portalError = error;
    } finally {
      this.isPortalBusy = false;
      this.focusAfterRender = 'email-portal';
    }
  }

  async handleCopyPortal(): Promise<void> {
    if (!this.recordId || this.isPortalBusy) {
      return;
    }
    this.isPortalBusy = true;
    this.portalError = undefined;
    this.portalUrl = undefined;
    let url: string | undefined;
    try {
      const link = (await createPortalSession({ contactId: this.recordId })) as StripePortalService.PortalLink;
      url = link.url?.startsWith('https://') ? link.url : undefined;
    } catch (error) {
      this.portalErrorHeading = LABELS.customerPortalFailed;
      this.portalError = error;
      return;
    } finally {
      this.isPortalBusy = false;
      this.focusAfterRender = 'copy-portal';
    }
    if (!url) {
      return;
    }
    this.portalUrl = url;
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      copied = false;
    }
    this.dispatchEvent(
      copied
        ? new ShowToastEvent({
            title: LABELS.customerPortalCopied,
            message: LABELS.customerPortalCopiedMessage,
            variant: 'success',
          })
        : new ShowToastEvent({
            title: LABELS.customerPortalCopyYourself,
            message: LABELS.checkoutCopyYourselfMessage,
            variant: 'warning',
          }),
    );
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
      await announceBillingUpdate(this.messageContext, { contactId: recordId, recordId });
    } catch (error) {
      this.syncError = error;
    } finally {
      this.isSyncing = false;
      this.focusAfterRender = 'sync';
    }
  }
}
