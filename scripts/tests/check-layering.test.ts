/**
 * The layering check (`scripts/check-layering.ts`) catches each defect it exists for: a query outside the
 * selectors (inline, across lines, dynamic), the Stripe client in a controller, DML in a controller, a
 * selector or a webhook handler. It leaves alone what is allowed: the same code in a selector, a service
 * or a test class, words in comments and strings, and an exception written with its reason. It finds an
 * import cycle in the TypeScript through NodeNext's `./x.js` specifiers, type-only imports and dynamic
 * imports included, and names both ends but not a module that only uses the cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, run } from '../lib/project';
import { checkImportCycles, checkSource, codeOnly, isTestClass } from '../check-layering';

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
    // NodeNext specifiers (tools/local-org): `./e.js` is e.ts (scripts/lib/eslint-resolver-ts.js).
    writeFileSync(path.join(dir, 'd.ts'), "import { e } from './e.js';\nexport const d = (): number => e() + 1;\n");
    writeFileSync(path.join(dir, 'e.ts'), "import { d } from './d.js';\nexport const e = (): number => d() - 1;\n");
    const results = await new ESLint({ cwd: REPO_ROOT }).lintFiles([path.join(dir, '*.ts')]);
    const cycles = results.flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId === 'import/no-cycle')
        .map(() => path.basename(result.filePath)),
    );
    assert.deepEqual(
      cycles.sort(),
      ['a.ts', 'b.ts', 'd.ts', 'e.ts'],
      'both ends of the cycle, not the module that only uses it',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A NodeNext TypeScript project in `dir` with the given sources (as tools/local-org is). */
function plantTsProject(dir: string, sources: Record<string, string>): void {
  const tsconfig = {
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true },
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src/**/*.ts'] }));
  mkdirSync(path.join(dir, 'src', 'sub'), { recursive: true });
  for (const [file, text] of Object.entries(sources)) writeFileSync(path.join(dir, 'src', file), text);
}

test('an import cycle through .js specifiers is found, a type-only import included', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layering-ts-'));
  try {
    plantTsProject(dir, {
      'a.ts':
        "import { b } from './sub/b.js';\nexport interface A { n: number }\nexport const a = (): number => b();\n",
      'sub/b.ts': "import type { A } from '../a.js';\nexport const b = (x?: A): number => x?.n ?? 1;\n",
      'c.ts': "import { a } from './a.js';\nexport const c = (): number => a();\n",
      'd.ts': 'export const d = 1;\n',
    });
    const { checked, cycles } = checkImportCycles(dir);
    assert.equal(checked, 4);
    assert.deepEqual(
      cycles.map((cycle) => cycle.cycle),
      [['src/a.ts', 'src/sub/b.ts', 'src/a.ts']],
      'both ends of the cycle, not the module that only uses it',
    );
    assert.deepEqual(
      cycles[0].edges.map((edge) => `${edge.from}:${edge.line}${edge.typeOnly ? ' types' : ''}`),
      ['src/a.ts:1', 'src/sub/b.ts:1 types'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cycle hidden behind a dynamic import, a require or an import type is still a cycle', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layering-ts-'));
  try {
    plantTsProject(dir, {
      'a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
      'b.ts': "export const b = (): number => 1;\nexport const later = () => import('./a.js');\n",
      'c.ts': "import { d } from './d.js';\nexport const c = (): number => d();\n",
      'd.ts':
        "declare const require: (id: string) => unknown;\nexport const d = (): number => (require('./c.js') ? 1 : 0);\n",
      'e.ts': "import { f } from './f.js';\nexport type E = number;\nexport const e = f;\n",
      'f.ts': "export const f = (x: import('./e.js').E): number => x;\n",
    });
    assert.deepEqual(
      checkImportCycles(dir).cycles.map((cycle) => cycle.modules),
      [
        ['src/a.ts', 'src/b.ts'],
        ['src/c.ts', 'src/d.ts'],
        ['src/e.ts', 'src/f.ts'],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the script fails on a planted import cycle and names the import to break', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layering-ts-'));
  try {
    copyFileSync(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
    mkdirSync(path.join(dir, 'force-app'));
    plantTsProject(dir, {
      'a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      'b.ts': "\nimport { a } from './a.js';\nexport const b = (): number => a() - 1;\n",
    });
    const result = run(process.execPath, [
      path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(REPO_ROOT, 'scripts', 'check-layering.ts'),
      '--project',
      dir,
    ]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /^src\/a\.ts:1: cycle: an import cycle: src\/a\.ts -> src\/b\.ts -> src\/a\.ts$/m);
    assert.match(result.stderr, /^ {4}src\/b\.ts:2 imports src\/a\.ts$/m);
    assert.match(result.stdout, /2 TypeScript modules checked, 1 import cycle\(s\)/);
    assert.match(result.stdout, /0 classes checked, 0 violation/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
