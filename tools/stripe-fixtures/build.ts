/**
 * Builds the Stripe fixtures (`objects/*.json`, `events/*.json`) from Stripe's own example objects.
 *
 * `source/` holds Stripe's example objects verbatim (github stripe/openapi `fixtures3.json`, MIT; the
 * copies in /work/shared/stripe/api-objects). They are shape references: every field is there, but the
 * values are placeholders (timestamps 1234567890, amounts in the billions, `obj_123` ids, both halves of
 * a union filled in). This script keeps every field, gives each a value that fits one story, and writes:
 *
 *   objects/<object>.json  one object per Stripe type, as `GET /v1/<object>/<id>` returns it
 *   events/<type>.json     one complete webhook event per handled type, at the pinned API version
 *
 * The story: Jenny Rosen (one customer) subscribes to the Pro plan (one product, one monthly price of
 * $20.00) through a Checkout session the package created (subscription mode, `client_reference_id` and
 * `metadata[salesforce_subscription_id]` = the Stripe_Subscription__c record id). The first invoice is
 * paid by one payment intent and its charge (linked by one invoice payment); $5.00 of it is refunded and
 * the charge is disputed. The December renewal (a second invoice, payment intent and charge) is declined.
 *
 * `patch` only changes fields the example already has (it throws on an unknown key); `extend` adds a
 * field the example lacks, which the type check (check.ts) then proves the `stripe` type has.
 *
 * Usage: tsx tools/stripe-fixtures/build.ts [--check]   (--check: fail when the JSON files differ)
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

export const API_VERSION = '2026-10-28.endive';
export const FIXTURES_DIR = __dirname;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const source = (name: string): JsonObject =>
  JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'source', `${name}.json`), 'utf8')) as JsonObject;

const clone = <T extends Json>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep-merges `changes` into a copy of `base`; every key must exist in `base` (no invented fields). */
function patch(base: JsonObject, changes: JsonObject, where = ''): JsonObject {
  const out = clone(base);
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in out)) throw new Error(`patch: ${where}${key} is not in the example object`);
    const current = out[key];
    // Metadata and other maps (empty in the example) are replaced as a whole.
    const merge = isObject(current) && isObject(value) && key !== 'metadata' && Object.keys(current).length > 0;
    out[key] = merge ? patch(current, value, `${where}${key}.`) : clone(value);
  }
  return out;
}

/** Adds fields the example object lacks (the type check proves the `stripe` type has them). */
function extend(base: JsonObject, additions: JsonObject): JsonObject {
  const out = clone(base);
  for (const [key, value] of Object.entries(additions)) {
    if (key in out) throw new Error(`extend: ${key} is already in the object; use patch`);
    out[key] = clone(value);
  }
  return out;
}

/** Sets an existing field to a new value as a whole (no merge: the value may carry fields the example lacks). */
function replace(base: JsonObject, key: string, value: Json): JsonObject {
  if (!(key in base)) throw new Error(`replace: ${key} is not in the object`);
  return { ...clone(base), [key]: clone(value) };
}

/** `extend` at a nested path of objects (dot-separated). */
function extendAt(base: JsonObject, at: string, additions: JsonObject): JsonObject {
  const out = clone(base);
  let node: JsonObject = out;
  for (const part of at.split('.')) {
    const next: Json | undefined = node[part];
    if (!isObject(next)) throw new Error(`extendAt: ${at} is not an object`);
    node = next;
  }
  for (const [key, value] of Object.entries(additions)) {
    if (key in node) throw new Error(`extendAt: ${at}.${key} is already there`);
    node[key] = clone(value);
  }
  return out;
}

