/**
 * The pre-commit hook (`scripts/pre-commit.ts`) works on the staged files only: it formats and re-stages a
 * staged file, leaves an unstaged file alone, refuses (without rewriting) a badly formatted file that also
 * has unstaged changes, and refuses a staged Apex class that breaks a layering rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, run } from '../lib/project';
import { plan } from '../pre-commit';

const UGLY = 'const   x = {a:1}\n';
const PRETTY = 'const x = { a: 1 };\n';

function repo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pre-commit-'));
  const git = (...args: string[]): void => {
    const result = run('git', args, { cwd: dir });
    assert.equal(result.status, 0, result.stderr);
  };
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  copyFileSync(path.join(REPO_ROOT, '.prettierrc'), path.join(dir, '.prettierrc'));
  // The prettier plugins of .prettierrc resolve from the project (ignored by git in this repo too).
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  return dir;
}

function hook(dir: string): { status: number; output: string } {
  const result = run(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(REPO_ROOT, 'scripts', 'pre-commit.ts'),
      '--repo',
      dir,
      '--no-eslint',
    ],
    { cwd: dir },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

const git = (dir: string, ...args: string[]): string => run('git', args, { cwd: dir }).stdout;

test('plan: only staged files; a file with unstaged changes is checked, not rewritten', () => {
  const work = plan(['a.ts', 'b.md', 'force-app/main/default/classes/x/X.cls'], ['b.md', 'c.ts']);
  assert.deepEqual(work.format, ['a.ts', 'force-app/main/default/classes/x/X.cls']);
  assert.deepEqual(work.check, ['b.md']);
  assert.deepEqual(work.lint, ['a.ts']);
  assert.deepEqual(work.apex, ['force-app/main/default/classes/x/X.cls']);
});

test('a staged file is formatted and re-staged; an unstaged one is left alone', () => {
  const dir = repo();
  try {
    writeFileSync(path.join(dir, 'staged.js'), UGLY);
    writeFileSync(path.join(dir, 'untouched.js'), UGLY);
    git(dir, 'add', 'staged.js');
    const result = hook(dir);
    assert.equal(result.status, 0, result.output);
    assert.equal(readFileSync(path.join(dir, 'staged.js'), 'utf8'), PRETTY);
    assert.equal(git(dir, 'show', ':staged.js'), PRETTY, 'the formatted file is what gets committed');
    assert.equal(readFileSync(path.join(dir, 'untouched.js'), 'utf8'), UGLY, 'not staged, not touched');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a badly formatted file with unstaged changes too is refused and not rewritten', () => {
  const dir = repo();
  try {
    writeFileSync(path.join(dir, 'half.js'), UGLY);
    git(dir, 'add', 'half.js');
    writeFileSync(path.join(dir, 'half.js'), UGLY + 'const   y=2\n');
    const result = hook(dir);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /unstaged changes/);
    assert.equal(readFileSync(path.join(dir, 'half.js'), 'utf8'), UGLY + 'const   y=2\n', 'left as the author had it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a staged controller that queries is refused with its line', () => {
  const dir = repo();
  try {
    const folder = path.join(dir, 'force-app', 'main', 'default', 'classes', 'controllers');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      path.join(folder, 'PlantedController.cls'),
      'public with sharing class PlantedController {\n    public static Integer n() {\n        return [SELECT COUNT() FROM Contact];\n    }\n}\n',
    );
    git(dir, 'add', '.');
    const result = hook(dir);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /controllers\/PlantedController\.cls:3: query:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
