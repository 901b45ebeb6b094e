/**
 * The webhook flow end to end in a local org (no Salesforce org, no Stripe account):
 * signed Stripe events go in through the public REST endpoint, asynchronous processing runs,
 * and the subscription and payment records come out. Part of `npm start`.
 *
 * The signing secret is generated here, at run time; nothing secret is in the repository.
 */
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { REPO_ROOT } from './lib/project';

interface RestResult {
  statusCode: number;
  body?: string;
}

interface LocalOrgApi {
  runAnonymous(apex: string): { success: boolean; debug: string[]; error?: string };
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

const CUSTOMER = 'cus_DemoCustomer0001';
const SUBSCRIPTION = 'sub_DemoSubscription0001';
const PRICE = 'price_DemoMonthly0001';
const PRODUCT = 'prod_DemoProduct0001';

let eventCounter = 0;

function event(type: string, created: number, object: Record<string, unknown>): string {
  eventCounter += 1;
  return JSON.stringify({
    id: `evt_demo${String(eventCounter).padStart(20, '0')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
}

function subscription(status: string, created: number): Record<string, unknown> {
  return {
    id: SUBSCRIPTION,
    object: 'subscription',
    customer: CUSTOMER,
    status,
    created,
    currency: 'eur',
    cancel_at_period_end: false,
    canceled_at: status === 'canceled' ? created : null,
    ended_at: status === 'canceled' ? created : null,
    trial_end: null,
    latest_invoice: 'in_DemoInvoice0001',
    metadata: {},
    items: {
      object: 'list',
      data: [
        {
          id: 'si_Demo0001',
          object: 'subscription_item',
          quantity: 1,
          current_period_start: created,
          current_period_end: created + 30 * 86400,
          price: {
            id: PRICE,
            object: 'price',
            product: PRODUCT,
            currency: 'eur',
            billing_scheme: 'per_unit',
            unit_amount: 4900,
            unit_amount_decimal: '4900',
            recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
          },
        },
      ],
    },
  };
}

function invoice(status: string, created: number, attempt: number): Record<string, unknown> {
  const paid = status === 'paid';
  return {
    id: attempt === 1 ? 'in_DemoInvoice0001' : 'in_DemoInvoice0002',
    object: 'invoice',
    customer: CUSTOMER,
    status,
    currency: 'eur',
    amount_due: 4900,
    amount_paid: paid ? 4900 : 0,
    attempt_count: 1,
    billing_reason: attempt === 1 ? 'subscription_create' : 'subscription_cycle',
    created,
    period_start: created,
    period_end: created + 30 * 86400,
    hosted_invoice_url: 'https://invoice.stripe.com/i/demo',
    invoice_pdf: 'https://pay.stripe.com/invoice/demo/pdf',
    next_payment_attempt: paid ? null : created + 3 * 86400,
    status_transitions: { paid_at: paid ? created : null },
    parent: { type: 'subscription_details', subscription_details: { subscription: SUBSCRIPTION } },
    last_finalization_error: null,
  };
}

function sign(body: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

async function main(): Promise<void> {
  const { LocalOrg } = (await import(path.join(REPO_ROOT, 'tools', 'local-org', 'dist', 'index.js'))) as {
    LocalOrg: { load(options: { projectDir: string }): Promise<LocalOrgApi> };
  };
  const org = await LocalOrg.load({ projectDir: REPO_ROOT });
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;

  const setup = org.runAnonymous(`
    insert new Stripe_Webhook_Settings__c(SetupOwnerId = UserInfo.getOrganizationId(), Signing_Secret__c = '${secret}');
    insert new Contact(FirstName = 'Ada', LastName = 'Lovelace', Email = 'ada@example.com', Stripe_Customer_Id__c = '${CUSTOMER}');
  `);
  if (!setup.success) throw new Error(`setup failed: ${setup.error}`);

  const start = Math.floor(org.now().getTime() / 1000);
  const deliveries: Array<{ label: string; body: string; header?: string }> = [];
  const deliver = (label: string, body: string): void => {
    deliveries.push({ label, body });
  };
  deliver(
    'price.created',
    event('price.created', start, {
      id: PRICE,
      object: 'price',
      product: PRODUCT,
      currency: 'eur',
      unit_amount: 4900,
      active: true,
      nickname: 'Pro monthly',
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 1 },
      created: start,
    }),
  );
  deliver(
    'customer.subscription.created (incomplete)',
    event('customer.subscription.created', start, subscription('incomplete', start)),
  );
  const activated = event('customer.subscription.updated', start + 5, subscription('active', start));
  deliver('invoice.paid', event('invoice.paid', start + 4, invoice('paid', start + 4, 1)));
  deliver('customer.subscription.updated (active)', activated);
  deliver('redelivery of the same event', activated);
  deliver(
    'invoice.payment_failed (renewal)',
    event('invoice.payment_failed', start + 60, invoice('open', start + 60, 2)),
  );
  deliver(
    'customer.subscription.updated (past_due)',
    event('customer.subscription.updated', start + 61, subscription('past_due', start)),
  );
  deliver(
    'late, older event (active)',
    event('customer.subscription.updated', start + 6, subscription('active', start)),
  );

  console.log('Webhook deliveries (Stripe -> /services/apexrest/stripe/webhook):');
  for (const delivery of deliveries) {
    const result = org.rest({
      method: 'POST',
      path: '/stripe/webhook',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sign(delivery.body, secret, start) },
      body: delivery.body,
    });
    console.log(`  ${String(result.statusCode).padEnd(4)} ${delivery.label}`);
  }
  const forged = org.rest({
    method: 'POST',
    path: '/stripe/webhook',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sign(deliveries[0].body, 'whsec_wrong', start) },
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
