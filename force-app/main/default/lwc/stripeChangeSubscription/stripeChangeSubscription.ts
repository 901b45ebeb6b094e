import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { MessageContext } from 'lightning/messageService';
import { closeSubscriptionForm, finishSubscriptionForm, focusLastFooterButton } from 'c/stripeBillingUpdates';
import getPrices from '@salesforce/apex/StripeSubscriptionChangeController.getPrices';
import previewChange from '@salesforce/apex/StripeSubscriptionChangeController.previewChange';
import changeSubscription from '@salesforce/apex/StripeSubscriptionChangeController.changeSubscription';
import hasChangePermission from '@salesforce/customPermission/Stripe_Change_Subscription';
import NAME_FIELD from '@salesforce/schema/Stripe_Subscription__c.Name';
import STATUS_FIELD from '@salesforce/schema/Stripe_Subscription__c.Status__c';
import STRIPE_ID_FIELD from '@salesforce/schema/Stripe_Subscription__c.Stripe_Subscription_Id__c';
import PRICE_FIELD from '@salesforce/schema/Stripe_Subscription__c.Stripe_Price__c';
import PRICE_NAME_FIELD from '@salesforce/schema/Stripe_Subscription__c.Stripe_Price__r.Name';
import QUANTITY_FIELD from '@salesforce/schema/Stripe_Subscription__c.Quantity__c';
import AMOUNT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Amount__c';
import CURRENCY_FIELD from '@salesforce/schema/Stripe_Subscription__c.Currency__c';
import INTERVAL_FIELD from '@salesforce/schema/Stripe_Subscription__c.Billing_Interval__c';
import INTERVAL_COUNT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Billing_Interval_Count__c';
import CONTACT_FIELD from '@salesforce/schema/Stripe_Subscription__c.Contact__c';
import type { StripeCheckoutController, StripeSubscriptionResults } from 'c/stripeApexTypes';
import {
  LABELS,
  formatDate,
  formatLabel,
  formatMoney,
  intervalLabel,
  priceChoiceLabel,
  statusInfo,
} from 'c/stripeLabels';

type PriceOption = StripeCheckoutController.PriceOption;
type ChangePreview = StripeSubscriptionResults.ChangePreview;
type ChangeResult = StripeSubscriptionResults.ChangeResult;

interface Wired {
  data?: unknown;
  error?: unknown;
}

const MIN_QUANTITY = 1;
const MAX_QUANTITY = 999;
/** Statuses Stripe lets a price or quantity change apply to. */
const CHANGEABLE = new Set(['active', 'trialing', 'past_due']);
/**
 * Stripe's `proration_behavior`: prorations on the next invoice (Stripe's default), invoiced at once, or
 * none (https://docs.stripe.com/billing/subscriptions/prorations).
 */
const NEXT_INVOICE = 'create_prorations';
const INVOICE_NOW = 'always_invoice';
const NO_PRORATION = 'none';

function textValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function money(amount: number | undefined, currencyCode: string | undefined): string | undefined {
  return typeof amount === 'number' && currencyCode ? formatMoney(amount, currencyCode) : undefined;
}

/**
 * Changes a subscription's price or quantity (screen quick action on `Stripe_Subscription__c`, and the
 * dialog of the billing card's row menu). The user picks a price (`getPrices`) and a quantity and how to
 * charge the difference; *Preview* asks Stripe for the prorated amount (`previewChange`: Stripe's preview
 * invoice, https://docs.stripe.com/api/invoices/create_preview); *Confirm change* sends the change with the
 * preview's `proration_date` (`changeSubscription`), so the amount charged is the amount shown. Any change
 * of the choices clears the preview. Needs `Stripe_Change_Subscription`; the webhook updates the record.
 */
export default class StripeChangeSubscription extends LightningElement {
  /** The Stripe_Subscription__c record id. */
  @api recordId?: string;

  /** True inside another component's dialog: `close` and `done` events instead of closing the action. */
  @api embedded = false;

  record?: unknown;
  loadError?: unknown;
  prices?: PriceOption[];
  pricesError?: unknown;
  priceId?: string;
  quantity?: number;
  prorationBehavior = NEXT_INVOICE;
  preview?: ChangePreview;
  actionError?: unknown;
  actionErrorHeading = LABELS.changeFailed;
  isPreviewing = false;
  isChanging = false;
  labels = LABELS;

