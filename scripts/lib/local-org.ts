/**
 * The local Apex runtime is a dependency like any other: the workspace package `@stripe-connector/local-apex-org`
 * (its sources are in tools/local-org; `npm install` links it into node_modules). Scripts import it by name and
 * run its `bin` scripts as npm links them; nothing outside tools/local-org reaches into its files by path
 * (scripts/tests/local-org-package.test.ts fails on such an import).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './project';

export const LOCAL_ORG_PACKAGE = '@stripe-connector/local-apex-org';

/** The package's command-line tools (its package.json `bin`). */
export type LocalOrgBin = 'local-apex-test' | 'local-apex-org';

/**
 * The script a `bin` of the package runs, resolved from the repository root as Node resolves the package.
 * Throws when the package is not installed (`npm install` links the workspace).
 */
export function localOrgBin(name: LocalOrgBin): string {
  const manifest = require.resolve(`${LOCAL_ORG_PACKAGE}/package.json`, { paths: [REPO_ROOT] });
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(manifest), bin[name]);
}

/** Why the package cannot run yet (not installed, not built), or undefined when it can. */
export function localOrgUnavailable(): string | undefined {
  let testBin: string;
  try {
    testBin = localOrgBin('local-apex-test');
  } catch {
    return `${LOCAL_ORG_PACKAGE} is not installed (npm install)`;
  }
  return existsSync(testBin) ? undefined : `${LOCAL_ORG_PACKAGE} is not built (npm run build)`;
}

/** Directories never scanned for imports: dependencies, build output, reports, and the package itself. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'reports', 'coverage', 'build', 'dist', '.tmp', '.sfdx', '.sf']);
const CODE_FILE = /\.(?:[cm]?[jt]s|tsx)$/;
/** A module specifier (import, export from, import(), require) naming the runtime's sources or build output. */
const PATH_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire(?:\.resolve)?\s*\(\s*|^\s*import\s+)['"`]([^'"`]*\blocal-org\/(?:src|dist)\b[^'"`]*)['"`]/gm;
/** The same path built from segments (`path.join(root, 'tools', <the package dir>, <src or dist>)`). */
const PATH_SEGMENTS = /['"`]local-org['"`]\s*,\s*['"`](?:src|dist)['"`]/g;
/** An npm script running a file of the package by path instead of its bin or `npm run -w`. */
const SCRIPT_PATH = /\btools\/local-org\/(?:src|dist)\b/;

export interface PathImport {
  file: string;
  line: number;
  text: string;
}

/**
 * Every place outside tools/local-org that reaches into the runtime's `src` or `dist` by path: module specifiers
 * and path segments in code files, and npm scripts of package.json files. A dependency is used through its name
 * (its `exports` and `bin`), so the package can change its layout without breaking its users.
 */
export function localOrgPathImports(root: string): PathImport[] {
  const found: PathImport[] = [];
  const packageDir = path.join(root, 'tools', 'local-org');
  const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && full !== packageDir) walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const file = path.relative(root, full);
      if (entry.name === 'package.json') {
        const scripts = (JSON.parse(readFileSync(full, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
        for (const [name, command] of Object.entries(scripts)) {
          if (SCRIPT_PATH.test(command)) found.push({ file, line: 0, text: `"${name}": "${command}"` });
        }
        continue;
      }
      if (!CODE_FILE.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
      const text = readFileSync(full, 'utf8');
      for (const pattern of [PATH_IMPORT, PATH_SEGMENTS]) {
        for (const match of text.matchAll(pattern)) {
          found.push({ file, line: lineOf(text, match.index), text: match[0].trim() });
        }
      }
    }
  };
  walk(root);
  return found;
}
