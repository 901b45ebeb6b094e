import { createElement } from 'lwc';
import { CloseActionScreenEvent } from 'lightning/actions';
import * as uiRecordApi from 'lightning/uiRecordApi';
import * as messageService from 'lightning/messageService';
import getPrices from '@salesforce/apex/StripeSubscriptionChangeController.getPrices';
import previewChange from '@salesforce/apex/StripeSubscriptionChangeController.previewChange';
import changeSubscription from '@salesforce/apex/StripeSubscriptionChangeController.changeSubscription';
import type { StripeCheckoutController, StripeSubscriptionResults } from 'c/stripeApexTypes';
import StripeChangeSubscription from '../stripeChangeSubscription';
import getRecordActive from './data/getRecordActive.json';
import getPricesFixture from './data/getPrices.json';
import previewChangeFixture from './data/previewChange.json';
import changeSubscriptionFixture from './data/changeSubscription.json';
import previewChangeError from './data/previewChangeError.json';
import { getRecord as recordAdapter } from '../../../../../../tools/platform-stubs/lightning/uiRecordApi';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

jest.mock('@salesforce/customPermission/Stripe_Change_Subscription', () => ({ default: true }));

// The fixtures have the shapes the Apex methods return (types generated from the Apex classes).
const prices = getPricesFixture satisfies StripeCheckoutController.PriceOption[];
const preview = previewChangeFixture satisfies StripeSubscriptionResults.ChangePreview;
const changed = changeSubscriptionFixture satisfies StripeSubscriptionResults.ChangeResult;

const pricesAdapter = apexStub(getPrices);
const previewMock = jest.spyOn(apexStub(previewChange), 'invoke');
const changeMock = jest.spyOn(apexStub(changeSubscription), 'invoke');
const notifyMock = jest.spyOn(uiRecordApi, 'notifyRecordUpdateAvailable');
const publishMock = jest.spyOn(messageService, 'publish');

const RECORD_ID = 'a02000000000007AAA';
const TEAM = 'a01000000000002AAA';

interface Base extends HTMLElement {
  label?: string;
  value?: unknown;
  options?: { label: string; value: string }[];
  disabled?: boolean;
  heading?: string;
  error?: unknown;
}

