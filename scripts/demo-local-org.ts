/**
 * The webhook flow end to end in a local org (no Salesforce org, no Stripe account):
 * signed Stripe events go in through the public REST endpoint, asynchronous processing runs,
 * and the subscription and payment records come out. Part of `npm start`.
 *
 * The events are the pinned-version fixtures of tools/stripe-fixtures (Stripe's own example objects,
 * type-checked against the stripe SDK), signed with the SDK's `webhooks.generateTestHeaderString`.
 * The signing secret is generated here, at run time; nothing secret is in the repository.
 */
import { LocalOrg } from '@stripe-connector/local-apex-org';
import {
  dataObject,
  fixtureEvent,
  fixtureObject,
  newSigningSecret,
  signatureHeader,
  type JsonMap,
} from '../tools/stripe-fixtures/fixtures';
import { createStripeFake, type FakeRequest, type FakeResponse } from '../tools/stripe-fixtures/stripe-fake';
import { REPO_ROOT } from './lib/project';

interface RestResult {
  statusCode: number;
  body?: string;
}

/** What this script uses of the runtime's `LocalOrg` (assigned from it, so tsc checks it against the real API). */
interface LocalOrgApi {
  runAnonymous(apex: string): { success: boolean; debug: string[]; error?: string };
  setCalloutHandler(handler: (request: FakeRequest) => FakeResponse): void;
  rest(call: { method: string; path: string; headers: Record<string, string>; body: string }): RestResult;
  query(soql: string): Array<Record<string, unknown>>;
  runAsyncJobs(): unknown[];
  advanceTime(seconds: number): void;
  now(): Date;
  transactions(): Array<{
    kind: string;
    entryPoint: string;
    limits: { queries: number; dmlStatements: number; callouts: number; cpuMillis: number };
    error?: string;
  }>;
}

const CUSTOMER = String(fixtureObject('customer').id);
const SUBSCRIPTION = String(fixtureObject('subscription').id);

/** The Stripe_Subscription__c id in the fixtures' metadata (a placeholder for this org's record). */
const FIXTURE_RECORD_ID = String(fixtureObject('checkout.session').client_reference_id);
let linkRecordId = FIXTURE_RECORD_ID;
let eventCounter = 0;

/**
 * A delivery of the pinned-version fixture `events/<type>.json` (tools/stripe-fixtures): a new event id
 * (each delivery is its own event unless redelivered), and only the changes the scenario needs.
 */
function event(type: string, change: (event: JsonMap, object: JsonMap) => void = () => undefined): string {
  eventCounter += 1;
  const body = fixtureEvent(type);
  body.id = `evt_demo${String(eventCounter).padStart(20, '0')}`;
  change(body, dataObject(body));
  return JSON.stringify(body).split(FIXTURE_RECORD_ID).join(linkRecordId);
}

