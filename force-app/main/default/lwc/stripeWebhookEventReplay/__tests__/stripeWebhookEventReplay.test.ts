import { createElement } from 'lwc';
import * as uiRecordApi from 'lightning/uiRecordApi';
import { CloseActionScreenEvent } from 'lightning/actions';
import replay from '@salesforce/apex/StripeWebhookReplayController.replay';
import StripeWebhookEventReplay from '../stripeWebhookEventReplay';
import getRecordFailed from './data/getRecordFailed.json';
import getRecordRetrying from './data/getRecordRetrying.json';
import getRecordProcessed from './data/getRecordProcessed.json';
import getRecordIgnored from './data/getRecordIgnored.json';
import getRecordError from './data/getRecordError.json';
import replayError from './data/replayError.json';
import { getRecord as getRecordAdapter } from '../../../../../../tools/platform-stubs/lightning/uiRecordApi';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

jest.mock('@salesforce/customPermission/Stripe_Replay_Webhook_Event', () => ({ default: true }));

const replayMock = jest.spyOn(apexStub(replay), 'invoke');
const notifyMock = jest.spyOn(uiRecordApi, 'notifyRecordUpdateAvailable');

const RECORD_ID = 'a03000000000042AAA';

interface BaseComponent extends HTMLElement {
  value?: unknown;
  label?: string;
  alternativeText?: string;
  disabled?: boolean;
  variant?: string;
  header?: string;
}

interface ToastDetail {
  title: string;
  message: string;
  variant: string;
  mode?: string;
}

interface Mounted {
  element: HTMLElement;
  root: ShadowRoot;
  toasts: ToastDetail[];
  closed: jest.Mock;
}

/** Lets the wire adapter, promise callbacks and the re-render settle. */
const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(record?: unknown): Promise<Mounted> {
  const element = createElement('c-stripe-webhook-event-replay', { is: StripeWebhookEventReplay }) as HTMLElement & {
    recordId?: string;
  };
  element.recordId = RECORD_ID;
  const toasts: ToastDetail[] = [];
  element.addEventListener('lightning__showtoast', (event) => toasts.push((event as CustomEvent<ToastDetail>).detail));
  const closed = jest.fn();
  element.addEventListener(new CloseActionScreenEvent().type, closed);
  document.body.appendChild(element);
  if (record) {
    getRecordAdapter.emit(record);
  }
  await flushPromises();
  return { element, root: element.shadowRoot as ShadowRoot, toasts, closed };
}

const query = (root: ParentNode, selector: string): BaseComponent | null => root.querySelector<BaseComponent>(selector);

