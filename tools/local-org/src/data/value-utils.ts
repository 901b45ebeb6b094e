/** Value helpers the data layer needs: field-type coercion on save, SOQL comparison, literal parsing. */
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDecimal,
  ApexDouble,
  ApexList,
  ApexSet,
  ApexTime,
  SObjectRecord,
  Value,
} from '../interpreter/values.js';
import type { FieldDescribe } from './schema.js';
import { normalizeId } from './ids.js';

export function decimalFromString(s: string): ApexDecimal {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
  if (!m) throw new Error(`Invalid decimal: ${s}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] || '0';
  const frac = m[3] ?? '';
  const exp = m[4] ? Number(m[4]) : 0;
  let digits = intPart + frac;
  let scale = frac.length - exp;
  if (scale < 0) {
    digits = digits + '0'.repeat(-scale);
    scale = 0;
  }
  void intPart;
  void exp;
  return new ApexDecimal(sign * BigInt(digits || '0'), scale);
}

export function decimalFromNumber(n: number): ApexDecimal {
  if (Number.isInteger(n)) return new ApexDecimal(BigInt(n), 0);
  return decimalFromString(String(n));
}

export function decimalToNumber(d: ApexDecimal): number {
  return Number(d.unscaled) / 10 ** d.scale;
}

export function decimalToString(d: ApexDecimal): string {
  const neg = d.unscaled < 0n;
  let s = (neg ? -d.unscaled : d.unscaled).toString();
  if (d.scale > 0) {
    s = s.padStart(d.scale + 1, '0');
    s = s.slice(0, s.length - d.scale) + '.' + s.slice(s.length - d.scale);
  }
  return (neg ? '-' : '') + s;
}

/** Round half-up (away from zero on .5) to the given scale. */
export function setScale(d: ApexDecimal, scale: number): ApexDecimal {
  if (d.scale === scale) return d;
  if (d.scale < scale) return new ApexDecimal(d.unscaled * 10n ** BigInt(scale - d.scale), scale);
  const div = 10n ** BigInt(d.scale - scale);
  const neg = d.unscaled < 0n;
  const abs = neg ? -d.unscaled : d.unscaled;
  let q = abs / div;
  const r = abs % div;
  if (r * 2n >= div) q += 1n;
  return new ApexDecimal(neg ? -q : q, scale);
}

export function toDecimal(v: Value): ApexDecimal | null {
  if (v === null || v === undefined) return null;
  if (v instanceof ApexDecimal) return v;
  if (typeof v === 'number') return decimalFromNumber(v);
  if (typeof v === 'bigint') return new ApexDecimal(v, 0);
  if (v instanceof ApexDouble) return decimalFromNumber(v.v);
  if (typeof v === 'string') return decimalFromString(v);
  return null;
}

export function compareDecimal(a: ApexDecimal, b: ApexDecimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = setScale(a, s).unscaled;
  const y = setScale(b, s).unscaled;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function numericValue(v: Value): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDecimal) return decimalToNumber(v);
  if (v instanceof ApexDouble) return v.v;
  return null;
}

export function dateToString(d: ApexDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function dateToEpochDay(d: ApexDate): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86400000);
}

export function dateFromMs(ms: number): ApexDate {
  const dt = new Date(ms);
  return new ApexDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function datetimeToIso(d: ApexDatetime): string {
  return new Date(d.ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');
}

export function parseDateLiteral(s: string): ApexDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) throw new Error(`Invalid date: ${s}`);
  return new ApexDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function parseDatetimeLiteral(s: string): ApexDatetime {
  const t = s.trim();
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : t + 'Z');
  if (Number.isNaN(ms)) throw new Error(`Invalid datetime: ${s}`);
  return new ApexDatetime(ms);
}

/** The Apex type name of a field (for `DataServices.fieldType`). */
export function apexTypeOfField(f: FieldDescribe): string {
  if (f.metadataRelationship) return 'String';
  switch (f.type) {
    case 'id':
    case 'reference':
      return 'Id';
    case 'boolean':
      return 'Boolean';
    case 'double':
    case 'currency':
    case 'percent':
      return 'Decimal';
    case 'integer':
      return 'Integer';
    case 'long':
      return 'Long';
    case 'date':
      return 'Date';
    case 'datetime':
      return 'Datetime';
    case 'time':
      return 'Time';
    case 'base64':
      return 'Blob';
    case 'address':
    case 'location':
    case 'anytype':
      return 'Object';
    default:
      return 'String';
  }
}

/** Convert a value to the storage form of a field: '' → null for text, numbers to the field's scale, Ids to 18 chars. */
export function toStorage(f: FieldDescribe, v: Value): Value {
  if (v === undefined || v === null) return f.type === 'boolean' ? false : null;
  switch (f.type) {
    case 'id':
    case 'reference': {
      if (typeof v !== 'string') return v;
      if (v === '') return null;
      return normalizeId(v) ?? v;
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : v === 'true';
    case 'double':
    case 'currency':
    case 'percent': {
      const d = toDecimal(v);
      return d ? setScale(d, f.scale) : null;
    }
    case 'integer': {
      const n = numericValue(v);
      return n === null ? null : Math.trunc(n);
    }
    case 'date':
      if (v instanceof ApexDatetime) return dateFromMs(v.ms);
      if (typeof v === 'string') return parseDateLiteral(v);
      return v;
    case 'datetime': {
      // Datetime fields keep whole seconds (the platform drops milliseconds on save).
      let d: Value = v;
      if (typeof v === 'string') d = parseDatetimeLiteral(v);
      if (v instanceof ApexDate) d = new ApexDatetime(Date.UTC(v.year, v.month - 1, v.day));
      return d instanceof ApexDatetime ? new ApexDatetime(Math.floor(d.ms / 1000) * 1000) : d;
    }
    case 'time':
    case 'base64':
    case 'address':
    case 'location':
    case 'anytype':
      return v;
    default:
      if (typeof v === 'string') return v === '' ? null : v;
      return stringOf(v);
  }
}

/** Display string of a primitive value (SOQL/plain-object output). */
export function stringOf(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof ApexDecimal) return decimalToString(v);
  if (v instanceof ApexDouble) return String(v.v);
  if (v instanceof ApexDate) return dateToString(v);
  if (v instanceof ApexDatetime) return datetimeToIso(v);
  if (v instanceof ApexTime) {
    const ms = v.ms;
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(Math.floor(ms / 3600000))}:${p(Math.floor(ms / 60000) % 60)}:${p(Math.floor(ms / 1000) % 60)}.${p(ms % 1000, 3)}Z`;
  }
  if (v instanceof ApexBlob) return v.bytes.toString('base64');
  return String(v);
}

