import { createElement } from 'lwc';
import * as uiRecordApi from 'lightning/uiRecordApi';
import { CloseActionScreenEvent } from 'lightning/actions';
import cancelSubscription from '@salesforce/apex/StripeSubscriptionController.cancelSubscription';
import cancelSubscriptionOn from '@salesforce/apex/StripeSubscriptionController.cancelSubscriptionOn';
import type { StripeSubscriptionController } from 'c/stripeApexTypes';
import StripeCancelSubscription from '../stripeCancelSubscription';
import getRecordActive from './data/getRecordActive.json';
import getRecordLinkSent from './data/getRecordLinkSent.json';
import getRecordError from './data/getRecordError.json';
import cancelAtPeriodEnd from './data/cancelAtPeriodEnd.json';
import cancelError from './data/cancelError.json';
import cancelSubscriptionOnFixture from './data/cancelSubscriptionOn.json';
import { getRecord as getRecordAdapter } from '../../../../../../tools/platform-stubs/lightning/uiRecordApi';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

jest.mock('@salesforce/customPermission/Stripe_Cancel_Subscription', () => ({ default: true }));

const cancelMock = jest.spyOn(apexStub(cancelSubscription), 'invoke');
const cancelOnMock = jest.spyOn(apexStub(cancelSubscriptionOn), 'invoke');
// The fixture has the shape the Apex method returns (types generated from the Apex classes).
const cancelledOn = cancelSubscriptionOnFixture satisfies StripeSubscriptionController.CancelResult;
const notifyMock = jest.spyOn(uiRecordApi, 'notifyRecordUpdateAvailable');

const RECORD_ID = 'a02000000000007AAA';

interface BaseComponent extends HTMLElement {
  label?: string;
  value?: unknown;
  options?: { label: string; value: string }[];
  disabled?: boolean;
  required?: boolean;
}

