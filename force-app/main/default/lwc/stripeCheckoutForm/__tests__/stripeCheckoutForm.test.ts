import { createElement } from 'lwc';
import * as messageService from 'lightning/messageService';
import * as uiRecordApi from 'lightning/uiRecordApi';
import getActivePrices from '@salesforce/apex/StripeCheckoutController.getActivePrices';
import prepareCheckoutItems from '@salesforce/apex/StripeCheckoutController.prepareCheckoutItems';
import createCheckoutSession from '@salesforce/apex/StripeCheckoutController.createCheckoutSession';
import StripeCheckoutForm from '../stripeCheckoutForm';
import activePrices from './data/getActivePrices.json';
import checkoutLink from './data/createCheckoutSession.json';
import stripeError from './data/stripeError.json';
import pricesError from './data/pricesError.json';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

jest.mock('@salesforce/customPermission/Stripe_Create_Checkout_Link', () => ({ default: true }));

const notifyRecordUpdateAvailable = jest.spyOn(uiRecordApi, 'notifyRecordUpdateAvailable');
const publish = jest.spyOn(messageService, 'publish');
const pricesAdapter = apexStub(getActivePrices);
const prepareMock = jest.spyOn(apexStub(prepareCheckoutItems), 'invoke');
const createMock = jest.spyOn(apexStub(createCheckoutSession), 'invoke');

const CONTACT_ID = '003000000000001AAA';
const RECORD_ID = 'a02000000000001AAA';

interface BaseComponent extends HTMLElement {
  label?: string;
  value?: unknown;
  options?: { label: string; value: string }[];
  disabled?: boolean;
  alternativeText?: string;
  required?: boolean;
  min?: number;
  max?: number;
}

interface ToastDetail {
  title: string;
  message: string;
  variant: string;
}

