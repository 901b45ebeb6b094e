import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { MessageContext } from 'lightning/messageService';
import { announceBillingUpdate, focusLastFooterButton } from 'c/stripeBillingUpdates';
import undoCancellation from '@salesforce/apex/StripeSubscriptionController.undoCancellation';
import pauseCollection from '@salesforce/apex/StripeSubscriptionChangeController.pauseCollection';
import resumeCollection from '@salesforce/apex/StripeSubscriptionChangeController.resumeCollection';
import regenerateCheckoutLink from '@salesforce/apex/StripeCheckoutController.regenerateCheckoutLink';
import emailCheckoutLink from '@salesforce/apex/StripeCheckoutController.emailCheckoutLink';
import hasCancelPermission from '@salesforce/customPermission/Stripe_Cancel_Subscription';
import hasPausePermission from '@salesforce/customPermission/Stripe_Pause_Subscription';
import hasChangePermission from '@salesforce/customPermission/Stripe_Change_Subscription';
import hasCheckoutPermission from '@salesforce/customPermission/Stripe_Create_Checkout_Link';
import type {
  StripeBillingEmail,
  StripeBillingHistoryController,
  StripeCheckoutService,
  StripeSubscriptionResults,
} from 'c/stripeApexTypes';
import { LABELS, formatDate, formatLabel, startOfDayInUserZone, tomorrowInUserZone } from 'c/stripeLabels';

type SubscriptionRow = StripeBillingHistoryController.SubscriptionRow;
type ChangeResult = StripeSubscriptionResults.ChangeResult;

/** What a row menu item does: a dialog, or a call at once. */
export type Action = 'cancel' | 'undo' | 'change' | 'pause' | 'resume' | 'regenerate' | 'email';
type Dialog = 'cancel' | 'change' | 'pause';

/** Statuses whose price or quantity Stripe lets change. */
const CHANGEABLE = new Set(['active', 'trialing', 'past_due']);
/** Statuses whose payment collection can be paused (`pause_collection`). */
const PAUSABLE = new Set(['active', 'trialing', 'past_due', 'unpaid']);
/** A Stripe subscription that has ended: nothing left to do on it. */
const ENDED = new Set(['canceled', 'incomplete_expired']);

/**
 * `pause_collection.behavior` (https://docs.stripe.com/billing/subscriptions/pause-payment): keep the
 * invoices as drafts to collect later, mark them uncollectible (service free meanwhile), or void them.
 */
const BEHAVIORS = [
  { value: 'keep_as_draft', label: LABELS.pauseKeepAsDraft },
  { value: 'mark_uncollectible', label: LABELS.pauseMarkUncollectible },
  { value: 'void', label: LABELS.pauseVoid },
];

/**
 * The row menu of one subscription on the billing card (`lightning-button-menu`, named after the plan):
 * only what the subscription's state and the user's permissions allow. Cancel (now, at the period end,
 * on a date: `c-stripe-cancel-subscription`), change plan or quantity (`c-stripe-change-subscription`)
 * and pause collection open a dialog; undo cancellation, resume collection, a new payment link and
 * emailing it call Apex at once. After each: a success toast, `notifyRecordUpdateAvailable`, a
 * `Stripe_Billing_Updated__c` message (the card and the other Stripe components reload), focus back on
 * the menu. An error is shown once, in the shared error panel under the row.
 */
export default class StripeSubscriptionActions extends LightningElement {
  /** The subscription row (`StripeBillingHistoryController.SubscriptionRow`). */
  @api subscription?: SubscriptionRow;

  /** How the card names the subscription (its plan), for the menu's accessible name and the toasts. */
  @api planTitle?: string;

  /** The Contact of the page, in the billing message. */
  @api contactId?: string;

  dialog?: Dialog;
  isWorking = false;
  error?: unknown;
  errorHeading: string = LABELS.errorGeneric;
  behavior = 'keep_as_draft';
  resumesOn?: string;
  pauseError?: unknown;
  labels = LABELS;

  private focusDialog = false;

  @wire(MessageContext)
  messageContext?: unknown;

  get planName(): string {
    return this.planTitle ?? this.subscription?.name ?? '';
  }

