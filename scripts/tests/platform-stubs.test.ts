/**
 * One set of platform stubs (tools/platform-stubs) serves Jest and the browser check: for every platform
 * module the components and their tests import, jest.config.js's moduleNameMapper and
 * tools/browser-check/build.ts resolve to the same stub file, or to the same generated source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { platformModule } from '../../tools/browser-check/build';
import { platformSpecifiers, projectLabels, STUBS_DIR } from '../../tools/platform-stubs/modules';
import { REPO_ROOT } from '../lib/project';

const LWC_DIR = path.join(REPO_ROOT, 'force-app', 'main', 'default', 'lwc');
const BASE_COMPONENTS = path.join(REPO_ROOT, 'node_modules', 'lightning-base-components', 'src', 'lightning');

/** Where Jest's moduleNameMapper sends `specifier` (the first matching pattern, as Jest applies them), if anywhere. */
function jestTarget(mapper: Record<string, string>, specifier: string): string | undefined {
  for (const [pattern, target] of Object.entries(mapper)) {
    const match = new RegExp(pattern).exec(specifier);
    if (match) {
      return target
        .replace(/\$(\d+)/g, (_, index: string) => match[Number(index)] ?? '')
        .replace('<rootDir>', REPO_ROOT);
    }
  }
  return undefined;
}

/** Each specifier Jest and the browser build resolve differently, with both resolutions. */
function drift(specifiers: Iterable<string>, mapper: Record<string, string>): string[] {
  const labels = projectLabels(REPO_ROOT, REPO_ROOT);
  const problems: string[] = [];
  for (const specifier of [...specifiers].sort()) {
    const browser = platformModule(specifier, labels);
    const jest = jestTarget(mapper, specifier);
    if (browser === undefined) {
      const baseComponent =
        specifier.startsWith('lightning/') && existsSync(path.join(BASE_COMPONENTS, specifier.slice(10)));
      if (!baseComponent) {
        problems.push(`${specifier}: no stub in tools/platform-stubs (the browser build cannot resolve it)`);
      } else if (jest !== undefined) {
        problems.push(`${specifier}: a base component in the browser, but Jest maps it to ${jest}`);
      }
      continue;
    }
    if (jest === undefined) {
      problems.push(`${specifier}: the browser build uses the stubs, Jest does not map it (sfdx-lwc-jest's default)`);
    } else if ('file' in browser && path.resolve(jest) !== browser.file) {
      problems.push(`${specifier}: Jest ${jest}, browser ${browser.file}`);
    } else if ('source' in browser && (!existsSync(jest) || readFileSync(jest, 'utf8') !== browser.source)) {
      problems.push(`${specifier}: Jest's ${jest} is not the module the browser build generates`);
    }
  }
  return problems;
}

/** jest.config.js as Jest loads it (this writes the generated per-name modules, as a Jest run does). */
function jestMapper(): Record<string, string> {
  const config = createRequire(__filename)(path.join(REPO_ROOT, 'jest.config.js')) as {
    moduleNameMapper: Record<string, string>;
  };
  return config.moduleNameMapper;
}

test('Jest and the browser build resolve every platform module the components import to the same stub', () => {
  const specifiers = platformSpecifiers(LWC_DIR);
  // What the components import today, so a scan that finds nothing cannot pass.
  for (const expected of [
    'lightning/uiRecordApi',
    'lightning/messageService',
    'lightning/navigation',
    'lightning/actions',
    'lightning/quickActionPanel',
    '@salesforce/apex',
    '@salesforce/label/c.Stripe_Webhook_Status_processed',
  ]) {
    assert.ok(specifiers.has(expected), `the scan found no import of ${expected}`);
  }
  assert.deepEqual(drift(specifiers, jestMapper()), []);
});

test('the comparison reports a module Jest maps elsewhere, or leaves to sfdx-lwc-jest', () => {
  const mapper = jestMapper();
  const elsewhere = {
    ...mapper,
    '^lightning/navigation$': path.join(REPO_ROOT, 'jest', 'mocks', 'lightningNavigation.ts'),
  };
  assert.match(drift(['lightning/navigation'], elsewhere).join('\n'), /lightning\/navigation: Jest .*jest\/mocks/);
  const unmapped = Object.fromEntries(Object.entries(mapper).filter(([pattern]) => !pattern.includes('uiRecordApi')));
  assert.match(drift(['lightning/uiRecordApi'], unmapped).join('\n'), /Jest does not map it/);
  const staleLabel = { '^(@salesforce/label/.+)$': path.join(REPO_ROOT, 'package.json'), ...mapper };
  assert.match(
    drift(['@salesforce/label/c.Stripe_Webhook_Status_processed'], staleLabel).join('\n'),
    /is not the module/,
  );
  assert.match(drift(['lightning/refresh'], mapper).join('\n'), /no stub in tools\/platform-stubs/);
});

test('the stubs use no Jest globals: the same code runs in a browser page', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? files(path.join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [path.join(dir, entry.name)]
          : [],
    );
  const offenders = files(STUBS_DIR).filter((file) =>
    /\bjest\s*\./.test(readFileSync(file, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')),
  );
  assert.deepEqual(offenders, []);
});

test('component tests drive the stubs: no test replaces a lightning/* module or an Apex method with its own mock', () => {
  const tests = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? tests(path.join(dir, entry.name))
        : entry.name.endsWith('.test.ts')
          ? [path.join(dir, entry.name)]
          : [],
    );
  const own = /jest\.mock\(\s*['"](lightning\/|@salesforce\/apex)|@salesforce\/sfdx-lwc-jest|jest\/mocks\//;
  const offenders = tests(LWC_DIR).filter((file) => own.test(readFileSync(file, 'utf8')));
  assert.deepEqual(
    offenders.map((file) => path.relative(REPO_ROOT, file)),
    [],
  );
});