interface Mounted {
  root: ShadowRoot;
  toasts: ToastDetail[];
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(prices: unknown = activePrices): Promise<Mounted> {
  const element = createElement('c-stripe-checkout-form', { is: StripeCheckoutForm }) as HTMLElement & {
    recordId?: string;
  };
  element.recordId = CONTACT_ID;
  const toasts: ToastDetail[] = [];
  element.addEventListener('lightning__showtoast', (event) => toasts.push((event as CustomEvent<ToastDetail>).detail));
  document.body.appendChild(element);
  if (prices) {
    pricesAdapter.emit(prices);
  }
  await flushPromises();
  return { root: element.shadowRoot as ShadowRoot, toasts };
}

const query = (root: ParentNode, selector: string): BaseComponent | null => root.querySelector<BaseComponent>(selector);

async function choose(root: ShadowRoot, priceId: string, quantity: string): Promise<void> {
  query(root, '[data-id="price"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: priceId } }));
  query(root, '[data-id="quantity"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: quantity } }));
  await flushPromises();
}

async function create(root: ShadowRoot): Promise<void> {
  query(root, '[data-id="create"]')?.click();
  await flushPromises();
}

describe('c-stripe-checkout-form', () => {
  const originalClipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    if (originalClipboard) {
      Object.defineProperty(navigator, 'clipboard', originalClipboard);
    } else {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
    }
  });

  it('shows a spinner while the prices load', async () => {
    const { root } = await mount(null);
    expect(query(root, 'lightning-spinner')?.alternativeText).toBe('Loading prices');
    expect(query(root, '[data-id="create"]')).toBeNull();
  });

  it('lists each price once: product, amount in the user’s locale and interval', async () => {
    const { root } = await mount();
    const combobox = query(root, '[data-id="price"]');
    expect(combobox?.label).toBe('Price');
    expect(combobox?.required).toBe(true);
    const labels = combobox?.options?.map((option) => option.label) ?? [];
    // The stubs' @salesforce/i18n/locale is en-US.
    expect(labels).toEqual(['Pro · €49.00 / month', 'Team · $300.00 / 3 months', 'Legacy']);
    const quantity = query(root, '[data-id="quantity"]');
    expect(quantity?.label).toBe('Quantity');
    expect(quantity?.min).toBe(1);
    expect(quantity?.max).toBe(999);
    expect(query(root, '[data-id="create"]')?.label).toBe('Create payment link');
  });

  it('keeps the button disabled until a price and a valid quantity are chosen', async () => {
    const { root } = await mount();
    expect(query(root, '[data-id="create"]')?.disabled).toBe(true);
    await choose(root, activePrices[0].value, '0');
    expect(query(root, '[data-id="create"]')?.disabled).toBe(true);
    await choose(root, activePrices[0].value, '1000');
    expect(query(root, '[data-id="create"]')?.disabled).toBe(true);
    await choose(root, activePrices[0].value, '2');
    expect(query(root, '[data-id="create"]')?.disabled).toBe(false);
  });

  it('prepares the record, creates the session in a second call and shows the link with its expiry', async () => {
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockResolvedValue(checkoutLink);
    const { root, toasts } = await mount();
    await choose(root, activePrices[0].value, '3');
    await create(root);

    expect(prepareMock).toHaveBeenCalledWith({
      contactId: CONTACT_ID,
      items: [{ priceId: activePrices[0].value, quantity: 3 }],
      trialPeriodDays: null,
    });
    expect(createMock).toHaveBeenCalledWith({ subscriptionRecordId: RECORD_ID });
    const url = root.querySelector<HTMLInputElement>('input[data-id="url"]');
    expect(url?.value).toBe(checkoutLink.url);
    expect(url?.readOnly).toBe(true);
    const label = root.querySelector('label[for]');
    expect(label?.textContent).toBe('Payment link');
    expect(label?.getAttribute('for')).toBe(url?.id);
    expect(root.querySelector('[data-id="expiry"]')?.textContent).toMatch(/^Expires Nov 2[34], 2026, \d\d:\d\d/);
    expect(query(root, '[data-id="create"]')).toBeNull();
    // The Create button is gone: focus is on the link, which a screen reader reads out.
    expect(root.activeElement).toBe(url);
    expect(toasts).toEqual([expect.objectContaining({ title: 'Payment link created', variant: 'success' })]);
  });

  it('tells the page (message channel, record update) and fires linkcreated', async () => {
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockResolvedValue(checkoutLink);
    const { root } = await mount();
    const created = jest.fn();
    (root.host as HTMLElement).addEventListener('linkcreated', created);
    await choose(root, activePrices[0].value, '1');
    await create(root);
    expect(publish).toHaveBeenCalledWith(expect.anything(), expect.anything(), {
      contactId: CONTACT_ID,
      recordId: RECORD_ID,
    });
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('reuses the saved record when the rep retries after an error, so no second record is made', async () => {
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockRejectedValueOnce(stripeError).mockResolvedValueOnce(checkoutLink);
    const { root } = await mount();
    await choose(root, activePrices[0].value, '1');
    await create(root);
    await create(root);
    expect(prepareMock).toHaveBeenCalledTimes(1);
    expect(createMock).toHaveBeenCalledTimes(2);
    expect(root.querySelector<HTMLInputElement>('input[data-id="url"]')?.value).toBe(checkoutLink.url);
    expect(root.querySelector('[data-id="error"]')).toBeNull();
  });

  it('prepares a new record when the rep changes the price before retrying', async () => {
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockRejectedValueOnce(stripeError).mockResolvedValueOnce(checkoutLink);
    const { root } = await mount();
    await choose(root, activePrices[0].value, '1');
    await create(root);
    await choose(root, activePrices[1].value, '1');
    await create(root);
    expect(prepareMock).toHaveBeenCalledTimes(2);
  });

  it('shows the error once, in the error panel, and keeps the form', async () => {
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockRejectedValue(stripeError);
    const { root, toasts } = await mount();
    await choose(root, activePrices[0].value, '1');
    await create(root);

    const error = root.querySelector<HTMLElement & { heading?: string; error?: unknown }>('[data-id="error"]');
    expect(error?.heading).toBe('The payment link could not be created.');
    expect(error?.error).toEqual(stripeError);
    expect(query(root, '[data-id="create"]')?.disabled).toBe(false);
    expect(toasts).toEqual([]);
  });

  it('copies the link with the Clipboard API', async () => {
    const writeText = jest.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockResolvedValue(checkoutLink);
    const { root, toasts } = await mount();
    await choose(root, activePrices[0].value, '1');
    await create(root);
    query(root, '[data-id="copy"]')?.click();
    await flushPromises();

    expect(writeText).toHaveBeenCalledWith(checkoutLink.url);
    expect(query(root, '[data-id="copy"]')?.label).toBe('Copied');
    expect(toasts[toasts.length - 1]).toEqual(expect.objectContaining({ title: 'Link copied' }));
  });

  it('falls back to selecting the text when the Clipboard API is refused', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: jest.fn(() => Promise.reject(new Error('denied'))) },
      configurable: true,
    });
    const execCommand = jest.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockResolvedValue(checkoutLink);
    const { root, toasts } = await mount();
    await choose(root, activePrices[0].value, '1');
    await create(root);
    query(root, '[data-id="copy"]')?.click();
    await flushPromises();

    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(toasts[toasts.length - 1]).toEqual(expect.objectContaining({ title: 'Link copied' }));

    execCommand.mockReturnValue(false);
    query(root, '[data-id="copy"]')?.click();
    await flushPromises();
    expect(toasts[toasts.length - 1]).toEqual(expect.objectContaining({ variant: 'warning' }));
  });

