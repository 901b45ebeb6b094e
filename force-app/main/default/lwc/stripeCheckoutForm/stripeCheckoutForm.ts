import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { MessageContext } from 'lightning/messageService';
import { announceBillingUpdate } from 'c/stripeBillingUpdates';
import getActivePrices from '@salesforce/apex/StripeCheckoutController.getActivePrices';
import prepareCheckoutItems from '@salesforce/apex/StripeCheckoutController.prepareCheckoutItems';
import createCheckoutSession from '@salesforce/apex/StripeCheckoutController.createCheckoutSession';
import hasCreatePermission from '@salesforce/customPermission/Stripe_Create_Checkout_Link';
import { LABELS, formatDate, formatLabel, priceChoiceLabel } from 'c/stripeLabels';
import type { StripeCheckoutController, StripeCheckoutService } from 'c/stripeApexTypes';

/** Generated from the Apex classes (`npm run types:apex`). */
type PriceOption = StripeCheckoutController.PriceOption;
type CheckoutLink = StripeCheckoutService.CheckoutLink;
type LineItem = StripeCheckoutService.LineItem;

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
/** `StripeCheckoutService.prepareItems` takes 1..20 prices and a trial of 1..730 days. */
const MAX_LINES = 20;
const MIN_TRIAL_DAYS = 1;
const MAX_TRIAL_DAYS = 730;

interface Line {
  key: number;
  priceId?: string;
  quantity: number;
}

/** A line as the template shows it. */
interface LineView {
  key: number;
  index: number;
  priceId?: string;
  quantity: number;
  priceLabel: string;
  quantityLabel: string;
  removeLabel: string;
  options: ComboboxOption[];
  removable: boolean;
}

/** Prices a subscription can combine: Stripe bills every item of one subscription in one currency and interval. */
function billsAlike(a: PriceOption, b: PriceOption): boolean {
  return (
    (a.currencyCode ?? '').toUpperCase() === (b.currencyCode ?? '').toUpperCase() &&
    a.interval === b.interval &&
    (a.intervalCount ?? 1) === (b.intervalCount ?? 1)
  );
}

/** "Pro · €49.00 / month" in the user's locale (`priceChoiceLabel` in c/stripeLabels). */
export function priceLabel(price: PriceOption): string {
  return priceChoiceLabel(price);
}

/**
 * The payment-link form (used by the `stripeCheckoutLink` card and the `stripeCheckoutLinkAction`
 * quick action): the rep picks one or more active recurring prices (each with a quantity; the further
 * prices offered bill like the first) and an optional free trial; `prepareCheckoutItems` saves the
 * subscription record, then `createCheckoutSession` (a second transaction: callouts never follow
 * uncommitted DML) creates the Stripe customer if needed and the session, and returns the link.
 * A retry after a failed session reuses the record `prepareCheckoutItems` saved, so no second record is
 * created. On success it tells the page (Lightning Message Service, `notifyRecordUpdateAvailable`),
 * fires `linkcreated` and puts focus on the link.
 */
export default class StripeCheckoutForm extends LightningElement {
  /** The Contact record id. */
  @api recordId?: string;

  prices?: PriceOption[];
  pricesError?: unknown;
  lines: Line[] = [{ key: 0, quantity: 1 }];
  /** Free trial days; undefined for none. */
  trialDays?: number;
  isWorking = false;
  error?: unknown;
  link?: CheckoutLink;
  copied = false;
  labels = LABELS;

  private nextLineKey = 1;

  /** The record `prepareCheckoutItems` saved for the current choice, kept for a retry. */
  private preparedRecordId?: string;
  private preparedFor?: string;
  /**
   * What takes focus after the next render: the new link once it is created (the button that created
   * it is gone), the first price after "Create another link" (that button is gone too).
   */
  private focusAfterRender?: 'url' | 'price';

  @wire(MessageContext)
  messageContext?: unknown;

  override renderedCallback(): void {
    if (!this.focusAfterRender) {
      return;
    }
    const selector = this.focusAfterRender === 'url' ? 'input[data-id="url"]' : 'lightning-combobox[data-id="price"]';
    this.focusAfterRender = undefined;
    this.template?.querySelector<HTMLElement>(selector)?.focus();
  }

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

  private priceById(priceId: string | undefined): PriceOption | undefined {
    return priceId ? (this.prices ?? []).find((price) => price.value === priceId) : undefined;
  }

