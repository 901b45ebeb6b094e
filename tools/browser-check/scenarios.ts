/**
 * The browser-check scenarios: which component to mount with which stubbed platform answers
 * (the Jest tests' JSON fixtures), and what a user must then see in the real DOM.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioConfig } from './scenario';

const LWC_DIR = path.resolve(__dirname, '..', '..', 'force-app', 'main', 'default', 'lwc');

function fixture(component: string, name: string): unknown {
  return JSON.parse(readFileSync(path.join(LWC_DIR, component, '__tests__', 'data', `${name}.json`), 'utf8'));
}

/** An Apex error as the wire service and imperative calls deliver it: the fixture is the response body. */
const apexError = (body: unknown) => ({ body, ok: false, status: 400, statusText: 'Bad Request', headers: {} });

export interface Interaction {
  /** Accessible name of the button to click. */
  click: string;
  /** Toast titles the click must raise. */
  toasts: string[];
  /** Page events (lightning/actions, uiRecordApi notifications) the click must cause. */
  events: string[];
}

export interface Scenario {
  id: string;
  title: string;
  config: ScenarioConfig;
  /** Text shown once the component has its data: the check waits for it. */
  ready: string;
  /** Text that must be visible. */
  visible: string[];
  /** Text that must not be on the page. */
  absent?: string[];
  /** Accessible names of buttons that must be there (and enabled). */
  buttons?: string[];
  /** Accessible names of buttons that must not be there. */
  noButtons?: string[];
  /** Accessible names of links that must be there; links not listed must not be. */
  links?: string[];
  /** Optional click after the checks above, with what it must cause. */
  interaction?: Interaction;
}

const BILLING = 'stripeBillingHistory';
const REPLAY = 'stripeWebhookEventReplay';
const GET_BILLING_HISTORY = 'StripeBillingHistoryController.getBillingHistory';
const REPLAY_METHOD = 'StripeWebhookReplayController.replay';
const REPLAY_PERMISSION = 'Stripe_Replay_Webhook_Event';
const CHECKOUT = 'stripeCheckoutLink';
const GET_ACTIVE_PRICES = 'StripeCheckoutController.getActivePrices';
const CHECKOUT_PERMISSION = 'Stripe_Create_Checkout_Link';
const CONTACT_ID = '003000000000001AAA';
const EVENT_ID = 'a03000000000042AAA';

const billing = (result: ScenarioConfig['apex'][string]): ScenarioConfig => ({
  component: 'c-stripe-billing-history',
  props: { recordId: CONTACT_ID },
  apex: { [GET_BILLING_HISTORY]: result },
  records: {},
  permissions: [],
});

const replay = (permissions: string[]): ScenarioConfig => ({
  component: 'c-stripe-webhook-event-replay',
  props: { recordId: EVENT_ID },
  apex: { [REPLAY_METHOD]: { data: EVENT_ID } },
  records: { [EVENT_ID]: { data: fixture(REPLAY, 'getRecordFailed') } },
  permissions,
});

const checkout = (permissions: string[], prices: ScenarioConfig['apex'][string]): ScenarioConfig => ({
  component: 'c-stripe-checkout-link',
  props: { recordId: CONTACT_ID },
  apex: {
    [GET_ACTIVE_PRICES]: prices,
    'StripeCheckoutController.prepareCheckout': { data: 'a02000000000001AAA' },
    'StripeCheckoutController.createCheckoutSession': { data: fixture(CHECKOUT, 'createCheckoutSession') },
  },
  records: {},
  permissions,
});

const SUBSCRIPTION_ID = 'a02000000000007AAA';
const cancel = (permissions: string[], record: string): ScenarioConfig => ({
  component: 'c-stripe-cancel-subscription',
  props: { recordId: SUBSCRIPTION_ID },
  apex: { 'StripeSubscriptionController.cancelSubscription': { data: { status: 'canceled' } } },
  records: { [SUBSCRIPTION_ID]: { data: fixture('stripeCancelSubscription', record) } },
  permissions,
});

