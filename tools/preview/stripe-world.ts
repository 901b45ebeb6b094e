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
 *   GET /v1/invoice_payments, GET /v1/events/{id}                               (tools/stripe-fixtures/stripe-fake.ts)
 *
 * A POST with an `Idempotency-Key` seen before answers what the first one did, as Stripe does ("Idempotent
 * requests", https://docs.stripe.com/api/idempotent_requests). Anything else is a 404 in Stripe's error shape.
 */
import { createStripeFake, type FakeRequest, type FakeResponse } from '../stripe-fixtures/stripe-fake';
import { dataObject, fixtureEvent, fixtureObject, type JsonMap } from '../stripe-fixtures/fixtures';

const PINNED = '2026-10-28.endive';

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

const FIXTURE_CUSTOMER = String(fixtureObject('customer').id);
const FIXTURE_SESSION = fixtureObject('checkout.session');
const FIXTURE_RECORD = String(FIXTURE_SESSION.client_reference_id);
const FIXTURE_PRICE = String(fixtureObject('price').id);
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

export interface Delivery {
  type: string;
  body: string;
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
  readonly requests: FakeRequest[];
}

export interface WorldOptions {
  /** The org clock, Unix seconds. */
  now: () => number;
  /** Moves the org clock forward (a renewal happens a period later). */
  advance: (seconds: number) => void;
  /** Prices the catalog lists (`GET /v1/prices`). */
  prices: JsonMap[];
}

const json = (statusCode: number, body: unknown, requestId: string): FakeResponse => ({
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
  const customers = new Map<string, JsonMap>();
  const sessions = new Map<string, SessionState>();
  const subscriptions = new Map<string, JsonMap>();
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
    outbox.push({ type: String(body.type), body: text });
  }

  function subscriptionChanged(subscription: JsonMap, previous: JsonMap, type = 'customer.subscription.updated'): void {
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
      json(status, { error: { type: 'invalid_request_error', code, message } }, requestId);
    const metadata = (): JsonMap =>
      Object.fromEntries(
        [...params].flatMap(([k, v]) =>
          /^metadata\[(\w+)\]$/.exec(k) ? [[/^metadata\[(\w+)\]$/.exec(k)![1], v]] : [],
        ),
      );

    if (method === 'POST' && path === '/v1/customers') {
      const customer: JsonMap = {
        ...fixtureObject('customer'),
        id: next('cus'),
        created: options.now(),
        email: params.get('email'),
        name: params.get('name'),
        phone: params.get('phone'),
        metadata: metadata(),
      };
      customers.set(String(customer.id), customer);
      return json(200, customer, requestId);
    }
    const customerMatch = /^\/v1\/customers\/(cus_\w+)$/.exec(path);
    if (customerMatch && method === 'POST') {
      const customer = customers.get(customerMatch[1]);
      if (!customer) return error(404, `No such customer: '${customerMatch[1]}'`);
      for (const key of ['email', 'name', 'phone']) if (params.has(key)) customer[key] = params.get(key);
      Object.assign(customer.metadata as JsonMap, metadata());
      return json(200, customer, requestId);
    }
    if (method === 'GET' && path === '/v1/customers/search') {
      // Search query language: metadata['key']:'value' (https://docs.stripe.com/search#query-fields-for-customers)
      const query = /^metadata\['(\w+)'\]:'([^']*)'$/.exec(url.searchParams.get('query') ?? '');
      const data = query ? [...customers.values()].filter((c) => (c.metadata as JsonMap)[query[1]] === query[2]) : [];
      return json(
        200,
        { object: 'search_result', url: '/v1/customers/search', has_more: false, next_page: null, data },
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
      const session: JsonMap = {
        ...fixtureObject('checkout.session'),
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
      };
      return json(200, session, requestId);
    }
    const expireMatch = /^\/v1\/checkout\/sessions\/(cs_\w+)\/expire$/.exec(path);
    if (expireMatch && method === 'POST') {
      const state = sessions.get(expireMatch[1]);
      if (!state) return error(404, `No such checkout.session: '${expireMatch[1]}'`);
      state.status = 'expired';
      return json(200, { ...fixtureObject('checkout.session'), id: state.id, status: 'expired', url: null }, requestId);
    }
    const subscriptionMatch = /^\/v1\/subscriptions\/(sub_\w+)$/.exec(path);
    if (subscriptionMatch) {
      const subscription = subscriptions.get(subscriptionMatch[1]);
      if (!subscription) return error(404, `No such subscription: '${subscriptionMatch[1]}'`);
      if (method === 'GET') return json(200, subscription, requestId);
      if (subscription.status === 'canceled')
        return error(400, 'A canceled subscription can only update its cancellation_details.', 'resource_missing');
      const previous: JsonMap = {
        cancel_at: subscription.cancel_at,
        cancel_at_period_end: subscription.cancel_at_period_end,
        canceled_at: subscription.canceled_at,
      };
      const periodEnd = Number(((subscription.items as JsonMap).data as JsonMap[])[0].current_period_end);
      if (method === 'DELETE') {
        Object.assign(subscription, { status: 'canceled', canceled_at: options.now(), ended_at: options.now() });
        subscriptionChanged(subscription, previous, 'customer.subscription.deleted');
        return json(200, subscription, requestId);
      }
      const unknown = [...params.keys()].filter((k) => !UPDATABLE.has(k));
      if (unknown.length > 0)
        return error(400, `The local Stripe of the preview does not change ${unknown.join(', ')}`, 'parameter_unknown');
      if (params.has('items[0][id]')) {
        // A price or quantity change (StripePlanChange): the item changes, the prorations go on the next
        // invoice (create_prorations) or an invoice now (always_invoice); Stripe sends the update.
        const item = ((subscription.items as JsonMap).data as JsonMap[])[0];
        if (params.get('items[0][id]') !== item.id)
          return error(400, `No such subscription item: '${params.get('items[0][id]')}'`);
        const price = params.has('items[0][price]') ? priceOf(params.get('items[0][price]')!) : undefined;
        if (params.has('items[0][price]') && !price)
          return error(400, `No such price: '${params.get('items[0][price]')}'`);
        const previousItem = JSON.parse(JSON.stringify(item)) as JsonMap;
        if (price)
          Object.assign(item, { price, plan: { ...(item.plan as JsonMap), id: price.id, amount: price.unit_amount } });
        if (params.has('items[0][quantity]')) item.quantity = Number(params.get('items[0][quantity]'));
        subscriptionChanged(subscription, { items: { ...(subscription.items as JsonMap), data: [previousItem] } });
        return json(200, subscription, requestId);
      }
      if (params.get('cancel_at_period_end') === 'true')
        Object.assign(subscription, { cancel_at_period_end: true, cancel_at: periodEnd, canceled_at: options.now() });
      else if (params.get('cancel_at_period_end') === 'false' || params.get('cancel_at') === '')
        Object.assign(subscription, { cancel_at_period_end: false, cancel_at: null, canceled_at: null });
      else if (params.has('cancel_at'))
        Object.assign(subscription, { cancel_at: Number(params.get('cancel_at')), canceled_at: options.now() });
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
          ...fixtureObject('billing_portal.session'),
          id: next('bps'),
          created: options.now(),
          customer: params.get('customer'),
          return_url: params.get('return_url'),
        },
        requestId,
      );
    }
    if (method === 'GET' && path === '/v1/balance') {
      // The setup checklist's connection check (https://docs.stripe.com/api/balance/balance_retrieve).
      return json(200, fixtureObject('balance'), requestId);
    }
    if (method === 'GET' && path === '/v1/prices') {
      return json(200, { object: 'list', url: '/v1/prices', has_more: false, data: options.prices }, requestId);
    }
    return base.handle(request);
  }

  const priceOf = (id: string): JsonMap | undefined => options.prices.find((p) => p.id === id);

  /**
   * The preview invoice of a price or quantity change (`POST /v1/invoices/create_preview` with
   * `subscription_details[items]`, https://docs.stripe.com/api/invoices/create_preview): the fixtures' upcoming
   * invoice (an Invoice object) with Stripe's proration lines, "Unused time on …" (a credit for the rest of
   * the period at the old price and quantity) and "Remaining time on …" (the rest of the period at the new
   * ones), each prorated by the seconds left at `proration_date` (https://docs.stripe.com/billing/subscriptions/prorations);
   * with create_prorations the next period's line follows at the new price and quantity, with always_invoice
   * the invoice holds only the prorations (invoiced now), with none only the next period.
   */
  function previewInvoice(subscription: JsonMap, params: URLSearchParams): JsonMap | string {
    const detail = (key: string): string | null => params.get(`subscription_details[${key}]`);
    const item = ((subscription.items as JsonMap).data as JsonMap[])[0];
    if (detail('items][0][id') !== item.id) return `No such subscription item: '${detail('items][0][id') ?? ''}'`;
    const oldPrice = item.price as JsonMap;
    const newPrice = detail('items][0][price') ? priceOf(detail('items][0][price')!) : oldPrice;
    if (!newPrice) return `No such price: '${detail('items][0][price') ?? ''}'`;
    const oldQuantity = Number(item.quantity);
    const newQuantity = detail('items][0][quantity') ? Number(detail('items][0][quantity')) : oldQuantity;
    const behavior = detail('proration_behavior') ?? 'create_prorations';
    const start = Number(item.current_period_start);
    const end = Number(item.current_period_end);
    const at = Math.min(Math.max(Number(detail('proration_date') ?? options.now()), start), end);
    const left = (end - at) / (end - start);

    const state = [...sessions.values()].find((s) => s.subscription === subscription.id)!;
    const invoice = dataObject(event('invoice.upcoming', state));
    const [template] = (invoice.lines as JsonMap).data as JsonMap[];
    const productName = String(fixtureObject('product').name);
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
      price: JsonMap,
      period: JsonMap,
      proration: boolean,
    ): JsonMap => {
      const copy = JSON.parse(JSON.stringify(template)) as JsonMap;
      const parent = copy.parent as JsonMap;
      Object.assign(parent.subscription_item_details as JsonMap, {
        proration,
        subscription: subscription.id,
        subscription_item: item.id,
      });
      return Object.assign(copy, {
        id: next('il'),
        amount,
        subtotal: amount,
        description,
        quantity,
        period,
        subscription: subscription.id,
        pricing: { ...(copy.pricing as JsonMap), unit_amount_decimal: String(price.unit_amount) },
      });
    };
    const unitOld = Number(oldPrice.unit_amount);
    const unitNew = Number(newPrice.unit_amount);
    const remaining = { start: at, end };
    const lines: JsonMap[] = [];
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
    const total = lines.reduce((sum, l) => sum + Number(l.amount), 0);
    Object.assign(invoice, {
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
      lines: { ...(invoice.lines as JsonMap), data: lines },
    });
    return invoice;
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
      if (header('stripe-version') !== PINNED) {
        return json(
          400,
          { error: { type: 'invalid_request_error', message: `Stripe-Version must be ${PINNED}` } },
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
            Object.assign(object, { cancel_at_period_end: false, cancel_at: null, canceled_at: null });
            (body.data as JsonMap).previous_attributes = { status: 'incomplete' };
          }
        }),
      );
      const active = dataObject(bodies[PAYMENT_EVENTS.indexOf('customer.subscription.updated')]);
      const charge = dataObject(bodies[PAYMENT_EVENTS.indexOf('charge.succeeded')]);
      const invoice = dataObject(bodies[PAYMENT_EVENTS.indexOf('invoice.paid')]);
      state.status = 'complete';
      state.subscription = String(active.id);
      state.charge = String(charge.id);
      subscriptions.set(state.subscription, JSON.parse(JSON.stringify(active)) as JsonMap);
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
            Object.assign(object, subscription, { status: 'past_due' });
            (body.data as JsonMap).previous_attributes = { status: subscription.status };
          }
        }),
      );
      const invoice = dataObject(bodies[0]);
      const intent = dataObject(bodies[1]);
      subscription.status = 'past_due';
      subscription.latest_invoice = invoice.id;
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
  };
}
