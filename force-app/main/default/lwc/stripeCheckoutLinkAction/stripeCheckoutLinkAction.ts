import { LightningElement, api } from 'lwc';
import { CloseActionScreenEvent } from 'lightning/actions';
import { LABELS } from 'c/stripeLabels';

/**
 * The *Create Payment Link* quick action on the Contact: the payment-link form in the quick-action
 * modal, with its header and a footer whose button reads Cancel until a link exists, then Done.
 */
export default class StripeCheckoutLinkAction extends LightningElement {
  /** The Contact record id, set by the quick action. */
  @api recordId?: string;

  labels = LABELS;
  linkCreated = false;

  get closeLabel(): string {
    return this.linkCreated ? LABELS.checkoutDone : LABELS.checkoutCancel;
  }

  handleLinkCreated(): void {
    this.linkCreated = true;
  }

  handleClose(): void {
    this.dispatchEvent(new CloseActionScreenEvent());
  }
}
