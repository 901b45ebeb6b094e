/**
 * Built-in behaviour of values (String, numbers, collections, SObjects, Date/Datetime...) and String.valueOf /
 * map-key semantics. Built-in classes (System, Math, JSON, Http, ...) are registered in natives.ts.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED } from './services.js';
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
  typeRef,
  typeRefToString,
  type Value,
} from './values.js';
import * as N from './numbers.js';
import { dateMethod, datetimeMethod, timeMethod, dateToString, datetimeToString, timeToString } from './datetime.js';

/** System exception hierarchy: [name, parent] (everything under Exception). */
export const SYSTEM_EXCEPTIONS: [string, string | null][] = [
  ['Exception', null],
  ...[
    'AsyncException',
    'CalloutException',
    'DmlException',
    'EmailException',
    'FinalException',
    'HandledException',
    'IllegalArgumentException',
    'InvalidParameterValueException',
    'JSONException',
    'ListException',
    'LimitException',
    'MathException',
    'NoAccessException',
    'NoDataFoundException',
    'NoSuchElementException',
    'NullPointerException',
    'QueryException',
    'RequiredFeatureMissingException',
    'SearchException',
    'SecurityException',
    'SerializationException',
    'SObjectException',
    'StringException',
    'TypeException',
    'UnexpectedException',
    'VisualforceException',
    'XmlException',
    'AssertException',
    'InvalidHeaderException',
    'UnsupportedOperationException',
    'IllegalStateException',
    'AuraHandledException',
    'FormulaValidationException',
    'FormulaEvaluationException',
  ].map((n) => [n, 'Exception'] as [string, string]),
  // namespaced system exceptions (Apex Reference › Cache Exceptions): registered under their full name only
  ...[
    'Cache.Org.OrgCacheException',
    'Cache.Session.SessionCacheException',
    'Cache.Session.SessionCacheNoSessionException',
    'Cache.InvalidParamException',
    'Cache.ItemSizeLimitExceededException',
    'Cache.PlatformCacheInvalidOperationException',
  ].map((n) => [n, 'Exception'] as [string, string]),
];

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

// ------------------------------------------------------------------ Java regex -> JS

export function javaRegex(interp: Interpreter, pattern: string, extraFlags = ''): RegExp {
  let p = pattern;
  let flags = extraFlags;
  const inline = /^\(\?([imsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  p = p.replace(/\\Q([\s\S]*?)(\\E|$)/g, (_m, q: string) => q.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  const classes: Record<string, string> = {
    Lower: 'a-z',
    Upper: 'A-Z',
    Alpha: 'a-zA-Z',
    Digit: '0-9',
    Alnum: 'a-zA-Z0-9',
    Punct: '!-\\/:-@\\[-`{-~',
    Space: ' \\t\\n\\x0B\\f\\r',
    XDigit: '0-9a-fA-F',
    ASCII: '\\x00-\\x7F',
    Blank: ' \\t',
    Cntrl: '\\x00-\\x1F\\x7F',
    Graph: '!-~',
    Print: ' -~',
  };
  p = p.replace(/\\([pP])\{(?:Is)?(\w+)\}/g, (m, pp: string, name: string) => {
    const c = classes[name];
    if (!c) return m;
    return pp === 'p' ? `[${c}]` : `[^${c}]`;
  });
  p = p.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  if (/\(\?>|[*+?}]\+/.test(p)) interp.unsupported(`Java regex construct (possessive/atomic) in ${pattern}`);
  try {
    return new RegExp(p, flags + 'u');
  } catch {
    try {
      return new RegExp(p, flags);
    } catch (e) {
      interp.throwApex('System.StringException', `Invalid regex: ${(e as Error).message}`);
    }
  }
}

/** Java replacement string ($1, \$) -> JS */
export function javaReplacement(rep: string): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i];
      out += n === '$' ? '$$' : n;
    } else if (c === '$' && rep[i + 1] === '0') {
      out += '$&';
      i++;
    } else if (c === '$' && rep[i + 1] === '{') {
      const end = rep.indexOf('}', i);
      out += '$<' + rep.slice(i + 2, end) + '>';
      i = end;
    } else out += c;
  }
  return out;
}

export function javaSplit(interp: Interpreter, s: string, regex: string, limit = 0): string[] {
  if (s === '') return [''];
  const re = javaRegex(interp, regex, 'g');
  const parts: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(s))) {
    if (m[0] === '') {
      if (m.index >= s.length) break;
      if (m.index === 0) {
        re.lastIndex++;
        continue;
      }
      parts.push(s.slice(last, m.index));
      last = m.index;
      re.lastIndex++;
    } else {
      if (m.index === 0 && m.index === last && parts.length === 0 && last === 0) {
        // Java 8+: a zero-width... leading non-empty match produces leading empty string
        parts.push('');
      } else parts.push(s.slice(last, m.index));
      last = m.index + m[0].length;
    }
    if (limit > 0 && parts.length === limit - 1) break;
  }
  parts.push(s.slice(last));
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (limit === 0 && parts.length === 1 && parts[0] === '' && s !== '') return [];
  return parts;
}

