/**
 * Issue 10's proof that webhook processing survives its governor limits on real async transactions: 200
 * events of a realistic 60 KB and 20 too large to store (fetched back from Stripe) go in through the
 * signed REST endpoint of a local org; the processing jobs chain until everything is processed. No
 * transaction may fail (an uncatchable LimitException would leave events without an outcome), each stays
 * within 100 callouts, and nothing is lost or stored twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalOrg } from '@stripe-connector/local-apex-org';
import {
  dataObject,
  fixtureEvent,
  newSigningSecret,
  signatureHeader,
  type JsonMap,
} from '../../tools/stripe-fixtures/fixtures';
import { createStripeFake, type FakeRequest, type FakeResponse } from '../../tools/stripe-fixtures/stripe-fake';
import { REPO_ROOT } from '../lib/project';

interface Transaction {
  kind: string;
  entryPoint: string;
  limits: Record<string, number>;
  error?: string;
}

/** What this script uses of the runtime's `LocalOrg` (assigned from it, so tsc checks it against the real API). */
interface LocalOrgApi {
  runAnonymous(apex: string): { success: boolean; error?: string };
  setCalloutHandler(handler: (request: FakeRequest) => FakeResponse): void;
  rest(call: { method: string; path: string; headers: Record<string, string>; body: string }): {
    statusCode: number;
    body?: string;
  };
  query(soql: string): Array<Record<string, unknown>>;
  runAsyncJobs(): unknown[];
  now(): Date;
  transactions(): Transaction[];
}

/** A paid invoice event with as many line items as it takes to reach `length` characters. */
function largeInvoiceEvent(n: number, length: number): string {
  const event = fixtureEvent('invoice.paid');
  event.id = `evt_budget_${n}`;
  const invoice = dataObject(event);
  invoice.id = `in_budget_${n}`;
  const lines = invoice.lines as JsonMap;
  const data = lines.data as JsonMap[];
  const line = data[0];
  const copies = Math.ceil(length / JSON.stringify(line).length);
  for (let i = 1; i < copies; i++) data.push({ ...line, id: `il_budget_${n}_${i}` });
  return JSON.stringify(event);
}

test('200 events of 60 KB and 20 truncated ones are all processed within the limits', async () => {
  const org: LocalOrgApi = await LocalOrg.load({ projectDir: REPO_ROOT });
  const secret = newSigningSecret();
  const setup = org.runAnonymous(
    `insert new Stripe_Webhook_Secret__c(Name = 'Default', Signing_Secret__c = '${secret}');`,
  );
  assert.ok(setup.success, setup.error);
  const stripe = createStripeFake();
  org.setCalloutHandler((request) => stripe.handle(request));

  const timestamp = Math.floor(org.now().getTime() / 1000);
  for (let n = 0; n < 220; n++) {
    const body = largeInvoiceEvent(n, n < 200 ? 60_000 : 150_000);
    if (n >= 200) stripe.registerEvent(body);
    const answer = org.rest({
      method: 'POST',
      path: '/stripe/webhook',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signatureHeader(body, secret, timestamp) },
      body,
    });
    assert.equal(answer.statusCode, 200, `delivery ${n}: ${answer.body ?? ''}`);
  }
  org.runAsyncJobs();

  const [truncated] = org.query('SELECT COUNT(Id) n FROM Stripe_Webhook_Event__c WHERE Payload_Truncated__c = true');
  assert.equal(truncated.n, 20, 'events over 131,072 characters are stored without their payload');
  const statuses = org.query('SELECT Status__c FROM Stripe_Webhook_Event__c').map((row) => row.Status__c);
  assert.equal(statuses.length, 220, 'every event stored once');
  assert.deepEqual([...new Set(statuses)], ['processed'], 'every event processed');
  assert.equal(org.query('SELECT Id FROM Stripe_Payment__c').length, 220, 'one payment per invoice');
  assert.equal(
    stripe.requests.filter((r) => r.url.includes('/v1/events/')).length,
    20,
    'each truncated event fetched once',
  );

  const jobs = org.transactions().filter((tx) => tx.entryPoint.includes('StripeWebhookProcessingJob'));
  assert.ok(jobs.length > 1, `the payloads need several transactions (${jobs.length})`);
  for (const job of jobs) {
    assert.equal(job.error, undefined, `no job fails: ${job.error ?? ''}`);
    assert.ok(job.limits.callouts <= 100, `callouts ${job.limits.callouts}`);
  }
  const failed = org.transactions().filter((tx) => tx.error);
  assert.deepEqual(
    failed.map((tx) => `${tx.entryPoint}: ${tx.error}`),
    [],
    'no transaction failed',
  );
  console.log(
    `# ${jobs.length} processing jobs; at most ${Math.max(...jobs.map((job) => job.limits.callouts))} callouts, ` +
      `${Math.max(...jobs.map((job) => job.limits.queries))} queries, ` +
      `${Math.max(...jobs.map((job) => job.limits.dmlStatements))} DML statements per job`,
  );
});
