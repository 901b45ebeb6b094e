/**
 * The Stripe fixtures for TypeScript code (scripts, tests, `npm start`): the pinned-version events and
 * objects of `events/` and `objects/`, and webhook signatures made by Stripe's own SDK.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';

export type JsonMap = { [key: string]: unknown };

/** The SDK's decimal type (`*_decimal` fields: a `Decimal` object in the SDK, a string on the wire). */
type StripeDecimal = ReturnType<(typeof Stripe)['Decimal']['from']>;

/**
 * A Stripe type as its JSON on the wire (what the API answers and webhooks carry): the SDK turns `*_decimal`
 * strings into `Decimal` objects, Stripe sends strings (as in check.ts).
 */
export type Wire<T> = T extends string | number | boolean | bigint | null | undefined
  ? T
  : T extends StripeDecimal
    ? string
    : T extends ReadonlyArray<infer U>
      ? Array<Wire<U>>
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** A parsed copy of `events/<type>.json` (a fresh object on each call). */
export function fixtureEvent(type: string): JsonMap {
  return JSON.parse(readFileSync(path.join(__dirname, 'events', `${type}.json`), 'utf8')) as JsonMap;
}

/** A parsed copy of `objects/<name>.json`, e.g. `invoice`, `checkout.session`. */
export function fixtureObject(name: string): JsonMap {
  return JSON.parse(readFileSync(path.join(__dirname, 'objects', `${name}.json`), 'utf8')) as JsonMap;
}

/** The `data.object` of an event (the same reference: change it in place). */
export const dataObject = (event: JsonMap): JsonMap => (event.data as JsonMap).object as JsonMap;

/** A fresh webhook signing secret, made at run time (never committed). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/**
 * The `Stripe-Signature` header Stripe would send for this exact body, computed by the official SDK
 * (`stripe.webhooks.generateTestHeaderString`, "Useful for signing payloads in unit tests").
 */
export function signatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampSeconds });
}

/**
 * The SDK type of each object fixture: `check.ts` compiles every `objects/<name>.json` against the type of its
 * `object` field (`OBJECT_TYPES`), so a fixture read through `stripeObject` is that type at the pinned version.
 */
export interface StripeObjectFixtures {
  balance: Stripe.Balance;
  'billing_portal.session': Stripe.BillingPortal.Session;
  charge: Stripe.Charge;
  'checkout.session': Stripe.Checkout.Session;
  customer: Stripe.Customer;
  deleted_webhook_endpoint: Stripe.DeletedWebhookEndpoint;
  dispute: Stripe.Dispute;
  invoice: Stripe.Invoice;
  invoice_payment: Stripe.InvoicePayment;
  payment_intent: Stripe.PaymentIntent;
  price: Stripe.Price;
  product: Stripe.Product;
  promotion_code: Stripe.PromotionCode;
  refund: Stripe.Refund;
  subscription: Stripe.Subscription;
  subscription_item: Stripe.SubscriptionItem;
  webhook_endpoint: Stripe.WebhookEndpoint;
}

/** A parsed copy of `objects/<name>.json` as its SDK type on the wire (a fresh object on each call). */
export function stripeObject<K extends keyof StripeObjectFixtures>(name: K): Wire<StripeObjectFixtures[K]> {
  return fixtureObject(name) as unknown as Wire<StripeObjectFixtures[K]>;
}

const PACKAGE_SETTINGS = path.join(
  __dirname,
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'customMetadata',
  'Stripe_Setting.Default.md-meta.xml',
);

/**
 * The Stripe API version the package is pinned to: `Api_Version__c` of its settings record `Stripe_Setting.Default`
 * (force-app customMetadata), the one place the package states it (its Apex reads it through `StripeSettings`).
 */
export function pinnedApiVersion(): string {
  const xml = readFileSync(PACKAGE_SETTINGS, 'utf8');
  const version = /<field>Api_Version__c<\/field>\s*<value[^>]*>([^<]+)<\/value>/.exec(xml)?.[1]?.trim();
  if (!version) throw new Error(`${PACKAGE_SETTINGS}: no Api_Version__c value`);
  return version;
}
