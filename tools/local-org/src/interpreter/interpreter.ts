/**
 * The tree-walking Apex interpreter: class model, name/type resolution, statements, expressions,
 * exceptions, and the Runtime API used by the data layer.
 */
import type { ClassDecl, Expr, MethodDecl, PropDecl, Stmt, TriggerDecl } from './ast.js';
import type { DataServices, NativeClassDef, Runtime, SourceSite, TriggerContext } from './services.js';
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
  type TypeRef,
  type Value,
} from './values.js';
import * as N from './numbers.js';
import {
  installBuiltins,
  callValueMethod,
  toApexString as builtinToString,
  keyOf,
  mapKeyOf,
  SYSTEM_EXCEPTIONS,
} from './builtins.js';
import { Lowerer, boundExpressionAt, loadFile, type LoadedProject } from './loader.js';
import { CPU_COST_MICROS, CPU_LIMIT_MS, HEAP_LIMIT, heapBytes } from './governor.js';

let anonCounter = 0;

function id18(id15: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i];
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += alphabet[bits];
  }
  return id15 + suffix;
}
const stringCollator = new Intl.Collator('en-US', { sensitivity: 'accent' });

/** A thrown Apex exception travelling through JS. */
export class ApexThrow {
  constructor(readonly ex: ApexObject) {}
}
/** An error in the interpreter or an unsupported built-in (not catchable by Apex). */
export class InterpreterError extends Error {}

interface Completion {
  type: 'return' | 'break' | 'continue';
  value?: Value;
}
const BREAK: Completion = { type: 'break' };
const CONTINUE: Completion = { type: 'continue' };

interface Var {
  v: Value;
  type: TypeRef | null;
}

export interface Frame {
  cls: ClassDecl;
  self: ApexObject | null;
  scopes: Map<string, Var>[];
  label: string;
  line: number;
  /** lower-case property name whose accessor is running (its name then refers to the backing store) */
  accessor: string | null;
  trigger?: TriggerContext;
}

/** Reference to a (possibly partially) qualified type or namespace, e.g. `StripeFoo` or `Schema.SObjectType`. */
export class StaticRef {
  constructor(readonly parts: string[]) {}
  get name() {
    return this.parts.join('.');
  }
}

export type ResolvedType =
  | { kind: 'class'; decl: ClassDecl }
  | { kind: 'native'; def: NativeClassDef; name: string }
  | { kind: 'sobject'; name: string }
  | { kind: 'prim'; name: string };

const PRIMS = [
  'Integer',
  'Long',
  'Decimal',
  'Double',
  'String',
  'Id',
  'Boolean',
  'Date',
  'Datetime',
  'Time',
  'Blob',
  'Object',
  'SObject',
  'List',
  'Set',
  'Map',
  'void',
];
const PRIM_MAP = new Map(PRIMS.map((p) => [p.toLowerCase(), p]));

interface RtClass {
  decl: ClassDecl;
  statics: Map<string, Value>;
  initState: 0 | 1 | 2;
}

export interface InterpreterOptions {
  services?: DataServices | null;
  /** debug log sink (System.debug) */
  debug?: (line: string) => void;
  user?: { id: string; userName: string; orgId: string; timeZone: string };
}

export class Interpreter implements Runtime {
  classes = new Map<string, ClassDecl>(); // lower-case full name -> decl (user + builtin exceptions)
  triggers: TriggerDecl[] = [];
  natives = new Map<string, NativeClassDef>();
  private rt = new Map<ClassDecl, RtClass>();
  private typeCache = new Map<string, ResolvedType | null>();
  private enumCache = new Map<string, EnumValue[]>();
  stack: Frame[] = [];
  services: DataServices | null;
  limits: Record<string, number> = {};
  coverage = new Map<string, Set<number>>(); // file -> lines hit
  debugLog: string[] = [];
  testContext = false;
  isRunningTest = false;
  httpMock: Value = null;
  /** extra per-test state for builtins (mocks, etc.) */
  state: Record<string, any> = {};
  user: { id: string; userName: string; orgId: string; timeZone: string };
  private debugSink: (line: string) => void;
  private triggerStack: TriggerContext[] = [];
  callDepth = 0;

  constructor(opts: InterpreterOptions = {}) {
    this.services = opts.services ?? null;
    this.debugSink = opts.debug ?? (() => {});
    this.user = opts.user ?? {
      id: '005000000000001AAA',
      userName: 'test-user@example.com',
      orgId: '00D000000000001AAA',
      timeZone: 'GMT',
    };
    for (const [name, parent] of SYSTEM_EXCEPTIONS) this.addBuiltinException(name, parent);
    installBuiltins(this);
    this.resetLimits();
    if (this.services) this.services.attach(this);
  }

  private addBuiltinException(name: string, parent: string | null) {
    const decl: ClassDecl = {
      kind: 'class',
      name,
      fullName: parent ? (name.includes('.') ? name : `System.${name}`) : 'Exception',
      file: '<system>',
      ln: 0,
      mods: new Set(['virtual']),
      annotations: new Map(),
      superRef: parent ? typeRef(parent) : null,
      interfaces: [],
      fields: new Map(),
      props: new Map(),
      methods: new Map(),
      ctors: [],
      staticInit: [],
      instanceInit: [],
      inner: new Map(),
      enumValues: [],
      outer: null,
      lines: new Set(),
    };
    (decl as any).builtin = true;
    this.classes.set(name.toLowerCase(), decl);
    if (!name.includes('.')) this.classes.set(('system.' + name).toLowerCase(), decl);
  }

  load(project: LoadedProject) {
    for (const c of project.classes) {
      const key = c.name.toLowerCase();
      if (this.classes.has(key) && !(this.classes.get(key) as any).builtin)
        throw new InterpreterError(`duplicate class ${c.name} (${c.file})`);
      this.classes.set(key, c);
    }
    this.triggers.push(...project.triggers);
    this.typeCache.clear();
  }

  userClasses(): ClassDecl[] {
    const seen = new Set<ClassDecl>();
    for (const c of this.classes.values()) if (!(c as any).builtin) seen.add(c);
    return [...seen];
  }

  /** performance.now() at the start of the transaction (Limits.getCpuTime) */
  txStart = performance.now();

  resetLimits() {
    this.txStart = performance.now();
    this.limits = {
      soqlQueries: 0,
      queryRows: 0,
      dmlStatements: 0,
      dmlRows: 0,
      callouts: 0,
      queueableJobs: 0,
      futureCalls: 0,
      cpuTime: 0,
      cpuMicros: 0,
      heapSize: 0,
      publishImmediateDml: 0,
      emailInvocations: 0,
      aggregateQueries: 0,
      soslQueries: 0,
      mobilePushApexCalls: 0,
    };
  }

  /** Start a new transaction: static state is reset (each test method runs in its own). */
  resetStatics() {
    this.rt.clear();
    this.httpMock = null;
    // per-transaction state; the callout handler installed by LocalOrg survives
    this.state = this.state.calloutHandler ? { calloutHandler: this.state.calloutHandler } : {};
    this.resetLimits();
    this.testContext = false;
  }

  /** Registering a name that exists already layers the new def over the old one: the new def's handlers run
   * first and NOT_HANDLED falls through to the previous def (so the data layer can extend System, Test, ...). */
  registerNative(def: NativeClassDef): void {
    const n = def.name.toLowerCase();
    const prev = this.natives.get(n);
    if (prev && prev !== def) def = layerNative(def, prev);
    this.natives.set(n, def);
    if (!n.includes('.')) this.natives.set('system.' + n, def);
    this.typeCache.clear();
  }

  // ------------------------------------------------------------------ errors / exceptions

  site(): SourceSite {
    const f = this.stack[this.stack.length - 1];
    return f ? { file: f.cls.file, line: f.line, frame: f.label } : { file: '<none>', line: 0 };
  }

  stackTrace(): string {
    return [...this.stack]
      .reverse()
      .map((f) => `${f.label}: line ${f.line}, column 1`)
      .join('\n');
  }

  makeException(
    typeName: string,
    message: string | null,
    cause: Value = null,
    extra: Record<string, unknown> = {},
  ): ApexObject {
    const rtype = this.resolveType(typeName, null);
    if (!rtype || rtype.kind !== 'class') throw new InterpreterError(`unknown exception type ${typeName}`);
    const obj = new ApexObject(rtype.decl);
    obj.native = { message, cause, stack: this.stackTrace(), line: this.site().line, ...extra };
    return obj;
  }

  throwApex(typeName: string, message: string, extra?: Record<string, unknown>): never {
    throw new ApexThrow(this.makeException(typeName, message, null, extra));
  }

  npe(): never {
    this.throwApex('System.NullPointerException', 'Attempt to de-reference a null object');
  }

  unsupported(what: string): never {
    const s = this.site();
    throw new InterpreterError(`unsupported: ${what} (${s.file}:${s.line})`);
  }

  // ------------------------------------------------------------------ type resolution

  classOf(decl: ClassDecl): RtClass {
    let r = this.rt.get(decl);
    if (!r) {
      r = { decl, statics: new Map(), initState: 0 };
      this.rt.set(decl, r);
    }
    if (r.initState === 0) {
      r.initState = 1;
      const sup = this.superOf(decl);
      if (sup) this.classOf(sup);
      if (decl.outer) this.classOf(decl.outer);
      this.runInit(decl, null, decl.staticInit, r.statics);
      r.initState = 2;
    }
    return r;
  }

  private runInit(decl: ClassDecl, self: ApexObject | null, steps: ClassDecl['staticInit'], store: Map<string, Value>) {
    // declare all first (defaults), then initialise in order
    for (const st of steps) {
      if (st.kind === 'field') store.set(st.field.name.toLowerCase(), null);
      else if (st.kind === 'prop') store.set(st.prop.name.toLowerCase(), null);
    }
    if (!steps.some((s) => (s.kind === 'field' && s.field.init) || s.kind === 'block')) return;
    this.withFrame(decl, self, self ? `Class.${decl.fullName}.<init>` : `Class.${decl.fullName}.<clinit>`, () => {
      for (const st of steps) {
        if (st.kind === 'field' && st.field.init) {
          this.top().line = st.field.ln;
          this.hit(decl.file, st.field.ln);
          store.set(st.field.name.toLowerCase(), this.coerce(this.eval(st.field.init), st.field.type));
        } else if (st.kind === 'block') this.execBlockOrThrow(st.body);
      }
      return null;
    });
  }

  /** classes whose superclass name is being resolved: that resolution looks in the class and its outers first,
   * not in the superclass it is finding (which recursed until the stack overflowed, caught by safeSuper) */
  private resolvingSuper = new Set<ClassDecl>();

  superOf(decl: ClassDecl): ClassDecl | null {
    if (!decl.superRef) return null;
    const cached = (decl as any)._super;
    if (cached !== undefined) return cached;
    if (this.resolvingSuper.has(decl)) return null;
    this.resolvingSuper.add(decl);
    let r: ResolvedType | null;
    try {
      r = this.resolveType(decl.superRef.name, decl.outer ?? decl);
    } finally {
      this.resolvingSuper.delete(decl);
    }
    if (!r || r.kind !== 'class')
      throw new InterpreterError(`${decl.file}: cannot resolve superclass ${decl.superRef.name}`);
    (decl as any)._super = r.decl;
    return r.decl;
  }

  resolveType(name: string, ctx: ClassDecl | null): ResolvedType | null {
    const key = (ctx ? ctx.fullName : '') + '|' + name.toLowerCase();
    if (this.typeCache.has(key)) return this.typeCache.get(key)!;
    const r = this.resolveTypeUncached(name, ctx);
    this.typeCache.set(key, r);
    return r;
  }

