/**
 * Scratch-org quick start: `npm run org:setup [-- --alias stripe-dev --devhub <alias> --days 7]`
 * (`--definition config/project-scratch-def-multicurrency.json` for the multi-currency shape).
 *
 *  1. builds the components (TypeScript -> JavaScript);
 *  2. creates a scratch org from config/project-scratch-def.json (or `--definition`);
 *  3. deploys force-app;
 *  4. assigns `Stripe_Admin` to the running user (the admin) and creates the dedicated integration user from
 *     config/integration-user-def.json (Standard User profile, `Stripe_Integration_User` only: least privilege, never
 *     `Stripe_Admin`), CLI alias `<alias>-integration`;
 *  5. deploys the org-specific post-install metadata from config/post-install/ (the Platform Event
 *     subscriber config and the Site's default record owner, which name the integration user) with the usernames
 *     filled in, and the finance dashboard with its running user (`--dashboard-user <username>`, default the
 *     org's user);
 *  6. loads the sample data plan in data/ when there is one;
 *  7. prints what is left to do by hand (Stripe key, signing secret, Site guest access).
 *
 * Needs the `sf` CLI (the `@salesforce/cli` devDependency, installed by `npm install`) and an authorised Dev Hub.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { FINANCE_DASHBOARD, financeDashboardFor } from './lib/dashboard';
import { renderPostInstall } from './lib/post-install';
import { REPO_ROOT } from './lib/project';
import { sfBinary, sfJson } from './lib/sf';

const env = { ...process.env, SF_DISABLE_AUTOUPDATE: 'true', SF_DISABLE_TELEMETRY: 'true' };

function option(name: string, fallback?: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function sf(args: string[]): void {
  console.log(`$ sf ${args.join(' ')}`);
  const result = spawnSync(sfBinary(), args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
  if (result.error)
    throw new Error(`cannot run sf: ${result.error.message} (run npm install: @salesforce/cli is a devDependency)`);
  if (result.status !== 0) throw new Error(`sf ${args[0]} ${args[1] ?? ''} failed with exit code ${result.status}`);
}

async function main(): Promise<void> {
  const alias = option('alias', 'stripe-dev') as string;
  const devhub = option('devhub');
  const days = option('days', '7') as string;

  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env });
  if (build.status !== 0) throw new Error('npm run build failed');

  sf([
    'org',
    'create',
    'scratch',
    '--definition-file',
    option('definition', 'config/project-scratch-def.json') as string,
    '--alias',
    alias,
    '--set-default',
    '--duration-days',
    days,
    '--wait',
    '20',
    ...(devhub ? ['--target-dev-hub', devhub] : []),
  ]);
  sf(['project', 'deploy', 'start', '--source-dir', 'force-app', '--target-org', alias, '--wait', '30']);
  sf(['org', 'assign', 'permset', '--name', 'Stripe_Admin', '--target-org', alias]);
  const integrationAlias = `${alias}-integration`;
  const integration = sfJson([
    'org',
    'create',
    'user',
    '--target-org',
    alias,
    '--definition-file',
    'config/integration-user-def.json',
    '--set-alias',
    integrationAlias,
  ]) as { fields: { username: string } };

  const org = sfJson(['org', 'display', '--target-org', alias]) as { username: string };
  const postInstall = renderPostInstall(REPO_ROOT, {
    INTEGRATION_USERNAME: integration.fields.username,
    ADMIN_USERNAME: org.username,
  });
  if (postInstall) {
    // The finance dashboard runs as a specified user: deploy it again with that user named.
    const dashboardUser = option('dashboard-user', org.username) as string;
    const dashboardFile = path.join(
      postInstall,
      path.relative(path.join('force-app', 'main', 'default'), FINANCE_DASHBOARD),
    );
    mkdirSync(path.dirname(dashboardFile), { recursive: true });
    writeFileSync(dashboardFile, financeDashboardFor(REPO_ROOT, dashboardUser));
    // The templates are in source format and outside the package directory: convert, then deploy.
    const metadataDir = mkdtempSync(path.join(os.tmpdir(), 'post-install-mdapi-'));
    try {
      await new MetadataConverter().convert(ComponentSet.fromSource(postInstall), 'metadata', {
        type: 'directory',
        outputDirectory: metadataDir,
        genUniqueDir: false,
      });
      sf(['project', 'deploy', 'start', '--metadata-dir', metadataDir, '--target-org', alias, '--wait', '30']);
    } finally {
      rmSync(postInstall, { recursive: true, force: true });
      rmSync(metadataDir, { recursive: true, force: true });
    }
  }

  const plan = path.join(REPO_ROOT, 'data', 'sample-data-plan.json');
  if (existsSync(plan)) {
    sf(['data', 'import', 'tree', '--plan', plan, '--target-org', alias]);
  }

  console.log(`
Scratch org "${alias}" is ready (admin ${org.username} with Stripe_Admin; integration user
${integration.fields.username}, CLI alias ${integrationAlias}, with Stripe_Integration_User only). Left to do by hand
(docs/admin-guide.md):
  - Setup > Named Credentials > External Credentials > Stripe > principal StripeApiKey: enter your Stripe secret key (test mode).
  - As the admin, on the Stripe Setup tab: Register in Stripe (or StripeWebhookSecrets.setSigningSecret('whsec_...'); in Anonymous Apex).
  - As the integration user (sf org open --target-org ${integrationAlias}), on the Stripe Setup tab: Schedule jobs
    (or npm run schedule-jobs -- --target-org ${integrationAlias}).
  - Setup > Sites > Stripe_Webhooks: activate, then assign the Stripe_Webhook_Guest permission set to the site guest user.
  - Register https://<your-site-domain>/stripe/services/apexrest/stripe/webhook in the Stripe dashboard (docs/webhooks.md).
Open the org: sf org open --target-org ${alias}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
