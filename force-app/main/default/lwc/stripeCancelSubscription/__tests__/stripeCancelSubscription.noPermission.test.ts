import { createElement } from 'lwc';
import StripeCancelSubscription from '../stripeCancelSubscription';
import getRecordActive from './data/getRecordActive.json';
import { getRecord as getRecordAdapter } from '../../../../../../tools/platform-stubs/lightning/uiRecordApi';

// A user without the custom permission: the platform gives `undefined`, not false (the stubs' default user).
jest.mock('@salesforce/customPermission/Stripe_Cancel_Subscription', () => ({ default: undefined }));

describe('c-stripe-cancel-subscription (without the permission)', () => {
  it('shows no cancel button and names the permission', async () => {
    const element = createElement('c-stripe-cancel-subscription', { is: StripeCancelSubscription }) as HTMLElement & {
      recordId?: string;
    };
    element.recordId = 'a02000000000007AAA';
    document.body.appendChild(element);
    getRecordAdapter.emit(getRecordActive);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const root = element.shadowRoot as ShadowRoot;
    expect(root.querySelector('[data-id="cancel"]')).toBeNull();
    expect(root.querySelector('[data-id="when"]')).toBeNull();
    expect(root.querySelector('[data-id="no-permission"]')?.textContent).toContain('Stripe: Cancel Subscription');
  });
});
