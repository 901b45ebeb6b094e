/**
 * Built-in classes implemented in TypeScript, installed in this order: the System enums, ConnectApi, inbound email,
 * System.URL, System, Assert, Math, String and the number/Boolean/Id/Blob/date statics, EncodingUtil and Crypto
 * (crypto.ts), Limits, UserInfo, TimeZone, Type, UUID, Iterator, Request, Http (http.ts), the system interfaces,
 * Test, FeatureManagement, Messaging, Pattern and Matcher (regex.ts), JSON (json.ts).
 */
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
import { toApexString, messageFormat, keyOf } from './builtins.js';
import { dateStatic, tzOffset, formatDate } from './datetime.js';
import { jsonNatives } from './json.js';
import { installConnectApi } from './connect-api.js';
import { installInboundEmail } from './inbound-email.js';
import { installSystemUrl } from './system-url.js';
import { installCrypto } from './crypto.js';
import { installHttp } from './http.js';
import { installRegex } from './regex.js';
import { s } from './native-args.js';

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

  installCrypto(interp);

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

  installHttp(interp);
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

  installRegex(interp);

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
