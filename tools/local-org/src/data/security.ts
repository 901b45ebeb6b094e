/**
 * Security.stripInaccessible and SObjectAccessDecision (Apex Reference › Security Class, SObjectAccessDecision
 * Class; Apex Developer Guide › Enforce Security with the stripInaccessible Method):
 *  - returns copies of the records without the fields the running user cannot read / create / update / upsert
 *    (field-level security from the access model); the Id is never stripped;
 *  - parent relationship records and child sub-query lists are stripped too; a relationship to an object the
 *    user cannot read is removed;
 *  - with enforceRootObjectCRUD (default true), no object access on the root type throws
 *    System.NoAccessException;
 *  - getRemovedFields() maps each object name to the removed field names, getModifiedIndexes() lists the indexes
 *    of the source records that lost a field.
 */
import { ApexList, EnumValue, NativeObject, SObjectRecord, Value, typeRef } from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef, type Runtime } from '../interpreter/services.js';
import type { AccessModel } from './access.js';
import type { Schema } from './schema.js';
import { native, newList, newMap, newSet } from './helpers.js';

type Op = 'CREATABLE' | 'READABLE' | 'UPDATABLE' | 'UPSERTABLE';

interface Ctx {
  rt: () => Runtime;
  schema: Schema;
  access: AccessModel;
  userId: () => string;
}

export function securityNatives(ctx: Ctx): NativeClassDef[] {
  const objectOk = (obj: string, op: Op): boolean => {
    const u = ctx.userId();
    switch (op) {
      case 'READABLE':
        return ctx.access.canObject(u, obj, 'read');
      case 'CREATABLE':
        return ctx.access.canObject(u, obj, 'create');
      case 'UPDATABLE':
        return ctx.access.canObject(u, obj, 'edit');
      case 'UPSERTABLE':
        return ctx.access.canObject(u, obj, 'create') && ctx.access.canObject(u, obj, 'edit');
    }
  };
  const fieldOk = (obj: string, fieldName: string, op: Op): boolean => {
    const f = ctx.schema.field(obj, fieldName);
    if (!f) return true;
    const u = ctx.userId();
    const read = () => ctx.access.canField(u, obj, f.name, 'read', f.custom, f.required);
    const edit = () => ctx.access.canField(u, obj, f.name, 'edit', f.custom, f.required);
    switch (op) {
      case 'READABLE':
        return read();
      case 'CREATABLE':
        return f.createable && edit();
      case 'UPDATABLE':
        return f.updateable && edit();
      case 'UPSERTABLE':
        return f.createable && f.updateable && edit();
    }
  };

  const strip = (r: SObjectRecord, op: Op, removed: Map<string, Set<string>>): [SObjectRecord, boolean] => {
    const out = new SObjectRecord(r.typeName);
    out.fromQuery = r.fromQuery;
    let modified = false;
    const remove = (obj: string, field: string) => {
      modified = true;
      let s = removed.get(obj);
      if (!s) removed.set(obj, (s = new Set()));
      s.add(field);
    };
    for (const [key, { name, value }] of r.fields) {
      if (key === 'id') {
        out.set(name, value, name);
        continue;
      }
      if (value instanceof SObjectRecord) {
        if (!objectOk(value.typeName, 'READABLE')) {
          remove(r.typeName, name);
          continue;
        }
        const [child, m] = strip(value, op, removed);
        if (m) modified = true;
        out.set(name, child, name);
        continue;
      }
      if (value instanceof ApexList) {
        const childType = (value.items.find((x) => x instanceof SObjectRecord) as SObjectRecord | undefined)?.typeName;
        if (childType && !objectOk(childType, 'READABLE')) {
          remove(r.typeName, name);
          continue;
        }
        const items = value.items.map((x) => {
          if (!(x instanceof SObjectRecord)) return x;
          const [c, m] = strip(x, op, removed);
          if (m) modified = true;
          return c;
        });
        const l = new ApexList(value.elemType, items);
        l.fromQuery = value.fromQuery;
        out.set(name, l, name);
        continue;
      }
      if (!fieldOk(r.typeName, name, op)) {
        remove(r.typeName, ctx.schema.field(r.typeName, name)?.name ?? name);
        continue;
      }
      out.set(name, value, name);
    }
    out.errors = [...r.errors];
    return [out, modified];
  };

  const security: NativeClassDef = {
    name: 'Security',
    callStatic(method, args) {
      if (method.toLowerCase() !== 'stripinaccessible') return NOT_HANDLED;
      const [t, src, enforce] = args;
      if (!(t instanceof EnumValue)) ctx.rt().throwApex('System.NullPointerException', 'Argument cannot be null');
      if (typeof enforce === 'string') return NOT_HANDLED; // the permission-set overload is not modelled
      const op = (t as EnumValue).name as Op;
      if (src === null) ctx.rt().throwApex('System.NullPointerException', 'Argument cannot be null');
      const records = src instanceof ApexList ? src.items : [];
      const removed = new Map<string, Set<string>>();
      const modified: number[] = [];
      const out: Value[] = [];
      records.forEach((r, i) => {
        if (!(r instanceof SObjectRecord)) {
          out.push(r);
          return;
        }
        if (enforce !== false && !objectOk(r.typeName, op))
          ctx.rt().throwApex('System.NoAccessException', `No access to entity: ${r.typeName}`);
        const [s, m] = strip(r, op, removed);
        // a record that keeps all its fields is returned as is: DML on getRecords() then sets the Id on the
        // caller's record (apex-recipes' Safely inserts the decision's records and reads the original's Id)
        if (m) modified.push(i);
        out.push(m ? s : r);
      });
      const elem = src instanceof ApexList ? src.elemType : typeRef('SObject');
      return native('System.SObjectAccessDecision', { records: newList(ctx.rt(), elem, out), removed, modified });
    },
  };
  const decision: NativeClassDef = {
    name: 'System.SObjectAccessDecision',
    callInstance(self, method) {
      const d = (self as NativeObject).data as {
        records: ApexList;
        removed: Map<string, Set<string>>;
        modified: number[];
      };
      switch (method.toLowerCase()) {
        case 'getrecords':
          return d.records;
        case 'getremovedfields':
          return newMap(
            ctx.rt(),
            typeRef('String'),
            typeRef('Set', typeRef('String')),
            [...d.removed].map(([k, v]) => [k, newSet(ctx.rt(), typeRef('String'), [...v])] as [Value, Value]),
          );
        case 'getmodifiedindexes':
          return newSet(ctx.rt(), typeRef('Integer'), d.modified);
        default:
          return NOT_HANDLED;
      }
    },
  };
  return [security, decision, { ...decision, name: 'SObjectAccessDecision' }];
}
