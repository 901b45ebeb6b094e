import { createElement } from 'lwc';
import StripeSubscriptionActions from '../stripeSubscriptionActions';
import subscriptionRows from './data/subscriptionRows.json';

jest.mock('@salesforce/customPermission/Stripe_Cancel_Subscription', () => ({ default: false }));
jest.mock('@salesforce/customPermission/Stripe_Pause_Subscription', () => ({ default: false }));
jest.mock('@salesforce/customPermission/Stripe_Change_Subscription', () => ({ default: false }));
jest.mock('@salesforce/customPermission/Stripe_Create_Checkout_Link', () => ({ default: false }));

describe('c-stripe-subscription-actions without the Stripe permissions', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it.each(['active', 'cancelling', 'paused', 'linkOpen'] as const)('shows no menu: %s', async (name) => {
    const element = createElement('c-stripe-subscription-actions', { is: StripeSubscriptionActions }) as HTMLElement & {
      subscription?: unknown;
    };
    element.subscription = subscriptionRows[name];
    document.body.appendChild(element);
    await Promise.resolve();
    expect(element.shadowRoot?.querySelector('[data-id="menu"]')).toBeNull();
  });
});
