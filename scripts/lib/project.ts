import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/** Root of this repository (scripts/lib/..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The project a check runs against: `--project <dir>` (used by the planted-defect tests,
 * which run a check against a temporary copy) or this repository.
 */
export function projectDirFromArgs(argv: string[] = process.argv.slice(2)): string {
  const index = argv.indexOf('--project');
  if (index >= 0 && argv[index + 1]) {
    return path.resolve(argv[index + 1]);
  }
  return REPO_ROOT;
}

/** Package directories listed in sfdx-project.json, as absolute paths. */
export function packageDirectories(projectDir: string): string[] {
  const projectFile = path.join(projectDir, 'sfdx-project.json');
  const project = JSON.parse(readFileSync(projectFile, 'utf8')) as { packageDirectories: Array<{ path: string }> };
  return project.packageDirectories.map((dir) => path.join(projectDir, dir.path)).filter((dir) => existsSync(dir));
}

/** Classpath of the Java tools shipped inside @salesforce/code-analyzer-pmd-engine (apex-ls, PMD). */
export function codeAnalyzerJavaClasspath(): string {
  const libDir = path.join(
    path.dirname(require.resolve('@salesforce/code-analyzer-pmd-engine/package.json', { paths: [REPO_ROOT] })),
    'dist',
    'java-lib',
  );
  return path.join(libDir, '*');
}

/** Runs a command to completion and returns its exit code and output. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
