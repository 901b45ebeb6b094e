/**
 * The local Stripe of the preview (`npm start`): answers the package's API calls with objects built from the
 * pinned-version fixtures of tools/stripe-fixtures (checked against the stripe SDK's types), keeps what was
 * created (customers, Checkout Sessions, subscriptions), and makes the events Stripe would send, with ids that
 * match what the org was told. It plays Stripe's part where a person acts outside Salesforce: the customer
 * pays the Checkout link, a renewal is declined, someone refunds in the Dashboard.
 *
 *   POST /v1/customers, POST /v1/customers/{id}, GET /v1/customers/search     (customer sync)
 *   POST /v1/checkout/sessions, POST /v1/checkout/sessions/{id}/expire          (payment links)
 *   GET /v1/subscriptions/{id}, POST /v1/subscriptions/{id} (cancel_at_period_end, cancel_at; items[0][price],
 *     items[0][quantity], proration_behavior, proration_date), DELETE …, POST /v1/invoices/create_preview
 *   POST /v1/billing_portal/sessions, GET /v1/prices, GET /v1/balance                (the setup checklist)
 *   POST /v1/webhook_endpoints, GET and DELETE /v1/webhook_endpoints/{id}        (the checklist registers, rolls)
 *   GET /v1/invoice_payments, GET /v1/events/{id}                               (tools/stripe-fixtures/stripe-fake.ts)
 *
 * A POST with an `Idempotency-Key` seen before answers what the first one did, as Stripe does ("Idempotent
 * requests", https://docs.stripe.com/api/idempotent_requests). Anything else is a 404 in Stripe's error shape.
 *
 * Every object it builds at run time `satisfies` its type in the `stripe` package (the SDK of the pinned API
 * version), so `npm run typecheck` (tools/preview/tsconfig.json) refuses a field Stripe does not send at that
 * version; the fixtures it starts from are checked by tools/stripe-fixtures/check.ts.
 *
 * Deliveries: until an endpoint is registered, every event goes out as `stripe listen --forward-to` forwards it,
 * signed with the listener's secret (`WorldOptions.listenerSecret`, made at start and stored by hand, admin guide
 * step 7). Once webhook endpoints exist, each event goes to every enabled endpoint whose `enabled_events` holds its
 * type (or `*`), to the endpoint's URL, signed with that endpoint's secret (made at random when it is created).
 */
import type Stripe from 'stripe';
import { createStripeFake, type FakeRequest, type FakeResponse } from '../stripe-fixtures/stripe-fake';
import {
  dataObject,
  fixtureEvent,
  newSigningSecret,
  pinnedApiVersion,
  stripeObject,
  type JsonMap,
  type Wire,
} from '../stripe-fixtures/fixtures';

/** The package's pinned API version (its settings record): requests must carry it, endpoints default to it. */
const PINNED = pinnedApiVersion();

/** Fields of Stripe objects that are Unix times: moved with the clock so that the fixtures' relations hold. */
const TIME_FIELDS = new Set([
  'created',
  'start_date',
  'billing_cycle_anchor',
  'current_period_start',
  'current_period_end',
  'period_start',
  'period_end',
  'start',
  'end',
  'expires_at',
  'paid_at',
  'finalized_at',
  'webhooks_delivered_at',
  'next_payment_attempt',
  'effective_at',
  'due_date',
]);

const FIXTURE_CUSTOMER = stripeObject('customer').id;
const FIXTURE_SESSION = stripeObject('checkout.session');
const FIXTURE_RECORD = String(FIXTURE_SESSION.client_reference_id);
const FIXTURE_PRICE = stripeObject('price').id;
/** The fixtures' subscription is created at this time: the payment's events are placed around "now". */
const FIXTURE_PAID_AT = Number(fixtureEvent('customer.subscription.created').created);

