import { createElement } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import type * as LwcJest from '@salesforce/sfdx-lwc-jest';
import StripeCancelSubscription from '../stripeCancelSubscription';
import getRecordActive from './data/getRecordActive.json';

jest.mock('@salesforce/apex/StripeSubscriptionController.cancelSubscription', () => ({ default: jest.fn() }), {
  virtual: true,
});
// A user without the custom permission: the platform gives `undefined`, not false.
jest.mock('@salesforce/customPermission/Stripe_Cancel_Subscription', () => ({ default: undefined }), {
  virtual: true,
});

const getRecordAdapter = getRecord as unknown as ReturnType<typeof LwcJest.createLdsTestWireAdapter>;

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
