import { LightningElement, api } from 'lwc';
import { LABELS } from 'c/stripeLabels';

/** The *Stripe Payment Link* card of the Contact record page: the payment-link form in a card. */
export default class StripeCheckoutLink extends LightningElement {
  /** The Contact record id, set by the record page. */
  @api recordId?: string;

  labels = LABELS;
}
