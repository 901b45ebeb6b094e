import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { idChecksum, isValidId, to18, IdGenerator } from '../../src/data/ids.js';
import { loadSchema } from '../../src/data/schema.js';
import { OrgDatabase } from '../../src/data/database.js';
import { DmlEngine } from '../../src/data/dml.js';
import { compileQueryText, executeQuery } from '../../src/data/soql.js';
import { SObjectRecord, ApexDecimal, ApexList, typeRef } from '../../src/interpreter/values.js';
import { decimalToString } from '../../src/data/value-utils.js';

const fixture = join(__dirname, 'fixture-project');

test('18-character Id checksum', () => {
  assert.equal(idChecksum('001000000000001'), 'AAA');
  assert.equal(to18('0015000000Gv7qJ'), '0015000000Gv7qJAAR');
  assert.ok(isValidId('0015000000Gv7qJAAR'));
  assert.ok(!isValidId('0015000000Gv7qJAAA'));
  const g = new IdGenerator();
  const a = g.next('003');
  assert.equal(a.length, 18);
  assert.ok(a.startsWith('003'));
  assert.notEqual(a, g.next('003'));
});

function setup() {
  const schema = loadSchema(fixture);
  let now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const db = new OrgDatabase(schema, () => now);
  const fired: string[] = [];
  const dml = new DmlEngine(db, {
    fireTriggers: (ctx) => {
      fired.push(`${ctx.sobjectType}:${ctx.operation}:${(ctx.newList ?? ctx.oldList ?? []).length}`);
      if (ctx.operation === 'BEFORE_INSERT') for (const r of ctx.newList!) if (r.get('LastName') === 'Blocked') r.errors.push({ message: 'blocked', field: null });
    },
    hasTriggers: () => true,
    describeException: () => null,
    userId: () => '005000000000001AAA',
  });
  return { schema, db, dml, fired, advance: (ms: number) => (now += ms) };
}

function rec(type: string, fields: Record<string, unknown>): SObjectRecord {
  const r = new SObjectRecord(type);
  for (const [k, v] of Object.entries(fields)) r.set(k, v as any);
  return r;
}

test('schema: custom objects, fields, prefixes, autonumber', () => {
  const { schema } = setup();
  const sub = schema.require('Widget__c');
  assert.match(sub.keyPrefix, /^a\d[0-9A-Za-z]$/);
  assert.equal(sub.fields.get('external_id__c')!.externalId, true);
  assert.equal(sub.fields.get('external_id__c')!.caseSensitive, true);
  assert.equal(sub.fields.get('amount__c')!.scale, 3);
  assert.equal(sub.fields.get('name')!.autoNumber, true);
  assert.ok(schema.require('Contact').childRelationships.has('widgets__r'));
  assert.equal(schema.customMetadataRecords.get('setting__mdt')!.length, 1);
});

