/**
 * The browser-check scenarios: which component to mount with which stubbed platform answers
 * (the Jest tests' JSON fixtures), and what a user must then see in the real DOM.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioConfig } from '../platform-stubs/backend/config';

const LWC_DIR = path.resolve(__dirname, '..', '..', 'force-app', 'main', 'default', 'lwc');

function fixture(component: string, name: string): unknown {
  return JSON.parse(readFileSync(path.join(LWC_DIR, component, '__tests__', 'data', `${name}.json`), 'utf8'));
}

/** An Apex error as the wire service and imperative calls deliver it: the fixture is the response body. */
const apexError = (body: unknown) => ({ body, ok: false, status: 400, statusText: 'Bad Request', headers: {} });

/** A click on a button or a menu item by its accessible name (opening a row menu, say). */
export interface Step {
  role: 'button' | 'menuitem';
  name: string;
}

export interface Interaction {
  /** Clicks before anything else, in order (no screenshot between: resizing closes an open menu). */
  steps?: Step[];
  /** Options to pick first: the combobox's accessible name and the option's (a screenshot `-choose` each). */
  select?: Array<{ combobox: string; option: string }>;
  /** Accessible name of the button to click (none: the choices are the interaction). */
  click?: string;
  /** The role of what `click` names: a button (default) or a menu item. */
  clickRole?: Step['role'];
  /** Text that must be visible after the click (a screenshot `-done` is taken then). */
  visible?: string[];
  /** Text that must not be on the page after the click. */
  absent?: string[];
  /**
   * Keys pressed after the click, in order, each with the accessible name of the element that must then
   * have focus (a focus trap cycling, focus returning to the button that opened a dialog); without
   * `press`, where the click itself must have put focus.
   */
  keys?: Array<{ press?: string; focused: string }>;
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
  /** Name under docs/images/ for this scenario's screenshots (`run.ts --docs`), when a guide shows them. */
  docImage?: string;
}

const BILLING = 'stripeBillingHistory';
const REPLAY = 'stripeWebhookEventReplay';
const GET_BILLING_HISTORY = 'StripeBillingHistoryController.getBillingHistory';
const REPLAY_METHOD = 'StripeWebhookReplayController.replay';
const REPLAY_PERMISSION = 'Stripe_Replay_Webhook_Event';
const CHECKOUT = 'stripeCheckoutForm';
const GET_ACTIVE_PRICES = 'StripeCheckoutController.getActivePrices';
const CHECKOUT_PERMISSION = 'Stripe_Create_Checkout_Link';
const CONTACT_ID = '003000000000001AAA';
const EVENT_ID = 'a03000000000042AAA';

const billing = (result: ScenarioConfig['apex'][string]): ScenarioConfig => ({
  component: 'c-stripe-billing-history',
  props: { recordId: CONTACT_ID },
  apex: { [GET_BILLING_HISTORY]: result, 'StripeCustomerController.getStripeMode': { data: 'test' } },
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
    'StripeCheckoutController.prepareCheckoutItems': { data: 'a02000000000001AAA' },
    'StripeCheckoutController.createCheckoutSession': { data: fixture(CHECKOUT, 'createCheckoutSession') },
  },
  records: {},
  permissions,
});

const payments = (result: ScenarioConfig['apex'][string]): ScenarioConfig => ({
  component: 'c-stripe-payments',
  props: { recordId: CONTACT_ID },
  apex: {
    'StripePaymentsController.getPayments': result,
    'StripeCustomerController.getStripeMode': { data: 'test' },
  },
  records: {},
  permissions: [],
});

const customer = (permissions: string[]): ScenarioConfig => ({
  component: 'c-stripe-customer',
  props: { recordId: CONTACT_ID },
  apex: {
    'StripeCustomerController.getStripeMode': { data: 'test' },
    'StripeCustomerController.syncNow': { data: fixture('stripeCustomer', 'syncNow') },
  },
  records: { [CONTACT_ID]: { data: fixture('stripeCustomer', 'getRecordContact') } },
  permissions,
});