export function scenarios(): Scenario[] {
  return [
    {
      id: 'billing-history',
      title: 'billing history with subscriptions and payments',
      config: billing({ data: fixture(BILLING, 'billingHistory') }),
      ready: 'cus_Q1a2b3c4d5',
      visible: [
        'Stripe billing',
        'Synced',
        'Subscriptions',
        'Pro – 49.00 EUR / month',
        'Active',
        'Canceled',
        'Checkout link sent',
        'Cancels on', // the pending cancellation's date (Cancel_At__c), issue 9
        // lightning-formatted-number, currency-display-as="code", en-US.
        'EUR 98.00 / month',
        'USD 99.00 / 3 months',
        'Payments',
        'Partially refunded',
        'EUR 20.50',
        'Your card was declined.',
        'Uncollectible',
      ],
      buttons: ['Refresh billing history'],
      // The javascript: PDF link of in_1Paid must not be rendered.
      links: [
        'View invoice (in_1Failed, opens in a new tab)',
        'Invoice PDF (in_1Failed, opens in a new tab)',
        'View invoice (in_1Paid, opens in a new tab)',
      ],
    },
    {
      id: 'billing-history-empty',
      title: 'billing history of a contact without Stripe data',
      config: billing({ data: fixture(BILLING, 'billingHistoryEmpty') }),
      ready: 'This contact has no Stripe subscriptions or payments yet.',
      visible: ['Not linked to a Stripe customer', 'Not synced'],
      absent: ['Subscriptions', 'Payments'],
      buttons: ['Refresh billing history'],
      links: [],
    },
    {
      id: 'billing-history-error',
      title: 'billing history when Apex fails',
      config: billing({ error: apexError(fixture(BILLING, 'getBillingHistoryError')) }),
      ready: 'Billing history could not be loaded',
      visible: ["You do not have access to the Stripe billing data of this Contact: No such column 'Amount__c'"],
      absent: ['Stripe customer ID'],
      buttons: ['Refresh billing history'],
      links: [],
    },
    {
      id: 'webhook-replay',
      title: 'webhook event replay with the replay permission',
      config: replay([REPLAY_PERMISSION]),
      ready: 'EVT-0000042',
      visible: [
        'Replay Stripe webhook event',
        'evt_1QxYz',
        'invoice.payment_failed',
        'Failed',
        'Last error',
        'REQUIRED_FIELD_MISSING, Required fields are missing: [Contact__c]',
      ],
      absent: ['Replaying events needs the Replay Stripe Webhook Event permission'],
      buttons: ['Cancel', 'Replay event'],
      noButtons: ['Close'],
      links: [],
      interaction: {
        click: 'Replay event',
        toasts: ['Event replayed'],
        events: [`notifyRecordUpdateAvailable ${EVENT_ID}`, 'close action screen'],
      },
    },
    {
      id: 'webhook-replay-no-permission',
      title: 'webhook event replay without the replay permission',
      config: replay([]),
      ready: 'EVT-0000042',
      visible: ['Replaying events needs the Replay Stripe Webhook Event permission. Ask your Salesforce admin.'],
      buttons: ['Close'],
      noButtons: ['Replay event', 'Cancel'],
      links: [],
    },
    // The form itself (lightning-combobox / lightning-input) is not checked here: the npm base
    // components call attachInternals, which synthetic shadow rejects. Jest covers the form.
    {
      id: 'checkout-link-no-permission',
      title: 'payment link card without the create permission',
      config: checkout([], { data: fixture(CHECKOUT, 'getActivePrices') }),
      ready: 'Creating payment links needs',
      visible: [
        'Creating payment links needs the "Stripe: Create Checkout Link" permission. Ask your Salesforce admin.',
      ],
      noButtons: ['Create payment link', 'Copy link'],
      links: [],
    },
    {
      id: 'checkout-link-prices-error',
      title: 'payment link card when the prices cannot be loaded',
      config: checkout([CHECKOUT_PERMISSION], { error: apexError(fixture(CHECKOUT, 'pricesError')) }),
      ready: 'The prices could not be loaded',
      visible: ["You do not have access to Stripe prices: No such column 'Unit_Amount__c'"],
      noButtons: ['Create payment link'],
      links: [],
    },
    {
      id: 'cancel-subscription-link-sent',
      title: 'cancel action on a payment-link subscription that was not paid',
      config: cancel(['Stripe_Cancel_Subscription'], 'getRecordLinkSent'),
      ready: 'There is no Stripe subscription yet',
      visible: [
        'Cancel Stripe subscription',
        'There is no Stripe subscription yet: the payment link has not been paid.',
      ],
      buttons: ['Close'],
      noButtons: ['Cancel subscription'],
      links: [],
    },
    {
      id: 'cancel-subscription-no-permission',
      title: 'cancel action without the cancel permission',
      config: cancel([], 'getRecordActive'),
      ready: 'Canceling needs',
      visible: ['Canceling needs the "Stripe: Cancel Subscription" permission. Ask your Salesforce admin.'],
      buttons: ['Close'],
      noButtons: ['Cancel subscription'],
      links: [],
    },
  ];
}
