/**
 * Value semantics every part of the runtime shares: `String.valueOf` (toApexString), the hash keys of Set and Map
 * elements (by value; String keys case-sensitive, describe maps case-insensitive), an Integer argument, and
 * SObject `clone`.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
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
  ApexType,
  EnumValue,
  NativeObject,
  SObjectRecord,
  typeRefToString,
  type Value,
} from './values.js';
import * as N from './numbers.js';
import { dateToString, datetimeToString, timeToString } from './datetime.js';

// ------------------------------------------------------------------ String.valueOf

export function toApexString(interp: Interpreter, v: Value, nested = false): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return String(v);
    case 'number':
      return String(v);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof ApexDecimal) return N.decToString(v);
  if (v instanceof ApexDouble) return N.javaDoubleToString(v.v);
  if (v instanceof ApexDate) return dateToString(v);
  if (v instanceof ApexDatetime) return datetimeToString(v);
  if (v instanceof ApexTime) return timeToString(v);
  if (v instanceof ApexBlob) return `Blob[${v.bytes.length}]`;
  if (v instanceof ApexList) return '(' + v.items.map((x) => toApexString(interp, x, true)).join(', ') + ')';
  if (v instanceof ApexSet) return '{' + [...v.map.values()].map((x) => toApexString(interp, x, true)).join(', ') + '}';
  if (v instanceof ApexMap)
    return (
      '{' +
      [...v.map.values()]
        .map(([k, x]) => `${toApexString(interp, k, true)}=${toApexString(interp, x, true)}`)
        .join(', ') +
      '}'
    );
  if (v instanceof SObjectRecord)
    return `${v.typeName}:{${[...v.fields.values()].map((f) => `${f.name}=${toApexString(interp, f.value, true)}`).join(', ')}}`;
  if (v instanceof EnumValue) return v.name;
  if (v instanceof ApexType) return typeRefToString(v.ref);
  if (v instanceof ApexObject) {
    const m = interp.findMethodIn(v.cls, 'tostring', [], false);
    if (m) return toApexString(interp, interp.invoke(m, v, []));
    if (interp.isExceptionClass(v.cls))
      return `${v.cls.fullName}: ${(v.native as any).message ?? 'Script-thrown exception'}`;
    void nested;
    const names = new Map<string, string>();
    for (const c of interp.classChain(v.cls).reverse()) {
      for (const st of c.instanceInit) {
        if (st.kind === 'field') names.set(st.field.name.toLowerCase(), st.field.name);
        if (st.kind === 'prop') names.set(st.prop.name.toLowerCase(), st.prop.name);
      }
    }
    // String.valueOf of an inner-class instance names the inner class only ("Inner:[x=1]"): apex-recipes'
    // TriggerHandler takes the handler name from it and its tests pass on real orgs
    return `${v.cls.name}:[${[...v.fields].map(([k, x]) => `${names.get(k) ?? k}=${toApexString(interp, x, true)}`).join(', ')}]`;
  }
  if (v instanceof NativeObject) {
    const def = interp.natives.get(v.typeName.toLowerCase());
    const r = def?.callInstance?.(v, 'tostring', [], interp, interp.site());
    if (typeof r === 'string') return r;
    return v.typeName;
  }
  return String(v);
}

// ------------------------------------------------------------------ Set/Map keys

/** The hash key of a Set element / Map key: value semantics like the platform (String keys are case-sensitive). */
export function keyOf(interp: Interpreter, v: Value): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'boolean':
      return v;
    case 'number':
      return 'n' + v;
    case 'bigint':
      return 'n' + v.toString();
  }
  // Apex Reference › Decimal Class: "1.1 and 1.10 generally do not have the same hashcode" — scale matters in keys
  if (v instanceof ApexDecimal) return 'd' + N.decToString(v);
  if (v instanceof ApexDouble)
    return 'n' + (Number.isInteger(v.v) ? String(v.v) : N.decToString(N.decStripTrailingZeros(N.decFromDouble(v.v))));
  if (v instanceof ApexDate) return 'D' + dateToString(v);
  if (v instanceof ApexDatetime) return 'T' + v.ms;
  if (v instanceof ApexTime) return 't' + v.ms;
  if (v instanceof ApexBlob) return 'B' + v.bytes.toString('hex');
  if (v instanceof EnumValue) return v;
  if (v instanceof ApexType) return 'Y' + typeRefToString(v.ref).toLowerCase();
  if (v instanceof SObjectRecord || v instanceof ApexList || v instanceof ApexSet || v instanceof ApexMap)
    return 'S' + structuralKey(interp, v);
  if (v instanceof ApexObject) {
    const m = interp.findMethodIn(v.cls, 'hashcode', [], false);
    if (m) return 'h' + String(interp.invoke(m, v, []));
    return v;
  }
  return v;
}

/** keyOf for a key of map m: String keys of a case-insensitive (describe) map are folded to lower case. */
export function mapKeyOf(interp: Interpreter, m: ApexMap, v: Value): unknown {
  return keyOf(interp, m.caseInsensitive && typeof v === 'string' ? v.toLowerCase() : v);
}

function structuralKey(interp: Interpreter, v: Value): string {
  if (v instanceof SObjectRecord) {
    return (
      v.typeName +
      '{' +
      [...v.fields.entries()]
        .sort()
        .map(([k, f]) => `${k}=${structuralKey(interp, f.value)}`)
        .join(',') +
      '}'
    );
  }
  if (v instanceof ApexList) return '(' + v.items.map((x) => structuralKey(interp, x)).join(',') + ')';
  if (v instanceof ApexSet) return '{' + [...v.map.keys()].map(String).sort().join(',') + '}';
  if (v instanceof ApexMap)
    return (
      '[' +
      [...v.map.entries()]
        .map(([k, x]) => `${String(k)}=${structuralKey(interp, x[1])}`)
        .sort()
        .join(',') +
      ']'
    );
  const k = keyOf(interp, v);
  return typeof k === 'object' && k !== null ? String(interp.identityHash(k as object)) : String(k);
}

export function int(interp: Interpreter, v: Value): number {
  if (v === null) interp.npe();
  return typeof v === 'number' ? v : Number(interp.toNum(v));
}

export function cloneRecord(r: SObjectRecord, preserveId: boolean, deep: boolean): SObjectRecord {
  const c = new SObjectRecord(r.typeName);
  for (const [k, f] of r.fields) {
    if (k === 'id' && !preserveId) continue;
    let v = f.value;
    if (deep && v instanceof SObjectRecord) v = cloneRecord(v, true, true);
    c.fields.set(k, { name: f.name, value: v });
  }
  return c;
}
