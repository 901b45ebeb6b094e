import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getActivePrices from '@salesforce/apex/StripeCheckoutController.getActivePrices';
import prepareCheckout from '@salesforce/apex/StripeCheckoutController.prepareCheckout';
import createCheckoutSession from '@salesforce/apex/StripeCheckoutController.createCheckoutSession';
import hasCreatePermission from '@salesforce/customPermission/Stripe_Create_Checkout_Link';
import { reduceErrorsToText } from 'c/stripeErrors';

/** `StripeCheckoutController.PriceOption`. */
interface PriceOption {
  label: string;
  value: string;
  amount?: number | null;
  currencyCode?: string | null;
  interval?: string | null;
  intervalCount?: number | null;
}

/** `StripeCheckoutService.CheckoutLink`. */
interface CheckoutLink {
  subscriptionRecordId: string;
  url: string;
  expiresAt?: string | null;
}

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

function intervalText(price: PriceOption): string {
  if (!price.interval) {
    return '';
  }
  const count = price.intervalCount ?? 1;
  return count > 1 ? ` every ${count} ${price.interval}s` : ` / ${price.interval}`;
}

function priceLabel(price: PriceOption): string {
  if (price.amount === undefined || price.amount === null || !price.currencyCode) {
    return price.label;
  }
  const amount = new Intl.NumberFormat(undefined, { style: 'currency', currency: price.currencyCode }).format(
    price.amount,
  );
  return `${price.label} (${amount}${intervalText(price)})`;
}

/**
 * Creates a Stripe Checkout payment link for a Contact (record page and the *Create Payment Link* quick
 * action): the rep picks an active recurring price and a quantity; `prepareCheckout` saves the
 * subscription record, then `createCheckoutSession` (a second transaction: callouts never follow
 * uncommitted DML) creates the Stripe customer if needed and the session, and returns the link to copy.
 */
export default class StripeCheckoutLink extends LightningElement {
  /** The Contact record id, set by the record page or quick action. */
  @api recordId?: string;

  prices?: PriceOption[];
  pricesError?: string;
  selectedPriceId?: string;
  quantity = 1;
  isWorking = false;
  errorMessage?: string;
  link?: CheckoutLink;
  copied = false;

  @wire(getActivePrices)
  wiredPrices(result: unknown): void {
    const { data, error } = result as WiredResult;
    if (data) {
      this.prices = data as PriceOption[];
      this.pricesError = undefined;
    } else if (error) {
      this.prices = undefined;
      this.pricesError = reduceErrorsToText(error);
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
    return (this.prices ?? []).map((price) => ({ label: priceLabel(price), value: price.value }));
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
    return this.copied ? 'Copied' : 'Copy link';
  }

  get copyIcon(): string {
    return this.copied ? 'utility:check' : 'utility:copy';
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
    this.errorMessage = undefined;
    try {
      const subscriptionRecordId = (await prepareCheckout({
        contactId: this.recordId,
        priceId: this.selectedPriceId,
        quantity: this.quantity,
      })) as string;
      this.link = (await createCheckoutSession({ subscriptionRecordId })) as CheckoutLink;
      this.copied = false;
      this.dispatchEvent(
        new ShowToastEvent({
          title: 'Payment link created',
          message: 'Copy the link and send it to the customer.',
          variant: 'success',
        }),
      );
    } catch (error) {
      this.errorMessage = reduceErrorsToText(error);
      this.dispatchEvent(
        new ShowToastEvent({
          title: 'The payment link could not be created',
          message: this.errorMessage,
          variant: 'error',
          mode: 'sticky',
        }),
      );
    } finally {
      this.isWorking = false;
    }
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
            title: 'Link copied',
            message: 'The payment link is on the clipboard.',
            variant: 'success',
          })
        : new ShowToastEvent({
            title: 'Copy the link yourself',
            message: 'The browser did not allow copying. Select the link and copy it.',
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
    this.errorMessage = undefined;
  }
}
