/**
 * The fixture type check (tools/stripe-fixtures/check.ts, `npm test` step `fixtures`) must refuse what
 * Stripe does not send at the pinned API version. Each test plants one defect in a copy of a real
 * fixture, type-checks it alone and expects the check to fail naming the field; a clean copy passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkFixtures, type CheckResult } from '../../tools/stripe-fixtures/check';
import { REPO_ROOT } from '../lib/project';

type JsonMap = { [key: string]: unknown };

const FIXTURES = path.join(REPO_ROOT, 'tools', 'stripe-fixtures');

const load = (name: string): JsonMap => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as JsonMap;

const dataObject = (event: JsonMap): JsonMap => (event.data as JsonMap).object as JsonMap;

/** The planted copies, each checked under its own name; one tsc run for all of them (about 3 s). */
const planted = new Map<string, JsonMap>();
function plant(name: string, json: JsonMap): string {
  planted.set(name, json);
  return name;
}

/** The tsc errors reported for one planted fixture (empty when it passes). */
function errorsOf(name: string): string {
  const file = `${name.replace(/[^A-Za-z0-9]+/g, '_')}.ts`;
  return run()
    .output.split('\n')
    .filter((line) => line.includes(file) || line.includes(`${name}:`))
    .join('\n');
}

let result: CheckResult | undefined;
function run(): CheckResult {
  if (!result) {
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'stripe-fixtures-'));
    try {
      result = checkFixtures(
        [...planted].map(([name, json]) => ({ name, json })),
        workDir,
      );
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return result;
}

const GOOD_EVENT = plant('good/invoice.paid.json', load('events/invoice.paid.json'));
const GOOD_OBJECT = plant('good/subscription.json', load('objects/subscription.json'));

const paymentsEvent = load('events/invoice.paid.json');
dataObject(paymentsEvent).payments = {
  object: 'list',
  data: [load('objects/invoice_payment.json')],
  has_more: false,
  url: `/v1/invoice_payments?invoice=${String(dataObject(paymentsEvent).id)}`,
};
const PAYMENTS = plant('planted/invoice-payments.json', paymentsEvent);

const periodObject = load('objects/subscription.json');
periodObject.current_period_end = 1796202000;
const PERIOD_OBJECT = plant('planted/subscription-period.json', periodObject);
const periodEvent = load('events/customer.subscription.updated.json');
dataObject(periodEvent).current_period_start = 1793610000;
const PERIOD_EVENT = plant('planted/subscription-updated-period.json', periodEvent);

const unknownTop = load('objects/customer.json');
unknownTop.nickname = 'Jen';
const UNKNOWN_TOP = plant('planted/customer-nickname.json', unknownTop);
const unknownNested = load('events/invoice.finalized.json');
((dataObject(unknownNested).lines as JsonMap).data as JsonMap[])[0].unit_price = 2000;
const UNKNOWN_NESTED = plant('planted/invoice-line-unit-price.json', unknownNested);
const removedLink = load('events/payment_intent.succeeded.json');
dataObject(removedLink).invoice = 'in_1QrN6bB7WZ01zgkWInv00001';
const REMOVED_LINK = plant('planted/payment-intent-invoice.json', removedLink);

const unknownType = load('events/invoice.paid.json');
unknownType.type = 'invoice.settled';
const UNKNOWN_TYPE = plant('planted/invoice-settled.json', unknownType);

test('a pinned-version invoice.paid event and a subscription object pass', () => {
  assert.equal(run().ok, false, 'the planted ones fail the run as a whole');
  assert.equal(errorsOf(GOOD_EVENT), '');
  assert.equal(errorsOf(GOOD_OBJECT), '');
});

test('an invoice event carrying payments (includable only, never in a webhook) fails', () => {
  assert.match(errorsOf(PAYMENTS), /'"?payments"?' does not exist/);
});

test('a subscription with a top-level current_period_end (moved to items in 2025) fails', () => {
  assert.match(errorsOf(PERIOD_OBJECT), /'"?current_period_end"?' does not exist/);
  assert.match(errorsOf(PERIOD_EVENT), /'"?current_period_start"?' does not exist/);
});

test('a field Stripe does not have fails, also nested and on a payment intent (invoice)', () => {
  assert.match(errorsOf(UNKNOWN_TOP), /'"?nickname"?' does not exist/);
  assert.match(errorsOf(UNKNOWN_NESTED), /'"?unit_price"?' does not exist/);
  assert.match(errorsOf(REMOVED_LINK), /'"?invoice"?' does not exist/);
});

test('an event type the SDK does not know fails', () => {
  assert.match(errorsOf(UNKNOWN_TYPE), /no Stripe\.\*Event has type invoice\.settled/);
});
