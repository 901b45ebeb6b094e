/**
 * The browser check (tools/browser-check) must fail on broken components: each test copies the
 * components to a temporary project, breaks one template, bundles the copy and runs the check on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

type Plant = Record<string, (html: string) => string>;

/** A temporary project with the components, templates changed by `plant`. */
function withPlanted(plant: Plant, body: (projectDir: string) => void): void {
  const projectDir = mkdtempSync(path.join(os.tmpdir(), 'browser-check-planted-'));
  try {
    cpSync(path.join(REPO_ROOT, LWC), path.join(projectDir, LWC), {
      recursive: true,
      filter: (source) => !source.includes('__tests__'),
    });
    for (const [component, edit] of Object.entries(plant)) {
      const template = path.join(projectDir, LWC, component, `${component}.html`);
      const original = readFileSync(template, 'utf8');
      const planted = edit(original);
      assert.notEqual(planted, original, `the plant changed nothing in ${component}`);
      writeFileSync(template, planted);
    }
    body(projectDir);
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
}

// One bundle, two defects: each fails its own scenario.
test('fails when a button loses its label or an icon button its alternative text', { skip: noChromium }, () => {
  withPlanted(
    {
      stripeWebhookEventReplay: (html) => html.replace('label={labels.replayButton}', ''),
      stripeBillingHistory: (html) =>
        html.replace('alternative-text={refreshLabel}', '').replace('title={refreshLabel}', ''),
    },
    (projectDir) => {
      const dist = path.join(projectDir, 'dist');
      const built = tsx('build.ts', ['--project', projectDir, '--out', dist]);
      assert.equal(built.status, 0, built.output);
      const { status, output } = tsx('run.ts', ['--dist', dist, '--only', 'webhook-replay,billing-history-empty']);
      assert.notEqual(status, 0, output);
      const report = (id: string): string => {
        const match = new RegExp(`^FAIL ${id}:.*\\n((?: {7}.*\\n)*)`, 'm').exec(output);
        assert.ok(match, `${id} did not fail:\n${output}`);
        return match[1];
      };
      const replay = report('webhook-replay');
      assert.match(replay, /no "Replay event" button/);
      assert.match(replay, /a button has no accessible name/);
      assert.match(report('billing-history-empty'), /a button has no accessible name/);
      assert.match(output, /^0 passed, 2 failed$/m);
    },
  );
});

test('fails when a template uses a base component that does not exist', () => {
  withPlanted(
    { stripeBillingHistory: (html) => html.replaceAll('lightning-badge', 'lightning-status-badge') },
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
