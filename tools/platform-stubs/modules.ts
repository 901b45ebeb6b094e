/**
 * The one map from a platform module specifier to its stub, used by both runtimes:
 * - tools/browser-check/build.ts (and so the local preview) resolves imports with `stubFile` and loads the
 *   per-name modules from `generatedModule` as virtual modules;
 * - jest.config.js maps the same specifiers with `jestModuleNameMapper`, which writes each per-name module
 *   the components import (the same source, from `generatedModule`) to a cache directory.
 * scripts/tests/platform-stubs.test.ts fails if the two resolve a specifier the components import differently.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { labelValues } from '../labels/custom-labels';

/** This directory. */
export const STUBS_DIR = __dirname;

/** Platform modules with one stub file each (paths relative to this directory), by specifier. */
export const STUB_FILES: Readonly<Record<string, string>> = {
  '@salesforce/apex': 'salesforce/apex.ts',
  'lightning/actions': 'lightning/actions.ts',
  'lightning/messageService': 'lightning/messageService.ts',
  'lightning/navigation': 'lightning/navigation.ts',
  'lightning/platformShowToastEvent': 'lightning/platformShowToastEvent.ts',
  'lightning/quickActionPanel': 'lightning/quickActionPanel/quickActionPanel.ts',
  'lightning/uiRecordApi': 'lightning/uiRecordApi.ts',
};

/** The stub file of `specifier`, absolute, if it has one. */
export function stubFile(specifier: string): string | undefined {
  const file = STUB_FILES[specifier];
  return file === undefined ? undefined : path.join(STUBS_DIR, file);
}

/** Scopes of the platform's per-name modules (`@salesforce/<scope>/<name>`), each generated from its name. */
export const GENERATED_SCOPES = ['apex', 'customPermission', 'i18n', 'label', 'messageChannel', 'schema'] as const;

/** A per-name platform module: `@salesforce/label/c.X`, `@salesforce/apex/Class.method`, ... */
export const GENERATED_SPECIFIER = new RegExp(`^@salesforce/(?:${GENERATED_SCOPES.join('|')})/.+$`);

/** The user's locale settings: en-US, UTC (tools/browser-check/run.ts opens its browser context with the same). */
export const I18N: Readonly<Record<string, string>> = {
  locale: 'en-US',
  lang: 'en-US',
  currency: 'USD',
  timeZone: 'UTC',
  dir: 'ltr',
};

const importOf = (file: string, name: string): string =>
  `import { ${name} } from ${JSON.stringify(path.join(STUBS_DIR, file))};`;

/**
 * The source of the per-name module `specifier` (an ES module), or undefined if it is not one. A label
 * missing from `labels` is an error, as a deploy fails on one.
 */
export function generatedModule(specifier: string, labels: ReadonlyMap<string, string>): string | undefined {
  const label = /^@salesforce\/label\/c\.(\w+)$/.exec(specifier);
  if (label) {
    const value = labels.get(label[1]);
    if (value === undefined) {
      throw new Error(`${specifier}: no custom label ${label[1]} in labels/CustomLabels.labels-meta.xml`);
    }
    return `export default ${JSON.stringify(value)};\n`;
  }
  const i18n = /^@salesforce\/i18n\/(\w+)$/.exec(specifier);
  if (i18n) {
    return `export default ${JSON.stringify(I18N[i18n[1]] ?? '')};\n`;
  }
  const channel = /^@salesforce\/messageChannel\/(\w+)$/.exec(specifier);
  if (channel) {
    return `export default ${JSON.stringify({ channel: channel[1] })};\n`;
  }
  const apexMethod = /^@salesforce\/apex\/(\w+\.\w+)$/.exec(specifier);
  if (apexMethod) {
    return [
      importOf('salesforce/apexMethod.ts', 'apexMethod'),
      `export default apexMethod(${JSON.stringify(apexMethod[1])});`,
      '',
    ].join('\n');
  }
  const permission = /^@salesforce\/customPermission\/(\w+)$/.exec(specifier);
  if (permission) {
    return [
      importOf('salesforce/customPermission.ts', 'hasCustomPermission'),
      `export default hasCustomPermission(${JSON.stringify(permission[1])});`,
      '',
    ].join('\n');
  }
  const schema = /^@salesforce\/schema\/(\w+)(?:\.([\w.]+))?$/.exec(specifier);
  if (schema) {
    const [, objectApiName, fieldApiName] = schema;
    const value = fieldApiName === undefined ? { objectApiName } : { objectApiName, fieldApiName };
    return `export default ${JSON.stringify(value)};\n`;
  }
  return undefined;
}

