/**
 * The test runner's command line: a class or method name that selects no test fails the run, so a typo
 * never reads as a green suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
