import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import { publish } from 'lightning/messageService';
import BILLING_UPDATED from '@salesforce/messageChannel/Stripe_Billing_Updated__c';

/** What changed: the Stripe record, and the Contact whose billing it belongs to. */
export interface BillingUpdate {
  /** The record that changed (a Stripe_Subscription__c, or the Contact itself). */
  recordId: string;
  /** The Contact of the page, so the components of another Contact's page ignore the message. */
  contactId?: string;
}

/** How a subscription form (cancel, change) ends after a successful call. */
export interface FormOutcome extends BillingUpdate {
  /** True inside another component's dialog: a `done` event instead of closing the quick action. */
  embedded: boolean;
  /** The component's `@wire(MessageContext)`. */
  messageContext: unknown;
  /** The success toast. */
  title: string;
  message: string;
  /** The subscription's status after the call, in the `done` event's detail. */
  status?: string;
}

/**
 * Tells the page that Stripe billing data changed: Lightning Data Service reloads the record
 * (`notifyRecordUpdateAvailable`: https://developer.salesforce.com/docs/platform/lwc/guide/reference-notify-record-update.html)
 * and the other Stripe components on the page reload on the `Stripe_Billing_Updated__c` message
 * (Lightning Message Service). The webhook brings Stripe's answer within seconds; each reload shows it.
 */
export async function announceBillingUpdate(messageContext: unknown, update: BillingUpdate): Promise<void> {
  await notifyRecordUpdateAvailable([{ recordId: update.recordId }]);
  publish(messageContext, BILLING_UPDATED, { contactId: update.contactId, recordId: update.recordId });
}

/**
 * Closes a subscription form without a change: a `close` event when it is `embedded` in another
 * component's dialog, else `CloseActionScreenEvent` (it is a screen quick action).
 */
export function closeSubscriptionForm(host: EventTarget, embedded: boolean): void {
  host.dispatchEvent(embedded ? new CustomEvent('close') : new CloseActionScreenEvent());
}

/**
 * Ends a subscription form after a successful call: the success toast, the page told
 * (`announceBillingUpdate`), then a `done` event (detail: `recordId`, `status`) when `embedded`, else the
 * quick action closed.
 */
export async function finishSubscriptionForm(host: EventTarget, outcome: FormOutcome): Promise<void> {
  host.dispatchEvent(new ShowToastEvent({ title: outcome.title, message: outcome.message, variant: 'success' }));
  await announceBillingUpdate(outcome.messageContext, outcome);
  if (outcome.embedded) {
    host.dispatchEvent(new CustomEvent('done', { detail: { recordId: outcome.recordId, status: outcome.status } }));
  } else {
    host.dispatchEvent(new CloseActionScreenEvent());
  }
}

/** A base button as its host element shows it: `lightning-button` has a public `disabled` and `focus()`. */
interface FocusableButton extends HTMLElement {
  disabled?: boolean;
}

/** Where a form's buttons are: its footer (the quick action panel's `footer` slot, or an SLDS modal footer). */
const FOOTER_BUTTONS = '[slot="footer"] lightning-button, .slds-modal__footer lightning-button';

/**
 * Focuses the last enabled button of a form's footer (in document order) and says whether there was
 * one. A dialog's focus trap wraps Shift+Tab from its first control to it.
 */
export function focusLastFooterButton(root: ParentNode | null | undefined): boolean {
  const buttons = Array.from(root?.querySelectorAll<FocusableButton>(FOOTER_BUTTONS) ?? []);
  const last = buttons.filter((button) => button.disabled !== true).pop();
  last?.focus();
  return last !== undefined;
}
