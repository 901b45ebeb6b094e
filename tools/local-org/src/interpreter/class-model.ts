/**
 * The interpreter's class model: its state (classes, natives, statics, frames, limits), loading a project,
 * static and instance initialisation, case-insensitive type resolution, subtyping and `instanceof`, assignment
 * conversion (`coerce`), Apex exceptions, and the call stack. The lowest of the interpreter's layers
 * (class-model → operators → statements → expressions → calls → engine → Interpreter): what a lower layer calls
 * in a higher one is declared abstract at the end of this class.
 */
import type { ClassDecl, Expr, MethodDecl, Stmt, TriggerDecl } from './ast.js';
import {
  type DataServices,
  type NativeClassDef,
  type Runtime,
  type SourceSite,
  type TriggerContext,
  NOT_HANDLED,
} from './services.js';
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
  lower,
  type TypeRef,
  type Value,
} from './values.js';
import type { LoadedProject } from './loader.js';
import * as N from './numbers.js';

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
export const stringCollator = new Intl.Collator('en-US', { sensitivity: 'accent' });

/** A thrown Apex exception travelling through JS. */
export class ApexThrow {
  constructor(readonly ex: ApexObject) {}
}
/** An error in the interpreter or an unsupported built-in (not catchable by Apex). */
export class InterpreterError extends Error {}

export interface Completion {
  type: 'return' | 'break' | 'continue';
  value?: Value;
}
export const BREAK: Completion = { type: 'break' };
export const CONTINUE: Completion = { type: 'continue' };

export interface Var {
  /** lower-case name */
  name: string;
  v: Value;
  type: TypeRef | null;
}

export interface Frame {
  cls: ClassDecl;
  self: ApexObject | null;
  scopes: Scope[];
  label: string;
  line: number;
  /** lower-case property name whose accessor is running (its name then refers to the backing store) */
  accessor: string | null;
  trigger?: TriggerContext;
  /** the coverage set of `cls.file` (looked up at the frame's first statement rather than at every one) */
  cov: Set<number> | null;
}

/**
 * The local variables of one block, by lower-case name in declaration order: parallel arrays, searched
 * linearly (a block declares a handful), cheaper than a Map to create and to search. Names come from `lower`,
 * so a match is usually the same string object.
 */
export class Scope {
  readonly vars: Var[] = [];
  get(name: string): Var | undefined {
    const vs = this.vars;
    for (let i = vs.length - 1; i >= 0; i--) if (vs[i].name === name) return vs[i];
    return undefined;
  }
  /** declares name (a redeclaration in the same scope, a loop variable, replaces the value in place) */
  declare(name: string, v: Value, type: TypeRef | null): void {
    const x = this.get(name);
    if (x) {
      x.v = v;
      x.type = type;
    } else this.vars.push({ name, v, type });
  }
}

/**
 * The scope a block or frame starts with: shared and never written (`declare` puts a fresh Scope in its place),
 * so a block that declares nothing allocates nothing.
 */
export const EMPTY_SCOPE = new Scope();

/** Reference to a (possibly partially) qualified type or namespace, e.g. `OrderService` or `Schema.SObjectType`. */
export class StaticRef {
  private joined: string | undefined = undefined;
  constructor(readonly parts: string[]) {}
  get name() {
    return (this.joined ??= this.parts.join('.'));
  }
}

