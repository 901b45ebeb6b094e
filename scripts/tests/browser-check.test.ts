/**
 * The browser check (tools/browser-check) must fail on broken components: each test copies the
 * components to a temporary project, breaks one template, bundles the copy and runs the check on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, run } from '../lib/project';

const LWC = path.join('force-app', 'main', 'default', 'lwc');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const noChromium = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}`;

function tsx(script: string, args: string[]): { status: number; output: string } {
  const result = run(process.execPath, [
    path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(REPO_ROOT, 'tools', 'browser-check', script),
    ...args,
  ]);
  return { status: result.status, output: result.stdout + result.stderr };
}

/** A temporary project (components, package.json, node_modules linked), one template changed by `edit`. */
function withPlanted(component: string, edit: (html: string) => string, body: (projectDir: string) => void): void {
  const projectDir = mkdtempSync(path.join(os.tmpdir(), 'browser-check-planted-'));
  try {
    cpSync(path.join(REPO_ROOT, LWC), path.join(projectDir, LWC), {
      recursive: true,
      filter: (source) => !source.includes('__tests__'),
    });
    // The LWC module resolver needs a package.json above the components and node_modules beside it.
    cpSync(path.join(REPO_ROOT, 'package.json'), path.join(projectDir, 'package.json'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(projectDir, 'node_modules'), 'dir');
    const template = path.join(projectDir, LWC, component, `${component}.html`);
    const original = readFileSync(template, 'utf8');
    const planted = edit(original);
    assert.notEqual(planted, original, 'the plant changed nothing');
    writeFileSync(template, planted);
    body(projectDir);
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
}

function buildAndRun(projectDir: string, only: string): { status: number; output: string } {
  const dist = path.join(projectDir, 'dist');
  const built = tsx('build.ts', ['--project', projectDir, '--out', dist]);
  assert.equal(built.status, 0, built.output);
  return tsx('run.ts', ['--dist', dist, '--only', only]);
}

test('fails when the Replay event button loses its label', { skip: noChromium }, () => {
  withPlanted(
    'stripeWebhookEventReplay',
    (html) => html.replace('label="Replay event"', ''),
    (projectDir) => {
      const { status, output } = buildAndRun(projectDir, 'webhook-replay');
      assert.notEqual(status, 0, output);
      assert.match(output, /^FAIL webhook-replay:/m);
      assert.match(output, /no "Replay event" button/);
      assert.match(output, /a button has no accessible name/);
      assert.match(output, /^0 passed, 1 failed$/m);
    },
  );
});

test('fails when an icon-only button has no alternative text', { skip: noChromium }, () => {
  withPlanted(
    'stripeBillingHistory',
    (html) => html.replace('alternative-text={refreshLabel}', '').replace('title={refreshLabel}', ''),
    (projectDir) => {
      const { status, output } = buildAndRun(projectDir, 'billing-history-empty');
      assert.notEqual(status, 0, output);
      assert.match(output, /^FAIL billing-history-empty:/m);
      assert.match(output, /a button has no accessible name/);
    },
  );
});

test('fails when a template uses a base component that does not exist', () => {
  withPlanted(
    'stripeBillingHistory',
    (html) => html.replaceAll('lightning-badge', 'lightning-status-badge'),
    (projectDir) => {
      const { status, output } = tsx('build.ts', ['--project', projectDir, '--out', path.join(projectDir, 'dist')]);
      assert.notEqual(status, 0, output);
      assert.match(output, /lightning\/statusBadge/);
      assert.match(output, /missing base component/);
    },
  );
});

test('says so and fails when Chromium is missing', () => {
  const { status, output } = tsx('run.ts', ['--chromium', path.join(os.tmpdir(), 'no-such-chromium')]);
  assert.equal(status, 2, output);
  assert.match(output, /Chromium not found/);
});
