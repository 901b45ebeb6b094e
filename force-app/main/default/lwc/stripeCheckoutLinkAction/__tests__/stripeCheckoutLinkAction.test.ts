import { createElement } from 'lwc';
import { CloseActionScreenEvent } from 'lightning/actions';
import StripeCheckoutLinkAction from '../stripeCheckoutLinkAction';

jest.mock('@salesforce/customPermission/Stripe_Create_Checkout_Link', () => ({ default: true }));

const flushPromises = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('c-stripe-checkout-link-action', () => {
  it('puts the form in a quick-action modal with a header and Cancel, then Done once a link exists', async () => {
    const element = createElement('c-stripe-checkout-link-action', { is: StripeCheckoutLinkAction }) as HTMLElement & {
      recordId?: string;
    };
    element.recordId = '003000000000001AAA';
    const closed = jest.fn();
    element.addEventListener(new CloseActionScreenEvent().type, closed);
    document.body.appendChild(element);
    const root = element.shadowRoot as ShadowRoot;
    expect(root.querySelector<HTMLElement & { header?: string }>('lightning-quick-action-panel')?.header).toBe(
      'Create payment link',
    );
    const close = root.querySelector<HTMLElement & { label?: string }>('[data-id="close"]');
    expect(close?.label).toBe('Cancel');

    root.querySelector('c-stripe-checkout-form')?.dispatchEvent(new CustomEvent('linkcreated'));
    await flushPromises();
    expect(close?.label).toBe('Done');
    close?.click();
    expect(closed).toHaveBeenCalled();
  });
});
