/** Built-in classes implemented in TypeScript (System, Assert, Math, String statics, JSON, Http, Crypto, ...). */
import * as crypto from 'node:crypto';
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED, type NativeClassDef } from './services.js';
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
  type TypeRef,
} from './values.js';
import * as N from './numbers.js';
import { toApexString, messageFormat, keyOf, javaRegex, javaReplacement, javaSplit } from './builtins.js';
import { dateStatic, tzOffset, formatDate } from './datetime.js';
import { jsonNatives } from './json.js';
import { installConnectApi } from './connect-api.js';
import { installInboundEmail } from './inbound-email.js';
import { installSystemUrl } from './system-url.js';

const enumCache = new Map<string, EnumValue[]>();
export function builtinEnum(type: string, names: string[]): EnumValue[] {
  let v = enumCache.get(type);
  if (!v) enumCache.set(type, (v = names.map((n, i) => new EnumValue(type, n, i))));
  return v;
}
export const ROUNDING = builtinEnum('System.RoundingMode', [
  'CEILING',
  'DOWN',
  'FLOOR',
  'HALF_DOWN',
  'HALF_EVEN',
  'HALF_UP',
  'UNNECESSARY',
  'UP',
]);
// Declaration order of the platform's enum (ordinal() grows with severity: ERROR > WARN > ... > FINEST), not the
// order the Apex Reference lists the values in.
const LOGGING = builtinEnum('System.LoggingLevel', [
  'NONE',
  'INTERNAL',
  'FINEST',
  'FINER',
  'FINE',
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
]);
const QUIDDITY = builtinEnum('System.Quiddity', [
  'ANONYMOUS',
  'AURA',
  'BATCH_ACS',
  'BATCH_APEX',
  'BATCH_CHUNK_PARALLEL',
  'BATCH_CHUNK_SERIAL',
  'BULK_API',
  'COMMERCE_INTEGRATION',
  'DISCOVERABLE_LOGIN',
  'DISCOVERY',
  'FUNCTION_CALLBACK',
  'FUTURE',
  'INBOUND_EMAIL_SERVICE',
  'INVOCABLE_ACTION',
  'IOT',
  'PLATFORM_EVENT_PUBLISH_CALLBACK',
  'POST_INSTALL_SCRIPT',
  'QUEUEABLE',
  'QUICK_ACTION',
  'REMOTE_ACTION',
  'REST',
  'RUNTEST_ASYNC',
  'RUNTEST_DEPLOY',
  'RUNTEST_SYNC',
  'SCHEDULED',
  'SOAP',
  'SYNCHRONOUS',
  'TRANSACTION_FINALIZER_QUEUEABLE',
  'VF',
]);

function enumStatic(vals: EnumValue[]) {
  return (prop: string) => vals.find((v) => v.name.toLowerCase() === prop.toLowerCase()) ?? NOT_HANDLED;
}
function enumDef(name: string, vals: EnumValue[]): NativeClassDef {
  return {
    name,
    getStatic: enumStatic(vals),
    callStatic: (m) => (m === 'values' ? new ApexList(typeRef(name), [...vals]) : NOT_HANDLED),
  };
}

function blob(interp: Interpreter, v: Value): Buffer {
  if (v === null) interp.npe();
  if (!(v instanceof ApexBlob)) interp.throwApex('System.TypeException', 'Expected a Blob');
  return v.bytes;
}
function s(interp: Interpreter, v: Value): string {
  if (v === null) interp.npe();
  return typeof v === 'string' ? v : toApexString(interp, v);
}

/** Apex `equals` used by assertions: String comparison is case-sensitive. */
function assertEq(interp: Interpreter, a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return interp.equalsValue(a, b);
}

function fail(interp: Interpreter, msg: string): never {
  interp.throwApex('System.AssertException', msg);
}

function valueOfNumber(interp: Interpreter, kind: 'integer' | 'long' | 'decimal' | 'double', v: Value): Value {
  if (v === null) return kind === 'integer' || kind === 'long' ? interp.npe() : null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (kind === 'integer' || kind === 'long') {
      if (!/^[+-]?\d+$/.test(t)) interp.throwApex('System.TypeException', `Invalid ${kind}: ${v}`);
      const b = BigInt(t);
      if (kind === 'integer') {
        if (b > 2147483647n || b < -2147483648n) interp.throwApex('System.TypeException', `Invalid integer: ${v}`);
        return Number(b);
      }
      return N.wrapLong(b);
    }
    const d = N.parseDecimal(t);
    if (!d) interp.throwApex('System.TypeException', `Invalid ${kind}: ${v}`);
    return kind === 'decimal' ? d : new ApexDouble(Number(t));
  }
  switch (kind) {
    case 'integer':
      if (typeof v === 'number') return v;
      return interp.callMethod(v, 'intValue', []);
    case 'long':
      if (typeof v === 'bigint') return v;
      return interp.callMethod(v, 'longValue', []);
    case 'decimal':
      return interp.coerce(v, typeRef('Decimal'));
    case 'double':
      return new ApexDouble(interp.toNum(v));
  }
}