  private resolveTypeUncached(name: string, ctx: ClassDecl | null): ResolvedType | null {
    let lc = name.toLowerCase();
    const parts = lc.split('.');
    // inner classes visible from ctx (ctx, its outers, their superclasses)
    for (let c: ClassDecl | null = ctx; c; c = c.outer) {
      for (let s: ClassDecl | null = c; s; s = s.superRef ? this.safeSuper(s) : null) {
        let d: ClassDecl | undefined = s.inner.get(parts[0]);
        if (parts[0] === s.name.toLowerCase() && parts.length > 1) d = s;
        if (d) {
          for (const p of parts.slice(1)) d = d?.inner.get(p);
          if (d) return { kind: 'class', decl: d };
        }
      }
    }
    if (lc.startsWith('system.') && PRIM_MAP.has(lc.slice(7))) lc = lc.slice(7);
    if (PRIM_MAP.has(lc)) return { kind: 'prim', name: PRIM_MAP.get(lc)! };
    let top: ClassDecl | undefined = this.classes.get(parts[0]);
    if (top && parts.length > 1) {
      let d: ClassDecl | undefined = top;
      for (const p of parts.slice(1)) d = d?.inner.get(p);
      if (d) return { kind: 'class', decl: d };
      top = undefined;
    }
    if (this.classes.has(lc)) return { kind: 'class', decl: this.classes.get(lc)! };
    if (top) return { kind: 'class', decl: top };
    // Apex Reference › DataWeave Namespace: running DataWeave scripts is not modelled
    if (lc === 'dataweave.script' || lc.startsWith('dataweavescriptresource.'))
      this.unsupported(`DataWeave in Apex (${name}): the local runtime does not run DataWeave scripts`);
    // the Schema namespace is implicit like System (Apex Reference › Schema Namespace): `SObjectField` names
    // Schema.SObjectField, `DescribeFieldResult` Schema.DescribeFieldResult
    const nat = this.natives.get(lc) ?? (!lc.includes('.') ? this.natives.get('schema.' + lc) : undefined);
    if (nat) return { kind: 'native', def: nat, name: nat.name };
    const sName = lc.startsWith('schema.') ? name.slice(7) : name;
    if (this.services && !sName.includes('.')) {
      const s = this.services.sobjectTypeName(sName);
      if (s) return { kind: 'sobject', name: s };
    }
    return null;
  }

  private safeSuper(d: ClassDecl): ClassDecl | null {
    try {
      return this.superOf(d);
    } catch {
      return null;
    }
  }

  /** is class `d` (or a superclass / implemented interface) the type `target`? */
  isSubclass(d: ClassDecl, target: ClassDecl): boolean {
    for (let c: ClassDecl | null = d; c; c = this.superOf(c)) {
      if (c === target) return true;
      if (this.implementsIface(c, target)) return true;
    }
    return false;
  }
  private implementsIface(c: ClassDecl, target: ClassDecl): boolean {
    for (const i of c.interfaces) {
      const r = this.resolveType(i.name, c.outer ?? c);
      if (r && r.kind === 'class' && (r.decl === target || this.implementsIface(r.decl, target))) return true;
    }
    return false;
  }
  /** names of native interfaces a class implements (Queueable, Database.Batchable, HttpCalloutMock...) */
  implementsNamed(d: ClassDecl, name: string): boolean {
    for (let c: ClassDecl | null = d; c; c = this.superOf(c)) {
      for (const i of c.interfaces) {
        // A user type named like a system interface (a class `Queueable`) is that user type, never the system
        // interface: only an interface name that does not resolve to user code names the built-in.
        const r = this.resolveType(i.name, c.outer ?? c);
        if (r && r.kind === 'class') {
          if (this.implementsNamed(r.decl, name)) return true;
          continue;
        }
        if (sameSystemName(i.name, name)) return true;
      }
    }
    return false;
  }

  isExceptionClass(d: ClassDecl): boolean {
    for (let c: ClassDecl | null = d; c; c = this.superOf(c)) if (c.fullName === 'Exception') return true;
    return false;
  }

  // ------------------------------------------------------------------ runtime type checks

