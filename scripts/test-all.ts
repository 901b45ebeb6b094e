/**
 * `npm test`: every check that can run without an org, in one command.
 *
 * Steps run two at a time (this is a 2-core machine; the Java checks are the slow ones).
 * Test runners report their own counts; every other check counts as one test.
 * The last line is `N passed, N failed`, summed over everything.
 *
 * Usage: tsx scripts/test-all.ts [--only name,name] [--verbose]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './lib/project';

interface Counts {
  passed: number;
  failed: number;
}

interface Step {
  name: string;
  command: string;
  /** Reads the runner's own pass/fail counts; without it the step counts as one test. */
  counts?: (output: string) => Counts | undefined;
  /** Only when this path exists (parts of the toolchain that arrive later). */
  when?: string;
}

const REPORTS = path.join(REPO_ROOT, 'reports');

const lastSummaryLine = (output: string): Counts | undefined => {
  const matches = [...output.matchAll(/^(\d+) passed, (\d+) failed\s*$/gm)];
  const last = matches.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
};

/** node:test's TAP summaries, summed: `test:tools` runs the repository's tool tests, then the runtime package's. */
const nodeTestCounts = (output: string): Counts | undefined => {
  const sum = (pattern: RegExp): number | undefined => {
    const counts = [...output.matchAll(pattern)].map((match) => Number(match[1]));
    return counts.length ? counts.reduce((a, b) => a + b, 0) : undefined;
  };
  const passed = sum(/^# pass (\d+)/gm);
  const failed = sum(/^# fail (\d+)/gm);
  return passed !== undefined && failed !== undefined ? { passed, failed } : undefined;
};

const jestCounts = (): Counts | undefined => {
  const file = path.join(REPORTS, 'jest-results.json');
  if (!existsSync(file)) return undefined;
  const results = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  return { passed: results.numPassedTests, failed: results.numFailedTests };
};

const BUILD: Step = { name: 'build', command: 'npm run --silent build' };

const STEPS: Step[] = [
  { name: 'apex-ls', command: 'npm run --silent check:apex' },
  { name: 'typecheck', command: 'npm run --silent typecheck' },
  // docs/architecture.md "Layering rules": queries in selectors, no Stripe client in controllers, DML placement.
  { name: 'layering', command: 'npm run --silent check:layering' },
  { name: 'pmd', command: 'npm run --silent scan:apex' },
  { name: 'lint', command: 'npm run --silent lint' },
  { name: 'format', command: 'npm run --silent format:check' },
  { name: 'metadata', command: 'npm run --silent validate:metadata && npm run --silent labels -- --check' },
  // Every Stripe fixture against the stripe package's types of the pinned API version (tools/stripe-fixtures).
  { name: 'fixtures', command: 'npm run --silent fixtures:check' },
  // The components' Apex result types are generated from the Apex classes: a renamed member fails here.
  { name: 'apex-types', command: 'npm run --silent types:apex -- --check' },
  // The fixture JSON and the generated Apex class StripeFixtures are what build.ts / generate-apex.ts write.
  {
    name: 'fixtures-gen',
    command: 'npm run --silent fixtures:build -- --check && npm run --silent fixtures:apex -- --check',
  },
  {
    name: 'lwc-jest',
    command: `npm run --silent test:lwc -- --json --outputFile=${path.join(REPORTS, 'jest-results.json')}`,
    counts: jestCounts,
  },
  { name: 'apex-tests', command: 'npm run --silent test:apex', counts: lastSummaryLine },
  { name: 'conformance', command: 'npm run --silent test:apex:conformance', counts: lastSummaryLine },
  // Public Apex projects' own test suites in the local runtime; skipped where ../shared/apex-corpus is absent.
  { name: 'corpus', command: 'npm run --silent test:corpus', counts: lastSummaryLine },
  { name: 'browser', command: 'npm run --silent test:browser', counts: lastSummaryLine },
  // The package running locally (tools/preview): user journeys in Chromium against the real Apex in a local org.
  { name: 'journeys', command: 'npm run --silent test:journeys', counts: lastSummaryLine },
  { name: 'tool-tests', command: 'npm run --silent test:tools', counts: nodeTestCounts },
];

interface Outcome {
  step: Step;
  code: number;
  output: string;
  seconds: number;
  counts: Counts;
}

function runStep(step: Step): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, {
      cwd: REPO_ROOT,
      shell: true,
      env: { ...process.env, FORCE_COLOR: '0', SF_DISABLE_AUTOUPDATE: 'true', SF_DISABLE_TELEMETRY: 'true' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      const exit = code ?? 1;
      const reported = step.counts?.(output);
      let counts: Counts = reported ?? (exit === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
      if (exit !== 0 && counts.failed === 0) {
        // The runner exited non-zero without a failing test (a crash, a coverage gate): count it.
        counts = { passed: counts.passed, failed: 1 };
      }
      resolve({ step, code: exit, output, seconds: (Date.now() - started) / 1000, counts });
    });
  });
}

async function runPool(steps: Step[], concurrency: number, onDone: (outcome: Outcome) => void): Promise<Outcome[]> {
  const queue = [...steps];
  const outcomes: Outcome[] = [];
  const worker = async (): Promise<void> => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      const outcome = await runStep(step);
      outcomes.push(outcome);
      onDone(outcome);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

function print(outcome: Outcome, verbose: boolean): void {
  const status = outcome.code === 0 ? 'ok  ' : 'FAIL';
  const { passed, failed } = outcome.counts;
  console.log(
    `${status} ${outcome.step.name.padEnd(11)} ${outcome.seconds.toFixed(1).padStart(6)}s  ${passed} passed, ${failed} failed`,
  );
  if (outcome.code !== 0 || verbose) {
    console.log(
      outcome.output
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n'),
    );
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1]?.split(',')) : undefined;
  mkdirSync(REPORTS, { recursive: true });
  const started = Date.now();

  const build = await runStep(BUILD);
  print(build, verbose);
  if (build.code !== 0) {
    console.log('0 passed, 1 failed');
    return 1;
  }
  const steps = STEPS.filter(
    (step) => (!only || only.has(step.name)) && (!step.when || existsSync(path.join(REPO_ROOT, step.when))),
  );
  const outcomes = [build, ...(await runPool(steps, 2, (outcome) => print(outcome, verbose)))];
  const total = outcomes.reduce(
    (sum, outcome) => ({ passed: sum.passed + outcome.counts.passed, failed: sum.failed + outcome.counts.failed }),
    { passed: 0, failed: 0 },
  );
  console.log(`npm test: ${outcomes.length} steps in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed === 0 && outcomes.every((outcome) => outcome.code === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
