/**
 * The preview's local Stripe (tools/preview/stripe-world.ts) as the setup checklist uses it: webhook endpoints are
 * created with a secret made at random and shown without it afterwards, deleted as Stripe deletes them, and events
 * go to each enabled endpoint signed with that endpoint's secret (before any endpoint, as `stripe listen` forwards
 * them); an incident answers every request with Stripe's `api_error`. The pinned version is the package's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { pinnedApiVersion, stripeObject } from '../../tools/stripe-fixtures/fixtures';
import { createStripeWorld, type StripeWorld } from '../../tools/preview/stripe-world';

const LISTENER = 'whsec_listener_for_this_test';
const URL = 'https://local-org.my.salesforce-sites.com/stripe/services/apexrest/stripe/webhook';

function world(): StripeWorld {
  let now = 1_800_000_000;
  return createStripeWorld({
    now: () => now,
    advance: (seconds) => {
      now += seconds;
    },
    prices: [{ ...stripeObject('price'), product: stripeObject('product') }],
    listenerSecret: LISTENER,
  });
}

function call(stripe: StripeWorld, method: string, path: string, form: Record<string, string> = {}) {
  const response = stripe.handle({
    method,
    url: `callout:Stripe${path}`,
    headers: { 'Stripe-Version': pinnedApiVersion(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
}

const endpointForm = (): Record<string, string> => ({
  url: URL,
  api_version: pinnedApiVersion(),
  description: 'Local test',
  'metadata[salesforce_org_id]': '00D000000000001AAA',
  'enabled_events[0]': 'customer.updated',
  'enabled_events[1]': 'checkout.session.completed',
});

test("the package's pinned API version is the one of the stripe SDK whose types check the fixtures", () => {
  assert.equal(pinnedApiVersion(), Stripe.API_VERSION);
});

test('a webhook endpoint is created with a random secret, shown without it, and deleted', () => {
  const stripe = world();
  const first = call(stripe, 'POST', '/v1/webhook_endpoints', endpointForm());
  assert.equal(first.status, 200);
  assert.equal(first.body.object, 'webhook_endpoint');
  assert.equal(first.body.url, URL);
  assert.equal(first.body.api_version, pinnedApiVersion());
  assert.deepEqual(first.body.enabled_events, ['customer.updated', 'checkout.session.completed']);
  assert.deepEqual(first.body.metadata, { salesforce_org_id: '00D000000000001AAA' });
  assert.equal(first.body.status, 'enabled');
  assert.match(String(first.body.secret), /^whsec_[\w-]{20,}$/, 'the secret is returned at creation');
  const second = call(stripe, 'POST', '/v1/webhook_endpoints', endpointForm());
  assert.notEqual(second.body.secret, first.body.secret, 'each endpoint gets its own secret');
  assert.notEqual(first.body.secret, LISTENER, 'not the listener secret');

  const shown = call(stripe, 'GET', `/v1/webhook_endpoints/${String(first.body.id)}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.secret, undefined, 'Stripe returns the secret only at creation');

  const deleted = call(stripe, 'DELETE', `/v1/webhook_endpoints/${String(first.body.id)}`);
  assert.deepEqual(deleted.body, { id: first.body.id, object: 'webhook_endpoint', deleted: true });
  assert.equal(call(stripe, 'GET', `/v1/webhook_endpoints/${String(first.body.id)}`).status, 404);
  assert.deepEqual(
    stripe.webhookEndpoints().map((e) => e.id),
    [second.body.id],
  );
});

test('an endpoint needs an https URL and its event types', () => {
  const stripe = world();
  assert.equal(
    call(stripe, 'POST', '/v1/webhook_endpoints', { ...endpointForm(), url: 'http://example.com' }).status,
    400,
  );
  const form = endpointForm();
  delete form['enabled_events[0]'];
  delete form['enabled_events[1]'];
  assert.equal(call(stripe, 'POST', '/v1/webhook_endpoints', form).status, 400);
});

test('events go to the listener until an endpoint exists, then to each endpoint with its secret', () => {
  const stripe = world();
  const customer = call(stripe, 'POST', '/v1/customers', { email: 'ada@example.com' });
  const session = (recordId: string) =>
    call(stripe, 'POST', '/v1/checkout/sessions', {
      customer: String(customer.body.id),
      client_reference_id: recordId,
      'line_items[0][price]': stripeObject('price').id,
    });
  stripe.pay(String(session('a0X000000000001AAA').body.id));
  const before = stripe.takeEvents();
  assert.ok(before.length > 0);
  assert.ok(before.every((d) => d.url === undefined && d.secret === LISTENER));

  const endpoint = call(stripe, 'POST', '/v1/webhook_endpoints', endpointForm());
  stripe.pay(String(session('a0X000000000002AAA').body.id));
  const after = stripe.takeEvents();
  assert.deepEqual(
    after.map((d) => d.type),
    ['checkout.session.completed'],
    'only the enabled event types',
  );
  assert.equal(after[0].url, URL);
  assert.equal(after[0].secret, endpoint.body.secret);
});

test("an incident answers every request with Stripe's api_error until it ends", () => {
  const stripe = world();
  stripe.setOutage(true);
  const down = call(stripe, 'GET', '/v1/balance');
  assert.equal(down.status, 500);
  assert.equal((down.body.error as Record<string, unknown>).type, 'api_error');
  stripe.setOutage(false);
  assert.equal(call(stripe, 'GET', '/v1/balance').status, 200);
});
