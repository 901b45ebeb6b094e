/**
 * Database natives: `Database.insert/update/upsert/delete/undelete` with their results (SaveResult, UpsertResult,
 * DeleteResult, UndeleteResult, Database.Error), `Database.query*` / `countQuery*` / `getQueryLocator*`,
 * QueryLocator and its iterator, DMLOptions, savepoints.
 */
import { ApexList, ApexMap, EnumValue, NativeObject, SObjectRecord, Value } from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef } from '../interpreter/services.js';
import { DmlRowResult, DmlOperation } from './dml.js';
import { compileQueryText, executeQuery, SoqlError, SoqlQuery } from './soql.js';
import { mapGet, native, newList } from './helpers.js';
import type { DataHost } from './data-host.js';
import { statusCode } from './status-codes.js';

function errorObj(e: { statusCode: string; message: string; fields: string[] }): NativeObject {
  return native('Database.Error', e);
}

function resultObjects(svc: DataHost, kind: string, results: DmlRowResult[]): NativeObject[] {
  return results.map((r) => native(kind, { id: r.id, success: r.success, created: r.created, errors: r.errors }));
}

/** AccessLevel.USER_MODE (an enum value or a native object, depending on how the interpreter models it). */
function isUserMode(v: Value | undefined): boolean {
  if (v instanceof EnumValue) return v.name.toUpperCase() === 'USER_MODE';
  if (v instanceof NativeObject) return /USER_MODE/i.test(String(v.data?.name ?? v.data?.mode ?? v.data));
  return false;
}

function boolArg(v: Value | undefined, dflt: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (v instanceof NativeObject && v.typeName === 'Database.DMLOptions') return v.data.optAllOrNone ?? dflt;
  return dflt;
}

function compileOrThrow(svc: DataHost, soql: string): SoqlQuery {
  try {
    return compileQueryText(soql);
  } catch (e) {
    if (e instanceof SoqlError) svc.rt.throwApex('System.QueryException', e.message);
    throw e;
  }
}