const SETUP = 'stripeSetupChecklist';
const setup = (name: string, connection = 'checkConnection'): ScenarioConfig => ({
  component: 'c-stripe-setup-checklist',
  props: {},
  apex: {
    'StripeSetupController.getChecklist': { data: fixture(SETUP, name) },
    'StripeSetupController.checkConnection': { data: fixture(SETUP, connection) },
    'StripeSetupController.registerWebhookEndpoint': { data: fixture(SETUP, 'registerWebhookEndpoint') },
    'StripeSetupController.rollWebhookSecret': { data: fixture(SETUP, 'rollWebhookSecret') },
    'StripeSetupController.scheduleJobs': { data: fixture(SETUP, 'scheduleJobs') },
    'StripeSetupController.runJobNow': { data: null },
    'StripeWebhookReplayController.replayEvents': { data: 2 },
  },
  records: {},
  permissions: [],
});

const SUBSCRIPTION_ID = 'a02000000000007AAA';
const cancel = (permissions: string[], record: string): ScenarioConfig => ({
  component: 'c-stripe-cancel-subscription',
  props: { recordId: SUBSCRIPTION_ID },
  apex: {
    'StripeSubscriptionController.cancelSubscription': {
      data: fixture('stripeCancelSubscription', 'cancelAtPeriodEnd'),
    },
  },
  records: { [SUBSCRIPTION_ID]: { data: fixture('stripeCancelSubscription', record) } },
  permissions,
});

/** Every Stripe permission a customer-service agent may hold for the row menu. */
const ROW_PERMISSIONS = [
  'Stripe_Cancel_Subscription',
  'Stripe_Pause_Subscription',
  'Stripe_Change_Subscription',
  'Stripe_Create_Checkout_Link',
];
const CANCELLING_ID = 'a02000000000012AAA';
const ACTIONS = 'stripeSubscriptionActions';
const CHANGE = 'stripeChangeSubscription';

/** The billing card with a cancelling, a trialing and a paused subscription, and the row actions' answers. */
const billingWithActions = (): ScenarioConfig => ({
  ...billing({ data: fixture(BILLING, 'billingHistoryActions') }),
  apex: {
    [GET_BILLING_HISTORY]: { data: fixture(BILLING, 'billingHistoryActions') },
    'StripeSubscriptionController.undoCancellation': { data: fixture(ACTIONS, 'undoCancellation') },
    'StripeSubscriptionChangeController.resumeCollection': { data: fixture(ACTIONS, 'resumeCollection') },
    'StripeSubscriptionChangeController.getPrices': { data: fixture(CHANGE, 'getPrices') },
  },
  records: { a02000000000019AAA: { data: fixture(CHANGE, 'getRecordActive') } },
  permissions: ROW_PERMISSIONS,
});

const changePlan = (): ScenarioConfig => ({
  component: 'c-stripe-change-subscription',
  props: { recordId: SUBSCRIPTION_ID },
  apex: {
    'StripeSubscriptionChangeController.getPrices': { data: fixture(CHANGE, 'getPrices') },
    'StripeSubscriptionChangeController.previewChange': { data: fixture(CHANGE, 'previewChange') },
    'StripeSubscriptionChangeController.changeSubscription': { data: fixture(CHANGE, 'changeSubscription') },
  },
  records: { [SUBSCRIPTION_ID]: { data: fixture(CHANGE, 'getRecordActive') } },
  permissions: ['Stripe_Change_Subscription'],
});

const ROW_LINKS = ['Pro – 49.00 EUR / month', 'Team – 300.00 USD / 3 months', 'Basic – 99.00 USD / 3 months'];

/** The billing card with the Team subscription's plan-change dialog opened from its row menu. */
const teamChangeDialog = (id: string, title: string, interaction: Omit<Interaction, 'steps'>): Scenario => ({
  id,
  title,
  config: billingWithActions(),
  ready: 'cus_Q1a2b3c4d5',
  visible: ['Team – 300.00 USD / 3 months'],
  links: ROW_LINKS,
  interaction: {
    steps: [
      { role: 'button', name: 'Actions for Team – 300.00 USD / 3 months' },
      { role: 'menuitem', name: 'Change plan or quantity' },
    ],
    ...interaction,
  },
});

