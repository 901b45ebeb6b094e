/**
 * The Salesforce CLI as the scripts run it: the project's own `sf` (the `@salesforce/cli` devDependency,
 * `node_modules/.bin/sf`) when installed, else the one on PATH; the org from `--target-org <alias>`, a bare
 * first argument, or `SF_TARGET_ORG`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, packageDirectories } from './project';

export const SF_ENV = { ...process.env, SF_DISABLE_AUTOUPDATE: 'true', SF_DISABLE_TELEMETRY: 'true' };

/** The `sf` executable: the project's devDependency first. */
export function sfBinary(repoRoot: string = REPO_ROOT): string {
  const local = path.join(repoRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'sf.cmd' : 'sf');
  return existsSync(local) ? local : 'sf';
}

/** Value of `--name <value>` or `--name=<value>` in argv. */
export function option(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].substring(name.length + 3);
  }
  return undefined;
}

/** The target org: `--target-org`/`-o`, else a bare first argument, else `SF_TARGET_ORG`. */
export function targetOrg(argv: string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const flag = option(argv, 'target-org') ?? option(argv, 'o');
  if (flag) return flag;
  const dashO = argv.indexOf('-o');
  if (dashO >= 0 && argv[dashO + 1]) return argv[dashO + 1];
  if (argv[0] && !argv[0].startsWith('-')) return argv[0];
  return env.SF_TARGET_ORG || undefined;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * The package's Apex test classes: every `.cls` in the package directories whose top-level class is
 * annotated `@IsTest` and has test methods (comments and strings aside), sorted by name. `@IsTest` factories
 * without test methods (StripeTestData) deploy with the tests but are not named in `--tests`.
 */
export function packageTestClasses(projectDir: string = REPO_ROOT): string[] {
  const names: string[] = [];
  for (const dir of packageDirectories(projectDir)) {
    for (const file of listFiles(dir).filter((f) => f.endsWith('.cls'))) {
      const source = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, ' ')
        .replace(/\/\/.*$/gm, ' ')
        .replace(/'(?:\\.|[^'\\])*'/g, "''");
      const match = /\bclass\s+(\w+)/i.exec(source);
      const rest = match ? source.substring(match.index + match[0].length) : '';
      const hasTestMethods = /@istest\b/i.test(rest) || /\btestmethod\b/i.test(rest);
      if (match && /@istest\b/i.test(source.substring(0, match.index)) && hasTestMethods) names.push(match[1]);
    }
  }
  return names.sort();
}

/** Runs `sf` with the arguments, echoing the command; throws on a non-zero exit. */
export function runSf(args: string[], repoRoot: string = REPO_ROOT): void {
  console.log(`$ sf ${args.join(' ')}`);
  const result = spawnSync(sfBinary(repoRoot), args, { cwd: repoRoot, env: SF_ENV, stdio: 'inherit' });
  if (result.error) throw new Error(`cannot run sf: ${result.error.message} (run npm install first)`);
  if (result.status !== 0) throw new Error(`sf ${args.slice(0, 3).join(' ')} failed with exit code ${result.status}`);
}

/**
 * Runs `sf` with the arguments and `--json`, and returns the answer's `result`; throws with the CLI's message on
 * a failure or an answer that is not JSON.
 */
export function sfJson(args: string[], repoRoot: string = REPO_ROOT): unknown {
  const result = spawnSync(sfBinary(repoRoot), [...args, '--json'], { cwd: repoRoot, env: SF_ENV, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run sf: ${result.error.message} (run npm install first)`);
  let parsed: { status?: number; result?: unknown; message?: string };
  try {
    parsed = JSON.parse(result.stdout || '{}') as typeof parsed;
  } catch {
    throw new Error(`sf ${args.slice(0, 2).join(' ')}: not JSON: ${(result.stdout || result.stderr).slice(0, 500)}`);
  }
  if (result.status !== 0 || parsed.status !== 0) {
    throw new Error(`sf ${args.slice(0, 2).join(' ')} failed: ${parsed.message ?? result.stderr}`);
  }
  return parsed.result;
}
