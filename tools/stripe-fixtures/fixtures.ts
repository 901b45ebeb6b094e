/**
 * The Stripe fixtures for TypeScript code (scripts, tests, `npm start`): the pinned-version events and
 * objects of `events/` and `objects/`, and webhook signatures made by Stripe's own SDK.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';

export type JsonMap = { [key: string]: unknown };

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
