/**
 * Deploys the package from a fresh clone: builds first (the components' TypeScript compiles to the JavaScript
 * that deploys; a bare `sf project deploy start` would ship them without it), then calls `sf` against the org.
 *
 *   npm run deploy -- --target-org my-org            deploy (sandbox / scratch org: no tests unless asked)
 *   npm run deploy -- my-org --test-level RunLocalTests
 *   npm run deploy:validate -- --target-org prod     check-only deploy running the package's own test classes
 *   npm run deploy:validate -- prod --test-level RunLocalTests   ... or every local test of the org
 *
 * The org comes from `--target-org <alias>` (or `-o`), a bare first argument, or `SF_TARGET_ORG`.
 * `RunSpecifiedTests` (the validate default) runs the package's `@IsTest` classes only, so an org's unrelated
 * failing tests do not block it; Salesforce then requires 75 % coverage of each class and trigger deployed.
 * Extra `sf` flags (`--wait 60`, `--dry-run`, ...) pass through.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './lib/project';
import { SF_ENV, option, packageTestClasses, runSf, targetOrg } from './lib/sf';

export type DeployMode = 'deploy' | 'validate';

const TEST_LEVELS = ['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg'];

/** The `sf` arguments for a deploy or a validation, from the script's own arguments. */
export function deployArgs(
  mode: DeployMode,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  testClasses: () => string[] = () => packageTestClasses(REPO_ROOT),
): string[] {
  const org = targetOrg(argv, env);
  if (!org) {
    throw new Error(
      `no target org: npm run deploy${mode === 'validate' ? ':validate' : ''} -- --target-org <alias> (or set SF_TARGET_ORG)`,
    );
  }
  const testLevel = option(argv, 'test-level') ?? (mode === 'validate' ? 'RunSpecifiedTests' : undefined);
  if (testLevel && !TEST_LEVELS.includes(testLevel)) {
    throw new Error(`unknown --test-level ${testLevel}: one of ${TEST_LEVELS.join(', ')}`);
  }
  if (mode === 'validate' && testLevel === 'NoTestRun') {
    throw new Error('a validation runs tests: use RunSpecifiedTests, RunLocalTests or RunAllTestsInOrg');
  }
  const consumed = new Set<number>();
  argv.forEach((arg, i) => {
    if (['--target-org', '-o', '--test-level'].includes(arg)) {
      consumed.add(i);
      consumed.add(i + 1);
    } else if (
      arg.startsWith('--target-org=') ||
      arg.startsWith('--test-level=') ||
      (i === 0 && !arg.startsWith('-'))
    ) {
      consumed.add(i);
    }
  });
  const passThrough = argv.filter((_, i) => !consumed.has(i));
  const args = ['project', 'deploy', mode === 'validate' ? 'validate' : 'start', '--source-dir', 'force-app'];
  args.push('--target-org', org);
  if (testLevel) {
    args.push('--test-level', testLevel);
    if (testLevel === 'RunSpecifiedTests') {
      for (const name of testClasses()) args.push('--tests', name);
    }
  }
  if (!passThrough.includes('--wait') && !passThrough.includes('-w')) args.push('--wait', '60');
  return [...args, ...passThrough];
}

function main(): void {
  const mode: DeployMode = process.argv[2] === 'validate' ? 'validate' : 'deploy';
  const args = deployArgs(mode, process.argv.slice(3));
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env: SF_ENV });
  if (build.status !== 0) throw new Error('npm run build failed: nothing deployed');
  runSf(args);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
