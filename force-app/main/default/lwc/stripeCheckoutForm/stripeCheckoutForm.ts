import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { MessageContext, publish } from 'lightning/messageService';
import BILLING_UPDATED from '@salesforce/messageChannel/Stripe_Billing_Updated__c';
import getActivePrices from '@salesforce/apex/StripeCheckoutController.getActivePrices';
import prepareCheckout from '@salesforce/apex/StripeCheckoutController.prepareCheckout';
import createCheckoutSession from '@salesforce/apex/StripeCheckoutController.createCheckoutSession';
import hasCreatePermission from '@salesforce/customPermission/Stripe_Create_Checkout_Link';
import { LABELS, formatDate, formatLabel, priceChoiceLabel } from 'c/stripeLabels';
import type { StripeCheckoutController, StripeCheckoutService } from 'c/stripeApexTypes';

/** Generated from the Apex classes (`npm run types:apex`). */
type PriceOption = StripeCheckoutController.PriceOption;
type CheckoutLink = StripeCheckoutService.CheckoutLink;

interface WiredResult {
  data?: unknown;
  error?: unknown;
}

interface ComboboxOption {
  label: string;
  value: string;
}

const MIN_QUANTITY = 1;
const MAX_QUANTITY = 999;

/** "Pro · €49.00 / month" in the user's locale (`priceChoiceLabel` in c/stripeLabels). */
export function priceLabel(price: PriceOption): string {
  return priceChoiceLabel(price);
}

/**
 * The payment-link form (used by the `stripeCheckoutLink` card and the `stripeCheckoutLinkAction`
 * quick action): the rep picks an active recurring price and a quantity; `prepareCheckout` saves the
 * subscription record, then `createCheckoutSession` (a second transaction: callouts never follow
 * uncommitted DML) creates the Stripe customer if needed and the session, and returns the link.
 * A retry after a failed session reuses the record `prepareCheckout` saved, so no second record is
 * created. On success it tells the page (Lightning Message Service, `notifyRecordUpdateAvailable`)
 * and fires `linkcreated`.
 */
export default class StripeCheckoutForm extends LightningElement {
  /** The Contact record id. */
  @api recordId?: string;

  prices?: PriceOption[];
  pricesError?: unknown;
  selectedPriceId?: string;
  quantity = 1;
  isWorking = false;
  error?: unknown;
  link?: CheckoutLink;
  copied = false;
  labels = LABELS;

  /** The record `prepareCheckout` saved for the current choice, kept for a retry. */
  private preparedRecordId?: string;
  private preparedFor?: string;

  @wire(MessageContext)
  messageContext?: unknown;

  @wire(getActivePrices)
  wiredPrices(result: unknown): void {
    const { data, error } = result as WiredResult;
    if (data) {
      this.prices = data as PriceOption[];
      this.pricesError = undefined;
    } else if (error) {
      this.prices = undefined;
      this.pricesError = error;
    }
  }

  /** The custom permission, checked on the client to show the form; every Apex method checks it again. */
  get canCreate(): boolean {
    return hasCreatePermission === true;
  }

  get isLoadingPrices(): boolean {
    return this.canCreate && this.prices === undefined && this.pricesError === undefined;
  }

  get priceOptions(): ComboboxOption[] {
    return (this.prices ?? []).map((price) => ({ label: priceLabel(price), value: price.value ?? '' }));
  }

  get hasPrices(): boolean {
    return this.priceOptions.length > 0;
  }

  get noPrices(): boolean {
    return this.prices !== undefined && this.prices.length === 0;
  }

  get showForm(): boolean {
    return this.canCreate && this.hasPrices && this.link === undefined;
  }

  get quantityValid(): boolean {
    return Number.isInteger(this.quantity) && this.quantity >= MIN_QUANTITY && this.quantity <= MAX_QUANTITY;
  }

  get createDisabled(): boolean {
    return this.isWorking || !this.selectedPriceId || !this.quantityValid || !this.recordId;
  }

  get minQuantity(): number {
    return MIN_QUANTITY;
  }

  get maxQuantity(): number {
    return MAX_QUANTITY;
  }

  get copyLabel(): string {
    return this.copied ? LABELS.checkoutCopied : LABELS.checkoutCopy;
  }

  get copyIcon(): string {
    return this.copied ? 'utility:check' : 'utility:copy';
  }

  get expiresText(): string | undefined {
    const date = formatDate(this.link?.expiresAt, true);
    return date ? formatLabel(LABELS.checkoutExpires, date) : undefined;
  }

  handlePriceChange(event: CustomEvent<{ value: string }>): void {
    this.selectedPriceId = event.detail.value;
  }

  handleQuantityChange(event: CustomEvent<{ value: string }>): void {
    this.quantity = Number(event.detail.value);
  }

  async handleCreate(): Promise<void> {
    if (this.createDisabled) {
      return;
    }
    this.isWorking = true;
    this.error = undefined;
    const choice = `${this.recordId}|${this.selectedPriceId}|${this.quantity}`;
    try {
      if (!this.preparedRecordId || this.preparedFor !== choice) {
        this.preparedRecordId = (await prepareCheckout({
          contactId: this.recordId,
          priceId: this.selectedPriceId,
          quantity: this.quantity,
        })) as string;
        this.preparedFor = choice;
      }
      const subscriptionRecordId = this.preparedRecordId;
      this.link = (await createCheckoutSession({ subscriptionRecordId })) as CheckoutLink;
      this.preparedRecordId = undefined;
      this.preparedFor = undefined;
      this.copied = false;
      this.dispatchEvent(
        new ShowToastEvent({
          title: LABELS.checkoutCreated,
          message: LABELS.checkoutCreatedMessage,
          variant: 'success',
        }),
      );
      this.announce(subscriptionRecordId);
      this.dispatchEvent(new CustomEvent('linkcreated', { detail: { subscriptionRecordId } }));
    } catch (error) {
      // Shown once, in the form's error panel (no second, sticky toast).
      this.error = error;
    } finally {
      this.isWorking = false;
    }
  }

  /** Lets the billing card and record views on the page reload. */
  private announce(subscriptionRecordId: string): void {
    publish(this.messageContext, BILLING_UPDATED, { contactId: this.recordId, recordId: subscriptionRecordId });
    notifyRecordUpdateAvailable([{ recordId: subscriptionRecordId }]).catch(() => undefined);
  }

  async handleCopy(): Promise<void> {
    const url = this.link?.url;
    if (!url) {
      return;
    }
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      copied = false;
    }
    if (!copied) {
      copied = this.copyBySelection();
    }
    this.copied = copied;
    this.dispatchEvent(
      copied
        ? new ShowToastEvent({
            title: LABELS.checkoutLinkCopied,
            message: LABELS.checkoutLinkCopiedMessage,
            variant: 'success',
          })
        : new ShowToastEvent({
            title: LABELS.checkoutCopyYourself,
            message: LABELS.checkoutCopyYourselfMessage,
            variant: 'warning',
          }),
    );
  }

  /** Fallback where the Clipboard API is missing or refused: select the text field and copy. */
  private copyBySelection(): boolean {
    const input = this.template?.querySelector<HTMLInputElement>('input[data-id="url"]');
    if (!input) {
      return false;
    }
    input.focus();
    input.select();
    try {
      return typeof document.execCommand === 'function' && document.execCommand('copy');
    } catch {
      return false;
    }
  }

  handleNewLink(): void {
    this.link = undefined;
    this.copied = false;
    this.error = undefined;
  }
}