export function installNatives(interp: Interpreter) {
  const reg = (d: NativeClassDef) => interp.registerNative(d);
  reg(enumDef('System.RoundingMode', ROUNDING));
  reg(enumDef('RoundingMode', ROUNDING));
  reg(enumDef('System.LoggingLevel', LOGGING));
  reg(enumDef('LoggingLevel', LOGGING));
  reg(enumDef('System.Quiddity', QUIDDITY));
  reg(enumDef('Quiddity', QUIDDITY));
  installConnectApi(interp);
  installInboundEmail(interp);
  installSystemUrl(interp);

  reg({
    name: 'System',
    callStatic(m, args, rt) {
      const [a, b, c] = args;
      switch (m) {
        case 'debug':
          interp.debug(
            args.length > 1 ? toApexString(interp, a) : 'DEBUG',
            toApexString(interp, args.length > 1 ? b : a),
          );
          return null;
        case 'now':
          return new ApexDatetime(interp.nowMs());
        case 'today':
          return dateStatic(interp, 'date', 'today', []) as Value;
        case 'currenttimemillis':
          return BigInt(interp.nowMs());
        case 'assert':
          if (a !== true) fail(interp, `Assertion Failed${args.length > 1 ? ': ' + toApexString(interp, b) : ''}`);
          return null;
        case 'assertequals':
          if (!assertEq(interp, a, b))
            fail(
              interp,
              `Assertion Failed: ${args.length > 2 ? toApexString(interp, c) + ': ' : ''}Expected: ${toApexString(interp, a)}, Actual: ${toApexString(interp, b)}`,
            );
          return null;
        case 'assertnotequals':
          if (assertEq(interp, a, b))
            fail(
              interp,
              `Assertion Failed: ${args.length > 2 ? toApexString(interp, c) + ': ' : ''}Same value: ${toApexString(interp, a)}`,
            );
          return null;
        case 'isbatch':
          return !!interp.state.isBatch;
        case 'isfuture':
          return !!interp.state.isFuture;
        case 'isqueueable':
          return !!interp.state.isQueueable;
        case 'isscheduled':
          return !!interp.state.isScheduled;
        case 'requestversion':
          return new NativeObject('System.Version', { major: 1, minor: 0 });
        case 'hashcode':
          return a === null ? 0 : ((keyOf(interp, a) as any)?.length ?? 0);
        case 'equals':
          return interp.equalsValue(a, b);
      }
      void rt;
      const svc = interp.services as any;
      if (svc?.systemCall) return svc.systemCall(m, args, interp.site());
      return NOT_HANDLED;
    },
  });

  const assertDef: NativeClassDef = {
    name: 'Assert',
    callStatic(m, args) {
      const [a, b, c] = args;
      const msg = (x: Value) => (x === null || x === undefined ? '' : toApexString(interp, x));
      switch (m) {
        case 'areequal':
          if (!assertEq(interp, a, b))
            fail(
              interp,
              `Assertion Failed: ${msg(c) ? msg(c) + ': ' : ''}Expected: ${toApexString(interp, a)}, Actual: ${toApexString(interp, b)}`,
            );
          return null;
        case 'arenotequal':
          if (assertEq(interp, a, b))
            fail(interp, `Assertion Failed: ${msg(c) ? msg(c) + ': ' : ''}Same value: ${toApexString(interp, a)}`);
          return null;
        case 'istrue':
          if (a !== true)
            fail(interp, `Assertion Failed: ${msg(b) || 'Expected: true, Actual: ' + toApexString(interp, a)}`);
          return null;
        case 'isfalse':
          if (a !== false)
            fail(interp, `Assertion Failed: ${msg(b) || 'Expected: false, Actual: ' + toApexString(interp, a)}`);
          return null;
        case 'isnull':
          if (a !== null)
            fail(interp, `Assertion Failed: ${msg(b) || 'Expected: null, Actual: ' + toApexString(interp, a)}`);
          return null;
        case 'isnotnull':
          if (a === null) fail(interp, `Assertion Failed: ${msg(b) || 'Expected: not null, Actual: null'}`);
          return null;
        case 'fail':
          fail(interp, `Assertion Failed${msg(a) ? ': ' + msg(a) : ''}`);
          break;
        case 'isinstanceoftype':
        case 'isnotinstanceoftype': {
          const t = b as ApexType;
          const ok = interp.isInstanceOf(a, t.ref.name, null, t.ref);
          if (ok !== (m === 'isinstanceoftype'))
            fail(
              interp,
              `Assertion Failed: ${msg(c) || `Expected${m === 'isinstanceoftype' ? '' : ' not'} instance of ${typeRefToString(t.ref)}, Actual: ${interp.typeNameOf(a)}`}`,
            );
          return null;
        }
      }
      return NOT_HANDLED;
    },
  };
  reg(assertDef);

  reg({
    name: 'Math',
    callStatic(m, args) {
      const [a, b] = args;
      if (args.some((x) => x === null)) interp.npe();
      const isD = (x: Value) => x instanceof ApexDouble;
      const dec = (x: Value) => interp.coerce(x, typeRef('Decimal')) as ApexDecimal;
      switch (m) {
        case 'abs':
          return interp.callMethod(a, 'abs', []);
        case 'max':
        case 'min': {
          const c = interp.numCmp(a, b);
          const pick = m === 'max' ? (c >= 0 ? a : b) : c <= 0 ? a : b;
          const rank = Math.max(
            ...[a, b].map((x) =>
              typeof x === 'number' ? 1 : typeof x === 'bigint' ? 2 : x instanceof ApexDecimal ? 4 : 3,
            ),
          );
          return interp.coerce(pick, typeRef(['', 'Integer', 'Long', 'Double', 'Decimal'][rank]));
        }
        case 'mod':
          if (typeof a === 'bigint' || typeof b === 'bigint') {
            if (BigInt(b as any) === 0n) interp.throwApex('System.MathException', 'Divide by 0');
            return BigInt(a as any) % BigInt(b as any);
          }
          if (b === 0) interp.throwApex('System.MathException', 'Divide by 0');
          return (a as number) % (b as number);
        case 'pow':
          return new ApexDouble(Math.pow(interp.toNum(a), interp.toNum(b)));
        case 'sqrt':
          return new ApexDouble(Math.sqrt(interp.toNum(a)));
        case 'exp':
          return new ApexDouble(Math.exp(interp.toNum(a)));
        case 'log':
          return new ApexDouble(Math.log(interp.toNum(a)));
        case 'log10':
          return new ApexDouble(Math.log10(interp.toNum(a)));
        case 'random':
          return new ApexDouble(Math.random());
        case 'floor':
        case 'ceil':
          if (isD(a)) return new ApexDouble(Math[m](interp.toNum(a)));
          return N.decSetScale(dec(a), 0, m === 'floor' ? 'FLOOR' : 'CEILING');
        case 'round':
          // Double: Java Math.round (half up); Decimal: half-even (Apex Reference › Math.round)
          if (isD(a)) return Math.floor(interp.toNum(a) + 0.5) | 0;
          return Number(BigInt.asIntN(32, N.decSetScale(dec(a), 0, 'HALF_EVEN').unscaled));
        case 'roundtolong':
          if (isD(a)) return BigInt(Math.floor(interp.toNum(a) + 0.5));
          return N.wrapLong(N.decSetScale(dec(a), 0, 'HALF_EVEN').unscaled);
        case 'signum':
          return new ApexDouble(Math.sign(interp.toNum(a)));
        case 'sin':
        case 'cos':
        case 'tan':
        case 'asin':
        case 'acos':
        case 'atan':
        case 'cbrt':
          return new ApexDouble((Math as any)[m](interp.toNum(a)));
      }
      return NOT_HANDLED;
    },
    getStatic: (p) =>
      p.toLowerCase() === 'pi'
        ? new ApexDouble(Math.PI)
        : p.toLowerCase() === 'e'
          ? new ApexDouble(Math.E)
          : NOT_HANDLED,
  });

  // primitive statics
  reg({
    name: 'String',
    callStatic(m, args) {
      const [a, b] = args;
      switch (m) {
        case 'valueof':
          // String.valueOf(null) is null in Apex (unlike Java's "null"): apex-recipes' TestFactory, whose suite passes
          // on real orgs, relies on String.valueOf(map.get(missingKey)) == null
          if (a === null) return null;
          // Apex Reference › String.valueOf(Datetime): "yyyy-MM-dd HH:mm:ss" in the local time zone
          if (a instanceof ApexDatetime) return formatDate(a.ms, 'yyyy-MM-dd HH:mm:ss', interp.user.timeZone);
          return toApexString(interp, a);
        case 'valueofgmt':
          return toApexString(interp, a);
        case 'isblank':
          return a === null || String(a).trim() === '';
        case 'isnotblank':
          return a !== null && String(a).trim() !== '';
        case 'isempty':
          return a === null || a === '';
        case 'isnotempty':
          return a !== null && a !== '';
        case 'join': {
          if (a === null) return null;
          const items =
            a instanceof ApexList
              ? a.items
              : a instanceof ApexSet
                ? [...a.map.values()]
                : interp.unsupported('String.join of non-collection');
          return items.map((x) => toApexString(interp, x)).join(b === null ? 'null' : s(interp, b));
        }
        case 'format':
          return messageFormat(interp, s(interp, a), b instanceof ApexList ? b.items : []);
        case 'escapesinglequotes':
          return s(interp, a).replace(/\\/g, '\\\\').replace(/'/g, "\\'");
        case 'fromchararray':
          return String.fromCharCode(...(a as ApexList).items.map((x) => x as number));
        case 'getcommonprefix': {
          const items = (a as ApexList).items.map((x) => String(x ?? ''));
          if (!items.length) return '';
          let p = items[0];
          for (const it of items) while (!it.startsWith(p)) p = p.slice(0, -1);
          return p;
        }
      }
      return NOT_HANDLED;
    },
  });
  for (const k of ['integer', 'long', 'decimal', 'double'] as const) {
    reg({
      name: k[0].toUpperCase() + k.slice(1),
      callStatic(m, args) {
        if (m === 'valueof') return valueOfNumber(interp, k, args[0]);
        return NOT_HANDLED;
      },
    });
  }
  reg({
    name: 'Boolean',
    callStatic(m, args) {
      if (m === 'valueof') {
        const a = args[0];
        if (a === null) return null;
        if (typeof a === 'boolean') return a;
        if (typeof a === 'string') return a.toLowerCase() === 'true';
        return interp.evalCastPublic(typeRef('Boolean'), a);
      }
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'Id',
    callStatic(m, args) {
      if (m === 'valueof') return interp.coerce(args[0], typeRef('Id'));
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'Blob',
    callStatic(m, args) {
      if (m === 'valueof') return new ApexBlob(Buffer.from(s(interp, args[0]), 'utf8'));
      return NOT_HANDLED;
    },
  });
  for (const k of ['date', 'datetime', 'time'] as const) {
    reg({
      name: k[0].toUpperCase() + k.slice(1),
      callStatic(m, args) {
        return dateStatic(interp, k, m, args) ?? NOT_HANDLED;
      },
    });
  }
  reg({
    name: 'Object',
    callStatic: () => NOT_HANDLED,
  });

  reg({
    name: 'EncodingUtil',
    callStatic(m, args) {
      const [a, b] = args;
      switch (m) {
        case 'base64encode':
          return blob(interp, a).toString('base64');
        case 'base64decode': {
          const t = s(interp, a);
          if (!/^[A-Za-z0-9+/=\s_-]*$/.test(t))
            interp.throwApex('System.StringException', 'Unable to convert to base64');
          return new ApexBlob(Buffer.from(t, 'base64'));
        }
        case 'converttohex':
          return blob(interp, a).toString('hex');
        case 'convertfromhex': {
          const t = s(interp, a);
          if (t.length % 2 || !/^[0-9a-fA-F]*$/.test(t))
            interp.throwApex('System.InvalidParameterValueException', 'Invalid hex string');
          return new ApexBlob(Buffer.from(t, 'hex'));
        }
        case 'urlencode':
          void b;
          return encodeURIComponent(s(interp, a))
            .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
            .replace(/%20/g, '+');
        case 'urldecode':
          try {
            return decodeURIComponent(s(interp, a).replace(/\+/g, ' '));
          } catch {
            return interp.throwApex(
              'System.StringException',
              'URLDecoder: Illegal hex characters in escape (%) pattern',
            );
          }
      }
      return NOT_HANDLED;
    },
  });

  const hashAlg = (alg: string) => {
    const a = alg.toLowerCase().replace(/^hmac/, '');
    const map: Record<string, string> = {
      md5: 'md5',
      sha1: 'sha1',
      sha256: 'sha256',
      sha512: 'sha512',
      'sha-256': 'sha256',
      'sha-512': 'sha512',
      'sha-1': 'sha1',
      sha3_256: 'sha3-256',
    };
    if (!map[a]) interp.throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${alg}`);
    return map[a];
  };
  reg({
    name: 'Crypto',
    callStatic(m, args) {
      const [a, b, c] = args;
      switch (m) {
        case 'generatemac':
          return new ApexBlob(
            crypto
              .createHmac(hashAlg(s(interp, a)), blob(interp, c))
              .update(blob(interp, b))
              .digest(),
          );
        case 'verifyhmac': {
          const mac = crypto
            .createHmac(hashAlg(s(interp, a)), blob(interp, c))
            .update(blob(interp, b))
            .digest();
          const given = blob(interp, args[3]);
          return mac.length === given.length && crypto.timingSafeEqual(mac, given);
        }
        case 'generatedigest':
          return new ApexBlob(
            crypto
              .createHash(hashAlg(s(interp, a)))
              .update(blob(interp, b))
              .digest(),
          );
        case 'getrandominteger':
          return crypto.randomBytes(4).readInt32LE();
        case 'getrandomlong':
          return crypto.randomBytes(8).readBigInt64LE();
        case 'generateaeskey': {
          const bits = a as number;
          if (![128, 192, 256].includes(bits))
            interp.throwApex('System.InvalidParameterValueException', `Invalid key size: ${bits}`);
          return new ApexBlob(crypto.randomBytes(bits / 8));
        }
        case 'encryptwithmanagediv':
        case 'decryptwithmanagediv': {
          const key = blob(interp, b);
          const alg = `aes-${key.length * 8}-cbc`;
          if (m === 'encryptwithmanagediv') {
            const iv = crypto.randomBytes(16);
            const ci = crypto.createCipheriv(alg, key, iv);
            return new ApexBlob(Buffer.concat([iv, ci.update(blob(interp, c)), ci.final()]));
          }
          const data = blob(interp, c);
          const de = crypto.createDecipheriv(alg, key, data.subarray(0, 16));
          return new ApexBlob(Buffer.concat([de.update(data.subarray(16)), de.final()]));
        }
        // Apex Reference › Crypto.encrypt / decrypt: AES128/192/256 in CBC mode with PKCS5 padding, caller's IV
        case 'encrypt':
        case 'decrypt': {
          const key = blob(interp, b);
          const iv = blob(interp, c);
          const wanted = /^AES(128|192|256)$/i.exec(s(interp, a));
          if (!wanted) interp.throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${String(a)}`);
          if (key.length * 8 !== Number(wanted![1]))
            interp.throwApex(
              'System.InvalidParameterValueException',
              `Invalid private key. Must be ${Number(wanted![1]) / 8} bytes.`,
            );
          if (iv.length !== 16)
            interp.throwApex(
              'System.InvalidParameterValueException',
              'Invalid initialization vector. Must be 16 bytes.',
            );
          const alg = `aes-${key.length * 8}-cbc`;
          const f = m === 'encrypt' ? crypto.createCipheriv(alg, key, iv) : crypto.createDecipheriv(alg, key, iv);
          return new ApexBlob(Buffer.concat([f.update(blob(interp, args[3] ?? null)), f.final()]));
        }
        // Apex Reference › Crypto.sign / verify: RSA (PKCS#8 private key, X.509 public key, both DER) and ECDSA
        case 'sign':
        case 'verify': {
          const algo = s(interp, a).toUpperCase();
          const mm = /^(RSA|ECDSA)(?:-SHA(1|256|384|512))?$/.exec(algo);
          if (!mm) interp.throwApex('System.InvalidParameterValueException', `Invalid algorithm: ${String(a)}`);
          const hash = `sha${mm![2] ?? '1'}`;
          try {
            if (m === 'sign') {
              const key = crypto.createPrivateKey({ key: blob(interp, c), format: 'der', type: 'pkcs8' });
              return new ApexBlob(crypto.sign(hash, blob(interp, b), key));
            }
            const key = crypto.createPublicKey({ key: blob(interp, args[3] ?? null), format: 'der', type: 'spki' });
            return crypto.verify(hash, blob(interp, b), key, blob(interp, c));
          } catch (e) {
            if (e instanceof Error && /key|decoder|asn1/i.test(e.message))
              interp.throwApex('System.SecurityException', `Invalid key: ${e.message}`);
            throw e;
          }
        }
      }
      return NOT_HANDLED;
    },
  });

  // Limits
  const LIMIT: Record<string, [string, number]> = {
    queries: ['soqlQueries', 100],
    querylocatorrows: ['queryLocatorRows', 10000],
    queryrows: ['queryRows', 50000],
    dmlstatements: ['dmlStatements', 150],
    dmlrows: ['dmlRows', 10000],
    callouts: ['callouts', 100],
    queueablejobs: ['queueableJobs', 50],
    futurecalls: ['futureCalls', 50],
    cputime: ['cpuTime', 10000],
    heapsize: ['heapSize', 6000000],
    emailinvocations: ['emailInvocations', 10],
    publishimmediatedml: ['publishImmediateDml', 150],
    aggregatequeries: ['aggregateQueries', 300],
    soslqueries: ['soslQueries', 20],
    mobilepushapexcalls: ['mobilePushApexCalls', 10],
  };
  reg({
    name: 'Limits',
    callStatic(m) {
      const lim = m.startsWith('getlimit');
      const key = m.replace(/^get(limit)?/, '');
      const e = LIMIT[key];
      if (!e) return NOT_HANDLED;
      // governor.ts: modelled CPU time and heap (README, "Governor behaviour")
      if (!lim && key === 'cputime') return interp.cpuMillis();
      if (!lim && key === 'heapsize') return interp.heapSize();
      return lim ? e[1] : (interp.limits[e[0]] ?? 0);
    },
  });

  reg({
    name: 'UserInfo',
    callStatic(m) {
      const u = interp.currentUser();
      switch (m) {
        // Apex Reference › UserInfo.getUiTheme / getUiThemeDisplayed: Lightning Experience is 'Theme4d'
        case 'getuitheme':
        case 'getuithemedisplayed':
          return 'Theme4d';
        case 'getuserid':
          return u.id;
        case 'getusername':
          return u.userName;
        case 'getorganizationid':
          return u.orgId;
        case 'getorganizationname':
          return 'Local Org';
        case 'gettimezone':
          return new NativeObject('TimeZone', { id: u.timeZone });
        case 'getuseremail':
          return u.userName;
        case 'getname':
          return 'Local User';
        case 'getfirstname':
          return 'Local';
        case 'getlastname':
          return 'User';
        case 'getlocale':
          return 'en_US';
        case 'getlanguage':
          return 'en_US';
        case 'getdefaultcurrency':
          return 'USD';
        case 'ismulticurrencyorganization':
          return false;
        case 'getusertype':
          return 'Standard';
        case 'getprofileid':
          return (u as any).profileId ?? '00e000000000001AAA';
        case 'getuserroleid':
          return null;
        case 'getsessionid':
          return null;
      }
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'TimeZone',
    callStatic(m, args) {
      if (m === 'gettimezone') return new NativeObject('TimeZone', { id: s(interp, args[0]) });
      return NOT_HANDLED;
    },
    callInstance(self, m, args) {
      const id = (self as NativeObject).data.id as string;
      switch (m) {
        case 'getid':
          return id;
        case 'tostring':
          return id;
        case 'getdisplayname':
          return id;
        case 'getoffset':
          return tzOffset((args[0] as ApexDatetime).ms, id);
      }
      return NOT_HANDLED;
    },
  });

  // System.Type
  reg({
    name: 'Type',
    callStatic(m, args) {
      if (m === 'forname') {
        const name = args.length === 2 ? (args[0] ? `${args[0]}.${args[1]}` : s(interp, args[1])) : s(interp, args[0]);
        // Apex Reference › Type.forName: also takes collection types, e.g. 'Map<Id, List<Account>>'
        const parsed = parseTypeName(name);
        if (!parsed) return null;
        const canonical = (t: TypeRef): TypeRef | null => {
          const r = interp.resolveType(t.name, null);
          if (!r) return null;
          const args2 = t.args.map(canonical);
          if (args2.some((a) => a === null)) return null;
          const canon = r.kind === 'class' ? r.decl.fullName : r.kind === 'native' ? r.def.name : r.name;
          return { name: canon, args: args2 as TypeRef[] };
        };
        const t = canonical(parsed);
        if (!t) return null;
        const collection = /^(list|set|map)$/i.test(t.name);
        if (collection && t.args.length !== (/^map$/i.test(t.name) ? 2 : 1)) return null;
        if (!collection && t.args.length) return null;
        return new ApexType(t);
      }
      return NOT_HANDLED;
    },
    callInstance(self, m, args) {
      const t = (self as ApexType).ref;
      switch (m) {
        case 'getname':
          return typeRefToString(t);
        case 'tostring':
          return typeRefToString(t);
        case 'newinstance':
          if (/^list$/i.test(t.name)) return new ApexList(t.args[0]!, []);
          if (/^set$/i.test(t.name)) return new ApexSet(t.args[0]!);
          if (/^map$/i.test(t.name)) return new ApexMap(t.args[0]!, t.args[1]!);
          return interp.newInstance(t.name, []);
        case 'equals':
          return interp.equalsValue(self, args[0]);
        case 'hashcode':
          return typeRefToString(t).length;
        case 'isassignablefrom': {
          const o = (args[0] as ApexType).ref;
          const ra = interp.resolveType(t.name, null),
            rb = interp.resolveType(o.name, null);
          if (ra?.kind === 'class' && rb?.kind === 'class') return interp.isSubclass(rb.decl, ra.decl);
          return typeRefToString(t).toLowerCase() === typeRefToString(o).toLowerCase();
        }
      }
      return NOT_HANDLED;
    },
  });
  interp.natives.set('system.type', interp.natives.get('type')!);

  reg({
    name: 'UUID',
    callStatic(m, args) {
      if (m === 'randomuuid') return new NativeObject('UUID', crypto.randomUUID());
      if (m === 'fromstring') return new NativeObject('UUID', s(interp, args[0]).toLowerCase());
      return NOT_HANDLED;
    },
    callInstance(self, m, args) {
      if (m === 'tostring') return (self as NativeObject).data;
      if (m === 'equals') return args[0] instanceof NativeObject && args[0].data === (self as NativeObject).data;
      return NOT_HANDLED;
    },
  });

  reg({
    name: 'System.Iterator',
    callInstance(self, m) {
      const d = (self as NativeObject).data;
      if (m === 'hasnext') return d.i < d.items.length;
      if (m === 'next') {
        if (d.i >= d.items.length) interp.throwApex('System.NoSuchElementException', 'Iterator has no more elements.');
        return d.items[d.i++];
      }
      return NOT_HANDLED;
    },
  });

  reg({
    name: 'Request',
    callStatic(m) {
      if (m === 'getcurrent')
        return new NativeObject('Request', {
          id: interp.state.requestId ?? (interp.state.requestId = crypto.randomBytes(12).toString('hex')),
        });
      return NOT_HANDLED;
    },
    callInstance(self, m) {
      if (m === 'getrequestid') return (self as NativeObject).data.id;
      if (m === 'getquiddity')
        return QUIDDITY.find(
          (q) => q.name === (interp.state.quiddity ?? (interp.isRunningTest ? 'RUNTEST_SYNC' : 'SYNCHRONOUS')),
        )!;
      return NOT_HANDLED;
    },
  });

  // HTTP
  const headerGet = (h: Map<string, [string, string]>, k: Value) =>
    k === null ? null : (h.get(String(k).toLowerCase())?.[1] ?? null);
  reg({
    name: 'HttpRequest',
    construct: () =>
      new NativeObject('HttpRequest', {
        endpoint: null,
        method: null,
        body: null,
        headers: new Map(),
        timeout: 10000,
        compressed: false,
      }),
    callInstance(self, m, args) {
      const d = (self as NativeObject).data;
      const a = args[0];
      switch (m) {
        case 'setendpoint':
          d.endpoint = a;
          return null;
        case 'getendpoint':
          return d.endpoint;
        case 'setmethod':
          d.method = a;
          return null;
        case 'getmethod':
          return d.method;
        case 'setbody':
          d.body = a;
          return null;
        case 'getbody':
          return d.body instanceof ApexBlob ? d.body.bytes.toString('utf8') : (d.body ?? '');
        case 'setbodyasblob':
          d.body = a;
          return null;
        case 'getbodyasblob':
          return d.body === null
            ? null
            : d.body instanceof ApexBlob
              ? d.body
              : new ApexBlob(Buffer.from(String(d.body)));
        case 'setheader':
          d.headers.set(s(interp, a).toLowerCase(), [a, args[1]]);
          return null;
        case 'getheader':
          return headerGet(d.headers, a);
        case 'settimeout':
          d.timeout = a;
          return null;
        case 'setcompressed':
          d.compressed = a;
          return null;
        case 'getcompressed':
          return d.compressed;
        case 'tostring':
          return `System.HttpRequest[Endpoint=${d.endpoint}, Method=${d.method}]`;
      }
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'HttpResponse',
    construct: () => new NativeObject('HttpResponse', { status: null, statusCode: 0, body: null, headers: new Map() }),
    callInstance(self, m, args) {
      const d = (self as NativeObject).data;
      const a = args[0];
      switch (m) {
        case 'setstatuscode':
          d.statusCode = a;
          return null;
        case 'getstatuscode':
          return d.statusCode;
        case 'setstatus':
          d.status = a;
          return null;
        case 'getstatus':
          return d.status;
        case 'setbody':
          d.body = a;
          return null;
        case 'getbody':
          return d.body instanceof ApexBlob ? d.body.bytes.toString('utf8') : d.body;
        case 'setbodyasblob':
          d.body = a;
          return null;
        case 'getbodyasblob':
          return d.body === null
            ? null
            : d.body instanceof ApexBlob
              ? d.body
              : new ApexBlob(Buffer.from(String(d.body)));
        case 'setheader':
          d.headers.set(s(interp, a).toLowerCase(), [a, args[1]]);
          return null;
        case 'getheader':
          return headerGet(d.headers, a);
        case 'getheaderkeys':
          return new ApexList(
            typeRef('String'),
            [...d.headers.values()].map((x: [string, string]) => x[0]),
          );
        case 'tostring':
          return `System.HttpResponse[Status=${d.status}, StatusCode=${d.statusCode}]`;
      }
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'Http',
    construct: () => new NativeObject('Http', {}),
    callInstance(_self, m, args) {
      if (m !== 'send') return NOT_HANDLED;
      const req = args[0];
      if (req === null) interp.npe();
      interp.limits.callouts++;
      if (interp.limits.callouts > 100) interp.throwApex('System.LimitException', 'Too many callouts: 101');
      if ((interp.services as any)?.hasUncommittedWork?.())
        interp.throwApex(
          'System.CalloutException',
          'You have uncommitted work pending. Please commit or rollback before calling out',
        );
      const mock = interp.state.httpMock ?? null;
      if (!mock) {
        if (interp.isRunningTest)
          interp.throwApex(
            'System.CalloutException',
            'Methods defined as TestMethod do not support Web service callouts',
          );
        interp.throwApex('System.CalloutException', 'Callouts are not available in the local org');
      }
      const res = interp.callMethod(mock, 'respond', [req]);
      if (res === null) interp.throwApex('System.CalloutException', 'The HttpCalloutMock returned a null response');
      return res;
    },
  });
  reg({ name: 'HttpCalloutMock', isInterface: true });
  for (const name of [
    'Comparable',
    'Comparator',
    'Callable',
    'Iterable',
    'StubProvider',
    'Schedulable',
    'Queueable',
    'Finalizer',
  ]) {
    if (!interp.natives.has(name.toLowerCase())) reg({ name, isInterface: true });
  }

  reg({
    name: 'Test',
    callStatic(m, args, _rt, site) {
      switch (m) {
        case 'setmock': {
          const t = args[0] as ApexType;
          const n = t?.ref.name.toLowerCase() ?? '';
          if (n.endsWith('httpcalloutmock')) interp.state.httpMock = args[1];
          else interp.state['mock:' + n] = args[1];
          return null;
        }
        case 'starttest':
          if (interp.state.startTestCalled) interp.throwApex('System.FinalException', 'Testing already started');
          interp.state.startTestCalled = true;
          interp.testContext = true;
          interp.state.savedLimits = { ...interp.limits };
          interp.resetLimits();
          return null;
        case 'stoptest':
          if (!interp.testContext) interp.throwApex('System.FinalException', 'Testing has not started');
          interp.services?.runAsync(site);
          interp.testContext = false;
          if (interp.state.savedLimits) interp.limits = interp.state.savedLimits;
          return null;
        case 'isrunningtest':
          return interp.isRunningTest;
        case 'createstub': {
          // Apex Reference › Test.createStub(Type, StubProvider): every instance method call goes to handleMethodCall
          const t = args[0] as ApexType;
          const r = interp.resolveType(t.ref.name, null);
          if (!r || r.kind !== 'class') interp.unsupported(`Test.createStub of ${t?.ref.name}`);
          const stub = interp.instantiateBlank(r.decl);
          stub.native = { ...stub.native, stubProvider: args[1] };
          return stub;
        }
        case 'getstandardpricebookid':
          return '01s000000000001AAA';
      }
      const r = interp.services?.testMethod?.(m, args, site);
      if (r !== undefined && r !== NOT_HANDLED) return r;
      return NOT_HANDLED;
    },
  });

  reg({
    name: 'FeatureManagement',
    callStatic(m, args) {
      if (m === 'checkpermission') return !!interp.state.customPermissions?.has(String(args[0]).toLowerCase());
      return NOT_HANDLED;
    },
  });

  // Messaging: recorded, not sent
  const bag = (name: string): NativeClassDef => ({
    name,
    construct: () => new NativeObject(name, { props: new Map<string, Value>() }),
    callInstance(self, m, args) {
      const d = (self as NativeObject).data;
      if (m.startsWith('set') && args.length === 1) {
        d.props.set(m.slice(3), args[0]);
        return null;
      }
      if (m.startsWith('get') && args.length === 0) return d.props.get(m.slice(3)) ?? null;
      if (m === 'send' && name === 'Messaging.CustomNotification') {
        (interp.state.notifications ??= []).push({ props: d.props, recipients: args[0] });
        return null;
      }
      return NOT_HANDLED;
    },
  });
  reg(bag('Messaging.SingleEmailMessage'));
  reg(bag('Messaging.CustomNotification'));
  reg({
    name: 'Messaging',
    callStatic(m, args) {
      if (m === 'sendemail') {
        interp.limits.emailInvocations++;
        const list = args[0] as ApexList;
        (interp.state.emails ??= []).push(...(list?.items ?? []));
        return new ApexList(
          typeRef('Messaging.SendEmailResult'),
          (list?.items ?? []).map(() => new NativeObject('Messaging.SendEmailResult', { success: true })),
        );
      }
      if (m === 'reserveSingleEmailCapacity'.toLowerCase()) return null;
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'Messaging.SendEmailResult',
    callInstance: (self, m) =>
      m === 'issuccess'
        ? (self as NativeObject).data.success
        : m === 'geterrors'
          ? new ApexList(typeRef('Object'), [])
          : NOT_HANDLED,
  });

  // Pattern / Matcher (Java regex semantics via javaRegex)
  reg({
    name: 'Pattern',
    callStatic(m, args) {
      switch (m) {
        case 'compile':
          return new NativeObject('Pattern', { source: s(interp, args[0]) });
        case 'matches':
          return whole(s(interp, args[0])).test(s(interp, args[1]));
        case 'quote':
          return '\\Q' + s(interp, args[0]) + '\\E';
      }
      return NOT_HANDLED;
    },
    callInstance(self, m, args) {
      const src = (self as NativeObject).data.source as string;
      switch (m) {
        case 'matcher':
          return new NativeObject('Matcher', { source: src, input: s(interp, args[0]), pos: 0, last: null });
        case 'pattern':
          return src;
        case 'tostring':
          return src;
        case 'split':
          return new ApexList(
            typeRef('String'),
            javaSplit(interp, s(interp, args[0]), src, args.length > 1 ? (args[1] as number) : 0),
          );
      }
      return NOT_HANDLED;
    },
  });
  const whole = (src: string) => {
    const re = javaRegex(interp, src);
    return new RegExp('^(?:' + re.source + ')$', re.flags);
  };
  reg({
    name: 'Matcher',
    callInstance(self, m, args) {
      const d = (self as NativeObject).data as {
        source: string;
        input: string;
        pos: number;
        last: RegExpExecArray | null;
      };
      const group = (i: number) => {
        if (!d.last) interp.throwApex('System.StringException', 'No match found');
        return d.last[i] ?? null;
      };
      switch (m) {
        case 'matches': {
          d.last = whole(d.source).exec(d.input);
          return d.last !== null;
        }
        case 'lookingat': {
          const re = javaRegex(interp, d.source);
          d.last = new RegExp('^(?:' + re.source + ')', re.flags).exec(d.input);
          return d.last !== null;
        }
        case 'find': {
          const re = javaRegex(interp, d.source, 'g');
          re.lastIndex = args.length ? (args[0] as number) : d.pos;
          d.last = re.exec(d.input);
          if (d.last) d.pos = d.last.index + Math.max(1, d.last[0].length);
          return d.last !== null;
        }
        case 'group':
          return group(args.length ? (args[0] as number) : 0);
        case 'groupcount':
          return Math.max(0, new RegExp(javaRegex(interp, d.source).source + '|').exec('')!.length - 1);
        case 'start':
          return group(0) === null ? -1 : d.last!.index;
        case 'end':
          return group(0) === null ? -1 : d.last!.index + d.last![0].length;
        case 'replaceall':
          return d.input.replace(javaRegex(interp, d.source, 'g'), javaReplacement(s(interp, args[0])));
        case 'replacefirst':
          return d.input.replace(javaRegex(interp, d.source), javaReplacement(s(interp, args[0])));
        case 'reset':
          if (args.length) d.input = s(interp, args[0]);
          d.pos = 0;
          d.last = null;
          return self;
        case 'hitend':
          return d.pos >= d.input.length;
        case 'pattern':
          return new NativeObject('Pattern', { source: d.source });
      }
      return NOT_HANDLED;
    },
  });

  for (const d of jsonNatives(interp)) reg(d);
  void ApexMap;
  void ApexObject;
  void SObjectRecord;
  void ApexTime;
  void ApexDate;
  void (null as unknown as TypeRef);
}

/** Parse a type name as written (`Map<Id, List<Account>>`, `Account[]`) into a TypeRef; null when malformed. */
export function parseTypeName(text: string): TypeRef | null {
  let i = 0;
  const src = text.trim();
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const one = (): TypeRef | null => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (!m) return null;
    i += m[0].length;
    ws();
    const args: TypeRef[] = [];
    if (src[i] === '<') {
      i++;
      for (;;) {
        const a = one();
        if (!a) return null;
        args.push(a);
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        if (src[i] === '>') {
          i++;
          break;
        }
        return null;
      }
    }
    let t: TypeRef = { name: m[0], args };
    ws();
    while (src.startsWith('[]', i)) {
      i += 2;
      t = { name: 'List', args: [t] };
      ws();
    }
    return t;
  };
  const t = one();
  ws();
  return t && i === src.length ? t : null;
}