export function databaseNatives(svc: DataHost) {
  const rt = () => svc.rt;
  const dmlCall = (op: DmlOperation, args: Value[]): Value => {
    const target = args[0] ?? null;
    let extField: string | null = null;
    let allOrNoneArg: Value | undefined = args[1];
    if (op === 'upsert') {
      const f = args[1];
      if (f instanceof NativeObject && f.typeName === 'Schema.SObjectField') {
        extField = f.data.field;
        allOrNoneArg = args[2];
      } else if (typeof f === 'boolean') {
        allOrNoneArg = f;
      } else if (f === null && args.length > 2) {
        allOrNoneArg = args[2];
      }
    }
    const allOrNone = boolArg(allOrNoneArg, true);
    svc.bump('dmlStatements');
    if (args.some((a) => isUserMode(a))) svc.checkDmlAccess(op, target);
    const dmlOpts = args.find(
      (a): a is NativeObject => a instanceof NativeObject && a.typeName === 'Database.DMLOptions',
    );
    const results = svc.runDml(op, target, allOrNone, extField, false, {
      allowFieldTruncation: dmlOpts?.data.allowfieldtruncation === true,
    });
    const kind =
      op === 'insert' || op === 'update'
        ? 'Database.SaveResult'
        : op === 'upsert'
          ? 'Database.UpsertResult'
          : op === 'delete'
            ? 'Database.DeleteResult'
            : 'Database.UndeleteResult';
    const objs = resultObjects(svc, kind, results);
    if (target instanceof ApexList) return newList(rt(), kind, objs);
    return objs[0] ?? null;
  };

  const resultDef = (name: string): NativeClassDef => ({
    name,
    // JSON.deserialize(json, Database.SaveResult.class): how tests fake DML results (the class has no public
    // constructor); the JSON form is the serialized result: {"id":..., "success":..., "errors":[{"message",
    // "statusCode", "fields"}]}
    callStatic(method, args) {
      if (method !== '__fromjson') return NOT_HANDLED;
      const m = args[0];
      const get = (k: string): Value => (m instanceof ApexMap ? mapGet(m, k) : null);
      const errs = get('errors');
      return native(name, {
        id: get('id'),
        success: get('success') === true,
        created: get('created') === true,
        errors: (errs instanceof ApexList ? errs.items : []).map((e) => {
          const eget = (k: string): Value => (e instanceof ApexMap ? mapGet(e, k) : null);
          const fields = eget('fields');
          return {
            message: eget('message') === null ? null : String(eget('message')),
            statusCode: String(eget('statusCode') ?? 'UNKNOWN_EXCEPTION'),
            fields: fields instanceof ApexList ? fields.items.map(String) : [],
          };
        }),
      });
    },
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'issuccess':
          return d.success;
        case 'getid':
          return d.id;
        case 'iscreated':
          return d.created;
        case 'geterrors':
          return newList(rt(), 'Database.Error', d.errors.map(errorObj));
        default:
          return NOT_HANDLED;
      }
    },
    // the results' values are also readable as properties (`sr.id`, `sr.success`, `sr.errors`), as in their JSON form
    getInstance(self, prop) {
      const d = (self as NativeObject).data;
      switch (prop.toLowerCase()) {
        case 'id':
          return d.id;
        case 'success':
          return d.success;
        case 'created':
          return name === 'Database.UpsertResult' ? d.created : NOT_HANDLED;
        case 'errors':
          return newList(rt(), 'Database.Error', d.errors.map(errorObj));
        default:
          return NOT_HANDLED;
      }
    },
  });

  const database: NativeClassDef = {
    name: 'Database',
    callStatic(method, args) {
      switch (method.toLowerCase()) {
        case 'insert':
          return dmlCall('insert', args);
        case 'update':
          return dmlCall('update', args);
        case 'upsert':
          return dmlCall('upsert', args);
        case 'delete':
          return dmlCall('delete', args);
        case 'undelete':
          return dmlCall('undelete', args);
        case 'query': {
          const q = compileOrThrow(svc, String(args[0]));
          return svc.runQuery(q, svc.dynamicBinder(null), isUserMode(args[1]));
        }
        case 'querywithbinds': {
          const q = compileOrThrow(svc, String(args[0]));
          return svc.runQuery(q, svc.dynamicBinder(args[1] instanceof ApexMap ? args[1] : null), isUserMode(args[2]));
        }
        case 'countquery':
        case 'countquerywithbinds': {
          const q = compileOrThrow(svc, String(args[0]));
          return svc.runQuery(
            q,
            svc.dynamicBinder(args[1] instanceof ApexMap ? args[1] : null),
            isUserMode(args[1]) || isUserMode(args[2]),
          );
        }
        case 'getquerylocator':
        case 'getquerylocatorwithbinds': {
          if (args[0] instanceof ApexList)
            return native('Database.QueryLocator', { records: args[0].items, query: null });
          const q = compileOrThrow(svc, String(args[0]));
          const binder = svc.dynamicBinder(args[1] instanceof ApexMap ? args[1] : null);
          // The query runs when the batch starts (bind values are taken now, as the platform does).
          const res = executeQuery(svc.db, q, binder);
          svc.bump('soqlQueries');
          return native('Database.QueryLocator', {
            records: res.kind === 'records' ? res.records : [],
            query: String(args[0]),
          });
        }
        case 'setsavepoint': {
          svc.bump('dmlStatements');
          return native('System.Savepoint', { db: svc.db.snapshot(), async: svc.async.savepoint() });
        }
        case 'rollback': {
          const sp = args[0];
          if (!(sp instanceof NativeObject)) rt().throwApex('System.NullPointerException', 'Argument cannot be null.');
          svc.bump('dmlStatements');
          svc.db.restore((sp as NativeObject).data.db);
          svc.async.rollbackTo((sp as NativeObject).data.async);
          return null;
        }
        case 'releasesavepoint':
          return null;
        case 'emptyrecyclebin': {
          const items = args[0] instanceof ApexList ? args[0].items : [args[0] ?? null];
          for (const it of items) {
            const id = it instanceof SObjectRecord ? it.id : typeof it === 'string' ? it : null;
            const r = id ? svc.db.get(id) : undefined;
            if (r && r.deleted) svc.db.table(r.type).delete(r.id);
          }
          return newList(rt(), 'Database.EmptyRecycleBinResult', []);
        }
        case 'executebatch':
          return svc.async.executeBatch(args[0] ?? null, typeof args[1] === 'number' ? args[1] : 200);
        default:
          return NOT_HANDLED;
      }
    },
  };

  const dbError: NativeClassDef = {
    name: 'Database.Error',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getmessage':
          return d.message;
        case 'getstatuscode':
          return statusCode(d.statusCode);
        case 'getfields':
          return newList(rt(), 'String', [...d.fields]);
        default:
          return NOT_HANDLED;
      }
    },
  };

  const queryLocator: NativeClassDef = {
    name: 'Database.QueryLocator',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      if (method.toLowerCase() === 'getquery') return d.query;
      if (method.toLowerCase() === 'iterator')
        return native('Database.QueryLocatorIterator', { items: d.records, i: 0 });
      return NOT_HANDLED;
    },
  };
  const qlIterator: NativeClassDef = {
    name: 'Database.QueryLocatorIterator',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      if (method.toLowerCase() === 'hasnext') return d.i < d.items.length;
      if (method.toLowerCase() === 'next') return d.items[d.i++] ?? null;
      return NOT_HANDLED;
    },
  };

  const dmlOptions: NativeClassDef = {
    name: 'Database.DMLOptions',
    construct: () => native('Database.DMLOptions', { optAllOrNone: true }),
    getInstance: (self, prop) => {
      const d = (self as NativeObject).data;
      const k = prop.toLowerCase();
      return k === 'optallornone' ? d.optAllOrNone : (d[k] ?? null);
    },
    setInstance: (self, prop, value) => {
      const d = (self as NativeObject).data;
      if (prop.toLowerCase() === 'optallornone') d.optAllOrNone = value;
      else d[prop.toLowerCase()] = value;
      return true;
    },
  };
  return { dmlCall, resultDef, database, dbError, queryLocator, qlIterator, dmlOptions };
}
