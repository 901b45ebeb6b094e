/** Small bridges to interpreter internals that are not part of the Runtime interface (feature-detected). */
import {
  ApexList,
  ApexMap,
  ApexSet,
  EnumValue,
  NativeObject,
  SObjectRecord,
  Value,
  typeRef,
  TypeRef,
} from '../interpreter/values.js';
import type { Runtime } from '../interpreter/services.js';

let keyOfFn: ((rt: Runtime, v: Value) => unknown) | null | undefined;

export function mapKey(rt: Runtime, v: Value): unknown {
  if (keyOfFn === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      keyOfFn = require('../interpreter/builtins.js').keyOf ?? null;
    } catch {
      keyOfFn = null;
    }
  }
  if (keyOfFn) return keyOfFn(rt, v);
  if (v instanceof SObjectRecord) return v;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
}

export function newMap(rt: Runtime, k: TypeRef, v: TypeRef, entries: Array<[Value, Value]> = []): ApexMap {
  const m = new ApexMap(k, v);
  for (const [key, val] of entries) m.map.set(mapKey(rt, key), [key, val]);
  return m;
}

export function newSet(rt: Runtime, t: TypeRef, items: Value[]): ApexSet {
  const s = new ApexSet(t);
  for (const i of items) s.map.set(mapKey(rt, i), i);
  return s;
}

export function newList(rt: Runtime, t: TypeRef | string, items: Value[]): ApexList {
  const tr = typeof t === 'string' ? typeRef(t) : t;
  return rt.newList ? rt.newList(tr, items) : new ApexList(tr, items);
}

export function mapGet(m: ApexMap, key: string): Value {
  for (const [k, v] of m.map.values()) if (typeof k === 'string' && k.toLowerCase() === key.toLowerCase()) return v;
  return null;
}

export function mapEntries(m: ApexMap): Array<[Value, Value]> {
  return [...m.map.values()];
}

export function native(typeName: string, data: any): NativeObject {
  return new NativeObject(typeName, data);
}

export function isNative(v: Value, typeName: string): v is NativeObject {
  return v instanceof NativeObject && v.typeName.toLowerCase() === typeName.toLowerCase();
}

const enumCache = new Map<string, EnumValue>();
/** One EnumValue per name so == compares by identity as well as by name. */
export function enumValue(typeName: string, name: string, ordinal = 0): EnumValue {
  const key = `${typeName}.${name}`.toLowerCase();
  let v = enumCache.get(key);
  if (!v) {
    v = new EnumValue(typeName, name, ordinal);
    enumCache.set(key, v);
  }
  return v;
}
