/**
 * A local stand-in for the Stripe API, for the local org's callouts (`org.setCalloutHandler`): it answers
 * what webhook processing asks Stripe, with objects built from the pinned-version fixtures.
 *   GET /v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=pi_…  → the invoice payment
 *   GET /v1/events/evt_…                                                                 → a registered event
 * Anything else is a 404 in Stripe's error shape. Every request must carry the pinned `Stripe-Version`.
 */
import type Stripe from 'stripe';
import { pinnedApiVersion, stripeObject, type JsonMap, type Wire } from './fixtures';

export interface FakeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface FakeResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface StripeFake {
  handle(request: FakeRequest): FakeResponse;
  /** The invoice a payment intent pays (what `GET /v1/invoice_payments` reports). */
  link(intentId: string, invoiceId: string): void;
  /** An event `GET /v1/events/{id}` returns (a delivery too large to store). */
  registerEvent(eventJson: string): void;
  readonly requests: FakeRequest[];
}

/** The package's pinned API version (its settings record, `pinnedApiVersion`). */
const PINNED = pinnedApiVersion();

const json = (statusCode: number, body: unknown): FakeResponse => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', 'Request-Id': `req_fake_${Date.now()}` },
  body: JSON.stringify(body),
});

const notFound = (message: string): FakeResponse =>
  json(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message } });

export function createStripeFake(): StripeFake {
  const invoiceByIntent = new Map<string, string>();
  const events = new Map<string, string>();
  const requests: FakeRequest[] = [];
  const example = stripeObject('invoice_payment');
  const examplePayment = example.payment;
  const idOf = (value: string | { id: string } | null | undefined): string =>
    typeof value === 'string' ? value : (value?.id ?? '');
  invoiceByIntent.set(idOf(examplePayment.payment_intent), idOf(example.invoice));

  return {
    requests,
    link(intentId, invoiceId) {
      invoiceByIntent.set(intentId, invoiceId);
    },
    registerEvent(eventJson) {
      events.set(String((JSON.parse(eventJson) as JsonMap).id), eventJson);
    },
    handle(request) {
      requests.push(request);
      const version = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'stripe-version');
      if (version?.[1] !== PINNED) {
        return json(400, { error: { type: 'invalid_request_error', message: `Stripe-Version must be ${PINNED}` } });
      }
      const url = new URL(request.url.replace(/^callout:Stripe/, 'https://api.stripe.com'));
      if (request.method === 'GET' && url.pathname === '/v1/invoice_payments') {
        const intentId = url.searchParams.get('payment[payment_intent]') ?? '';
        const invoiceId = invoiceByIntent.get(intentId);
        const data = invoiceId
          ? [{ ...example, invoice: invoiceId, payment: { ...examplePayment, payment_intent: intentId } }]
          : [];
        return json(200, {
          object: 'list',
          url: '/v1/invoice_payments',
          has_more: false,
          data,
        } satisfies Wire<Stripe.ApiList<Stripe.InvoicePayment>>);
      }
      const eventMatch = /^\/v1\/events\/(evt_[A-Za-z0-9_]+)$/.exec(url.pathname);
      if (request.method === 'GET' && eventMatch) {
        const body = events.get(eventMatch[1]);
        return body
          ? { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body }
          : notFound('No such event');
      }
      return notFound(`Unrecognized request URL (${request.method}: ${url.pathname})`);
    },
  };
}
