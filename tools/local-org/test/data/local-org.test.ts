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
  assert.ok(
    anon.debug.some((l) => l.endsWith('|1')),
    anon.debug.join('\n'),
  );
  const rows = org.query('SELECT Name, Status__c, Contact__r.Email FROM Widget__c');
  assert.deepEqual(
    rows.map((r: any) => [r.Name, r.Status__c, r.Contact__r.Email]),
    [['W-00001', 'open', 'ada@example.com']],
  );

  const failed = org.runAnonymous(`insert new Widget__c(External_Id__c = 'w2'); insert new Contact();`);
  assert.equal(failed.success, false);
  assert.match(failed.error!, /REQUIRED_FIELD_MISSING/);
  assert.equal(org.query('SELECT COUNT() FROM Widget__c'), 1, 'rolled back');

  const res = org.rest({ method: 'POST', path: '/widgets/new', headers: { 'Content-Type': 'text/plain' }, body: 'k9' });
  assert.equal(res.statusCode, 201);
  assert.equal(res.body, 'created k9');
  assert.equal(org.rest({ method: 'GET', path: '/widgets/new', headers: {}, body: null }).statusCode, 405);
  const echo = org.rest({
    method: 'POST',
    path: '/echo',
    headers: { 'Content-Type': 'application/json' },
    body: '{"name":"x","count":41}',
  });
  assert.deepEqual([echo.statusCode, JSON.parse(echo.body)], [200, { name: 'x', count: 42 }]);
  assert.equal(JSON.parse(org.rest({ method: 'GET', path: '/echo?who=me', headers: {}, body: null }).body), 'hello me');
  assert.equal(org.rest({ method: 'POST', path: '/nothing', headers: {}, body: null }).statusCode, 404);
  const createdBy = org.query("SELECT CreatedById FROM Widget__c WHERE External_Id__c = 'k9'")[0].CreatedById;
  assert.equal(createdBy, org.services.seedInfo.guestUserId);

  // the event trigger runs now; the queueable it enqueued waits for its 5-minute delay
  const first = org.runAsyncJobs();
  assert.deepEqual(
    first.map((r) => r.kind),
    ['PlatformEvent'],
  );
  assert.equal(org.query("SELECT COUNT() FROM Widget__c WHERE External_Id__c = 'k9-event-job'"), 0);
  org.advanceTime(301);
  const second = org.runAsyncJobs();
  assert.deepEqual(
    second.map((r) => [r.kind, r.className, r.status]),
    [['Queueable', 'WidgetJob', 'Completed']],
  );
  assert.equal(
    org.query("SELECT Status__c FROM Widget__c WHERE External_Id__c = 'k9-event-job'")[0].Status__c,
    'closed',
  );

  const kinds = org.transactions().map((t) => t.kind);
  assert.deepEqual(kinds, ['anonymous', 'anonymous', 'rest', 'rest', 'rest', 'PlatformEvent', 'Queueable']);
  assert.equal(org.transactions()[0]!.limits.dmlStatements, 2);
  assert.equal(org.transactions()[0]!.limits.queries, 1);
});

test('Apex tests of the fixture run green in the local test runner (async at stopTest, isolation, DML errors)', async () => {
  const { Interpreter, loadProject, runTests } = await import('../../src/interpreter/index.js');
  const { LocalDataServices } = await import('../../src/data/services-impl.js');
  const svc = new LocalDataServices(projectDir);
  const interp = new Interpreter({ services: svc });
  interp.load(loadProject(projectDir));
  const summary = runTests(interp, {});
  const failed = summary.results.filter((r) => r.outcome !== 'Pass').map((r) => `${r.methodName}: ${r.message}`);
  assert.deepEqual(failed, []);
  assert.equal(summary.results.length, 13);
  assert.equal(summary.results.filter((r) => r.className === 'ConfDataTest').length, 9);
});

test('LocalOrg: schedules, batches, @future callouts through the callout handler, uncommitted work', async () => {
  const org = await LocalOrg.load({ projectDir, startTime: Date.UTC(2026, 10, 23, 9, 0, 0) });
  const calls: string[] = [];
  org.setCalloutHandler((req) => {
    calls.push(`${req.method} ${req.url} ${req.body}`);
    return { statusCode: 202, headers: {}, body: 'ok' };
  });
  const r = org.runAnonymous(`
    insert new Widget__c(External_Id__c = 'a');
    System.schedule('hourly widgets', '0 0 * * * ?', new WidgetSchedule());
  `);
  assert.equal(r.success, true, r.error);
  assert.equal(org.query('SELECT CronJobDetail.Name, State FROM CronTrigger')[0].CronJobDetail.Name, 'hourly widgets');
  assert.deepEqual(org.runAsyncJobs(), [], 'not due yet');
  org.advanceTime(3600);
  const ran = org.runAsyncJobs().map((x) => `${x.kind}:${x.className}:${x.status}`);
  assert.deepEqual(ran, [
    'ScheduledApex:WidgetSchedule:Completed',
    'BatchApexWorker:WidgetBatch:Completed',
    'BatchApex:WidgetBatch:Completed',
    'Future:WidgetFuture:Completed',
  ]);
  assert.deepEqual(calls, ['POST callout:Widgets/v1/widgets/from-schedule k=from-schedule']);
  const keys = org
    .query('SELECT External_Id__c, Status__c FROM Widget__c ORDER BY External_Id__c')
    .map((w: any) => `${w.External_Id__c}/${w.Status__c}`);
  assert.deepEqual(keys, ['a/closed', 'batch-done-1/open', 'from-schedule-202-ok/open']);

  const pending = org.runAnonymous(`insert new Widget__c(External_Id__c = 'b'); WidgetFutureCaller.callNow();`);
  assert.equal(pending.success, false);
  assert.match(pending.error!, /You have uncommitted work pending/);
});

test('LocalOrg: a rolled-back transaction drops its PublishAfterCommit events but not PublishImmediately ones', async () => {
  const org = await LocalOrg.load({ projectDir });
  const r = org.runAnonymous(`
    EventBus.publish(new Audit__e(Key__c = 'immediate'));
    EventBus.publish(new Ping__e(Key__c = 'after-commit'));
    insert new Widget__c(External_Id__c = 'rolled-back');
    throw new IllegalArgumentException('boom');
  `);
  assert.equal(r.success, false);
  assert.match(r.error!, /^System.IllegalArgumentException: boom/);
  const ran = org.runAsyncJobs();
  assert.deepEqual(
    ran.map((x) => `${x.kind}:${x.className}:${x.status}`),
    ['PlatformEvent:Audit__e trigger:Completed'],
  );
  assert.deepEqual(
    org.query('SELECT External_Id__c FROM Widget__c').map((w: any) => w.External_Id__c),
    ['immediate'],
  );
  const tx = org.transactions();
  assert.equal(tx[0]!.error!.split('\n')[0], 'System.IllegalArgumentException: boom');
  assert.equal(tx[1]!.kind, 'PlatformEvent');
});

test('LocalOrg: anonymous Apex debug lines carry the line numbers of the source', async () => {
  const org = await LocalOrg.load({ projectDir });
  const anon = org.runAnonymous(`Integer first = 1;\nSystem.debug('on line two');\n\nSystem.debug('on line four');`);
  assert.equal(anon.success, true, anon.error);
  const lines = anon.debug.filter((line) => line.includes('USER_DEBUG'));
  assert.match(lines[0], /\[2\]\|DEBUG\|on line two$/, lines.join('\n'));
  assert.match(lines[1], /\[4\]\|DEBUG\|on line four$/, lines.join('\n'));
});
