/**
 * Type-checks every Stripe fixture against the `stripe` package's types (SDK 23.1.0 = API 2026-10-28.endive).
 *
 * For each `objects/*.json` and `events/*.json` it writes a TypeScript file with the JSON inlined as an
 * object literal that `satisfies` the matching type, and compiles them all with tsc (strict, noEmit):
 *   - objects: `Stripe.Invoice`, `Stripe.Checkout.Session`, ... chosen by the `object` field;
 *   - events: the `Stripe.<Name>Event` whose `type` literal matches (read from the SDK's Events.d.ts),
 *     with `data.object` narrowed to what a webhook carries (`AsSent` below).
 * Object literals get TypeScript's excess-property check, so a field the type does not have at this
 * version (`Invoice.subscription`, top-level `Subscription.current_period_end`, a typo) fails, and so
 * does a missing required field or a wrong enum value.
 *
 * Includable-only fields: the SDK marks with `?` the properties Stripe leaves out unless asked for
 * (`Invoice.payments`: "When retrieving an invoice, there is an includable payments property",
 * https://docs.stripe.com/api/invoice-payment/list), but also a few it sends whenever they are set
 * (`Customer.address`, `Invoice.hosted_invoice_url`). `AsSent<T, K>` keeps the required keys of the
 * top-level object and only the optional keys listed in `SENT_WHEN_SET`; any other optional key in a
 * webhook's `data.object` is an excess property. Nested objects keep their full type.
 *
 * Usage: tsx tools/stripe-fixtures/check.ts [--dir <fixtures dir>]  (exit 1 with tsc's errors)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const STRIPE_TYPES = path.join(REPO_ROOT, 'node_modules', 'stripe', 'cjs', 'resources', 'Events.d.ts');

/** Stripe `object` value -> the SDK type of that object. */
export const OBJECT_TYPES: Record<string, string> = {
  balance: 'Stripe.Balance',
  'billing_portal.session': 'Stripe.BillingPortal.Session',
  charge: 'Stripe.Charge',
  'checkout.session': 'Stripe.Checkout.Session',
  customer: 'Stripe.Customer',
  dispute: 'Stripe.Dispute',
  invoice: 'Stripe.Invoice',
  invoice_payment: 'Stripe.InvoicePayment',
  payment_intent: 'Stripe.PaymentIntent',
  price: 'Stripe.Price',
  product: 'Stripe.Product',
  promotion_code: 'Stripe.PromotionCode',
  refund: 'Stripe.Refund',
  subscription: 'Stripe.Subscription',
  subscription_item: 'Stripe.SubscriptionItem',
  webhook_endpoint: 'Stripe.WebhookEndpoint',
  /** A deleted object (`"deleted": true`) answers `DELETE`: the SDK's `Deleted*` type. */
  deleted_webhook_endpoint: 'Stripe.DeletedWebhookEndpoint',
};

/**
 * Optional (`?`) properties Stripe sends in webhook payloads whenever they have a value; every other
 * optional property of a `data.object` is includable-only and refused. Add a key here only with the
 * Stripe API reference showing it is returned by default.
 */
export const SENT_WHEN_SET: Record<string, string[]> = {
  charge: ['authorization_code', 'transfer'],
  'checkout.session': ['excluded_payment_method_types', 'phone_number_collection', 'return_url'],
  customer: [
    'address',
    'currency',
    'customer_account',
    'delinquent',
    'discount',
    'invoice_prefix',
    'name',
    'next_invoice_sequence',
    'phone',
    'preferred_locales',
    'tax_exempt',
    'test_clock',
  ],
  dispute: ['network_reason_code', 'payment_method_details'],
  invoice: ['amount_paid_off_stripe', 'auto_advance', 'customer_tax_ids', 'hosted_invoice_url', 'invoice_pdf'],
  invoice_payment: [],
  payment_intent: ['amount_details', 'transfer_data'],
  price: [],
  product: ['default_price', 'statement_descriptor', 'tax_code', 'unit_label'],
  refund: [
    'description',
    'destination_details',
    'failure_balance_transaction',
    'failure_reason',
    'instructions_email',
    'next_action',
    'pending_reason',
  ],
  subscription: ['default_tax_rates'],
  subscription_item: ['quantity'],
};

/** Event type -> SDK interface name, from the SDK's own declarations. */
export function eventTypeNames(): Map<string, string> {
  const source = readFileSync(STRIPE_TYPES, 'utf8');
  const names = new Map<string, string>();
  for (const match of source.matchAll(/export interface (\w+Event) extends EventBase \{\s*type: '([^']+)';/g)) {
    names.set(match[2], match[1]);
  }
  return names;
}