async function main(): Promise<void> {
  const org: LocalOrgApi = await LocalOrg.load({ projectDir: REPO_ROOT });
  const secret = newSigningSecret();
  // Processing asks Stripe which invoice a payment intent pays (GET /v1/invoice_payments): a local fake
  // answers from the fixtures, the renewal's intent paying the renewal invoice.
  const stripe = createStripeFake();
  stripe.link(
    String(dataObject(fixtureEvent('payment_intent.payment_failed')).id),
    String(dataObject(fixtureEvent('invoice.payment_failed')).id),
  );
  org.setCalloutHandler((request) => stripe.handle(request));

  const setup = org.runAnonymous(`
    insert new Stripe_Webhook_Secret__c(Name = 'Default', Signing_Secret__c = '${secret}');
    insert new Contact(FirstName = 'Jenny', LastName = 'Rosen', Email = 'jenny.rosen@example.com', Stripe_Customer_Id__c = '${CUSTOMER}');
  `);
  if (!setup.success) throw new Error(`setup failed: ${setup.error}`);
  // The payment-link record the Checkout service made: the fixtures carry its id as client_reference_id
  // and metadata[salesforce_subscription_id]; here it is this org's record.
  const link = org.runAnonymous(`
    Contact jenny = [SELECT Id FROM Contact WHERE Stripe_Customer_Id__c = '${CUSTOMER}'];
    insert new Stripe_Subscription__c(Contact__c = jenny.Id, Status__c = 'link_sent');
  `);
  if (!link.success) throw new Error(`setup failed: ${link.error}`);
  const [linkRecord] = org.query('SELECT Id FROM Stripe_Subscription__c');
  linkRecordId = String(linkRecord.Id);

  const start = Math.floor(org.now().getTime() / 1000);
  const deliveries: Array<{ label: string; body: string; header?: string }> = [];
  const deliver = (label: string, body: string): void => {
    deliveries.push({ label, body });
  };
  // Stripe's order for a subscription paid at sign-up, then a declined renewal (tools/stripe-fixtures).
  const renewedAt = Number(fixtureEvent('invoice.payment_failed').created);
  deliver('price.created', event('price.created'));
  deliver(
    'customer.subscription.created (incomplete)',
    event('customer.subscription.created', (_event, subscription) => {
      subscription.status = 'incomplete';
    }),
  );
  deliver('invoice.finalized', event('invoice.finalized'));
  deliver('payment_intent.succeeded', event('payment_intent.succeeded'));
  deliver('charge.succeeded', event('charge.succeeded'));
  deliver('invoice_payment.paid', event('invoice_payment.paid'));
  deliver('invoice.paid', event('invoice.paid'));
  const activated = event('customer.subscription.updated', (body, subscription) => {
    Object.assign(subscription, dataObject(fixtureEvent('customer.subscription.created')));
    (body.data as JsonMap).previous_attributes = { status: 'incomplete' };
    body.created = Number(fixtureEvent('invoice.paid').created) + 1;
  });
  deliver('customer.subscription.updated (active)', activated);
  deliver('redelivery of the same event', activated);
  deliver('invoice.payment_failed (renewal)', event('invoice.payment_failed'));
  deliver('payment_intent.payment_failed (renewal)', event('payment_intent.payment_failed'));
  deliver(
    'customer.subscription.updated (past_due)',
    event('customer.subscription.updated', (body, subscription) => {
      Object.assign(subscription, dataObject(fixtureEvent('customer.subscription.created')));
      subscription.status = 'past_due';
      subscription.latest_invoice = dataObject(fixtureEvent('invoice.payment_failed')).id;
      (body.data as JsonMap).previous_attributes = { status: 'active' };
      body.created = renewedAt + 1;
    }),
  );
  deliver(
    'late, older event (active)',
    event('customer.subscription.updated', (body, subscription) => {
      Object.assign(subscription, dataObject(fixtureEvent('customer.subscription.created')));
      (body.data as JsonMap).previous_attributes = { status: 'incomplete' };
      body.created = Number(fixtureEvent('invoice.paid').created) + 2;
    }),
  );

  console.log('Webhook deliveries (Stripe -> /services/apexrest/stripe/webhook):');
  for (const delivery of deliveries) {
    const result = org.rest({
      method: 'POST',
      path: '/stripe/webhook',
      headers: {
        'Content-Type': 'application/json',
        'Stripe-Signature': signatureHeader(delivery.body, secret, start),
      },
      body: delivery.body,
    });
    console.log(`  ${String(result.statusCode).padEnd(4)} ${delivery.label}`);
  }
  const forged = org.rest({
    method: 'POST',
    path: '/stripe/webhook',
    headers: {
      'Content-Type': 'application/json',
      'Stripe-Signature': signatureHeader(deliveries[0].body, newSigningSecret(), start),
    },
    body: deliveries[0].body,
  });
  console.log(`  ${String(forged.statusCode).padEnd(4)} forged signature: ${forged.body ?? ''}`);

  org.runAsyncJobs();

  const [subscriptionRecord] = org.query(
    `SELECT Name, Status__c, Amount__c, Currency__c, Current_Period_End__c, Contact__r.Name FROM Stripe_Subscription__c WHERE Stripe_Subscription_Id__c = '${SUBSCRIPTION}'`,
  );
  const payments = org.query(
    'SELECT Name, Stripe_Invoice_Id__c, Status__c, Amount__c, Currency__c FROM Stripe_Payment__c ORDER BY Name',
  );
  const events = org.query('SELECT Status__c FROM Stripe_Webhook_Event__c');
  console.log('\nSalesforce after asynchronous processing:');
  console.log('  subscription', JSON.stringify(subscriptionRecord));
  for (const payment of payments) console.log('  payment     ', JSON.stringify(payment));
  const byStatus = events.reduce<Record<string, number>>((counts, row) => {
    const status = String(row.Status__c);
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});
  console.log(`  webhook events stored: ${events.length} ${JSON.stringify(byStatus)}`);
  console.log(`  Stripe requests made by processing: ${stripe.requests.length} (invoice payment look-ups)`);

  const transactions = org.transactions();
  const requests = transactions.filter((tx) => tx.kind === 'rest');
  const asyncWork = transactions.filter((tx) => tx.kind !== 'rest' && tx.kind !== 'anonymous');
  const max = (list: typeof transactions, key: 'queries' | 'dmlStatements' | 'cpuMillis'): number =>
    Math.max(0, ...list.map((tx) => tx.limits[key]));
  console.log('\nGovernor usage:');
  console.log(
    `  per webhook request: at most ${max(requests, 'queries')} queries, ${max(requests, 'dmlStatements')} DML statements`,
  );
  console.log(
    `  per async transaction: at most ${max(asyncWork, 'queries')} queries, ${max(asyncWork, 'dmlStatements')} DML statements (${asyncWork.length} async transactions)`,
  );
  const failures = transactions.filter((tx) => tx.error);
  if (failures.length > 0) {
    for (const failure of failures) console.error(`  ${failure.kind} ${failure.entryPoint}: ${failure.error}`);
    throw new Error(`${failures.length} transaction(s) failed`);
  }
  if (payments.length !== 2) {
    throw new Error(`expected one payment per invoice (2), got ${payments.length}`);
  }
  if (subscriptionRecord?.Status__c !== 'past_due') {
    throw new Error(
      `expected the subscription to end past_due (the newest event), got ${String(subscriptionRecord?.Status__c)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