interface Toast {
  title: string;
  message: string;
  variant: string;
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const query = (root: ParentNode, selector: string): Base | null => root.querySelector<Base>(selector);

async function mount(
  embedded = false,
): Promise<{ root: ShadowRoot; toasts: Toast[]; closed: jest.Mock; done: jest.Mock }> {
  const element = createElement('c-stripe-change-subscription', { is: StripeChangeSubscription }) as HTMLElement & {
    recordId?: string;
    embedded?: boolean;
  };
  element.recordId = RECORD_ID;
  element.embedded = embedded;
  const toasts: Toast[] = [];
  element.addEventListener('lightning__showtoast', (event) => toasts.push((event as CustomEvent<Toast>).detail));
  const closed = jest.fn();
  const done = jest.fn();
  // Embedded, the component closes its dialog; as a quick action, the action screen.
  element.addEventListener(embedded ? 'close' : new CloseActionScreenEvent().type, closed);
  element.addEventListener('done', done);
  document.body.appendChild(element);
  recordAdapter.emit(getRecordActive);
  pricesAdapter.emit(prices);
  await flushPromises();
  return { root: element.shadowRoot as ShadowRoot, toasts, closed, done };
}

async function change(root: ShadowRoot, dataId: string, value: string): Promise<void> {
  query(root, `[data-id="${dataId}"]`)?.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

describe('c-stripe-change-subscription', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('starts from the current plan and quantity, with labelled fields', async () => {
    const { root } = await mount();
    expect(root.querySelector('[data-id="plan"]')?.textContent).toBe('Pro – 49.00 EUR / month');
    expect(root.querySelector('[data-id="current-amount"]')?.textContent).toBe('€98.00 / month');
    const price = query(root, '[data-id="price"]');
    expect(price?.label).toBe('New price');
    expect(price?.value).toBe('a01000000000001AAA');
    // Amounts once, in the user's locale.
    expect(price?.options?.map((option) => option.label)).toEqual([
      'Pro · €49.00 / month',
      'Team · $300.00 / 3 months',
      'Legacy',
    ]);
    expect(query(root, '[data-id="quantity"]')?.value).toBe(2);
    expect(query(root, '[data-id="proration"]')?.value).toBe('create_prorations');
    // Nothing to preview or confirm until something changes.
    expect(root.querySelector('[data-id="no-change"]')?.textContent).toBe('Choose another price or quantity.');
    expect(query(root, '[data-id="preview-button"]')?.disabled).toBe(true);
    expect(query(root, '[data-id="confirm"]')?.disabled).toBe(true);
  });

  it('previews the prorated amount in the invoice currency, then confirms with the preview’s proration date', async () => {
    previewMock.mockResolvedValue(preview);
    changeMock.mockResolvedValue(changed);
    const { root, toasts, closed } = await mount();
    await change(root, 'price', TEAM);
    expect(root.querySelector('[data-id="preview-first"]')).not.toBeNull();
    expect(query(root, '[data-id="confirm"]')?.disabled).toBe(true);

    query(root, '[data-id="preview-button"]')?.click();
    await flushPromises();
    expect(previewMock).toHaveBeenCalledWith({
      subscriptionRecordId: RECORD_ID,
      priceRecordId: TEAM,
      quantity: null,
      prorationBehavior: 'create_prorations',
    });
    expect(root.querySelector('[data-id="proration"] dd')?.textContent).toBe('$167.50');
    expect(root.querySelector('[data-id="amount-due"] dt')?.textContent).toBe('Due on the next invoice');
    expect(root.querySelector('[data-id="amount-due"] dd')?.textContent).toBe('$467.50');
    // The Jest user's time zone (jest/user.ts) is America/Los_Angeles: Dec 1 00:00 UTC is Nov 30 there.
    expect(root.querySelector('[data-id="next-invoice"] dd')?.textContent).toBe('$467.50 on Nov 30, 2026');
    expect(query(root, '[data-id="confirm"]')?.disabled).toBe(false);

    query(root, '[data-id="confirm"]')?.click();
    await flushPromises();
    expect(changeMock).toHaveBeenCalledWith({
      subscriptionRecordId: RECORD_ID,
      priceRecordId: TEAM,
      quantity: null,
      prorationBehavior: 'create_prorations',
      prorationDate: 1795000000,
    });
    expect(toasts).toEqual([
      expect.objectContaining({
        title: 'Subscription changed',
        variant: 'success',
        message:
          'Stripe accepted the change to Pro – 49.00 EUR / month. The record updates a few seconds later, when Stripe confirms.',
      }),
    ]);
    expect(notifyMock).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
    expect(publishMock).toHaveBeenCalledWith(expect.anything(), expect.anything(), {
      contactId: '003000000000001AAA',
      recordId: RECORD_ID,
    });
    expect(closed).toHaveBeenCalled();
  });

  it('says "Due now" when the difference is invoiced at once, and a new choice clears the preview', async () => {
    previewMock.mockResolvedValue({ ...preview, prorationBehavior: 'always_invoice', amountDue: 167.5 });
    const { root } = await mount();
    await change(root, 'quantity', '3');
    await change(root, 'proration', 'always_invoice');
    query(root, '[data-id="preview-button"]')?.click();
    await flushPromises();
    expect(previewMock).toHaveBeenCalledWith(
      expect.objectContaining({ priceRecordId: null, quantity: 3, prorationBehavior: 'always_invoice' }),
    );
    expect(root.querySelector('[data-id="amount-due"] dt')?.textContent).toBe('Due now');
    expect(root.querySelector('[data-id="amount-due"] dd')?.textContent).toBe('$167.50');
    expect(root.querySelector('[data-id="next-invoice"]')).toBeNull();

    await change(root, 'quantity', '4');
    expect(root.querySelector('[data-id="preview"]')).toBeNull();
    expect(query(root, '[data-id="confirm"]')?.disabled).toBe(true);
  });

  it('focuses its last enabled button for the focus trap of the dialog it is embedded in', async () => {
    const { root } = await mount(true);
    const host = root.host as HTMLElement & { focusLastControl: () => boolean };
    const spies = Object.fromEntries(
      ['close', 'preview-button', 'confirm'].map((id) => [
        id,
        jest.spyOn(query(root, `[data-id="${id}"]`) as Base, 'focus'),
      ]),
    );
    // Nothing changed yet: Preview and Confirm are disabled, Cancel is the last control.
    expect(host.focusLastControl()).toBe(true);
    expect(spies.close).toHaveBeenCalledTimes(1);

    await change(root, 'price', TEAM);
    expect(host.focusLastControl()).toBe(true);
    expect(spies['preview-button']).toHaveBeenCalledTimes(1);
    expect(spies.confirm).not.toHaveBeenCalled();
  });

  it('refuses a quantity out of range', async () => {
    const { root } = await mount();
    await change(root, 'quantity', '0');
    expect(query(root, '[data-id="preview-button"]')?.disabled).toBe(true);
    await change(root, 'quantity', '');
    expect(query(root, '[data-id="preview-button"]')?.disabled).toBe(true);
  });

  it('shows a refused preview once, in the error panel, with Stripe’s request id as the reference', async () => {
    previewMock.mockRejectedValue(previewChangeError);
    const { root, toasts } = await mount();
    await change(root, 'price', TEAM);
    query(root, '[data-id="preview-button"]')?.click();
    await flushPromises();
    const panel = query(root, '[data-id="action-error"]');
    expect(panel?.heading).toBe('The preview could not be calculated.');
    expect(panel?.error).toEqual(previewChangeError);
    expect(toasts).toEqual([]);
    expect(query(root, '[data-id="confirm"]')?.disabled).toBe(true);
  });

  it('keeps the dialog open with the error when the change fails', async () => {
    previewMock.mockResolvedValue(preview);
    changeMock.mockRejectedValue(previewChangeError);
    const { root, toasts, closed, done } = await mount(true);
    await change(root, 'price', TEAM);
    query(root, '[data-id="preview-button"]')?.click();
    await flushPromises();
    query(root, '[data-id="confirm"]')?.click();
    await flushPromises();
    expect(query(root, '[data-id="action-error"]')?.heading).toBe('The subscription could not be changed.');
    expect(toasts).toEqual([]);
    expect(closed).not.toHaveBeenCalled();
    expect(done).not.toHaveBeenCalled();
  });

  it('inside the row menu’s dialog, fires done after the change and close on Cancel', async () => {
    previewMock.mockResolvedValue(preview);
    changeMock.mockResolvedValue(changed);
    const { root, closed, done } = await mount(true);
    await change(root, 'price', TEAM);
    query(root, '[data-id="preview-button"]')?.click();
    await flushPromises();
    query(root, '[data-id="confirm"]')?.click();
    await flushPromises();
    expect(done).toHaveBeenCalledTimes(1);
    expect(closed).not.toHaveBeenCalled();
    query(root, '[data-id="close"]')?.click();
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('explains a subscription that cannot be changed', async () => {
    const element = createElement('c-stripe-change-subscription', { is: StripeChangeSubscription }) as HTMLElement & {
      recordId?: string;
    };
    element.recordId = RECORD_ID;
    document.body.appendChild(element);
    const canceled = JSON.parse(JSON.stringify(getRecordActive)) as typeof getRecordActive;
    canceled.fields.Status__c.value = 'canceled';
    recordAdapter.emit(canceled);
    await flushPromises();
    const root = element.shadowRoot as ShadowRoot;
    expect(root.querySelector('[data-id="not-changeable"]')?.textContent).toBe(
      'Only an active, trialing or past-due subscription can be changed.',
    );
    expect(root.querySelector('[data-id="confirm"]')).toBeNull();
  });

  it('shows load errors in the error panel', async () => {
    const element = createElement('c-stripe-change-subscription', { is: StripeChangeSubscription }) as HTMLElement & {
      recordId?: string;
    };
    element.recordId = RECORD_ID;
    document.body.appendChild(element);
    recordAdapter.error({ message: 'You do not have access' }, 403);
    pricesAdapter.error({ message: "No such column 'Unit_Amount__c'" });
    await flushPromises();
    const root = element.shadowRoot as ShadowRoot;
    expect(query(root, '[data-id="load-error"]')?.heading).toBe('The subscription could not be loaded.');
  });
});
