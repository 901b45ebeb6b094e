import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const projectDir = join(__dirname, 'org-project');
const cli = join(__dirname, '..', '..', 'src', 'cli', 'org.ts');
// tsx is a devDependency of this package: resolved like any dependency, wherever it is installed.
const tsx = require.resolve('tsx/cli');

test('org CLI: exec prints the debug log and the transactions; a failing script exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-org-cli-'));
  const ok = join(dir, 'ok.apex');
  writeFileSync(
    ok,
    "insert new Widget__c(External_Id__c = 'cli');\nSystem.debug([SELECT Name FROM Widget__c].Name);\n",
  );
  const r = spawnSync(process.execPath, [tsx, cli, 'exec', ok], {
    env: { ...process.env, LOCAL_ORG_PROJECT: projectDir },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /USER_DEBUG \[\d+\]\|DEBUG\|W-00001/);
  assert.match(r.stdout, /TRANSACTION anonymous AnonymousApex: SOQL 1, rows 1, DML 1, DML rows 1/);
  const bad = join(dir, 'bad.apex');
  writeFileSync(bad, 'insert new Contact();\n');
  const f = spawnSync(process.execPath, [tsx, cli, 'exec', bad], {
    env: { ...process.env, LOCAL_ORG_PROJECT: projectDir },
    encoding: 'utf8',
  });
  assert.equal(f.status, 1);
  assert.match(f.stderr, /REQUIRED_FIELD_MISSING/);
});
