import { createElement } from 'lwc';
import * as uiRecordApi from 'lightning/uiRecordApi';
import * as messageService from 'lightning/messageService';
import undoCancellation from '@salesforce/apex/StripeSubscriptionController.undoCancellation';
import pauseCollection from '@salesforce/apex/StripeSubscriptionChangeController.pauseCollection';
import resumeCollection from '@salesforce/apex/StripeSubscriptionChangeController.resumeCollection';
import regenerateCheckoutLink from '@salesforce/apex/StripeCheckoutController.regenerateCheckoutLink';
import emailCheckoutLink from '@salesforce/apex/StripeCheckoutController.emailCheckoutLink';
import type {
  StripeBillingEmail,
  StripeBillingHistoryController,
  StripeCheckoutService,
  StripeSubscriptionController,
  StripeSubscriptionResults,
} from 'c/stripeApexTypes';
import StripeSubscriptionActions from '../stripeSubscriptionActions';
import subscriptionRows from './data/subscriptionRows.json';
import undoCancellationFixture from './data/undoCancellation.json';
import undoCancellationError from './data/undoCancellationError.json';
import pauseCollectionFixture from './data/pauseCollection.json';
import resumeCollectionFixture from './data/resumeCollection.json';
import regenerateCheckoutLinkFixture from './data/regenerateCheckoutLink.json';
import emailCheckoutLinkFixture from './data/emailCheckoutLink.json';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

jest.mock('@salesforce/customPermission/Stripe_Cancel_Subscription', () => ({ default: true }));
jest.mock('@salesforce/customPermission/Stripe_Pause_Subscription', () => ({ default: true }));
jest.mock('@salesforce/customPermission/Stripe_Change_Subscription', () => ({ default: true }));
jest.mock('@salesforce/customPermission/Stripe_Create_Checkout_Link', () => ({ default: true }));

// The fixtures have the shapes the Apex methods return (types generated from the Apex classes).
const rows = subscriptionRows satisfies Record<string, StripeBillingHistoryController.SubscriptionRow>;
const undone = undoCancellationFixture satisfies StripeSubscriptionController.CancelResult;
const paused = pauseCollectionFixture satisfies StripeSubscriptionResults.ChangeResult;
const resumed = resumeCollectionFixture satisfies StripeSubscriptionResults.ChangeResult;
const regenerated = regenerateCheckoutLinkFixture satisfies StripeCheckoutService.CheckoutLink;
const emailed = emailCheckoutLinkFixture satisfies StripeBillingEmail.EmailResult;

const undoMock = jest.spyOn(apexStub(undoCancellation), 'invoke');
const pauseMock = jest.spyOn(apexStub(pauseCollection), 'invoke');
const resumeMock = jest.spyOn(apexStub(resumeCollection), 'invoke');
const regenerateMock = jest.spyOn(apexStub(regenerateCheckoutLink), 'invoke');
const emailMock = jest.spyOn(apexStub(emailCheckoutLink), 'invoke');
const notifyMock = jest.spyOn(uiRecordApi, 'notifyRecordUpdateAvailable');
const publishMock = jest.spyOn(messageService, 'publish');

const CONTACT_ID = '003000000000001AAA';

interface Base extends HTMLElement {
  label?: string;
  value?: unknown;
  alternativeText?: string;
  options?: { label: string; value: string }[];
  disabled?: boolean;
  heading?: string;
  error?: unknown;
  recordId?: string;
  embedded?: boolean;
  isLoading?: boolean;
  min?: string;
}

