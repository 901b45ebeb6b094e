/**
 * `lightning-quick-action-panel` exists only on the platform (it is not in the
 * lightning-base-components package): this stub renders the SLDS modal markup it produces.
 */
import { LightningElement, api } from 'lwc';

export default class QuickActionPanel extends LightningElement {
  @api header?: string;
}
