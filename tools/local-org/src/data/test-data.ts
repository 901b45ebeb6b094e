/**
 * The data helpers of the `Test` class: `Test.loadData` (CSV static resources), `Test.calculatePermissionSetGroup`,
 * `Test.setFixedSearchResults`, `Test.setCreatedDate`, `Test.getEventBus`, and the async ones (async.ts).
 */
import type { NotHandled, DmlOp, DmlOptions, Runtime } from '../interpreter/services.js';
import {
  ApexBlob,
  ApexDatetime,
  ApexList,
  NativeObject,
  SObjectRecord,
  typeRef,
  type Value,
} from '../interpreter/values.js';
import type { AsyncEngine } from './async.js';
import type { OrgDatabase } from './database.js';
import { normalizeId } from './ids.js';
import type { Schema } from './schema.js';
import { fromMetadataString } from './value-utils.js';
import { native, newList } from './helpers.js';

/** What the Test data helpers need of the org's services (implemented by LocalDataServices, services-impl.ts). */
export interface TestDataHost {
  readonly schema: Schema;
  readonly db: OrgDatabase;
  readonly async: AsyncEngine;
  rt: Runtime;
  newSObject(typeName: string, fields: [string, Value][]): SObjectRecord;
  dml(op: DmlOp, target: Value, opts: DmlOptions): void;
}

export function testDataMethod(svc: TestDataHost, method: string, args: Value[]): Value | NotHandled {
  switch (method.toLowerCase()) {
    case 'loaddata': {
      // Apex Developer Guide › Loading Test Data: a CSV static resource, header row of field API names, one record
      // per line; the records are inserted and returned
      const token = args[0];
      const typeName = token instanceof NativeObject ? String(token.data?.name ?? '') : '';
      const obj = svc.schema.get(typeName);
      if (!obj) svc.rt.throwApex('System.NullPointerException', 'Attempt to de-reference a null object');
      const res = svc.db
        .rows('StaticResource')
        .find((r) => String(r.values.get('name')).toLowerCase() === String(args[1] ?? '').toLowerCase());
      const body = res?.values.get('body');
      if (!(body instanceof ApexBlob))
        svc.rt.throwApex('System.StringException', `Static Resource ${String(args[1])} not found`);
      const rows = parseCsv((body as ApexBlob).bytes.toString('utf8'));
      const header = rows.shift() ?? [];
      const records = rows
        .filter((r) => r.some((c) => c !== ''))
        .map((r) => {
          const pairs: [string, Value][] = [];
          header.forEach((h, i) => {
            const f = obj!.fields.get(h.trim().toLowerCase());
            if (!f) svc.rt.throwApex('System.SObjectException', `Invalid field ${h.trim()} for ${obj!.name}`);
            if (f!.type === 'id') return;
            pairs.push([f!.name, fromMetadataString(f!, r[i] === '' ? null : (r[i] ?? null))]);
          });
          return svc.newSObject(obj!.name, pairs);
        });
      const list = svc.rt.newList(typeRef(obj!.name), records);
      svc.dml('insert', list, { allOrNone: true });
      return list;
    }
    case 'calculatepermissionsetgroup': {
      // Apex Reference › Test.calculatePermissionSetGroup: recalculates the group (its Status becomes Updated);
      // the local access model always reads the current components
      const ids = args[0] instanceof ApexList ? args[0].items : [args[0]];
      for (const id of ids) {
        const g = typeof id === 'string' ? svc.db.get(id) : undefined;
        if (g) svc.db.patch(g, { Status: 'Updated' });
      }
      return null;
    }
    case 'setfixedsearchresults': {
      // Apex Developer Guide › Adding SOSL Queries to Unit Tests
      const ids = args[0] instanceof ApexList ? args[0].items.map((x) => normalizeId(String(x))) : [];
      ((svc.rt as any).state as Record<string, unknown>).fixedSearchResults = ids;
      return null;
    }
    case 'setcreateddate': {
      const id = args[0];
      const dt = args[1];
      const r = typeof id === 'string' ? svc.db.get(id) : undefined;
      if (!r)
        svc.rt.throwApex(
          'System.IllegalArgumentException',
          'The sObject with the ID ' +
            String(id) +
            ' isn’t part of this transaction. Provide the ID of an sObject that this test method created.',
        );
      if (dt instanceof ApexDatetime) svc.db.patch(r!, { createddate: dt });
      return null;
    }
    case 'geteventbus':
      return native('EventBus.TestBroker', {});
    case 'enqueuebatchjobs':
    case 'getflexqueueorder':
      return newList(svc.rt, 'Id', []);
    default:
      return svc.async.testCall();
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}