interface Toast {
  title: string;
  message: string;
  variant: string;
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const query = (root: ParentNode, selector: string): Base | null => root.querySelector<Base>(selector);

async function mount(row: StripeBillingHistoryController.SubscriptionRow, planTitle?: string) {
  const element = createElement('c-stripe-subscription-actions', { is: StripeSubscriptionActions }) as HTMLElement & {
    subscription?: unknown;
    planTitle?: string;
    contactId?: string;
  };
  element.subscription = row;
  element.planTitle = planTitle ?? row.planName;
  element.contactId = CONTACT_ID;
  const toasts: Toast[] = [];
  element.addEventListener('lightning__showtoast', (event) => toasts.push((event as CustomEvent<Toast>).detail));
  document.body.appendChild(element);
  await flushPromises();
  return { root: element.shadowRoot as ShadowRoot, toasts };
}

const itemLabels = (root: ShadowRoot): string[] =>
  Array.from(root.querySelectorAll<Base>('lightning-menu-item')).map((item) => item.label ?? '');

async function choose(root: ShadowRoot, value: string): Promise<void> {
  query(root, '[data-id="menu"]')?.dispatchEvent(new CustomEvent('select', { detail: { value } }));
  await flushPromises();
}

describe('c-stripe-subscription-actions', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('names the menu after the subscription and offers what an active subscription allows', async () => {
    const { root } = await mount(rows.active);
    expect(query(root, '[data-id="menu"]')?.alternativeText).toBe('Actions for Pro – 49.00 EUR / month');
    expect(itemLabels(root)).toEqual(['Change plan or quantity', 'Pause payment collection', 'Cancel subscription']);
  });

  it.each([
    ['cancelling', ['Undo cancellation', 'Change plan or quantity', 'Pause payment collection', 'Cancel subscription']],
    ['paused', ['Change plan or quantity', 'Resume payment collection', 'Cancel subscription']],
    ['unpaid', ['Pause payment collection', 'Cancel subscription']],
    ['linkOpen', ['Create a new payment link', 'Email payment link']],
    ['linkLapsed', ['Create a new payment link']],
    ['linkExpired', ['Create a new payment link']],
  ] as const)('offers by state: %s', async (name, expected) => {
    const { root } = await mount(rows[name]);
    expect(itemLabels(root)).toEqual(expected);
  });

  it('has no menu for a canceled subscription', async () => {
    const { root } = await mount(rows.canceled);
    expect(root.querySelector('[data-id="menu"]')).toBeNull();
  });

  it('undoes a cancellation: toast, record and page told, focus back on the menu', async () => {
    undoMock.mockResolvedValue(undone);
    const { root, toasts } = await mount(rows.cancelling);
    const menu = query(root, '[data-id="menu"]') as Base;
    const focus = jest.spyOn(menu, 'focus');
    await choose(root, 'undo');
    expect(undoMock).toHaveBeenCalledWith({ subscriptionRecordId: rows.cancelling.id });
    expect(toasts).toEqual([
      {
        title: 'Cancellation undone',
        message:
          'Pro – 49.00 EUR / month continues and renews as usual. The record updates a few seconds later, when Stripe confirms.',
        variant: 'success',
      },
    ]);
    expect(notifyMock).toHaveBeenCalledWith([{ recordId: rows.cancelling.id }]);
    expect(publishMock).toHaveBeenCalledWith(expect.anything(), expect.anything(), {
      contactId: CONTACT_ID,
      recordId: rows.cancelling.id,
    });
    expect(focus).toHaveBeenCalled();
  });

  it('shows a failed undo once, in the error panel under the row, without SOQL', async () => {
    undoMock.mockRejectedValue(undoCancellationError);
    const { root, toasts } = await mount(rows.cancelling);
    await choose(root, 'undo');
    const panel = query(root, '[data-id="action-error"]');
    expect(panel?.heading).toBe('The cancellation could not be undone.');
    expect(panel?.error).toEqual(undoCancellationError);
    const text = panel?.shadowRoot?.textContent ?? '';
    expect(text).toContain('req_4Fh2kLm9QwErTy');
    expect(text).not.toContain('SELECT');
    expect(toasts).toEqual([]);
    expect(notifyMock).not.toHaveBeenCalled();
  });

  it('resumes payment collection at once', async () => {
    resumeMock.mockResolvedValue(resumed);
    const { root, toasts } = await mount(rows.paused);
    await choose(root, 'resume');
    expect(resumeMock).toHaveBeenCalledWith({ subscriptionRecordId: rows.paused.id });
    expect(toasts[0].title).toBe('Payment collection resumed');
    expect(toasts[0].message).toContain('Stripe collects the payments of Basic – 99.00 USD / 3 months again.');
  });

  it('creates a new payment link on the same record and says when it expires', async () => {
    regenerateMock.mockResolvedValue(regenerated);
    const { root, toasts } = await mount(rows.linkExpired, 'Subscription SUB-00017');
    await choose(root, 'regenerate');
    expect(regenerateMock).toHaveBeenCalledWith({ subscriptionRecordId: rows.linkExpired.id });
    // The Jest user's time zone (jest/user.ts) is America/Los_Angeles.
    expect(toasts[0].title).toBe('New payment link created');
    expect(toasts[0].message).toContain('The new link for Subscription SUB-00017 expires Dec 4, 2026, 02:00 AM.');
    expect(publishMock).toHaveBeenCalled();
  });

  it('emails the open payment link to the Contact', async () => {
    emailMock.mockResolvedValue(emailed);
    const { root, toasts } = await mount(rows.linkOpen);
    await choose(root, 'email');
    expect(emailMock).toHaveBeenCalledWith({ subscriptionRecordId: rows.linkOpen.id });
    expect(toasts[0]).toEqual({
      title: 'Payment link sent',
      message: 'The payment link was emailed to ada@example.com.',
      variant: 'success',
    });
  });

  it('reports a failed email under the row', async () => {
    emailMock.mockRejectedValue({ body: { message: 'The Contact has no email address.' } });
    const { root, toasts } = await mount(rows.linkOpen);
    await choose(root, 'email');
    expect(query(root, '[data-id="action-error"]')?.heading).toBe('The payment link could not be emailed.');
    expect(toasts).toEqual([]);
  });

  it('opens the cancel dialog with the cancel form embedded, and closes it on done', async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'cancel');
    const dialog = query(root, '[data-id="dialog"]');
    expect(dialog?.getAttribute('role')).toBe('dialog');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(dialog?.getAttribute('aria-label')).toBe('Cancel Stripe subscription');
    const form = query(root, '[data-id="cancel-dialog"]');
    expect(form?.recordId).toBe(rows.active.id);
    expect(form?.embedded).toBe(true);
    const menu = query(root, '[data-id="menu"]') as Base;
    const focus = jest.spyOn(menu, 'focus');
    form?.dispatchEvent(new CustomEvent('done'));
    await flushPromises();
    expect(root.querySelector('[data-id="dialog"]')).toBeNull();
    expect(focus).toHaveBeenCalled();
  });

  it('opens the plan-change dialog and closes it with Escape or the close button', async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'change');
    expect(query(root, '[data-id="dialog"]')?.getAttribute('aria-label')).toBe('Change plan or quantity');
    expect(query(root, '[data-id="change-dialog"]')?.recordId).toBe(rows.active.id);
    query(root, '[data-id="dialog"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(root.querySelector('[data-id="dialog"]')).toBeNull();

    await choose(root, 'change');
    query(root, '[data-id="dialog-close"]')?.click();
    await flushPromises();
    expect(root.querySelector('[data-id="dialog"]')).toBeNull();
  });

  it('pauses collection with the chosen behavior and an optional resume date', async () => {
    pauseMock.mockResolvedValue(paused);
    const { root, toasts } = await mount(rows.active);
    await choose(root, 'pause');
    const behavior = query(root, '[data-id="behavior"]');
    expect(behavior?.label).toBe('What happens to invoices while paused?');
    expect(behavior?.value).toBe('keep_as_draft');
    expect(behavior?.options?.map((option) => option.value)).toEqual(['keep_as_draft', 'mark_uncollectible', 'void']);
    behavior?.dispatchEvent(new CustomEvent('change', { detail: { value: 'void' } }));
    query(root, '[data-id="resumes-on"]')?.dispatchEvent(
      new CustomEvent('change', { detail: { value: '2099-02-01' } }),
    );
    await flushPromises();
    query(root, '[data-id="pause-confirm"]')?.click();
    await flushPromises();
    expect(pauseMock).toHaveBeenCalledWith({
      subscriptionRecordId: rows.active.id,
      behavior: 'void',
      // Midnight in the user's time zone (America/Los_Angeles in Jest, jest/user.ts).
      resumesAt: '2099-02-01T08:00:00.000Z',
    });
    expect(toasts[0].title).toBe('Payment collection paused');
    expect(toasts[0].message).toContain(
      'Stripe stops collecting the payments of Pro – 49.00 EUR / month until Feb 1, 2099.',
    );
    expect(root.querySelector('[data-id="dialog"]')).toBeNull();
  });

  it('pauses without a resume date; refuses a past date; keeps the dialog open on an error', async () => {
    pauseMock.mockRejectedValueOnce({ body: { message: 'Stripe refused the pause.' } });
    pauseMock.mockResolvedValueOnce({ ...paused, pauseResumesAt: undefined });
    const { root, toasts } = await mount(rows.active);
    await choose(root, 'pause');
    query(root, '[data-id="resumes-on"]')?.dispatchEvent(
      new CustomEvent('change', { detail: { value: '2020-01-01' } }),
    );
    await flushPromises();
    expect(query(root, '[data-id="pause-confirm"]')?.disabled).toBe(true);
    query(root, '[data-id="resumes-on"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: '' } }));
    await flushPromises();
    query(root, '[data-id="pause-confirm"]')?.click();
    await flushPromises();
    expect(query(root, '[data-id="pause-error"]')?.heading).toBe('Payment collection could not be paused.');
    expect(toasts).toEqual([]);
    query(root, '[data-id="pause-confirm"]')?.click();
    await flushPromises();
    expect(pauseMock).toHaveBeenLastCalledWith({
      subscriptionRecordId: rows.active.id,
      behavior: 'keep_as_draft',
      resumesAt: null,
    });
    expect(toasts[0].message).toContain('Stripe stops collecting the payments of Pro – 49.00 EUR / month.');
    query(root, '[data-id="pause-cancel"]')?.click();
  });
});

