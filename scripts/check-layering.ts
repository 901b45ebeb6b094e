/**
 * `npm run check:layering` (an `npm test` step): the layering rules of docs/architecture.md, checked on
 * the Apex sources.
 *
 * - `query`: SOQL/SOSL (`[SELECT ...]`, `[FIND ...]`, `Database.query*`, `Database.getQueryLocator*`,
 *   `Database.countQuery*`, `Search.query`) only in `classes/shared/selectors/` and in test classes.
 * - `client`: no `StripeClient`, `StripeClientFactory` or `StripeHttpClient` in `classes/controllers/`
 *   (a controller calls a service).
 * - `dml`: no DML (`insert x;`, `Database.insert(...)`, savepoints, `EventBus.publish`) in
 *   `classes/controllers/`, `classes/shared/selectors/` or `classes/webhooks/handlers/` (handlers write
 *   through the webhook unit of work); services, jobs, trigger handlers and the unit of work do DML.
 *
 * An exception is written where it is made, with its reason, on the line or up to three lines above:
 * `// layering-exception(query): <why>` (the reason must say something: at least 10 characters).
 * Test classes (`@IsTest` before the class) are not checked.
 *
 * Usage: tsx scripts/check-layering.ts [--project <dir>]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageDirectories, projectDirFromArgs } from './lib/project';

export type Rule = 'query' | 'client' | 'dml';

export interface Violation {
  file: string;
  line: number;
  rule: Rule;
  message: string;
}

const QUERY = [
  /\[\s*(SELECT|FIND)\b/i,
  /\bDatabase\s*\.\s*(query|queryWithBinds|countQuery|countQueryWithBinds|getQueryLocator|getQueryLocatorWithBinds)\s*\(/i,
  /\bSearch\s*\.\s*query\s*\(/i,
];
const CLIENT = [/\b(StripeClient|StripeClientFactory|StripeHttpClient)\b/];
const DML = [
  /(^|[;{}]|\belse\b|\))\s*(insert|update|upsert|delete|undelete|merge)\s+[A-Za-z_([]/i,
  /\bDatabase\s*\.\s*(insert|update|upsert|delete|undelete|merge|setSavepoint|rollback|convertLead)\s*\(/i,
  /\bEventBus\s*\.\s*publish\s*\(/i,
];

const MARKER = /\/\/\s*layering-exception\((query|client|dml)\)\s*:\s*(.*)$/i;

/**
 * Blanks comments and string literals (keeping line breaks, so line numbers stay), so a word in a comment
 * or a message is not code.
 */
export function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const two = source.slice(i, i + 2);
    if (two === '//') {
      while (i < source.length && source[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (two === '/*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (source[i] === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'" && source[j] !== '\n') {
        j += source[j] === '\\' ? 2 : 1;
      }
      out += "'" + ' '.repeat(Math.max(0, j - i - 1)) + (j < source.length ? "'" : '');
      i = j + 1;
    } else {
      out += source[i];
      i++;
    }
  }
  return out;
}

/** True when the top-level class is a test class (`@IsTest` before `class`). */
export function isTestClass(code: string): boolean {
  const declaration = /\bclass\s+\w+/i.exec(code);
  const head = declaration ? code.slice(0, declaration.index) : code;
  return /@IsTest\b/i.test(head);
}

function rulesFor(folder: string): Array<{ rule: Rule; patterns: RegExp[]; message: string }> {
  const rules: Array<{ rule: Rule; patterns: RegExp[]; message: string }> = [];
  if (!folder.startsWith('shared/selectors/')) {
    rules.push({ rule: 'query', patterns: QUERY, message: 'a query outside shared/selectors/: add a selector method' });
  }
  if (folder.startsWith('controllers/')) {
    rules.push({ rule: 'client', patterns: CLIENT, message: 'the Stripe client in a controller: call a service' });
  }
  if (['controllers/', 'shared/selectors/', 'webhooks/handlers/'].some((prefix) => folder.startsWith(prefix))) {
    rules.push({
      rule: 'dml',
      patterns: DML,
      message: 'DML in a controller, selector or webhook handler: use a service or the unit of work',
    });
  }
  return rules;
}

/**
 * The violations in one Apex source.
 * @param relativePath the path under `classes/` (`controllers/StripeX.cls`), which decides the rules
 * @param source the class source
 */
export function checkSource(relativePath: string, source: string): Violation[] {
  const folder = relativePath.split(path.sep).join('/');
  const code = codeOnly(source);
  if (isTestClass(code)) return [];
  const sourceLines = source.split('\n');
  const violations: Violation[] = [];
  for (const { rule, patterns, message } of rulesFor(folder)) {
    const lines = new Set<number>();
    for (const pattern of patterns) {
      for (const match of code.matchAll(new RegExp(pattern.source, pattern.flags + 'gm'))) {
        // The line where the construct starts (a match may begin with the `;` or line break before it).
        const start = (match.index ?? 0) + Math.max(0, match[0].search(/[A-Za-z[]/));
        lines.add(code.slice(0, start).split('\n').length);
      }
    }
    for (const line of [...lines].sort((a, b) => a - b)) {
      const excused = sourceLines.slice(Math.max(0, line - 4), line).some((candidate) => {
        const marker = MARKER.exec(candidate);
        return marker !== null && marker[1].toLowerCase() === rule && marker[2].trim().length >= 10;
      });
      if (!excused) violations.push({ file: relativePath, line, rule, message });
    }
  }
  return violations;
}

function apexFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...apexFiles(full));
    else if (entry.endsWith('.cls')) files.push(full);
  }
  return files;
}

/** Every violation in the project's `classes` folders, and how many classes were checked. */
export function checkProject(projectDir: string): { checked: number; violations: Violation[] } {
  const violations: Violation[] = [];
  let checked = 0;
  for (const packageDir of packageDirectories(projectDir)) {
    const classesDir = path.join(packageDir, 'main', 'default', 'classes');
    let files: string[];
    try {
      files = apexFiles(classesDir);
    } catch {
      continue;
    }
    for (const file of files) {
      checked++;
      const relative = path.relative(classesDir, file);
      violations.push(
        ...checkSource(relative, readFileSync(file, 'utf8')).map((violation) => ({
          ...violation,
          file: path.relative(projectDir, file),
        })),
      );
    }
  }
  return { checked, violations };
}

if (require.main === module) {
  const projectDir = projectDirFromArgs();
  const { checked, violations } = checkProject(projectDir);
  for (const violation of violations) {
    console.error(`${violation.file}:${violation.line}: ${violation.rule}: ${violation.message}`);
  }
  console.log(`layering: ${checked} classes checked, ${violations.length} violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
