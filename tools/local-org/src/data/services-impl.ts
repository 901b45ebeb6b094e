/**
 * The data layer's implementation of DataServices: schema, records, SOQL, DML, Database.*, Schema.*, custom
 * metadata and settings, async work (Queueable, @future, Batchable, Schedulable, finalizers), platform events,
 * REST context, governor limits and transactions.
 */
import { readFileSync } from 'node:fs';
import { parseDecimal } from '../interpreter/numbers.js';
import {
  ApexBlob,
  ApexDecimal,
  ApexDatetime,
  ApexList,
  ApexMap,
  ApexObject,
  EnumValue,
  NativeObject,
  SObjectRecord,
  TypeRef,
  Value,
  typeRef,
} from '../interpreter/values.js';
import { NOT_HANDLED } from '../interpreter/services.js';
import type {
  DataServices,
  DmlOp,
  DmlOptions,
  InlineQuery,
  NativeClassDef,
  NotHandled,
  Runtime,
  SourceSite,
  TriggerContext,
} from '../interpreter/services.js';
import { OrgDatabase, DbSnapshot, StoredRecord } from './database.js';
import { DmlEngine, DmlRowResult, DmlStatementError, DmlOperation } from './dml.js';
import { normalizeId } from './ids.js';
import { loadSchema, Schema, SObjectDescribe } from './schema.js';
import { seed, SeedInfo } from './seed.js';
import {
  childRelationshipOf,
  compileInlineQuery,
  compileQueryText,
  type BindResolver,
  executeQuery,
  QueryResult,
  SoqlError,
  SoqlQuery,
} from './soql.js';
import { apexTypeOfField, evalDefault, fromMetadataString, stringOf } from './value-utils.js';
import { isNative, mapEntries, mapGet, native, newList, newMap } from './helpers.js';
import { AsyncEngine, cryptoUuid } from './async.js';
import { installRest, RestState } from './rest.js';
import { platformCacheNatives } from './platform-cache.js';
import { securityNatives } from './security.js';
import { runSosl } from './sosl.js';
import { AccessModel } from './access.js';
import { invocableNatives } from './invocable.js';
import { formulaEvalNatives } from './formula-eval.js';
import { CPU_COST_MICROS } from '../interpreter/governor.js';
import { checkMixedDml, dmlSide, DmlSide, MixedDmlScope, newMixedDmlScope } from './mixed-dml.js';

export interface TransactionRecord {
  kind: string;
  entryPoint: string;
  limits: {
    queries: number;
    queryRows: number;
    dmlStatements: number;
    dmlRows: number;
    callouts: number;
    cpuMillis: number;
  };
  error?: string;
}

export const LIMITS = {
  sync: {
    soqlQueries: 100,
    queryRows: 50000,
    dmlStatements: 150,
    dmlRows: 10000,
    callouts: 100,
    queueableJobs: 50,
    cpuTime: 10000,
    publishImmediateDml: 150,
    futureCalls: 50,
  },
  async: {
    soqlQueries: 200,
    queryRows: 50000,
    dmlStatements: 150,
    dmlRows: 10000,
    callouts: 100,
    queueableJobs: 1,
    cpuTime: 60000,
    publishImmediateDml: 150,
    futureCalls: 50,
  },
};

const LIMIT_MESSAGES: Record<string, string> = {
  soqlQueries: 'Too many SOQL queries',
  queryRows: 'Too many query rows',
  dmlStatements: 'Too many DML statements',
  dmlRows: 'Too many DML rows',
  callouts: 'Too many callouts',
  queueableJobs: 'Too many queueable jobs added to the queue',
  publishImmediateDml: 'Too many Immediate DML',
  futureCalls: 'Too many future calls',
};

interface TxState {
  kind: string;
  entryPoint: string;
  snapshot: DbSnapshot;
  savedLimits: Record<string, number> | null;
  uncommitted: boolean;
  startedAt: number;
  /** setup / non-setup objects touched by DML so far (mixed DML); a runAs block has its own */
  mixed: MixedDmlScope;
}

export class LocalDataServices implements DataServices {
  readonly schema: Schema;
  readonly db: OrgDatabase;
  readonly dmlEngine: DmlEngine;
  readonly seedInfo: SeedInfo;
  rt!: Runtime;
  /** org clock (epoch ms); moves with real time from the start offset, plus advanceTime() */
  private clockOffset = 0;
  private frozenAt: number | null = null;
  readonly async: AsyncEngine;
  readonly rest: RestState = { request: null, response: null };
  /** running user stack (System.runAs, async units as the Automated Process user) */
  userStack: string[] = [];
  private queryCache = new WeakMap<object, SoqlQuery>();
  private tokens = new Map<string, NativeObject>();
  private fieldTokens = new Map<string, NativeObject>();
  readonly transactionLog: TransactionRecord[] = [];
  private tx: TxState | null = null;
  /** depth of async execution (> 0: async limits apply) */
  asyncDepth = 0;
  private seedSnapshot: DbSnapshot;
  uncommittedWork = false;
  readonly access: AccessModel;

  constructor(
    readonly projectDir: string,
    opts: { startTime?: number } = {},
  ) {
    this.schema = loadSchema(projectDir);
    if (opts.startTime !== undefined) this.frozenAt = opts.startTime;
    this.db = new OrgDatabase(this.schema, () => this.now());
    this.seedInfo = seed(this.db, projectDir);
    this.dmlEngine = new DmlEngine(this.db, {
      fireTriggers: (ctx) => this.fireTriggers(ctx),
      hasTriggers: (t) => this.rt?.hasTriggers(t) ?? false,
      describeException: (e) => this.describeException(e),
      userId: () => this.currentUserId(),
      canModify: (obj, existing) =>
        !this.rt ||
        !this.withSharing() ||
        this.access.canRecord(this.currentUserId(), obj.name, existing.values, 'edit'),
      triggerName: (type, operation) => {
        const ts: any[] = (this.rt as any)?.triggers ?? [];
        const t = ts.find(
          (x) => String(x.sobject).toLowerCase() === type.toLowerCase() && (x.events ?? []).includes(operation),
        );
        return t ? String(t.name) : null;
      },
    });
    this.async = new AsyncEngine(this);
    this.access = new AccessModel(this.db, projectDir);
    this.access.seedPermissionRows(this.seedInfo.adminUserId);
    this.seedSnapshot = this.db.snapshot();
  }

  // ------------------------------------------------------------------------------------------------ clock & users

  now(): number {
    return (this.frozenAt ?? Date.now()) + this.clockOffset;
  }

  advanceTime(seconds: number): void {
    this.clockOffset += seconds * 1000;
  }

  currentUserId(): string {
    return this.userStack[this.userStack.length - 1] ?? this.rt?.currentUser().id ?? this.seedInfo.adminUserId;
  }

  // ------------------------------------------------------------------------------------------------ attach

  attach(rt: Runtime): void {
    this.rt = rt;
    for (const def of this.natives()) rt.registerNative(def);
    installRest(this, rt);
    this.async.install(rt);
    // The interpreter asks `state.uncommittedWork()` before a callout; its state object is replaced per test.
    const anyRt = rt as any;
    if (anyRt.state && typeof anyRt.state === 'object') {
      const inject = (st: any) => {
        if (st && typeof st === 'object') st.uncommittedWork = () => this.hasUncommittedWork();
      };
      let st = anyRt.state;
      inject(st);
      try {
        Object.defineProperty(anyRt, 'state', {
          configurable: true,
          enumerable: true,
          get: () => st,
          set: (v) => {
            st = v;
            inject(v);
          },
        });
      } catch {
        /* keep the plain property */
      }
    }
    // ApexClass records for every loaded class (AsyncApexJob.ApexClass.Name)
  }

  /** ApexClass setup records for the loaded classes (call after the interpreter loaded the project). */
  registerApexClasses(names: string[]): void {
    const existing = new Set(this.db.rows('ApexClass').map((r) => String(r.values.get('name')).toLowerCase()));
    // Body: the class's source (Object Reference › ApexClass); read from the loaded file
    const files = new Map<string, string>();
    for (const c of ((this.rt as any)?.userClasses?.() ?? []) as Array<{ name: string; file: string }>)
      files.set(String(c.name).toLowerCase(), c.file);
    for (const n of names) {
      if (existing.has(n.toLowerCase())) continue;
      let body: string | null = null;
      let apiVersion: ApexDecimal | null = null;
      const file = files.get(n.toLowerCase());
      try {
        if (file) body = readFileSync(file, 'utf8');
        const v = file
          ? /<apiVersion>\s*([\d.]+)\s*<\/apiVersion>/.exec(readFileSync(`${file}-meta.xml`, 'utf8'))
          : null;
        if (v) apiVersion = parseDecimal(v[1]);
      } catch {
        /* no source or no -meta.xml */
      }
      this.db.insertRaw(
        'ApexClass',
        {
          Name: n,
          Status: 'Active',
          IsValid: true,
          Body: body,
          ApiVersion: apiVersion,
          LengthWithoutComments: body === null ? null : body.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').length,
        },
        this.seedInfo.adminUserId,
      );
    }
    this.seedSnapshot = this.db.snapshot();
  }

  apexClassId(name: string): string | null {
    const find = () =>
      this.db.rows('ApexClass').find((x) => String(x.values.get('name')).toLowerCase() === name.toLowerCase());
    let r = find();
    if (!r) {
      const top = name.split('.')[0]!;
      const known = ((this.rt as any)?.userClasses?.() ?? []).some(
        (c: any) => String(c.name).toLowerCase() === top.toLowerCase(),
      );
      if (known)
        r = this.db.insertRaw('ApexClass', { Name: top, Status: 'Active', IsValid: true }, this.seedInfo.adminUserId);
    }
    return r?.id ?? null;
  }

  private fireTriggers(ctx: TriggerContext): void {
    this.rt.fireTriggers(ctx);
  }