/** MessageFormat argument formatting (en_US): numbers grouped with at most 3 fraction digits, Datetimes as
 * `Datetime.format()` (Apex Reference › String.format example: "... was last updated 11/15/2018 12:00 AM"). */
function formatArg(interp: Interpreter, v: Value): string {
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v).toLocaleString('en-US');
  if (v instanceof ApexDecimal || v instanceof ApexDouble) {
    const n = v instanceof ApexDouble ? v.v : N.decToNumber(v);
    return new Intl.NumberFormat('en-US', { maximumFractionDigits: 3, roundingMode: 'halfEven' } as any).format(n);
  }
  if (v instanceof ApexDatetime) return datetimeMethod(interp, v, 'format', []) as string;
  if (v instanceof ApexDate) return dateMethod(interp, v, 'format', []) as string;
  return toApexString(interp, v);
}

/** java.text.MessageFormat-style formatting used by String.format */
export function messageFormat(interp: Interpreter, fmt: string, args: Value[]): string {
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === "'") {
      if (fmt[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = fmt.indexOf("'", i + 1);
      if (end < 0) {
        out += fmt.slice(i + 1);
        break;
      }
      out += fmt.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '{') {
      const end = fmt.indexOf('}', i);
      const spec = fmt.slice(i + 1, end).split(',');
      const idx = Number(spec[0].trim());
      if (Number.isNaN(idx)) interp.throwApex('System.StringException', `Invalid format pattern: ${fmt}`);
      out += idx < args.length ? formatArg(interp, args[idx]) : `{${idx}}`;
      i = end + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function sList(items: string[]): ApexList {
  return new ApexList(typeRef('String'), items);
}

function int(interp: Interpreter, v: Value): number {
  if (v === null) interp.npe();
  return typeof v === 'number' ? v : Number(interp.toNum(v));
}

function str(interp: Interpreter, v: Value): string {
  if (v === null) interp.npe();
  if (typeof v !== 'string') return toApexString(interp, v);
  return v;
}

function isWs(c: string) {
  return /\s/.test(c);
}

function escapeQuotes(s: string) {
  return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

// ------------------------------------------------------------------ instance methods of values

export function callValueMethod(interp: Interpreter, v: Value, lc: string, args: Value[], orig: string): Value {
  if (typeof v === 'string') return stringMethod(interp, v, lc, args);
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof ApexDecimal || v instanceof ApexDouble)
    try {
      return numberMethod(interp, v, lc, args);
    } catch (e) {
      if (e instanceof RangeError) interp.throwApex('System.MathException', e.message);
      throw e;
    }
  if (typeof v === 'boolean') {
    if (lc === 'equals') return v === args[0];
    if (lc === 'hashcode') return v ? 1231 : 1237;
    if (lc === 'tostring') return String(v);
  }
  if (v instanceof ApexList) return listMethod(interp, v, lc, args);
  if (v instanceof ApexSet) return setMethod(interp, v, lc, args);
  if (v instanceof ApexMap) return mapMethod(interp, v, lc, args);
  if (v instanceof SObjectRecord) return sobjectMethod(interp, v, lc, args, orig);
  if (v instanceof ApexDate) return dateMethod(interp, v, lc, args);
  if (v instanceof ApexDatetime) return datetimeMethod(interp, v, lc, args);
  if (v instanceof ApexTime) return timeMethod(interp, v, lc, args);
  if (v instanceof ApexBlob) {
    if (lc === 'tostring') return v.bytes.toString('utf8');
    if (lc === 'size') return v.bytes.length;
  }
  if (v instanceof EnumValue) {
    if (lc === 'name') return v.name;
    if (lc === 'ordinal') return v.ordinal;
    if (lc === 'tostring') return v.name;
    if (lc === 'equals') return v === args[0];
    if (lc === 'hashcode') return v.ordinal;
  }
  if (v instanceof ApexType || v instanceof NativeObject) {
    const tn = v instanceof ApexType ? 'system.type' : v.typeName.toLowerCase();
    const def = interp.natives.get(tn);
    const r = def?.callInstance?.(v, lc, args, interp, interp.site());
    if (r !== undefined && r !== NOT_HANDLED) return r as Value;
    if (lc === 'tostring') return toApexString(interp, v);
    if (lc === 'equals') return interp.equalsValue(v, args[0]);
  }
  return interp.unsupported(`method ${interp.typeNameOf(v)}.${orig}(${args.length} args)`);
}

function stringMethod(interp: Interpreter, s: string, lc: string, args: Value[]): Value {
  const a0 = args[0];
  const a1 = args[1];
  switch (lc) {
    case 'length':
      return s.length;
    case 'abbreviate': {
      const max = int(interp, a0);
      if (args.length === 2) {
        const off = int(interp, a1);
        if (s.length <= max) return s;
        if (max < 7) interp.throwApex('System.StringException', 'Minimum abbreviation width with offset is 7');
        const start = Math.min(off, s.length - (max - 3));
        if (start <= 4) return s.slice(0, max - 3) + '...';
        if (start + max - 3 < s.length) return '...' + s.slice(start, start + max - 6) + '...';
        return '...' + s.slice(s.length - (max - 3));
      }
      if (max < 4) interp.throwApex('System.StringException', 'Minimum abbreviation width is 4');
      return s.length <= max ? s : s.slice(0, max - 3) + '...';
    }
    case 'capitalize':
      return s ? s[0].toUpperCase() + s.slice(1) : s;
    case 'uncapitalize':
      return s ? s[0].toLowerCase() + s.slice(1) : s;
    case 'center': {
      const size = int(interp, a0);
      const pad = args.length > 1 ? str(interp, a1) : ' ';
      if (size <= s.length) return s;
      const total = size - s.length;
      const left = Math.floor(total / 2);
      const mk = (n: number) => pad.repeat(Math.ceil(n / pad.length)).slice(0, n);
      return mk(left) + s + mk(total - left);
    }
    case 'charat': {
      const i = int(interp, a0);
      if (i < 0 || i >= s.length) interp.throwApex('System.StringException', `Invalid index ${i}`);
      return s.charCodeAt(i);
    }
    case 'codepointat':
      return s.codePointAt(int(interp, a0)) ?? null;
    case 'compareto': {
      const o = str(interp, a0);
      for (let i = 0; i < Math.min(s.length, o.length); i++)
        if (s[i] !== o[i]) return s.charCodeAt(i) - o.charCodeAt(i);
      return s.length - o.length;
    }
    case 'contains':
      return s.includes(str(interp, a0));
    case 'containsignorecase':
      return s.toLowerCase().includes(str(interp, a0).toLowerCase());
    case 'containsany':
      return [...str(interp, a0)].some((c) => s.includes(c));
    case 'containsnone':
      return a0 === null || ![...str(interp, a0)].some((c) => s.includes(c));
    case 'containsonly':
      return [...s].every((c) => str(interp, a0).includes(c));
    case 'containswhitespace':
      return /\s/.test(s);
    case 'countmatches': {
      const sub = str(interp, a0);
      return sub ? s.split(sub).length - 1 : 0;
    }
    case 'deletewhitespace':
      return s.replace(/\s/g, '');
    case 'difference': {
      const o = str(interp, a0);
      let i = 0;
      while (i < s.length && i < o.length && s[i] === o[i]) i++;
      return o.slice(i);
    }
    case 'endswith':
      return s.endsWith(str(interp, a0));
    case 'endswithignorecase':
      return s.toLowerCase().endsWith(str(interp, a0).toLowerCase());
    case 'equals':
      return typeof a0 === 'string' && s === a0;
    case 'equalsignorecase':
      return typeof a0 === 'string' && s.toLowerCase() === a0.toLowerCase();
    case 'escapesinglequotes':
      return escapeQuotes(s);
    case 'escapecsv':
      return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    case 'escapeecmascript':
    case 'escapejava':
      return s
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/'/g, lc === 'escapeecmascript' ? "\\'" : "'")
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t')
        .replace(/\//g, lc === 'escapeecmascript' ? '\\/' : '/');
    case 'escapehtml3':
    case 'escapehtml4':
    case 'escapexml':
      return s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, lc === 'escapexml' ? '&apos;' : "'");
    case 'unescapehtml4':
    case 'unescapexml':
      return s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    case 'format':
      return messageFormat(interp, s, a0 instanceof ApexList ? a0.items : []);
    case 'hashcode': {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
      return h;
    }
    case 'indexof':
      return args.length > 1 ? s.indexOf(str(interp, a0), int(interp, a1)) : s.indexOf(str(interp, a0));
    case 'indexofignorecase':
      return s.toLowerCase().indexOf(str(interp, a0).toLowerCase(), args.length > 1 ? int(interp, a1) : 0);
    case 'indexofany': {
      const idx = [...str(interp, a0)].map((c) => s.indexOf(c)).filter((i) => i >= 0);
      return idx.length ? Math.min(...idx) : -1;
    }
    case 'indexofchar':
      return s.indexOf(String.fromCharCode(int(interp, a0)), args.length > 1 ? int(interp, a1) : 0);
    case 'lastindexof':
      return args.length > 1 ? s.lastIndexOf(str(interp, a0), int(interp, a1)) : s.lastIndexOf(str(interp, a0));
    case 'lastindexofignorecase':
      return s.toLowerCase().lastIndexOf(str(interp, a0).toLowerCase());
    case 'isallLowercase':
    case 'isalllowercase':
      return s.length > 0 && /^[a-z]+$/.test(s);
    case 'isalluppercase':
      return s.length > 0 && /^[A-Z]+$/.test(s);
    case 'isalpha':
      return s.length > 0 && /^[\p{L}]+$/u.test(s);
    case 'isalphaspace':
      return /^[\p{L} ]*$/u.test(s);
    case 'isalphanumeric':
      return s.length > 0 && /^[\p{L}\p{N}]+$/u.test(s);
    case 'isalphanumericspace':
      return /^[\p{L}\p{N} ]*$/u.test(s);
    case 'isasciiprintable':
      return /^[\x20-\x7e]*$/.test(s);
    case 'isnumeric':
      return s.length > 0 && /^\p{N}+$/u.test(s);
    case 'isnumericspace':
      return /^[\p{N} ]*$/u.test(s);
    case 'iswhitespace':
      return /^\s*$/.test(s);
    case 'left': {
      const n = int(interp, a0);
      return n < 0 ? '' : s.slice(0, n);
    }
    case 'right': {
      const n = int(interp, a0);
      return n <= 0 ? '' : s.slice(Math.max(0, s.length - n));
    }
    case 'mid': {
      const st = Math.max(0, int(interp, a0));
      return s.substr(st, Math.max(0, int(interp, a1)));
    }
    case 'leftpad':
    case 'rightpad': {
      const n = int(interp, a0);
      const pad = args.length > 1 ? str(interp, a1) : ' ';
      if (n <= s.length || pad === '') return s;
      const fill = pad.repeat(Math.ceil((n - s.length) / pad.length)).slice(0, n - s.length);
      return lc === 'leftpad' ? fill + s : s + fill;
    }
    case 'normalizespace':
      return s.trim().replace(/\s+/g, ' ');
    case 'remove':
      return s.split(str(interp, a0)).join('');
    case 'removeend':
      return a0 && s.endsWith(a0 as string) ? s.slice(0, s.length - (a0 as string).length) : s;
    case 'removeendignorecase':
      return a0 && s.toLowerCase().endsWith((a0 as string).toLowerCase())
        ? s.slice(0, s.length - (a0 as string).length)
        : s;
    case 'removestart':
      return a0 && s.startsWith(a0 as string) ? s.slice((a0 as string).length) : s;
    case 'removestartignorecase':
      return a0 && s.toLowerCase().startsWith((a0 as string).toLowerCase()) ? s.slice((a0 as string).length) : s;
    case 'repeat': {
      if (args.length === 2) return Array(int(interp, a1)).fill(s).join(str(interp, a0));
      return s.repeat(Math.max(0, int(interp, a0)));
    }
    case 'replace':
      return s.split(str(interp, a0)).join(str(interp, a1));
    case 'replaceall':
      return s.replace(javaRegex(interp, str(interp, a0), 'g'), javaReplacement(str(interp, a1)));
    case 'replacefirst':
      return s.replace(javaRegex(interp, str(interp, a0)), javaReplacement(str(interp, a1)));
    case 'reverse':
      return [...s].reverse().join('');
    case 'split':
      return sList(javaSplit(interp, s, str(interp, a0), args.length > 1 ? int(interp, a1) : 0));
    case 'splitbycharactertype':
    case 'splitbycharactertypecamelcase':
      return sList(s.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|\s+|[^\w\s]+/g) ?? []);
    case 'startswith':
      return s.startsWith(str(interp, a0));
    case 'startswithignorecase':
      return s.toLowerCase().startsWith(str(interp, a0).toLowerCase());
    case 'strip':
      return s.trim();
    case 'stripstart':
      return s.replace(/^\s+/, '');
    case 'stripend':
      return s.replace(/\s+$/, '');
    case 'striphtmltags':
      return s.replace(/<[^>]*>/g, '');
    case 'substring': {
      const b = int(interp, a0);
      const e = args.length > 1 ? int(interp, a1) : s.length;
      if (b < 0 || e > s.length || b > e)
        interp.throwApex('System.StringException', `Ending position out of bounds: ${e}`);
      return s.substring(b, e);
    }
    case 'substringafter': {
      if (a0 === null) return '';
      const i = s.indexOf(a0 as string);
      return i < 0 ? '' : s.slice(i + (a0 as string).length);
    }
    case 'substringafterlast': {
      const i = s.lastIndexOf(str(interp, a0));
      return i < 0 || a0 === '' ? '' : s.slice(i + (a0 as string).length);
    }
    case 'substringbefore': {
      if (a0 === null) return s;
      const i = s.indexOf(a0 as string);
      return i < 0 ? s : s.slice(0, i);
    }
    case 'substringbeforelast': {
      const i = s.lastIndexOf(str(interp, a0));
      return i < 0 ? s : s.slice(0, i);
    }
    case 'substringbetween': {
      const open = str(interp, a0);
      const close = args.length > 1 ? str(interp, a1) : open;
      const i = s.indexOf(open);
      if (i < 0) return null;
      const j = s.indexOf(close, i + open.length);
      return j < 0 ? null : s.slice(i + open.length, j);
    }
    case 'swapcase':
      return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    case 'tolowercase':
      return s.toLowerCase();
    case 'touppercase':
      return s.toUpperCase();
    case 'trim':
      return s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
    case 'tostring':
      return s;
    case 'getchars':
      return new ApexList(
        typeRef('Integer'),
        [...s].map((c) => c.charCodeAt(0)),
      );
    case 'isblank':
      return s.trim() === '';
    case 'isnotblank':
      return s.trim() !== '';
    case 'isempty':
      return s === '';
    case 'isnotempty':
      return s !== '';
    case 'tolowercaselocale':
      return s.toLowerCase();
    case 'unescapejava':
    case 'unescapeecmascript':
      return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, x: string) =>
        x.length === 5
          ? String.fromCharCode(parseInt(x.slice(1), 16))
          : (({ n: '\n', t: '\t', r: '\r' } as any)[x] ?? x),
      );
    case 'getsobjecttype': {
      const svc = interp.services as any;
      if (svc?.sobjectTypeOfId && svc?.sobjectTypeToken) {
        const t = svc.sobjectTypeOfId(s);
        if (t) return svc.sobjectTypeToken(t);
      }
      return interp.unsupported('Id.getSObjectType (data layer)');
    }
    case 'to15':
      return s.slice(0, 15);
    case 'unescapecsv':
      return /^".*"$/s.test(s) ? s.slice(1, -1).replace(/""/g, '"') : s;
  }
  void isWs;
  return interp.unsupported(`String.${lc}`);
}

