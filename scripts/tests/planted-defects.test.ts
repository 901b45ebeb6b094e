/**
 * Each check in `npm test` must catch the defect it exists for. Every test here builds a project
 * in a temporary directory (this project's configuration, and its components where the check
 * needs them), plants one defect, runs the real check script against it and expects it to fail,
 * naming the planted file. `npm test` itself shows that the same checks pass on the real sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, run } from '../lib/project';

const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

/**
 * A project a test may break: this project's configuration with node_modules linked, and the
 * components (force-app/main/default/lwc) when `withComponents` is set. The Apex and metadata
 * checks run on the planted files alone, which keeps this suite fast.
 */
function copyProject(withComponents = false): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planted-'));
  for (const entry of ['sfdx-project.json', '.forceignore', 'tsconfig.json', 'types', 'jest']) {
    cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  const lwc = path.join('force-app', 'main', 'default', 'lwc');
  mkdirSync(path.join(dir, lwc), { recursive: true });
  if (withComponents) {
    cpSync(path.join(REPO_ROOT, lwc), path.join(dir, lwc), { recursive: true });
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function plantClass(projectDir: string, name: string, body: string, meta = CLASS_META): string {
  const dir = path.join(projectDir, 'force-app', 'main', 'default', 'classes', 'planted');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.cls`), body);
  writeFileSync(path.join(dir, `${name}.cls-meta.xml`), meta);
  return path.join('force-app', 'main', 'default', 'classes', 'planted', `${name}.cls`);
}

function runScript(script: string, projectDir: string): { status: number; output: string } {
  const result = run(process.execPath, [
    path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(REPO_ROOT, 'scripts', script),
    '--project',
    projectDir,
  ]);
  return { status: result.status, output: result.stdout + result.stderr };
}

function withCopy(body: (projectDir: string) => void, withComponents = false): void {
  const projectDir = copyProject(withComponents);
  try {
    body(projectDir);
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
}

test('apex-ls fails on a call to a method that does not exist', () => {
  withCopy((projectDir) => {
    const file = plantClass(
      projectDir,
      'PlantedMissingMethod',
      'public with sharing class PlantedMissingMethod {\n    public static Integer run() {\n        return PlantedMissingMethod.doesNotExist();\n    }\n}\n',
    );
    const { status, output } = runScript('check-apex.ts', projectDir);
    assert.notEqual(status, 0, output);
    assert.match(output, new RegExp(`${path.basename(file)}:3 .*doesNotExist`));
  });
});

test('PMD fails on a SOQL query inside a loop', () => {
  withCopy((projectDir) => {
    const file = plantClass(
      projectDir,
      'PlantedQueryInLoop',
      [
        'public with sharing class PlantedQueryInLoop {',
        '    public static Integer count(List<Id> contactIds) {',
        '        Integer total = 0;',
        '        for (Id contactId : contactIds) {',
        '            total += [SELECT COUNT() FROM Contact WHERE Id = :contactId WITH USER_MODE];',
        '        }',
        '        return total;',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    const { status, output } = runScript('scan-apex.ts', projectDir);
    assert.notEqual(status, 0, output);
    assert.match(output, new RegExp(`${path.basename(file)}:5 +OperationWithLimitsInLoop`));
  });
});

test('metadata validation fails on malformed XML', () => {
  withCopy((projectDir) => {
    const file = plantClass(
      projectDir,
      'PlantedBrokenMeta',
      'public with sharing class PlantedBrokenMeta {\n}\n',
      CLASS_META.replace('</ApexClass>', '</ApexClas>'),
    );
    const { status, output } = runScript('validate-metadata.ts', projectDir);
    assert.notEqual(status, 0, output);
    assert.match(output, new RegExp(`${path.basename(file)}-meta\\.xml:\\d+: malformed XML`));
  });
});

test('metadata validation fails on a class without its -meta.xml', () => {
  withCopy((projectDir) => {
    const dir = path.join(projectDir, 'force-app', 'main', 'default', 'classes', 'planted');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'PlantedNoMeta.cls'), 'public with sharing class PlantedNoMeta {\n}\n');
    const { status, output } = runScript('validate-metadata.ts', projectDir);
    assert.notEqual(status, 0, output);
    assert.match(output, /PlantedNoMeta/);
  });
});

test('the type check fails on a TypeScript type error in a component', () => {
  withCopy((projectDir) => {
    const bundle = path.join(projectDir, 'force-app', 'main', 'default', 'lwc', 'plantedTypeError');
    mkdirSync(bundle, { recursive: true });
    writeFileSync(
      path.join(bundle, 'plantedTypeError.ts'),
      "import { LightningElement, api } from 'lwc';\n\nexport default class PlantedTypeError extends LightningElement {\n  @api recordId?: string;\n\n  get length(): number {\n    return this.recordId;\n  }\n}\n",
    );
    const result = run(process.execPath, [
      path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(projectDir, 'tsconfig.json'),
    ]);
    const output = result.stdout + result.stderr;
    assert.notEqual(result.status, 0, output);
    assert.match(output, /plantedTypeError\.ts\(7,\d+\): error TS2322/);
  }, true);
});