  it('starts over with "Create another link"', async () => {
    prepareMock.mockResolvedValue(RECORD_ID);
    createMock.mockResolvedValue(checkoutLink);
    const { root } = await mount();
    await choose(root, activePrices[0].value, '1');
    await create(root);
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    query(root, '[data-id="new-link"]')?.click();
    await flushPromises();
    expect(root.querySelector('[data-id="url"]')).toBeNull();
    expect(query(root, '[data-id="create"]')).not.toBeNull();
    // Focus starts the next link at its first price.
    expect(focus.mock.contexts).toEqual([query(root, 'lightning-combobox[data-id="price"]')]);
    focus.mockRestore();
  });

  it('says so when there are no prices, and shows a price loading error', async () => {
    const empty = await mount([]);
    expect(empty.root.querySelector('[data-id="no-prices"]')).not.toBeNull();
    expect(empty.root.querySelector('[data-id="create"]')).toBeNull();
    document.body.removeChild(document.body.firstChild as Node);

    const failed = await mount(null);
    pricesAdapter.error(pricesError);
    await flushPromises();
    const panel = failed.root.querySelector<HTMLElement & { heading?: string }>('[data-id="prices-error"]');
    expect(panel?.heading).toBe('The prices could not be loaded.');
  });

  describe('several prices and a trial', () => {
    /** The fixture's prices plus two that bill like "Pro" (EUR, monthly) and one that does not. */
    const prices = [
      ...activePrices,
      { ...activePrices[0], label: 'Seats – 5.00 EUR / month', value: 'a01000000000004AAA', amount: 5 },
      { ...activePrices[0], label: 'Support – 20.00 EUR / month', value: 'a01000000000005AAA', amount: 20 },
      { ...activePrices[0], label: 'Annual – 490.00 EUR / year', value: 'a01000000000006AAA', interval: 'year' },
    ];

    const lines = (root: ShadowRoot) => Array.from(root.querySelectorAll<BaseComponent>('[data-id="price"]'));

    async function addLine(root: ShadowRoot): Promise<void> {
      query(root, '[data-id="add-price"]')?.click();
      await flushPromises();
    }

    async function chooseLine(root: ShadowRoot, index: number, priceId: string, quantity?: string): Promise<void> {
      lines(root)[index].dispatchEvent(new CustomEvent('change', { detail: { value: priceId } }));
      if (quantity !== undefined) {
        const quantities = root.querySelectorAll<BaseComponent>('[data-id="quantity"]');
        quantities[index].dispatchEvent(new CustomEvent('change', { detail: { value: quantity } }));
      }
      await flushPromises();
    }

    it('adds a price only after the first is chosen, offering the prices that bill alike and not chosen yet', async () => {
      const { root } = await mount(prices);
      expect(query(root, '[data-id="add-price"]')?.disabled).toBe(true);
      await chooseLine(root, 0, activePrices[0].value);
      expect(query(root, '[data-id="add-price"]')?.disabled).toBe(false);
      await addLine(root);

      const second = lines(root)[1];
      expect(second.label).toBe('Price 2');
      expect(second.options?.map((option) => option.value)).toEqual(['a01000000000004AAA', 'a01000000000005AAA']);
      expect(root.querySelectorAll<BaseComponent>('[data-id="quantity"]')[1].label).toBe('Quantity 2');
      expect(query(root, '[data-id="remove-price"]')?.alternativeText).toBe('Remove price 2');
      expect(query(root, '[data-id="create"]')?.disabled).toBe(true);
    });

    it('sends every line and the trial in one prepareCheckoutItems call', async () => {
      prepareMock.mockResolvedValue(RECORD_ID);
      createMock.mockResolvedValue(checkoutLink);
      const { root } = await mount(prices);
      await chooseLine(root, 0, activePrices[0].value, '2');
      await addLine(root);
      await chooseLine(root, 1, 'a01000000000004AAA', '10');
      query(root, '[data-id="trial"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: '14' } }));
      await flushPromises();
      await create(root);

      expect(prepareMock).toHaveBeenCalledWith({
        contactId: CONTACT_ID,
        items: [
          { priceId: activePrices[0].value, quantity: 2 },
          { priceId: 'a01000000000004AAA', quantity: 10 },
        ],
        trialPeriodDays: 14,
      });
      expect(createMock).toHaveBeenCalledWith({ subscriptionRecordId: RECORD_ID });
    });

    it('refuses a trial outside 1..730 days and accepts an emptied one', async () => {
      const { root } = await mount(prices);
      await chooseLine(root, 0, activePrices[0].value);
      const trial = query(root, '[data-id="trial"]');
      expect(trial?.label).toBe('Free trial (days)');
      const disabledFor = async (value: string): Promise<boolean | undefined> => {
        trial?.dispatchEvent(new CustomEvent('change', { detail: { value } }));
        await flushPromises();
        return query(root, '[data-id="create"]')?.disabled;
      };
      expect(await disabledFor('0')).toBe(true);
      expect(await disabledFor('731')).toBe(true);
      expect(await disabledFor('1.5')).toBe(true);
      expect(await disabledFor('730')).toBe(false);
      expect(await disabledFor('')).toBe(false);
    });

    it('removes a line and clears further prices that no longer bill like a new first price', async () => {
      const { root } = await mount(prices);
      await chooseLine(root, 0, activePrices[0].value);
      await addLine(root);
      await chooseLine(root, 1, 'a01000000000004AAA');
      await chooseLine(root, 0, activePrices[1].value);
      expect(lines(root)[1].value).toBeUndefined();

      query(root, '[data-id="remove-price"]')?.click();
      await flushPromises();
      expect(lines(root)).toHaveLength(1);
      expect(query(root, '[data-id="create"]')?.disabled).toBe(false);
    });

    it('prepares a new record when a line changes before a retry', async () => {
      prepareMock.mockResolvedValue(RECORD_ID);
      createMock.mockRejectedValueOnce(stripeError).mockResolvedValueOnce(checkoutLink);
      const { root } = await mount(prices);
      await chooseLine(root, 0, activePrices[0].value);
      await create(root);
      query(root, '[data-id="trial"]')?.dispatchEvent(new CustomEvent('change', { detail: { value: '7' } }));
      await flushPromises();
      await create(root);
      expect(prepareMock).toHaveBeenCalledTimes(2);
      expect(prepareMock.mock.calls[1][0]).toEqual(expect.objectContaining({ trialPeriodDays: 7 }));
    });

    it('starts the next link with one empty line and no trial', async () => {
      prepareMock.mockResolvedValue(RECORD_ID);
      createMock.mockResolvedValue(checkoutLink);
      const { root } = await mount(prices);
      await chooseLine(root, 0, activePrices[0].value);
      await addLine(root);
      await chooseLine(root, 1, 'a01000000000005AAA');
      await create(root);
      query(root, '[data-id="new-link"]')?.click();
      await flushPromises();
      expect(lines(root)).toHaveLength(1);
      expect(lines(root)[0].value).toBeUndefined();
      expect(query(root, '[data-id="trial"]')?.value).toBeUndefined();
    });
  });
});