  @wire(MessageContext)
  messageContext?: unknown;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [NAME_FIELD, STATUS_FIELD],
    optionalFields: [
      STRIPE_ID_FIELD,
      PRICE_FIELD,
      PRICE_NAME_FIELD,
      QUANTITY_FIELD,
      AMOUNT_FIELD,
      CURRENCY_FIELD,
      INTERVAL_FIELD,
      INTERVAL_COUNT_FIELD,
      CONTACT_FIELD,
    ],
  })
  wiredSubscription(result: unknown): void {
    const { data, error } = result as Wired;
    if (data) {
      const first = this.record === undefined;
      this.record = data;
      this.loadError = undefined;
      if (first) {
        // Start from what the customer has now.
        this.priceId = this.currentPriceId;
        this.quantity = this.currentQuantity;
      }
    } else if (error) {
      this.record = undefined;
      this.loadError = error;
    }
  }

  @wire(getPrices)
  wiredPrices(result: unknown): void {
    const { data, error } = result as Wired;
    if (data) {
      this.prices = data as PriceOption[];
      this.pricesError = undefined;
    } else if (error) {
      this.prices = undefined;
      this.pricesError = error;
    }
  }

  get canChange(): boolean {
    return hasChangePermission === true;
  }

  get isLoading(): boolean {
    return this.canChange && this.record === undefined && this.loadError === undefined;
  }

  get isBusy(): boolean {
    return this.isPreviewing || this.isChanging;
  }

  get busyLabel(): string {
    return this.isChanging ? LABELS.changeChanging : LABELS.changePreviewing;
  }

  get status(): string | undefined {
    return textValue(getFieldValue(this.record, STATUS_FIELD));
  }

  get changeable(): boolean {
    return Boolean(textValue(getFieldValue(this.record, STRIPE_ID_FIELD))) && CHANGEABLE.has(this.status ?? '');
  }

  get notChangeable(): boolean {
    return this.record !== undefined && !this.changeable;
  }

  get showForm(): boolean {
    return this.canChange && this.record !== undefined && this.changeable;
  }

  get currentPriceId(): string | undefined {
    return textValue(getFieldValue(this.record, PRICE_FIELD));
  }

  get currentQuantity(): number {
    const value = getFieldValue(this.record, QUANTITY_FIELD);
    return typeof value === 'number' && value >= MIN_QUANTITY ? value : MIN_QUANTITY;
  }

  /** The plan now: the price's name, else the record name. */
  get plan(): string {
    return (
      textValue(getFieldValue(this.record, PRICE_NAME_FIELD)) ??
      textValue(getFieldValue(this.record, NAME_FIELD)) ??
      LABELS.cancelSubscription
    );
  }

  get currentAmount(): string | undefined {
    const amount = getFieldValue(this.record, AMOUNT_FIELD);
    const currency = textValue(getFieldValue(this.record, CURRENCY_FIELD));
    const text = money(typeof amount === 'number' ? amount : undefined, currency);
    if (!text) {
      return undefined;
    }
    const count = getFieldValue(this.record, INTERVAL_COUNT_FIELD);
    const interval = intervalLabel(
      textValue(getFieldValue(this.record, INTERVAL_FIELD)),
      typeof count === 'number' ? count : 1,
    );
    return `${text} ${interval}`.trim();
  }

  get statusLabel(): string {
    return statusInfo('subscription', this.status).label;
  }

  get statusBadgeClass(): string {
    return statusInfo('subscription', this.status).badgeClass;
  }

  get priceOptions(): Array<{ label: string; value: string }> {
    return (this.prices ?? []).map((price) => ({ label: priceChoiceLabel(price), value: price.value ?? '' }));
  }

  get prorationOptions(): Array<{ label: string; value: string }> {
    return [
      { label: LABELS.changeProrateNextInvoice, value: NEXT_INVOICE },
      { label: LABELS.changeProrateNow, value: INVOICE_NOW },
      { label: LABELS.changeProrateNone, value: NO_PRORATION },
    ];
  }

  get minQuantity(): number {
    return MIN_QUANTITY;
  }

  get maxQuantity(): number {
    return MAX_QUANTITY;
  }

  get quantityValid(): boolean {
    return (
      typeof this.quantity === 'number' &&
      Number.isInteger(this.quantity) &&
      this.quantity >= MIN_QUANTITY &&
      this.quantity <= MAX_QUANTITY
    );
  }

  /** Something differs from what the customer has now. */
  get isChanged(): boolean {
    return (
      (this.priceId !== undefined && this.priceId !== this.currentPriceId) || this.quantity !== this.currentQuantity
    );
  }

  get noChange(): boolean {
    return this.showForm && !this.isChanged;
  }

  get previewDisabled(): boolean {
    return !this.showForm || !this.isChanged || !this.quantityValid || this.isBusy;
  }

  get confirmDisabled(): boolean {
    return this.previewDisabled || this.preview === undefined;
  }

  get needsPreview(): boolean {
    return this.showForm && this.isChanged && this.preview === undefined;
  }

  /** The preview in the user's locale and the invoice's currency. */
  get previewLines(): Array<{ key: string; label: string; value: string }> | undefined {
    const preview = this.preview;
    if (!preview) {
      return undefined;
    }
    const currency = preview.currencyCode;
    const lines: Array<{ key: string; label: string; value: string | undefined }> = [
      { key: 'proration', label: LABELS.changeProrationAmount, value: money(preview.prorationAmount, currency) },
      {
        key: 'amount-due',
        // With always_invoice Stripe invoices the difference at once; otherwise it is on the next invoice.
        label: preview.prorationBehavior === INVOICE_NOW ? LABELS.changeDueNow : LABELS.changeDueNextInvoice,
        value: money(preview.amountDue, currency),
      },
    ];
    const total = money(preview.nextInvoiceTotal, currency);
    const on = formatDate(preview.nextInvoiceAt);
    if (preview.prorationBehavior !== INVOICE_NOW) {
      lines.push({
        key: 'next-invoice',
        label: LABELS.changeNextInvoice,
        value: total && on ? formatLabel(LABELS.changeNextInvoiceOn, total, on) : total,
      });
    }
    return lines.filter((line): line is { key: string; label: string; value: string } => line.value !== undefined);
  }

  handlePriceChange(event: CustomEvent<{ value: string }>): void {
    this.priceId = event.detail.value;
    this.preview = undefined;
  }

  handleQuantityChange(event: CustomEvent<{ value: string }>): void {
    const value = Number(event.detail.value);
    this.quantity = event.detail.value === '' || Number.isNaN(value) ? undefined : value;
    this.preview = undefined;
  }

  handleProrationChange(event: CustomEvent<{ value: string }>): void {
    this.prorationBehavior = event.detail.value;
    this.preview = undefined;
  }

  /** The change as Apex takes it: a price or quantity left as it is goes as null. */
  private changeParams(): { subscriptionRecordId: string; priceRecordId: string | null; quantity: number | null } {
    return {
      subscriptionRecordId: this.recordId ?? '',
      priceRecordId: this.priceId && this.priceId !== this.currentPriceId ? this.priceId : null,
      quantity: this.quantity !== this.currentQuantity ? (this.quantity ?? null) : null,
    };
  }

  async handlePreview(): Promise<void> {
    if (this.previewDisabled) {
      return;
    }
    this.isPreviewing = true;
    this.actionError = undefined;
    try {
      this.preview = (await previewChange({
        ...this.changeParams(),
        prorationBehavior: this.prorationBehavior,
      })) as ChangePreview;
    } catch (error) {
      this.actionErrorHeading = LABELS.changePreviewFailed;
      this.actionError = error;
    } finally {
      this.isPreviewing = false;
    }
    if (this.preview) {
      // The preview is what the user reads next; "Confirm change" follows it.
      await Promise.resolve();
      this.template?.querySelector<HTMLElement>('[data-id="preview"]')?.focus();
    }
  }

  async handleConfirm(): Promise<void> {
    const preview = this.preview;
    if (this.confirmDisabled || !preview || !this.recordId) {
      return;
    }
    const recordId = this.recordId;
    this.isChanging = true;
    this.actionError = undefined;
    let result: ChangeResult;
    try {
      result = (await changeSubscription({
        ...this.changeParams(),
        prorationBehavior: preview.prorationBehavior ?? this.prorationBehavior,
        prorationDate: preview.prorationDate ?? null,
      })) as ChangeResult;
    } catch (error) {
      // Shown once, in the dialog's error panel.
      this.actionErrorHeading = LABELS.changeFailed;
      this.actionError = error;
      return;
    } finally {
      this.isChanging = false;
    }
    await finishSubscriptionForm(this, {
      embedded: this.embedded,
      messageContext: this.messageContext,
      title: LABELS.changeDone,
      message: `${formatLabel(LABELS.changeDoneMessage, this.plan)} ${LABELS.actionsUpdatesSoon}`,
      recordId,
      contactId: textValue(getFieldValue(this.record, CONTACT_FIELD)),
      status: result.status,
    });
  }

  handleClose(): void {
    closeSubscriptionForm(this, this.embedded);
  }

  /**
   * Focuses the form's last enabled button (for the focus trap of the dialog it is `embedded` in:
   * Shift+Tab from the dialog's first control wraps to it). False when the form shows no button.
   */
  @api
  focusLastControl(): boolean {
    return focusLastFooterButton(this.template);
  }
}