/** Events Stripe sends when a customer completes a subscription-mode Checkout Session and the first invoice is paid. */
const PAYMENT_EVENTS = [
  'customer.subscription.created',
  'invoice.finalized',
  'charge.succeeded',
  'payment_intent.succeeded',
  'invoice_payment.paid',
  'invoice.paid',
  'customer.subscription.updated',
  'checkout.session.completed',
];
/** A declined renewal: the invoice and its payment intent fail, the subscription goes past due. */
const RENEWAL_FAILED_EVENTS = [
  'invoice.payment_failed',
  'payment_intent.payment_failed',
  'customer.subscription.updated',
];
/** Parameters of `POST /v1/subscriptions/{id}` the local Stripe applies (cancellation, price or quantity). */
const UPDATABLE = new Set([
  'cancel_at_period_end',
  'cancel_at',
  'items[0][id]',
  'items[0][price]',
  'items[0][quantity]',
  'proration_behavior',
  'proration_date',
]);
/** A refund made in the Dashboard. */
const REFUND_EVENTS = ['refund.created', 'charge.refunded'];

/** One event on its way to a webhook endpoint. */
export interface Delivery {
  type: string;
  body: string;
  /** The endpoint's URL; undefined: forwarded by `stripe listen` to the preview's own endpoint. */
  url?: string;
  /** The secret the delivery is signed with (the endpoint's, or the listener's). */
  secret: string;
}

/** Stripe's error body (https://docs.stripe.com/api/errors). */
interface StripeErrorBody {
  error: { type: 'invalid_request_error' | 'api_error'; code?: string; message: string };
}

/** A Checkout Session created through the API, and what became of it. */
export interface SessionState {
  id: string;
  recordId: string;
  customer: string;
  price: string;
  status: 'open' | 'complete' | 'expired';
  url: string;
  /** Set once paid: the subscription and the first invoice's charge. */
  subscription?: string;
  charge?: string;
  renewalFailed?: boolean;
  refunded?: boolean;
}

export interface StripeWorld {
  handle(request: FakeRequest): FakeResponse;
  /** Events made since the last call (they go to the webhook endpoint). */
  takeEvents(): Delivery[];
  sessions(): SessionState[];
  /** The customer pays the session's link: the events of a paid subscription Checkout. */
  pay(sessionId: string): void;
  /** The subscription's renewal is declined (insufficient funds). */
  failRenewal(sessionId: string): void;
  /** The first payment is refunded from the Dashboard. */
  refund(sessionId: string): void;
  /** Stripe's API has an incident (every request answers 500 `api_error`) until called with false. */
  setOutage(down: boolean): void;
  /** The webhook endpoints that exist (their secrets left out, as Stripe shows them after creation). */
  webhookEndpoints(): Wire<Stripe.WebhookEndpoint>[];
  readonly requests: FakeRequest[];
}

export interface WorldOptions {
  /** The org clock, Unix seconds. */
  now: () => number;
  /** Moves the org clock forward (a renewal happens a period later). */
  advance: (seconds: number) => void;
  /** Prices the catalog lists (`GET /v1/prices`), their product expanded. */
  prices: Wire<Stripe.Price>[];
  /** The `stripe listen` secret that signs deliveries while no webhook endpoint is registered. */
  listenerSecret: string;
}

/**
 * Everything the local Stripe answers: the SDK types (on the wire) of the objects it serves, or Stripe's error. A
 * body of any other type (a loose JSON map, a field the SDK does not have at the pinned version) fails
 * `npm run typecheck`.
 */
type StripeAnswer =
  | Wire<Stripe.Customer>
  | Wire<Stripe.ApiSearchResult<Stripe.Customer>>
  | Wire<Stripe.Checkout.Session>
  | Wire<Stripe.Subscription>
  | Wire<Stripe.Invoice>
  | Wire<Stripe.BillingPortal.Session>
  | Wire<Stripe.Balance>
  | Wire<Stripe.ApiList<Stripe.Price>>
  | Wire<Stripe.WebhookEndpoint>
  | Wire<Stripe.DeletedWebhookEndpoint>
  | StripeErrorBody;

const json = (statusCode: number, body: StripeAnswer, requestId: string): FakeResponse => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', 'Request-Id': requestId },
  body: JSON.stringify(body),
});

