/**
 * The `corpus` step (scripts/corpus.ts): skipped where the corpus is absent, and failing when a suite's pass rate is
 * under its threshold. Needs the local runtime built (npm test builds first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, run } from '../lib/project';

const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const script = path.join(REPO_ROOT, 'scripts', 'corpus.ts');

test('corpus: an absent corpus is skipped and passes', () => {
  const r = run(tsx, [script, '--corpus', path.join(os.tmpdir(), 'no-such-apex-corpus')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /not found, skipped/);
  assert.match(r.stdout, /^0 passed, 0 failed$/m);
});

test('corpus: a suite under its threshold fails the step and says so', () => {
  const corpus = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
  try {
    const suite = path.join(corpus, 'apex-trigger-actions-framework');
    const classes = path.join(suite, 'src', 'classes');
    mkdirSync(classes, { recursive: true });
    writeFileSync(path.join(suite, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'src' }] }));
    writeFileSync(
      path.join(classes, 'HalfTest.cls'),
      '@IsTest private class HalfTest {\n' +
        '  @IsTest static void passes() { Assert.areEqual(2, 1 + 1); }\n' +
        '  @IsTest static void fails() { Assert.areEqual(3, 1 + 1); }\n' +
        '}\n',
    );
    const r = run(tsx, [
      script,
      '--corpus',
      corpus,
      '--reports',
      path.join(corpus, 'reports'),
      'apex-trigger-actions-framework',
    ]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL apex-trigger-actions-framework 1\/2 \(50\.0%\).*below the threshold of 90%/);
    assert.match(r.stdout, /^0 passed, 1 failed$/m);
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});
