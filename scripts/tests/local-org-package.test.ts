/**
 * The local Apex runtime is used like any dependency (issue 12, "A tool of its own"): the workspace package
 * `@stripe-connector/local-apex-org` resolves from the repository root to tools/local-org, its `bin` scripts run,
 * and nothing outside tools/local-org reaches into its `src` or `dist` by path (a planted import fails).
 * Needs the runtime built (npm test builds first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCAL_ORG_PACKAGE, localOrgBin, localOrgPathImports } from '../lib/local-org';
import { REPO_ROOT } from '../lib/project';

const PACKAGE_DIR = path.join(REPO_ROOT, 'tools', 'local-org');

interface Manifest {
  name: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  workspaces?: string[];
  devDependencies?: Record<string, string>;
  exports: Record<string, unknown>;
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

test('local-org package: a workspace of the repository and a devDependency of the Salesforce package', () => {
  const root = manifest(REPO_ROOT);
  const pkg = manifest(PACKAGE_DIR);
  assert.equal(pkg.name, LOCAL_ORG_PACKAGE);
  assert.deepEqual(root.workspaces, ['tools/local-org']);
  assert.ok(root.devDependencies?.[LOCAL_ORG_PACKAGE], 'root package.json lists the package as a devDependency');
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { resolved?: string; link?: boolean; name?: string }>;
  };
  assert.deepEqual(lock.packages[`node_modules/${LOCAL_ORG_PACKAGE}`], { resolved: 'tools/local-org', link: true });
  assert.equal(lock.packages['tools/local-org']?.name, LOCAL_ORG_PACKAGE);
});

test('local-org package: resolves by name from the repository root to this checkout’s tools/local-org', () => {
  const resolvedManifest = require.resolve(`${LOCAL_ORG_PACKAGE}/package.json`, { paths: [REPO_ROOT] });
  assert.equal(
    realpathSync(path.dirname(resolvedManifest)),
    realpathSync(PACKAGE_DIR),
    `node_modules/${LOCAL_ORG_PACKAGE} must link to ${PACKAGE_DIR} (npm install makes the workspace link; a ` +
      'node_modules shared with another checkout runs that checkout’s runtime)',
  );
  const pkg = manifest(PACKAGE_DIR);
  const entry = require.resolve(LOCAL_ORG_PACKAGE, { paths: [REPO_ROOT] });
  assert.equal(realpathSync(entry), realpathSync(path.join(PACKAGE_DIR, pkg.main)));
  // The public API is what a dependent gets: LocalOrg, and the interpreter's loader for tools reading Apex.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(entry) as Record<string, unknown>;
  assert.equal(typeof api.LocalOrg, 'function');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const interpreter = require(require.resolve(`${LOCAL_ORG_PACKAGE}/interpreter`, { paths: [REPO_ROOT] })) as Record<
    string,
    unknown
  >;
  for (const name of ['loadFile', 'listSources', 'loadProject', 'Interpreter', 'runTests']) {
    assert.equal(typeof interpreter[name], 'function', `${LOCAL_ORG_PACKAGE}/interpreter exports ${name}`);
  }
  // Declarations ship beside the JavaScript, so `types` works for TypeScript dependents.
  accessSync(path.join(PACKAGE_DIR, pkg.types));
  assert.throws(
    () => require.resolve(`${LOCAL_ORG_PACKAGE}/dist/interpreter/loader.js`, { paths: [REPO_ROOT] }),
    /ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/,
    'files outside the exports map are private to the package',
  );
});

/** The command npm runs for a bin name (node_modules/.bin is on PATH in npm scripts), if any. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

test('local-org package: its bins are executable and are what npm scripts run', () => {
  for (const name of ['local-apex-test', 'local-apex-org'] as const) {
    const bin = localOrgBin(name);
    accessSync(bin, constants.X_OK);
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/, `${name} starts with a node shebang`);
    const linked = onPath(name);
    assert.ok(linked, `${name} is on PATH (npm links the workspace's bins into node_modules/.bin)`);
    assert.equal(realpathSync(linked), realpathSync(bin), `${name} on PATH is this checkout's bin`);
  }
});

test('local-org package: the test runner bin runs a project’s Apex tests; the org bin runs anonymous Apex', () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'local-org-bin-'));
  try {
    const classes = path.join(project, 'src', 'classes');
    mkdirSync(classes, { recursive: true });
    writeFileSync(path.join(project, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'src' }] }));
    writeFileSync(
      path.join(classes, 'Greeting.cls'),
      "public class Greeting {\n  public static String hello(String name) {\n    return 'Hello, ' + name;\n  }\n}\n",
    );
    writeFileSync(
      path.join(classes, 'GreetingTest.cls'),
      "@IsTest\nprivate class GreetingTest {\n  @IsTest\n  static void greets() {\n    Assert.areEqual('Hello, Ada', Greeting.hello('Ada'));\n  }\n}\n",
    );
    // Run the bin file itself, as npm's .bin link does: its shebang and mode make it a command.
    const tests = spawnSync(localOrgBin('local-apex-test'), ['--junit', path.join(project, 'junit.xml')], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.equal(tests.status, 0, tests.stdout + tests.stderr);
    assert.match(tests.stdout, /PASS GreetingTest\.greets/);
    assert.match(tests.stdout, /^1 passed, 0 failed$/m);

    const script = path.join(project, 'hello.apex');
    writeFileSync(script, "System.debug(Greeting.hello('Grace'));\n");
    const org = spawnSync(localOrgBin('local-apex-org'), ['exec', script], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, LOCAL_ORG_PROJECT: project },
    });
    assert.equal(org.status, 0, org.stdout + org.stderr);
    assert.match(org.stdout, /USER_DEBUG \[\d+\]\|DEBUG\|Hello, Grace/);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('local-org package: nothing outside tools/local-org imports its src or dist by path', () => {
  assert.deepEqual(localOrgPathImports(REPO_ROOT), []);
});

test('local-org package: a planted import, path or npm script into its src or dist is found', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'local-org-imports-'));
  // Spelled in pieces so this file does not plant them itself.
  const dir = ['local', 'org'].join('-');
  try {
    mkdirSync(path.join(root, 'scripts'), { recursive: true });
    mkdirSync(path.join(root, 'tools', dir, 'src'), { recursive: true });
    const planted = [
      `import { loadFile } from '../tools/${dir}/src/interpreter/loader';`,
      `const org = require('../tools/${dir}/dist/index.js');`,
      `const m = await import('../../tools/${dir}/dist/index.js');`,
      `const bin = path.join(REPO_ROOT, 'tools', '${dir}', 'dist', 'cli', 'test.js');`,
    ];
    writeFileSync(path.join(root, 'scripts', 'planted.ts'), `${planted.join('\n')}\n`);
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ scripts: { 'test:apex': `node tools/${dir}/dist/cli/test.js` } }),
    );
    // The package's own files import each other by path, and importing it by name is what dependents do.
    writeFileSync(path.join(root, 'tools', dir, 'src', 'index.ts'), `export * from '../src/interpreter/index.js';\n`);
    writeFileSync(
      path.join(root, 'scripts', 'fine.ts'),
      `import { LocalOrg } from '${LOCAL_ORG_PACKAGE}';\nimport { loadFile } from '${LOCAL_ORG_PACKAGE}/interpreter';\n`,
    );
    const found = localOrgPathImports(root);
    assert.deepEqual(
      found.map((f) => `${f.file}:${f.line}`),
      [
        'package.json:0',
        `scripts${path.sep}planted.ts:1`,
        `scripts${path.sep}planted.ts:2`,
        `scripts${path.sep}planted.ts:3`,
        `scripts${path.sep}planted.ts:4`,
      ],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** Every file below `dir` whose name matches, recursively. */
function filesBelow(dir: string, match: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(full, match) : match.test(entry.name) ? [full] : [];
  });
}

test("the runtime's sources name none of the package's classes or objects: it follows the platform, not the package", () => {
  const metadata = path.join(REPO_ROOT, 'force-app', 'main', 'default');
  const names = new Set([
    ...filesBelow(path.join(metadata, 'classes'), /\.cls$/).map((file) => path.basename(file, '.cls')),
    ...readdirSync(path.join(metadata, 'objects')).filter((name) => name.includes('__')),
    ...filesBelow(path.join(metadata, 'objects'), /\.field-meta\.xml$/)
      .map((file) => path.basename(file, '.field-meta.xml'))
      .filter((name) => name.endsWith('__c')),
  ]);
  const pattern = new RegExp(`\\b(?:${[...names].join('|')})\\b`);
  const offenders = filesBelow(path.join(PACKAGE_DIR, 'src'), /\.ts$/).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => pattern.test(line))
      .map(({ line, index }) => `${path.relative(REPO_ROOT, file)}:${index + 1}: ${line.trim()}`),
  );
  assert.ok(names.size > 100, `only ${names.size} package names found`);
  assert.deepEqual(offenders, []);
});
