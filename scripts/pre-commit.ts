/**
 * The pre-commit hook (`npm run hooks:install` points git's `core.hooksPath` at `.githooks/`): formats and
 * lints only the staged files, as NebulaLogger's lint-staged hook does, so a commit costs seconds.
 *
 * - Prettier writes every staged file it formats (`.prettierignore` applies) and stages the result.
 *   A file with unstaged changes too is only checked, never rewritten: writing it would stage changes
 *   the author left out of the commit.
 * - ESLint (`--max-warnings 0`) on the staged TypeScript.
 * - The layering rules (`scripts/check-layering.ts`) on the staged Apex classes.
 *
 * `git commit --no-verify` skips it; `npm test` and CI check everything anyway.
 *
 * Usage: tsx scripts/pre-commit.ts [--repo <dir>] [--no-eslint]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { run, REPO_ROOT } from './lib/project';
import { checkSource } from './check-layering';

export interface Plan {
  /** Staged files prettier may rewrite and re-stage. */
  format: string[];
  /** Staged files with unstaged changes too: checked only. */
  check: string[];
  /** Staged TypeScript for ESLint. */
  lint: string[];
  /** Staged Apex classes for the layering rules. */
  apex: string[];
}

/**
 * What the hook does with the staged files.
 * @param staged files added, copied, modified or renamed in the index
 * @param unstaged files with changes not staged
 */
export function plan(staged: string[], unstaged: string[]): Plan {
  const dirty = new Set(unstaged);
  return {
    format: staged.filter((file) => !dirty.has(file)),
    check: staged.filter((file) => dirty.has(file)),
    lint: staged.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')),
    apex: staged.filter((file) => file.endsWith('.cls') && file.includes('/classes/')),
  };
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line.length > 0);

function git(repo: string, args: string[]): string {
  const result = run('git', args, { cwd: repo });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function tool(repo: string, bin: string, args: string[]): { status: number; output: string } {
  const result = run(process.execPath, [path.join(REPO_ROOT, 'node_modules', ...bin.split('/')), ...args], {
    cwd: repo,
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

function main(argv: string[]): number {
  const repoIndex = argv.indexOf('--repo');
  const repo =
    repoIndex >= 0 ? path.resolve(argv[repoIndex + 1]) : git(process.cwd(), ['rev-parse', '--show-toplevel']).trim();
  const staged = lines(git(repo, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z']).replace(/\0/g, '\n'));
  const unstaged = lines(git(repo, ['diff', '--name-only', '-z']).replace(/\0/g, '\n'));
  const work = plan(staged, unstaged);
  const failures: string[] = [];
  const prettier = 'prettier/bin/prettier.cjs';

  if (work.format.length > 0) {
    const written = tool(repo, prettier, ['--write', '--ignore-unknown', '--log-level', 'warn', ...work.format]);
    if (written.status !== 0) failures.push(`prettier could not format:\n${written.output}`);
    else git(repo, ['add', '--', ...work.format]);
  }
  if (work.check.length > 0) {
    const checked = tool(repo, prettier, ['--check', '--ignore-unknown', '--log-level', 'warn', ...work.check]);
    if (checked.status !== 0) {
      failures.push(
        `not formatted, and not rewritten because they also have unstaged changes (stage or stash them):\n${checked.output}`,
      );
    }
  }
  if (work.lint.length > 0 && !argv.includes('--no-eslint')) {
    const linted = tool(repo, 'eslint/bin/eslint.js', ['--max-warnings', '0', '--no-warn-ignored', ...work.lint]);
    if (linted.status !== 0) failures.push(`eslint:\n${linted.output}`);
  }
  for (const file of work.apex) {
    const relative = file.slice(file.indexOf('/classes/') + '/classes/'.length);
    for (const violation of checkSource(relative, readFileSync(path.join(repo, file), 'utf8'))) {
      failures.push(`${file}:${violation.line}: ${violation.rule}: ${violation.message}`);
    }
  }

  for (const failure of failures) console.error(failure);
  console.log(
    `pre-commit: ${staged.length} staged file(s), ${work.format.length} formatted, ${work.lint.length} linted, ` +
      `${work.apex.length} Apex checked, ${failures.length} problem(s)`,
  );
  return failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  process.exit(main(process.argv.slice(2)));
}
