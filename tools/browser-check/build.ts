/**
 * Bundles the browser-check page: the package's components (TypeScript sources from
 * force-app/main/default/lwc, namespace `c`), the real `lightning/*` base components from the
 * lightning-base-components npm package, and the stubs of tools/platform-stubs for what only the
 * platform provides (Apex, custom permissions, schema, uiRecordApi, toasts, quick actions): the same
 * files Jest maps these modules to (jest.config.js).
 *
 * Usage: tsx tools/browser-check/build.ts [--project <dir>] [--out <dir>]
 *   --project  the SFDX project whose components are bundled (default: this repository)
 *   --out      output directory (default: tools/browser-check/dist)
 *   --no-cache do not read or write the transform cache (node_modules/.cache/browser-check)
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { rollup, type Plugin, type RollupCache, type RollupLog } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import ts from 'typescript';
import { generatedModule, projectLabels, stubFile } from '../platform-stubs/modules';

export const HERE = __dirname;
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const DEFAULT_OUT = path.join(HERE, 'dist');
const LWC_PATH = path.join('force-app', 'main', 'default', 'lwc');

export interface BuildOptions {
  projectDir?: string;
  outDir?: string;
  /** Reuse and update the transform cache in node_modules/.cache/browser-check (default true). */
  cache?: boolean;
  /** Called with each Rollup warning that is not an error (default: printed to stderr). */
  onWarning?: (message: string) => void;
}

export interface BuildResult {
  outDir: string;
  modules: number;
  /** Modules compiled in this build (not taken from the cache). */
  transformed: number;
  milliseconds: number;
}

/** `lwc` and `@lwc/synthetic-shadow` of the lwc package, whose version matches the compiler of @lwc/rollup-plugin. */
function lwcRuntime(): Record<string, string> {
  const lwcDir = path.dirname(require.resolve('lwc', { paths: [REPO_ROOT] }));
  const resolveFrom = (name: string): string => require.resolve(name, { paths: [lwcDir] });
  return {
    lwc: resolveFrom('@lwc/engine-dom'),
    '@lwc/synthetic-shadow': resolveFrom('@lwc/synthetic-shadow'),
  };
}

const VIRTUAL = '\0browser-check:';
const HARNESS_ENTRY = path.join(HERE, 'harness', 'main.ts');

/**
 * How the page resolves a platform module: the stub file of tools/platform-stubs, or the source of a
 * per-name module the stubs generate (the same source Jest loads, see tools/platform-stubs/modules.ts);
 * undefined for anything else (base components, `c/*`, npm packages).
 */
export function platformModule(
  specifier: string,
  labels: ReadonlyMap<string, string>,
): { file: string } | { source: string } | undefined {
  const file = stubFile(specifier);
  if (file !== undefined) {
    return { file };
  }
  const source = generatedModule(specifier, labels);
  return source === undefined ? undefined : { source };
}

/** Generated modules: the platform's per-name imports, and the base components' right-to-left icons. */
function virtualModule(specifier: string, labels: ReadonlyMap<string, string>): string | undefined {
  if (/^lightning\/iconSvgTemplates\w*Rtl$/.test(specifier)) {
    // Icon templates for right-to-left pages, about half of the bundle's modules: the page is left-to-right.
    return 'export default {};';
  }
  const resolved = platformModule(specifier, labels);
  return resolved && 'source' in resolved ? resolved.source : undefined;
}

