/**
 * Permission sets may grant field permissions only on permissionable fields: `npm run validate:metadata`
 * reports name sub-fields (Contact.FirstName), required and system fields, and editable formula fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fieldPermissionProblems } from '../lib/field-permissions';
import { REPO_ROOT } from '../lib/project';

function permissionSet(fields: Array<[string, boolean]>): string {
  const entries = fields
    .map(
      ([field, editable]) =>
        `  <fieldPermissions>\n    <editable>${editable}</editable>\n    <field>${field}</field>\n    <readable>true</readable>\n  </fieldPermissions>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">\n${entries}  <label>Planted</label>\n</PermissionSet>\n`;
}

test('the package permission sets grant only permissionable fields', () => {
  assert.deepEqual(fieldPermissionProblems(REPO_ROOT), []);
});

test('name sub-fields, required, system and editable formula fields are reported', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fls-'));
  try {
    cpSync(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
    const base = path.join(dir, 'force-app', 'main', 'default');
    const fields = path.join(base, 'objects', 'Thing__c', 'fields');
    mkdirSync(fields, { recursive: true });
    mkdirSync(path.join(base, 'permissionsets'), { recursive: true });
    const field = (name: string, body: string) =>
      writeFileSync(
        path.join(fields, `${name}.field-meta.xml`),
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n  <fullName>${name}</fullName>\n${body}</CustomField>\n`,
      );
    field('Required__c', '  <required>true</required>\n  <type>Text</type>\n  <length>10</length>\n');
    field('Parent__c', '  <type>MasterDetail</type>\n  <referenceTo>Account</referenceTo>\n');
    field('Total__c', '  <formula>1</formula>\n  <type>Number</type>\n');
    field('Plain__c', '  <type>Text</type>\n  <length>10</length>\n');
    writeFileSync(
      path.join(base, 'permissionsets', 'Planted.permissionset-meta.xml'),
      permissionSet([
        ['Contact.FirstName', true],
        ['Contact.Email', true],
        ['Thing__c.CreatedDate', false],
        ['Thing__c.Required__c', true],
        ['Thing__c.Parent__c', false],
        ['Thing__c.Total__c', true],
        ['Thing__c.Plain__c', true],
      ]),
    );
    const problems = fieldPermissionProblems(dir).join('\n');
    for (const bad of ['Contact.FirstName', 'CreatedDate', 'Required__c', 'Parent__c', 'Total__c']) {
      assert.match(problems, new RegExp(bad.replace('.', '\\.')), bad);
    }
    assert.doesNotMatch(problems, /Contact\.Email|Plain__c/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