  describeException(e: unknown): { typeName: string; message: string; catchable: boolean } | null {
    const rtd = (this.rt as any)?.describeException;
    if (typeof rtd === 'function') return rtd.call(this.rt, e);
    const ex = (e as any)?.ex;
    if (ex instanceof ApexObject) {
      const typeName: string = ex.cls?.fullName ?? ex.cls?.name ?? 'Exception';
      const message = String(ex.native?.message ?? ex.fields?.get?.('message') ?? '');
      return { typeName, message, catchable: !/LimitException$/i.test(typeName) };
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------ limits

  limitsFor(): Record<string, number> {
    return this.asyncDepth > 0 ? LIMITS.async : LIMITS.sync;
  }

  /**
   * Apex CPU time of the current transaction: the interpreter's cost model (interpreter/governor.ts), which the
   * data layer feeds with DML and SOQL costs; throws the LimitException over 10 s (60 s asynchronous).
   */
  updateCpu(): void {
    if (!this.tx || !this.rt) return;
    const r = this.rt as any;
    if (typeof r.checkCpu === 'function') {
      r.checkCpu();
      return;
    }
  }

  /** CPU cost (microseconds) of data work, charged to the running transaction. */
  chargeCpu(micros: number): void {
    const r = this.rt as any;
    if (typeof r?.chargeCpu === 'function') r.chargeCpu(micros);
  }

  bump(key: keyof typeof LIMITS.sync, n = 1): void {
    this.updateCpu();
    const limits = this.rt.limits;
    limits[key] = (limits[key] ?? 0) + n;
    const max = this.limitsFor()[key]!;
    if (limits[key]! > max) this.rt.throwApex('System.LimitException', `${LIMIT_MESSAGES[key]}: ${limits[key]}`);
  }

  checkLimit(key: keyof typeof LIMITS.sync): void {
    const v = this.rt.limits[key] ?? 0;
    if (v > this.limitsFor()[key]!) this.rt.throwApex('System.LimitException', `${LIMIT_MESSAGES[key]}: ${v}`);
  }

  /** DML in this transaction blocks callouts (DML before Test.startTest() does not block callouts after it). */
  hasUncommittedWork(): boolean {
    return this.uncommittedWork && this.dmlInTestContext === !!this.rt?.inTestContext();
  }
  private dmlInTestContext = false;

  // ------------------------------------------------------------------------------------------------ transactions

  /** Start a top-level transaction (anonymous block, REST call, async unit). */
  beginTransaction(kind: string, entryPoint: string): void {
    // A top-level transaction outside a test run starts with fresh static variables, as on the platform.
    if (!this.tx && !(this.rt as any).isRunningTest) (this.rt as any).resetStatics?.();
    const savedLimits = this.tx ? { ...this.rt.limits } : null;
    if (this.tx) {
      // nested (async unit run from a test's stopTest): keep the outer state
      (this as any)._outer = [...((this as any)._outer ?? []), this.tx];
    }
    const now = performance.now();
    this.tx = {
      kind,
      entryPoint,
      snapshot: this.db.snapshot(),
      savedLimits,
      uncommitted: this.uncommittedWork,
      startedAt: now,
      mixed: newMixedDmlScope(),
    };
    this.uncommittedWork = false;
    const reset = (this.rt as any).resetLimits;
    if (typeof reset === 'function') reset.call(this.rt);
    else for (const k of Object.keys(this.rt.limits)) this.rt.limits[k] = 0;
    this.async.beginTransaction();
  }

  endTransaction(error?: string): TransactionRecord {
    const tx = this.tx!;
    const l = this.rt.limits;
    const cpu = Math.floor((l.cpuMicros ?? 0) / 1000);
    const rec: TransactionRecord = {
      kind: tx.kind,
      entryPoint: tx.entryPoint,
      limits: {
        queries: l.soqlQueries ?? 0,
        queryRows: l.queryRows ?? 0,
        dmlStatements: l.dmlStatements ?? 0,
        dmlRows: l.dmlRows ?? 0,
        callouts: l.callouts ?? 0,
        cpuMillis: cpu,
      },
    };
    if (error !== undefined) {
      rec.error = error;
      this.db.restore(tx.snapshot);
      this.async.rollbackTransaction();
    } else {
      this.async.commitTransaction();
    }
    this.transactionLog.push(rec);
    const outer: TxState[] = (this as any)._outer ?? [];
    const prev = outer.pop();
    this.tx = prev ?? null;
    if (tx.savedLimits) Object.assign(this.rt.limits, tx.savedLimits);
    this.uncommittedWork = tx.uncommitted;
    return rec;
  }

  inTransaction(): boolean {
    return this.tx !== null;
  }

  // ------------------------------------------------------------------------------------------------ test isolation

  snapshot(): unknown {
    return { db: this.db.snapshot(), async: this.async.snapshot(), clock: this.clockOffset };
  }

  restore(s: unknown): void {
    const snap = s as { db: DbSnapshot; async: unknown; clock: number };
    this.db.restore(snap.db);
    this.async.restore(snap.async);
    this.uncommittedWork = false;
    this.userStack = [];
    this.rest.request = null;
    this.rest.response = null;
  }

  reset(): void {
    this.db.restore(this.seedSnapshot);
    this.async.reset();
    this.uncommittedWork = false;
    this.userStack = [];
  }

  runAs(user: Value, body: () => void): void {
    const id = user instanceof SObjectRecord ? user.id : typeof user === 'string' ? user : null;
    if (!id) this.rt.throwApex('System.InvalidParameterValueException', 'runAs requires a user with an Id');
    // Apex Developer Guide, "Mixed DML Operations in Test Methods": DML in a runAs block does not mix with DML
    // outside it.
    const tx = this.tx;
    const outer = tx?.mixed;
    if (tx) tx.mixed = newMixedDmlScope();
    try {
      this.withUser(normalizeId(id!) ?? id!, body);
    } finally {
      if (tx && outer) tx.mixed = outer;
    }
  }

  /** Run `body` as another user: DML audit fields, access checks and UserInfo follow. */
  withUser<T>(userId: string, body: () => T): T {
    const anyRt = this.rt as any;
    const prevUser = anyRt.user;
    const rec = this.db.get(userId);
    this.userStack.push(userId);
    if (prevUser && typeof prevUser === 'object') {
      anyRt.user = {
        ...prevUser,
        id: userId,
        userName: rec ? String(rec.values.get('username') ?? prevUser.userName) : prevUser.userName,
        timeZone: rec ? String(rec.values.get('timezonesidkey') ?? prevUser.timeZone) : prevUser.timeZone,
      };
    }
    try {
      return body();
    } finally {
      this.userStack.pop();
      if (prevUser && typeof prevUser === 'object') anyRt.user = prevUser;
    }
  }

  // ------------------------------------------------------------------------------------------------ sobjects

  sobjectTypeName(name: string): string | null {
    if (name.toLowerCase() === 'aggregateresult') return 'AggregateResult';
    return this.schema.get(name)?.name ?? null;
  }

  newSObject(typeName: string, fields: [string, Value][]): SObjectRecord {
    const obj = this.schema.get(typeName);
    const rec = new SObjectRecord(obj?.name ?? typeName);
    for (const [name, value] of fields) {
      if (!obj) {
        rec.set(name, value);
        continue;
      }
      const f = obj.fields.get(name.toLowerCase());
      const rel = obj.relationships.get(name.toLowerCase());
      if (!f && !rel) this.rt.throwApex('System.SObjectException', `Invalid field ${name} for ${obj.name}`);
      if (f) rec.set(f.name, this.coerceField(obj, f.name, value), f.name);
      else rec.set(rel!.relationshipName!, value, rel!.relationshipName);
    }
    return rec;
  }

  private coerceField(obj: SObjectDescribe, field: string, value: Value): Value {
    const t = this.fieldType(obj.name, field);
    if (!t || value === null) return value;
    try {
      return this.rt.coerce(value, t);
    } catch (e) {
      throw e;
    }
  }

  fieldName(typeName: string, field: string): string | null {
    if (typeName === 'AggregateResult') return field;
    const obj = this.schema.get(typeName);
    if (!obj) return null;
    const lc = field.toLowerCase();
    const f = obj.fields.get(lc);
    if (f) return f.name;
    const rel = obj.relationships.get(lc);
    if (rel) return rel.relationshipName!;
    const child = obj.childRelationships.get(lc);
    if (child) return child.relationshipName;
    return null;
  }

  fieldType(typeName: string, field: string): TypeRef | null {
    const obj = this.schema.get(typeName);
    if (!obj) return null;
    const lc = field.toLowerCase();
    const f = obj.fields.get(lc);
    if (f) return typeRef(apexTypeOfField(f));
    const rel = obj.relationships.get(lc);
    if (rel) return typeRef(rel.referenceTo.length === 1 ? rel.referenceTo[0]! : 'SObject');
    const child = obj.childRelationships.get(lc);
    if (child) return typeRef('List', typeRef(child.childSObject));
    return null;
  }

  sobjectMethod(record: SObjectRecord, method: string): Value | NotHandled {
    switch (method.toLowerCase()) {
      case 'getsobjecttype':
        return this.sobjectTypeToken(record.typeName);
      case 'getquickactionname':
        return null;
      default:
        return NOT_HANDLED;
    }
  }

  /** SObject type of an Id by key prefix (for `Id.getSObjectType()`), or null. */
  sobjectTypeOfId(id: string): string | null {
    return this.schema.objectOfId(id)?.name ?? null;
  }

  /** The Schema.SObjectType token of a type (one instance per type, so == compares). */
  sobjectTypeToken(name: string): NativeObject {
    const obj = this.schema.get(name);
    const canon = obj?.name ?? name;
    let t = this.tokens.get(canon.toLowerCase());
    if (!t) {
      t = native('Schema.SObjectType', { name: canon });
      (t as any).toString = () => canon;
      this.tokens.set(canon.toLowerCase(), t);
    }
    return t;
  }

  sobjectFieldToken(objName: string, fieldName: string): NativeObject {
    const key = `${objName}.${fieldName}`.toLowerCase();
    let t = this.fieldTokens.get(key);
    if (!t) {
      t = native('Schema.SObjectField', { object: objName, field: fieldName });
      (t as any).toString = () => fieldName;
      this.fieldTokens.set(key, t);
    }
    return t;
  }

  // ------------------------------------------------------------------------------------------------ SOQL

  query(q: InlineQuery, bind: BindResolver): Value {
    let compiled = this.queryCache.get(q);
    if (!compiled) {
      try {
        compiled = compileInlineQuery(q);
      } catch (e) {
        return this.soqlError(e);
      }
      this.queryCache.set(q, compiled);
    }
    return this.runQuery(compiled, bind);
  }

  runQuery(q: SoqlQuery, bind: BindResolver, userMode = false): Value {
    this.bump('soqlQueries');
    this.chargeCpu(CPU_COST_MICROS.soqlQuery);
    const enforce = userMode || q.withMode === 'USER_MODE';
    if (enforce || q.withMode === 'SECURITY_ENFORCED') this.checkQueryAccess(q, q.withMode === 'SECURITY_ENFORCED');
    const shared = enforce || (q.withMode !== 'SYSTEM_MODE' && this.withSharing());
    let res: QueryResult;
    try {
      res = executeQuery(this.db, q, bind, shared ? this.visibilityFilter() : undefined);
    } catch (e) {
      return this.soqlError(e);
    }
    this.bump('queryRows', res.rows);
    this.chargeCpu(CPU_COST_MICROS.soqlRow * res.rows);
    // every parent-child sub-query counts as an aggregate query (limit 300)
    const subQueries = q.select.filter((x) => x.kind === 'sub').length;
    if (subQueries) this.rt.limits.aggregateQueries = (this.rt.limits.aggregateQueries ?? 0) + subQueries;
    return this.queryValue(res);
  }

  /** USER_MODE / SECURITY_ENFORCED: the running user needs read access to every object and field the query uses. */
  checkQueryAccess(q: SoqlQuery, securityEnforced: boolean): void {
    const user = this.currentUserId();
    const fail = (msg: string) =>
      this.rt.throwApex(
        'System.QueryException',
        securityEnforced ? 'Insufficient permissions: secure query included inaccessible field' : msg,
      );
    const checkObject = (name: string) => {
      if (!this.access.canObject(user, name, 'read'))
        fail(
          `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
    };
    const checkPath = (root: SObjectDescribe, path: string[], alias?: string) => {
      let obj = root;
      let p = path;
      if (
        p.length > 1 &&
        (p[0]!.toLowerCase() === alias?.toLowerCase() ||
          (p[0]!.toLowerCase() === obj.name.toLowerCase() && !obj.relationships.has(p[0]!.toLowerCase())))
      )
        p = p.slice(1);
      for (let i = 0; i < p.length; i++) {
        if (p[i]!.startsWith('*')) return;
        if (i < p.length - 1) {
          const rel = obj.relationships.get(p[i]!.toLowerCase());
          if (!rel) return;
          if (!this.access.canField(user, obj.name, rel.name, 'read', rel.custom, rel.required))
            fail(
              `No such column '${rel.name}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
            );
          const next = this.schema.get(rel.referenceTo[0] ?? '');
          if (!next) return;
          checkObject(next.name);
          obj = next;
        } else {
          const f = obj.fields.get(p[i]!.toLowerCase());
          if (f && !this.access.canField(user, obj.name, f.name, 'read', f.custom, f.required))
            fail(
              `No such column '${f.name}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
            );
        }
      }
    };
    const walk = (query: SoqlQuery, obj: SObjectDescribe | undefined) => {
      if (!obj) return;
      checkObject(obj.name);
      for (const s of query.select) {
        if (s.kind === 'field') checkPath(obj, s.path, query.alias);
        else if (s.kind === 'agg' && s.path) checkPath(obj, s.path, query.alias);
        else if (s.kind === 'sub') {
          const rel = childRelationshipOf(obj, s.query.from);
          if (rel) walk(s.query, this.schema.get(rel.childSObject));
        }
      }
      if (securityEnforced) return;
      const cond = (c: any) => {
        if (!c) return;
        if (c.kind === 'cmp') checkPath(obj, c.path, query.alias);
        else if (c.kind === 'not') cond(c.item);
        else if (c.items) c.items.forEach(cond);
      };
      cond(query.where);
      for (const o of query.orderBy) checkPath(obj, o.path, query.alias);
    };
    walk(q, this.schema.get(q.from));
  }

  /**
   * Is the running code in a `with sharing` context? The innermost class with an explicit `with sharing` /
   * `without sharing` decides; `inherited sharing` and classes without a keyword take their caller's mode; triggers
   * run without sharing; at the entry point `inherited sharing` means with sharing, no keyword means without.
   */
  withSharing(): boolean {
    const stack: any[] = (this.rt as any)?.stack ?? [];
    let entryInherited = false;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if (!f || f.trigger) return false;
      const mods: Set<string> | undefined = f.cls?.mods;
      if (!mods) continue;
      if (mods.has('with sharing')) return true;
      if (mods.has('without sharing')) return false;
      if (mods.has('inherited sharing')) entryInherited = true;
      else entryInherited = false;
    }
    return entryInherited;
  }

  /** USER_MODE queries see the records the running user may read (organization-wide defaults, ownership). */
  visibilityFilter(): (obj: SObjectDescribe, row: StoredRecord) => boolean {
    const user = this.currentUserId();
    return (obj, row) => this.access.canRecord(user, obj.name, row.values, 'read');
  }

  /** User-mode DML: object create/edit/delete and field edit access. */
  checkDmlAccess(op: DmlOperation, target: Value): void {
    const user = this.currentUserId();
    const recs = target instanceof ApexList ? target.items : [target];
    for (const r of recs) {
      const type = r instanceof SObjectRecord ? r.typeName : typeof r === 'string' ? this.sobjectTypeOfId(r) : null;
      if (!type) continue;
      const need = op === 'insert' ? 'create' : op === 'delete' ? 'del' : op === 'undelete' ? 'create' : 'edit';
      const existing =
        r instanceof SObjectRecord
          ? r.id
            ? this.db.get(r.id)
            : undefined
          : typeof r === 'string'
            ? this.db.get(r)
            : undefined;
      const recordOk = !existing || op === 'insert' || this.access.canRecord(user, type, existing.values, 'edit');
      // Apex Developer Guide › Enforce User Mode for Database Operations: without the object permission a user-mode
      // DML operation throws System.SecurityException ("Access to entity 'Account' denied"); a record the user
      // cannot edit fails the row with INSUFFICIENT_ACCESS_OR_READONLY.
      if (!this.access.canObject(user, type, need) || (op === 'upsert' && !this.access.canObject(user, type, 'create')))
        this.rt.throwApex('System.SecurityException', `Access to entity '${type}' denied`);
      if (!recordOk) {
        this.rt.throwApex(
          'System.DmlException',
          `${cap(op)} failed. First exception on row 0; first error: INSUFFICIENT_ACCESS_OR_READONLY, insufficient access rights on object id: []`,
        );
      }
      if (r instanceof SObjectRecord && (op === 'insert' || op === 'update' || op === 'upsert')) {
        const obj = this.schema.get(type)!;
        for (const { name } of r.fields.values()) {
          const f = obj.fields.get(name.toLowerCase());
          if (!f || f.type === 'id') continue;
          if (!this.access.canField(user, obj.name, f.name, 'edit', f.custom, f.required)) {
            this.rt.throwApex(
              'System.DmlException',
              `${cap(op)} failed. First exception on row 0; first error: INVALID_FIELD_FOR_INSERT_UPDATE, Unable to create/update fields: ${f.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.: [${f.name}]`,
            );
          }
        }
      }
    }
  }

  queryValue(res: QueryResult): Value {
    if (res.kind === 'count') return res.count;
    const list = newList(this.rt, res.kind === 'aggregate' ? 'AggregateResult' : res.type, res.records);
    list.fromQuery = true;
    return list;
  }

  private soqlError(e: unknown): never {
    if (e instanceof SoqlError) this.rt.throwApex(e.apexType, e.message);
    throw e;
  }

  /** Bind resolver for dynamic SOQL: variables of the calling Apex frame, or a bind map. */
  dynamicBinder(bindMap: ApexMap | null): BindResolver {
    return (b) => {
      const parts = b.text.trim().split('.');
      let v: Value;
      if (bindMap) {
        v = mapGet(bindMap, parts[0]!);
        if (
          v === null &&
          !mapEntries(bindMap).some(([k]) => typeof k === 'string' && k.toLowerCase() === parts[0]!.toLowerCase())
        ) {
          this.rt.throwApex('System.QueryException', `Key '${parts[0]}' does not exist in the bindMap`);
        }
        for (const p of parts.slice(1)) v = this.readMember(v, p);
        return v;
      }
      const lookup = (this.rt as any).lookupVariable;
      if (typeof lookup === 'function') {
        v = lookup.call(this.rt, parts[0]);
        for (const p of parts.slice(1)) v = this.readMember(v, p);
        return v;
      }
      const evalBound = (this.rt as any).evalBound;
      if (typeof evalBound === 'function') return evalBound.call(this.rt, b.expr, 0);
      this.rt.throwApex('System.QueryException', `Variable does not exist: ${parts[0]}`);
    };
  }

  private readMember(v: Value, p: string): Value {
    if (v instanceof SObjectRecord) return v.get(p);
    if (v instanceof ApexObject) return v.fields.get(p.toLowerCase()) ?? null;
    return null;
  }

  // ------------------------------------------------------------------------------------------------ DML

  dml(op: DmlOp, target: Value, opts: DmlOptions): void {
    this.updateCpu();
    this.checkLimit('dmlStatements');
    if (op === 'merge') this.rt.throwApex('System.DmlException', 'merge is not supported by the local org');
    const ext = opts.externalIdField ? opts.externalIdField.split('.').pop()! : null;
    if (opts.accessLevel === 'user') this.checkDmlAccess(op as DmlOperation, target);
    this.runDml(op as DmlOperation, target, opts.allOrNone, ext, true);
  }

  /** MIXED_DML_OPERATION: setup and non-setup objects in one transaction (see mixed-dml.ts). */
  private checkMixedDml(op: DmlOperation, inputs: Array<SObjectRecord | string>): void {
    const scope = this.tx?.mixed;
    if (!scope) return;
    const rows: { type: string; side: DmlSide }[] = [];
    for (const r of inputs) {
      const type = r instanceof SObjectRecord ? r.typeName : this.sobjectTypeOfId(r);
      if (!type) continue;
      rows.push({ type, side: dmlSide(type, op, r, (id) => this.db.get(id)) });
    }
    const msg = checkMixedDml(scope, rows);
    if (msg)
      this.rt.throwApex(
        'System.DmlException',
        `${cap(op)} failed. First exception on row 0; first error: MIXED_DML_OPERATION, ${msg}: []`,
        { dmlErrors: [{ index: 0, id: null, statusCode: 'MIXED_DML_OPERATION', message: msg, fields: [] }] },
      );
  }

  /** Run DML; returns row results. With allOrNone, throws DmlException on the first failure. */
  runDml(
    op: DmlOperation,
    target: Value,
    allOrNone: boolean,
    externalIdField: string | null,
    statement: boolean,
    dmlOptions: { allowFieldTruncation?: boolean } = {},
  ): DmlRowResult[] {
    const inputs: Array<SObjectRecord | string> = [];
    const collect = (v: Value) => {
      if (v instanceof SObjectRecord) inputs.push(v);
      else if (typeof v === 'string' && (op === 'delete' || op === 'undelete')) inputs.push(v);
      else if (v instanceof ApexList) for (const x of v.items) collect(x);
      else if (v === null)
        this.rt.throwApex(
          'System.DmlException',
          `${cap(op)} failed. First exception on row ${inputs.length}; first error: INVALID_FIELD, Invalid field ... : []`,
        );
    };
    if (target === null) this.rt.throwApex('System.DmlException', 'Argument cannot be null.');
    collect(target);
    if (target instanceof ApexList && target.items.some((x) => x === null)) {
      this.rt.throwApex('System.ListException', 'Invalid list: null element');
    }
    void statement;
    this.bump('dmlRows', inputs.length);
    this.chargeCpu(CPU_COST_MICROS.dmlStatement + CPU_COST_MICROS.dmlRow * inputs.length);
    if (inputs.length === 0) return [];
    this.checkMixedDml(op, inputs);
    let results: DmlRowResult[];
    try {
      results = this.dmlEngine.execute(op, inputs, allOrNone, externalIdField, dmlOptions);
    } catch (e) {
      if (e instanceof DmlStatementError) this.rt.throwApex(e.apexType, e.message);
      throw e;
    }
    if (results.some((r) => r.success)) {
      this.uncommittedWork = true;
      this.dmlInTestContext = !!this.rt?.inTestContext();
    }
    if (allOrNone) {
      const failed = results.filter((r) => r.errors.length > 0);
      if (failed.length) {
        const first = failed[0]!;
        const e = first.errors[0]!;
        const withId = first.id && op !== 'insert' ? ` with id ${first.id}` : '';
        const msg = `${cap(op)} failed. First exception on row ${first.index}${withId}; first error: ${e.statusCode}, ${e.message}: [${e.fields.join(', ')}]`;
        this.rt.throwApex('System.DmlException', msg, {
          dmlErrors: failed.map((r) => ({
            index: r.index,
            id: r.id,
            statusCode: r.errors[0]!.statusCode,
            message: r.errors[0]!.message,
            fields: r.errors[0]!.fields,
          })),
        });
      }
    }
    return results;
  }

  // ------------------------------------------------------------------------------------------------ async (delegated)

  runAsync(site: SourceSite): void {
    this.async.runForTest(site);
  }

  deliverEvents(site: SourceSite): void {
    this.async.deliverEvents(site, true);
  }

  enqueueFuture(
    className: string,
    methodName: string,
    args: Value[],
    opts: { callout?: boolean },
    site: SourceSite,
  ): void {
    void opts;
    void site;
    this.async.enqueueFuture(className, methodName, args);
  }

  systemCall(method: string, args: Value[]): Value | NotHandled {
    return this.async.systemCall(method, args);
  }

  /** inline SOSL `[FIND ...]` (sosl.ts) */
  search(q: unknown): Value {
    return runSosl(this, q);
  }

  testMethod(method: string, args: Value[]): Value | NotHandled {
    switch (method.toLowerCase()) {
      case 'loaddata': {
        // Apex Developer Guide › Loading Test Data: a CSV static resource, header row of field API names, one record
        // per line; the records are inserted and returned
        const token = args[0];
        const typeName = token instanceof NativeObject ? String(token.data?.name ?? '') : '';
        const obj = this.schema.get(typeName);
        if (!obj) this.rt.throwApex('System.NullPointerException', 'Attempt to de-reference a null object');
        const res = this.db
          .rows('StaticResource')
          .find((r) => String(r.values.get('name')).toLowerCase() === String(args[1] ?? '').toLowerCase());
        const body = res?.values.get('body');
        if (!(body instanceof ApexBlob))
          this.rt.throwApex('System.StringException', `Static Resource ${String(args[1])} not found`);
        const rows = parseCsv((body as ApexBlob).bytes.toString('utf8'));
        const header = rows.shift() ?? [];
        const records = rows
          .filter((r) => r.some((c) => c !== ''))
          .map((r) => {
            const pairs: [string, Value][] = [];
            header.forEach((h, i) => {
              const f = obj!.fields.get(h.trim().toLowerCase());
              if (!f) this.rt.throwApex('System.SObjectException', `Invalid field ${h.trim()} for ${obj!.name}`);
              if (f!.type === 'id') return;
              pairs.push([f!.name, fromMetadataString(f!, r[i] === '' ? null : (r[i] ?? null))]);
            });
            return this.newSObject(obj!.name, pairs);
          });
        const list = this.rt.newList(typeRef(obj!.name), records);
        this.dml('insert', list, { allOrNone: true });
        return list;
      }
      case 'calculatepermissionsetgroup': {
        // Apex Reference › Test.calculatePermissionSetGroup: recalculates the group (its Status becomes Updated);
        // the local access model always reads the current components
        const ids = args[0] instanceof ApexList ? args[0].items : [args[0]];
        for (const id of ids) {
          const g = typeof id === 'string' ? this.db.get(id) : undefined;
          if (g) this.db.patch(g, { Status: 'Updated' });
        }
        return null;
      }
      case 'setfixedsearchresults': {
        // Apex Developer Guide › Adding SOSL Queries to Unit Tests
        const ids = args[0] instanceof ApexList ? args[0].items.map((x) => normalizeId(String(x))) : [];
        ((this.rt as any).state as Record<string, unknown>).fixedSearchResults = ids;
        return null;
      }
      case 'setcreateddate': {
        const id = args[0];
        const dt = args[1];
        const r = typeof id === 'string' ? this.db.get(id) : undefined;
        if (!r)
          this.rt.throwApex(
            'System.IllegalArgumentException',
            'The sObject with the ID ' +
              String(id) +
              ' isn’t part of this transaction. Provide the ID of an sObject that this test method created.',
          );
        if (dt instanceof ApexDatetime) this.db.patch(r!, { createddate: dt });
        return null;
      }
      case 'geteventbus':
        return native('EventBus.TestBroker', {});
      case 'enqueuebatchjobs':
      case 'getflexqueueorder':
        return newList(this.rt, 'Id', []);
      default:
        return this.async.testCall();
    }
  }

  // ------------------------------------------------------------------------------------------------ natives

  private natives(): NativeClassDef[] {
    return buildNatives(this);
  }

  /** Records of a type as plain SObjectRecords (all fields) */
  allRecords(type: string): SObjectRecord[] {
    return this.db.rows(type).map((r) => this.db.toRecord(r));
  }

  storedToRecord(r: StoredRecord): SObjectRecord {
    return this.db.toRecord(r);
  }

  /** Plain JS object of a record (org.query) */
  plain(v: Value): unknown {
    if (v instanceof SObjectRecord) {
      const o: Record<string, unknown> = {};
      for (const { name, value } of v.fields.values()) o[name] = this.plain(value);
      return o;
    }
    if (v instanceof ApexList) return v.items.map((x) => this.plain(x));
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof ApexBlob) return v.bytes.toString('utf8');
    if (v instanceof EnumValue) return v.name;
    const s = stringOf(v);
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    return s;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// --------------------------------------------------------------------------------------------------------------------
// Native classes: Database, Schema, custom metadata/settings statics, EventBus

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

let statusCodeState: () => Record<string, any> | null = () => null;
/** StatusCode values; shared with the interpreter's per-transaction cache (DmlException.getDmlType) so == holds. */
function statusCode(code: string): EnumValue {
  const state = statusCodeState();
  const key = 'System.StatusCode.' + code;
  if (state) return (state[key] ??= enumValue('System.StatusCode', code, STATUS_CODES.indexOf(code)));
  return enumValue('System.StatusCode', code, STATUS_CODES.indexOf(code));
}

const STATUS_CODES = [
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'DELETE_FAILED',
  'DUPLICATE_EXTERNAL_ID',
  'DUPLICATE_VALUE',
  'ENTITY_IS_DELETED',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_TYPE',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'MISSING_ARGUMENT',
  'MIXED_DML_OPERATION',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'REQUIRED_FIELD_MISSING',
  'STRING_TOO_LONG',
  'UNABLE_TO_LOCK_ROW',
  'UNDELETE_FAILED',
  'UNKNOWN_EXCEPTION',
];

function errorObj(e: { statusCode: string; message: string; fields: string[] }): NativeObject {
  return native('Database.Error', e);
}

function resultObjects(svc: LocalDataServices, kind: string, results: DmlRowResult[]): NativeObject[] {
  return results.map((r) => native(kind, { id: r.id, success: r.success, created: r.created, errors: r.errors }));
}

/** AccessLevel.USER_MODE (an enum value or a native object, depending on how the interpreter models it). */
function isUserMode(v: Value | undefined): boolean {
  if (v instanceof EnumValue) return v.name.toUpperCase() === 'USER_MODE';
  if (v instanceof NativeObject) return /USER_MODE/i.test(String(v.data?.name ?? v.data?.mode ?? v.data));
  return false;
}

function boolArg(v: Value | undefined, dflt: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (v instanceof NativeObject && v.typeName === 'Database.DMLOptions') return v.data.optAllOrNone ?? dflt;
  return dflt;
}

function buildNatives(svc: LocalDataServices): NativeClassDef[] {
  const rt = () => svc.rt;
  const dmlCall = (op: DmlOperation, args: Value[]): Value => {
    const target = args[0] ?? null;
    let extField: string | null = null;
    let allOrNoneArg: Value | undefined = args[1];
    if (op === 'upsert') {
      const f = args[1];
      if (f instanceof NativeObject && f.typeName === 'Schema.SObjectField') {
        extField = f.data.field;
        allOrNoneArg = args[2];
      } else if (typeof f === 'boolean') {
        allOrNoneArg = f;
      } else if (f === null && args.length > 2) {
        allOrNoneArg = args[2];
      }
    }
    const allOrNone = boolArg(allOrNoneArg, true);
    svc.bump('dmlStatements');
    if (args.some((a) => isUserMode(a))) svc.checkDmlAccess(op, target);
    const dmlOpts = args.find(
      (a): a is NativeObject => a instanceof NativeObject && a.typeName === 'Database.DMLOptions',
    );
    const results = svc.runDml(op, target, allOrNone, extField, false, {
      allowFieldTruncation: dmlOpts?.data.allowfieldtruncation === true,
    });
    const kind =
      op === 'insert' || op === 'update'
        ? 'Database.SaveResult'
        : op === 'upsert'
          ? 'Database.UpsertResult'
          : op === 'delete'
            ? 'Database.DeleteResult'
            : 'Database.UndeleteResult';
    const objs = resultObjects(svc, kind, results);
    if (target instanceof ApexList) return newList(rt(), kind, objs);
    return objs[0] ?? null;
  };

  const resultDef = (name: string): NativeClassDef => ({
    name,
    // JSON.deserialize(json, Database.SaveResult.class): how tests fake DML results (the class has no public
    // constructor); the JSON form is the serialized result: {"id":..., "success":..., "errors":[{"message",
    // "statusCode", "fields"}]}
    callStatic(method, args) {
      if (method !== '__fromjson') return NOT_HANDLED;
      const m = args[0];
      const get = (k: string): Value => (m instanceof ApexMap ? mapGet(m, k) : null);
      const errs = get('errors');
      return native(name, {
        id: get('id'),
        success: get('success') === true,
        created: get('created') === true,
        errors: (errs instanceof ApexList ? errs.items : []).map((e) => {
          const eget = (k: string): Value => (e instanceof ApexMap ? mapGet(e, k) : null);
          const fields = eget('fields');
          return {
            message: eget('message') === null ? null : String(eget('message')),
            statusCode: String(eget('statusCode') ?? 'UNKNOWN_EXCEPTION'),
            fields: fields instanceof ApexList ? fields.items.map(String) : [],
          };
        }),
      });
    },
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'issuccess':
          return d.success;
        case 'getid':
          return d.id;
        case 'iscreated':
          return d.created;
        case 'geterrors':
          return newList(rt(), 'Database.Error', d.errors.map(errorObj));
        default:
          return NOT_HANDLED;
      }
    },
    // the results' values are also readable as properties (`sr.id`, `sr.success`, `sr.errors`), as in their JSON form
    getInstance(self, prop) {
      const d = (self as NativeObject).data;
      switch (prop.toLowerCase()) {
        case 'id':
          return d.id;
        case 'success':
          return d.success;
        case 'created':
          return name === 'Database.UpsertResult' ? d.created : NOT_HANDLED;
        case 'errors':
          return newList(rt(), 'Database.Error', d.errors.map(errorObj));
        default:
          return NOT_HANDLED;
      }
    },
  });

  const database: NativeClassDef = {
    name: 'Database',
    callStatic(method, args) {
      switch (method.toLowerCase()) {
        case 'insert':
          return dmlCall('insert', args);
        case 'update':
          return dmlCall('update', args);
        case 'upsert':
          return dmlCall('upsert', args);
        case 'delete':
          return dmlCall('delete', args);
        case 'undelete':
          return dmlCall('undelete', args);
        case 'query': {
          const q = compileOrThrow(svc, String(args[0]));
          return svc.runQuery(q, svc.dynamicBinder(null), isUserMode(args[1]));
        }
        case 'querywithbinds': {
          const q = compileOrThrow(svc, String(args[0]));
          return svc.runQuery(q, svc.dynamicBinder(args[1] instanceof ApexMap ? args[1] : null), isUserMode(args[2]));
        }
        case 'countquery':
        case 'countquerywithbinds': {
          const q = compileOrThrow(svc, String(args[0]));
          return svc.runQuery(
            q,
            svc.dynamicBinder(args[1] instanceof ApexMap ? args[1] : null),
            isUserMode(args[1]) || isUserMode(args[2]),
          );
        }
        case 'getquerylocator':
        case 'getquerylocatorwithbinds': {
          if (args[0] instanceof ApexList)
            return native('Database.QueryLocator', { records: args[0].items, query: null });
          const q = compileOrThrow(svc, String(args[0]));
          const binder = svc.dynamicBinder(args[1] instanceof ApexMap ? args[1] : null);
          // The query runs when the batch starts (bind values are taken now, as the platform does).
          const res = executeQuery(svc.db, q, binder);
          svc.bump('soqlQueries');
          return native('Database.QueryLocator', {
            records: res.kind === 'records' ? res.records : [],
            query: String(args[0]),
          });
        }
        case 'setsavepoint': {
          svc.bump('dmlStatements');
          return native('System.Savepoint', { db: svc.db.snapshot(), async: svc.async.savepoint() });
        }
        case 'rollback': {
          const sp = args[0];
          if (!(sp instanceof NativeObject)) rt().throwApex('System.NullPointerException', 'Argument cannot be null.');
          svc.bump('dmlStatements');
          svc.db.restore((sp as NativeObject).data.db);
          svc.async.rollbackTo((sp as NativeObject).data.async);
          return null;
        }
        case 'releasesavepoint':
          return null;
        case 'emptyrecyclebin': {
          const items = args[0] instanceof ApexList ? args[0].items : [args[0] ?? null];
          for (const it of items) {
            const id = it instanceof SObjectRecord ? it.id : typeof it === 'string' ? it : null;
            const r = id ? svc.db.get(id) : undefined;
            if (r && r.deleted) svc.db.table(r.type).delete(r.id);
          }
          return newList(rt(), 'Database.EmptyRecycleBinResult', []);
        }
        case 'executebatch':
          return svc.async.executeBatch(args[0] ?? null, typeof args[1] === 'number' ? args[1] : 200);
        default:
          return NOT_HANDLED;
      }
    },
  };

  const dbError: NativeClassDef = {
    name: 'Database.Error',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getmessage':
          return d.message;
        case 'getstatuscode':
          return statusCode(d.statusCode);
        case 'getfields':
          return newList(rt(), 'String', [...d.fields]);
        default:
          return NOT_HANDLED;
      }
    },
  };

  const queryLocator: NativeClassDef = {
    name: 'Database.QueryLocator',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      if (method.toLowerCase() === 'getquery') return d.query;
      if (method.toLowerCase() === 'iterator')
        return native('Database.QueryLocatorIterator', { items: d.records, i: 0 });
      return NOT_HANDLED;
    },
  };
  const qlIterator: NativeClassDef = {
    name: 'Database.QueryLocatorIterator',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      if (method.toLowerCase() === 'hasnext') return d.i < d.items.length;
      if (method.toLowerCase() === 'next') return d.items[d.i++] ?? null;
      return NOT_HANDLED;
    },
  };

  const dmlOptions: NativeClassDef = {
    name: 'Database.DMLOptions',
    construct: () => native('Database.DMLOptions', { optAllOrNone: true }),
    getInstance: (self, prop) => {
      const d = (self as NativeObject).data;
      const k = prop.toLowerCase();
      return k === 'optallornone' ? d.optAllOrNone : (d[k] ?? null);
    },
    setInstance: (self, prop, value) => {
      const d = (self as NativeObject).data;
      if (prop.toLowerCase() === 'optallornone') d.optAllOrNone = value;
      else d[prop.toLowerCase()] = value;
      return true;
    },
  };

  // Schema
  const describeSObject = (name: string): NativeObject => native('Schema.DescribeSObjectResult', { name });
  const sobjectTypeDef: NativeClassDef = {
    name: 'Schema.SObjectType',
    callInstance(self, method, args) {
      const name = (self as NativeObject).data.name as string;
      switch (method.toLowerCase()) {
        case 'getdescribe':
          return describeSObject(name);
        case 'newsobject': {
          // Apex Reference, SObjectType.newSObject(recordTypeId, loadDefaults): loadDefaults fills the fields'
          // default values; a platform event made this way carries its EventUuid already.
          const rec = svc.newSObject(name, []);
          if (args.length === 1 && typeof args[0] === 'string') rec.set('Id', args[0], 'Id');
          if (args.length >= 2 && args[1] === true) {
            const obj = svc.schema.require(name);
            for (const f of obj.fields.values()) {
              if (!f.custom || f.defaultValue === undefined) continue;
              const d = evalDefault(f, svc.now());
              if (d !== undefined) rec.set(f.name, svc.rt.coerce(d, typeRef(apexTypeOfField(f))), f.name);
            }
            if (obj.kind === 'platformEvent') rec.set('EventUuid', cryptoUuid(), 'EventUuid');
          }
          return rec;
        }
        case 'tostring':
          return name;
        case 'equals':
          return args[0] === self;
        case 'hashcode':
          return name.length;
        default:
          return NOT_HANDLED;
      }
    },
    getInstance(self, prop) {
      const name = (self as NativeObject).data.name as string;
      // Apex Developer Guide › Using Field Tokens: `Account.SObjectType.fields.Name` is the field's SObjectField
      // token (while Schema.SObjectType.Account.fields.Name is its describe result)
      if (prop.toLowerCase() === 'fields') return native('Schema.FieldsOf', { name, tokens: true });
      return NOT_HANDLED;
    },
  };
  const describeDef: NativeClassDef = {
    name: 'Schema.DescribeSObjectResult',
    callInstance(self, method) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      switch (method.toLowerCase()) {
        case 'getname':
        case 'getlocalname':
          return obj.name;
        case 'getlabel':
          return obj.label;
        case 'getlabelplural':
          return obj.labelPlural;
        case 'getkeyprefix':
          return obj.keyPrefix;
        case 'iscustom':
          return obj.custom;
        case 'iscustomsetting':
          return obj.kind === 'customSetting';
        case 'isaccessible':
        case 'isqueryable':
        case 'issearchable':
          return svc.access.canObject(svc.currentUserId(), obj.name, 'read');
        case 'iscreateable':
          return obj.createable && svc.access.canObject(svc.currentUserId(), obj.name, 'create');
        case 'isupdateable':
          return obj.updateable && svc.access.canObject(svc.currentUserId(), obj.name, 'edit');
        case 'isdeletable':
          return obj.deletable && svc.access.canObject(svc.currentUserId(), obj.name, 'del');
        case 'getsobjecttype':
          return svc.sobjectTypeToken(obj.name);
        case 'getrecordtypeinfos':
          return newList(rt(), 'Schema.RecordTypeInfo', []);
        default:
          return NOT_HANDLED;
      }
    },
    getInstance(self, prop) {
      if (prop.toLowerCase() === 'fields') return native('Schema.FieldsOf', { name: (self as NativeObject).data.name });
      if (prop.toLowerCase() === 'fieldsets')
        return native('Schema.FieldSetsOf', { name: (self as NativeObject).data.name });
      return NOT_HANDLED;
    },
  };
  const ciMap = (k: TypeRef, v: TypeRef, entries: Array<[Value, Value]>): ApexMap => {
    const m = newMap(rt(), k, v, entries);
    m.caseInsensitive = true;
    return m;
  };
  // Apex Reference › FieldSet Class, FieldSetMember Class: field sets from `objects/<Object>/fieldSets`
  const fieldSetOf = (objName: string, fsName: string): Value => {
    const obj = svc.schema.require(objName);
    const fs = obj.fieldSets?.find((x) => x.name.toLowerCase() === fsName.toLowerCase());
    return fs ? native('Schema.FieldSet', { object: obj.name, fs }) : null;
  };
  const fieldSetsOf: NativeClassDef = {
    name: 'Schema.FieldSetsOf',
    callInstance(self, method) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      if (method.toLowerCase() !== 'getmap') return NOT_HANDLED;
      return ciMap(
        typeRef('String'),
        typeRef('Schema.FieldSet'),
        (obj.fieldSets ?? []).map((fs) => [fs.name.toLowerCase(), fieldSetOf(obj.name, fs.name)] as [Value, Value]),
      );
    },
    getInstance(self, prop) {
      const v = fieldSetOf((self as NativeObject).data.name, prop);
      return v === null ? NOT_HANDLED : v;
    },
  };
  const fieldSetDef: NativeClassDef = {
    name: 'Schema.FieldSet',
    callInstance(self, method) {
      const { object, fs } = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getname':
          return fs.name;
        case 'getlabel':
          return fs.label;
        case 'getdescription':
          return fs.description;
        case 'getnamespace':
          return '';
        case 'getsobjecttype':
          return svc.sobjectTypeToken(object);
        case 'getfields':
          return newList(
            rt(),
            'Schema.FieldSetMember',
            fs.fields.map((m: { field: string; isRequired: boolean }) =>
              native('Schema.FieldSetMember', { object, ...m }),
            ),
          );
        default:
          return NOT_HANDLED;
      }
    },
  };
  const fieldSetMemberDef: NativeClassDef = {
    name: 'Schema.FieldSetMember',
    callInstance(self, method) {
      const d = (self as NativeObject).data as { object: string; field: string; isRequired: boolean };
      const f = svc.schema.field(d.object, d.field.split('.').pop()!);
      switch (method.toLowerCase()) {
        case 'getfieldpath':
          return d.field;
        case 'getlabel':
          return f?.label ?? d.field;
        case 'getrequired':
          return d.isRequired;
        case 'getdbrequired':
          return !!f?.required;
        case 'gettype':
          return new EnumValue('Schema.DisplayType', (f?.type ?? 'string').toUpperCase(), 0);
        case 'getsobjectfield':
          return f ? svc.sobjectFieldToken(d.object, f.name) : null;
        default:
          return NOT_HANDLED;
      }
    },
  };
  const fieldsOf: NativeClassDef = {
    name: 'Schema.FieldsOf',
    callInstance(self, method) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      if (method.toLowerCase() === 'getmap') {
        // Apex Reference › DescribeFieldResult / Schema: the field map's keys are case-insensitive
        return ciMap(
          typeRef('String'),
          typeRef('Schema.SObjectField'),
          [...obj.fields.values()].map(
            (f) => [f.name.toLowerCase(), svc.sobjectFieldToken(obj.name, f.name)] as [Value, Value],
          ),
        );
      }
      return NOT_HANDLED;
    },
    getInstance(self, prop) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      const f = obj.fields.get(prop.toLowerCase());
      if (!f) return NOT_HANDLED;
      if ((self as NativeObject).data.tokens) return svc.sobjectFieldToken(obj.name, f.name);
      return native('Schema.DescribeFieldResult', { object: obj.name, field: f.name });
    },
  };
  const fieldTokenDef: NativeClassDef = {
    name: 'Schema.SObjectField',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getdescribe':
          return native('Schema.DescribeFieldResult', { object: d.object, field: d.field });
        case 'tostring':
          return d.field;
        default:
          return NOT_HANDLED;
      }
    },
  };
  const fieldDescribeDef: NativeClassDef = {
    name: 'Schema.DescribeFieldResult',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      const f = svc.schema.field(d.object, d.field)!;
      switch (method.toLowerCase()) {
        case 'getname':
        case 'getlocalname':
          return f.name;
        case 'getlabel':
          return f.label;
        case 'getlength':
          return f.length;
        case 'getprecision':
          return f.precision;
        case 'getscale':
          return f.scale;
        case 'isaccessible':
          return svc.access.canField(svc.currentUserId(), d.object, f.name, 'read', f.custom, f.required);
        case 'iscreateable':
          return (
            f.createable && svc.access.canField(svc.currentUserId(), d.object, f.name, 'edit', f.custom, f.required)
          );
        case 'isupdateable':
          return (
            f.updateable && svc.access.canField(svc.currentUserId(), d.object, f.name, 'edit', f.custom, f.required)
          );
        case 'isnillable':
          return f.nillable;
        case 'isexternalid':
          return f.externalId;
        case 'isunique':
          return f.unique;
        case 'iscasesensitive':
          return f.caseSensitive;
        case 'iscustom':
          return f.custom;
        case 'iscalculated':
          return f.calculated;
        case 'isautonumber':
          return f.autoNumber;
        case 'getrelationshipname':
          return f.relationshipName ?? null;
        case 'getreferenceto':
          return newList(
            rt(),
            'Schema.SObjectType',
            f.referenceTo.map((t) => svc.sobjectTypeToken(t)),
          );
        case 'getsobjectfield':
          return svc.sobjectFieldToken(d.object, f.name);
        // Apex Reference › DescribeFieldResult
        case 'getsoaptype':
          return enumValue('Schema.SOAPType', soapType(f.type), SOAP_TYPES.indexOf(soapType(f.type)));
        case 'isnamefield':
          return f.nameField;
        case 'getinlinehelptext':
          return f.inlineHelpText ?? null;
        case 'isidlookup':
          return f.idLookup;
        case 'ishtmlformatted':
          return f.htmlFormatted;
        case 'isrestrictedpicklist':
          return f.restrictedPicklist;
        case 'iscascadedelete':
          return f.cascadeDelete;
        case 'getdigits':
          return f.digits;
        case 'isdefaultedoncreate':
          return f.defaultValue !== undefined || f.type === 'boolean' || f.name === 'OwnerId';
        case 'getcalculatedformula':
          return f.formula ?? null;
        case 'isfilterable':
        case 'issortable':
          return !['textarea', 'multipicklist', 'address', 'location', 'anytype'].includes(f.type) || f.length <= 255;
        case 'isgroupable':
          return [
            'string',
            'picklist',
            'boolean',
            'reference',
            'id',
            'date',
            'email',
            'phone',
            'url',
            'integer',
          ].includes(f.type);
        case 'ispermissionable':
          return f.custom && !f.required;
        case 'gettype':
          return new EnumValue('Schema.DisplayType', f.type.toUpperCase(), 0);
        case 'getdefaultvalue':
          return null;
        case 'getpicklistvalues':
          return newList(
            rt(),
            'Schema.PicklistEntry',
            f.picklistValues.map((p) => native('Schema.PicklistEntry', p)),
          );
        default:
          return NOT_HANDLED;
      }
    },
  };
  const picklistEntry: NativeClassDef = {
    name: 'Schema.PicklistEntry',
    callInstance(self, method) {
      const p = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getvalue':
          return p.value;
        case 'getlabel':
          return p.label;
        case 'isactive':
          return p.isActive;
        case 'isdefaultvalue':
          return p.isDefault;
        default:
          return NOT_HANDLED;
      }
    },
  };
  const schemaDef: NativeClassDef = {
    name: 'Schema',
    callStatic(method, args) {
      switch (method.toLowerCase()) {
        case 'getglobaldescribe':
          // Apex Developer Guide › Accessing All sObjects: "The map ... keys are not case sensitive"
          return ciMap(
            typeRef('String'),
            typeRef('Schema.SObjectType'),
            [...svc.schema.objects.values()].map(
              (o) => [o.name.toLowerCase(), svc.sobjectTypeToken(o.name)] as [Value, Value],
            ),
          );
        case 'describesobjects': {
          const names = args[0] instanceof ApexList ? args[0].items : [];
          return newList(
            rt(),
            'Schema.DescribeSObjectResult',
            names.map((n) => describeSObject(svc.schema.require(String(n)).name)),
          );
        }
        default:
          return NOT_HANDLED;
      }
    },
    getStatic(prop) {
      if (prop.toLowerCase() === 'sobjecttype') return native('Schema.SObjectTypeNamespace', {});
      return NOT_HANDLED;
    },
  };
  // Schema.SObjectType.Contact → DescribeSObjectResult
  const sobjectTypeNs: NativeClassDef = {
    name: 'Schema.SObjectTypeNamespace',
    getInstance(_self, prop) {
      const obj = svc.schema.get(prop);
      return obj ? describeSObject(obj.name) : NOT_HANDLED;
    },
  };

  // `Contact.SObjectType`, `Stripe_Price__c.Stripe_Price_Id__c`, `Setting__mdt.getInstance('x')`, ...
  const sobjectStatic: NativeClassDef = {
    name: '__sobjectstatic',
    getStatic(qualified) {
      const dot = qualified.indexOf('.');
      const typeName = qualified.substring(0, dot);
      const prop = qualified.substring(dot + 1);
      const obj = svc.schema.get(typeName);
      if (!obj) return NOT_HANDLED;
      if (prop.toLowerCase() === 'sobjecttype') return svc.sobjectTypeToken(obj.name);
      const f = obj.fields.get(prop.toLowerCase());
      if (f) return svc.sobjectFieldToken(obj.name, f.name);
      return NOT_HANDLED;
    },
    callStatic(qualified, args) {
      const dot = qualified.indexOf('.');
      const typeName = qualified.substring(0, dot);
      const method = qualified.substring(dot + 1).toLowerCase();
      const obj = svc.schema.get(typeName);
      if (!obj) return NOT_HANDLED;
      // Apex Reference › SObjectType: `Account.getSObjectType()` is the type token, like Account.SObjectType
      if (method === 'getsobjecttype' && args.length === 0) return svc.sobjectTypeToken(obj.name);
      if (obj.kind === 'customMetadata') return customMetadataStatic(svc, obj, method, args);
      if (obj.kind === 'customSetting') return customSettingStatic(svc, obj, method, args);
      return NOT_HANDLED;
    },
  };

  const eventBus: NativeClassDef = {
    name: 'EventBus',
    callStatic(method, args) {
      if (method.toLowerCase() === 'publish') return svc.async.publish(args[0] ?? null, args[1] ?? null);
      if (method.toLowerCase() === 'getoperationid') {
        const sr = args[0];
        if (!(sr instanceof NativeObject)) return null;
        const op = (sr.data.errors ?? []).find((e: any) => e.statusCode === 'OPERATION_ENQUEUED');
        return op ? op.message : null;
      }
      return NOT_HANDLED;
    },
  };
  // Apex Reference › EventBus.ChangeEventHeader Class: the header of a change event, its properties read/write.
  const CHANGE_HEADER_PROPS = [
    'entityName',
    'recordIds',
    'changeType',
    'changeOrigin',
    'transactionKey',
    'sequenceNumber',
    'commitTimestamp',
    'commitUser',
    'commitNumber',
    'nulledFields',
    'diffFields',
    'changedFields',
  ];
  const headerProp = (prop: string) => CHANGE_HEADER_PROPS.find((p) => p.toLowerCase() === prop.toLowerCase());
  const changeEventHeader: NativeClassDef = {
    name: 'EventBus.ChangeEventHeader',
    construct: () => native('EventBus.ChangeEventHeader', {}),
    getInstance(self, prop) {
      const p = headerProp(prop);
      return p ? ((self as NativeObject).data[p] ?? null) : NOT_HANDLED;
    },
    setInstance(self, prop, value) {
      const p = headerProp(prop);
      if (!p) return false;
      (self as NativeObject).data[p] = value;
      return true;
    },
    callInstance(self, method, args) {
      const m = method.toLowerCase();
      const p = m.startsWith('get')
        ? headerProp(method.slice(3))
        : m.startsWith('set')
          ? headerProp(method.slice(3))
          : undefined;
      if (p && m.startsWith('get') && args.length === 0) return (self as NativeObject).data[p] ?? null;
      if (p && m.startsWith('set') && args.length === 1) {
        (self as NativeObject).data[p] = args[0] ?? null;
        return null;
      }
      if (m === '__json')
        return newMap(
          rt(),
          typeRef('String'),
          typeRef('Object'),
          CHANGE_HEADER_PROPS.map((k) => [k, (self as NativeObject).data[k] ?? null]),
        );
      return NOT_HANDLED;
    },
  };
  const publishResult = (name: string): NativeClassDef => ({
    name,
    callInstance(self, method) {
      if (method.toLowerCase() === 'geteventuuids')
        return newList(rt(), 'String', [...(self as NativeObject).data.uuids]);
      return NOT_HANDLED;
    },
  });
  const testBroker: NativeClassDef = {
    name: 'EventBus.TestBroker',
    callInstance(_self, method) {
      const m = method.toLowerCase();
      if (m === 'deliver') {
        svc.async.deliverEvents({ file: '', line: 0 }, true);
        return null;
      }
      if (m === 'fail') {
        svc.async.failEvents();
        return null;
      }
      return NOT_HANDLED;
    },
  };

  // Trigger context variables, read from the interpreter's current trigger context.
  const triggerCache = new WeakMap<object, Record<string, Value>>();
  const triggerDef: NativeClassDef = {
    name: 'Trigger',
    getStatic(prop) {
      const ctx: TriggerContext | null = (rt() as any).currentTrigger?.() ?? null;
      const p = prop.toLowerCase();
      if (!ctx) {
        if (p === 'isexecuting') return false;
        return p.startsWith('is') ? false : null;
      }
      let vals = triggerCache.get(ctx);
      if (!vals) {
        const list = (l: SObjectRecord[] | null) => (l ? newList(rt(), ctx.sobjectType, l) : null);
        const map = (l: SObjectRecord[] | null) =>
          l
            ? newMap(
                rt(),
                typeRef('Id'),
                typeRef(ctx.sobjectType),
                l.filter((r) => r.id).map((r) => [r.id, r] as [Value, Value]),
              )
            : null;
        const op = ctx.operation;
        vals = {
          new: list(ctx.newList),
          old: list(ctx.oldList),
          newmap: op === 'BEFORE_INSERT' ? null : map(ctx.newList),
          oldmap: map(ctx.oldList),
          isinsert: op.endsWith('INSERT'),
          isupdate: op.endsWith('_UPDATE'),
          isdelete: op.endsWith('DELETE'),
          isundelete: op.endsWith('UNDELETE'),
          isbefore: op.startsWith('BEFORE'),
          isafter: op.startsWith('AFTER'),
          isexecuting: true,
          size: (ctx.newList ?? ctx.oldList ?? []).length,
          operationtype: enumValue(
            'System.TriggerOperation',
            op,
            [
              'BEFORE_INSERT',
              'BEFORE_UPDATE',
              'BEFORE_DELETE',
              'AFTER_INSERT',
              'AFTER_UPDATE',
              'AFTER_DELETE',
              'AFTER_UNDELETE',
            ].indexOf(op),
          ),
        };
        triggerCache.set(ctx, vals);
      }
      return p in vals ? vals[p]! : NOT_HANDLED;
    },
  };

  const featureManagement: NativeClassDef = {
    name: 'FeatureManagement',
    callStatic(method, args) {
      if (method.toLowerCase() === 'checkpermission')
        return svc.access.hasCustomPermission(svc.currentUserId(), String(args[0] ?? ''));
      return NOT_HANDLED;
    },
  };

  // System.enqueueJob, schedule, abortJob, attachFinalizer, ... (layered over the interpreter's System native)
  const systemDef: NativeClassDef = {
    name: 'System',
    callStatic(method, args) {
      return svc.systemCall(method, args);
    },
  };

  statusCodeState = () => (rt() as any)?.state ?? null;
  const enumNative = (name: string, values: string[]): NativeClassDef => ({
    name,
    getStatic(prop) {
      const v = values.find((x) => x.toLowerCase() === prop.toLowerCase());
      if (v && name === 'StatusCode') return statusCode(v);
      return v ? enumValue(name.startsWith('System.') ? name : `System.${name}`, v, values.indexOf(v)) : NOT_HANDLED;
    },
    callStatic(method) {
      if (method.toLowerCase() === 'values')
        return newList(
          rt(),
          name,
          values.map((v, i) => enumValue(name.startsWith('System.') ? name : `System.${name}`, v, i)),
        );
      return NOT_HANDLED;
    },
  });

  const userInfo: NativeClassDef = {
    name: 'UserInfo',
    callStatic(method) {
      const u = svc.db.get(svc.currentUserId());
      if (!u) return NOT_HANDLED;
      const v = (f: string) => u.values.get(f) ?? null;
      switch (method.toLowerCase()) {
        case 'getuserid':
          return u.id;
        case 'getusername':
          return v('username');
        case 'getuseremail':
          return v('email');
        case 'getname':
          return v('name');
        case 'getfirstname':
          return v('firstname');
        case 'getlastname':
          return v('lastname');
        case 'getprofileid':
          return v('profileid');
        case 'getusertype':
          return v('usertype');
        case 'getuserroleid':
          return v('userroleid');
        case 'getorganizationid':
          return svc.seedInfo.orgId;
        case 'getlanguage':
        case 'getlocale':
          return v(method.toLowerCase() === 'getlocale' ? 'localesidkey' : 'languagelocalekey');
        default:
          return NOT_HANDLED;
      }
    },
  };

  // Async transactions have larger maxima (layered over the interpreter's Limits).
  const limitsDef: NativeClassDef = {
    name: 'Limits',
    callStatic(method) {
      if (svc.asyncDepth <= 0) return NOT_HANDLED;
      switch (method.toLowerCase()) {
        case 'getlimitqueries':
          return LIMITS.async.soqlQueries;
        case 'getlimitcputime':
          return LIMITS.async.cpuTime;
        case 'getlimitqueueablejobs':
          return LIMITS.async.queueableJobs;
        case 'getlimitheapsize':
          return 12000000;
        default:
          return NOT_HANDLED;
      }
    },
  };

  return [
    limitsDef,
    userInfo,
    enumNative('AccessLevel', ['USER_MODE', 'SYSTEM_MODE']),
    enumNative('StatusCode', STATUS_CODES),
    enumNative('TriggerOperation', [
      'BEFORE_INSERT',
      'BEFORE_UPDATE',
      'BEFORE_DELETE',
      'AFTER_INSERT',
      'AFTER_UPDATE',
      'AFTER_DELETE',
      'AFTER_UNDELETE',
    ]),
    enumNative('ParentJobResult', ['SUCCESS', 'UNHANDLED_EXCEPTION']),
    // Apex Reference, "SObjectDescribeOptions Enum": FULL, DEFAULT, DEFERRED (describe laziness; same result here)
    enumNative('SObjectDescribeOptions', ['DEFAULT', 'DEFERRED', 'FULL']),
    systemDef,
    triggerDef,
    featureManagement,
    database,
    resultDef('Database.SaveResult'),
    resultDef('Database.UpsertResult'),
    resultDef('Database.DeleteResult'),
    resultDef('Database.UndeleteResult'),
    dbError,
    queryLocator,
    qlIterator,
    dmlOptions,
    { name: 'System.Savepoint' },
    { name: 'Savepoint' },
    schemaDef,
    sobjectTypeNs,
    sobjectTypeDef,
    describeDef,
    fieldsOf,
    fieldSetsOf,
    fieldSetDef,
    fieldSetMemberDef,
    fieldTokenDef,
    fieldDescribeDef,
    picklistEntry,
    sobjectStatic,
    eventBus,
    changeEventHeader,
    publishResult('EventBus.SuccessResult'),
    publishResult('EventBus.FailureResult'),
    { name: 'EventBus.EventPublishSuccessCallback', isInterface: true },
    { name: 'EventBus.EventPublishFailureCallback', isInterface: true },
    testBroker,
    ...invocableNatives(svc.projectDir, rt),
    ...formulaEvalNatives(rt, () => svc.now()),
    ...platformCacheNatives(svc.projectDir, rt),
    enumNative('AccessType', ['CREATABLE', 'READABLE', 'UPDATABLE', 'UPSERTABLE']),
    {
      name: 'Schema.SOAPType',
      getStatic: (prop: string) => {
        const i = SOAP_TYPES.indexOf(prop.toUpperCase());
        return i < 0 ? NOT_HANDLED : enumValue('Schema.SOAPType', SOAP_TYPES[i]!, i);
      },
      callStatic: (m: string) =>
        m.toLowerCase() === 'values'
          ? newList(
              rt(),
              'Schema.SOAPType',
              SOAP_TYPES.map((n, i) => enumValue('Schema.SOAPType', n, i)),
            )
          : NOT_HANDLED,
    },
    ...securityNatives({ rt, schema: svc.schema, access: svc.access, userId: () => svc.currentUserId() }),
  ];
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

/** Apex Reference › SOAPType Enum */
const SOAP_TYPES = [
  'ANYTYPE',
  'BASE64BINARY',
  'BOOLEAN',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'ID',
  'INTEGER',
  'LONG',
  'STRING',
  'TIME',
];

/** Schema.SOAPType of a field type (Apex Reference › SOAPType Enum) */
function soapType(t: string): string {
  switch (t) {
    case 'id':
    case 'reference':
      return 'ID';
    case 'boolean':
      return 'BOOLEAN';
    case 'currency':
    case 'percent':
    case 'double':
      return 'DOUBLE';
    case 'integer':
      return 'INTEGER';
    case 'long':
      return 'LONG';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'DATETIME';
    case 'time':
      return 'TIME';
    case 'base64':
      return 'BASE64BINARY';
    case 'address':
    case 'location':
    case 'anytype':
      return 'ANYTYPE';
    default:
      return 'STRING';
  }
}

function compileOrThrow(svc: LocalDataServices, soql: string): SoqlQuery {
  try {
    return compileQueryText(soql);
  } catch (e) {
    if (e instanceof SoqlError) svc.rt.throwApex('System.QueryException', e.message);
    throw e;
  }
}

function customMetadataStatic(
  svc: LocalDataServices,
  obj: SObjectDescribe,
  method: string,
  args: Value[],
): Value | NotHandled {
  const rows = svc.allRecords(obj.name);
  switch (method) {
    case 'getinstance': {
      const key = String(args[0] ?? '');
      const r = rows.find((x) => String(x.get('DeveloperName')).toLowerCase() === key.toLowerCase() || x.id === key);
      return r ?? null;
    }
    case 'getall':
      return newMap(
        svc.rt,
        typeRef('String'),
        typeRef(obj.name),
        rows.map((r) => [r.get('DeveloperName'), r] as [Value, Value]),
      );
    default:
      return NOT_HANDLED;
  }
}

function customSettingStatic(
  svc: LocalDataServices,
  obj: SObjectDescribe,
  method: string,
  args: Value[],
): Value | NotHandled {
  const rows = svc.allRecords(obj.name);
  const orgId = svc.seedInfo.orgId;
  const bySetupOwner = (id: string | null) =>
    id
      ? rows.find(
          (r) =>
            typeof r.get('SetupOwnerId') === 'string' &&
            (r.get('SetupOwnerId') as string).substring(0, 15) === id.substring(0, 15),
        )
      : undefined;
  // Apex Reference, Hierarchy Custom Setting Methods: without data, a new custom setting object whose Id is
  // null, whose SetupOwnerId is the organization (getOrgDefaults) or the user (getInstance), and whose fields
  // carry the default values of their field definitions.
  const empty = () => {
    const rec = new SObjectRecord(obj.name);
    for (const f of obj.fields.values()) {
      if (!f.custom) continue;
      const d = f.defaultValue === undefined ? undefined : evalDefault(f, svc.now());
      if (d !== undefined) rec.set(f.name, svc.rt.coerce(d, typeRef(apexTypeOfField(f))), f.name);
      else if (f.type === 'boolean') rec.set(f.name, false, f.name);
    }
    return rec;
  };
  switch (method) {
    case 'getorgdefaults': {
      const found = bySetupOwner(orgId);
      if (found) return found;
      const e = empty();
      e.set('SetupOwnerId', orgId, 'SetupOwnerId');
      return e;
    }
    case 'getinstance': {
      if (obj.customSettingsType === 'List') {
        const key = String(args[0] ?? '');
        return rows.find((r) => String(r.get('Name')) === key) ?? null;
      }
      const userId = typeof args[0] === 'string' ? args[0] : svc.currentUserId();
      const user = svc.db.get(userId);
      const profileId = user ? (user.values.get('profileid') as string | null) : null;
      const layers = [
        bySetupOwner(orgId),
        profileId ? bySetupOwner(profileId) : undefined,
        bySetupOwner(userId),
      ].filter(Boolean) as SObjectRecord[];
      if (layers.length === 0) {
        const e = empty();
        e.set('SetupOwnerId', userId, 'SetupOwnerId');
        return e;
      }
      const merged = empty();
      for (const layer of layers)
        for (const { name, value } of layer.fields.values()) if (value !== null) merged.set(name, value, name);
      const exact = bySetupOwner(userId);
      if (!exact) {
        merged.unset('Id');
        merged.set('SetupOwnerId', userId, 'SetupOwnerId');
      }
      return merged;
    }
    case 'getvalues': {
      if (obj.customSettingsType === 'List') return rows.find((r) => String(r.get('Name')) === String(args[0])) ?? null;
      return bySetupOwner(typeof args[0] === 'string' ? args[0] : null) ?? null;
    }
    case 'getall':
      return newMap(
        svc.rt,
        typeRef('String'),
        typeRef(obj.name),
        rows.map((r) => [r.get('Name'), r] as [Value, Value]),
      );
    default:
      return NOT_HANDLED;
  }
}

export function isSObjectList(v: Value): v is ApexList {
  return v instanceof ApexList;
}

export { isNative };
