/**
 * Aborts and (re)schedules the package's scheduled jobs through `StripeJobScheduler`, with anonymous Apex
 * (`sf apex run`). A scheduled job runs as the user who scheduled it, so run it against an org alias logged in
 * as the integration user:
 *
 *   npx sf org login web --alias stripe-integration        (log in as the integration user)
 *   npm run schedule-jobs -- --target-org stripe-integration           abort, then schedule all jobs
 *   npm run schedule-jobs -- --target-org my-org --abort               abort only (before a redeploy)
 *
 * The org comes from `--target-org`, a bare first argument or `SF_TARGET_ORG`. The user needs the custom
 * permission Stripe_Manage_Jobs (permission sets Stripe_Admin, Stripe_Integration_User) and API access.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSf, targetOrg } from './lib/sf';

/** The anonymous Apex that aborts, or aborts and schedules, the package's jobs. */
export function scheduleJobsApex(abortOnly: boolean): string {
  return abortOnly
    ? `System.debug('Aborted Stripe jobs: ' + StripeJobScheduler.abortJobs());\n`
    : [
        'for (StripeJobScheduler.ScheduledJob job : StripeJobScheduler.scheduleJobs()) {',
        "    System.debug('Scheduled ' + job.name + ' next at ' + job.nextFireTime + ' as ' + UserInfo.getUserName());",
        '}',
        '',
      ].join('\n');
}

/** The `sf` arguments for the anonymous Apex file. */
export function scheduleJobsArgs(argv: string[], file: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const org = targetOrg(argv, env);
  if (!org) throw new Error('no target org: npm run schedule-jobs -- --target-org <alias> (or set SF_TARGET_ORG)');
  return ['apex', 'run', '--file', file, '--target-org', org];
}

function main(): void {
  const argv = process.argv.slice(2);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stripe-jobs-'));
  const file = path.join(dir, 'schedule-jobs.apex');
  try {
    writeFileSync(file, scheduleJobsApex(argv.includes('--abort')));
    runSf(scheduleJobsArgs(argv, file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