describe('c-stripe-webhook-event-replay (with the replay permission)', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('reads the event record with the fields it shows', async () => {
    await mount();
    const config = getRecordAdapter.getLastConfig() as {
      recordId: string;
      fields: unknown[];
      optionalFields: unknown[];
    };
    expect(config.recordId).toBe(RECORD_ID);
    expect(config.fields).toEqual([
      { objectApiName: 'Stripe_Webhook_Event__c', fieldApiName: 'Name' },
      { objectApiName: 'Stripe_Webhook_Event__c', fieldApiName: 'Status__c' },
    ]);
    expect(config.optionalFields).toHaveLength(7);
  });

  it('shows a labelled spinner and a disabled replay button while the event loads', async () => {
    const { root } = await mount();
    expect(query(root, 'lightning-spinner')?.alternativeText).toBe('Loading event');
    expect(query(root, '[data-id="replay"]')?.disabled).toBe(true);
  });

  it('shows status, attempts and last error of a failed event', async () => {
    const { root } = await mount(getRecordFailed);

    expect(query(root, 'lightning-quick-action-panel')?.header).toBe('Replay Stripe webhook event');
    expect(query(root, '[data-id="name"]')?.textContent).toBe('EVT-0000042');
    expect(query(root, '[data-id="event-id"]')?.textContent).toBe('evt_1QxYz');
    expect(query(root, '[data-id="type"]')?.textContent).toBe('invoice.payment_failed');
    const status = query(root, '[data-id="status"]');
    expect(status?.label).toBe('Failed');
    expect(status?.classList.contains('slds-theme_error')).toBe(true);
    expect(query(root, '[data-id="status-reason"]')).toBeNull();
    expect(query(root, '[data-id="attempts"]')?.textContent).toBe('6');
    expect(query(root, '[data-id="next-attempt"]')).toBeNull();
    expect(query(root, '[data-id="last-error"]')?.textContent).toContain('REQUIRED_FIELD_MISSING');
    expect(query(root, 'lightning-spinner')).toBeNull();
    expect(query(root, '[data-id="no-permission"]')).toBeNull();
  });

  it('shows when a retrying event is attempted next', async () => {
    const { root } = await mount(getRecordRetrying);
    expect(query(root, '[data-id="status"]')?.label).toBe('Retrying');
    expect(query(root, '[data-id="status"]')?.classList.contains('slds-theme_warning')).toBe(true);
    expect(query(root, '[data-id="next-attempt"] lightning-formatted-date-time')?.value).toBe(
      '2026-11-23T10:30:00.000Z',
    );
  });

  it('warns before replaying an event that was already processed', async () => {
    const { root } = await mount(getRecordProcessed);
    expect(query(root, '[data-id="status"]')?.label).toBe('Processed');
    expect(query(root, '[data-id="processed-at"] lightning-formatted-date-time')?.value).toBe(
      '2026-11-22T18:04:05.000Z',
    );
    expect(query(root, '[data-id="processed-note"]')?.textContent).toContain('already processed');
    expect(query(root, '[data-id="last-error"]')).toBeNull();
  });

  it('shows why an event was ignored, and defaults for missing fields', async () => {
    const { root } = await mount(getRecordIgnored);
    expect(query(root, '[data-id="status"]')?.label).toBe('Ignored');
    expect(query(root, '[data-id="status"]')?.className).toBe('');
    expect(query(root, '[data-id="status-reason"]')?.textContent).toBe('Unhandled event type: charge.dispute.created');
    expect(query(root, '[data-id="event-id"]')?.textContent).toBe('Not set');
    expect(query(root, '[data-id="type"]')?.textContent).toBe('Not set');
    expect(query(root, '[data-id="attempts"]')?.textContent).toBe('0');
  });

  it('shows an unknown status verbatim', async () => {
    const { root } = await mount({
      ...getRecordIgnored,
      fields: { Status__c: { value: 'archived', displayValue: 'archived' } },
    });
    expect(query(root, '[data-id="status"]')?.label).toBe('Unknown status (archived)');
  });

  it('shows a readable error when the event cannot be loaded', async () => {
    const { root } = await mount();
    getRecordAdapter.error(getRecordError, 403, 'Forbidden');
    await flushPromises();

    const panel = query(root, 'c-stripe-error-panel[data-id="load-error"]');
    const panelRoot = panel?.shadowRoot as ShadowRoot;
    expect(panelRoot.querySelector('[data-id="error-panel"]')?.getAttribute('role')).toBe('alert');
    expect(panelRoot.querySelector('[data-id="error-title"]')?.textContent).toBe('The event could not be loaded.');
    expect(panelRoot.querySelector('[data-id="error-message"]')?.textContent).toBe(
      "You don't have access to this record. Ask your administrator for help or to request access.",
    );
    expect(query(root, '[data-id="details"]')).toBeNull();
    expect(query(root, 'lightning-spinner')).toBeNull();
    expect(query(root, '[data-id="replay"]')?.disabled).toBe(true);
  });

  it('replays the event, toasts, notifies the record update and closes the action', async () => {
    replayMock.mockResolvedValue(undefined);
    const { root, toasts, closed } = await mount(getRecordFailed);

    query(root, '[data-id="replay"]')?.click();
    await flushPromises();

    expect(replayMock).toHaveBeenCalledWith({ eventRecordId: RECORD_ID });
    expect(toasts).toEqual([
      {
        title: 'Event replayed',
        message: 'EVT-0000042 was submitted for processing again.',
        variant: 'success',
      },
    ]);
    expect(notifyMock).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
    expect(closed).toHaveBeenCalledTimes(1);
    expect((closed.mock.calls[0] as [Event])[0].type).toBe(new CloseActionScreenEvent().type);
    expect(query(root, '[data-id="replay"]')?.disabled).toBe(false);
  });

  it('disables the button and shows a spinner while the replay runs, and replays only once', async () => {
    let finish: () => void = () => undefined;
    replayMock.mockImplementation(() => new Promise((resolve) => (finish = () => resolve(undefined))));
    const { root } = await mount(getRecordFailed);
    const button = query(root, '[data-id="replay"]') as BaseComponent;

    button.click();
    await flushPromises();
    expect(button.disabled).toBe(true);
    expect(query(root, 'lightning-spinner')?.alternativeText).toBe('Replaying event');
    button.click();
    expect(replayMock).toHaveBeenCalledTimes(1);

    finish();
    await flushPromises();
    expect(query(root, 'lightning-spinner')).toBeNull();
  });

  it('shows the error once, in the error panel, when the replay fails and keeps the action open', async () => {
    replayMock.mockRejectedValue(replayError);
    const { root, toasts, closed } = await mount(getRecordFailed);
    const focus = jest.spyOn(query(root, '[data-id="replay"]') as HTMLElement, 'focus');

    query(root, '[data-id="replay"]')?.click();
    await flushPromises();

    // Disabled while it ran, Replay gets focus back for the next attempt.
    expect(focus).toHaveBeenCalledTimes(1);
    expect(toasts).toEqual([]);
    const panelRoot = query(root, 'c-stripe-error-panel[data-id="replay-error"]')?.shadowRoot as ShadowRoot;
    expect(panelRoot.querySelector('[data-id="error-panel"]')?.getAttribute('role')).toBe('alert');
    expect(panelRoot.querySelector('[data-id="error-title"]')?.textContent).toBe('The replay failed.');
    expect(panelRoot.querySelector('[data-id="error-message"]')?.textContent).toBe(
      'The event payload could not be read: Unexpected character at [line:1, column:2]',
    );
    expect(notifyMock).not.toHaveBeenCalled();
    expect(closed).not.toHaveBeenCalled();
    expect(query(root, '[data-id="replay"]')?.disabled).toBe(false);
  });

  it('clears the previous replay error on the next attempt', async () => {
    replayMock.mockRejectedValueOnce(replayError).mockResolvedValueOnce(undefined);
    const { root, closed } = await mount(getRecordFailed);

    query(root, '[data-id="replay"]')?.click();
    await flushPromises();
    expect(query(root, '[data-id="replay-error"]')).not.toBeNull();

    query(root, '[data-id="replay"]')?.click();
    await flushPromises();
    expect(query(root, '[data-id="replay-error"]')).toBeNull();
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('names the event generically when the record has no name', async () => {
    replayMock.mockResolvedValue(undefined);
    const { root, toasts } = await mount({ ...getRecordIgnored, fields: { Status__c: { value: 'failed' } } });

    query(root, '[data-id="replay"]')?.click();
    await flushPromises();
    expect(toasts[0].message).toBe('The event was submitted for processing again.');
  });

  it('closes the action on Cancel without replaying', async () => {
    const { root, closed } = await mount(getRecordFailed);
    const cancel = query(root, '[data-id="close"]');
    expect(cancel?.label).toBe('Cancel');

    cancel?.click();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(replayMock).not.toHaveBeenCalled();
  });

  it('hides the Close button on a record page', async () => {
    const element = createElement('c-stripe-webhook-event-replay', { is: StripeWebhookEventReplay }) as HTMLElement & {
      recordId?: string;
      hideClose?: boolean;
    };
    element.recordId = RECORD_ID;
    element.hideClose = true;
    document.body.appendChild(element);
    getRecordAdapter.emit(getRecordFailed);
    await flushPromises();
    const root = element.shadowRoot as ShadowRoot;

    expect(query(root, '[data-id="close"]')).toBeNull();
    expect(query(root, '[data-id="replay"]')).not.toBeNull();
  });

  it('labels its buttons and makes the scrollable error reachable by keyboard', async () => {
    const { root } = await mount(getRecordFailed);
    const replayButton = query(root, '[data-id="replay"]');
    expect(replayButton?.label).toBe('Replay event');
    expect(replayButton?.variant).toBe('brand');
    for (const button of Array.from(root.querySelectorAll<BaseComponent>('lightning-button'))) {
      expect(button.label).toBeTruthy();
    }
    const lastError = query(root, '[data-id="last-error"]');
    expect(lastError?.getAttribute('tabindex')).toBe('0');
    const headingId = lastError?.getAttribute('aria-labelledby');
    expect(headingId).toBeTruthy();
    expect(root.querySelector('h3')?.id).toBe(headingId);
  });
});