  get menuLabel(): string {
    return formatLabel(LABELS.actionsMenu, this.planName);
  }

  /** The menu items the subscription's state and the user's permissions allow, in the order shown. */
  get items(): Array<{ value: Action; label: string }> {
    const row = this.subscription;
    if (!row) {
      return [];
    }
    const status = row.status ?? '';
    const items: Array<{ value: Action; label: string }> = [];
    if (status === 'link_sent' || status === 'link_expired') {
      if (hasCheckoutPermission === true) {
        items.push({ value: 'regenerate', label: LABELS.actionsRegenerate });
        const expired = row.checkoutExpiresAt !== undefined && Date.parse(row.checkoutExpiresAt) <= Date.now();
        if (status === 'link_sent' && !expired) {
          items.push({ value: 'email', label: LABELS.actionsEmail });
        }
      }
      return items;
    }
    if (!row.stripeSubscriptionId || ENDED.has(status)) {
      return items;
    }
    const pending = Boolean(row.pendingCancellationAt) || row.cancelAtPeriodEnd === true;
    if (pending && hasCancelPermission === true) {
      items.push({ value: 'undo', label: LABELS.actionsUndo });
    }
    if (hasChangePermission === true && CHANGEABLE.has(status)) {
      items.push({ value: 'change', label: LABELS.actionsChange });
    }
    if (hasPausePermission === true) {
      if (row.pauseBehavior) {
        items.push({ value: 'resume', label: LABELS.actionsResume });
      } else if (PAUSABLE.has(status)) {
        items.push({ value: 'pause', label: LABELS.actionsPause });
      }
    }
    if (hasCancelPermission === true) {
      items.push({ value: 'cancel', label: LABELS.actionsCancel });
    }
    return items;
  }

  get hasItems(): boolean {
    return this.items.length > 0;
  }

  get isCancelDialog(): boolean {
    return this.dialog === 'cancel';
  }

  get isChangeDialog(): boolean {
    return this.dialog === 'change';
  }

  get isPauseDialog(): boolean {
    return this.dialog === 'pause';
  }

  get dialogLabel(): string {
    if (this.dialog === 'change') {
      return LABELS.changeHeader;
    }
    return this.dialog === 'pause' ? LABELS.pauseHeader : LABELS.cancelHeader;
  }

  get behaviorOptions(): Array<{ value: string; label: string }> {
    return BEHAVIORS;
  }

  get minResumeDate(): string {
    return tomorrowInUserZone();
  }

  get pauseDisabled(): boolean {
    return this.isWorking || (Boolean(this.resumesOn) && (this.resumesOn ?? '') < this.minResumeDate);
  }

  override renderedCallback(): void {
    if (this.focusDialog && this.dialog) {
      this.focusDialog = false;
      // The dialog takes focus so a screen reader announces it; Tab moves into its fields.
      this.template?.querySelector<HTMLElement>('[data-id="dialog"]')?.focus();
    }
  }

  handleSelect(event: CustomEvent<{ value: Action }>): void {
    const action = event.detail.value;
    this.error = undefined;
    if (action === 'cancel' || action === 'change' || action === 'pause') {
      this.pauseError = undefined;
      this.behavior = 'keep_as_draft';
      this.resumesOn = undefined;
      this.dialog = action;
      this.focusDialog = true;
      return;
    }
    this.runNow(action).catch(() => undefined);
  }

  handleBehaviorChange(event: CustomEvent<{ value: string }>): void {
    this.behavior = event.detail.value;
  }

  handleResumesOnChange(event: CustomEvent<{ value: string }>): void {
    this.resumesOn = event.detail.value || undefined;
  }

  /** Tab from the dialog's last control: focus wraps to its first, the close button. */
  handleTrapEnd(): void {
    this.template?.querySelector<HTMLElement>('[data-id="dialog-close"]')?.focus();
  }

  /** Shift+Tab from the dialog's first control (or from the dialog itself): focus wraps to its last. */
  handleTrapStart(): void {
    const form = this.template?.querySelector<HTMLElement & { focusLastControl?: () => boolean }>(
      '[data-id="cancel-dialog"], [data-id="change-dialog"]',
    );
    const focused = form?.focusLastControl ? form.focusLastControl() : focusLastFooterButton(this.template);
    if (!focused) {
      this.handleTrapEnd();
    }
  }

  handleDialogKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.closeDialog();
    }
  }

  /** Closes the dialog and puts focus back on the menu it was opened from. */
  closeDialog(): void {
    this.dialog = undefined;
    this.focusMenu();
  }

  /** The embedded cancel or change form finished: it has raised its toast and told the page. */
  handleDialogDone(): void {
    this.closeDialog();
  }

  async handlePause(): Promise<void> {
    const recordId = this.subscription?.id;
    if (!recordId || this.pauseDisabled) {
      return;
    }
    this.isWorking = true;
    this.pauseError = undefined;
    let result: ChangeResult;
    try {
      result = (await pauseCollection({
        subscriptionRecordId: recordId,
        behavior: this.behavior,
        resumesAt: startOfDayInUserZone(this.resumesOn) ?? null,
      })) as ChangeResult;
    } catch (error) {
      // Shown once, in the dialog.
      this.pauseError = error;
      return;
    } finally {
      this.isWorking = false;
    }
    const until = formatDate(result.pauseResumesAt);
    const message = until
      ? formatLabel(LABELS.pauseDoneUntil, this.planName, until)
      : formatLabel(LABELS.pauseDoneMessage, this.planName);
    await this.succeeded(recordId, LABELS.pauseDone, message);
    this.closeDialog();
  }

  private async runNow(action: Action): Promise<void> {
    const recordId = this.subscription?.id;
    if (!recordId || this.isWorking) {
      return;
    }
    this.isWorking = true;
    let title: string;
    let message: string;
    try {
      ({ title, message } = await this.call(action, recordId));
    } catch (error) {
      // Shown once, under the row; no toast.
      this.errorHeading = this.failedHeading(action);
      this.error = error;
      this.focusMenu();
      return;
    } finally {
      this.isWorking = false;
    }
    await this.succeeded(recordId, title, message);
    this.focusMenu();
  }

  private async call(action: Action, recordId: string): Promise<{ title: string; message: string }> {
    const params = { subscriptionRecordId: recordId };
    switch (action) {
      case 'undo':
        await undoCancellation(params);
        return { title: LABELS.actionsUndoDone, message: formatLabel(LABELS.actionsUndoDoneMessage, this.planName) };
      case 'resume':
        await resumeCollection(params);
        return {
          title: LABELS.actionsResumeDone,
          message: formatLabel(LABELS.actionsResumeDoneMessage, this.planName),
        };
      case 'regenerate': {
        const link = (await regenerateCheckoutLink(params)) as StripeCheckoutService.CheckoutLink;
        return {
          title: LABELS.actionsRegenerateDone,
          message: formatLabel(LABELS.actionsRegenerateDoneMessage, this.planName, formatDate(link.expiresAt, true)),
        };
      }
      default: {
        const sent = (await emailCheckoutLink(params)) as StripeBillingEmail.EmailResult;
        return {
          title: LABELS.actionsEmailDone,
          message: formatLabel(LABELS.actionsEmailDoneMessage, sent.sentTo ?? ''),
        };
      }
    }
  }

  private failedHeading(action: Action): string {
    const headings: Partial<Record<Action, string>> = {
      undo: LABELS.actionsUndoFailed,
      resume: LABELS.actionsResumeFailed,
      regenerate: LABELS.actionsRegenerateFailed,
      email: LABELS.actionsEmailFailed,
    };
    return headings[action] ?? LABELS.errorGeneric;
  }

  /** A success toast, and the page told: the record (LDS) and the other Stripe components (LMS). */
  private async succeeded(recordId: string, title: string, message: string): Promise<void> {
    const note = title === LABELS.actionsEmailDone ? message : `${message} ${LABELS.actionsUpdatesSoon}`;
    this.dispatchEvent(new ShowToastEvent({ title, message: note, variant: 'success' }));
    await announceBillingUpdate(this.messageContext, { contactId: this.contactId, recordId });
  }

  private focusMenu(): void {
    // After the re-render that removes the dialog.
    Promise.resolve()
      .then(() => {
        this.template?.querySelector<HTMLElement>('[data-id="menu"]')?.focus();
      })
      .catch(() => undefined);
  }
}
