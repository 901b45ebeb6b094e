/**
 * Browser tests of the package running locally: starts the preview (server.ts: local org, real Apex, local
 * Stripe), walks each journey of journeys.ts in headless Chromium, and saves every step's screenshot at
 * 1280 and 390 px. One line per journey, `N passed, N failed` last.
 *
 * Usage: tsx tools/preview/run-journeys.ts [--only id,id] [--docs] [--chromium <path>]
 *   --docs  screenshots go to docs/images/journey-<id>-<n>-<step>[-narrow].png (the user guides show them);
 *           otherwise to a temporary directory, printed at the end.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { JOURNEYS, Trip, type Journey } from './journeys';
import { startPreview, type Preview } from './server';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** As tools/browser-check/run.ts: the network is closed, Chromium must not wait on connections it cannot make. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const VIEWPORTS = [
  { suffix: '', width: 1280, height: 800 },
  { suffix: '-narrow', width: 390, height: 844 },
] as const;

function argValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function walk(browser: Browser, preview: Preview, journey: Journey, outDir: string): Promise<string[]> {
  const problems: string[] = [];
  const context = await browser.newContext({
    viewport: { width: VIEWPORTS[0].width, height: VIEWPORTS[0].height },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  try {
    page.on('pageerror', (error) => problems.push(`uncaught error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    const shoot = async (name: string): Promise<void> => {
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${name}: ${overflow} px wider than the ${viewport.width} px viewport`);
        await page.screenshot({ path: path.join(outDir, `journey-${journey.id}-${name}${viewport.suffix}.png`) });
      }
      await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
    };
    await journey.run(new Trip(page, preview, shoot));
  } catch (error) {
    problems.unshift(error instanceof Error ? error.message.split('\n')[0] : String(error));
    const file = path.join(outDir, `journey-${journey.id}-failed.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    problems.push(`screenshot: ${file}`);
  } finally {
    await context.close();
  }
  return problems;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const executablePath = argValue(argv, '--chromium') ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const only = argValue(argv, '--only')?.split(',');
  if (!existsSync(executablePath)) {
    console.error(
      `journeys: Chromium not found at ${executablePath}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    return 2;
  }
  const selected = JOURNEYS.filter((journey) => !only || only.includes(journey.id));
  if (selected.length === 0) {
    console.error(`journeys: no journey matches --only ${only?.join(',')}`);
    return 2;
  }
  const outDir = argv.includes('--docs')
    ? path.join(REPO_ROOT, 'docs', 'images')
    : mkdtempSync(path.join(tmpdir(), 'stripe-journeys-'));
  mkdirSync(outDir, { recursive: true });

  const started = Date.now();
  const serverErrors: string[] = [];
  const [preview, browser] = await Promise.all([
    startPreview({ log: (line) => serverErrors.push(line) }),
    chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
  ]);
  const ready = Date.now();
  let failed = 0;
  try {
    // One after the other: they share the org, and the machine has two cores.
    for (const journey of selected) {
      const journeyStarted = Date.now();
      serverErrors.length = 0;
      const problems = await walk(browser, preview, journey, outDir);
      problems.push(...serverErrors.map((line) => `server: ${line}`));
      console.log(
        `${problems.length === 0 ? 'ok  ' : 'FAIL'} ${journey.id}: ${journey.title} (${Date.now() - journeyStarted} ms)`,
      );
      for (const problem of problems) console.log(`       ${problem}`);
      failed += problems.length === 0 ? 0 : 1;
    }
  } finally {
    await browser.close();
    await preview.close();
  }
  console.log(
    `journeys: screenshots in ${path.relative(process.cwd(), outDir) || outDir}; preview ready in ${((ready - started) / 1000).toFixed(1)} s, ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
  );
  console.log(`${selected.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`journeys: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