/** The custom labels file of an SFDX project (a `--project` copy of the components only reads this repository's). */
export function projectLabels(projectDir: string, repoRoot: string): Map<string, string> {
  const relative = path.join('force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml');
  const inProject = path.join(projectDir, relative);
  return labelValues(existsSync(inProject) ? inProject : path.join(repoRoot, relative));
}

/** `.ts`/`.js`/`.html` files under `dir`, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(file);
    }
    return /\.(ts|js|html)$/.test(entry.name) ? [file] : [];
  });
}

const IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|jest\.mock\(\s*)['"]((?:lightning|@salesforce)\/[^'"]+)['"]/g;
const TAG = /<lightning-([a-z0-9-]+)/g;

/** `lightning-quick-action-panel` as its module, `lightning/quickActionPanel`. */
const moduleOfTag = (tag: string): string =>
  `lightning/${tag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}`;

/**
 * Every `lightning/*` and `@salesforce/*` specifier the sources under `lwcDir` (components and their tests)
 * import, and the `lightning/*` module of every `<lightning-*>` tag their templates use. Compiled `.js`
 * beside a `.ts` source is skipped.
 */
export function platformSpecifiers(lwcDir: string): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(lwcDir)) {
    if (file.endsWith('.js') && existsSync(file.replace(/\.js$/, '.ts'))) {
      continue;
    }
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.html')) {
      for (const match of text.matchAll(TAG)) {
        found.add(moduleOfTag(match[1]));
      }
      continue;
    }
    for (const match of text.matchAll(IMPORT)) {
      if (!match[1].startsWith('@salesforce/sfdx-lwc-jest')) {
        found.add(match[1]);
      }
    }
  }
  return found;
}

/** Jest's copies of the per-name modules (jest.config.js writes them on each run; a cache, not source). */
export const JEST_GENERATED_DIR = path.join(STUBS_DIR, '..', '..', 'node_modules', '.cache', 'platform-stubs');

/** Where Jest's copy of a per-name module lives under `dir`: `@salesforce/apex/Class.method` → `<dir>/@salesforce/apex/Class.method.js`. */
export function generatedFile(dir: string, specifier: string): string {
  return path.join(dir, `${specifier}.js`);
}

/**
 * Jest's `moduleNameMapper` for the stubs: each stub file by its specifier, and each per-name module by its
 * scope to `<generatedDir>/<specifier>.js`. Writes those modules for every per-name specifier the sources
 * under `lwcDir` import (a file is rewritten only when its source changed).
 */
export function jestModuleNameMapper(options: {
  lwcDir: string;
  generatedDir: string;
  labels: ReadonlyMap<string, string>;
}): Record<string, string> {
  for (const specifier of platformSpecifiers(options.lwcDir)) {
    const source = GENERATED_SPECIFIER.test(specifier) ? generatedModule(specifier, options.labels) : undefined;
    if (source === undefined) {
      continue;
    }
    const file = generatedFile(options.generatedDir, specifier);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== source) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, source);
    }
  }
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const mapper: Record<string, string> = {};
  for (const specifier of Object.keys(STUB_FILES)) {
    mapper[`^${escape(specifier)}$`] = stubFile(specifier) as string;
  }
  mapper[`^(@salesforce/(?:${GENERATED_SCOPES.join('|')})/.+)$`] = path.join(options.generatedDir, '$1.js');
  return mapper;
}
