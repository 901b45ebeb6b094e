/**
 * The labels generator (`npm run labels`) and its check: planted defects fail it, the repository passes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { labelKey, labelProblems, parseLabels, renderLabelsModule } from '../generate-labels';

const SCRIPT = path.join(__dirname, '..', 'generate-labels.ts');
const TSX = path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

function labelXml(name: string, value: string, categories = 'Stripe,Test'): string {
  return [
    '  <labels>',
    `    <fullName>${name}</fullName>`,
    `    <categories>${categories}</categories>`,
    '    <language>en_US</language>',
    '    <protected>false</protected>',
    `    <shortDescription>${value.slice(0, 80)}</shortDescription>`,
    `    <value>${value}</value>`,
    '  </labels>',
  ].join('\n');
}

function customLabels(...entries: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">',
    ...entries,
    '</CustomLabels>',
    '',
  ].join('\n');
}

/** A source tree with the labels, labels.ts as generated, and one component using `uses`. */
function project(xml: string, componentSource: string, labelsModule?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'labels-'));
  mkdirSync(path.join(root, 'labels'), { recursive: true });
  mkdirSync(path.join(root, 'lwc', 'stripeLabels'), { recursive: true });
  mkdirSync(path.join(root, 'lwc', 'card'), { recursive: true });
  writeFileSync(path.join(root, 'labels', 'CustomLabels.labels-meta.xml'), xml);
  writeFileSync(
    path.join(root, 'lwc', 'stripeLabels', 'labels.ts'),
    labelsModule ?? renderLabelsModule(parseLabels(xml)),
  );
  writeFileSync(path.join(root, 'lwc', 'card', 'card.ts'), componentSource);
  return root;
}

function check(root: string) {
  const result = spawnSync(process.execPath, [TSX, SCRIPT, '--check', '--source', root], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('keys are the names without Stripe_ in camel case, as the components import them', () => {
  assert.equal(labelKey('Stripe_Billing_Title'), 'billingTitle');
  assert.equal(labelKey('Stripe_Subscription_Status_past_due'), 'subscriptionStatuspastdue');
});

test('parsing keeps the escaped characters and refuses an entry without a value', () => {
  const [label] = parseLabels(customLabels(labelXml('Stripe_A_B', 'Fish &amp; chips &lt;3')));
  assert.equal(label.value, 'Fish & chips <3');
  assert.throws(
    () => parseLabels('<labels><fullName>Stripe_X</fullName><language>en_US</language></labels>'),
    /Stripe_X lacks protected, shortDescription, value/,
  );
});

test('the Metadata API limits and name rules are enforced', () => {
  const labels = parseLabels(
    customLabels(
      labelXml('Stripe_Long', 'x'.repeat(1001)),
      labelXml('Stripe_Double__Underscore', 'ok'),
      labelXml('Other_Prefix', 'ok'),
      labelXml('Stripe_Cats', 'ok', 'c'.repeat(256)),
      labelXml('stripe_long', 'again'),
    ),
  );
  const problems = labelProblems(labels).join('\n');
  assert.match(problems, /Stripe_Long: value has 1001 characters, the limit is 1000/);
  assert.match(problems, /Stripe_Double__Underscore: not a valid API name/);
  assert.match(problems, /Other_Prefix: the package's labels start with Stripe_/);
  assert.match(problems, /Stripe_Cats: categories have more than 255 characters/);
  assert.match(problems, /stripe_long: defined twice/);
});

test('a current module with every label used passes', () => {
  const xml = customLabels(
    labelXml('Stripe_Card_Title', 'Title'),
    labelXml('Stripe_Status_active', 'Active'),
    labelXml('Stripe_Status_past_due', 'Past due'),
    labelXml('Stripe_Job_sweep', 'Sweep'),
  );
  const root = project(
    xml,
    "const title = LABELS.cardTitle;\nconst key = keyOf('status', code);\nconst job = LABELS[`job${name}`];\n",
  );
  const result = check(root);
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /4 labels, all used, labels.ts current/);
});

test('a stale module fails with what to run', () => {
  const xml = customLabels(labelXml('Stripe_Card_Title', 'Title'), labelXml('Stripe_Card_New', 'New'));
  const stale = renderLabelsModule(parseLabels(customLabels(labelXml('Stripe_Card_Title', 'Title'))));
  const root = project(xml, 'LABELS.cardTitle; LABELS.cardNew;', stale);
  const result = check(root);
  assert.equal(result.status, 1);
  assert.match(result.output, /labels\.ts is stale: run `npm run labels`/);
});

test('a label nothing uses fails, also when only a test or an HTML attribute names it', () => {
  const xml = customLabels(labelXml('Stripe_Card_Title', 'Title'), labelXml('Stripe_Card_Orphan', 'Orphan'));
  const root = project(xml, 'const title = LABELS.cardTitle;\n');
  mkdirSync(path.join(root, 'lwc', 'card', '__tests__'));
  writeFileSync(path.join(root, 'lwc', 'card', '__tests__', 'card.test.ts'), 'LABELS.cardOrphan;');
  writeFileSync(path.join(root, 'lwc', 'card', 'card.html'), '<div data-id="card"></div>');
  const result = check(root);
  assert.equal(result.status, 1);
  assert.match(result.output, /Stripe_Card_Orphan: no component, Apex class or page uses it/);
  assert.doesNotMatch(result.output, /Stripe_Card_Title/);
});

test('the repository passes', () => {
  const result = spawnSync(process.execPath, [TSX, SCRIPT, '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
});