/** Shifts every time field by `delta` seconds, in place. */
function shiftTimes(value: unknown, delta: number): void {
  if (Array.isArray(value)) {
    for (const item of value) shiftTimes(item, delta);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const map = value as JsonMap;
  for (const [key, field] of Object.entries(map)) {
    if (typeof field === 'number' && TIME_FIELDS.has(key)) map[key] = field + delta;
    else shiftTimes(field, delta);
  }
}

/** Every id-like string of the fixtures' objects (`sub_…`, `in_…`, `pi_…`, …) in a JSON text. */
const FIXTURE_IDS = /\b(?:sub|in|pi|ch|inpay|si|re|il|txn)_[0-9A-Za-z]*B7WZ01zgkW[0-9A-Za-z]*|\bsi_RjN6Item\d+/g;

export function createStripeWorld(options: WorldOptions): StripeWorld {
  const base = createStripeFake();
  const requests: FakeRequest[] = [];
  const customers = new Map<string, Wire<Stripe.Customer>>();
  const sessions = new Map<string, SessionState>();
  const subscriptions = new Map<string, Wire<Stripe.Subscription>>();
  /** Webhook endpoints by id, with the secret each signs with. */
  const endpoints = new Map<string, { endpoint: Wire<Stripe.WebhookEndpoint>; secret: string }>();
  let outage = false;
  /** Per session: fixture id -> this session's id, and the time shift of its events. */
  const worlds = new Map<string, { ids: Map<string, string>; delta: number }>();
  const idempotent = new Map<string, FakeResponse>();
  const outbox: Delivery[] = [];
  let counter = 0;
  const next = (prefix: string): string => `${prefix}_LocalPreview${String(++counter).padStart(6, '0')}`;

  /** A fixture event made this session's: its ids, its customer and record, its times. */
  function event(
    type: string,
    state: SessionState,
    change: (object: JsonMap, body: JsonMap) => void = () => undefined,
  ): JsonMap {
    const world = worlds.get(state.id)!;
    let text = JSON.stringify(fixtureEvent(type)).replace(FIXTURE_IDS, (id) => {
      if (!world.ids.has(id)) world.ids.set(id, id.replace(/B7WZ01zgkW/, `Local${String(++counter).padStart(4, '0')}`));
      return world.ids.get(id)!;
    });
    text = text
      .split(String(FIXTURE_SESSION.id))
      .join(state.id)
      .split(FIXTURE_CUSTOMER)
      .join(state.customer)
      .split(FIXTURE_RECORD)
      .join(state.recordId)
      .split(FIXTURE_PRICE)
      .join(state.price);
    const body = JSON.parse(text) as JsonMap;
    shiftTimes(body, world.delta);
    body.id = next('evt');
    change(dataObject(body), body);
    return body;
  }

  let lastCreated = 0;
  function emit(body: JsonMap): void {
    // Each event a second after the one before: processing applies the newest state by `created`.
    body.created = Math.max(Number(body.created), options.now(), lastCreated + 1);
    lastCreated = Number(body.created);
    const text = JSON.stringify(body);
    base.registerEvent(text);
    const type = String(body.type);
    const targets = [...endpoints.values()].filter(
      ({ endpoint }) =>
        endpoint.status === 'enabled' &&
        (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type)),
    );
    if (endpoints.size === 0) outbox.push({ type, body: text, secret: options.listenerSecret });
    for (const { endpoint, secret } of targets) outbox.push({ type, body: text, url: endpoint.url, secret });
  }

  function subscriptionChanged(
    subscription: Wire<Stripe.Subscription>,
    previous: Partial<Wire<Stripe.Subscription>>,
    type = 'customer.subscription.updated',
  ): void {
    const state = [...sessions.values()].find((s) => s.subscription === subscription.id);
    if (!state) return;
    emit(
      event(type, state, (object, body) => {
        Object.assign(object, subscription);
        if (type === 'customer.subscription.updated') (body.data as JsonMap).previous_attributes = previous;
      }),
    );
  }

  function route(request: FakeRequest, requestId: string): FakeResponse {
    const url = new URL(request.url.replace(/^callout:Stripe/, 'https://api.stripe.com'));
    const params = new URLSearchParams(request.body ?? '');
    const method = request.method.toUpperCase();
    const path = url.pathname;
    const error = (status: number, message: string, code = 'resource_missing'): FakeResponse =>
      json(status, { error: { type: 'invalid_request_error', code, message } } satisfies StripeErrorBody, requestId);
    const metadata = (): Wire<Stripe.Metadata> =>
      Object.fromEntries(
        [...params].flatMap(([k, v]) =>
          /^metadata\[(\w+)\]$/.exec(k) ? [[/^metadata\[(\w+)\]$/.exec(k)![1], v]] : [],
        ),
      );

    if (method === 'POST' && path === '/v1/customers') {
      const customer = {
        ...stripeObject('customer'),
        id: next('cus'),
        created: options.now(),
        email: params.get('email'),
        name: params.get('name'),
        phone: params.get('phone'),
        metadata: metadata(),
      } satisfies Wire<Stripe.Customer>;
      customers.set(customer.id, customer);
      return json(200, customer, requestId);
    }
    const customerMatch = /^\/v1\/customers\/(cus_\w+)$/.exec(path);
    if (customerMatch && method === 'POST') {
      const customer = customers.get(customerMatch[1]);
      if (!customer) return error(404, `No such customer: '${customerMatch[1]}'`);
      for (const key of ['email', 'name', 'phone'] as const) if (params.has(key)) customer[key] = params.get(key);
      Object.assign(customer.metadata, metadata());
      return json(200, customer, requestId);
    }
    if (method === 'GET' && path === '/v1/customers/search') {
      // Search query language: metadata['key']:'value' (https://docs.stripe.com/search#query-fields-for-customers)
      const query = /^metadata\['(\w+)'\]:'([^']*)'$/.exec(url.searchParams.get('query') ?? '');
      const data = query ? [...customers.values()].filter((c) => c.metadata[query[1]] === query[2]) : [];
      return json(
        200,
        {
          object: 'search_result',
          url: '/v1/customers/search',
          has_more: false,
          next_page: null,
          data,
        } satisfies Wire<Stripe.ApiSearchResult<Stripe.Customer>>,
        requestId,
      );
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const id = next('cs_test');
      const state: SessionState = {
        id,
        recordId: params.get('client_reference_id') ?? '',
        customer: params.get('customer') ?? '',
        price: params.get('line_items[0][price]') ?? FIXTURE_PRICE,
        status: 'open',
        url: `https://checkout.stripe.com/c/pay/${id}`,
      };
      sessions.set(id, state);
      worlds.set(id, { ids: new Map(), delta: options.now() - FIXTURE_PAID_AT });
      const session = {
        ...stripeObject('checkout.session'),
        id,
        created: options.now(),
        expires_at: Number(params.get('expires_at') ?? options.now() + 86400),
        customer: state.customer,
        client_reference_id: state.recordId,
        metadata: metadata(),
        success_url: params.get('success_url'),
        cancel_url: params.get('cancel_url'),
        status: 'open',
        payment_status: 'unpaid',
        subscription: null,
        invoice: null,
        url: state.url,
      } satisfies Wire<Stripe.Checkout.Session>;
      return json(200, session, requestId);
    }
    const expireMatch = /^\/v1\/checkout\/sessions\/(cs_\w+)\/expire$/.exec(path);
    if (expireMatch && method === 'POST') {
      const state = sessions.get(expireMatch[1]);
      if (!state) return error(404, `No such checkout.session: '${expireMatch[1]}'`);
      state.status = 'expired';
      return json(
        200,
        {
          ...stripeObject('checkout.session'),
          id: state.id,
          status: 'expired',
          url: null,
        } satisfies Wire<Stripe.Checkout.Session>,
        requestId,
      );
    }
    const subscriptionMatch = /^\/v1\/subscriptions\/(sub_\w+)$/.exec(path);
    if (subscriptionMatch) {
      const subscription = subscriptions.get(subscriptionMatch[1]);
      if (!subscription) return error(404, `No such subscription: '${subscriptionMatch[1]}'`);
      if (method === 'GET') return json(200, subscription, requestId);
      if (subscription.status === 'canceled')
        return error(400, 'A canceled subscription can only update its cancellation_details.', 'resource_missing');
      const previous: Partial<Wire<Stripe.Subscription>> = {
        cancel_at: subscription.cancel_at,
        cancel_at_period_end: subscription.cancel_at_period_end,
        canceled_at: subscription.canceled_at,
      };
      const periodEnd = subscription.items.data[0].current_period_end;
      if (method === 'DELETE') {
        Object.assign(subscription, {
          status: 'canceled',
          canceled_at: options.now(),
          ended_at: options.now(),
        } satisfies Partial<Wire<Stripe.Subscription>>);
        subscriptionChanged(subscription, previous, 'customer.subscription.deleted');
        return json(200, subscription, requestId);
      }
      const unknown = [...params.keys()].filter((k) => !UPDATABLE.has(k));
      if (unknown.length > 0)
        return error(400, `The local Stripe of the preview does not change ${unknown.join(', ')}`, 'parameter_unknown');
      if (params.has('items[0][id]')) {
        // A price or quantity change (StripePlanChange): the item changes, the prorations go on the next
        // invoice (create_prorations) or an invoice now (always_invoice); Stripe sends the update.
        const item = subscription.items.data[0];
        if (params.get('items[0][id]') !== item.id)
          return error(400, `No such subscription item: '${params.get('items[0][id]')}'`);
        const price = params.has('items[0][price]') ? priceOf(params.get('items[0][price]')!) : undefined;
        if (params.has('items[0][price]') && !price)
          return error(400, `No such price: '${params.get('items[0][price]')}'`);
        const previousItem = JSON.parse(JSON.stringify(item)) as Wire<Stripe.SubscriptionItem>;
        if (price)
          Object.assign(item, {
            price,
            plan: { ...item.plan, id: price.id, amount: price.unit_amount },
          } satisfies Partial<Wire<Stripe.SubscriptionItem>>);
        if (params.has('items[0][quantity]')) item.quantity = Number(params.get('items[0][quantity]'));
        subscriptionChanged(subscription, { items: { ...subscription.items, data: [previousItem] } });
        return json(200, subscription, requestId);
      }
      const change = (update: Partial<Wire<Stripe.Subscription>>): void => void Object.assign(subscription, update);
      if (params.get('cancel_at_period_end') === 'true')
        change({ cancel_at_period_end: true, cancel_at: periodEnd, canceled_at: options.now() });
      else if (params.get('cancel_at_period_end') === 'false' || params.get('cancel_at') === '')
        change({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
      else if (params.has('cancel_at'))
        change({ cancel_at: Number(params.get('cancel_at')), canceled_at: options.now() });
      subscriptionChanged(subscription, previous);
      return json(200, subscription, requestId);
    }
    if (method === 'POST' && path === '/v1/invoices/create_preview') {
      const subscription = subscriptions.get(params.get('subscription') ?? '');
      if (!subscription) return error(404, `No such subscription: '${params.get('subscription') ?? ''}'`);
      const preview = previewInvoice(subscription, params);
      return typeof preview === 'string' ? error(400, preview) : json(200, preview, requestId);
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      return json(
        200,
        {
          ...stripeObject('billing_portal.session'),
          id: next('bps'),
          created: options.now(),
          customer: params.get('customer') ?? '',
          return_url: params.get('return_url'),
        } satisfies Wire<Stripe.BillingPortal.Session>,
        requestId,
      );
    }
    if (method === 'GET' && path === '/v1/balance') {
      // The setup checklist's connection check (https://docs.stripe.com/api/balance/balance_retrieve).
      return json(200, stripeObject('balance') satisfies Wire<Stripe.Balance>, requestId);
    }
    if (method === 'GET' && path === '/v1/prices') {
      return json(
        200,
        { object: 'list', url: '/v1/prices', has_more: false, data: options.prices } satisfies Wire<
          Stripe.ApiList<Stripe.Price>
        >,
        requestId,
      );
    }
    if (path === '/v1/webhook_endpoints' || path.startsWith('/v1/webhook_endpoints/')) {
      return webhookEndpoint(method, path, params, requestId, error);
    }
    return base.handle(request);
  }

  /** A webhook endpoint as Stripe shows it after its creation: without its secret. */
  const shown = ({ endpoint }: { endpoint: Wire<Stripe.WebhookEndpoint> }): Wire<Stripe.WebhookEndpoint> => {
    const rest = { ...endpoint };
    delete rest.secret;
    return rest;
  };

  /**
   * The Webhook Endpoints API (https://docs.stripe.com/api/webhook_endpoints): create (`url`, `enabled_events[]`,
   * `api_version`, `description`, `metadata`; the answer carries the endpoint's `secret`, "Only returned at
   * creation"), retrieve and delete (a `DeletedWebhookEndpoint`). The shape is the SDK's `Stripe.WebhookEndpoint`,
   * starting from Stripe's own example object (objects/webhook_endpoint.json).
   */
  function webhookEndpoint(
    method: string,
    path: string,
    params: URLSearchParams,
    requestId: string,
    error: (status: number, message: string, code?: string) => FakeResponse,
  ): FakeResponse {
    if (method === 'POST' && path === '/v1/webhook_endpoints') {
      const url = params.get('url') ?? '';
      const events = [...params].filter(([k]) => /^enabled_events\[\d*\]$/.test(k)).map(([, v]) => v);
      if (!/^https:\/\//.test(url)) return error(400, 'Invalid URL: must be an https URL', 'url_invalid');
      if (events.length === 0) return error(400, 'Missing required param: enabled_events.', 'parameter_missing');
      const metadata: Wire<Stripe.Metadata> = Object.fromEntries(
        [...params].flatMap(([k, v]) => {
          const key = /^metadata\[(\w+)\]$/.exec(k)?.[1];
          return key ? [[key, v]] : [];
        }),
      );
      const secret = newSigningSecret();
      const endpoint = {
        ...stripeObject('webhook_endpoint'),
        id: next('we'),
        created: options.now(),
        url,
        enabled_events: events,
        api_version: params.get('api_version') ?? PINNED,
        description: params.get('description'),
        metadata,
        livemode: false,
        status: 'enabled',
        secret,
      } satisfies Wire<Stripe.WebhookEndpoint>;
      endpoints.set(endpoint.id, { endpoint, secret });
      return json(200, endpoint, requestId);
    }
    const id = /^\/v1\/webhook_endpoints\/(we_\w+)$/.exec(path)?.[1];
    const found = id ? endpoints.get(id) : undefined;
    if (!id || !found) return error(404, `No such webhook endpoint: '${path.split('/').pop() ?? ''}'`);
    if (method === 'GET') return json(200, shown(found), requestId);
    if (method === 'DELETE') {
      endpoints.delete(id);
      return json(
        200,
        { id, object: 'webhook_endpoint', deleted: true } satisfies Wire<Stripe.DeletedWebhookEndpoint>,
        requestId,
      );
    }
    return error(400, `The local Stripe of the preview does not ${method} ${path}`, 'parameter_unknown');
  }

  const priceOf = (id: string): Wire<Stripe.Price> | undefined => options.prices.find((p) => p.id === id);

  /**
   * The preview invoice of a price or quantity change (`POST /v1/invoices/create_preview` with
   * `subscription_details[items]`, https://docs.stripe.com/api/invoices/create_preview): the fixtures' upcoming
   * invoice (an Invoice object) with Stripe's proration lines, "Unused time on …" (a credit for the rest of
   * the period at the old price and quantity) and "Remaining time on …" (the rest of the period at the new
   * ones), each prorated by the seconds left at `proration_date` (https://docs.stripe.com/billing/subscriptions/prorations);
   * with create_prorations the next period's line follows at the new price and quantity, with always_invoice
   * the invoice holds only the prorations (invoiced now), with none only the next period.
   */
  function previewInvoice(
    subscription: Wire<Stripe.Subscription>,
    params: URLSearchParams,
  ): Wire<Stripe.Invoice> | string {
    const detail = (key: string): string | null => params.get(`subscription_details[${key}]`);
    const item = subscription.items.data[0];
    if (detail('items][0][id') !== item.id) return `No such subscription item: '${detail('items][0][id') ?? ''}'`;
    const oldPrice = item.price;
    const newPrice = detail('items][0][price') ? priceOf(detail('items][0][price')!) : oldPrice;
    if (!newPrice) return `No such price: '${detail('items][0][price') ?? ''}'`;
    const oldQuantity = item.quantity ?? 1;
    const newQuantity = detail('items][0][quantity') ? Number(detail('items][0][quantity')) : oldQuantity;
    const behavior = detail('proration_behavior') ?? 'create_prorations';
    const start = item.current_period_start;
    const end = item.current_period_end;
    const at = Math.min(Math.max(Number(detail('proration_date') ?? options.now()), start), end);
    const left = (end - at) / (end - start);

    const state = [...sessions.values()].find((s) => s.subscription === subscription.id)!;
    // The invoice.upcoming event's object is an Invoice (its fixture is checked against Stripe.InvoiceUpcomingEvent).
    const invoice = dataObject(event('invoice.upcoming', state)) as unknown as Wire<Stripe.Invoice>;
    const [template] = invoice.lines.data;
    const productName = stripeObject('product').name;
    const day = new Date(at * 1000).toLocaleDateString('en-GB', {
      day: '2-digit',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const line = (
      amount: number,
      description: string,
      quantity: number,
      price: Wire<Stripe.Price>,
      period: Wire<Stripe.InvoiceLineItem.Period>,
      proration: boolean,
    ): Wire<Stripe.InvoiceLineItem> => {
      const copy = JSON.parse(JSON.stringify(template)) as Wire<Stripe.InvoiceLineItem>;
      const details = copy.parent?.subscription_item_details;
      if (details) Object.assign(details, { proration, subscription: subscription.id, subscription_item: item.id });
      return {
        ...copy,
        id: next('il'),
        amount,
        subtotal: amount,
        description,
        quantity,
        period,
        subscription: subscription.id,
        pricing: copy.pricing && { ...copy.pricing, unit_amount_decimal: String(price.unit_amount) },
      } satisfies Wire<Stripe.InvoiceLineItem>;
    };
    const unitOld = oldPrice.unit_amount ?? 0;
    const unitNew = newPrice.unit_amount ?? 0;
    const remaining = { start: at, end };
    const lines: Wire<Stripe.InvoiceLineItem>[] = [];
    if (behavior !== 'none') {
      lines.push(
        line(
          -Math.round(unitOld * oldQuantity * left),
          `Unused time on ${oldQuantity} × ${productName} after ${day}`,
          oldQuantity,
          oldPrice,
          remaining,
          true,
        ),
        line(
          Math.round(unitNew * newQuantity * left),
          `Remaining time on ${newQuantity} × ${productName} after ${day}`,
          newQuantity,
          newPrice,
          remaining,
          true,
        ),
      );
    }
    if (behavior !== 'always_invoice') {
      const period = { start: end, end: end + (end - start) };
      lines.push(
        line(
          unitNew * newQuantity,
          `${newQuantity} × ${productName} (at $${(unitNew / 100).toFixed(2)} / month)`,
          newQuantity,
          newPrice,
          period,
          false,
        ),
      );
    }
    const total = lines.reduce((sum, l) => sum + l.amount, 0);
    return {
      ...invoice,
      created: options.now(),
      subtotal: total,
      subtotal_excluding_tax: total,
      total,
      total_excluding_tax: total,
      amount_due: Math.max(total, 0),
      amount_remaining: Math.max(total, 0),
      // Invoiced now with always_invoice; otherwise the invoice at the period end.
      period_start: behavior === 'always_invoice' ? at : start,
      period_end: behavior === 'always_invoice' ? at : end,
      next_payment_attempt: behavior === 'always_invoice' ? at : end,
      billing_reason: 'upcoming',
      lines: { ...invoice.lines, data: lines },
    } satisfies Wire<Stripe.Invoice>;
  }

  function paidSession(sessionId: string): SessionState {
    const state = sessions.get(sessionId);
    if (!state?.subscription) throw new Error(`${sessionId} is not paid`);
    return state;
  }

  return {
    requests,
    sessions: () => [...sessions.values()],
    takeEvents: () => outbox.splice(0, outbox.length),
    handle(request) {
      requests.push(request);
      const header = (name: string): string | undefined =>
        Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];
      const requestId = `req_LocalPreview${String(requests.length).padStart(6, '0')}`;
      if (outage) {
        // An incident on Stripe's side: "api_error: API errors cover any other type of problem (e.g., a temporary
        // problem with Stripe's servers)" (https://docs.stripe.com/api/errors).
        return json(
          500,
          { error: { type: 'api_error', message: 'An unknown error occurred' } } satisfies StripeErrorBody,
          requestId,
        );
      }
      if (header('stripe-version') !== PINNED) {
        return json(
          400,
          {
            error: { type: 'invalid_request_error', message: `Stripe-Version must be ${PINNED}` },
          } satisfies StripeErrorBody,
          requestId,
        );
      }
      const key = request.method.toUpperCase() === 'POST' ? header('idempotency-key') : undefined;
      if (key && idempotent.has(key)) return idempotent.get(key)!;
      const response = route(request, requestId);
      if (key) idempotent.set(key, response);
      return response;
    },
    pay(sessionId) {
      const state = sessions.get(sessionId);
      if (!state || state.status !== 'open') throw new Error(`${sessionId} is not an open Checkout Session`);
      const world = worlds.get(sessionId)!;
      world.delta = options.now() - FIXTURE_PAID_AT;
      const bodies = PAYMENT_EVENTS.map((type) =>
        event(type, state, (object, body) => {
          if (type === 'customer.subscription.created') object.status = 'incomplete';
          if (type === 'customer.subscription.updated') {
            Object.assign(object, {
              cancel_at_period_end: false,
              cancel_at: null,
              canceled_at: null,
            } satisfies Partial<Wire<Stripe.Subscription>>);
            (body.data as JsonMap).previous_attributes = { status: 'incomplete' } satisfies Partial<
              Wire<Stripe.Subscription>
            >;
          }
        }),
      );
      const active = dataObject(bodies[PAYMENT_EVENTS.indexOf('customer.subscription.updated')]);
      const charge = dataObject(bodies[PAYMENT_EVENTS.indexOf('charge.succeeded')]);
      const invoice = dataObject(bodies[PAYMENT_EVENTS.indexOf('invoice.paid')]);
      state.status = 'complete';
      state.subscription = String(active.id);
      state.charge = String(charge.id);
      // The event's object is a Subscription (customer.subscription.updated.json is checked against the SDK).
      subscriptions.set(state.subscription, JSON.parse(JSON.stringify(active)) as Wire<Stripe.Subscription>);
      base.link(String(charge.payment_intent), String(invoice.id));
      bodies.forEach(emit);
    },
    failRenewal(sessionId) {
      const state = paidSession(sessionId);
      const world = worlds.get(sessionId)!;
      // The renewal is a period later: the org clock moves there.
      const renewalAt = Number(fixtureEvent('invoice.payment_failed').created) + world.delta;
      if (renewalAt > options.now()) options.advance(renewalAt - options.now());
      const subscription = subscriptions.get(state.subscription!)!;
      const bodies = RENEWAL_FAILED_EVENTS.map((type) =>
        event(type, state, (object, body) => {
          if (type === 'customer.subscription.updated') {
            Object.assign(object, subscription, { status: 'past_due' } satisfies Partial<Wire<Stripe.Subscription>>);
            (body.data as JsonMap).previous_attributes = {
              status: subscription.status,
            } satisfies Partial<Wire<Stripe.Subscription>>;
          }
        }),
      );
      const invoice = dataObject(bodies[0]);
      const intent = dataObject(bodies[1]);
      subscription.status = 'past_due';
      subscription.latest_invoice = String(invoice.id);
      dataObject(bodies[2]).latest_invoice = invoice.id;
      base.link(String(intent.id), String(invoice.id));
      state.renewalFailed = true;
      bodies.forEach(emit);
    },
    refund(sessionId) {
      const state = paidSession(sessionId);
      const bodies = REFUND_EVENTS.map((type) => event(type, state));
      state.refunded = true;
      bodies.forEach(emit);
    },
    setOutage(down) {
      outage = down;
    },
    webhookEndpoints: () => [...endpoints.values()].map(shown),
  };
}
