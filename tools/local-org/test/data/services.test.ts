import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalDataServices } from '../../src/data/services-impl.js';
import { ApexList, ApexMap, NativeObject, SObjectRecord, Value, typeRef } from '../../src/interpreter/values.js';
import type { NativeClassDef, Runtime } from '../../src/interpreter/services.js';

const fixture = join(__dirname, 'fixture-project');
const site = { file: 'test', line: 1 };

class ApexError extends Error {
  constructor(
    readonly typeName: string,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function fakeRuntime(): Runtime & { natives: Map<string, NativeClassDef> } {
  const natives = new Map<string, NativeClassDef>();
  return {
    natives,
    registerNative: (d) => void natives.set(d.name.toLowerCase(), d),
    throwApex: (t, m, extra) => {
      throw new ApexError(t, m, extra);
    },
    newInstance: () => null,
    callMethod: () => null,
    callStatic: () => null,
    isInstanceOf: () => true,
    typeNameOf: () => 'Object',
    toApexString: (v) => String(v),
    coerce: (v) => v,
    newList: (t, items) => new ApexList(t, items),
    fireTriggers: () => {},
    hasTriggers: () => false,
    limits: { soqlQueries: 0, queryRows: 0, dmlStatements: 0, dmlRows: 0 },
    inTestContext: () => false,
    currentUser: () => ({ id: '005000000000001AAA', userName: 'a', orgId: '00D000000000001AAA', timeZone: 'GMT' }),
    describeException: (e: unknown) =>
      e instanceof ApexError
        ? { typeName: e.typeName, message: e.message, catchable: !/Limit/.test(e.typeName) }
        : null,
  } as any;
}

function setup() {
  const svc = new LocalDataServices(fixture, { startTime: Date.UTC(2026, 10, 23, 9, 0, 0) });
  const rt = fakeRuntime();
  svc.attach(rt);
  const call = (cls: string, m: string, ...args: Value[]) =>
    rt.natives.get(cls.toLowerCase())!.callStatic!(m, args, rt, site) as any;
  return { svc, rt, call };
}

test('Database.insert partial success, SaveResult and Error', () => {
  const { svc, call } = setup();
  const a = svc.newSObject('Contact', [['LastName', 'A']]);
  const b = svc.newSObject('Contact', []);
  const res = call('Database', 'insert', new ApexList(typeRef('Contact'), [a, b]), false) as ApexList;
  const [ok, bad] = res.items as NativeObject[];
  assert.equal(ok!.data.success, true);
  assert.equal(bad!.data.success, false);
  assert.equal(bad!.data.errors[0].statusCode, 'REQUIRED_FIELD_MISSING');
  assert.throws(
    () => svc.dml('insert', svc.newSObject('Contact', []), { allOrNone: true }),
    (e: any) =>
      e.typeName === 'System.DmlException' &&
      /^Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING, Required fields are missing: \[LastName\]: \[LastName\]$/.test(
        e.message,
      ),
  );
});

test('dynamic SOQL with bind map, custom metadata getInstance/getAll, savepoint rollback', () => {
  const { svc, rt, call } = setup();
  svc.dml('insert', svc.newSObject('Widget__c', [['External_Id__c', 'x1']]), { allOrNone: true });
  const m = new ApexMap(typeRef('String'), typeRef('Object'));
  m.map.set('ext', ['ext', 'x1']);
  const rows = call(
    'Database',
    'queryWithBinds',
    'SELECT Id, Name FROM Widget__c WHERE External_Id__c = :ext',
    m,
  ) as ApexList;
  assert.equal(rows.items.length, 1);
  assert.equal((rows.items[0] as SObjectRecord).get('Name'), 'W-00001');
  const statics = rt.natives.get('__sobjectstatic')!;
  const setting = statics.callStatic!('Setting__mdt.getinstance', ['Default'], rt, site) as SObjectRecord;
  assert.equal(String((setting.get('Max__c') as any).unscaled), '6');
  const sp = call('Database', 'setSavepoint');
  svc.dml('insert', svc.newSObject('Widget__c', [['External_Id__c', 'x2']]), { allOrNone: true });
  call('Database', 'rollback', sp);
  assert.equal(svc.db.rows('Widget__c').length, 1);
  assert.equal(rt.limits.soqlQueries, 1);
});

test('limits: 101st query throws LimitException', () => {
  const { svc, call } = setup();
  for (let i = 0; i < 100; i++) call('Database', 'query', 'SELECT Id FROM Contact');
  assert.throws(
    () => call('Database', 'query', 'SELECT Id FROM Contact'),
    (e: any) => e.typeName === 'System.LimitException' && e.message === 'Too many SOQL queries: 101',
  );
  void svc;
});

test('transactions: error rolls back, after-commit events are discarded', () => {
  const { svc } = setup();
  svc.beginTransaction('anonymous', 'x');
  svc.dml('insert', svc.newSObject('Contact', [['LastName', 'A']]), { allOrNone: true });
  const rec = svc.endTransaction('boom');
  assert.equal(rec.error, 'boom');
  assert.equal(rec.limits.dmlRows, 1);
  assert.equal(svc.db.rows('Contact').length, 0);
});

test('USER_MODE queries, FeatureManagement and describe follow permission sets', () => {
  const { svc, rt, call } = setup();
  const profileId = svc.seedInfo.profiles.get('Standard User')!;
  const u = svc.newSObject('User', [
    ['LastName', 'U'],
    ['Username', 'u@x.example'],
    ['Email', 'u@x.example'],
    ['Alias', 'u'],
    ['TimeZoneSidKey', 'GMT'],
    ['LocaleSidKey', 'en_US'],
    ['EmailEncodingKey', 'UTF-8'],
    ['LanguageLocaleKey', 'en_US'],
    ['ProfileId', profileId],
  ]);
  svc.dml('insert', u, { allOrNone: true });
  const asUser = (fn: () => void) => svc.runAs(u, fn);
  const userMode = (soql: string) => call('Database', 'query', `${soql} WITH USER_MODE`);
  asUser(() => {
    assert.throws(
      () => userMode('SELECT Id FROM Widget__c'),
      (e: any) => e.typeName === 'System.QueryException',
    );
    assert.equal(
      rt.natives.get('featuremanagement')!.callStatic!('checkPermission', ['Widget_Admin'], rt, site),
      false,
    );
    userMode('SELECT Id, LastName FROM Contact');
  });
  const ps = (call('Database', 'query', "SELECT Id FROM PermissionSet WHERE Name = 'Widget_Reader'") as ApexList)
    .items[0] as SObjectRecord;
  svc.dml(
    'insert',
    svc.newSObject('PermissionSetAssignment', [
      ['AssigneeId', u.id],
      ['PermissionSetId', ps.id],
    ]),
    { allOrNone: true },
  );
  // Private organization-wide default: USER_MODE sees only the user's own records (no View All)
  svc.dml('insert', svc.newSObject('Widget__c', [['External_Id__c', 'admins']]), { allOrNone: true });
  svc.dml(
    'insert',
    svc.newSObject('Widget__c', [
      ['External_Id__c', 'users'],
      ['OwnerId', u.id],
    ]),
    { allOrNone: true },
  );
  asUser(() => {
    const visible = userMode('SELECT Id, Amount__c FROM Widget__c') as ApexList;
    assert.equal(visible.items.length, 1);
    assert.equal(
      (call('Database', 'query', 'SELECT Id FROM Widget__c') as ApexList).items.length,
      2,
      'system mode sees all',
    );
    assert.throws(
      () => userMode('SELECT Id, Status__c FROM Widget__c'),
      (e: any) => e.typeName === 'System.QueryException',
    );
    assert.equal(rt.natives.get('featuremanagement')!.callStatic!('checkPermission', ['Widget_Admin'], rt, site), true);
  });
  // the admin (default running user) sees everything
  userMode('SELECT Id, Status__c FROM Widget__c');
});
