/**
 * `npm start`: the package's main job on a machine without an org.
 *
 *  1. builds the Lightning Web Components (TypeScript -> JavaScript) and the local Apex runtime;
 *  2. proves the package is deployable: metadata validation and Apex semantic analysis;
 *  3. writes the deployable package in Metadata API format to build/package (deploy it with
 *     `sf project deploy start --metadata-dir build/package`);
 *  4. when the local Apex runtime is built, drives the webhook flow end to end in a local org
 *     (scripts/demo-local-org.ts): signed Stripe events in, records out;
 *  5. serves the package on localhost (tools/preview): the Contact record page, the finance home and the admin
 *     page with the real components calling the real Apex in a local org, until Ctrl-C.
 *
 * `npm start -- --once` stops after the preview has served its pages once (a non-interactive check);
 * `--port N` picks the port (default 3000); `--no-preview` stops after step 4.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { REPO_ROOT, packageDirectories } from './lib/project';
import { localOrgUnavailable } from './lib/local-org';
import { runPreview } from '../tools/preview/main';

function step(title: string, command: string, args: string[]): void {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${title} failed`);
  }
}

async function main(): Promise<void> {
  step('Build', 'npm', ['run', '--silent', 'build']);
  step('Validate metadata', 'npm', ['run', '--silent', 'validate:metadata']);
  step('Apex semantic analysis', 'npm', ['run', '--silent', 'check:apex']);

  console.log('\n== Deployable package');
  const outputDirectory = path.join(REPO_ROOT, 'build', 'package');
  rmSync(outputDirectory, { recursive: true, force: true });
  const components = ComponentSet.fromSource({ fsPaths: packageDirectories(REPO_ROOT) });
  await new MetadataConverter().convert(components, 'metadata', {
    type: 'directory',
    outputDirectory,
    genUniqueDir: false,
  });
  console.log(`${components.size} components written to ${path.relative(REPO_ROOT, outputDirectory)}`);

  const demo = path.join(REPO_ROOT, 'scripts', 'demo-local-org.ts');
  if (!localOrgUnavailable() && existsSync(demo)) {
    step('Webhook flow in a local org', process.execPath, [
      path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      demo,
    ]);
  }

  const argv = process.argv.slice(2);
  if (!argv.includes('--no-preview')) {
    console.log('\n== The package running locally');
    await runPreview(argv);
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