  typeNameOf(v: Value): string {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'boolean':
        return 'Boolean';
      case 'string':
        return 'String';
      case 'number':
        return 'Integer';
      case 'bigint':
        return 'Long';
    }
    if (v instanceof ApexDecimal) return 'Decimal';
    if (v instanceof ApexDouble) return 'Double';
    if (v instanceof ApexDate) return 'Date';
    if (v instanceof ApexDatetime) return 'Datetime';
    if (v instanceof ApexTime) return 'Time';
    if (v instanceof ApexBlob) return 'Blob';
    if (v instanceof ApexList) return `List<${typeRefToString(v.elemType)}>`;
    if (v instanceof ApexSet) return `Set<${typeRefToString(v.elemType)}>`;
    if (v instanceof ApexMap) return `Map<${typeRefToString(v.keyType)},${typeRefToString(v.valType)}>`;
    if (v instanceof SObjectRecord) return v.typeName;
    if (v instanceof EnumValue) return v.typeName;
    if (v instanceof ApexObject) return v.cls.fullName;
    if (v instanceof NativeObject) return v.typeName;
    if (v instanceof ApexType) return 'System.Type';
    return 'Object';
  }

  isInstanceOf(v: Value, typeName: string, ctx: ClassDecl | null = null, t?: TypeRef): boolean {
    if (v === null) return false;
    const r = this.resolveType(typeName, ctx ?? this.top()?.cls ?? null);
    if (!r) {
      if (v instanceof NativeObject) return v.typeName.toLowerCase() === typeName.toLowerCase();
      this.unsupported(`unknown type ${typeName}`);
    }
    switch (r.kind) {
      case 'prim':
        switch (r.name) {
          case 'Object':
            return true;
          case 'String':
            return typeof v === 'string';
          case 'Id':
            return typeof v === 'string' && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(v);
          case 'Integer':
            return typeof v === 'number';
          case 'Long':
            return typeof v === 'bigint';
          case 'Decimal':
            return v instanceof ApexDecimal;
          case 'Double':
            return v instanceof ApexDouble;
          case 'Boolean':
            return typeof v === 'boolean';
          case 'Date':
            return v instanceof ApexDate;
          case 'Datetime':
            return v instanceof ApexDatetime;
          case 'Time':
            return v instanceof ApexTime;
          case 'Blob':
            return v instanceof ApexBlob;
          case 'SObject':
            return v instanceof SObjectRecord;
          case 'List':
            return (
              v instanceof ApexList && (!t || !t.args[0] || this.elemTypeCompatible(v.elemType, t.args[0], v.items))
            );
          case 'Set':
            return v instanceof ApexSet && (!t || !t.args[0] || this.elemTypeCompatible(v.elemType, t.args[0], []));
          case 'Map':
            return (
              v instanceof ApexMap &&
              (!t ||
                !t.args[0] ||
                (this.elemTypeCompatible(v.keyType, t.args[0], []) &&
                  this.elemTypeCompatible(v.valType, t.args[1], [])))
            );
        }
        return false;
      case 'sobject':
        return v instanceof SObjectRecord && v.typeName.toLowerCase() === r.name.toLowerCase();
      case 'class':
        if (v instanceof ApexObject) return this.isSubclass(v.cls, r.decl);
        if (v instanceof EnumValue) return v.typeName.toLowerCase() === r.decl.fullName.toLowerCase();
        return false;
      case 'native':
        if (v instanceof NativeObject) {
          let n: string | undefined = v.typeName.toLowerCase();
          while (n) {
            if (sameSystemName(n, r.name)) return true;
            n = this.natives.get(n)?.parent?.toLowerCase();
          }
          return false;
        }
        if (v instanceof ApexObject) return this.implementsNamed(v.cls, r.name);
        if (v instanceof EnumValue) return sameSystemName(v.typeName, r.name);
        if (v instanceof ApexType) return sameSystemName(r.name, 'Type');
        return false;
    }
  }

  private elemTypeCompatible(actual: TypeRef, wanted: TypeRef, items: Value[]): boolean {
    const w = wanted.name.toLowerCase();
    if (w === 'object') return true;
    const a = actual.name.toLowerCase();
    if (a === w || a === 'system.' + w || 'system.' + a === w) return true;
    if (w === 'sobject') return a === 'sobject' || !!this.services?.sobjectTypeName(actual.name);
    // A generic List<SObject> casts to a concrete SObject list when its rows are of that type: on the platform a
    // List<SObject> filled with Trigger_Action__mdt rows casts to List<Trigger_Action__mdt> (the
    // apex-trigger-actions-framework selector tests rely on it); a row of another type is a TypeException.
    if (a === 'sobject' && this.services?.sobjectTypeName(wanted.name))
      return items.every((x) => x === null || (x instanceof SObjectRecord && x.typeName.toLowerCase() === w));
    const ra = this.resolveType(actual.name, null);
    const rw = this.resolveType(wanted.name, null);
    if (ra && rw && ra.kind === 'class' && rw.kind === 'class') return this.isSubclass(ra.decl, rw.decl);
    return false;
  }

  // ------------------------------------------------------------------ coercion

  coerce(v: Value, t: TypeRef | null): Value {
    if (v === null || !t) return v;
    const n = t.name.toLowerCase().replace(/^system\./, '');
    switch (n) {
      case 'long':
        if (typeof v === 'number') return BigInt(v);
        return v;
      case 'decimal':
        if (typeof v === 'number' || typeof v === 'bigint') return N.decFromInt(v);
        if (v instanceof ApexDouble) return N.decFromDouble(v.v);
        return v;
      case 'double':
        if (typeof v === 'number') return new ApexDouble(v);
        if (typeof v === 'bigint') return new ApexDouble(Number(v));
        if (v instanceof ApexDecimal) return new ApexDouble(N.decToNumber(v));
        return v;
      case 'id':
        if (typeof v === 'string') {
          if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(v))
            this.throwApex('System.StringException', `Invalid id: ${v}`);
          // Apex Developer Guide › Primitive Data Types (ID): a 15-character value becomes its 18-character form
          if (v.length === 15) return id18(v);
        }
        return v;
      case 'string':
      case 'integer':
      case 'boolean':
      case 'object':
      case 'list':
      case 'set':
      case 'map':
        return v;
    }
    if (v instanceof ApexList && v.fromQuery && this.services) {
      const r = this.resolveType(t.name, this.top()?.cls ?? null);
      if (r && (r.kind === 'sobject' || (r.kind === 'prim' && r.name === 'SObject'))) {
        if (v.items.length !== 1) {
          this.throwApex(
            'System.QueryException',
            v.items.length === 0
              ? 'List has no rows for assignment to SObject'
              : 'List has more than 1 row for assignment to SObject',
          );
        }
        return v.items[0];
      }
    }
    return v;
  }

  // ------------------------------------------------------------------ frames & coverage

  top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  hit(file: string, line: number) {
    let s = this.coverage.get(file);
    if (!s) this.coverage.set(file, (s = new Set()));
    s.add(line);
  }

  withFrame<T>(cls: ClassDecl, self: ApexObject | null, label: string, fn: () => T, accessor: string | null = null): T {
    if (this.stack.length > 1000) this.throwApex('System.LimitException', 'Maximum stack depth reached: 1001');
    this.stack.push({ cls, self, scopes: [new Map()], label, line: this.stack.length ? this.top().line : 0, accessor });
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }

  private declare(name: string, v: Value, type: TypeRef | null) {
    const f = this.top();
    f.scopes[f.scopes.length - 1].set(name.toLowerCase(), { v, type });
    this.noteStored(v);
  }

  private lookupVar(name: string): Var | undefined {
    const f = this.top();
    for (let i = f.scopes.length - 1; i >= 0; i--) {
      const x = f.scopes[i].get(name);
      if (x) return x;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ statements

  execBlockOrThrow(s: Stmt) {
    const c = this.exec(s);
    if (c && c.type !== 'return') throw new InterpreterError('break/continue outside loop');
    return c;
  }

  private stmtCount = 0;
  /** hang guard for tests: a test transaction running longer than this throws the CPU-time LimitException
   * (the platform's limit is 10 s of CPU; this is wall time and deliberately generous) */
  cpuGuardMs = 60000;

  /** statements until the next heap check (adaptive: a walk over V values waits V / 2 statements, at least 5000) */
  private heapCountdown = 5000;

  /** Apex CPU time so far in this transaction (ms), from the cost model in governor.ts */
  cpuMillis(): number {
    return Math.floor((this.limits.cpuMicros ?? 0) / 1000);
  }

  /** add CPU cost (microseconds); the data layer charges DML and SOQL */
  chargeCpu(micros: number): void {
    this.limits.cpuMicros = (this.limits.cpuMicros ?? 0) + micros;
  }

  private isAsync(): boolean {
    return ((this.services as any)?.asyncDepth ?? 0) > 0;
  }

  /** System.LimitException when the modelled CPU time is over the 10 s / 60 s limit */
  checkCpu(): void {
    const ms = this.cpuMillis();
    this.limits.cpuTime = ms;
    if (ms > (this.isAsync() ? CPU_LIMIT_MS.async : CPU_LIMIT_MS.sync))
      this.throwApex('System.LimitException', 'Apex CPU time limit exceeded');
  }

  /** approximate heap of the live Apex data: statics and the active frames (governor.ts) */
  heapSize(): number {
    return this.heapWalk().bytes;
  }

  private heapWalk(): { bytes: number; visited: number } {
    const stack = this.stack;
    const rts = this.rt;
    function* roots(): Generator<Value> {
      for (const rc of rts.values()) yield* rc.statics.values();
      for (const f of stack) {
        if (f.self) yield f.self;
        for (const sc of f.scopes) for (const x of sc.values()) yield x.v;
        if (f.trigger) {
          for (const r of f.trigger.newList ?? []) yield r;
          for (const r of f.trigger.oldList ?? []) yield r;
        }
      }
    }
    return heapBytes(roots());
  }

  /** System.LimitException: Apex heap size too large, over 6 MB (synchronous) / 12 MB (asynchronous) */
  checkHeap(): void {
    const { bytes, visited } = this.heapWalk();
    this.heapCountdown = Math.max(5000, visited >> 1);
    this.limits.heapSize = Math.max(this.limits.heapSize ?? 0, bytes);
    if (bytes > (this.isAsync() ? HEAP_LIMIT.async : HEAP_LIMIT.sync))
      this.throwApex('System.LimitException', `Apex heap size too large: ${bytes}`);
  }

  private bigStringMark = { length: 0, stmt: 0 };
  /** a large string just stored: check the heap now rather than at the next periodic check (again once it grew by a
   * quarter or 1000 statements later, so a loop appending to a big string does not walk the heap every time) */
  private noteStored(v: Value): void {
    if (typeof v !== 'string' || v.length <= 262144) return;
    const m = this.bigStringMark;
    if (v.length <= m.length * 1.25 && this.stmtCount - m.stmt < 1000 && this.stmtCount >= m.stmt) return;
    m.length = v.length;
    m.stmt = this.stmtCount;
    this.checkHeap();
  }

  exec(s: Stmt): Completion | undefined {
    this.limits.cpuMicros = (this.limits.cpuMicros || 0) + CPU_COST_MICROS.statement;
    if (--this.heapCountdown <= 0) this.checkHeap();
    if ((++this.stmtCount & 0x1fff) === 0) {
      this.checkCpu();
      (this.services as any)?.updateCpu?.();
      // hang guard: wall time, whatever the model says
      if (this.isRunningTest && performance.now() - this.txStart > this.cpuGuardMs) {
        this.throwApex('System.LimitException', 'Apex CPU time limit exceeded');
      }
    }
    const f = this.top();
    if (s.k !== 'block') {
      f.line = s.ln;
      this.hit(f.cls.file, s.ln);
    }
    switch (s.k) {
      case 'block': {
        f.scopes.push(new Map());
        try {
          for (const st of s.stmts) {
            const c = this.exec(st);
            if (c) return c;
          }
        } finally {
          f.scopes.pop();
        }
        return undefined;
      }
      case 'local':
        for (const d of s.decls) {
          const v = d.init ? this.coerce(this.eval(d.init), s.type) : null;
          this.declare(d.name, v, s.type);
        }
        return undefined;
      case 'expr':
        this.eval(s.e);
        return undefined;
      case 'if':
        if (this.truthy(this.eval(s.c))) return this.exec(s.t);
        if (s.f) return this.exec(s.f);
        return undefined;
      case 'while':
        while (this.truthy(this.eval(s.c))) {
          if (!s.body) continue;
          const c = this.exec(s.body);
          if (c === BREAK) break;
          if (c && c.type === 'return') return c;
        }
        return undefined;
      case 'do':
        do {
          const c = this.exec(s.body);
          if (c === BREAK) break;
          if (c && c.type === 'return') return c;
        } while (this.truthy(this.eval(s.c)));
        return undefined;
      case 'for': {
        f.scopes.push(new Map());
        try {
          for (const i of s.init) this.exec(i);
          while (!s.c || this.truthy(this.eval(s.c))) {
            if (s.body) {
              const c = this.exec(s.body);
              if (c === BREAK) break;
              if (c && c.type === 'return') return c;
            }
            for (const u of s.update) this.eval(u);
          }
        } finally {
          f.scopes.pop();
        }
        return undefined;
      }
      case 'forEach': {
        const coll = this.eval(s.iter);
        if (coll === null) this.npe();
        let items: Value[];
        if (coll instanceof ApexList && coll.fromQuery && /^(system\.)?list$/i.test(s.type.name)) {
          // SOQL for loop, list form: batches of 200 records (Apex Developer Guide › SOQL For Loops)
          items = [];
          for (let i = 0; i < coll.items.length; i += 200)
            items.push(new ApexList(s.type.args[0] ?? typeRef('SObject'), coll.items.slice(i, i + 200)));
        } else if (coll instanceof ApexList) items = [...coll.items];
        else if (coll instanceof ApexSet) items = [...coll.map.values()];
        else if (coll instanceof ApexObject || coll instanceof NativeObject) items = this.iterate(coll);
        else this.unsupported(`for-each over ${this.typeNameOf(coll)}`);
        f.scopes.push(new Map());
        const guarded = coll instanceof ApexList || coll instanceof ApexSet ? (coll as any) : null;
        if (guarded) guarded.iterating = (guarded.iterating ?? 0) + 1;
        try {
          for (const it of items) {
            this.declare(s.name, this.coerce(it, s.type), s.type);
            if (s.body) {
              f.line = s.ln;
              const c = this.exec(s.body);
              if (c === BREAK) break;
              if (c && c.type === 'return') return c;
            }
          }
        } finally {
          f.scopes.pop();
          if (guarded) guarded.iterating--;
        }
        return undefined;
      }
      case 'switch':
        return this.execSwitch(s);
      case 'try':
        return this.execTry(s);
      case 'return':
        return { type: 'return', value: s.e ? this.eval(s.e) : null };
      case 'throw': {
        const ex = this.eval(s.e);
        if (ex === null) this.npe();
        if (!(ex instanceof ApexObject) || !this.isExceptionClass(ex.cls)) this.unsupported('throw of a non-exception');
        throw new ApexThrow(ex);
      }
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'dml': {
        const target = this.eval(s.e);
        // a DML statement on a null record de-references it (apex-recipes' REST delete test expects "Attempt to
        // de-reference a null object" on real orgs); Database.insert(null) & co. say "Argument cannot be null."
        if (target === null) this.npe();
        const svc = this.requireServices(`${s.op} statement`);
        this.limits.dmlStatements++;
        svc.dml(
          s.op as any,
          target,
          {
            allOrNone: true,
            externalIdField: s.extId,
            accessLevel: s.access ?? undefined,
            mergeWith: s.e2 ? this.eval(s.e2) : undefined,
          },
          this.site(),
        );
        return undefined;
      }
      case 'runAs': {
        const args = s.args.map((a) => this.eval(a));
        let result: Completion | undefined;
        const body = () => {
          result = this.exec(s.body);
        };
        if (this.services?.runAs) this.services.runAs(args[0] ?? null, body, this.site());
        else body();
        return result;
      }
    }
  }

  requireServices(what: string): DataServices {
    if (!this.services) this.unsupported(`${what}: the data layer (src/data) is not installed`);
    return this.services;
  }

  /** iterate a user Iterable/Iterator object */
  private iterate(obj: Value): Value[] {
    let it = obj;
    if (this.findMethod(obj, 'iterator', 0)) it = this.callMethod(obj, 'iterator', []);
    const out: Value[] = [];
    while (this.truthy(this.callMethod(it, 'hasNext', []))) out.push(this.callMethod(it, 'next', []));
    return out;
  }

  private execSwitch(s: Extract<Stmt, { k: 'switch' }>): Completion | undefined {
    const v = this.eval(s.e);
    const f = this.top();
    for (const w of s.whens) {
      let match = false;
      if (w.kind === 'else') match = true;
      else if (w.kind === 'type') {
        match = v !== null && this.isInstanceOf(v, w.type!.name, f.cls, w.type);
      } else {
        for (const lit of w.values) {
          if (lit !== null && typeof lit === 'object' && 'enumName' in lit) {
            const nm = (lit as { enumName: string }).enumName.split('.').pop()!.toLowerCase();
            if (v instanceof EnumValue && v.name.toLowerCase() === nm) match = true;
          } else if (lit === null) {
            if (v === null) match = true;
          } else if (v !== null && this.strictEquals(v, lit as Value)) match = true;
          if (match) break;
        }
      }
      if (match) {
        f.scopes.push(new Map());
        try {
          if (w.kind === 'type') this.declare(w.varName!, v, w.type!);
          return this.exec(w.body);
        } finally {
          f.scopes.pop();
        }
      }
    }
    return undefined;
  }

  private strictEquals(a: Value, b: Value): boolean {
    if (typeof a === 'string' && typeof b === 'string') return a === b;
    if (typeof a === 'number' && typeof b === 'number') return a === b;
    if (typeof a === 'bigint' || typeof b === 'bigint')
      return typeof a !== 'string' && typeof b !== 'string' && this.numCmp(a, b) === 0;
    return this.equalsValue(a, b);
  }

  private execTry(s: Extract<Stmt, { k: 'try' }>): Completion | undefined {
    const f = this.top();
    const depth = this.stack.length;
    let result: Completion | undefined;
    try {
      result = this.exec(s.body);
    } catch (e) {
      if (!(e instanceof ApexThrow)) {
        if (s.fin) this.execFinally(s.fin);
        throw e;
      }
      this.stack.length = depth;
      const ex = e.ex;
      const uncatchable =
        (ex.cls.fullName as string).toLowerCase() === 'system.limitexception' ||
        (ex.cls.fullName as string).toLowerCase() === 'system.assertexception';
      const handler = uncatchable ? undefined : s.catches.find((c) => this.isInstanceOf(ex, c.type.name, f.cls));
      if (!handler) {
        if (s.fin) this.execFinally(s.fin);
        throw e;
      }
      f.scopes.push(new Map([[handler.name.toLowerCase(), { v: ex, type: handler.type }]]));
      try {
        result = this.exec(handler.body);
      } catch (e2) {
        if (s.fin) this.execFinally(s.fin);
        throw e2;
      } finally {
        f.scopes.pop();
      }
    }
    if (s.fin) {
      const c = this.execFinally(s.fin);
      if (c) return c;
    }
    return result;
  }

  private execFinally(fin: Stmt): Completion | undefined {
    return this.exec(fin);
  }

  truthy(v: Value): boolean {
    if (v === null) this.npe();
    if (typeof v !== 'boolean') this.unsupported(`condition of type ${this.typeNameOf(v)}`);
    return v;
  }

  // ------------------------------------------------------------------ expressions

  eval(e: Expr): Value {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'name':
        return this.evalName(e.name, e.ln);
      case 'this': {
        const self = this.top().self;
        if (!self) this.unsupported('this in a static context');
        return self;
      }
      case 'dot': {
        const obj = this.evalTarget(e.obj);
        if (obj instanceof StaticRef) {
          const r = this.staticGet(obj, e.name);
          if (r instanceof StaticRef) this.unsupported(`unknown name ${r.name}`);
          return r;
        }
        if (obj === null) {
          // Apex Developer Guide › Safe Navigation Operator: `a?.b.c` is null when a is null (the rest of the chain
          // is skipped); SOQL and sObjects › a field read through a null relationship (`c.Account.Name`) is null
          if (e.safe || (this.nullChain !== null && this.nullChain === e.obj)) {
            this.nullChain = e;
            return null;
          }
          this.npe();
        }
        const v = this.getMember(obj, e.name);
        if (v === null && obj instanceof SObjectRecord) this.nullChain = e;
        return v;
      }
      case 'call':
        return this.evalCall(e);
      case 'ctorCall':
        return this.evalCtorCall(e);
      case 'index': {
        const obj = this.eval(e.obj);
        const idx = this.eval(e.idx);
        if (obj === null) this.npe();
        if (obj instanceof ApexList) return this.listGet(obj, idx);
        if (obj instanceof ApexMap) return obj.map.get(mapKeyOf(this, obj, idx))?.[1] ?? null;
        return this.unsupported(`index into ${this.typeNameOf(obj)}`);
      }
      case 'new':
        return this.evalNew(e.type, e.args);
      case 'newArray': {
        const elem = e.type.args[0];
        if (e.size) {
          const n = this.eval(e.size);
          if (typeof n !== 'number') this.npe();
          return new ApexList(elem, new Array(n).fill(null));
        }
        return new ApexList(
          elem,
          e.init!.map((x) => this.coerce(this.eval(x), elem)),
        );
      }
      case 'newColl': {
        const base = e.type.name.toLowerCase();
        const items = e.items.map((x) => this.eval(x));
        if (base === 'list' || base === 'system.list')
          return new ApexList(
            e.type.args[0],
            items.map((x) => this.coerce(x, e.type.args[0])),
          );
        if (base === 'set' || base === 'system.set') {
          const s = new ApexSet(e.type.args[0]);
          for (const it of items) s.map.set(keyOf(this, it), this.coerce(it, e.type.args[0]));
          return s;
        }
        if (base === 'map' || base === 'system.map') return new ApexMap(e.type.args[0], e.type.args[1]);
        return this.unsupported(`initializer for ${e.type.name}`);
      }
      case 'newMap': {
        const m = new ApexMap(e.type.args[0], e.type.args[1]);
        for (const [k, v] of e.pairs) {
          const kv = this.coerce(this.eval(k), m.keyType);
          m.map.set(keyOf(this, kv), [kv, this.coerce(this.eval(v), m.valType)]);
        }
        return m;
      }
      case 'cast':
        return this.evalCast(e.type, this.eval(e.e));
      case 'unary': {
        const v = this.eval(e.e);
        if (e.op === '!') return !this.truthy(v);
        if (v === null) this.npe();
        if (e.op === '+') return v;
        if (e.op === '-') return this.arith('-', 0, v);
        if (e.op === '~') {
          if (typeof v === 'number') return ~v;
          if (typeof v === 'bigint') return N.wrapLong(~v);
        }
        return this.unsupported(`unary ${e.op}`);
      }
      case 'incdec': {
        const old = this.eval(e.e);
        if (old === null) this.npe();
        const nv = this.arith(e.op === '++' ? '+' : '-', old, 1);
        this.assignTo(e.e, nv);
        return e.post ? old : nv;
      }
      case 'bin':
        return this.evalBin(e.op, e.l, e.r);
      case 'cond':
        return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'instanceof':
        return this.isInstanceOf(this.eval(e.e), e.type.name, this.top().cls, e.type);
      case 'assign': {
        if (e.op === '=') {
          const v = this.eval(e.value);
          return this.assignTo(e.target, v);
        }
        const old = this.eval(e.target);
        const rhs = this.eval(e.value);
        const op = e.op.slice(0, -1);
        let nv: Value;
        if (op === '+' && (typeof old === 'string' || typeof rhs === 'string')) {
          nv = this.toApexString(old) + this.toApexString(rhs);
          if (nv.length > 1000) this.chargeCpu(nv.length * CPU_COST_MICROS.stringChar);
        } else if (op === '&' || op === '|' || op === '^') nv = this.bitOp(op, old, rhs);
        else if (op === '<<' || op === '>>' || op === '>>>') nv = this.shift(op, old, rhs);
        else {
          if (old === null || rhs === null) this.npe();
          nv = this.arith(op, old, rhs);
        }
        return this.assignTo(e.target, nv);
      }
      case 'typeLit':
        return new ApexType(this.canonicalType(e.type));
      case 'super': {
        return this.top().self;
      }
      case 'soql': {
        const svc = this.requireServices('SOQL');
        const frameDepth = this.stack.length;
        return svc.query(e, (b) => this.evalQueryBind(e, b, frameDepth), this.site());
      }
      case 'sosl': {
        const svc = this.requireServices('SOSL');
        if (!svc.search) this.unsupported('SOSL');
        return svc.search(e.ctx, (expr: any) => this.evalBound(expr, this.stack.length), this.site());
      }
    }
  }

  /** a bind of an inline query: the expression the loader lowered with the query, else from the parse tree */
  private evalQueryBind(
    e: Extract<Expr, { k: 'soql' }>,
    b: { expr?: unknown; key?: string; text: string },
    depth: number,
  ): Value {
    const lowered = b.key !== undefined ? e.binds?.[b.key] : undefined;
    if (lowered) return this.eval(lowered);
    return this.evalBound(b.expr ?? boundExpressionAt(e.ctx, b.key!), depth);
  }

  private boundCache = new WeakMap<object, Expr>();
  private evalBound(ctx: any, depth: number): Value {
    void depth; // kept for the data layer's calls (evalBound(ctx, 0))
    let ex = this.boundCache.get(ctx);
    if (!ex) {
      // lazily lower the bound expression (BoundExpressionContext or ExpressionContext)
      const lw = new Lowerer(this.top().cls.file);
      (lw as any).cls = this.top().cls;
      ex = lw.expr(typeof ctx.expression === 'function' && ctx.expression() ? ctx.expression() : ctx) as Expr;
      this.boundCache.set(ctx, ex);
    }
    return this.eval(ex);
  }

  private evalCast(t: TypeRef, v: Value): Value {
    if (v === null) return null;
    const n = t.name.toLowerCase();
    if (n === 'decimal' || n === 'long' || n === 'double') {
      if (typeof v === 'number' || typeof v === 'bigint' || v instanceof ApexDecimal || v instanceof ApexDouble) {
        if (n === 'long' && v instanceof ApexDecimal) return N.wrapLong(N.decSetScale(v, 0, 'DOWN').unscaled);
        return this.coerce(v, t);
      }
    }
    if (n === 'integer' && typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
    if (n === 'integer' && v instanceof ApexDecimal)
      return Number(BigInt.asIntN(32, N.decSetScale(v, 0, 'DOWN').unscaled));
    if (n === 'id' && typeof v === 'string') return this.coerce(v, t);
    if (!this.isInstanceOf(v, t.name, this.top().cls, t)) {
      this.throwApex(
        'System.TypeException',
        // the platform names the target type canonically: `(DateTime) x` → "... to Datetime"
        `Invalid conversion from runtime type ${this.typeNameOf(v)} to ${typeRefToString(this.canonicalType(t))}`,
      );
    }
    return v;
  }

  // ---- names and members

  private evalName(name: string, _ln: number): Value {
    const v = this.evalTarget({ k: 'name', ln: _ln, name });
    if (v instanceof StaticRef) this.unsupported(`unknown variable ${name}`);
    return v;
  }

  /** evaluates an expression that may denote a type/namespace (returns StaticRef) */
  evalTarget(e: Expr): Value | StaticRef {
    if (e.k === 'name') {
      const lc = e.name.toLowerCase();
      const f = this.top();
      const local = this.lookupVar(lc);
      if (local) return local.v;
      // instance field / property
      if (f.self) {
        if (f.accessor === lc) return f.self.fields.get(lc) ?? null;
        const r = this.findInstanceMember(f.self.cls, lc);
        if (r) return this.readInstanceMember(f.self, r, lc);
      }
      // static field / property of this class, its superclasses, outer classes
      const st = this.findStatic(f.cls, lc);
      if (st) {
        if (f.accessor === lc && st.rc.decl === f.cls && !f.self) return st.rc.statics.get(lc) ?? null;
        return this.readStatic(st.rc, lc);
      }
      if (f.trigger === undefined && this.triggerStack.length && lc === 'trigger') return new StaticRef(['Trigger']);
      return new StaticRef([e.name]);
    }
    if (e.k === 'dot') {
      const obj = this.evalTarget(e.obj);
      if (obj instanceof StaticRef) return this.staticGet(obj, e.name, true);
      if (obj === null) {
        if (e.safe || (this.nullChain !== null && this.nullChain === e.obj)) {
          this.nullChain = e;
          return null;
        }
        this.npe();
      }
      const v = this.getMember(obj, e.name);
      if (v === null && obj instanceof SObjectRecord) this.nullChain = e;
      return v;
    }
    return this.eval(e);
  }

  private findInstanceMember(
    cls: ClassDecl,
    lc: string,
  ): { kind: 'field' | 'prop'; prop?: PropDecl; owner: ClassDecl } | null {
    for (let c: ClassDecl | null = cls; c; c = this.superOf(c)) {
      const fd = c.fields.get(lc);
      if (fd && !fd.isStatic) return { kind: 'field', owner: c };
      const pd = c.props.get(lc);
      if (pd && !pd.isStatic) return { kind: 'prop', prop: pd, owner: c };
    }
    return null;
  }

  private findStatic(cls: ClassDecl, lc: string): { rc: RtClass; prop?: PropDecl } | null {
    for (let o: ClassDecl | null = cls; o; o = o.outer) {
      for (let c: ClassDecl | null = o; c; c = this.superOf(c)) {
        const fd = c.fields.get(lc);
        if (fd && fd.isStatic) return { rc: this.classOf(c) };
        const pd = c.props.get(lc);
        if (pd && pd.isStatic) return { rc: this.classOf(c), prop: pd };
      }
    }
    return null;
  }

  private readInstanceMember(
    self: ApexObject,
    m: { kind: 'field' | 'prop'; prop?: PropDecl; owner: ClassDecl },
    lc: string,
  ): Value {
    if (m.kind === 'field' || !m.prop!.getter) return self.fields.get(lc) ?? null;
    const p = m.prop!;
    return this.withFrame(
      m.owner,
      self,
      `Class.${m.owner.fullName}.${p.name}`,
      () => this.runBody(p.getter as Stmt),
      lc,
    );
  }

  private readStatic(rc: RtClass, lc: string): Value {
    const p = rc.decl.props.get(lc);
    if (p && p.isStatic && p.getter) {
      return this.withFrame(
        rc.decl,
        null,
        `Class.${rc.decl.fullName}.${p.name}`,
        () => this.runBody(p.getter as Stmt),
        lc,
      );
    }
    return rc.statics.get(lc) ?? null;
  }

  private writeStatic(rc: RtClass, lc: string, v: Value) {
    const p = rc.decl.props.get(lc);
    if (p && p.isStatic && p.setter) {
      this.withFrame(
        rc.decl,
        null,
        `Class.${rc.decl.fullName}.${p.name}`,
        () => {
          this.declare('value', v, p.type);
          return this.runBody(p.setter as Stmt);
        },
        lc,
      );
      return;
    }
    const fd = rc.decl.fields.get(lc);
    rc.statics.set(lc, this.coerce(v, fd?.type ?? p?.type ?? null));
    this.noteStored(v);
  }

  private runBody(body: Stmt): Value {
    const c = this.exec(body);
    return c && c.type === 'return' ? (c.value ?? null) : null;
  }

  /** X.name where X is a type or namespace */
  staticGet(ref: StaticRef, name: string, allowPartial = false): Value | StaticRef {
    const ctx = this.top().cls;
    const rt = this.resolveType(ref.name, ctx);
    if (rt) {
      if (rt.kind === 'class') {
        const d = rt.decl;
        const lc = name.toLowerCase();
        if (d.kind === 'enum') {
          const vals = this.enumValues(d);
          const ev = vals.find((x) => x.name.toLowerCase() === lc);
          if (ev) return ev;
        }
        const st = this.findStatic(d, lc);
        if (st) return this.readStatic(st.rc, lc);
        if (d.inner.has(lc)) return new StaticRef([...ref.parts, name]);
        return this.unsupported(`unknown static member ${d.fullName}.${name}`);
      }
      if (rt.kind === 'native') {
        const r = rt.def.getStatic?.(name, this, this.site());
        if (r !== undefined && r !== NOT_HANDLED) return r as Value;
        const sub = this.resolveType(ref.name + '.' + name, ctx);
        if (sub) return new StaticRef([...ref.parts, name]);
        return this.unsupported(`unknown static member ${rt.name}.${name}`);
      }
      if (rt.kind === 'sobject') {
        const nat = this.natives.get('__sobjectstatic');
        if (nat?.getStatic) {
          const r = nat.getStatic(rt.name + '.' + name, this, this.site());
          if (r !== NOT_HANDLED) return r as Value;
        }
        return this.unsupported(`${rt.name}.${name}`);
      }
    }
    if (allowPartial || true) {
      const full = new StaticRef([...ref.parts, name]);
      if (this.resolveType(full.name, ctx) || ref.parts.length < 3) return full;
    }
    return this.unsupported(`unknown name ${ref.name}.${name}`);
  }

  enumValues(d: ClassDecl): EnumValue[] {
    let vals = this.enumCache.get(d.fullName);
    if (!vals) {
      vals = d.enumValues.map((n, i) => new EnumValue(d.fullName, n, i));
      this.enumCache.set(d.fullName, vals);
    }
    return vals;
  }

  getMember(obj: Value, name: string): Value {
    const lc = name.toLowerCase();
    if (obj instanceof ApexObject) {
      const m = this.findInstanceMember(obj.cls, lc);
      if (m) return this.readInstanceMember(obj, m, lc);
      if (obj.fields.has(lc)) return obj.fields.get(lc)!;
      return this.unsupported(`unknown field ${obj.cls.fullName}.${name}`);
    }
    if (obj instanceof SObjectRecord) return this.sobjectGet(obj, name);
    if (obj instanceof NativeObject) {
      const def = this.natives.get(obj.typeName.toLowerCase());
      const r = def?.getInstance?.(obj, name, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`unknown property ${obj.typeName}.${name}`);
    }
    if (obj instanceof StaticRef) return this.staticGet(obj, name) as Value;
    if (obj instanceof ApexList && obj.fromQuery) return this.getMember(this.coerce(obj, typeRef('SObject')), name);
    // list.size etc. are methods; `length` doesn't exist in Apex
    return this.unsupported(`property ${name} on ${this.typeNameOf(obj)}`);
  }

  sobjectGet(rec: SObjectRecord, name: string): Value {
    const lc = name.toLowerCase();
    const f = rec.fields.get(lc);
    if (f) return f.value;
    if (this.services) {
      const canon = this.services.fieldName(rec.typeName, name);
      if (!canon) this.throwApex('System.SObjectException', `Invalid field ${name} for ${rec.typeName}`);
      if (rec.fromQuery) {
        this.throwApex(
          'System.SObjectException',
          `SObject row was retrieved via SOQL without querying the requested field: ${rec.typeName}.${canon}`,
        );
      }
      // A checkbox is never null: an unset checkbox of an in-memory record reads false (Apex Developer Guide,
      // "Primitive Data Types": Boolean fields of sObjects default to false).
      if (this.services.fieldType(rec.typeName, canon)?.name.toLowerCase() === 'boolean') return false;
    }
    return null;
  }

  sobjectSet(rec: SObjectRecord, name: string, v: Value) {
    // Trigger.old records and Trigger.new of after triggers (flagged by the data layer)
    if ((rec as any).readOnly) this.throwApex('System.FinalException', 'Record is read-only');
    let canon = name;
    if (this.services) {
      const c = this.services.fieldName(rec.typeName, name);
      if (!c) this.throwApex('System.SObjectException', `Invalid field ${name} for ${rec.typeName}`);
      canon = c;
      const t = this.services.fieldType(rec.typeName, canon);
      if (t && !(v instanceof SObjectRecord) && !(v instanceof ApexList)) v = this.coerce(v, t);
    }
    rec.set(name, v, canon);
  }

  // ---- assignment

  assignTo(target: Expr, v: Value): Value {
    if (target.k === 'name') {
      const lc = target.name.toLowerCase();
      const f = this.top();
      const local = this.lookupVar(lc);
      if (local) {
        local.v = this.coerce(v, local.type);
        this.noteStored(local.v);
        return local.v;
      }
      if (f.self) {
        if (f.accessor === lc) {
          f.self.fields.set(lc, v);
          return v;
        }
        const m = this.findInstanceMember(f.self.cls, lc);
        if (m) {
          this.writeInstanceMember(f.self, m, lc, v);
          return v;
        }
      }
      const st = this.findStatic(f.cls, lc);
      if (st) {
        if (f.accessor === lc && !f.self) st.rc.statics.set(lc, v);
        else this.writeStatic(st.rc, lc, v);
        return v;
      }
      return this.unsupported(`assignment to unknown variable ${target.name}`);
    }
    if (target.k === 'dot') {
      const obj = this.evalTarget(target.obj);
      if (obj instanceof StaticRef) {
        const rt = this.resolveType(obj.name, this.top().cls);
        if (rt && rt.kind === 'class') {
          const st = this.findStatic(rt.decl, target.name.toLowerCase());
          if (st) {
            this.writeStatic(st.rc, target.name.toLowerCase(), v);
            return v;
          }
        }
        if (rt && rt.kind === 'native' && (rt.def as any).setStatic?.(target.name, v, this, this.site())) return v;
        return this.unsupported(`assignment to ${obj.name}.${target.name}`);
      }
      if (obj === null) this.npe();
      this.setMember(obj, target.name, v);
      return v;
    }
    if (target.k === 'index') {
      const obj = this.eval(target.obj);
      const idx = this.eval(target.idx);
      if (obj === null) this.npe();
      if (obj instanceof ApexList) {
        if (typeof idx !== 'number') this.npe();
        if (idx < 0 || idx >= obj.items.length)
          this.throwApex('System.ListException', `List index out of bounds: ${idx}`);
        obj.items[idx] = this.coerce(v, obj.elemType);
        return v;
      }
      if (obj instanceof ApexMap) {
        obj.map.set(mapKeyOf(this, obj, idx), [idx, this.coerce(v, obj.valType)]);
        return v;
      }
    }
    return this.unsupported('assignment target');
  }

  setMember(obj: Value, name: string, v: Value) {
    const lc = name.toLowerCase();
    if (obj instanceof ApexObject) {
      const m = this.findInstanceMember(obj.cls, lc);
      if (!m) this.unsupported(`unknown field ${obj.cls.fullName}.${name}`);
      this.writeInstanceMember(obj, m, lc, v);
      return;
    }
    if (obj instanceof SObjectRecord) return this.sobjectSet(obj, name, v);
    if (obj instanceof NativeObject) {
      const def = this.natives.get(obj.typeName.toLowerCase());
      if (def?.setInstance?.(obj, name, v, this, this.site())) return;
    }
    this.unsupported(`assignment to ${this.typeNameOf(obj)}.${name}`);
  }

  private writeInstanceMember(
    self: ApexObject,
    m: { kind: 'field' | 'prop'; prop?: PropDecl; owner: ClassDecl },
    lc: string,
    v: Value,
  ) {
    if (m.kind === 'field') {
      self.fields.set(lc, this.coerce(v, m.owner.fields.get(lc)!.type));
      this.noteStored(v);
      return;
    }
    const p = m.prop!;
    if (p.setter) {
      this.withFrame(
        m.owner,
        self,
        `Class.${m.owner.fullName}.${p.name}`,
        () => {
          this.declare('value', this.coerce(v, p.type), p.type);
          return this.runBody(p.setter as Stmt);
        },
        lc,
      );
      return;
    }
    self.fields.set(lc, this.coerce(v, p.type));
    this.noteStored(v);
  }

  // ---- calls

  private evalArgs(args: Expr[]): Value[] {
    return args.map((a) => this.eval(a));
  }

  /** static types of null arguments written as casts, e.g. foo((Exception) null), used for overload choice */
  private argHints: (string | null)[] | null = null;
  private hintsOf(args: Expr[]): (string | null)[] | null {
    let h: (string | null)[] | null = null;
    args.forEach((a, i) => {
      if (a.k === 'cast') (h ??= new Array(args.length).fill(null))[i] = a.type.name.toLowerCase();
    });
    return h;
  }

  private evalCall(e: Extract<Expr, { k: 'call' }>): Value {
    const hints = this.hintsOf(e.args);
    if (!hints) return this.evalCall0(e);
    const saved = this.argHints;
    try {
      return this.evalCall0(e, hints);
    } finally {
      this.argHints = saved;
    }
  }

  private evalCall0(e: Extract<Expr, { k: 'call' }>, hints: (string | null)[] | null = null): Value {
    const f = this.top();
    if (e.obj === null) {
      const args = this.evalArgs(e.args);
      this.argHints = hints;
      const lc = e.name.toLowerCase();
      // instance method (virtual) when there is `this`
      if (f.self) {
        const m = this.findMethodIn(f.self.cls, lc, args, false);
        if (m) return this.invoke(m, m.isStatic ? null : f.self, args);
      }
      for (let o: ClassDecl | null = f.cls; o; o = o.outer) {
        const m = this.findMethodIn(o, lc, args, true);
        if (m) {
          if (m.annotations.has('future')) return this.enqueueFuture(m, args);
          return this.invoke(m, null, args);
        }
      }
      return this.unsupported(`unknown method ${e.name}(${args.length} args)`);
    }
    if (e.obj.k === 'super') {
      const args = this.evalArgs(e.args);
      const sup = this.superOf(f.cls);
      if (!sup) this.unsupported('super call without superclass');
      const m = this.findMethodIn(sup, e.name.toLowerCase(), args, false);
      if (m) return this.invoke(m, f.self, args);
      if (this.isExceptionClass(sup)) return this.exceptionMethod(f.self!, e.name.toLowerCase(), args);
      return this.unsupported(`super.${e.name}`);
    }
    // Apex Reference › SObject.addError on a field: `record.Field__c.addError('msg')` marks the field, whatever
    // its value (null included)
    let target: Value | StaticRef;
    if (e.name.toLowerCase() === 'adderror' && e.obj.k === 'dot' && !e.obj.safe) {
      const owner = this.evalTarget(e.obj.obj);
      const field = owner instanceof SObjectRecord ? this.services?.fieldName(owner.typeName, e.obj.name) : null;
      if (owner instanceof SObjectRecord && field) {
        const a0 = this.evalArgs(e.args)[0] ?? null;
        const message = a0 instanceof ApexObject ? String((a0.native as any).message) : this.toApexString(a0);
        owner.errors.push({ message, field });
        return null;
      }
      if (owner instanceof StaticRef) target = this.staticGet(owner, e.obj.name, true);
      else if (owner === null) this.npe();
      else target = this.getMember(owner, e.obj.name);
    } else target = this.evalTarget(e.obj);
    if (target instanceof StaticRef) {
      const args = this.evalArgs(e.args);
      this.argHints = hints;
      return this.callStaticRef(target, e.name, args, true);
    }
    if (target === null) {
      // `a?.b().c()`: a short-circuited chain stays null (a method call through a null relationship still throws)
      if (e.safe || (this.nullChain !== null && this.nullChain === e.obj && this.safeChain(e.obj))) {
        this.nullChain = e;
        return null;
      }
      this.npe();
    }
    const args = this.evalArgs(e.args);
    this.argHints = hints;
    return this.callMethod(target, e.name, args);
  }

  /** the expression node whose null value lets the enclosing `.member` be null too (see 'dot') */
  private nullChain: Expr | null = null;

  /** true when the chain that produced the null contains a `?.` (not merely a null sObject relationship) */
  private safeChain(e: Expr | null): boolean {
    for (let x: any = e; x && (x.k === 'dot' || x.k === 'call'); x = x.obj) if (x.safe) return true;
    return false;
  }

  callStaticRef(ref: StaticRef, name: string, args: Value[], fromApex = false): Value {
    const rt = this.resolveType(ref.name, this.top()?.cls ?? null);
    const lc = name.toLowerCase();
    if (rt?.kind === 'class') {
      const d = rt.decl;
      if (d.kind === 'enum' && lc === 'values' && args.length === 0)
        return new ApexList(typeRef(d.fullName), [...this.enumValues(d)]);
      if (d.kind === 'enum' && lc === 'valueof' && args.length === 1) {
        const ev = this.enumValues(d).find((x) => x.name === args[0]);
        if (!ev) this.throwApex('System.NoSuchElementException', `No enum constant ${d.fullName}.${args[0]}`);
        return ev;
      }
      for (let c: ClassDecl | null = d; c; c = this.superOf(c)) {
        const m = this.findMethodIn(c, lc, args, true);
        if (m) {
          if (fromApex && m.annotations.has('future')) return this.enqueueFuture(m, args);
          return this.invoke(m, null, args);
        }
      }
      return this.unsupported(`unknown static method ${d.fullName}.${name}`);
    }
    if (rt?.kind === 'native') {
      const r = rt.def.callStatic?.(lc, args, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`${rt.name}.${name}`);
    }
    if (rt?.kind === 'prim' || rt?.kind === 'sobject') {
      const nat = this.natives.get(rt.kind === 'prim' ? rt.name.toLowerCase() : '__sobjectstatic');
      const r = nat?.callStatic?.(rt.kind === 'prim' ? lc : rt.name + '.' + lc, args, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`${rt.name}.${name}`);
    }
    return this.unsupported(`unknown type ${ref.name} (calling ${name})`);
  }

  private enqueueFuture(m: MethodDecl, args: Value[]): Value {
    const svc = this.services as any;
    if (!svc || typeof svc.enqueueFuture !== 'function') return this.invoke(m, null, args);
    const ann = m.annotations.get('future') ?? {};
    svc.enqueueFuture(m.owner.fullName, m.name, args, { callout: ann['callout'] === true }, this.site());
    return null;
  }

  /** scope lookup for the data layer (dynamic SOQL binds): innermost Apex frame */
  lookupVariable(name: string): Value | undefined {
    if (!this.stack.length) return undefined;
    const v = this.evalTarget({ k: 'name', ln: this.top().line, name });
    return v instanceof StaticRef ? undefined : v;
  }

  describeException(e: unknown): { typeName: string; message: string; catchable: boolean; stackTrace: string } | null {
    if (!(e instanceof ApexThrow)) return null;
    const n = e.ex.native as any;
    const typeName = e.ex.cls.fullName as string;
    return {
      typeName,
      message: n.message ?? 'Script-thrown exception',
      catchable: typeName !== 'System.LimitException' && typeName !== 'System.AssertException',
      stackTrace: n.stack ?? '',
    };
  }

  classAnnotations(className: string): { name: string; params: Record<string, string> }[] {
    const r = this.resolveType(className, null);
    if (!r || r.kind !== 'class') return [];
    return [...r.decl.annotations].map(([name, params]) => ({
      name,
      params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    }));
  }

  methodAnnotations(className: string, method: string): { name: string; params: Record<string, string> }[] {
    const r = this.resolveType(className, null);
    if (!r || r.kind !== 'class') return [];
    const ms = r.decl.methods.get(method.toLowerCase()) ?? [];
    return ms.flatMap((m) =>
      [...m.annotations].map(([name, params]) => ({
        name,
        params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
      })),
    );
  }

  listClasses(): string[] {
    return this.userClasses()
      .filter((c) => !c.outer)
      .map((c) => c.name);
  }

  /** Run anonymous Apex; never throws. */
  runAnonymous(source: string): { success: boolean; error?: string; debug: string[] } {
    const start = this.debugLog.length;
    const name = `AnonymousApex${++anonCounter}`;
    try {
      const decl = loadFile(
        `${name}.cls`,
        // The wrapper shares the first line with the source, so line numbers are the source's own.
        `public class ${name} { public static void run() { ${source}\n }\n}`,
      ) as ClassDecl;
      this.classes.set(name.toLowerCase(), decl);
      this.typeCache.clear();
      this.callStatic(name, 'run', []);
      return { success: true, debug: this.debugLog.slice(start) };
    } catch (e) {
      this.stack.length = 0;
      const d = this.describeException(e);
      const error = d ? `${d.typeName}: ${d.message}\n${d.stackTrace}` : ((e as Error)?.message ?? String(e));
      return { success: false, error, debug: this.debugLog.slice(start) };
    } finally {
      this.classes.delete(name.toLowerCase());
    }
  }

  callStatic(className: string, method: string, args: Value[]): Value {
    return this.callStaticRef(new StaticRef(className.split('.')), method, args);
  }

  findMethod(obj: Value, name: string, argc: number): MethodDecl | null {
    if (!(obj instanceof ApexObject)) return null;
    return this.findMethodIn(obj.cls, name.toLowerCase(), new Array(argc).fill(null), false);
  }

  /** find a method by name/args in cls and its superclasses; staticOnly restricts to static methods */
  findMethodIn(cls: ClassDecl, lc: string, args: Value[], staticOnly: boolean): MethodDecl | null {
    for (let c: ClassDecl | null = cls; c; c = this.superOf(c)) {
      const cands = c.methods.get(lc);
      if (cands) {
        const m = this.pickOverload(
          cands.filter((x) => x.params.length === args.length && (!staticOnly || x.isStatic) && !x.isAbstract),
          args,
        );
        if (m) return m;
      }
    }
    return null;
  }

  private pickOverload(cands: MethodDecl[], args: Value[]): MethodDecl | null {
    if (cands.length <= 1) return cands[0] ?? null;
    const hints = this.argHints;
    this.argHints = null;
    let best: MethodDecl | null = null;
    let bestScore = -1;
    for (const m of cands) {
      let score = 0;
      let ok = true;
      m.params.forEach((p, i) => {
        const a = args[i];
        if (a === null) {
          const h = hints?.[i];
          if (h) {
            const pn = p.type.name.toLowerCase();
            if (pn === h || pn === 'system.' + h || 'system.' + pn === h) score += 3;
            else if (pn === 'object') score += 1;
            else ok = false;
            return;
          }
          score += 1;
          return;
        }
        const n = p.type.name.toLowerCase();
        if (n === 'object') score += 1;
        else if (this.isInstanceOf(a, p.type.name, m.owner, p.type)) score += 3;
        else if (
          (n === 'long' || n === 'decimal' || n === 'double') &&
          (typeof a === 'number' || typeof a === 'bigint' || a instanceof ApexDecimal)
        )
          score += 2;
        else ok = false;
      });
      if (ok && score > bestScore) {
        best = m;
        bestScore = score;
      }
    }
    return best;
  }

  invoke(m: MethodDecl, self: ApexObject | null, args: Value[]): Value {
    if (!m.body) this.unsupported(`call of abstract method ${m.owner.fullName}.${m.name}`);
    if (m.isStatic || !self) this.classOf(m.owner);
    this.limits.cpuMicros = (this.limits.cpuMicros || 0) + CPU_COST_MICROS.methodCall;
    const label = `Class.${m.owner.fullName}.${m.isCtor ? '<init>' : m.name}`;
    return this.withFrame(m.owner, m.isStatic ? null : self, label, () => {
      this.top().line = m.ln;
      m.params.forEach((p, i) => this.declare(p.name, this.coerce(args[i], p.type), p.type));
      const v = this.runBody(m.body!);
      return m.ret ? this.coerce(v, m.ret) : null;
    });
  }

  callMethod(target: Value, method: string, args: Value[]): Value {
    const lc = method.toLowerCase();
    if (target === null) this.npe();
    if (target instanceof ApexObject) {
      const provider = (target.native as any).stubProvider;
      if (provider) return this.callStub(target, provider, lc, args);
      const m = this.findMethodIn(target.cls, lc, args, false);
      if (m) return this.invoke(m, m.isStatic ? null : target, args);
      if (this.isExceptionClass(target.cls)) return this.exceptionMethod(target, lc, args);
      if (lc === 'equals' && args.length === 1) return target === args[0];
      if (lc === 'hashcode' && args.length === 0) return this.identityHash(target);
      if (lc === 'tostring' && args.length === 0) return this.toApexString(target);
      return this.unsupported(`unknown method ${target.cls.fullName}.${method}(${args.length} args)`);
    }
    return callValueMethod(this, target, lc, args, method);
  }

  private callStub(stub: ApexObject, provider: Value, lc: string, args: Value[]): Value {
    const m =
      this.findMethodIn(stub.cls, lc, args, false) ??
      stub.cls.methods.get(lc)?.find((x) => x.params.length === args.length) ??
      null;
    if (!m) this.unsupported(`stubbed method ${stub.cls.fullName}.${lc}`);
    const types = new ApexList(
      typeRef('System.Type'),
      m.params.map((p) => new ApexType(p.type)),
    );
    const names = new ApexList(
      typeRef('String'),
      m.params.map((p) => p.name),
    );
    const ret = new ApexType(m.ret ?? typeRef('void'));
    const result = this.callMethod(provider, 'handleMethodCall', [
      stub,
      m.name,
      ret,
      types,
      names,
      new ApexList(typeRef('Object'), args),
    ]);
    return m.ret ? this.coerce(result, m.ret) : null;
  }

  /** type reference with class names made absolute (Inner -> Outer.Inner), so System.Type values work anywhere */
  canonicalType(t: TypeRef): TypeRef {
    const r = this.resolveType(t.name, this.top()?.cls ?? null);
    const name =
      r?.kind === 'class'
        ? r.decl.fullName
        : r?.kind === 'sobject' || (r?.kind === 'prim' && !/^(list|set|map)$/i.test(r.name))
          ? r.name
          : t.name;
    return { name, args: t.args.map((a) => this.canonicalType(a)) };
  }

  private hashes = new WeakMap<object, number>();
  private nextHash = 1;
  identityHash(o: object): number {
    let h = this.hashes.get(o);
    if (!h) this.hashes.set(o, (h = (this.nextHash++ * 2654435761) | 0));
    return h;
  }

  exceptionMethod(ex: ApexObject, lc: string, args: Value[]): Value {
    const n = ex.native as any;
    switch (lc) {
      case 'getmessage':
        return n.message ?? null;
      case 'setmessage':
        n.message = args[0];
        return null;
      case 'getcause':
        return n.cause ?? null;
      case 'initcause':
        n.cause = args[0];
        return null;
      case 'gettypename':
        return ex.cls.fullName;
      case 'getlinenumber':
        return n.line ?? -1;
      case 'getstacktracestring':
        return n.stack ?? '';
      case 'tostring':
        return `${ex.cls.fullName}: ${n.message ?? 'Script-thrown exception'}`;
      case 'getdmlmessage':
        return (n.dmlErrors?.[args[0] as number]?.message as string) ?? null;
      case 'getnumdml':
        return n.dmlErrors?.length ?? 0;
      case 'getdmlfieldnames':
        return new ApexList(typeRef('String'), (n.dmlErrors?.[args[0] as number]?.fields as string[]) ?? []);
      case 'getdmlfields':
        return new ApexList(typeRef('Schema.SObjectField'), []);
      case 'getdmlid':
        return n.dmlErrors?.[args[0] as number]?.id ?? null;
      case 'getdmlindex':
        return n.dmlErrors?.[args[0] as number]?.index ?? args[0];
      case 'getdmltype': {
        const code = n.dmlErrors?.[args[0] as number]?.statusCode;
        if (code === undefined || code === null) return null;
        if (code instanceof EnumValue) return code;
        const key = 'System.StatusCode.' + code;
        return (this.state[key] ??= new EnumValue('System.StatusCode', String(code), 0));
      }
      case 'getdmlstatuscode':
        return n.dmlErrors?.[args[0] as number]?.statusCode ?? null;
      case 'equals':
        return ex === args[0];
      case 'hashcode':
        return this.identityHash(ex);
    }
    return this.unsupported(`Exception.${lc}`);
  }

  // ---- object creation

  newInstance(typeName: string, args: Value[] = []): Value {
    return this.evalNewValues(typeRef(typeName), args, null);
  }

  private evalNew(t: TypeRef, argExprs: Expr[]): Value {
    const ctx = this.top().cls;
    const rt = this.resolveType(t.name, ctx);
    if (rt?.kind === 'sobject') {
      const pairs: [string, Value][] = argExprs.map((a) => {
        if (a.k !== 'assign' || a.target.k !== 'name') this.unsupported(`new ${t.name}(...) with positional arguments`);
        return [a.target.name, this.eval(a.value)];
      });
      const svc = this.requireServices(`new ${t.name}()`);
      return svc.newSObject(rt.name, pairs, this.site());
    }
    if (!rt && argExprs.length && argExprs.every((a) => a.k === 'assign')) {
      this.requireServices(`new ${t.name}(Field = value)`);
      this.unsupported(`unknown SObject type ${t.name}`);
    }
    return this.evalNewValues(t, this.evalArgs(argExprs), rt);
  }

  private evalNewValues(t: TypeRef, args: Value[], rt: ResolvedType | null): Value {
    rt = rt ?? this.resolveType(t.name, this.top()?.cls ?? null);
    if (!rt) this.unsupported(`unknown type ${t.name}`);
    if (rt.kind === 'prim') {
      const a0 = args[0];
      switch (rt.name) {
        case 'List':
          if (a0 instanceof ApexList) return new ApexList(t.args[0], [...a0.items]);
          if (a0 instanceof ApexSet) return new ApexList(t.args[0], [...a0.map.values()]);
          return new ApexList(t.args[0] ?? typeRef('Object'), []);
        case 'Set': {
          const s = new ApexSet(t.args[0] ?? typeRef('Object'));
          const src = a0 instanceof ApexList ? a0.items : a0 instanceof ApexSet ? [...a0.map.values()] : [];
          for (const it of src) s.map.set(keyOf(this, it), it);
          return s;
        }
        case 'Map': {
          const m = new ApexMap(t.args[0] ?? typeRef('Object'), t.args[1] ?? typeRef('Object'));
          if (a0 instanceof ApexMap) for (const [k, v] of a0.map) m.map.set(k, [v[0], v[1]]);
          else if (a0 instanceof ApexList)
            for (const r of a0.items) if (r instanceof SObjectRecord) m.map.set(keyOf(this, r.id), [r.id, r]);
          return m;
        }
        case 'Object':
          return this.unsupported('new Object()');
        case 'SObject':
          return this.unsupported('new SObject()');
      }
      return this.unsupported(`new ${rt.name}()`);
    }
    if (rt.kind === 'sobject') return this.requireServices('new SObject').newSObject(rt.name, [], this.site());
    if (rt.kind === 'native') {
      const r = rt.def.construct?.(args, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`new ${rt.name}(${args.length} args)`);
    }
    const d = rt.decl;
    if (d.kind !== 'class') this.unsupported(`new of ${d.kind} ${d.fullName}`);
    if (d.mods.has('abstract')) this.unsupported(`new of abstract class ${d.fullName}`);
    const obj = new ApexObject(d);
    this.construct(d, obj, args);
    return obj;
  }

  private construct(d: ClassDecl, obj: ApexObject, args: Value[]) {
    this.classOf(d);
    if ((d as any).builtin) {
      // Exception(), Exception(String), Exception(Exception), Exception(String, Exception)
      let message: Value = null;
      let cause: Value = null;
      for (const a of args) {
        if (typeof a === 'string') message = a;
        else if (a instanceof ApexObject) cause = a;
      }
      // documented platform behaviour: AuraHandledException.getMessage() is "Script-thrown exception" unless setMessage() is called
      if (d.name === 'AuraHandledException') message = 'Script-thrown exception';
      obj.native = { message, cause, stack: this.stackTrace(), line: this.site().line };
      return;
    }
    const ctor = d.ctors.length
      ? this.pickOverload(
          d.ctors.filter((c) => c.params.length === args.length),
          args,
        )
      : null;
    if (!ctor && (d.ctors.length || args.length)) {
      const sup = this.superOf(d);
      if (sup && this.isExceptionClass(d) && args.length <= 2) {
        // custom exceptions get the Exception constructors
        this.construct(sup, obj, args);
        this.runInit(d, obj, d.instanceInit, obj.fields);
        return;
      }
      this.unsupported(`no constructor ${d.fullName}(${args.length} args)`);
    }
    const sup = this.superOf(d);
    const firstStmt = ctor && ctor.body && ctor.body.k === 'block' ? ctor.body.stmts[0] : null;
    const explicit = firstStmt && firstStmt.k === 'expr' && firstStmt.e.k === 'ctorCall' ? firstStmt.e : null;
    if (!explicit || explicit.which === 'super') {
      if (sup && !explicit) this.construct(sup, obj, []);
      if (!sup && !explicit) {
        /* nothing */
      }
    }
    if (!ctor) {
      this.runInit(d, obj, d.instanceInit, obj.fields);
      return;
    }
    // super(...)/this(...) is evaluated in the constructor frame
    this.withFrame(d, obj, `Class.${d.fullName}.<init>`, () => {
      this.top().line = ctor.ln;
      ctor.params.forEach((p, i) => this.declare(p.name, this.coerce(args[i], p.type), p.type));
      if (explicit) {
        const cargs = explicit.args.map((a) => this.eval(a));
        if (explicit.which === 'super') {
          if (!sup) this.unsupported('super() without superclass');
          this.construct(sup, obj, cargs);
          this.runInit(d, obj, d.instanceInit, obj.fields);
        } else this.construct(d, obj, cargs);
      } else this.runInit(d, obj, d.instanceInit, obj.fields);
      const stmts = (ctor.body as Extract<Stmt, { k: 'block' }>).stmts;
      const rest: Stmt = { k: 'block', ln: ctor.ln, stmts: explicit ? stmts.slice(1) : stmts };
      if (explicit) this.hit(d.file, firstStmt!.ln);
      this.runBody(rest);
      return null;
    });
  }

  private evalCtorCall(e: Extract<Expr, { k: 'ctorCall' }>): Value {
    return this.unsupported(`${e.which}(...) outside the first statement of a constructor`);
  }

  // ---- operators

  private evalBin(op: string, le: Expr, re: Expr): Value {
    if (op === '&&') return this.truthy(this.eval(le)) && this.truthy(this.eval(re));
    if (op === '||') return this.truthy(this.eval(le)) || this.truthy(this.eval(re));
    if (op === '??') {
      const l = this.eval(le);
      return l !== null ? l : this.eval(re);
    }
    const l = this.eval(le);
    const r = this.eval(re);
    switch (op) {
      case '+':
        if (typeof l === 'string' || typeof r === 'string') {
          const joined = this.toApexString(l) + this.toApexString(r);
          // building a long string copies it: CPU grows with its length (governor.ts)
          if (joined.length > 1000) this.chargeCpu(joined.length * CPU_COST_MICROS.stringChar);
          return joined;
        }
        if (l === null || r === null) this.npe();
        return this.arith('+', l, r);
      case '-':
      case '*':
      case '/':
        if (l === null || r === null) this.npe();
        return this.arith(op, l, r);
      case '==':
        return this.equalsValue(l, r);
      case '!=':
      case '<>':
        return !this.equalsValue(l, r);
      case '===':
        return this.identical(l, r);
      case '!==':
        return !this.identical(l, r);
      case '<':
      case '>':
      case '<=':
      case '>=': {
        if (l === null || r === null) {
          // Apex Developer Guide › Expression Operators: "A non-null String or ID value is always greater than a
          // null value"; with null Integers, Doubles, Dates or Datetimes the expression is false.
          const other = l === null ? r : l;
          if (typeof other !== 'string') return false;
          const c = l === null ? -1 : 1;
          return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
        }
        const c = this.compare(l, r);
        return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
      }
      case '&':
      case '|':
      case '^':
        return this.bitOp(op, l, r);
      case '<<':
      case '>>':
      case '>>>':
        return this.shift(op, l, r);
    }
    return this.unsupported(`operator ${op}`);
  }

  private identical(l: Value, r: Value): boolean {
    if (l === null || r === null) return l === r;
    if (typeof l !== 'object' || typeof r !== 'object') return this.equalsValue(l, r);
    return l === r;
  }

  private bitOp(op: string, l: Value, r: Value): Value {
    if (typeof l === 'boolean' && typeof r === 'boolean') return op === '&' ? l && r : op === '|' ? l || r : l !== r;
    if (l === null || r === null) this.npe();
    if (typeof l === 'bigint' || typeof r === 'bigint') {
      const a = BigInt(l as any),
        b = BigInt(r as any);
      return N.wrapLong(op === '&' ? a & b : op === '|' ? a | b : a ^ b);
    }
    const a = l as number,
      b = r as number;
    return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  }

  private shift(op: string, l: Value, r: Value): Value {
    if (l === null || r === null) this.npe();
    if (typeof l === 'bigint') {
      const s = BigInt(Number(r) & 63);
      if (op === '<<') return N.wrapLong(l << s);
      if (op === '>>') return l >> s;
      return BigInt.asIntN(64, BigInt.asUintN(64, l) >> s);
    }
    const a = l as number,
      s = Number(r) & 31;
    return op === '<<' ? a << s : op === '>>' ? a >> s : (a >>> s) | 0;
  }

  private numRank(v: Value): number {
    if (typeof v === 'number') return 1;
    if (typeof v === 'bigint') return 2;
    // Apex Developer Guide › Rules of Conversion: Integer < Long < Double < Decimal
    if (v instanceof ApexDouble) return 3;
    if (v instanceof ApexDecimal) return 4;
    return 0;
  }

  private toDec(v: Value): ApexDecimal {
    if (typeof v === 'number' || typeof v === 'bigint') return N.decFromInt(v);
    if (v instanceof ApexDecimal) return v;
    if (v instanceof ApexDouble) return N.decFromDouble(v.v);
    return this.unsupported('numeric conversion');
  }
  toNum(v: Value): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof ApexDecimal) return N.decToNumber(v);
    if (v instanceof ApexDouble) return v.v;
    return this.unsupported(`numeric value of ${this.typeNameOf(v)}`);
  }

  arith(op: string, l: Value, r: Value): Value {
    // Date/Datetime arithmetic
    if (l instanceof ApexDate && typeof r === 'number') {
      const ms = Date.UTC(l.year, l.month - 1, l.day) + (op === '+' ? r : -r) * 86400000;
      const d = new Date(ms);
      return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    if (l instanceof ApexDatetime && (typeof r === 'number' || r instanceof ApexDecimal || r instanceof ApexDouble)) {
      const days = this.toNum(r);
      return new ApexDatetime(l.ms + Math.round((op === '+' ? days : -days) * 86400000));
    }
    const rank = Math.max(this.numRank(l), this.numRank(r));
    if (!this.numRank(l) || !this.numRank(r))
      this.unsupported(`arithmetic ${this.typeNameOf(l)} ${op} ${this.typeNameOf(r)}`);
    switch (rank) {
      case 1: {
        const a = l as number,
          b = r as number;
        switch (op) {
          case '+':
            return (a + b) | 0;
          case '-':
            return (a - b) | 0;
          case '*':
            return Math.imul(a, b);
          case '/':
            if (b === 0) this.throwApex('System.MathException', 'Divide by 0');
            return (a / b) | 0;
        }
        break;
      }
      case 2: {
        const a = BigInt(l as any),
          b = BigInt(r as any);
        switch (op) {
          case '+':
            return N.wrapLong(a + b);
          case '-':
            return N.wrapLong(a - b);
          case '*':
            return N.wrapLong(a * b);
          case '/':
            if (b === 0n) this.throwApex('System.MathException', 'Divide by 0');
            return N.wrapLong(a / b);
        }
        break;
      }
      case 4: {
        const a = this.toDec(l),
          b = this.toDec(r);
        switch (op) {
          case '+':
            return N.decAdd(a, b);
          case '-':
            return N.decSub(a, b);
          case '*':
            return N.decMul(a, b);
          case '/':
            if (b.unscaled === 0n) this.throwApex('System.MathException', 'Divide by 0');
            return N.decDiv(a, b);
        }
        break;
      }
      case 3: {
        const a = this.toNum(l),
          b = this.toNum(r);
        switch (op) {
          case '+':
            return new ApexDouble(a + b);
          case '-':
            return new ApexDouble(a - b);
          case '*':
            return new ApexDouble(a * b);
          case '/':
            if (b === 0) this.throwApex('System.MathException', 'Divide by 0');
            return new ApexDouble(a / b);
        }
      }
    }
    return this.unsupported(`operator ${op}`);
  }

  numCmp(l: Value, r: Value): number {
    const rank = Math.max(this.numRank(l), this.numRank(r));
    if (rank <= 2) {
      const a = BigInt(l as any),
        b = BigInt(r as any);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    if (rank === 4) return N.decCmp(this.toDec(l), this.toDec(r));
    const a = this.toNum(l),
      b = this.toNum(r);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  compare(l: Value, r: Value): number {
    if (this.numRank(l) && this.numRank(r)) return this.numCmp(l, r);
    if (typeof l === 'string' && typeof r === 'string') {
      // case-insensitive, locale-aware (en_US) like the platform's collator
      return stringCollator.compare(l, r);
    }
    if (l instanceof ApexDate && r instanceof ApexDate)
      return Date.UTC(l.year, l.month - 1, l.day) - Date.UTC(r.year, r.month - 1, r.day);
    if (l instanceof ApexDatetime && r instanceof ApexDatetime) return l.ms - r.ms;
    if (l instanceof ApexTime && r instanceof ApexTime) return l.ms - r.ms;
    return this.unsupported(`comparison ${this.typeNameOf(l)} with ${this.typeNameOf(r)}`);
  }

  /** Apex `==` */
  equalsValue(l: Value, r: Value): boolean {
    if (l === null || r === null) return l === r;
    if (typeof l === 'string' && typeof r === 'string') return l === r || l.toLowerCase() === r.toLowerCase();
    if (this.numRank(l) && this.numRank(r)) return this.numCmp(l, r) === 0;
    if (typeof l === 'boolean' || typeof r === 'boolean') return l === r;
    if (l instanceof ApexDate && r instanceof ApexDate)
      return l.year === r.year && l.month === r.month && l.day === r.day;
    if (l instanceof ApexDatetime && r instanceof ApexDatetime) return l.ms === r.ms;
    if (l instanceof ApexTime && r instanceof ApexTime) return l.ms === r.ms;
    if (l instanceof ApexBlob && r instanceof ApexBlob) return l.bytes.equals(r.bytes);
    if (l instanceof ApexList && r instanceof ApexList)
      return l.items.length === r.items.length && l.items.every((x, i) => this.equalsValue(x, r.items[i]));
    if (l instanceof ApexSet && r instanceof ApexSet)
      return l.map.size === r.map.size && [...l.map.keys()].every((k) => r.map.has(k));
    if (l instanceof ApexMap && r instanceof ApexMap)
      return (
        l.map.size === r.map.size &&
        [...l.map].every(([k, v]) => r.map.has(k) && this.equalsValue(v[1], r.map.get(k)![1]))
      );
    if (l instanceof SObjectRecord && r instanceof SObjectRecord) {
      if (l.typeName !== r.typeName || l.fields.size !== r.fields.size) return false;
      for (const [k, f] of l.fields)
        if (!r.fields.has(k) || !this.equalsValue(f.value, r.fields.get(k)!.value)) return false;
      return true;
    }
    if (l instanceof ApexObject) {
      const m = this.findMethodIn(l.cls, 'equals', [r], false);
      if (m) return this.invoke(m, l, [r]) === true;
      return l === r;
    }
    if (l instanceof ApexType && r instanceof ApexType)
      return typeRefToString(l.ref).toLowerCase() === typeRefToString(r.ref).toLowerCase();
    if (l instanceof NativeObject && r instanceof NativeObject) {
      const def = this.natives.get(l.typeName.toLowerCase());
      const x = def?.callInstance?.(l, 'equals', [r], this, this.site());
      if (typeof x === 'boolean') return x;
    }
    return l === r;
  }

  toApexString(v: Value): string {
    return builtinToString(this, v);
  }

  newList(elemType: TypeRef, items: Value[]): ApexList {
    return new ApexList(elemType, items);
  }

  listGet(l: ApexList, idx: Value): Value {
    if (idx === null) this.npe();
    const i = Number(idx);
    if (i < 0 || i >= l.items.length) this.throwApex('System.ListException', `List index out of bounds: ${i}`);
    return l.items[i];
  }

  // ------------------------------------------------------------------ helpers for built-ins

  nowMs(): number {
    const svc = this.services as any;
    if (svc && typeof svc.now === 'function') return svc.now();
    return this.state.fixedNow ?? Date.now();
  }

  evalCastPublic(t: TypeRef, v: Value): Value {
    return this.evalCast(t, v);
  }

  /** class and its superclasses, most-derived first */
  classChain(d: ClassDecl): ClassDecl[] {
    const out: ClassDecl[] = [];
    for (let c: ClassDecl | null = d; c; c = this.superOf(c)) out.push(c);
    return out;
  }

  /** new instance without running constructors (JSON.deserialize), field initialisers run */
  instantiateBlank(d: ClassDecl): ApexObject {
    const obj = new ApexObject(d);
    this.classOf(d);
    for (const c of this.classChain(d).reverse()) {
      if ((c as any).builtin) obj.native = { message: null, cause: null, stack: '', line: -1 };
      else this.runInit(c, obj, c.instanceInit, obj.fields);
    }
    return obj;
  }

  /** type of an instance field/property (for JSON deserialize) */
  memberType(d: ClassDecl, lc: string): { name: string; type: TypeRef } | null {
    for (const c of this.classChain(d)) {
      const f = c.fields.get(lc);
      if (f && !f.isStatic) return { name: f.name, type: f.type };
      const p = c.props.get(lc);
      if (p && !p.isStatic) return { name: p.name, type: p.type };
    }
    return null;
  }

  // ------------------------------------------------------------------ triggers

  hasTriggers(sobjectType: string): boolean {
    return this.triggers.some((t) => t.sobject.toLowerCase() === sobjectType.toLowerCase());
  }

  fireTriggers(ctx: TriggerContext): void {
    for (const t of this.triggers) {
      if (t.sobject.toLowerCase() !== ctx.sobjectType.toLowerCase() || !t.events.includes(ctx.operation)) continue;
      this.triggerStack.push(ctx);
      try {
        this.withFrame(t.cls, null, `Trigger.${t.name}`, () => {
          this.top().trigger = ctx;
          return this.runBody(t.body);
        });
      } finally {
        this.triggerStack.pop();
      }
    }
  }

  currentTrigger(): TriggerContext | null {
    return this.triggerStack[this.triggerStack.length - 1] ?? null;
  }

  inTestContext(): boolean {
    return this.testContext;
  }

  currentUser() {
    return this.user;
  }

  debug(level: string, msg: string) {
    const f = this.top();
    const line = `${f ? `${f.cls.name}:${f.line}` : ''} USER_DEBUG [${f?.line ?? 0}]|${level}|${msg}`;
    this.debugLog.push(line);
    this.debugSink(line);
  }
}

function layerNative(top: NativeClassDef, base: NativeClassDef): NativeClassDef {
  const pick = <K extends keyof NativeClassDef>(k: K): any => {
    const a = top[k] as any,
      b = base[k] as any;
    if (!a) return b;
    if (!b) return a;
    return (...xs: any[]) => {
      const r = a.apply(top, xs);
      return r === NOT_HANDLED || r === undefined || r === false ? b.apply(base, xs) : r;
    };
  };
  return {
    name: top.name,
    parent: top.parent ?? base.parent,
    isInterface: top.isInterface ?? base.isInterface,
    callStatic: pick('callStatic'),
    getStatic: pick('getStatic'),
    construct: pick('construct'),
    callInstance: pick('callInstance'),
    getInstance: pick('getInstance'),
    setInstance: pick('setInstance'),
    setStatic: pick('setStatic'),
  };
}

/** `TriggerOperation` and `System.TriggerOperation` name the same built-in type. */
function sameSystemName(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/^system\./, '');
  const y = b.toLowerCase().replace(/^system\./, '');
  return x === y;
}