/** Resolves platform modules to stubs and `c/*` to the TypeScript sources; runs before the LWC plugin. */
function platformStubs(lwcDir: string, projectDir: string): Plugin {
  const runtime = lwcRuntime();
  const labels = projectLabels(projectDir, REPO_ROOT);
  return {
    name: 'browser-check-platform-stubs',
    async resolveId(source, importer) {
      const stub = stubFile(source);
      if (source.startsWith('lightning/') && importer?.startsWith(lwcDir + path.sep) && stub === undefined) {
        // Base components as if imported from this repository: the LWC resolver looks for them
        // from the importer's package, and a --project copy has no node_modules of its own.
        const resolved = await this.resolve(source, HARNESS_ENTRY, { skipSelf: true });
        if (!resolved) {
          this.error(
            `${source} (imported by ${path.relative(REPO_ROOT, importer)}): no such module; a missing base component?`,
          );
        }
        return resolved;
      }
      if (runtime[source]) {
        return runtime[source];
      }
      if (stub !== undefined) {
        return stub;
      }
      const component = /^c\/(\w+)$/.exec(source);
      if (component) {
        // The .ts source, not a stale compiled .js beside it; a CSS module (`@import 'c/name';` in a
        // component's CSS) is a bundle of a .css file and its configuration file only.
        const file = path.join(lwcDir, component[1], `${component[1]}.ts`);
        const cssModule = path.join(lwcDir, component[1], `${component[1]}.css`);
        if (!existsSync(file) && existsSync(cssModule)) {
          return cssModule;
        }
        if (!existsSync(file)) {
          this.error(`c/${component[1]}: ${path.relative(REPO_ROOT, file)} does not exist`);
        }
        return file;
      }
      if (virtualModule(source, labels) !== undefined) {
        return VIRTUAL + source;
      }
      return null;
    },
    load(id) {
      return id.startsWith(VIRTUAL) ? virtualModule(id.slice(VIRTUAL.length), labels) : null;
    },
  };
}

/**
 * Strips TypeScript (as `npm run build:lwc` does, decorators kept) before the LWC compiler sees
 * the module. Rollup calls it for every module not taken from the cache: `state.transformed` counts them.
 */
function typescript(state: { transformed: number }): Plugin {
  return {
    name: 'browser-check-typescript',
    transform(code, id) {
      state.transformed += 1;
      const file = id.split('?')[0];
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) {
        return null;
      }
      const output = ts.transpileModule(code, {
        fileName: file,
        compilerOptions: {
          target: ts.ScriptTarget.ESNext,
          module: ts.ModuleKind.ESNext,
          isolatedModules: true,
          sourceMap: false,
        },
      });
      return { code: output.outputText, map: null };
    },
  };
}

/**
 * Rollup's cache (each module's transformed code) on disk: a warm build skips compiling the
 * ~2,000 base component modules again. Keyed on this file and the toolchain's versions; Rollup
 * itself transforms a module again when its source changed.
 */
function cacheFile(): string {
  const versions = ['rollup', '@lwc/rollup-plugin', 'lightning-base-components', 'typescript'].map((name) => {
    const manifest = path.join(REPO_ROOT, 'node_modules', name, 'package.json');
    return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : '';
  });
  const key = createHash('sha256')
    .update(readFileSync(__filename))
    .update(versions.join('|'))
    .digest('hex')
    .slice(0, 16);
  return path.join(REPO_ROOT, 'node_modules', '.cache', 'browser-check', `rollup-${checkoutId()}-${key}.json`);
}

/**
 * Worktrees of this repository share one node_modules (a symlink): each keeps its own cache file, so
 * one worktree's build does not delete another's cache and force a cold build there.
 */
function checkoutId(): string {
  return createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8);
}

function readCache(file: string): RollupCache | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RollupCache;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, cache: RollupCache | undefined): void {
  if (!cache) {
    return;
  }
  // ASTs are most of the cache's size and quick to parse again. Resolved imports are left out: they
  // depend on the project (c/* of a planted copy, say), and resolving them again is cheap.
  const modules = cache.modules.map((module) => ({ ...module, ast: undefined, resolvedIds: undefined }));
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ ...cache, modules }));
  renameSync(temporary, file);
  // Caches of earlier versions of this file or the toolchain are of no use any more.
  for (const name of readdirSync(path.dirname(file))) {
    if (name.startsWith(`rollup-${checkoutId()}-`) && name.endsWith('.json') && name !== path.basename(file)) {
      rmSync(path.join(path.dirname(file), name), { force: true });
    }
  }
}

/**
 * The bundle is not source: the base components' own eslint directives are removed (they name
 * rules this repository does not load), so that `eslint .` passes over it.
 */
