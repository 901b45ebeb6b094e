import * as uiRecordApi from 'lightning/uiRecordApi';
import * as messageService from 'lightning/messageService';
import BILLING_UPDATED from '@salesforce/messageChannel/Stripe_Billing_Updated__c';
import { announceBillingUpdate, closeSubscriptionForm, finishSubscriptionForm } from '../stripeBillingUpdates';

/** The event type of `ShowToastEvent` (sfdx-lwc-jest's stub, as the platform names it). */
const ShowToastEventName = 'lightning__showtoast';
const RECORD_ID = 'a0S000000000001AAA';
const CONTACT_ID = '003000000000001AAA';
const CONTEXT = { context: 'message' };

/** The event type of `CloseActionScreenEvent` (the platform stub's, tools/platform-stubs/lightning/actions.ts). */
const CloseActionScreenEventName = 'lightning__actionsclosescreen';

const notifyMock = jest.spyOn(uiRecordApi, 'notifyRecordUpdateAvailable');
const publishMock = jest.spyOn(messageService, 'publish');

/** Every event the host dispatched, in order. */
function host(): { target: EventTarget; events: Event[] } {
  const target = new EventTarget();
  const events: Event[] = [];
  for (const type of [ShowToastEventName, 'done', 'close', CloseActionScreenEventName]) {
    target.addEventListener(type, (event) => events.push(event));
  }
  return { target, events };
}

const OUTCOME = {
  messageContext: CONTEXT,
  title: 'Subscription canceled',
  message: 'Gold plan is canceled.',
  recordId: RECORD_ID,
  contactId: CONTACT_ID,
  status: 'canceled',
};

afterEach(() => {
  jest.clearAllMocks();
  notifyMock.mockReset();
  publishMock.mockReset();
});

describe('announceBillingUpdate', () => {
  it('reloads the record in Lightning Data Service, then tells the Stripe components of the Contact', async () => {
    const order: string[] = [];
    notifyMock.mockImplementation(() => {
      order.push('notify');
      return Promise.resolve();
    });
    publishMock.mockImplementation(() => {
      order.push('publish');
    });

    await announceBillingUpdate(CONTEXT, { recordId: RECORD_ID, contactId: CONTACT_ID });

    expect(notifyMock).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
    expect(publishMock).toHaveBeenCalledWith(CONTEXT, BILLING_UPDATED, { contactId: CONTACT_ID, recordId: RECORD_ID });
    expect(order).toEqual(['notify', 'publish']);
  });

  it('does not publish when Lightning Data Service fails', async () => {
    notifyMock.mockRejectedValueOnce(new Error('offline'));

    await expect(announceBillingUpdate(CONTEXT, { recordId: RECORD_ID })).rejects.toThrow('offline');

    expect(publishMock).not.toHaveBeenCalled();
  });
});

describe('finishSubscriptionForm', () => {
  it('embedded: a success toast, the page told, then done with the record and its status', async () => {
    const { target, events } = host();

    await finishSubscriptionForm(target, { ...OUTCOME, embedded: true });

    expect(events.map((event) => event.type)).toEqual([ShowToastEventName, 'done']);
    expect((events[0] as CustomEvent).detail).toEqual({
      title: 'Subscription canceled',
      message: 'Gold plan is canceled.',
      variant: 'success',
    });
    expect((events[1] as CustomEvent).detail).toEqual({ recordId: RECORD_ID, status: 'canceled' });
    expect(publishMock).toHaveBeenCalledWith(CONTEXT, BILLING_UPDATED, { contactId: CONTACT_ID, recordId: RECORD_ID });
  });

  it('as a quick action: closes the action screen after the toast', async () => {
    const { target, events } = host();

    await finishSubscriptionForm(target, { ...OUTCOME, embedded: false });

    expect(events.map((event) => event.type)).toEqual([ShowToastEventName, CloseActionScreenEventName]);
    expect(notifyMock).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
  });
});

describe('closeSubscriptionForm', () => {
  it('fires close inside a dialog and closes the action screen otherwise', () => {
    const { target, events } = host();

    closeSubscriptionForm(target, true);
    closeSubscriptionForm(target, false);

    expect(events.map((event) => event.type)).toEqual(['close', CloseActionScreenEventName]);
  });
});
