import { createElement } from 'lwc';
import getActivePrices from '@salesforce/apex/StripeCheckoutController.getActivePrices';
import StripeCheckoutForm from '../stripeCheckoutForm';
import activePrices from './data/getActivePrices.json';
import { apexStub } from '../../../../../../tools/platform-stubs/salesforce/apexMethod';

// A user without the custom permission: the platform gives `undefined`, not false.
jest.mock('@salesforce/customPermission/Stripe_Create_Checkout_Link', () => ({ default: undefined }));

const pricesAdapter = apexStub(getActivePrices);

describe('c-stripe-checkout-form (without the permission)', () => {
  it('hides the form and the button, and names the permission', async () => {
    const element = createElement('c-stripe-checkout-form', { is: StripeCheckoutForm });
    document.body.appendChild(element);
    pricesAdapter.emit(activePrices);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const root = element.shadowRoot as ShadowRoot;
    expect(root.querySelector('[data-id="create"]')).toBeNull();
    expect(root.querySelector('[data-id="price"]')).toBeNull();
    expect(root.querySelector('lightning-spinner')).toBeNull();
    expect(root.querySelector('[data-id="no-permission"]')?.textContent).toContain('Stripe: Create Checkout Link');
  });
});