function lintQuiet(): Plugin {
  return {
    name: 'browser-check-lint-quiet',
    renderChunk(code) {
      const stripped = code.replace(/\/\/ *eslint-[^\n]*/g, '').replace(/\/\* *eslint-[\s\S]*?\*\//g, '');
      return { code: stripped, map: null };
    },
  };
}

function describe(log: RollupLog): string {
  const where = log.loc ? ` (${path.relative(REPO_ROOT, log.loc.file ?? log.id ?? '')}:${log.loc.line})` : '';
  return `${log.message}${where}`;
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const projectDir = path.resolve(options.projectDir ?? REPO_ROOT);
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT);
  const lwcDir = path.join(projectDir, LWC_PATH);
  const onWarning = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));

  const useCache = options.cache ?? true;
  const cachePath = cacheFile();
  const state = { transformed: 0 };

  const bundle = await rollup({
    cache: useCache ? readCache(cachePath) : undefined,
    perf: process.env.BROWSER_CHECK_PERF === '1',
    input: HARNESS_ENTRY,
    plugins: [
      platformStubs(lwcDir, projectDir),
      typescript(state),
      replace({
        preventAssignment: true,
        values: {
          'process.env.NODE_ENV': JSON.stringify('development'),
          // Base components branch on server-side rendering.
          'import.meta.env.SSR': 'false',
        },
      }),
      lwc({
        rootDir: lwcDir,
        modules: [{ dir: path.dirname(lwcDir) }, { npm: 'lightning-base-components' }],
        // The runtime comes from platformStubs (the lwc package's, matching the compiler).
        defaultModules: [],
        // lightning-combobox (and other form-associated base components) call attachInternals(),
        // which synthetic shadow rejects unless the compiler marks the component as supporting it,
        // as the platform does.
        enableSyntheticElementInternals: true,
        // lightning-datatable renders its cells with dynamic components (`lwc:is`), which the platform allows
        // for its own base components.
        enableDynamicComponents: true,
      }),
      nodeResolve({ extensions: ['.ts', '.js'] }),
      lintQuiet(),
    ],
    onLog(level, log, handler) {
      if (log.code === 'CIRCULAR_DEPENDENCY' || log.code === 'THIS_IS_UNDEFINED') {
        return;
      }
      if (log.code === 'UNRESOLVED_IMPORT') {
        // On the platform a missing module is an error; it must not become an external import.
        handler('error', {
          ...log,
          message: `${log.message} (a missing base component, or a platform module that needs a stub in tools/platform-stubs)`,
        });
        return;
      }
      if (
        level === 'warn' &&
        log.plugin === 'rollup-plugin-lwc-compiler' &&
        log.id?.includes(`${path.sep}node_modules${path.sep}`)
      ) {
        // Compiler notes on the base components themselves (e.g. LWC1137 in lightning/card): not ours to fix.
        return;
      }
      if (level === 'warn') {
        onWarning(describe(log));
        return;
      }
      handler(level, log);
    },
  });
  mkdirSync(outDir, { recursive: true });
  await bundle.write({ file: path.join(outDir, 'app.js'), format: 'iife', inlineDynamicImports: true });
  if (process.env.BROWSER_CHECK_PERF === '1') console.log(bundle.getTimings?.());
  if (useCache && state.transformed > 0) {
    writeCache(cachePath, bundle.cache);
  }
  await bundle.close();
  copyFileSync(path.join(HERE, 'harness', 'index.html'), path.join(outDir, 'index.html'));
  return {
    outDir,
    modules: bundle.cache?.modules.length ?? 0,
    transformed: state.transformed,
    milliseconds: Date.now() - started,
  };
}

function argValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  build({
    projectDir: argValue(argv, '--project'),
    outDir: argValue(argv, '--out'),
    cache: !argv.includes('--no-cache'),
  }).then(
    (result) => {
      console.log(
        `browser-check: bundled ${result.modules} modules (${result.transformed} compiled) into ${path.relative(process.cwd(), result.outDir) || '.'} in ${(result.milliseconds / 1000).toFixed(1)} s`,
      );
    },
    (error: unknown) => {
      console.error(`browser-check: bundle failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
