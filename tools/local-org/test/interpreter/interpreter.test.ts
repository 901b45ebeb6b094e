import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Interpreter } from '../../src/interpreter/interpreter.js';
import { loadFile, loadSources, listSources, LoadError } from '../../src/interpreter/loader.js';
import { runTests } from '../../src/interpreter/runner.js';
import { LocalDataServices } from '../../src/data/services-impl.js';

function run(src: string) {
  const interp = new Interpreter();
  const r = interp.runAnonymous(src);
  return { ...r, interp };
}

test('anonymous Apex: debug output and arithmetic traps', () => {
  const r = run(`Integer i = 2147483647; i++; System.debug(i); System.debug(7/2); System.debug('x' + null);`);
  assert.equal(r.success, true, r.error);
  assert.deepEqual(
    r.debug.map((l) => l.split('|').pop()),
    ['-2147483648', '3', 'xnull'],
  );
});

test('anonymous Apex: uncaught exception is reported with type and message', () => {
  const r = run(`String s; s.length();`);
  assert.equal(r.success, false);
  assert.match(r.error!, /^System.NullPointerException: Attempt to de-reference a null object/);
});

test('anonymous Apex: SOQL without the data layer is a clear error', () => {
  const r = run(`List<Account> a = [SELECT Id FROM Account];`);
  assert.equal(r.success, false);
  assert.match(r.error!, /data layer/);
});

test('loader: unsupported construct names file, line and construct', () => {
  assert.throws(
    () => loadFile('Bad.cls', `public class Bad {\n  static Integer i = 3000000000;\n}`),
    (e: unknown) => e instanceof LoadError && e.line === 2 && /Integer literal out of range/.test(e.construct),
  );
  assert.throws(() => loadFile('Syntax.cls', `public class Syntax { void m( }`), LoadError);
});

test('loader: class name must match the file', () => {
  const decl = loadFile('/tmp/Other.cls', 'public class Mismatch {}');
  assert.equal((decl as any).name, 'Mismatch');
});

test('conformance suite passes', () => {
  const files = listSources(join(__dirname, '..', '..', 'conformance'), ['.cls']);
  // the sObject cases need the data layer (src/data), with the conformance suite's own metadata project
  const services = new LocalDataServices(join(__dirname, '..', '..', 'conformance'));
  const interp = new Interpreter({
    services,
    user: {
      id: services.seedInfo.adminUserId,
      userName: 'admin@local-org.example',
      orgId: services.seedInfo.orgId,
      timeZone: 'GMT',
    },
  });
  interp.load(loadSources(files));
  const summary = runTests(interp);
  const failed = summary.results.filter((r) => r.outcome === 'Fail');
  assert.deepEqual(
    failed.map((f) => `${f.className}.${f.methodName}: ${f.message}`),
    [],
  );
  assert.ok(summary.results.length >= 30);
});

test('loader: a trigger body is a block (top-level local declarations), methods are rejected', () => {
  const t = loadFile(
    '/tmp/LocalOrgT1.trigger',
    `trigger T1 on Account (before insert, after update) {\n  List<String> n = new List<String>();\n  n.add('x');\n}`,
  ) as any;
  assert.deepEqual(t.events, ['BEFORE_INSERT', 'AFTER_UPDATE']);
  assert.deepEqual(
    t.body.stmts.map((s: any) => s.k),
    ['local', 'expr'],
  );
  assert.throws(
    () => loadFile('/tmp/LocalOrgT2.trigger', `trigger T2 on Account (before insert) {\n  void m() {}\n}`),
    LoadError,
  );
});