export function scenarios(): Scenario[] {
  return [
    {
      id: 'subscription-row-menu',
      title: 'each subscription row has a menu named after its plan, with what its state allows',
      config: billingWithActions(),
      ready: 'cus_Q1a2b3c4d5',
      visible: ['Cancels on Dec 1, 2026', 'Trial ends', 'Dec 10, 2026', 'Collection resumes', 'Jan 5, 2027'],
      buttons: [
        'Refresh billing history',
        'Actions for Pro – 49.00 EUR / month',
        'Actions for Team – 300.00 USD / 3 months',
        'Actions for Basic – 99.00 USD / 3 months',
      ],
      links: ROW_LINKS,
      interaction: {
        steps: [{ role: 'button', name: 'Actions for Basic – 99.00 USD / 3 months' }],
        toasts: [],
        events: [],
        visible: ['Change plan or quantity', 'Resume payment collection', 'Cancel subscription'],
        absent: ['Pause payment collection', 'Undo cancellation'],
      },
      docImage: 'cs-subscription-row-menu',
    },
    {
      id: 'subscription-undo-cancellation',
      title: 'undo a pending cancellation from the row menu: toast, record and page told',
      config: billingWithActions(),
      ready: 'Cancels on Dec 1, 2026',
      visible: ['Pro – 49.00 EUR / month'],
      links: ROW_LINKS,
      interaction: {
        steps: [{ role: 'button', name: 'Actions for Pro – 49.00 EUR / month' }],
        click: 'Undo cancellation',
        clickRole: 'menuitem',
        toasts: ['Cancellation undone'],
        events: [`notifyRecordUpdateAvailable ${CANCELLING_ID}`, 'publish Stripe_Billing_Updated__c'],
      },
      docImage: 'cs-undo-cancellation',
    },
    teamChangeDialog(
      'subscription-change-dialog',
      'change plan from the row menu: a labelled dialog over the card, Cancel closes it',
      { click: 'Cancel', toasts: [], events: [], absent: ['New price'] },
    ),
    teamChangeDialog(
      'subscription-dialog-keyboard',
      'row menu dialog by keyboard: Tab and Shift+Tab cycle inside it, Escape returns to the row menu',
      {
        // The dialog has focus: Tab goes to its first control; Shift+Tab from there wraps to its last
        // enabled one (Preview and Confirm wait for a change) and Tab from that back to the first.
        keys: [
          { press: 'Tab', focused: 'Close' },
          { press: 'Shift+Tab', focused: 'Cancel' },
          { press: 'Tab', focused: 'Close' },
          { press: 'Escape', focused: 'Actions for Team – 300.00 USD / 3 months' },
        ],
        toasts: [],
        events: [],
        absent: ['New price'],
      },
    ),
    {
      id: 'subscription-pause-dialog',
      title: 'pause collection from the row menu: what happens to invoices, an optional resume date',
      config: billingWithActions(),
      ready: 'cus_Q1a2b3c4d5',
      visible: ['Pro – 49.00 EUR / month'],
      links: ROW_LINKS,
      interaction: {
        steps: [
          { role: 'button', name: 'Actions for Team – 300.00 USD / 3 months' },
          { role: 'menuitem', name: 'Pause payment collection' },
        ],
        toasts: [],
        events: [],
        visible: [
          'What happens to invoices while paused?',
          'Keep them as drafts, to collect later',
          'Void them (no service meanwhile)',
          'Resume on its own on (optional)',
          'Pause collection',
        ],
      },
      docImage: 'cs-pause-collection',
    },
    {
      id: 'subscription-change-preview',
      title: 'plan change: pick a price, Preview shows the prorated amount before Confirm',
      config: changePlan(),
      ready: 'Current plan',
      visible: [
        'Change plan or quantity',
        'Pro – 49.00 EUR / month',
        '€98.00 / month',
        'Quantity',
        'Add it to the next invoice',
      ],
      buttons: ['Cancel'],
      noButtons: [],
      links: [],
      interaction: {
        select: [{ combobox: 'New price', option: 'Team · $300.00 / 3 months' }],
        click: 'Preview',
        toasts: [],
        events: [],
        visible: [
          'Preview of the change',
          'Prorated amount',
          '$167.50',
          'Due on the next invoice',
          '$467.50 on Dec 1, 2026',
        ],
        absent: ['Preview the change to see the prorated amount'],
      },
      docImage: 'cs-change-plan-preview',
    },
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
        'Team – 300.00 USD / 3 months',
        'Cancels on Dec 1, 2026',
        'Ended',
        'Link expires',
        // The user's locale (en-US here), currency symbol, interval in words.
        '€98.00 / month',
        '$99.00 / 3 months',
        'Payments',
        'Partially refunded',
        '€20.50',
        // The issuer's decline code in words, before the generic card_declined.
        'The card has insufficient funds.',
        'The card has expired.',
        'Uncollectible',
        'Payment PAY-00001',
      ],
      absent: ['Not set', 'expired_card', 'card_declined', 'insufficient_funds', 'Expires' + 'Nov'],
      buttons: ['Refresh billing history'],
      // Rows link to their records; the javascript: PDF link of in_1Paid must not be rendered.
      links: [
        'Pro – 49.00 EUR / month',
        'Basic – 99.00 USD / 3 months',
        'Team – 300.00 USD / 3 months',
        '€98.00',
        '€98.00',
        'Payment PAY-00001',
        'View invoice (in_1Failed, opens in a new tab)',
        'Invoice PDF (in_1Failed, opens in a new tab)',
        'Receipt (in_1Paid, opens in a new tab)',
      ],
      docImage: 'rep-billing-card',
    },
    {
      id: 'billing-history-empty',
      title: 'billing history of a contact without Stripe data',
      config: billing({ data: fixture(BILLING, 'billingHistoryEmpty') }),
      ready: 'This contact has no Stripe subscriptions or payments yet.',
      visible: ['Not linked to a Stripe customer yet', 'Not synced'],
      absent: ['Subscriptions', 'Payments'],
      buttons: ['Refresh billing history'],
      links: [],
    },
    {
      id: 'billing-history-error',
      title: 'billing history when Apex fails: a plain message and what to do, no SOQL',
      config: billing({ error: apexError(fixture(BILLING, 'getBillingHistoryError')) }),
      ready: 'Billing history could not be loaded.',
      visible: [
        'You do not have access to this Stripe data.',
        'Ask your Salesforce admin for the Stripe permission set that fits your role.',
      ],
      absent: ['Stripe customer ID', 'No such column', 'Amount__c'],
      buttons: ['Refresh billing history'],
      links: [],
      docImage: 'error-panel',
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
    {
      id: 'checkout-link',
      title: 'the rep picks a price and creates a payment link',
      config: checkout([CHECKOUT_PERMISSION], { data: fixture(CHECKOUT, 'getActivePrices') }),
      ready: 'Quantity',
      visible: ['Stripe payment link', 'Price', 'Choose a price'],
      links: [],
      interaction: {
        select: [{ combobox: 'Price', option: 'Pro · €49.00 / month' }],
        click: 'Create payment link',
        // The Create button is gone: focus moves to the new link.
        keys: [{ focused: 'Payment link' }],
        toasts: ['Payment link created'],
        events: ['publish Stripe_Billing_Updated__c', 'notifyRecordUpdateAvailable a02000000000001AAA'],
        visible: ['Payment link', 'Expires Nov 24, 2026, 10:00 AM', 'Create another link'],
        absent: ['Choose a price'],
      },
      docImage: 'rep-create-payment-link',
    },
    {
      id: 'checkout-link-action',
      title: 'the Create Payment Link quick action: modal header, form, Cancel',
      config: {
        ...checkout([CHECKOUT_PERMISSION], { data: fixture(CHECKOUT, 'getActivePrices') }),
        component: 'c-stripe-checkout-link-action',
      },
      ready: 'Quantity',
      visible: ['Create payment link', 'Price'],
      buttons: ['Cancel'],
      links: [],
      interaction: {
        select: [{ combobox: 'Price', option: 'Team · $300.00 / 3 months' }],
        click: 'Create payment link',
        toasts: ['Payment link created'],
        events: ['publish Stripe_Billing_Updated__c'],
        visible: ['Done', 'Copy link'],
      },
      docImage: 'rep-payment-link-action',
    },
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
      ready: 'The prices could not be loaded.',
      visible: ['You do not have access to this Stripe data.'],
      absent: ['Unit_Amount__c', 'No such column'],
      noButtons: ['Create payment link'],
      links: [],
    },
    {
      id: 'payments',
      title: 'payments with status words, decline reasons, totals per currency and a status filter',
      config: payments({ data: fixture('stripePayments', 'getPayments') }),
      ready: 'Stripe payments',
      visible: [
        'Paid, net of refunds',
        '€89.00',
        '$120.00',
        'The card has insufficient funds.',
        'Stripe retries on Nov 28, 2026',
        'Dispute: Needs a response',
        'Partially refunded',
        '€9.00 refunded',
        'Action required',
        'The customer must confirm the payment with their bank.',
      ],
      absent: ['insufficient_funds', 'needs_response', 'card_declined'],
      interaction: {
        select: [{ combobox: 'Status', option: 'Failed' }],
        toasts: [],
        events: [],
        visible: ['Nothing collected in the payments shown.', 'The card has insufficient funds.'],
        absent: ['Dispute: Needs a response'],
      },
      docImage: 'cs-payments',
    },
    {
      id: 'payments-row-menu',
      title: 'payment row menu of a paid payment: receipt, invoice PDF and the invoice in the Stripe dashboard',
      config: payments({ data: fixture('stripePayments', 'getPayments') }),
      ready: 'Stripe payments',
      visible: ['€49.00'],
      buttons: ['Actions for €49.00 (Nov 21, 2026)', 'Actions for €49.00 (Oct 21, 2026)'],
      interaction: {
        steps: [{ role: 'button', name: 'Actions for €49.00 (Oct 21, 2026)' }],
        toasts: [],
        events: [],
        visible: ['Open receipt', 'Download invoice PDF', 'Open in the Stripe dashboard'],
        absent: ['Open invoice'],
      },
      docImage: 'cs-payment-row-menu',
    },
    {
      id: 'payments-row-menu-keyboard',
      title: 'payment row menu by keyboard: arrows move, Enter opens the test-mode dashboard, focus back on the menu',
      config: payments({ data: fixture('stripePayments', 'getPayments') }),
      ready: 'Stripe payments',
      visible: ['€49.00'],
      interaction: {
        click: 'Actions for €49.00 (Nov 21, 2026)',
        // The open menu has its first item focused; arrows move, Enter opens and focus returns to the menu.
        keys: [
          { focused: 'Open invoice' },
          { press: 'ArrowDown', focused: 'Open in the Stripe dashboard' },
          { press: 'ArrowUp', focused: 'Open invoice' },
          { press: 'ArrowDown', focused: 'Open in the Stripe dashboard' },
          { press: 'Enter', focused: 'Actions for €49.00 (Nov 21, 2026)' },
        ],
        toasts: [],
        events: ['navigate https://dashboard.stripe.com/test/invoices/in_1Declined'],
      },
    },
    {
      id: 'payments-error',
      title: 'payments when Apex refuses: the error panel',
      config: payments({ error: apexError(fixture('stripePayments', 'getPaymentsError')) }),
      ready: 'The payments could not be loaded.',
      visible: ['You do not have access to this Stripe data.'],
      links: [],
    },
    {
      id: 'customer',
      title: 'Stripe customer card: dashboard link (test mode), sync status, last error, Sync now, portal links',
      config: customer(['Stripe_Sync_Contacts', 'Stripe_Send_Customer_Portal']),
      ready: 'cus_Q1a2b3c4d5',
      visible: ['Stripe customer', 'Test mode', 'Failed', 'Last synced', 'Invalid email address'],
      buttons: ['Sync now', 'Email portal link', 'Copy portal link'],
      links: ['cus_Q1a2b3c4d5 (Open in the Stripe dashboard)'],
      interaction: {
        click: 'Sync now',
        // Disabled while the sync is queued, the button gets focus back.
        keys: [{ focused: 'Sync now' }],
        toasts: ['Sync started'],
        events: [`notifyRecordUpdateAvailable ${CONTACT_ID}`, 'publish Stripe_Billing_Updated__c'],
      },
      docImage: 'cs-stripe-customer',
    },
    {
      id: 'customer-no-sync-permission',
      title: 'Stripe customer card without the sync or portal permission: no Sync now, no portal links',
      config: customer([]),
      ready: 'cus_Q1a2b3c4d5',
      visible: ['Sync status'],
      noButtons: ['Sync now', 'Email portal link', 'Copy portal link'],
    },
    {
      id: 'setup-checklist',
      title: 'admin setup checklist with red lines: what to do, failed events linked',
      config: setup('getChecklist', 'checkConnectionRefused'),
      ready: 'No webhook signing secret is set',
      visible: [
        'Stripe setup',
        'The connection to Stripe has not been checked yet.',
        'No webhook endpoint is registered in Stripe.',
        'does not have the Stripe_Webhook_Guest permission set',
        'who is not an integration user',
        'Not scheduled: Webhook retries, Customer sync sweep, Reconciliation, Log and payload purge, Catalog pull.',
        'No Stripe event received in the last 24 hours.',
        '1 events failed and 1 are waiting for a retry in the last 7 days.',
        'the package is pinned to 2026-10-28.endive',
        'Set the webhook endpoint in Stripe to the API version 2026-10-28.endive.',
        'Failed and retrying events',
        'Retrying',
      ],
      buttons: ['Check again', 'Check connection', 'Register in Stripe', 'Schedule jobs', 'Run now'],
      links: ['EVT-0000042', 'EVT-0000043'],
      interaction: {
        click: 'Check connection',
        visible: ['Salesforce could not reach Stripe: Invalid API Key provided', 'principal StripeApiKey'],
        toasts: [],
        events: [],
      },
      docImage: 'admin-setup-checklist',
    },
    {
      id: 'setup-checklist-green',
      title: 'admin setup checklist, all green',
      config: setup('getChecklistGreen'),
      ready: 'The webhook signing secret is set.',
      visible: [
        'was registered in Stripe from this checklist',
        'The Site Stripe_Webhooks is active and its guest user has the Stripe_Webhook_Guest permission set.',
        'Webhook processing runs as the integration user Stripe Integration.',
        "The package's jobs are scheduled.",
        '12 events received in the last 24 hours',
        'No event failed or is waiting for a retry in the last 7 days.',
        'Recent events use the pinned API version 2026-10-28.endive.',
      ],
      absent: ['Failed and retrying events'],
      buttons: ['Check connection', 'Roll secret', 'Schedule jobs', 'Run now'],
      links: [],
      interaction: {
        click: 'Check connection',
        visible: ['Salesforce reaches Stripe through the Named Credential, with a test mode key.'],
        toasts: [],
        events: [],
      },
      docImage: 'admin-setup-checklist-green',
    },
    {
      id: 'setup-checklist-register',
      title: 'admin setup checklist registers the webhook endpoint in Stripe',
      config: setup('getChecklist'),
      ready: 'No webhook endpoint is registered in Stripe.',
      visible: ['Register in Stripe'],
      links: ['EVT-0000042', 'EVT-0000043'],
      interaction: {
        click: 'Register in Stripe',
        toasts: ['Webhook endpoint we_1QrN8cB7WZ01zgkWEndpoint01 registered in Stripe. Its signing secret is stored.'],
        events: [],
      },
    },
    {
      id: 'cancel-subscription',
      title: 'cancel dialog naming plan, amount and period end',
      config: cancel(['Stripe_Cancel_Subscription'], 'getRecordActive'),
      ready: 'Pro – 49.00 EUR / month',
      visible: [
        'Cancel Stripe subscription',
        '€98.00 / month',
        'Active',
        'The current period ends Dec 1, 2026.',
        'At the end of the current period, Dec 1, 2026 (no further charge)',
        'Immediately',
        'On a date',
      ],
      absent: ['SUB-00007'],
      buttons: ['Close', 'Cancel subscription'],
      links: [],
      interaction: {
        click: 'Cancel subscription',
        toasts: ['Subscription canceled'],
        events: [
          `notifyRecordUpdateAvailable ${SUBSCRIPTION_ID}`,
          'publish Stripe_Billing_Updated__c',
          'close action screen',
        ],
      },
      docImage: 'cs-cancel-subscription',
    },
    {
      id: 'cancel-subscription-scheduled',
      title: 'cancel dialog for a subscription already cancelling: no no-op choice',
      config: cancel(['Stripe_Cancel_Subscription'], 'getRecordScheduled'),
      ready: 'Already scheduled to cancel on Dec 1, 2026.',
      visible: ['Pro – 49.00 EUR / month'],
      absent: ['At the end of the current period', 'When should it end?'],
      buttons: ['Close', 'Cancel now'],
      noButtons: ['Cancel subscription'],
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
