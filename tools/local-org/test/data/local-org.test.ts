import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalOrg } from '../../src/index.js';

const projectDir = join(__dirname, 'org-project');

test('LocalOrg: anonymous Apex, query, REST, platform events, delayed queueable, transactions', async () => {
  const org = await LocalOrg.load({ projectDir, startTime: Date.UTC(2026, 10, 23, 9, 0, 0) });
  const anon = org.runAnonymous(`
    Contact c = new Contact(LastName = 'Ada', Email = 'ada@example.com');
    insert c;
    insert new Widget__c(Contact__c = c.Id, External_Id__c = 'w1');
    System.debug([SELECT COUNT() FROM Widget__c]);
  `);
  assert.equal(anon.success, true, anon.error);
  assert.ok(anon.debug.some((l) => l.endsWith('|1')), anon.debug.join('\n'));
  const rows = org.query('SELECT Name, Status__c, Contact__r.Email FROM Widget__c');
  assert.deepEqual(rows.map((r: any) => [r.Name, r.Status__c, r.Contact__r.Email]), [['W-00001', 'open', 'ada@example.com']]);

  const failed = org.runAnonymous(`insert new Widget__c(External_Id__c = 'w2'); insert new Contact();`);
  assert.equal(failed.success, false);
  assert.match(failed.error!, /REQUIRED_FIELD_MISSING/);
  assert.equal(org.query('SELECT COUNT() FROM Widget__c'), 1, 'rolled back');

  const res = org.rest({ method: 'POST', path: '/widgets/new', headers: { 'Content-Type': 'text/plain' }, body: 'k9' });
  assert.equal(res.statusCode, 201);
  assert.equal(res.body, 'created k9');
  assert.equal(org.rest({ method: 'GET', path: '/widgets/new', headers: {}, body: null }).statusCode, 405);
  assert.equal(org.rest({ method: 'POST', path: '/nothing', headers: {}, body: null }).statusCode, 404);
  const createdBy = org.query("SELECT CreatedById FROM Widget__c WHERE External_Id__c = 'k9'")[0].CreatedById;
  assert.equal(createdBy, org.services.seedInfo.guestUserId);

  // the event trigger runs now; the queueable it enqueued waits for its 5-minute delay
  const first = org.runAsyncJobs();
  assert.deepEqual(first.map((r) => r.kind), ['PlatformEvent']);
  assert.equal(org.query("SELECT COUNT() FROM Widget__c WHERE External_Id__c = 'k9-event-job'"), 0);
  org.advanceTime(301);
  const second = org.runAsyncJobs();
  assert.deepEqual(second.map((r) => [r.kind, r.className, r.status]), [['Queueable', 'WidgetJob', 'Completed']]);
  assert.equal(org.query("SELECT Status__c FROM Widget__c WHERE External_Id__c = 'k9-event-job'")[0].Status__c, 'closed');

  const kinds = org.transactions().map((t) => t.kind);
  assert.deepEqual(kinds, ['anonymous', 'anonymous', 'rest', 'PlatformEvent', 'Queueable']);
  assert.equal(org.transactions()[0]!.limits.dmlStatements, 2);
  assert.equal(org.transactions()[0]!.limits.queries, 1);
});