function numberMethod(interp: Interpreter, v: Value, lc: string, args: Value[]): Value {
  const asDec = (): ApexDecimal =>
    v instanceof ApexDecimal
      ? v
      : typeof v === 'number' || typeof v === 'bigint'
        ? N.decFromInt(v)
        : N.decFromDouble((v as ApexDouble).v);
  const rounding = (x: Value) => (x instanceof EnumValue ? (x.name.toUpperCase() as N.RoundingMode) : 'HALF_EVEN');
  switch (lc) {
    case 'intvalue':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
      return Number(BigInt.asIntN(32, N.decSetScale(asDec(), 0, 'DOWN').unscaled));
    case 'longvalue':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number') return BigInt(v);
      return N.wrapLong(N.decSetScale(asDec(), 0, 'DOWN').unscaled);
    case 'doublevalue':
      return new ApexDouble(interp.toNum(v));
    case 'decimalvalue':
      return asDec();
    case 'format': {
      if (v instanceof ApexDouble) return new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(v.v);
      if (v instanceof ApexDecimal) {
        const s = N.decToString(v);
        const [ip, fp] = s.split('.');
        const grouped = BigInt(ip).toLocaleString('en-US');
        const sign = ip.startsWith('-') && !grouped.startsWith('-') ? '-' : '';
        return sign + grouped + (fp ? '.' + fp.replace(/0+$/, '') : '').replace(/\.$/, '');
      }
      return BigInt(v as number | bigint).toLocaleString('en-US');
    }
    case 'equals':
      return args[0] !== null && interp.typeNameOf(args[0]) === interp.typeNameOf(v) && interp.numCmp(v, args[0]) === 0;
    case 'hashcode':
      return typeof v === 'number' ? v : Number(BigInt.asIntN(32, BigInt(interp.toNum(v) | 0)));
    case 'tostring':
      return toApexString(interp, v);
    case 'setscale': {
      if (v instanceof ApexDouble) return N.decSetScale(asDec(), int(interp, args[0]), rounding(args[1] ?? null));
      return N.decSetScale(asDec(), int(interp, args[0]), rounding(args[1] ?? null));
    }
    case 'scale':
      return asDec().scale;
    case 'precision':
      return N.decPrecision(asDec());
    case 'striptrailingzeros':
      return N.decStripTrailingZeros(asDec());
    case 'toplainstring':
      return N.decToString(asDec());
    case 'abs':
      if (typeof v === 'number') return Math.abs(v) | 0;
      if (typeof v === 'bigint') return v < 0n ? N.wrapLong(-v) : v;
      if (v instanceof ApexDouble) return new ApexDouble(Math.abs(v.v));
      return new ApexDecimal(asDec().unscaled < 0n ? -asDec().unscaled : asDec().unscaled, asDec().scale);
    case 'round': {
      const mode = args[0] instanceof EnumValue ? rounding(args[0]) : 'HALF_EVEN';
      if (v instanceof ApexDouble) return N.wrapLong(N.decSetScale(asDec(), 0, 'HALF_EVEN').unscaled);
      return N.wrapLong(N.decSetScale(asDec(), 0, mode).unscaled);
    }
    case 'pow': {
      const e = int(interp, args[0]);
      if (v instanceof ApexDouble) return new ApexDouble(Math.pow(v.v, e));
      const d = asDec();
      if (e < 0) return N.decDiv(N.decFromInt(1), new ApexDecimal(d.unscaled ** BigInt(-e), d.scale * -e));
      return new ApexDecimal(d.unscaled ** BigInt(e), d.scale * e);
    }
    case 'divide': {
      const divisor = args[0] instanceof ApexDecimal ? args[0] : N.decFromInt(args[0] as number);
      if (divisor.unscaled === 0n) interp.throwApex('System.MathException', 'Divide by 0');
      return N.decDiv(asDec(), divisor, int(interp, args[1]), args[2] ? rounding(args[2]) : 'HALF_UP');
    }
    case 'negate':
      return interp.arith('-', 0, v);
    case 'isnan':
      return v instanceof ApexDouble && Number.isNaN(v.v);
    case 'isinfinite':
      return v instanceof ApexDouble && !Number.isFinite(v.v) && !Number.isNaN(v.v);
  }
  return interp.unsupported(`${interp.typeNameOf(v)}.${lc}`);
}