interface ToastDetail {
  title: string;
  message: string;
  variant: string;
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(
  record?: unknown,
  embedded = false,
): Promise<{ root: ShadowRoot; toasts: ToastDetail[]; closed: jest.Mock; done: jest.Mock }> {
  const element = createElement('c-stripe-cancel-subscription', { is: StripeCancelSubscription }) as HTMLElement & {
    recordId?: string;
    embedded?: boolean;
  };
  element.recordId = RECORD_ID;
  element.embedded = embedded;
  const done = jest.fn();
  element.addEventListener('done', done);
  const toasts: ToastDetail[] = [];
  element.addEventListener('lightning__showtoast', (event) => toasts.push((event as CustomEvent<ToastDetail>).detail));
  const closed = jest.fn();
  // Embedded, the component closes its dialog; as a quick action, the action screen.
  element.addEventListener(embedded ? 'close' : new CloseActionScreenEvent().type, closed);
  document.body.appendChild(element);
  if (record) {
    getRecordAdapter.emit(record);
  }
  await flushPromises();
  return { root: element.shadowRoot as ShadowRoot, toasts, closed, done };
}

const query = (root: ParentNode, selector: string): BaseComponent | null => root.querySelector<BaseComponent>(selector);

describe('c-stripe-cancel-subscription', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('offers period end (default) or immediately, with a labelled choice', async () => {
    const { root } = await mount(getRecordActive);
    const when = query(root, '[data-id="when"]');
    expect(when?.label).toBe('When should it end?');
    expect(when?.required).toBe(true);
    expect(when?.value).toBe('period_end');
    // The user's time zone (jest/user.ts: America/Los_Angeles): Dec 1 00:00 UTC is Nov 30 there.
    expect(when?.options?.map((option) => option.label)).toEqual([
      'At the end of the current period, Nov 30, 2026 (no further charge)',
      'Immediately',
      'On a date',
    ]);
    expect(query(root, '[data-id="cancel"]')?.label).toBe('Cancel subscription');
  });

  it('names the plan, its amount and its status, not only the record name', async () => {
    const { root } = await mount(getRecordActive);
    expect(root.querySelector('[data-id="plan"]')?.textContent).toBe('Pro – 49.00 EUR / month');
    expect(root.querySelector('[data-id="amount"]')?.textContent).toBe('€98.00 / month');
    expect(query(root, '[data-id="status"]')?.label).toBe('Active');
  });

  it('says "Cancel now" on the button when immediately is chosen', async () => {
    const { root } = await mount(getRecordActive);
    query(root, '[data-id="when"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: 'now' } }));
    await flushPromises();
    expect(query(root, '[data-id="cancel"]')?.label).toBe('Cancel now');
  });

  it('cancels at the period end, tells the user, reloads the record and closes', async () => {
    cancelMock.mockResolvedValue(cancelAtPeriodEnd);
    const { root, toasts, closed } = await mount(getRecordActive);
    query(root, '[data-id="cancel"]')?.click();
    await flushPromises();
    expect(cancelMock).toHaveBeenCalledWith({ subscriptionRecordId: RECORD_ID, atPeriodEnd: true });
    expect(toasts[0]).toEqual(
      expect.objectContaining({ variant: 'success', message: 'Pro – 49.00 EUR / month ends on Nov 30, 2026.' }),
    );
    expect(notifyMock).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
    expect(closed).toHaveBeenCalled();
  });

  it('focuses its last enabled button for the focus trap of the dialog it is embedded in', async () => {
    const { root } = await mount(getRecordActive, true);
    const host = root.host as HTMLElement & { focusLastControl: () => boolean };
    const confirm = jest.spyOn(query(root, '[data-id="cancel"]') as BaseComponent, 'focus');
    const close = jest.spyOn(query(root, '[data-id="close"]') as BaseComponent, 'focus');
    expect(host.focusLastControl()).toBe(true);
    expect(confirm).toHaveBeenCalledTimes(1);

    // "On a date" with no date yet: the confirm button is disabled, Close is the last control.
    query(root, '[data-id="when"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: 'date' } }));
    await flushPromises();
    expect(host.focusLastControl()).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it('cancels immediately when chosen', async () => {
    cancelMock.mockResolvedValue({ status: 'canceled', cancelAtPeriodEnd: false });
    const { root, toasts } = await mount(getRecordActive);
    query(root, '[data-id="when"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: 'now' } }));
    query(root, '[data-id="cancel"]')?.click();
    await flushPromises();
    expect(cancelMock).toHaveBeenCalledWith({ subscriptionRecordId: RECORD_ID, atPeriodEnd: false });
    expect(toasts[0].message).toBe('Pro – 49.00 EUR / month is canceled in Stripe.');
  });

  it('shows Stripe’s message when the cancellation fails', async () => {
    cancelMock.mockRejectedValue(cancelError);
    const { root, toasts, closed } = await mount(getRecordActive);
    query(root, '[data-id="cancel"]')?.click();
    await flushPromises();
    const error = root.querySelector<HTMLElement & { heading?: string; error?: unknown }>('[data-id="cancel-error"]');
    expect(error?.heading).toBe('The cancellation failed.');
    expect(error?.error).toEqual(cancelError);
    // Once, in the panel: no error toast as well.
    expect(toasts).toEqual([]);
    expect(closed).not.toHaveBeenCalled();
  });

  it('explains why a payment-link subscription cannot be canceled', async () => {
    const { root } = await mount(getRecordLinkSent);
    expect(root.querySelector('[data-id="not-cancelable"]')?.textContent).toContain('payment link has not been paid');
    expect(root.querySelector('[data-id="cancel"]')).toBeNull();
  });

  it('explains an already canceled subscription', async () => {
    const canceled = JSON.parse(JSON.stringify(getRecordActive)) as typeof getRecordActive;
    canceled.fields.Status__c.value = 'canceled';
    const { root } = await mount(canceled);
    expect(root.querySelector('[data-id="not-cancelable"]')?.textContent).toContain('already canceled');
  });

  /** The active record with a scheduled cancellation. */
  function scheduled(atPeriodEnd: boolean, cancelAt: string | null): unknown {
    const record = JSON.parse(JSON.stringify(getRecordActive)) as {
      fields: Record<string, { value: unknown; displayValue: null }>;
    };
    record.fields.Cancel_At_Period_End__c.value = atPeriodEnd;
    record.fields.Cancel_At__c = { value: cancelAt, displayValue: null };
    return record;
  }

  it('shows the current period end read from the record when nothing is scheduled', async () => {
    const { root } = await mount(getRecordActive);
    const periodEnd = root.querySelector('[data-id="period-end"]');
    expect(periodEnd?.textContent).toBe('The current period ends Nov 30, 2026.');
    expect(root.querySelector('[data-id="pending-cancellation"]')).toBeNull();
  });

  it('does not offer "at the period end" again when it is already scheduled (no no-op)', async () => {
    cancelMock.mockResolvedValue({ status: 'canceled', cancelAtPeriodEnd: false });
    const { root } = await mount(scheduled(true, '2026-12-01T00:00:00.000Z'));
    // Only "now" is left: no radio group with one choice, the button says what it does.
    expect(query(root, '[data-id="when"]')).toBeNull();
    expect(query(root, '[data-id="cancel"]')?.label).toBe('Cancel now');
    expect(root.querySelector('[data-id="pending-cancellation"]')?.textContent).toBe(
      'Already scheduled to cancel on Nov 30, 2026. You can cancel it now instead.',
    );
    query(root, '[data-id="cancel"]')?.click();
    await flushPromises();
    expect(cancelMock).toHaveBeenCalledWith({ subscriptionRecordId: RECORD_ID, atPeriodEnd: false });
  });

  it('treats a cancellation scheduled by date before the period end as pending, with its date', async () => {
    const { root } = await mount(scheduled(false, '2026-11-20T08:00:00.000Z'));
    expect(query(root, '[data-id="when"]')).toBeNull();
    expect(root.querySelector('[data-id="pending-cancellation"]')?.textContent).toContain('Nov 20, 2026');
  });

  it('still offers the period end when the scheduled date is later than the period end', async () => {
    const { root } = await mount(scheduled(false, '2027-03-01T00:00:00.000Z'));
    const when = query(root, '[data-id="when"]');
    expect(when?.options?.map((option) => option.value)).toEqual(['period_end', 'now', 'date']);
    expect(when?.value).toBe('period_end');
    expect(root.querySelector('[data-id="pending-cancellation"]')?.textContent).toContain('Feb 28, 2027');
  });

  it('cancels on a chosen date: the start of that day in the user’s time zone', async () => {
    cancelOnMock.mockResolvedValue(cancelledOn);
    const { root, toasts } = await mount(getRecordActive);
    query(root, '[data-id="when"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: 'date' } }));
    await flushPromises();
    const date = root.querySelector<BaseComponent & { min?: string }>('[data-id="cancel-date"]');
    expect(date?.label).toBe('Cancellation date');
    expect(date?.required).toBe(true);
    // Tomorrow at the earliest.
    expect((date?.min ?? '') > new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)).toBe(true);
    expect(query(root, '[data-id="cancel"]')?.disabled).toBe(true);
    date?.dispatchEvent(new CustomEvent('change', { detail: { value: '2099-01-15' } }));
    await flushPromises();
    expect(query(root, '[data-id="cancel"]')?.disabled).toBe(false);
    query(root, '[data-id="cancel"]')?.click();
    await flushPromises();
    // The Jest user's time zone (jest/user.ts) is America/Los_Angeles: midnight there is 08:00 UTC in January.
    expect(cancelOnMock).toHaveBeenCalledWith({
      subscriptionRecordId: RECORD_ID,
      cancelAt: '2099-01-15T08:00:00.000Z',
    });
    expect(cancelMock).not.toHaveBeenCalled();
    expect(toasts[0].message).toBe('Pro – 49.00 EUR / month ends on Jan 15, 2099.');
  });

  it('refuses a date that is not after today', async () => {
    const { root } = await mount(getRecordActive);
    query(root, '[data-id="when"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: 'date' } }));
    await flushPromises();
    query(root, '[data-id="cancel-date"]')?.dispatchEvent(
      new CustomEvent('change', { detail: { value: '2020-01-01' } }),
    );
    await flushPromises();
    expect(query(root, '[data-id="cancel"]')?.disabled).toBe(true);
  });

  it('inside the row menu’s dialog, fires done and close instead of closing a quick action', async () => {
    cancelMock.mockResolvedValue(cancelAtPeriodEnd);
    const { root, closed, done, toasts } = await mount(getRecordActive, true);
    query(root, '[data-id="cancel"]')?.click();
    await flushPromises();
    expect(done).toHaveBeenCalledTimes(1);
    const [[event]] = done.mock.calls as Array<[CustomEvent<{ recordId: string }>]>;
    expect(event.detail.recordId).toBe(RECORD_ID);
    expect(toasts).toHaveLength(1);
    expect(closed).not.toHaveBeenCalled();
    query(root, '[data-id="close"]')?.click();
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('shows a loading error and closes with Close', async () => {
    const { root, closed } = await mount();
    getRecordAdapter.error(getRecordError.body, getRecordError.status);
    await flushPromises();
    expect(root.querySelector<HTMLElement & { heading?: string }>('[data-id="load-error"]')?.heading).toBe(
      'The subscription could not be loaded.',
    );
    query(root, '[data-id="close"]')?.click();
    expect(closed).toHaveBeenCalled();
  });
});
