/**
 * Heap and CPU governor models (Apex Developer Guide, "Execution Governors and Limits": total heap size 6 MB
 * synchronous / 12 MB asynchronous, maximum CPU time 10 000 ms synchronous / 60 000 ms asynchronous; exceeding
 * either throws the uncatchable System.LimitException).
 *
 * Neither can be measured here the way the platform measures it (a JVM's allocation and CPU accounting), so both
 * are models, deterministic so that a test gives the same figure on every machine. README.md ("Governor
 * behaviour") gives the error bars.
 *
 * Heap: the live Apex data reachable from static variables and the active stack frames (locals, `this`, trigger
 * context lists), each object counted once:
 *   String/Id 1 byte per character + 4; Integer, Date, Time 4; Long, Double, Decimal, Datetime 8; Boolean 1;
 *   Blob its bytes + 4; a List/Set 8 + 4 per element + the elements; a Map 8 + 8 per entry + keys and values;
 *   an SObject 16 + per populated field 4 + its value; an Apex object 8 + per field 4 + its value; a built-in
 *   object 16 + the strings it holds.
 * CPU: a cost per executed statement and method call, plus per DML statement/row and SOQL query/row, plus
 * per character for JSON (de)serialization and for `+` building a long string; the platform's CPU time excludes
 * database time, as this does.
 */
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDecimal,
  ApexDouble,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexTime,
  EnumValue,
  NativeObject,
  SObjectRecord,
  type Value,
} from './values.js';

/** CPU cost model, in microseconds. */
export const CPU_COST_MICROS = {
  statement: 1,
  methodCall: 2,
  dmlStatement: 1000,
  dmlRow: 300,
  soqlQuery: 500,
  soqlRow: 20,
  jsonChar: 0.2,
  /** building a string over 1000 characters with `+` (the copy) */
  stringChar: 0.002,
};

export const HEAP_LIMIT = { sync: 6_000_000, async: 12_000_000 };
export const CPU_LIMIT_MS = { sync: 10_000, async: 60_000 };

/** Approximate heap bytes of the values reachable from `roots` (objects counted once). */
export function heapBytes(roots: Iterable<Value>): { bytes: number; visited: number } {
  const seen = new Set<object>();
  let visited = 0;
  const size = (v: Value): number => {
    visited++;
    if (v === null || v === undefined) return 0;
    switch (typeof v) {
      case 'string':
        return 4 + v.length;
      case 'number':
        return 4;
      case 'bigint':
        return 8;
      case 'boolean':
        return 1;
    }
    if (v instanceof ApexDecimal || v instanceof ApexDouble || v instanceof ApexDatetime) return 8;
    if (v instanceof ApexDate || v instanceof ApexTime || v instanceof EnumValue) return 4;
    if (v instanceof ApexBlob) return 4 + v.bytes.length;
    const o = v as object;
    if (seen.has(o)) return 4;
    seen.add(o);
    if (v instanceof ApexList) {
      let n = 8 + 4 * v.items.length;
      for (const x of v.items) n += size(x);
      return n;
    }
    if (v instanceof ApexSet) {
      let n = 8 + 4 * v.map.size;
      for (const x of v.map.values()) n += size(x);
      return n;
    }
    if (v instanceof ApexMap) {
      let n = 8 + 8 * v.map.size;
      for (const [k, x] of v.map.values()) n += size(k) + size(x);
      return n;
    }
    if (v instanceof SObjectRecord) {
      let n = 16;
      for (const f of v.fields.values()) n += 4 + size(f.value);
      return n;
    }
    if (v instanceof ApexObject) {
      let n = 8;
      for (const x of v.fields.values()) n += 4 + size(x);
      return n;
    }
    if (v instanceof NativeObject) {
      let n = 16;
      const d = v.data;
      if (d && typeof d === 'object') {
        for (const x of Object.values(d)) if (typeof x === 'string') n += 4 + x.length;
      }
      return n;
    }
    return 4;
  };
  let bytes = 0;
  for (const r of roots) bytes += size(r);
  return { bytes, visited };
}