const PRELUDE = `import type { Decimal } from '${path.join(REPO_ROOT, 'node_modules', 'stripe', 'cjs', 'Decimal')}';

/** The JSON on the wire: the SDK turns *_decimal strings into Decimal objects; Stripe sends strings. */
export type Wire<T> = T extends Decimal
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;
/** A webhook's data.object: the required keys, and only the listed optional keys (no includable-only ones). */
export type AsSent<T, Keep extends PropertyKey> = Pick<T, RequiredKeys<T>> & Partial<Pick<T, Extract<OptionalKeys<T>, Keep>>>;
/** previous_attributes: the changed attributes; of a changed hash only its changed keys, arrays whole. */
type DeepPartial<T> = T extends ReadonlyArray<unknown> ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null } : T;
/** A webhook event as Stripe delivers it. */
export type Delivered<E extends { data: { object: unknown } }, Keep extends PropertyKey> = Wire<
  Omit<E, 'data'> & {
    data: { object: AsSent<E['data']['object'], Keep>; previous_attributes?: DeepPartial<E['data']['object']> };
  }
>;
`;

export interface Fixture {
  /** Path shown in errors, e.g. events/invoice.paid.json */
  name: string;
  json: unknown;
}

/** The TypeScript source that type-checks one fixture, or an error message when it cannot be matched. */
export function fixtureSource(fixture: Fixture, events = eventTypeNames()): string {
  const value = fixture.json as { object?: unknown; type?: unknown; data?: { object?: { object?: unknown } } };
  const literal = JSON.stringify(fixture.json, null, 2);
  if (value.object === 'event') {
    const eventName = typeof value.type === 'string' ? events.get(value.type) : undefined;
    if (!eventName) throw new Error(`${fixture.name}: no Stripe.*Event has type ${String(value.type)}`);
    const objectName = String(value.data?.object?.object);
    const keep = SENT_WHEN_SET[objectName];
    if (!keep) throw new Error(`${fixture.name}: data.object.object ${objectName} has no entry in SENT_WHEN_SET`);
    const keys = keep.length === 0 ? 'never' : keep.map((key) => `'${key}'`).join(' | ');
    return `import type { Delivered } from './prelude';\nimport type Stripe from 'stripe';\n\nexport const fixture = ${literal} satisfies Delivered<Stripe.${eventName}, ${keys}>;\n`;
  }
  const deleted = (fixture.json as { deleted?: unknown }).deleted === true ? 'deleted_' : '';
  const typeName = typeof value.object === 'string' ? OBJECT_TYPES[deleted + value.object] : undefined;
  if (!typeName) throw new Error(`${fixture.name}: no SDK type known for object ${String(value.object)}`);
  return `import type { Wire } from './prelude';\nimport type Stripe from 'stripe';\n\nexport const fixture = ${literal} satisfies Wire<${typeName}>;\n`;
}

export interface CheckResult {
  ok: boolean;
  output: string;
}

/** Writes the check files for the fixtures into `workDir` and compiles them. */
export function checkFixtures(fixtures: Fixture[], workDir: string): CheckResult {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  writeFileSync(path.join(workDir, 'prelude.ts'), PRELUDE);
  const events = eventTypeNames();
  const files: string[] = ['prelude.ts'];
  const problems: string[] = [];
  for (const fixture of fixtures) {
    const file = `${fixture.name.replace(/[^A-Za-z0-9]+/g, '_')}.ts`;
    try {
      writeFileSync(path.join(workDir, file), fixtureSource(fixture, events));
      files.push(file);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  writeFileSync(
    path.join(workDir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'CommonJS',
          moduleResolution: 'Node',
          strict: true,
          esModuleInterop: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
          typeRoots: [],
          baseUrl: '.',
          paths: { stripe: [path.join(REPO_ROOT, 'node_modules', 'stripe')] },
        },
        files,
      },
      null,
      2,
    ),
  );
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', path.join(workDir, 'tsconfig.json'), '--pretty', 'false'], {
    encoding: 'utf8',
  });
  const output = [...problems, run.stdout.trim(), run.stderr.trim()].filter(Boolean).join('\n');
  return { ok: run.status === 0 && problems.length === 0, output };
}

/** The fixtures of a fixtures directory (objects/ and events/). */
export function readFixtures(dir: string): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const sub of ['objects', 'events']) {
    for (const file of readdirSync(path.join(dir, sub)).sort()) {
      if (!file.endsWith('.json')) continue;
      const name = `${sub}/${file}`;
      fixtures.push({ name, json: JSON.parse(readFileSync(path.join(dir, sub, file), 'utf8')) as unknown });
    }
  }
  return fixtures;
}

function main(): void {
  const dirFlag = process.argv.indexOf('--dir');
  const dir = dirFlag > 0 ? path.resolve(process.argv[dirFlag + 1]) : __dirname;
  const fixtures = readFixtures(dir);
  const started = Date.now();
  const result = checkFixtures(fixtures, path.join(REPO_ROOT, 'node_modules', '.cache', 'stripe-fixtures-check'));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!result.ok) {
    console.error(result.output);
    console.error(`Stripe fixtures: type check failed (${fixtures.length} fixtures, ${seconds} s)`);
    process.exit(1);
  }
  console.log(`Stripe fixtures: ${fixtures.length} match the stripe types of API 2026-10-28.endive (${seconds} s)`);
}

if (require.main === module) main();
