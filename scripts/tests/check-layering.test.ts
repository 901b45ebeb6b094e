/**
 * The layering check (`scripts/check-layering.ts`) catches each defect it exists for: a query outside the
 * selectors (inline, across lines, dynamic), the Stripe client in a controller, DML in a controller, a
 * selector or a webhook handler. It leaves alone what is allowed: the same code in a selector, a service
 * or a test class, words in comments and strings, and an exception written with its reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, run } from '../lib/project';
import { checkSource, codeOnly, isTestClass } from '../check-layering';

const cls = (body: string): string => `public with sharing class Planted {\n${body}\n}\n`;

const rulesOf = (file: string, body: string): string[] =>
  checkSource(file, cls(body)).map((violation) => `${violation.rule}@${violation.line}`);

test('a query in a controller or service is refused, inline or across lines', () => {
  assert.deepEqual(rulesOf('controllers/Planted.cls', '  Contact c = [SELECT Id FROM Contact LIMIT 1];'), ['query@2']);
  assert.deepEqual(rulesOf('checkout/Planted.cls', '  List<Contact> c = [\n    SELECT Id\n    FROM Contact\n  ];'), [
    'query@2',
  ]);
  assert.deepEqual(
    rulesOf('sync/Planted.cls', "  List<SObject> r = Database.queryWithBinds('SELECT Id FROM Contact', b, m);"),
    ['query@2'],
  );
  assert.deepEqual(
    rulesOf('logging/Planted.cls', "  Database.QueryLocator l = Database.getQueryLocator('SELECT Id FROM X');"),
    ['query@2'],
  );
});

test('a query in a selector or a test class is allowed', () => {
  assert.deepEqual(rulesOf('shared/selectors/Planted.cls', '  Contact c = [SELECT Id FROM Contact LIMIT 1];'), []);
  const testClass =
    '@IsTest\nprivate class PlantedTest {\n  static void t() { Contact c = [SELECT Id FROM Contact]; }\n}\n';
  assert.ok(isTestClass(codeOnly(testClass)));
  assert.deepEqual(checkSource('tests/PlantedTest.cls', testClass), []);
});

test('the Stripe client in a controller is refused; in a service it is allowed', () => {
  const body = '  StripeClient client = StripeClientFactory.getClient();';
  assert.deepEqual(rulesOf('controllers/Planted.cls', body), ['client@2']);
  assert.deepEqual(rulesOf('subscriptions/Planted.cls', body), []);
});

test('DML in a controller, selector or webhook handler is refused; in a service it is allowed', () => {
  assert.deepEqual(rulesOf('controllers/Planted.cls', '  update record;'), ['dml@2']);
  assert.deepEqual(rulesOf('controllers/Planted.cls', '  Database.update(record, AccessLevel.USER_MODE);'), ['dml@2']);
  assert.deepEqual(rulesOf('shared/selectors/Planted.cls', '  if (x) { insert new Contact(); }'), ['dml@2']);
  assert.deepEqual(rulesOf('webhooks/handlers/Planted.cls', '  EventBus.publish(events);'), ['dml@2']);
  assert.deepEqual(rulesOf('webhooks/handlers/Planted.cls', '  Savepoint sp = Database.setSavepoint();'), ['dml@2']);
  assert.deepEqual(rulesOf('checkout/Planted.cls', '  update record;\n  Database.insert(rows, false);'), []);
});

test('words in comments and strings are not code', () => {
  const body = [
    '  // update the record; [SELECT Id FROM Contact]',
    "  String s = 'insert this; [SELECT Id FROM Contact] StripeClientFactory';",
    '  /* delete old rows; Database.query(x) */',
    '  void mergeSubscription() {}',
  ].join('\n');
  assert.deepEqual(rulesOf('controllers/Planted.cls', body), []);
});

test('an exception with its reason is allowed; without a reason it is not', () => {
  const reasoned =
    '  // layering-exception(query): the secret is read only here, never through a selector\n  X x = [SELECT Id FROM X];';
  assert.deepEqual(rulesOf('webhooks/inbound/Planted.cls', reasoned), []);
  const bare = '  // layering-exception(query): ok\n  X x = [SELECT Id FROM X];';
  assert.deepEqual(rulesOf('webhooks/inbound/Planted.cls', bare), ['query@3']);
  const otherRule =
    '  // layering-exception(dml): inserted between two saves of the unit of work\n  X x = [SELECT Id FROM X];';
  assert.deepEqual(rulesOf('webhooks/inbound/Planted.cls', otherRule), ['query@3'], 'an exception names its rule');
});

test('the script fails on a planted controller and names the file and line', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layering-'));
  try {
    copyFileSync(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
    const controllers = path.join(dir, 'force-app', 'main', 'default', 'classes', 'controllers');
    mkdirSync(controllers, { recursive: true });
    writeFileSync(
      path.join(controllers, 'PlantedController.cls'),
      cls('  @AuraEnabled\n  public static void go() { StripeClientFactory.getClient(); }'),
    );
    const result = run(process.execPath, [
      path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(REPO_ROOT, 'scripts', 'check-layering.ts'),
      '--project',
      dir,
    ]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /controllers\/PlantedController\.cls:3: client:/);
    assert.match(result.stdout, /1 classes checked, 1 violation/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('eslint refuses an import cycle in the TypeScript (import/no-cycle)', async () => {
  const { ESLint } = await import('eslint');
  const dir = path.join(REPO_ROOT, 'scripts', 'tests', `cycle-fixture-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = (): number => b() + 1;\n");
    writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a';\nexport const b = (): number => a() - 1;\n");
    writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a';\nexport const c = (): number => a();\n");
    const results = await new ESLint({ cwd: REPO_ROOT }).lintFiles([path.join(dir, '*.ts')]);
    const cycles = results.flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId === 'import/no-cycle')
        .map(() => path.basename(result.filePath)),
    );
    assert.deepEqual(cycles.sort(), ['a.ts', 'b.ts'], 'both ends of the cycle, not the module that only uses it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
