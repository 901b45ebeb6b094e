import { createElement } from 'lwc';
import StripeCheckoutLink from '../stripeCheckoutLink';

jest.mock('@salesforce/customPermission/Stripe_Create_Checkout_Link', () => ({ default: true }));

describe('c-stripe-checkout-link', () => {
  it('is a titled card around the payment-link form for the record page Contact', () => {
    const element = createElement('c-stripe-checkout-link', { is: StripeCheckoutLink }) as HTMLElement & {
      recordId?: string;
    };
    element.recordId = '003000000000001AAA';
    document.body.appendChild(element);
    const root = element.shadowRoot as ShadowRoot;
    expect(root.querySelector<HTMLElement & { title?: string }>('lightning-card')?.title).toBe('Stripe payment link');
    expect(root.querySelector<HTMLElement & { recordId?: string }>('c-stripe-checkout-form')?.recordId).toBe(
      '003000000000001AAA',
    );
  });
});