test('DML insert, unique constraints, required fields, SOQL with relationships', () => {
  const { dml, db, fired } = setup();
  const c = rec('Contact', { LastName: 'Smith', Email: 'S@x.com' });
  const [r] = dml.execute('insert', [c], true);
  assert.ok(r!.success);
  assert.ok(c.id!.startsWith('003'));
  const w1 = rec('Widget__c', { Contact__c: c.id, External_Id__c: 'abc', Amount__c: new ApexDecimal(15n, 1) });
  const w2 = rec('Widget__c', { External_Id__c: 'ABC' });
  const w3 = rec('Widget__c', { External_Id__c: 'abc' });
  const res = dml.execute('insert', [w1, w2, w3], false);
  assert.deepEqual(res.map((x) => x.success), [true, true, false]);
  assert.equal(res[2]!.errors[0]!.statusCode, 'DUPLICATE_VALUE');
  const missing = dml.execute('insert', [rec('Contact', {})], false);
  assert.equal(missing[0]!.errors[0]!.statusCode, 'REQUIRED_FIELD_MISSING');
  const blocked = dml.execute('insert', [rec('Contact', { LastName: 'Blocked' })], false);
  assert.equal(blocked[0]!.errors[0]!.message, 'blocked');
  assert.ok(fired.includes('Contact:AFTER_INSERT:1'));

  const q = compileQueryText("SELECT Id, Name, Amount__c, Contact__r.Email, Contact__r.Name FROM Widget__c WHERE Contact__r.Email = 's@x.com' ORDER BY Name");
  const out = executeQuery(db, q, () => null);
  assert.equal(out.kind, 'records');
  if (out.kind !== 'records') return;
  assert.equal(out.records.length, 1);
  assert.equal(out.records[0]!.get('Name'), 'W-00001');
  assert.equal(decimalToString(out.records[0]!.get('Amount__c') as ApexDecimal), '1.500');
  const parent = out.records[0]!.get('Contact__r') as SObjectRecord;
  assert.equal(parent.get('Name'), 'Smith');
  assert.ok(!out.records[0]!.has('External_Id__c'));

  const sub = executeQuery(db, compileQueryText('SELECT Id, (SELECT Id FROM Widgets__r) FROM Contact'), () => null);
  assert.equal(sub.kind === 'records' && (sub.records[0]!.get('Widgets__r') as any).items.length, 1);
  const cnt = executeQuery(db, compileQueryText('SELECT COUNT() FROM Widget__c WHERE External_Id__c IN :ids'), () => new ApexList(typeRef('String'), ['abc', 'zzz']));
  assert.equal(cnt.kind === 'count' && cnt.count, 1);
  const agg = executeQuery(db, compileQueryText('SELECT Contact__c, COUNT(Id) n FROM Widget__c GROUP BY Contact__c'), () => null);
  assert.equal(agg.kind === 'aggregate' && agg.records.length, 2);
  const today = executeQuery(db, compileQueryText('SELECT Id FROM Widget__c WHERE CreatedDate = TODAY AND CreatedDate >= LAST_N_DAYS:2 AND CreatedDate < TOMORROW'), () => null);
  assert.equal(today.kind === 'records' && today.records.length, 2);
});

test('upsert on external id, delete and undelete', () => {
  const { dml, db } = setup();
  dml.execute('insert', [rec('Widget__c', { External_Id__c: 'k1' })], true);
  const res = dml.execute('upsert', [rec('Widget__c', { External_Id__c: 'k1', Status__c: 'open' }), rec('Widget__c', { External_Id__c: 'k2' })], true, 'External_Id__c');
  assert.deepEqual(res.map((r) => r.created), [false, true]);
  assert.equal(db.rows('Widget__c').length, 2);
  const bad = dml.execute('update', [rec('Widget__c', { Id: res[0]!.id, Status__c: 'nope' })], false);
  assert.equal(bad[0]!.errors[0]!.statusCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  dml.execute('delete', [res[0]!.id!], true);
  assert.equal(db.rows('Widget__c').length, 1);
  dml.execute('undelete', [res[0]!.id!], true);
  assert.equal(db.rows('Widget__c').length, 2);
});

test('formula fields: MRR-style formula', async () => {
  const { formulaValue } = await import('../../src/data/formula.js');
  const { baseField } = await import('../../src/data/schema.js');
  const f = baseField('MRR__c', 'double', {
    scale: 3,
    precision: 18,
    formula: `IF(OR(ISPICKVAL(Status__c, "active"), ISPICKVAL(Status__c, "trialing")),
      BLANKVALUE(Amount__c, 0) / MAX(BLANKVALUE(Count__c, 1), 1) * CASE(TEXT(Interval__c), "day", 365 / 12, "week", 52 / 12, "month", 1, "year", 1 / 12, 0), 0)`,
  });
  const vals = new Map<string, any>([['status__c', 'active'], ['amount__c', new ApexDecimal(120000n, 3)], ['interval__c', 'year'], ['count__c', null]]);
  assert.equal(decimalToString(formulaValue(f, vals, 0) as ApexDecimal), '10.000');
  vals.set('status__c', 'canceled');
  assert.equal(decimalToString(formulaValue(f, vals, 0) as ApexDecimal), '0.000');
});