/** Value from a metadata literal (custom metadata record values, default values). */
export function fromMetadataString(f: FieldDescribe, s: string | null | undefined): Value {
  if (s === null || s === undefined) return f.type === 'boolean' ? false : null;
  switch (f.type) {
    case 'boolean':
      return s.trim().toLowerCase() === 'true';
    case 'double':
    case 'currency':
    case 'percent':
      return s.trim() === '' ? null : setScale(decimalFromString(s), Math.max(f.scale, 0));
    case 'integer':
      return Number(s);
    case 'date':
      return parseDateLiteral(s);
    case 'datetime':
      return parseDatetimeLiteral(s);
    default:
      return s;
  }
}

/**
 * Evaluate a field default value (metadata `<defaultValue>` formula) for the simple forms: literals, quoted strings,
 * true/false, numbers, TODAY(), NOW(). Returns undefined when the formula is not understood.
 */
export function evalDefault(f: FieldDescribe, nowMs: number): Value | undefined {
  const raw = f.defaultValue;
  if (raw === undefined) return undefined;
  const t = raw.trim();
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^".*"$|^'.*'$/s.test(t)) return toStorage(f, t.slice(1, -1));
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return toStorage(f, decimalFromString(t));
  if (/^TODAY\(\)$/i.test(t)) return dateFromMs(nowMs);
  if (/^NOW\(\)$/i.test(t)) return new ApexDatetime(nowMs);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// SOQL comparison semantics

/** Equality as SOQL compares: strings case-insensitively, Ids on 15 characters, numbers by value. */
export function soqlEquals(a: Value, b: Value): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const c = soqlCompare(a, b);
  return c === 0;
}

/** Ordering as SOQL sorts: null handled by the caller; strings case-insensitive. NaN when not comparable. */
export function soqlCompare(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return 0;
    if (looksLikeId(a) && looksLikeId(b) && (a.length !== b.length || a.length === 15 || a.length === 18)) {
      const x = a.substring(0, 15);
      const y = b.substring(0, 15);
      if (x === y) return 0;
    }
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (numeric(a) && numeric(b)) return compareDecimal(toDecimal(a)!, toDecimal(b)!);
  if (a instanceof ApexDate && b instanceof ApexDate) return dateToEpochDay(a) - dateToEpochDay(b);
  if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.ms - b.ms;
  if (a instanceof ApexDatetime && b instanceof ApexDate) return a.ms - Date.UTC(b.year, b.month - 1, b.day);
  if (a instanceof ApexDate && b instanceof ApexDatetime) return Date.UTC(a.year, a.month - 1, a.day) - b.ms;
  if (a instanceof ApexTime && b instanceof ApexTime) return a.ms - b.ms;
  if (typeof a === 'string' && typeof b !== 'string') return soqlCompare(a, stringOf(b));
  if (typeof b === 'string' && typeof a !== 'string') return soqlCompare(stringOf(a), b);
  return NaN;
}

function numeric(x: Value): boolean {
  return typeof x === 'number' || typeof x === 'bigint' || x instanceof ApexDecimal || x instanceof ApexDouble;
}

/** 15 or 18 letters and digits, a digit among the first three (by char code: called for every string compared) */
function looksLikeId(s: string): boolean {
  if (s.length !== 15 && s.length !== 18) return false;
  let digitInPrefix = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (!digit && !(c >= 65 && c <= 90) && !(c >= 97 && c <= 122)) return false;
    if (digit && i < 3) digitInPrefix = true;
  }
  return digitInPrefix;
}

/** Flatten a bind value for IN: List, Set, Map keys? (platform: List/Set; a List<SObject> binds its Ids). */
export function bindValues(v: Value): Value[] {
  if (v instanceof ApexList) return v.items.map((x) => (x instanceof SObjectRecord ? x.id : x));
  if (v instanceof ApexSet) return [...v.map.values()];
  if (v instanceof SObjectRecord) return [v.id];
  return [v];
}

export function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}
