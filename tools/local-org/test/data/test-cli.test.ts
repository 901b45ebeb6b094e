/**
 * The test runner's command line: a class or method name that selects no test fails the run, so a typo
 * never reads as a green suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '..', '..', 'src', 'cli', 'test.ts');
// tsx is a devDependency of this package: resolved like any dependency, wherever it is installed.
const TSX = require.resolve('tsx/cli');

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'local-org-cli-'));
  const classes = join(root, 'force-app', 'main', 'default', 'classes');
  mkdirSync(classes, { recursive: true });
  writeFileSync(join(root, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  writeFileSync(
    join(classes, 'AdderTest.cls'),
    '@IsTest private class AdderTest { @IsTest static void adds() { System.assertEquals(3, 1 + 2); } }',
  );
  return root;
}

function run(root: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [TSX, CLI, '--project', root, '--quiet', '--junit', join(root, 'j.xml'), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, LOCAL_ORG_NO_CACHE: '1' },
    },
  );
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

test('a selected class runs and passes', () => {
  const result = run(project(), 'AdderTest');
  assert.equal(result.status, 0, result.out);
  assert.match(result.out, /1 passed, 0 failed\s*$/);
});

test('a name that matches no test class or method fails the run and says which', () => {
  const root = project();
  const typo = run(root, 'AdderTest', 'AdderTset');
  assert.equal(typo.status, 1, typo.out);
  assert.match(typo.out, /No @IsTest class or test method matches AdderTset/);
  assert.match(typo.out, /1 passed, 1 failed\s*$/);
  const method = run(root, 'AdderTest.subtracts');
  assert.equal(method.status, 1, method.out);
  assert.match(method.out, /No @IsTest class or test method matches AdderTest\.subtracts/);
  assert.match(method.out, /0 passed, 1 failed\s*$/);
});

/** A project of several test classes (one failing, with debug output) and two covered classes. */
function multiClassProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'local-org-parallel-'));
  const classes = join(root, 'force-app', 'main', 'default', 'classes');
  mkdirSync(classes, { recursive: true });
  writeFileSync(join(root, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app' }] }));
  const files: Record<string, string> = {
    'Adder.cls': [
      'public class Adder {',
      '  public static Integer add(Integer a, Integer b) {',
      '    if (a < 0) {',
      '      return 0;',
      '    }',
      '    return a + b;',
      '  }',
      '}',
    ].join('\n'),
    'Namer.cls': [
      'public class Namer {',
      '  public static String name(Account a) {',
      '    insert a;',
      '    return [SELECT Name FROM Account WHERE Id = :a.Id].Name;',
      '  }',
      '  public static String unused() {',
      "    return 'x';",
      '  }',
      '}',
    ].join('\n'),
    'AdderTest.cls':
      '@IsTest private class AdderTest { @IsTest static void adds() { System.assertEquals(3, Adder.add(1, 2)); } ' +
      "@IsTest static void fails() { System.debug('before'); System.assertEquals(4, Adder.add(1, 2), 'wrong'); } }",
    'NamerTest.cls':
      "@IsTest private class NamerTest { @TestSetup static void setup() { insert new Account(Name = 'Seed'); } " +
      "@IsTest static void names() { System.assertEquals('A', Namer.name(new Account(Name = 'A'))); } " +
      '@IsTest static void seesSetup() { System.assertEquals(1, [SELECT COUNT() FROM Account]); } }',
    'ZetaTest.cls':
      '@IsTest private class ZetaTest { @IsTest static void negative() { System.assertEquals(0, Adder.add(-1, 2)); } }',
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(classes, name), body);
  return root;
}

test('parallel workers and --serial give the same output, JUnit XML and coverage', () => {
  const root = multiClassProject();
  const outputs = [['--serial'], []].map((args, i) => {
    const dir = join(root, `run${i}`);
    mkdirSync(dir);
    const result = spawnSync(process.execPath, [TSX, CLI, '--project', root, '--junit', join(dir, 'j.xml'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, LOCAL_ORG_WORKERS: '2' },
    });
    assert.equal(result.status, 1, `${result.stdout}${result.stderr}`);
    return {
      // times differ from run to run; everything else must not
      out: result.stdout
        .replace(/\(\d+ ms\)/g, '')
        .replace(/\([\d.]+ s, CPU [\d.]+ s\)/, '')
        .replace(/run\d/, 'run'),
      junit: readFileSync(join(dir, 'j.xml'), 'utf8').replace(/ time="[\d.]+"/g, ''),
      coverage: readFileSync(join(dir, 'apex-coverage.json'), 'utf8'),
    };
  });
  assert.match(outputs[0].out, /4 passed, 1 failed\s*$/);
  assert.match(outputs[0].out, /FAIL AdderTest\.fails[\s\S]*before/);
  assert.deepEqual(outputs[1], outputs[0]);
  // Namer.unused is the one line no test runs
  assert.deepEqual(JSON.parse(outputs[0].coverage).total, { covered: 5, lines: 6, percent: 83.3 });
});