/**
 * The row menu's dialog is keyboard accessible as the WAI-ARIA modal dialog pattern asks
 * (https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/): focus moves into it on open, Tab and
 * Shift+Tab cycle inside it (the guards before and after it wrap focus round), Escape closes it and
 * focus returns to the row menu button it was opened from.
 */
describe('c-stripe-subscription-actions dialog keyboard', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.restoreAllMocks();
    jest.clearAllMocks();
  });

  /** Focus landing on a trap guard, as Tab past the last control (or Shift+Tab before the first) does. */
  async function tabOnto(root: ShadowRoot, guard: 'trap-start' | 'trap-end'): Promise<void> {
    query(root, `[data-id="${guard}"]`)?.dispatchEvent(new FocusEvent('focus'));
    await flushPromises();
  }

  it('takes focus on open, and puts a focusable guard on each side of the dialog', async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'pause');
    const dialog = query(root, '[data-id="dialog"]');
    expect(root.activeElement).toBe(dialog);
    const start = query(root, '[data-id="trap-start"]');
    const end = query(root, '[data-id="trap-end"]');
    expect(start?.getAttribute('tabindex')).toBe('0');
    expect(end?.getAttribute('tabindex')).toBe('0');
    // In document order: guard, dialog, guard; the guards are outside the dialog so Tab from it goes in.
    expect(start?.compareDocumentPosition(dialog as Node)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    expect(end?.compareDocumentPosition(dialog as Node)).toBe(Node.DOCUMENT_POSITION_PRECEDING);
  });

  it('Tab past the last control wraps to the close button', async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'change');
    const close = jest.spyOn(query(root, '[data-id="dialog-close"]') as Base, 'focus');
    await tabOnto(root, 'trap-end');
    expect(close).toHaveBeenCalledTimes(1);
  });

  it("Shift+Tab before the first control wraps to the pause dialog's last enabled button", async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'pause');
    const confirm = jest.spyOn(query(root, '[data-id="pause-confirm"]') as Base, 'focus');
    const cancel = jest.spyOn(query(root, '[data-id="pause-cancel"]') as Base, 'focus');
    await tabOnto(root, 'trap-start');
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(cancel).not.toHaveBeenCalled();

    // A resume date in the past disables "Pause collection": Cancel is then the last control.
    query(root, '[data-id="resumes-on"]')?.dispatchEvent(
      new CustomEvent('change', { detail: { value: '2020-01-01' } }),
    );
    await flushPromises();
    await tabOnto(root, 'trap-start');
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it("Shift+Tab before the first control wraps into the embedded form's last button", async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'cancel');
    const form = query(root, '[data-id="cancel-dialog"]') as Base;
    // The record is still loading: the form offers only its Close button.
    const formClose = jest.spyOn(form.shadowRoot?.querySelector('[data-id="close"]') as Base, 'focus');
    await tabOnto(root, 'trap-start');
    expect(formClose).toHaveBeenCalledTimes(1);
  });

  it('Escape closes the dialog and returns focus to the row menu button', async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'pause');
    const focus = jest.spyOn(query(root, '[data-id="menu"]') as Base, 'focus');
    query(root, '[data-id="behavior"]')?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await flushPromises();
    expect(root.querySelector('[data-id="dialog"]')).toBeNull();
    expect(root.querySelector('[data-id="trap-start"]')).toBeNull();
    expect(focus).toHaveBeenCalledTimes(1);
  });

  it('other keys leave the dialog open', async () => {
    const { root } = await mount(rows.active);
    await choose(root, 'pause');
    query(root, '[data-id="dialog"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await flushPromises();
    expect(root.querySelector('[data-id="dialog"]')).not.toBeNull();
  });
});