/** Removes fields (placeholders Stripe's example carries that the pinned type does not have). */
function drop(base: JsonObject, ...keys: string[]): JsonObject {
  const out = clone(base);
  for (const key of keys) {
    if (!(key in out)) throw new Error(`drop: ${key} is not in the object`);
    delete out[key];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The story's ids and clock
// ---------------------------------------------------------------------------------------------------

export const IDS = {
  customer: 'cus_RjN5vT8kLm2QwX',
  /** Salesforce ids (18 characters, valid checksum): the Contact and the Stripe_Subscription__c record. */
  contact: '003Dn00000RosenIAB',
  subscriptionRecord: 'a05Dn00000ProSuIAJ',
  product: 'prod_RjN5PlanPro001',
  price: 'price_1QrN5vB7WZ01zgkWPro2000',
  subscription: 'sub_1QrN6aB7WZ01zgkWSub00001',
  subscriptionItem: 'si_RjN6Item0000001',
  checkoutSession: 'cs_test_a1QrN6aB7WZ01zgkWCheckoutProPlanJennyRosen0001',
  paymentMethod: 'pm_1QrN5zB7WZ01zgkWCard4242',
  invoice: 'in_1QrN6bB7WZ01zgkWInv00001',
  invoiceLine: 'il_1QrN6bB7WZ01zgkWLine0001',
  invoicePayment: 'inpay_1QrN6cB7WZ01zgkWPay00001',
  paymentIntent: 'pi_3QrN6cB7WZ01zgkW0PI00001',
  charge: 'ch_3QrN6cB7WZ01zgkW0CH00001',
  balanceTransaction: 'txn_3QrN6cB7WZ01zgkW0TX00001',
  refund: 're_3QrN6cB7WZ01zgkW0RE00001',
  dispute: 'dp_1QrN6dB7WZ01zgkWDP00001',
  renewalInvoice: 'in_1QrR0aB7WZ01zgkWInv00002',
  renewalInvoiceLine: 'il_1QrR0aB7WZ01zgkWLine0002',
  renewalPaymentIntent: 'pi_3QrR0aB7WZ01zgkW0PI00002',
  renewalCharge: 'ch_3QrR0aB7WZ01zgkW0CH00002',
  upcomingInvoice: 'upcoming_in_1QrU0aB7WZ01zgkWInv00003',
} as const;

/** 2026-11-02T09:00:00Z: Jenny subscribes. */
const T0 = 1793610000;
/** 2026-12-02T09:00:00Z: end of the first period, the renewal. */
const T1 = 1796202000;
/** 2027-01-02T09:00:00Z: end of the second period. */
const T2 = 1798880400;
const DAY = 86400;
const AMOUNT = 2000;
const REFUNDED = 500;
const SALESFORCE_SUBSCRIPTION_KEY = 'salesforce_subscription_id';
const SALESFORCE_CONTACT_KEY = 'salesforce_contact_id';

const ADDRESS: JsonObject = {
  city: 'San Francisco',
  country: 'US',
  line1: '510 Townsend St',
  line2: null,
  postal_code: '94103',
  state: 'CA',
};

// ---------------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------------

const product = extend(
  patch(source('product'), {
    created: T0 - 30 * DAY,
    default_price: IDS.price,
    description: 'Monthly Pro plan: all features, priority support.',
    id: IDS.product,
    name: 'Pro plan',
    // A service has no package dimensions (Stripe sends null unless set).
    package_dimensions: null,
    updated: T0 - 30 * DAY,
    type: 'service',
  }),
  { tax_details: null },
);

const price = patch(source('price'), {
  created: T0 - 30 * DAY,
  id: IDS.price,
  lookup_key: 'pro_monthly',
  nickname: 'Pro monthly',
  product: IDS.product,
  // Stripe sends null unless the price was created with transform_quantity / custom_unit_amount.
  custom_unit_amount: null,
  transform_quantity: null,
  unit_amount: AMOUNT,
  unit_amount_decimal: String(AMOUNT),
});

const customer = patch(source('customer'), {
  address: ADDRESS,
  created: T0 - 60,
  // No discount on this customer (the example fills every nullable object in).
  discount: null,
  email: 'jenny.rosen@example.com',
  id: IDS.customer,
  invoice_prefix: 'JR4A1C2D',
  invoice_settings: { default_payment_method: IDS.paymentMethod },
  metadata: { [SALESFORCE_CONTACT_KEY]: IDS.contact },
  name: 'Jenny Rosen',
  next_invoice_sequence: 3,
  phone: '+14155550123',
  preferred_locales: ['en-US'],
  shipping: null,
});

const subscriptionItemOf = (base: JsonObject): JsonObject =>
  extend(
    patch(base, {
      created: T0,
      id: IDS.subscriptionItem,
      price,
      subscription: IDS.subscription,
      // The legacy plan view of the same price (Stripe still sends `plan` on items).
      plan: {
        active: true,
        amount: AMOUNT,
        amount_decimal: String(AMOUNT),
        billing_scheme: 'per_unit',
        created: T0 - 30 * DAY,
        currency: 'usd',
        id: IDS.price,
        interval: 'month',
        interval_count: 1,
        livemode: false,
        metadata: {},
        nickname: 'Pro monthly',
        product: IDS.product,
        transform_usage: null,
      },
      current_period_end: T1,
      current_period_start: T0,
      billing_thresholds: null,
    }),
    { current_trial: null },
  );

const subscriptionSource = source('subscription');
const subscriptionItem = subscriptionItemOf(((subscriptionSource.items as JsonObject).data as JsonObject[])[0]);

const subscriptionPatched = patch(subscriptionSource, {
  automatic_tax: { liability: null },
  billing_cycle_anchor: T0,
  billing_cycle_anchor_config: null,
  cancel_at: null,
  canceled_at: null,
  created: T0,
  customer: IDS.customer,
  default_payment_method: IDS.paymentMethod,
  ended_at: null,
  id: IDS.subscription,
  invoice_settings: { issuer: { type: 'self' } },
  items: { data: [subscriptionItem], url: `/v1/subscription_items?subscription=${IDS.subscription}` },
  latest_invoice: IDS.invoice,
  // What the package's Checkout session passes as subscription_data[metadata].
  metadata: { [SALESFORCE_SUBSCRIPTION_KEY]: IDS.subscriptionRecord },
  next_pending_invoice_item_invoice: null,
  pause_collection: null,
  payment_settings: {
    payment_method_options: null,
    payment_method_types: null,
    save_default_payment_method: 'off',
  },
  pending_invoice_item_interval: null,
  pending_update: null,
  start_date: T0,
  transfer_data: null,
  trial_end: null,
  trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
  trial_start: null,
  cancel_at_period_end: false,
  billing_thresholds: null,
  billing_mode: { type: 'classic', flexible: null },
  managed_payments: { enabled: false },
  billing_schedules: [],
});
const subscription = extendAt(
  extendAt(subscriptionPatched, 'cancellation_details', { feedback_option: null }),
  'trial_settings.end_behavior',
  { billing_cycle_anchor: null },
);

const invoiceSource = source('invoice');
const lineSource = ((invoiceSource.lines as JsonObject).data as JsonObject[])[0];

interface InvoiceStory {
  id: string;
  line: string;
  number: string;
  created: number;
  periodStart: number;
  periodEnd: number;
  billingReason: string;
}

const FIRST: InvoiceStory = {
  id: IDS.invoice,
  line: IDS.invoiceLine,
  number: 'JR4A1C2D-0001',
  created: T0,
  periodStart: T0,
  periodEnd: T0,
  billingReason: 'subscription_create',
};
const RENEWAL: InvoiceStory = {
  id: IDS.renewalInvoice,
  line: IDS.renewalInvoiceLine,
  number: 'JR4A1C2D-0002',
  created: T1,
  periodStart: T0,
  periodEnd: T1,
  billingReason: 'subscription_cycle',
};

/** A finalized, open subscription invoice (before payment). */
function openInvoice(story: InvoiceStory): JsonObject {
  const linePeriod = story.billingReason === 'subscription_cycle' ? { start: T1, end: T2 } : { start: T0, end: T1 };
  const line = patch(lineSource, {
    amount: AMOUNT,
    description: '1 × Pro plan (at $20.00 / month)',
    id: story.line,
    invoice: story.id,
    metadata: { [SALESFORCE_SUBSCRIPTION_KEY]: IDS.subscriptionRecord },
    period: linePeriod,
    subscription: IDS.subscription,
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: IDS.subscription,
        subscription_item: IDS.subscriptionItem,
      },
      type: 'subscription_item_details',
    },
    pricing: {
      type: 'price_details',
      unit_amount_decimal: String(AMOUNT),
    },
    subtotal: AMOUNT,
  });
  return patch(drop(invoiceSource, 'subscription'), {
    account_name: 'Example Software Inc.',
    amount_due: AMOUNT,
    amount_paid: 0,
    amount_remaining: AMOUNT,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { liability: null },
    billing_reason: story.billingReason,
    created: story.created,
    customer: IDS.customer,
    customer_address: ADDRESS,
    customer_email: 'jenny.rosen@example.com',
    customer_name: 'Jenny Rosen',
    customer_phone: '+14155550123',
    customer_shipping: null,
    due_date: null,
    effective_at: story.created + 3600,
    from_invoice: null,
    hosted_invoice_url: `https://invoice.stripe.com/i/acct_1QrN0000B7WZ01zgkW/test_${story.id.slice(3)}`,
    id: story.id,
    invoice_pdf: `https://pay.stripe.com/invoice/acct_1QrN0000B7WZ01zgkW/test_${story.id.slice(3)}/pdf`,
    last_finalization_error: null,
    lines: { data: [line], url: `/v1/invoices/${story.id}/lines` },
    metadata: {},
    next_payment_attempt: story.created + 3600,
    number: story.number,
    payment_settings: { payment_method_options: null, payment_method_types: null },
    period_end: story.periodEnd,
    period_start: story.periodStart,
    shipping_cost: null,
    shipping_details: null,
    status: 'open',
    status_transitions: { finalized_at: story.created + 3600 },
    subtotal: AMOUNT,
    subtotal_excluding_tax: AMOUNT,
    total: AMOUNT,
    total_excluding_tax: AMOUNT,
    webhooks_delivered_at: story.created,
    amount_overpaid: 0,
    parent: {
      quote_details: null,
      subscription_details: {
        metadata: { [SALESFORCE_SUBSCRIPTION_KEY]: IDS.subscriptionRecord },
        subscription: IDS.subscription,
      },
      type: 'subscription_details',
    },
  });
}