const SINGLE_REFS = new Map<string, StaticRef>();
/** the StaticRef of a one-part name (immutable, so shared) */
export function singleRef(name: string): StaticRef {
  let r = SINGLE_REFS.get(name);
  if (!r) {
    r = new StaticRef([name]);
    if (SINGLE_REFS.size < 10000) SINGLE_REFS.set(name, r);
  }
  return r;
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

export interface RtClass {
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

export abstract class ClassModel implements Runtime {
  classes = new Map<string, ClassDecl>(); // lower-case full name -> decl (user + builtin exceptions)
  triggers: TriggerDecl[] = [];
  natives = new Map<string, NativeClassDef>();
  protected rt = new Map<ClassDecl, RtClass>();
  protected typeCache = new Map<string, ResolvedType | null>();
  /** `typeCache` by context and the name as written; cleared with it */
  protected typeCacheExact = new Map<ClassDecl | null, Map<string, ResolvedType | null>>();
  protected enumCache = new Map<string, EnumValue[]>();
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
  protected debugSink: (line: string) => void;
  protected triggerStack: TriggerContext[] = [];
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
    this.installBuiltinTypes();
    this.resetLimits();
    if (this.services) this.services.attach(this);
  }

  protected addBuiltinException(name: string, parent: string | null) {
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
    this.typeCacheExact.clear();
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
    this.typeCacheExact.clear();
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

  protected runInit(
    decl: ClassDecl,
    self: ApexObject | null,
    steps: ClassDecl['staticInit'],
    store: Map<string, Value>,
  ) {
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
          store.set(lower(st.field.name), this.coerce(this.eval(st.field.init), st.field.type));
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
    // first by the context and the name as written (no string building on the hot path), then case-insensitively
    let byName = this.typeCacheExact.get(ctx);
    if (!byName) this.typeCacheExact.set(ctx, (byName = new Map()));
    const hit = byName.get(name);
    if (hit !== undefined || byName.has(name)) return hit!;
    const key = (ctx ? ctx.fullName : '') + '|' + name.toLowerCase();
    let r: ResolvedType | null;
    if (this.typeCache.has(key)) r = this.typeCache.get(key)!;
    else {
      r = this.resolveTypeUncached(name, ctx);
      this.typeCache.set(key, r);
    }
    byName.set(name, r);
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
    switch (coerceKind(t.name)) {
      case COERCE_SAME:
        return v;
      case COERCE_LONG:
        if (typeof v === 'number') return BigInt(v);
        return v;
      case COERCE_DECIMAL:
        if (typeof v === 'number' || typeof v === 'bigint') return N.decFromInt(v);
        if (v instanceof ApexDouble) return N.decFromDouble(v.v);
        return v;
      case COERCE_DOUBLE:
        if (typeof v === 'number') return new ApexDouble(v);
        if (typeof v === 'bigint') return new ApexDouble(Number(v));
        if (v instanceof ApexDecimal) return new ApexDouble(N.decToNumber(v));
        return v;
      case COERCE_ID:
        if (typeof v === 'string') {
          if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(v))
            this.throwApex('System.StringException', `Invalid id: ${v}`);
          // Apex Developer Guide › Primitive Data Types (ID): a 15-character value becomes its 18-character form
          if (v.length === 15) return id18(v);
        }
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

  /** the coverage set of a file (created on its first hit) */
  protected coverageOf(file: string): Set<number> {
    let s = this.coverage.get(file);
    if (!s) this.coverage.set(file, (s = new Set()));
    return s;
  }

  withFrame<T>(cls: ClassDecl, self: ApexObject | null, label: string, fn: () => T, accessor: string | null = null): T {
    this.pushFrame(cls, self, label, this.stack.length ? this.top().line : 0, accessor);
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }

  /** pushes a frame (the caller pops it in a `finally`); the stack depth limit is the platform's 1000 */
  protected pushFrame(
    cls: ClassDecl,
    self: ApexObject | null,
    label: string,
    line: number,
    accessor: string | null,
    scope: Scope = EMPTY_SCOPE,
  ): Frame {
    if (this.stack.length > 1000) this.throwApex('System.LimitException', 'Maximum stack depth reached: 1001');
    const f: Frame = { cls, self, scopes: [scope], label, line, accessor, trigger: undefined, cov: null };
    this.stack.push(f);
    return f;
  }

  protected declare(name: string, v: Value, type: TypeRef | null) {
    this.declareLc(lower(name), v, type);
  }

  /** declare with the name already in lower case */
  protected declareLc(lc: string, v: Value, type: TypeRef | null) {
    const scopes = this.top().scopes;
    let scope = scopes[scopes.length - 1];
    if (scope === EMPTY_SCOPE) scopes[scopes.length - 1] = scope = new Scope();
    scope.declare(lc, v, type);
    this.noteStored(v);
  }

  protected lookupVar(name: string): Var | undefined {
    return this.lookupVarIn(this.top(), name);
  }

  /** the local variable `name` (lower case) of frame f, innermost scope first */
  protected lookupVarIn(f: Frame, name: string): Var | undefined {
    const scopes = f.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const sc = scopes[i];
      const vs = sc.vars;
      for (let j = vs.length - 1; j >= 0; j--) if (vs[j].name === name) return vs[j];
    }
    return undefined;
  }

  protected stmtCount = 0;
  /** hang guard for tests: a test transaction running longer than this throws the CPU-time LimitException
   * (the platform's limit is 10 s of CPU; this is wall time and deliberately generous) */
  cpuGuardMs = 60000;

  /** statements until the next heap check (adaptive: a walk over V values waits V / 2 statements, at least 5000) */
  protected heapCountdown = 5000;

  protected bigStringMark = { length: 0, stmt: 0 };

  protected boundCache = new WeakMap<object, Expr>();

  /** static types of null arguments written as casts, e.g. foo((Exception) null), used for overload choice */
  protected argHints: (string | null)[] | null = null;

  /** the expression node whose null value lets the enclosing `.member` be null too (see 'dot') */
  protected nullChain: Expr | null = null;

  protected hashes = new WeakMap<object, number>();
  protected nextHash = 1;

  // ------------------------------------------------------------------ implemented by the layers above

  // The rest of Runtime (services.ts): calls.ts (newInstance) and engine.ts.
  abstract newInstance(typeName: string, args?: Value[]): Value;
  abstract callStatic(className: string, method: string, args: Value[]): Value;
  abstract newList(elemType: TypeRef, items: Value[]): ApexList;
  abstract fireTriggers(ctx: TriggerContext): void;
  abstract hasTriggers(sobjectType: string): boolean;
  abstract inTestContext(): boolean;
  abstract currentUser(): { id: string; userName: string; orgId: string; timeZone: string };

  // The built-ins, implemented by Interpreter (interpreter.ts), so no layer imports builtins.ts or natives.ts.
  /** System exception classes and the built-in classes (Interpreter: builtins.ts, natives.ts) */
  protected abstract installBuiltinTypes(): void;
  /** the hash key of a value in a Set or Map (builtins.ts keyOf) */
  abstract keyOf(v: Value): unknown;
  /** keyOf for a key of map m (builtins.ts mapKeyOf) */
  abstract mapKeyOf(m: ApexMap, v: Value): unknown;
  /** a method on a built-in value: String, numbers, collections, SObjects... (builtins.ts callValueMethod) */
  abstract callValueMethod(v: Value, lc: string, args: Value[], orig: string): Value;

  // Called by a lower layer, defined in a higher one (operators, statements, expressions, calls, engine).
  abstract callMethod(target: Value, method: string, args: Value[], lc?: string): Value;
  abstract canonicalType(t: TypeRef): TypeRef;
  abstract chargeCpu(micros: number): void;
  abstract eval(e: Expr): Value;
  protected abstract evalCall(e: Extract<Expr, { k: 'call' }>): Value;
  protected abstract evalCtorCall(e: Extract<Expr, { k: 'ctorCall' }>): Value;
  protected abstract evalNew(t: TypeRef, argExprs: Expr[]): Value;
  abstract execBlockOrThrow(s: Stmt): Completion | undefined;
  protected abstract runFrameBody(body: Stmt): Value;
  abstract findMethod(obj: Value, name: string, argc: number): MethodDecl | null;
  abstract findMethodIn(cls: ClassDecl, lc: string, args: Value[], staticOnly: boolean): MethodDecl | null;
  abstract invoke(m: MethodDecl, self: ApexObject | null, args: Value[]): Value;
  abstract listGet(l: ApexList, idx: Value): Value;
  protected abstract noteStored(v: Value): void;
  abstract toApexString(v: Value): string;
  abstract truthy(v: Value): boolean;
}

const COERCE_SAME = 0;
const COERCE_LONG = 1;
const COERCE_DECIMAL = 2;
const COERCE_DOUBLE = 3;
const COERCE_ID = 4;
const COERCE_OTHER = 5;
const COERCE_KINDS = new Map<string, number>();
/** what `coerce` does for a target type named `name` (as written), remembered by name */
function coerceKind(name: string): number {
  let k = COERCE_KINDS.get(name);
  if (k === undefined) {
    switch (name.toLowerCase().replace(/^system\./, '')) {
      case 'long':
        k = COERCE_LONG;
        break;
      case 'decimal':
        k = COERCE_DECIMAL;
        break;
      case 'double':
        k = COERCE_DOUBLE;
        break;
      case 'id':
        k = COERCE_ID;
        break;
      case 'string':
      case 'integer':
      case 'boolean':
      case 'object':
      case 'list':
      case 'set':
      case 'map':
        k = COERCE_SAME;
        break;
      default:
        k = COERCE_OTHER;
    }
    if (COERCE_KINDS.size < 50000) COERCE_KINDS.set(name, k);
  }
  return k;
}

function layerNative(top: NativeClassDef, base: NativeClassDef): NativeClassDef {
  const pick = <K extends keyof NativeClassDef>(k: K): any => {
    const a = top[k] as any,
      b = base[k] as any;
    if (!a) return b;
    if (!b) return a;
    // fixed parameters (no rest array per call): the widest handler, callInstance / setInstance, takes five
    return (x1: any, x2: any, x3: any, x4: any, x5: any) => {
      const r = a.call(top, x1, x2, x3, x4, x5);
      return r === NOT_HANDLED || r === undefined || r === false ? b.call(base, x1, x2, x3, x4, x5) : r;
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