export function listSortCompare(interp: Interpreter) {
  return (a: Value, b: Value): number => {
    if (a === null) return b === null ? 0 : -1;
    if (b === null) return 1;
    if (a instanceof ApexObject) {
      const m = interp.findMethodIn(a.cls, 'compareto', [b], false);
      if (!m) interp.unsupported(`sort of ${a.cls.fullName} without compareTo`);
      return int(interp, interp.invoke(m, a, [b]));
    }
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    if (a instanceof EnumValue && b instanceof EnumValue) return a.ordinal - b.ordinal;
    if (a instanceof SObjectRecord && b instanceof SObjectRecord) {
      const na = toApexString(interp, a.get('Name')),
        nb = toApexString(interp, b.get('Name'));
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    return interp.compare(a, b);
  };
}

function idx(interp: Interpreter, l: ApexList, i: Value, allowEnd = false): number {
  const n = int(interp, i);
  if (n < 0 || n > l.items.length || (!allowEnd && n === l.items.length))
    interp.throwApex('System.ListException', `List index out of bounds: ${n}`);
  return n;
}

/** Apex Developer Guide › Lists / Sets: adding or removing elements during for-each iteration throws
 * System.FinalException "Cannot modify a collection while it is being iterated." */
function guardIteration(interp: Interpreter, c: ApexList | ApexSet, lc: string) {
  if ((c as any).iterating > 0 && ['add', 'addall', 'remove', 'removeall', 'retainall', 'clear'].includes(lc)) {
    interp.throwApex('System.FinalException', 'Cannot modify a collection while it is being iterated.');
  }
}

function listMethod(interp: Interpreter, l: ApexList, lc: string, args: Value[]): Value {
  const a0 = args[0];
  guardIteration(interp, l, lc);
  switch (lc) {
    case 'add':
      if (args.length === 2) {
        l.items.splice(idx(interp, l, a0, true), 0, interp.coerce(args[1], l.elemType));
        return null;
      }
      l.items.push(interp.coerce(a0, l.elemType));
      return null;
    case 'addall':
      if (a0 === null) interp.npe();
      l.items.push(
        ...(a0 instanceof ApexList ? a0.items : [...(a0 as ApexSet).map.values()]).map((x) =>
          interp.coerce(x, l.elemType),
        ),
      );
      return null;
    case 'clear':
      l.items.length = 0;
      return null;
    case 'clone':
      return new ApexList(l.elemType, [...l.items]);
    case 'deepclone':
      return new ApexList(
        l.elemType,
        l.items.map((x) => (x instanceof SObjectRecord ? cloneRecord(x, args[0] === true, true) : x)),
      );
    case 'contains':
      return l.items.some(
        (x) => keyOf(interp, x) === keyOf(interp, a0) || (x instanceof ApexObject && interp.equalsValue(x, a0)),
      );
    case 'equals':
      return interp.equalsValue(l, a0);
    case 'get':
      return interp.listGet(l, a0);
    case 'indexof':
      return l.items.findIndex(
        (x) => keyOf(interp, x) === keyOf(interp, a0) || (x instanceof ApexObject && interp.equalsValue(x, a0)),
      );
    case 'isempty':
      return l.items.length === 0;
    case 'remove': {
      const i = idx(interp, l, a0);
      return l.items.splice(i, 1)[0];
    }
    case 'set':
      l.items[idx(interp, l, a0)] = interp.coerce(args[1], l.elemType);
      return null;
    case 'size':
      return l.items.length;
    case 'sort': {
      if (args.length === 1 && a0 !== null) {
        l.items.sort((x, y) => int(interp, interp.callMethod(a0, 'compare', [x, y])));
      } else l.items.sort(listSortCompare(interp));
      return null;
    }
    case 'hashcode':
      return Number.parseInt(String(l.items.length), 10);
    case 'tostring':
      return toApexString(interp, l);
    case 'iterator':
      return new NativeObject('System.Iterator', { items: [...l.items], i: 0 });
    case 'getsobjecttype':
      return (
        (interp.natives
          .get('__sobjectstatic')
          ?.getStatic?.(l.elemType.name + '.sobjecttype', interp, interp.site()) as Value) ?? null
      );
  }
  return interp.unsupported(`List.${lc}`);
}

function setMethod(interp: Interpreter, s: ApexSet, lc: string, args: Value[]): Value {
  const a0 = args[0];
  guardIteration(interp, s, lc);
  const itemsOf = (c: Value): Value[] => {
    if (c === null) interp.npe();
    return c instanceof ApexList ? c.items : [...(c as ApexSet).map.values()];
  };
  switch (lc) {
    case 'add': {
      const k = keyOf(interp, a0);
      if (s.map.has(k)) return false;
      s.map.set(k, interp.coerce(a0, s.elemType));
      return true;
    }
    case 'addall': {
      let changed = false;
      for (const x of itemsOf(a0)) {
        const k = keyOf(interp, x);
        if (!s.map.has(k)) {
          s.map.set(k, x);
          changed = true;
        }
      }
      return changed;
    }
    case 'clear':
      s.map.clear();
      return null;
    case 'clone':
      return new ApexSet(s.elemType, new Map(s.map));
    case 'contains':
      return s.map.has(keyOf(interp, a0));
    case 'containsall':
      return itemsOf(a0).every((x) => s.map.has(keyOf(interp, x)));
    case 'equals':
      return interp.equalsValue(s, a0);
    case 'isempty':
      return s.map.size === 0;
    case 'remove':
      return s.map.delete(keyOf(interp, a0));
    case 'removeall': {
      let changed = false;
      for (const x of itemsOf(a0)) changed = s.map.delete(keyOf(interp, x)) || changed;
      return changed;
    }
    case 'retainall': {
      const keep = new Set(itemsOf(a0).map((x) => keyOf(interp, x)));
      let changed = false;
      for (const k of [...s.map.keys()]) if (!keep.has(k)) changed = s.map.delete(k) || changed;
      return changed;
    }
    case 'size':
      return s.map.size;
    case 'tostring':
      return toApexString(interp, s);
    case 'hashcode':
      return s.map.size;
    case 'iterator':
      return new NativeObject('System.Iterator', { items: [...s.map.values()], i: 0 });
  }
  return interp.unsupported(`Set.${lc}`);
}

function mapMethod(interp: Interpreter, m: ApexMap, lc: string, args: Value[]): Value {
  const a0 = args[0];
  switch (lc) {
    case 'get':
      return m.map.get(mapKeyOf(interp, m, a0))?.[1] ?? null;
    case 'put': {
      const k = mapKeyOf(interp, m, a0);
      const old = m.map.get(k)?.[1] ?? null;
      m.map.set(k, [m.map.get(k)?.[0] ?? interp.coerce(a0, m.keyType), interp.coerce(args[1], m.valType)]);
      return old;
    }
    case 'containskey':
      return m.map.has(mapKeyOf(interp, m, a0));
    case 'remove': {
      const k = mapKeyOf(interp, m, a0);
      const old = m.map.get(k)?.[1] ?? null;
      m.map.delete(k);
      return old;
    }
    case 'keyset':
      return new ApexSet(m.keyType, new Map([...m.map].map(([k, v]) => [k, v[0]])));
    case 'values':
      return new ApexList(
        m.valType,
        [...m.map.values()].map((v) => v[1]),
      );
    case 'size':
      return m.map.size;
    case 'isempty':
      return m.map.size === 0;
    case 'clear':
      m.map.clear();
      return null;
    case 'clone': {
      const c = new ApexMap(m.keyType, m.valType, new Map([...m.map].map(([k, v]) => [k, [v[0], v[1]]])));
      c.caseInsensitive = m.caseInsensitive;
      return c;
    }
    case 'deepclone':
      return new ApexMap(
        m.keyType,
        m.valType,
        new Map(
          [...m.map].map(([k, v]) => [k, [v[0], v[1] instanceof SObjectRecord ? cloneRecord(v[1], true, true) : v[1]]]),
        ),
      );
    case 'putall':
      if (a0 instanceof ApexMap) for (const [k, v] of a0.map) m.map.set(k, [v[0], v[1]]);
      else if (a0 instanceof ApexList)
        for (const r of a0.items) if (r instanceof SObjectRecord) m.map.set(keyOf(interp, r.id), [r.id, r]);
      return null;
    case 'equals':
      return interp.equalsValue(m, a0);
    case 'tostring':
      return toApexString(interp, m);
    case 'hashcode':
      return m.map.size;
    case 'containsvalue':
      return [...m.map.values()].some((v) => interp.equalsValue(v[1], a0));
  }
  return interp.unsupported(`Map.${lc}`);
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

function sobjectMethod(interp: Interpreter, r: SObjectRecord, lc: string, args: Value[], orig: string): Value {
  const a0 = args[0];
  const fieldName = (x: Value): string => {
    if (typeof x === 'string') return x;
    if (x instanceof NativeObject) return String(x.data?.name ?? x.data?.fieldName ?? toApexString(interp, x));
    return interp.unsupported('SObject field token');
  };
  switch (lc) {
    case 'get': {
      const f = fieldName(a0);
      if (f.includes('.')) {
        let cur: Value = r;
        for (const p of f.split('.')) {
          if (cur === null) return null;
          cur = interp.sobjectGet(cur as SObjectRecord, p);
        }
        return cur;
      }
      return interp.sobjectGet(r, f);
    }
    case 'put': {
      const f = fieldName(a0);
      const old = r.get(f);
      interp.sobjectSet(r, f, args[1]);
      return old;
    }
    case 'getsobject':
      return interp.sobjectGet(r, fieldName(a0));
    case 'getsobjects':
      return interp.sobjectGet(r, fieldName(a0));
    case 'putsobject': {
      const old = r.get(fieldName(a0));
      r.set(fieldName(a0), args[1]);
      return old;
    }
    case 'isset':
      return r.has(fieldName(a0));
    case 'clone':
      return cloneRecord(r, a0 === true, args[1] === true);
    case 'adderror': {
      if (args.length >= 2 && !(typeof a0 === 'string' && typeof args[1] === 'boolean')) {
        r.errors.push({ message: toApexString(interp, args[1]), field: fieldName(a0) });
      } else
        r.errors.push({
          message: a0 instanceof ApexObject ? String((a0.native as any).message) : toApexString(interp, a0),
          field: null,
        });
      return null;
    }
    // Apex Reference, SObject Class: hasErrors() / getErrors() report the errors added with addError()
    case 'haserrors':
      return r.errors.length > 0;
    case 'geterrors':
      return new ApexList(
        typeRef('Database.Error'),
        r.errors.map(
          (e) =>
            new NativeObject('Database.Error', {
              message: e.message,
              statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              fields: e.field ? [e.field] : [],
            }),
        ),
      );
    case 'getpopulatedfieldsasmap': {
      const m = new ApexMap(typeRef('String'), typeRef('Object'));
      for (const f of r.fields.values()) m.map.set('s' + f.name, [f.name, f.value]);
      return m;
    }
    case 'getsobjecttype': {
      const nat = interp.natives.get('__sobjectstatic');
      const x = nat?.getStatic?.(r.typeName + '.sobjecttype', interp, interp.site());
      if (x !== undefined && x !== NOT_HANDLED) return x as Value;
      return interp.unsupported('getSObjectType (data layer)');
    }
    case 'equals':
      return interp.equalsValue(r, a0);
    case 'hashcode':
      return 0;
    case 'tostring':
      return toApexString(interp, r);
  }
  if (interp.services?.sobjectMethod) {
    const x = interp.services.sobjectMethod(r, lc, args, interp.site());
    if (x !== NOT_HANDLED) return x;
  }
  return interp.unsupported(`SObject.${orig}`);
}