const paidInvoiceOf = (story: InvoiceStory): JsonObject =>
  patch(openInvoice(story), {
    amount_paid: AMOUNT,
    amount_remaining: 0,
    attempt_count: 1,
    attempted: true,
    auto_advance: false,
    next_payment_attempt: null,
    status: 'paid',
    status_transitions: { paid_at: story.created + 3605 },
  });

const invoice = paidInvoiceOf(FIRST);

const paymentIntentSource = source('payment_intent');

function paymentIntentOf(id: string, created: number, description: string): JsonObject {
  const base = extend(paymentIntentSource, { allowed_payment_method_types: null, payment_record: null });
  return patch(base, {
    amount: AMOUNT,
    amount_details: { tip: {} },
    automatic_payment_methods: null,
    canceled_at: null,
    client_secret: `${id}_secret_R4nd0mS3cr3tF0rT3sts0nly`,
    created,
    customer: IDS.customer,
    description,
    id,
    last_payment_error: null,
    next_action: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    processing: null,
    setup_future_usage: 'off_session',
    shipping: null,
    status: 'requires_payment_method',
    transfer_data: null,
    managed_payments: { enabled: false },
  });
}

const paymentIntentBase = paymentIntentOf(IDS.paymentIntent, T0 + 3600, 'Subscription creation');
const paymentIntent = patch(paymentIntentBase, {
  amount_received: AMOUNT,
  latest_charge: IDS.charge,
  payment_method: IDS.paymentMethod,
  status: 'succeeded',
});

