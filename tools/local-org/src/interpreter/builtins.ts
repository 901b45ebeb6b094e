/**
 * Built-in behaviour of values: the System exception hierarchy and the instance methods of values, dispatched by
 * callValueMethod to String (string-methods.ts), List/Set/Map (collection-methods.ts), numbers, Date/Datetime/Time
 * (datetime.ts), Blob, enums and SObjects (here). String.valueOf and map keys are in value-semantics.ts, Java regex
 * and MessageFormat in java-text.ts (re-exported here). Built-in classes (System, Math, JSON, Http, ...) are
 * registered in natives.ts.
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
  type Value,
} from './values.js';
import * as N from './numbers.js';
import { dateMethod, datetimeMethod, timeMethod } from './datetime.js';
import { stringMethod } from './string-methods.js';
import { listMethod, setMethod, mapMethod } from './collection-methods.js';
import { toApexString, int, cloneRecord } from './value-semantics.js';

export { toApexString, keyOf, mapKeyOf, cloneRecord } from './value-semantics.js';
export { javaRegex, javaReplacement, javaSplit, messageFormat } from './java-text.js';

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
