/**
 * The package's Lightning pages in a real org, as an admin sees them: the Contact record page of the Stripe
 * Billing app (the Stripe cards, the Stripe tab with the payments), a Stripe Subscription's record page (its
 * Cancel Subscription action) and the Stripe Setup tab (the checklist). The checks are those of checks.ts, which
 * the `org-smoke-checks` journey runs against the local preview on every `npm test`.
 *
 * Needs an org with the package deployed, the permission sets assigned and the sample data loaded
 * (`sf data import tree --plan data/sample-data-plan.json`): the scratch-org CI job does all three first.
 * Logs in through `sf org open --url-only` (a frontdoor URL with the CLI's session), so no password is used.
 *
 * Usage: tsx tools/org-smoke/run.ts --target-org <alias> [--chromium <path>] [--out <dir>]
 *   CHROMIUM_PATH also sets the browser (default /usr/bin/chromium); screenshots go to reports/org-smoke/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { option, sfJson, targetOrg } from '../../scripts/lib/sf';
import { runPageChecks, type SmokeRecords } from './checks';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Lightning Experience in a fresh scratch org compiles its components on first use: the first page is slow. */
const TIMEOUT_MS = 120_000;

/** A subscription of the sample data that belongs to a Contact, and that Contact. */
function smokeRecords(org: string): SmokeRecords {
  const result = sfJson([
    'data',
    'query',
    '--target-org',
    org,
    '--query',
    'SELECT Id, Contact__c FROM Stripe_Subscription__c WHERE Contact__c != null ORDER BY CreatedDate LIMIT 1',
  ]) as { records?: { Id: string; Contact__c: string }[] };
  const [row] = result.records ?? [];
  if (!row) {
    throw new Error('no Stripe_Subscription__c with a Contact: load data/sample-data-plan.json first');
  }
  return { contactId: row.Contact__c, subscriptionId: row.Id };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const org = targetOrg(argv);
  if (!org) {
    console.error('org-smoke: give the org: --target-org <alias> (or SF_TARGET_ORG)');
    return 2;
  }
  const executablePath = option(argv, 'chromium') ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(`org-smoke: no browser at ${executablePath}: give --chromium <path> or set CHROMIUM_PATH`);
    return 2;
  }
  const outDir = path.resolve(option(argv, 'out') ?? path.join(REPO_ROOT, 'reports', 'org-smoke'));
  mkdirSync(outDir, { recursive: true });

  const records = smokeRecords(org);
  const opened = sfJson([
    'org',
    'open',
    '--target-org',
    org,
    '--url-only',
    '--path',
    '/lightning/app/c__Stripe_Billing',
  ]) as { url?: string };
  if (!opened.url) throw new Error('sf org open returned no URL');

  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const started = Date.now();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    // The frontdoor sets the session cookie and redirects to the Stripe Billing app on the org's Lightning domain;
    // opening the app first makes it the user's current app, whose View override shows the package's Contact page.
    await page.goto(opened.url, { waitUntil: 'load', timeout: TIMEOUT_MS });
    await page.waitForURL(/\/lightning\//, { timeout: TIMEOUT_MS });
    const origin = new URL(page.url()).origin;
    const problems = await runPageChecks(page, origin, records, {
      timeoutMs: TIMEOUT_MS,
      shoot: async (name) => {
        await page.screenshot({ path: path.join(outDir, `org-smoke-${name}.png`), fullPage: true });
      },
    });
    for (const problem of problems) console.log(`FAIL ${problem}`);
    console.log(
      `org-smoke: ${origin}, Contact ${records.contactId}, subscription ${records.subscriptionId}; ` +
        `screenshots in ${path.relative(REPO_ROOT, outDir)}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(
      problems.length === 0 ? 'org-smoke: every page shows what it should' : `${problems.length} page(s) failed`,
    );
    return problems.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`org-smoke: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
