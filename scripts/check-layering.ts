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
 * - `cycle`: no import cycle in the TypeScript of any `tsconfig.json` project of the repository. The graph is
 *   built with the TypeScript compiler API, each specifier resolved with its project's own options (so
 *   NodeNext's `./x.js` finds `x.ts`, which ESLint's node resolver does not). Every import counts: type-only
 *   imports (`import type`, `import { type X }`), re-exports, `import('./x.js')` types and calls, `require`. A
 *   type-only import is erased from the JavaScript, but it still says the importing module depends on the
 *   other one, which is what a cycle hides; and a cycle cannot be hidden behind a lazy `require` or a dynamic
 *   import. Each strongly connected set of modules is reported once, with its shortest cycle and every
 *   import inside it (the imports to break). No exception marker applies.
 *
 * Usage: tsx scripts/check-layering.ts [--project <dir>]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
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

/** One import of a module of the project: `from` imports `to` on `line`. */
export interface ImportEdge {
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
}

/** A strongly connected set of modules: its members, its shortest cycle and every import inside it. */
export interface ImportCycle {
  modules: string[];
  cycle: string[];
  edges: ImportEdge[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', 'reports', '.tmp', '.sfdx', '.sf']);

/** The `tsconfig.json` files of the project (not under node_modules, build output or reports). */
export function tsconfigFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) found.push(...tsconfigFiles(path.join(dir, entry.name)));
    else if (entry.isFile() && entry.name === 'tsconfig.json') found.push(path.join(dir, entry.name));
  }
  return found.sort();
}

/** The module specifiers of one source, with the line each is on and whether only types are imported. */
function specifiersOf(file: string, text: string): Array<{ specifier: string; line: number; typeOnly: boolean }> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ specifier: string; line: number; typeOnly: boolean }> = [];
  const add = (literal: ts.Node | undefined, typeOnly: boolean): void => {
    if (literal && ts.isStringLiteralLike(literal)) {
      const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
      found.push({ specifier: literal.text, line, typeOnly });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!named &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((element) => element.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The import graph of the TypeScript projects: every source file of each `tsconfig.json` and the imports
 * between them (paths relative to `root`), each specifier resolved with the options of the file's project.
 */
export function importGraph(root: string, tsconfigs: string[]): { modules: string[]; edges: ImportEdge[] } {
  const files = new Map<string, ts.CompilerOptions>();
  for (const tsconfig of tsconfigs) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      tsconfig,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(`${tsconfig}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
        },
      },
    );
    if (!parsed) continue;
    for (const file of parsed.fileNames) {
      if (!files.has(path.resolve(file))) files.set(path.resolve(file), parsed.options);
    }
  }
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const edges: ImportEdge[] = [];
  for (const [file, options] of files) {
    for (const { specifier, line, typeOnly } of specifiersOf(file, readFileSync(file, 'utf8'))) {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const target = path.resolve(resolved.resolvedFileName);
      if (files.has(target)) edges.push({ from: relative(file), to: relative(target), line, typeOnly });
    }
  }
  return { modules: [...files.keys()].map(relative).sort(), edges };
}

/** The cycles of an import graph: each strongly connected set of modules (Tarjan), in a stable order. */
export function findImportCycles(modules: string[], edges: ImportEdge[]): ImportCycle[] {
  const out = new Map<string, ImportEdge[]>(modules.map((module) => [module, []]));
  for (const edge of edges) out.get(edge.from)?.push(edge);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (module: string): void => {
    index.set(module, index.size);
    low.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const { to } of out.get(module) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(module, Math.min(low.get(module)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(module, Math.min(low.get(module)!, index.get(to)!));
      }
    }
    if (low.get(module) === index.get(module)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== module);
      components.push(component.sort());
    }
  };
  for (const module of modules) if (!index.has(module)) connect(module);
  const cycles: ImportCycle[] = [];
  for (const component of components) {
    const members = new Set(component);
    const inside = component.flatMap((module) => (out.get(module) ?? []).filter((edge) => members.has(edge.to)));
    if (inside.length === 0) continue;
    // The shortest cycle through the first member (breadth-first back to it).
    const start = component[0];
    const previous = new Map<string, string>();
    const queue = [start];
    let cycle: string[] = [start, start];
    search: while (queue.length > 0) {
      const module = queue.shift()!;
      for (const { to } of out.get(module) ?? []) {
        if (!members.has(to)) continue;
        if (to === start) {
          cycle = [start];
          for (let at: string | undefined = module; at !== undefined && at !== start; at = previous.get(at)) {
            cycle.splice(1, 0, at);
          }
          cycle.push(start);
          break search;
        }
        if (!previous.has(to)) {
          previous.set(to, module);
          queue.push(to);
        }
      }
    }
    cycles.push({ modules: component, cycle, edges: inside });
  }
  return cycles.sort((a, b) => a.modules[0].localeCompare(b.modules[0]));
}

/** Every import cycle in the project's TypeScript, and how many modules were checked. */
export function checkImportCycles(projectDir: string): { checked: number; cycles: ImportCycle[] } {
  const { modules, edges } = importGraph(projectDir, tsconfigFiles(projectDir));
  return { checked: modules.length, cycles: findImportCycles(modules, edges) };
}

if (require.main === module) {
  const projectDir = projectDirFromArgs();
  const imports = checkImportCycles(projectDir);
  for (const { cycle, edges } of imports.cycles) {
    const first = edges.find((edge) => edge.from === cycle[0] && edge.to === cycle[1]) ?? edges[0];
    console.error(`${first.from}:${first.line}: cycle: an import cycle: ${cycle.join(' -> ')}`);
    for (const edge of edges) {
      console.error(`    ${edge.from}:${edge.line} imports ${edge.to}${edge.typeOnly ? ' (types only)' : ''}`);
    }
  }
  console.log(`layering: ${imports.checked} TypeScript modules checked, ${imports.cycles.length} import cycle(s)`);
  const { checked, violations } = checkProject(projectDir);
  for (const violation of violations) {
    console.error(`${violation.file}:${violation.line}: ${violation.rule}: ${violation.message}`);
  }
  console.log(`layering: ${checked} classes checked, ${violations.length} violation(s)`);
  process.exit(violations.length === 0 && imports.cycles.length === 0 ? 0 : 1);
}