  /** The lines with their labels and, after the first, only the prices that bill like the first one. */
  get lineViews(): LineView[] {
    const first = this.priceById(this.lines[0]?.priceId);
    return this.lines.map((line, index) => {
      const chosenElsewhere = new Set(
        this.lines.filter((other) => other !== line && other.priceId).map((other) => other.priceId),
      );
      const options = (this.prices ?? [])
        .filter((price) => !chosenElsewhere.has(price.value))
        .filter((price) => index === 0 || first === undefined || billsAlike(price, first))
        .map((price) => ({ label: priceLabel(price), value: price.value ?? '' }));
      const number = index + 1;
      return {
        key: line.key,
        index,
        priceId: line.priceId,
        quantity: line.quantity,
        priceLabel: index === 0 ? LABELS.checkoutPrice : formatLabel(LABELS.checkoutPriceNumber, number),
        quantityLabel: index === 0 ? LABELS.checkoutQuantity : formatLabel(LABELS.checkoutQuantityNumber, number),
        removeLabel: formatLabel(LABELS.checkoutRemovePrice, number),
        options,
        removable: index > 0,
      };
    });
  }

  get addLineDisabled(): boolean {
    return !this.canAddLine;
  }

  get canAddLine(): boolean {
    const first = this.priceById(this.lines[0]?.priceId);
    const alike = first ? (this.prices ?? []).filter((price) => billsAlike(price, first)).length : 0;
    return !this.isWorking && this.lines.length < MAX_LINES && first !== undefined && alike > this.lines.length;
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

  private static quantityValid(quantity: number): boolean {
    return Number.isInteger(quantity) && quantity >= MIN_QUANTITY && quantity <= MAX_QUANTITY;
  }

  get trialValid(): boolean {
    const days = this.trialDays;
    return days === undefined || (Number.isInteger(days) && days >= MIN_TRIAL_DAYS && days <= MAX_TRIAL_DAYS);
  }

  get createDisabled(): boolean {
    return (
      this.isWorking ||
      !this.recordId ||
      !this.trialValid ||
      this.lines.some((line) => !line.priceId || !StripeCheckoutForm.quantityValid(line.quantity))
    );
  }

  get minTrialDays(): number {
    return MIN_TRIAL_DAYS;
  }

  get maxTrialDays(): number {
    return MAX_TRIAL_DAYS;
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

  private lineIndex(event: Event): number {
    return Number((event.currentTarget as HTMLElement).dataset.index ?? 0);
  }

  private updateLine(index: number, change: Partial<Line>): void {
    this.lines = this.lines.map((line, position) => (position === index ? { ...line, ...change } : line));
  }

  handlePriceChange(event: CustomEvent<{ value: string }>): void {
    const index = this.lineIndex(event);
    this.updateLine(index, { priceId: event.detail.value });
    if (index === 0) {
      // Further prices must bill like the first: drop those that no longer do.
      const first = this.priceById(event.detail.value);
      this.lines = this.lines.map((line, position) => {
        const price = this.priceById(line.priceId);
        return position > 0 && first && price && !billsAlike(price, first) ? { ...line, priceId: undefined } : line;
      });
    }
  }

  handleQuantityChange(event: CustomEvent<{ value: string }>): void {
    this.updateLine(this.lineIndex(event), { quantity: Number(event.detail.value) });
  }

  handleTrialChange(event: CustomEvent<{ value: string }>): void {
    const value = event.detail.value;
    this.trialDays = value === '' || value === null || value === undefined ? undefined : Number(value);
  }

  handleAddLine(): void {
    if (!this.canAddLine) {
      return;
    }
    const key = this.nextLineKey++;
    this.lines = [...this.lines, { key, quantity: 1 }];
    // Focus the new line's price, for keyboard and screen-reader users.
    Promise.resolve()
      .then(() => this.template?.querySelector<HTMLElement>(`lightning-combobox[data-key="${key}"]`)?.focus())
      .catch(() => undefined);
  }

  handleRemoveLine(event: Event): void {
    const index = this.lineIndex(event);
    if (index > 0) {
      this.lines = this.lines.filter((_, position) => position !== index);
      this.template?.querySelector<HTMLElement>('[data-id="add-price"]')?.focus();
    }
  }

  async handleCreate(): Promise<void> {
    if (this.createDisabled) {
      return;
    }
    this.isWorking = true;
    this.error = undefined;
    const items: LineItem[] = this.lines.map((line) => ({ priceId: line.priceId, quantity: line.quantity }));
    const trialPeriodDays = this.trialDays ?? null;
    const choice = JSON.stringify([this.recordId, items, trialPeriodDays]);
    try {
      if (!this.preparedRecordId || this.preparedFor !== choice) {
        this.preparedRecordId = (await prepareCheckoutItems({
          contactId: this.recordId,
          items,
          trialPeriodDays,
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
      this.focusAfterRender = 'url';
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
    announceBillingUpdate(this.messageContext, { contactId: this.recordId, recordId: subscriptionRecordId }).catch(
      () => undefined,
    );
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
    this.lines = [{ key: this.nextLineKey++, quantity: 1 }];
    this.trialDays = undefined;
    this.copied = false;
    this.error = undefined;
    this.focusAfterRender = 'price';
  }
}