const chargeSource = source('charge');

function chargeOf(id: string, paymentIntentId: string, created: number): JsonObject {
  // `refunds` is includable-only since API 2022-11-15 (GET /v1/refunds?charge= lists them): not sent.
  const base = extendAt(drop(chargeSource, 'refunds'), 'payment_method_details.card', {
    electronic_commerce_indicator: '05',
  });
  return patch(base, {
    amount: AMOUNT,
    amount_captured: AMOUNT,
    balance_transaction: IDS.balanceTransaction,
    billing_details: { address: ADDRESS, email: 'jenny.rosen@example.com', phone: null },
    calculated_statement_descriptor: 'EXAMPLE SOFTWARE',
    captured: true,
    created,
    customer: IDS.customer,
    description: 'Subscription creation',
    id,
    outcome: {
      network_status: 'approved_by_network',
      reason: null,
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    payment_intent: paymentIntentId,
    payment_method: IDS.paymentMethod,
    payment_method_details: {
      card: {
        amount_authorized: AMOUNT,
        checks: { address_line1_check: 'pass', address_postal_code_check: 'pass' },
        exp_month: 12,
        exp_year: 2030,
        fingerprint: 'Xt5EWLLDS7FJjR1c',
        installments: null,
        network_token: { used: false },
        overcapture: { maximum_amount_capturable: AMOUNT },
        three_d_secure: null,
        wallet: null,
        authorization_code: '123456',
        network_transaction_id: '586047390321001',
      },
    },
    receipt_url: `https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xUXJOMDAwMEI3V1owMXpna1coRandom${id.slice(3)}`,
    shipping: null,
    status: 'succeeded',
    transfer_data: null,
    source: null,
  });
}

const charge = chargeOf(IDS.charge, IDS.paymentIntent, T0 + 3603);

const refund = patch(source('refund'), {
  amount: REFUNDED,
  balance_transaction: 'txn_3QrN6cB7WZ01zgkW0TX00002',
  charge: IDS.charge,
  created: T0 + 5 * DAY,
  destination_details: { card: { type: 'refund' } },
  id: IDS.refund,
  metadata: {},
  payment_intent: IDS.paymentIntent,
  reason: 'requested_by_customer',
  status: 'succeeded',
  customer: IDS.customer,
  payment_method: IDS.paymentMethod,
});

// The link Stripe dropped from Invoice/PaymentIntent: payment.payment_intent (the example only has `type`).
const invoicePayment = patch(extendAt(source('invoice_payment'), 'payment', { payment_intent: IDS.paymentIntent }), {
  amount_paid: AMOUNT,
  amount_requested: AMOUNT,
  created: T0 + 3600,
  currency: 'usd',
  id: IDS.invoicePayment,
  invoice: IDS.invoice,
  livemode: false,
  status: 'paid',
  status_transitions: { paid_at: T0 + 3605 },
});

const disputeSource = extend(extendAt(source('dispute'), 'evidence_details', { submission_method: 'not_submitted' }), {
  intended_submission_method: null,
});
const dispute = patch(disputeSource, {
  amount: AMOUNT,
  charge: IDS.charge,
  created: T0 + 20 * DAY,
  evidence: { enhanced_evidence: {} },
  evidence_details: { due_by: T0 + 30 * DAY, enhanced_eligibility: {} },
  id: IDS.dispute,
  payment_intent: IDS.paymentIntent,
  payment_method_details: { card: { case_type: 'chargeback' } },
  reason: 'fraudulent',
  status: 'needs_response',
  enhanced_eligibility_types: [],
});

const checkoutSession = patch(extend(source('checkout.session'), { allowed_payment_method_types: null }), {
  after_expiration: null,
  amount_subtotal: AMOUNT,
  amount_total: AMOUNT,
  automatic_tax: { liability: null },
  billing_address_collection: 'auto',
  cancel_url: 'https://example.my.site.com/s/checkout-canceled',
  client_reference_id: IDS.subscriptionRecord,
  consent: null,
  consent_collection: null,
  created: T0 - 30,
  currency: 'usd',
  custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
  customer: IDS.customer,
  customer_details: {
    address: ADDRESS,
    email: 'jenny.rosen@example.com',
    name: 'Jenny Rosen',
    phone: null,
  },
  expires_at: T0 - 30 + DAY,
  id: IDS.checkoutSession,
  invoice: IDS.invoice,
  invoice_creation: null,
  metadata: { [SALESFORCE_SUBSCRIPTION_KEY]: IDS.subscriptionRecord },
  mode: 'subscription',
  payment_intent: null,
  payment_method_collection: 'always',
  payment_method_configuration_details: null,
  payment_status: 'paid',
  saved_payment_method_options: null,
  shipping_address_collection: null,
  shipping_cost: null,
  status: 'complete',
  subscription: IDS.subscription,
  success_url: 'https://example.my.site.com/s/checkout-complete',
  total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
  ui_mode: 'hosted',
  url: null,
  adaptive_pricing: { enabled: false },
  discounts: [],
  collected_information: null,
  permissions: null,
  wallet_options: null,
  currency_conversion: null,
  managed_payments: { enabled: false },
});

/** A promotion code the customer can be given (`SPRING25`, 25 % off through coupon `SPRING25OFF`). */
const promotionCode = patch(source('promotion_code'), {
  active: true,
  code: 'SPRING25',
  created: T0 - 10 * DAY,
  expires_at: null,
  id: 'promo_1QrN8aB7WZ01zgkWPromo001',
  promotion: { coupon: 'SPRING25OFF', type: 'coupon' },
});

/** A customer portal session customer service sends Jenny (default configuration, no flow). */
const billingPortalSession = patch(source('billing_portal.session'), {
  configuration: 'bpc_1QrN8bB7WZ01zgkWPortal001',
  created: T1 - 2 * DAY,
  customer: IDS.customer,
  flow: null,
  id: 'bps_1QrN8bB7WZ01zgkWSession001',
  livemode: false,
  return_url: 'https://example.my.site.com/s/billing',
  url: 'https://billing.stripe.com/p/session/test_YWNjdF8xUXJONWFCN1daMDF6Z2tXLF9SalNlc3Npb24wMDE',
});

/**
 * The account's balance as `GET /v1/balance` returns it in test mode (the setup checklist's connection
 * check reads `livemode` from it).
 */
const balance = patch(source('balance'), {
  available: [{ amount: 2000, currency: 'usd', source_types: { card: 2000 } }],
  connect_reserved: [{ amount: 0, currency: 'usd' }],
  livemode: false,
  pending: [{ amount: 1500, currency: 'usd', source_types: { card: 1500 } }],
});

/**
 * The webhook endpoint the setup checklist registers (`POST /v1/webhook_endpoints`): the Site's URL, the
 * pinned API version, a few of the handled types. Its `secret`, "only returned at creation", is left out
 * here: tests add one they generate, so no file holds a signing secret.
 */
const webhookEndpoint = patch(source('webhook_endpoint'), {
  api_version: API_VERSION,
  created: T1 - 2 * DAY,
  description: 'Stripe Connector for Salesforce',
  enabled_events: ['checkout.session.completed', 'customer.subscription.updated', 'invoice.paid'],
  id: 'we_1QrN8cB7WZ01zgkWEndpoint01',
  livemode: false,
  url: 'https://example.my.salesforce-sites.com/stripe/services/apexrest/stripe/webhook',
});

/** What `DELETE /v1/webhook_endpoints/{id}` answers. */
const deletedWebhookEndpoint = patch(source('deleted_webhook_endpoint'), { id: 'we_1QrN8cB7WZ01zgkWEndpoint01' });

export const OBJECTS: Record<string, JsonObject> = {
  balance,
  'billing_portal.session': billingPortalSession,
  'checkout.session': checkoutSession,
  charge,
  customer,
  dispute,
  invoice,
  invoice_payment: invoicePayment,
  payment_intent: paymentIntent,
  price,
  product,
  promotion_code: promotionCode,
  refund,
  subscription,
  subscription_item: subscriptionItem,
  webhook_endpoint: webhookEndpoint,
  deleted_webhook_endpoint: deletedWebhookEndpoint,
};

// ---------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------

interface EventSpec {
  object: JsonObject;
  created: number;
  previous?: JsonObject;
  /** The API request that caused the event; null for automatic ones (renewals, expiries). */
  request?: string | null;
}

let eventCounter = 0;
function eventOf(type: string, spec: EventSpec): JsonObject {
  eventCounter += 1;
  const suffix = String(eventCounter).padStart(4, '0');
  const data: JsonObject = { object: spec.object };
  if (spec.previous) data.previous_attributes = spec.previous;
  return {
    id: `evt_1QrN7${suffix}B7WZ01zgkWEvt${suffix}`,
    object: 'event',
    api_version: API_VERSION,
    created: spec.created,
    data,
    livemode: false,
    pending_webhooks: 1,
    request: { id: spec.request === undefined ? null : spec.request, idempotency_key: null },
    type,
  };
}

const REQ_CHECKOUT = 'req_QrN6aCheckout01';
const REQ_DASHBOARD = 'req_QrN7Dashboard01';

const openFirst = openInvoice(FIRST);
const openRenewal = openInvoice(RENEWAL);
const failedRenewalPaymentIntentBase = paymentIntentOf(IDS.renewalPaymentIntent, T1 + 3600, 'Subscription update');
const declinedError: JsonObject = {
  charge: IDS.renewalCharge,
  code: 'card_declined',
  decline_code: 'insufficient_funds',
  doc_url: 'https://stripe.com/docs/error-codes/card-declined',
  message: 'Your card has insufficient funds.',
  type: 'card_error',
};
// last_payment_error carries the decline: the example only has `type`; these are the fields Stripe sends.
const failedRenewalPaymentIntent = replace(
  patch(failedRenewalPaymentIntentBase, { latest_charge: IDS.renewalCharge, payment_method: null }),
  'last_payment_error',
  declinedError,
);
const failedRenewalCharge = patch(chargeOf(IDS.renewalCharge, IDS.renewalPaymentIntent, T1 + 3602), {
  amount_captured: 0,
  balance_transaction: null,
  captured: false,
  description: 'Subscription update',
  failure_code: 'card_declined',
  failure_message: 'Your card has insufficient funds.',
  outcome: {
    network_status: 'declined_by_network',
    reason: 'insufficient_funds',
    seller_message: 'The bank returned the decline code `insufficient_funds`.',
    type: 'issuer_declined',
  },
  paid: false,
  payment_method_details: { card: { authorization_code: null, network_transaction_id: null } },
  receipt_url: null,
  status: 'failed',
});
const failedRenewalInvoice = patch(openRenewal, {
  attempt_count: 1,
  attempted: true,
  next_payment_attempt: T1 + 3 * DAY,
});
const actionRenewalInvoice = patch(openRenewal, { attempt_count: 1, attempted: true });
const actionRenewalPaymentIntent = patch(failedRenewalPaymentIntentBase, {
  next_action: { type: 'use_stripe_sdk' },
  payment_method: IDS.paymentMethod,
  status: 'requires_action',
});

const refundedCharge = patch(charge, { amount_refunded: REFUNDED });
const pendingRefund = patch(refund, { status: 'pending' });
const failedRefund = extend(patch(refund, { balance_transaction: 'txn_3QrN6cB7WZ01zgkW0TX00003', status: 'failed' }), {
  failure_balance_transaction: 'txn_3QrN6cB7WZ01zgkW0TX00004',
  failure_reason: 'expired_or_canceled_card',
});
const disputeWithdrawn = patch(dispute, {
  balance_transactions: [],
  status: 'needs_response',
});
const disputeUnderReview = patch(dispute, {
  evidence: { customer_name: 'Jenny Rosen', uncategorized_text: 'Customer used the service all month.' },
  evidence_details: { has_evidence: true, submission_count: 1, submission_method: 'manual' },
  is_charge_refundable: false,
  status: 'under_review',
});
const disputeLost = patch(disputeUnderReview, { status: 'lost' });
const disputeWon = patch(disputeUnderReview, { status: 'won' });
const disputedCharge = patch(charge, { disputed: true });

const canceledAtPeriodEnd = patch(subscription, {
  cancel_at: T1,
  cancel_at_period_end: true,
  canceled_at: T0 + 10 * DAY,
  cancellation_details: { comment: null, feedback: 'too_expensive', reason: 'cancellation_requested' },
});
const ended = patch(canceledAtPeriodEnd, { ended_at: T1, status: 'canceled' });
const trialing = patch(subscription, {
  status: 'trialing',
  trial_end: T0 + 14 * DAY,
  trial_start: T0,
  trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
  default_payment_method: null,
});
const paused = patch(trialing, { status: 'paused' });
const pendingUpdate: JsonObject = {
  billing_cycle_anchor: null,
  discount: null,
  discounts: null,
  expires_at: T0 + DAY,
  subscription_items: [patch(subscriptionItem, { quantity: 2 })],
  trial_end: null,
  trial_from_plan: null,
  metadata: null,
};
const pendingUpdateFull = patch(source('subscription').pending_update as JsonObject, pendingUpdate);
const quantityTwo = patch(subscription, {
  items: { data: [patch(subscriptionItem, { quantity: 2 })] },
});

const upcoming = patch(openRenewal, {
  // An upcoming invoice is a preview: no hosted page or number yet, id prefixed `upcoming_in`.
  auto_advance: false,
  effective_at: null,
  hosted_invoice_url: null,
  id: IDS.upcomingInvoice,
  invoice_pdf: null,
  lines: { url: `/v1/invoices/${IDS.upcomingInvoice}/lines` },
  next_payment_attempt: T1,
  number: null,
  status: 'draft',
  status_transitions: { finalized_at: null },
  webhooks_delivered_at: null,
});
const draftFirst = patch(openFirst, {
  effective_at: null,
  hosted_invoice_url: null,
  invoice_pdf: null,
  number: null,
  status: 'draft',
  status_transitions: { finalized_at: null },
  webhooks_delivered_at: null,
});
const finalizationFailed = replace(
  patch(openRenewal, {
    effective_at: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    number: null,
    status: 'draft',
    status_transitions: { finalized_at: null },
  }),
  'last_finalization_error',
  {
    code: 'customer_tax_location_invalid',
    doc_url: 'https://stripe.com/docs/error-codes/customer-tax-location-invalid',
    message: "The customer's location isn't recognized.",
    type: 'invalid_request_error',
  },
);

const checkoutExpired = patch(checkoutSession, {
  customer: null,
  customer_details: null,
  invoice: null,
  payment_status: 'unpaid',
  status: 'expired',
  subscription: null,
});
const checkoutAsync = patch(checkoutSession, { payment_status: 'unpaid' });

const priceUpdated = patch(price, { nickname: 'Pro monthly (2026)' });
const productUpdated = patch(product, { description: 'Monthly Pro plan: every feature, priority support.' });

export const EVENTS: Record<string, JsonObject> = {
  'customer.created': eventOf('customer.created', { object: customer, created: T0 - 60, request: REQ_CHECKOUT }),
  'customer.updated': eventOf('customer.updated', {
    object: customer,
    created: T0 + 2 * DAY,
    previous: { phone: '+14155550100' },
    request: REQ_DASHBOARD,
  }),
  'customer.deleted': eventOf('customer.deleted', { object: customer, created: T2, request: REQ_DASHBOARD }),
  'checkout.session.completed': eventOf('checkout.session.completed', { object: checkoutSession, created: T0 + 3606 }),
  'checkout.session.expired': eventOf('checkout.session.expired', { object: checkoutExpired, created: T0 - 30 + DAY }),
  'checkout.session.async_payment_succeeded': eventOf('checkout.session.async_payment_succeeded', {
    object: checkoutSession,
    created: T0 + 2 * DAY,
  }),
  'checkout.session.async_payment_failed': eventOf('checkout.session.async_payment_failed', {
    object: checkoutAsync,
    created: T0 + 2 * DAY,
  }),
  'customer.subscription.created': eventOf('customer.subscription.created', {
    object: subscription,
    created: T0 + 3600,
    request: REQ_CHECKOUT,
  }),
  'customer.subscription.updated': eventOf('customer.subscription.updated', {
    object: canceledAtPeriodEnd,
    created: T0 + 10 * DAY,
    previous: {
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      cancellation_details: { feedback: null, reason: null },
    },
    request: REQ_DASHBOARD,
  }),
  'customer.subscription.deleted': eventOf('customer.subscription.deleted', { object: ended, created: T1 }),
  'customer.subscription.paused': eventOf('customer.subscription.paused', {
    object: paused,
    created: T0 + 14 * DAY,
    previous: { status: 'trialing' },
  }),
  'customer.subscription.resumed': eventOf('customer.subscription.resumed', {
    object: subscription,
    created: T0 + 15 * DAY,
    previous: { status: 'paused' },
    request: REQ_DASHBOARD,
  }),
  'customer.subscription.trial_will_end': eventOf('customer.subscription.trial_will_end', {
    object: trialing,
    created: T0 + 11 * DAY,
  }),
  'customer.subscription.pending_update_applied': eventOf('customer.subscription.pending_update_applied', {
    object: quantityTwo,
    created: T0 + 3605,
    previous: { pending_update: pendingUpdateFull, items: { data: [subscriptionItem] } },
  }),
  'customer.subscription.pending_update_expired': eventOf('customer.subscription.pending_update_expired', {
    object: subscription,
    created: T0 + DAY,
    previous: { pending_update: pendingUpdateFull },
  }),
  'invoice.created': eventOf('invoice.created', { object: draftFirst, created: T0, request: REQ_CHECKOUT }),
  'invoice.finalized': eventOf('invoice.finalized', { object: openFirst, created: T0 + 3600 }),
  'invoice.updated': eventOf('invoice.updated', {
    object: openFirst,
    created: T0 + 3600,
    previous: { auto_advance: false },
  }),
  'invoice.paid': eventOf('invoice.paid', { object: invoice, created: T0 + 3605 }),
  'invoice.payment_succeeded': eventOf('invoice.payment_succeeded', { object: invoice, created: T0 + 3605 }),
  'invoice_payment.paid': eventOf('invoice_payment.paid', { object: invoicePayment, created: T0 + 3605 }),
  'invoice.payment_failed': eventOf('invoice.payment_failed', { object: failedRenewalInvoice, created: T1 + 3603 }),
  'invoice.payment_action_required': eventOf('invoice.payment_action_required', {
    object: actionRenewalInvoice,
    created: T1 + 3603,
  }),
  'invoice.finalization_failed': eventOf('invoice.finalization_failed', {
    object: finalizationFailed,
    created: T1 + 3600,
  }),
  'invoice.voided': eventOf('invoice.voided', {
    object: patch(openRenewal, { status: 'void', status_transitions: { voided_at: T1 + 5 * DAY } }),
    created: T1 + 5 * DAY,
    request: REQ_DASHBOARD,
  }),
  'invoice.marked_uncollectible': eventOf('invoice.marked_uncollectible', {
    object: patch(failedRenewalInvoice, {
      next_payment_attempt: null,
      status: 'uncollectible',
      status_transitions: { marked_uncollectible_at: T1 + 21 * DAY },
    }),
    created: T1 + 21 * DAY,
  }),
  'invoice.upcoming': eventOf('invoice.upcoming', { object: upcoming, created: T1 - 3 * DAY }),
  'payment_intent.created': eventOf('payment_intent.created', { object: paymentIntentBase, created: T0 + 3600 }),
  'payment_intent.succeeded': eventOf('payment_intent.succeeded', { object: paymentIntent, created: T0 + 3604 }),
  'payment_intent.payment_failed': eventOf('payment_intent.payment_failed', {
    object: failedRenewalPaymentIntent,
    created: T1 + 3602,
  }),
  'payment_intent.requires_action': eventOf('payment_intent.requires_action', {
    object: actionRenewalPaymentIntent,
    created: T1 + 3602,
  }),
  'charge.succeeded': eventOf('charge.succeeded', { object: charge, created: T0 + 3603 }),
  'charge.failed': eventOf('charge.failed', { object: failedRenewalCharge, created: T1 + 3602 }),
  'charge.refunded': eventOf('charge.refunded', {
    object: refundedCharge,
    created: T0 + 5 * DAY,
    previous: { amount_refunded: 0 },
    request: REQ_DASHBOARD,
  }),
  'charge.refund.updated': eventOf('charge.refund.updated', {
    object: refund,
    created: T0 + 5 * DAY + 60,
    previous: { status: 'pending' },
  }),
  'refund.created': eventOf('refund.created', { object: pendingRefund, created: T0 + 5 * DAY, request: REQ_DASHBOARD }),
  'refund.updated': eventOf('refund.updated', {
    object: refund,
    created: T0 + 5 * DAY + 60,
    previous: { status: 'pending' },
  }),
  'refund.failed': eventOf('refund.failed', {
    object: failedRefund,
    created: T0 + 7 * DAY,
    previous: { status: 'pending' },
  }),
  'charge.dispute.created': eventOf('charge.dispute.created', { object: dispute, created: T0 + 20 * DAY }),
  'charge.dispute.funds_withdrawn': eventOf('charge.dispute.funds_withdrawn', {
    object: disputeWithdrawn,
    created: T0 + 20 * DAY + 5,
  }),
  'charge.dispute.updated': eventOf('charge.dispute.updated', {
    object: disputeUnderReview,
    created: T0 + 25 * DAY,
    previous: { evidence: { customer_name: null, uncategorized_text: null }, status: 'needs_response' },
    request: REQ_DASHBOARD,
  }),
  'charge.dispute.closed': eventOf('charge.dispute.closed', {
    object: disputeLost,
    created: T0 + 60 * DAY,
    previous: { status: 'under_review' },
  }),
  'charge.dispute.funds_reinstated': eventOf('charge.dispute.funds_reinstated', {
    object: disputeWon,
    created: T0 + 60 * DAY,
  }),
  'product.created': eventOf('product.created', { object: product, created: T0 - 30 * DAY, request: REQ_DASHBOARD }),
  'product.updated': eventOf('product.updated', {
    object: productUpdated,
    created: T0 - 29 * DAY,
    previous: { description: product.description },
    request: REQ_DASHBOARD,
  }),
  'product.deleted': eventOf('product.deleted', {
    object: patch(product, { active: false }),
    created: T2,
    request: REQ_DASHBOARD,
  }),
  'price.created': eventOf('price.created', { object: price, created: T0 - 30 * DAY, request: REQ_DASHBOARD }),
  'price.updated': eventOf('price.updated', {
    object: priceUpdated,
    created: T0 - 29 * DAY,
    previous: { nickname: price.nickname },
    request: REQ_DASHBOARD,
  }),
  'price.deleted': eventOf('price.deleted', {
    object: patch(price, { active: false }),
    created: T2,
    request: REQ_DASHBOARD,
  }),
};
void disputedCharge;

// ---------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------

/** Pretty JSON as the repository's Prettier config writes it (format:check covers these files). */
async function render(relative: string, value: Json): Promise<string> {
  const filepath = path.join(FIXTURES_DIR, relative);
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(JSON.stringify(value), { ...options, filepath });
}

/** The files this script produces, by path relative to tools/stripe-fixtures. */
export async function outputs(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [name, object] of Object.entries(OBJECTS)) {
    files.set(`objects/${name}.json`, await render(`objects/${name}.json`, object));
  }
  for (const [type, event] of Object.entries(EVENTS)) {
    files.set(`events/${type}.json`, await render(`events/${type}.json`, event));
  }
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await outputs();
  const stale: string[] = [];
  for (const dir of ['objects', 'events']) {
    const full = path.join(FIXTURES_DIR, dir);
    if (!existsSync(full)) mkdirSync(full, { recursive: true });
    for (const file of readdirSync(full)) {
      if (!files.has(`${dir}/${file}`)) {
        stale.push(`${dir}/${file} (not produced by build.ts)`);
        if (!check) rmSync(path.join(full, file));
      }
    }
  }
  for (const [relative, content] of files) {
    const full = path.join(FIXTURES_DIR, relative);
    const current = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    if (current === content) continue;
    stale.push(relative);
    if (!check) writeFileSync(full, content);
  }
  if (check && stale.length > 0) {
    console.error(`Stripe fixtures out of date (run npm run fixtures:build):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log(check ? `${files.size} fixtures up to date` : `${files.size} fixtures written (${stale.length} changed)`);
}

if (require.main === module) void main();
