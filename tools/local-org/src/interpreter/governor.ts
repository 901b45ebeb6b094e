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
  EntryMap,
  type EntryHeapCache,
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

/** walk number: an object stamped with the current walk's number was counted already (cheaper than a Set) */
let walkMark = 0;
let walkVisited = 0;
type Marked = ApexList | ApexSet | ApexMap | SObjectRecord | ApexObject | NativeObject;

/** whether `o` was counted in this walk already (and stamps it) */
function seenBefore(o: Marked): boolean {
  if (o.heapMark === walkMark) return true;
  o.heapMark = walkMark;
  return false;
}

/**
 * The bytes of a value that holds no other value (null, primitives, dates, numbers, Blobs, enum values, types),
 * or -1 for a collection, SObject or object (objectSize). Not recursive, so the walk's loops get it inlined and
 * call objectSize only for what holds other values.
 */
function scalarSize(v: Value): number {
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
  const c = (v as object).constructor;
  if (c === ApexDecimal || c === ApexDouble || c === ApexDatetime) return 8;
  if (c === ApexDate || c === ApexTime || c === EnumValue) return 4;
  if (c === ApexBlob) return 4 + (v as ApexBlob).bytes.length;
  if (c === ApexList || c === SObjectRecord || c === ApexMap || c === ApexObject || c === ApexSet || c === NativeObject)
    return -1;
  // System.Type and anything else: a reference (the value classes have no subclasses)
  return 4;
}

/** the bytes of a value, counting it as visited */
function sizeOf(v: Value): number {
  walkVisited++;
  const s = scalarSize(v);
  return s >= 0 ? s : objectSize(v as Marked);
}

/** the bytes of a collection, SObject or object (already counted as visited), 4 when counted before in this walk */
function objectSize(v: Marked): number {
  if (seenBefore(v)) return 4;
  const c = v.constructor;
  if (c === ApexList) {
    const items = (v as ApexList).items;
    let n = 8 + 4 * items.length;
    walkVisited += items.length;
    for (let i = 0; i < items.length; i++) {
      const x = items[i];
      const s = scalarSize(x);
      n += s >= 0 ? s : objectSize(x as Marked);
    }
    return n;
  }
  if (c === SObjectRecord) {
    let n = 16;
    const fields = (v as SObjectRecord).fields;
    walkVisited += fields.size;
    for (const f of fields.values()) {
      const s = scalarSize(f.value);
      n += 4 + (s >= 0 ? s : objectSize(f.value as Marked));
    }
    return n;
  }
  if (c === ApexMap) {
    const m = (v as ApexMap).map;
    const hc = m.heapCache ?? (m.heapCache = entryHeapCache(m));
    walkVisited += hc.visits;
    let n = hc.bytes;
    const objs = hc.objs;
    for (let i = 0; i < objs.length; i++) n += sizeOf(objs[i]);
    return n;
  }
  if (c === ApexObject) {
    let n = 8;
    const fields = (v as ApexObject).fields;
    walkVisited += fields.size;
    for (const x of fields.values()) {
      const s = scalarSize(x);
      n += 4 + (s >= 0 ? s : objectSize(x as Marked));
    }
    return n;
  }
  if (c === ApexSet) {
    const m = (v as ApexSet).map;
    let n = 8 + 4 * m.size;
    walkVisited += m.size;
    for (const x of m.values()) {
      const s = scalarSize(x);
      n += s >= 0 ? s : objectSize(x as Marked);
    }
    return n;
  }
  // NativeObject
  let n = 16;
  const d = (v as NativeObject).data;
  if (d && typeof d === 'object') {
    for (const x of Object.values(d)) if (typeof x === 'string') n += 4 + x.length;
  }
  return n;
}

function isObjectValue(v: Value): boolean {
  if (v === null || typeof v !== 'object') return false;
  const c = v.constructor;
  return (
    c === ApexList || c === SObjectRecord || c === ApexMap || c === ApexObject || c === ApexSet || c === NativeObject
  );
}

const NO_OBJECTS: Value[] = [];

/**
 * A map's figures without its object keys and values: strings, numbers, dates, Blobs and enum values never
 * change, so their bytes stand while the map does not change (EntryMap drops the cache on set/delete/clear).
 * Objects are walked each time, in entry order, so each is still counted once where the full walk counts it.
 */
function entryHeapCache(m: EntryMap): EntryHeapCache {
  const saved = walkVisited;
  walkVisited = 0;
  let bytes = 8 + 8 * m.size;
  let objs = NO_OBJECTS;
  for (const e of m.values()) {
    const k = e[0];
    const x = e[1];
    if (isObjectValue(k)) (objs === NO_OBJECTS ? (objs = []) : objs).push(k);
    else bytes += sizeOf(k);
    if (isObjectValue(x)) (objs === NO_OBJECTS ? (objs = []) : objs).push(x);
    else bytes += sizeOf(x);
  }
  const visits = walkVisited;
  walkVisited = saved;
  return { bytes, visits, objs };
}

/**
 * Approximate heap bytes of the values reachable from `roots` (objects counted once). Called often (every
 * `Limits.getHeapSize()` and the periodic check), so it stamps objects with the walk's number instead of
 * collecting them in a Set, and dispatches on the constructor.
 */
export function heapBytes(roots: Iterable<Value>): { bytes: number; visited: number } {
  walkMark = (walkMark + 1) | 0 || 1;
  walkVisited = 0;
  let bytes = 0;
  for (const r of roots) bytes += sizeOf(r);
  return { bytes, visited: walkVisited };
}
