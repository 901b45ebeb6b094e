/**
 * The admin registers the endpoint with the event list of docs/webhooks.md; the package handles the types of
 * `StripeWebhookEventTypes`. A type missing from the docs is never delivered, a type only in the docs is
 * stored as `ignored` and only adds traffic: the two lists must be the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../lib/project';

const apexTypes = (): string[] => {
  const source = readFileSync(
    path.join(REPO_ROOT, 'force-app/main/default/classes/webhooks/processing/StripeWebhookEventTypes.cls'),
    'utf8',
  );
  const map = source.slice(source.indexOf('FAMILY_BY_TYPE'), source.indexOf('};', source.indexOf('FAMILY_BY_TYPE')));
  return [...map.matchAll(/'([a-z_.]+)'\s*=>/g)].map((match) => match[1]).sort();
};

const documentedTypes = (): string[] => {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs/webhooks.md'), 'utf8');
  const table = doc
    .slice(doc.indexOf('| family | events |'), doc.indexOf('With the Stripe CLI'))
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .join('\n');
  return [...table.matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)].map((match) => match[1]).sort();
};

test('docs/webhooks.md lists exactly the event types the package handles', () => {
  const handled = apexTypes();
  assert.ok(handled.length > 20, `read the Apex map (${handled.length} types)`);
  assert.deepEqual(documentedTypes(), handled);
});

test('the list leaves out events that only add traffic', () => {
  assert.ok(!apexTypes().includes('invoice.upcoming'));
});
