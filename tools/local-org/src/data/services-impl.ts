/**
 * LocalDataServices, the data layer's implementation of DataServices: the org (schema, database, seed data,
 * access model), the clock and the running user, transactions and governor limits, records and tokens, SOQL and
 * SOSL with user-mode access checks, DML (with mixed-DML and user-mode checks), and the hand-off to the async
 * engine (async.ts), REST (rest.ts), the Test data helpers (test-data.ts) and the built-in classes (data-natives.ts).
 */
import { readFileSync } from 'node:fs';
import { parseDecimal } from '../interpreter/numbers.js';
import {
  ApexBlob,
  ApexDecimal,
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
  type BindResolver,
  executeQuery,
  QueryResult,
  SoqlError,
  SoqlQuery,
} from './soql.js';
import { apexTypeOfField, stringOf } from './value-utils.js';
import { isNative, mapEntries, mapGet, native, newList } from './helpers.js';
import { AsyncEngine, type AsyncHost } from './async.js';
import { installRest, RestState, type RestHost } from './rest.js';
import { runSosl, type SoslHost } from './sosl.js';
import { AccessModel } from './access.js';
import { CPU_COST_MICROS } from '../interpreter/governor.js';
import { checkMixedDml, dmlSide, DmlSide, MixedDmlScope, newMixedDmlScope } from './mixed-dml.js';
import { LIMITS, LIMIT_MESSAGES, type TransactionRecord } from './limits.js';
import type { DataHost } from './data-host.js';
import { buildNatives } from './data-natives.js';
import { testDataMethod, type TestDataHost } from './test-data.js';

export { LIMITS };
export type { TransactionRecord };

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

export class LocalDataServices implements DataServices, AsyncHost, RestHost, SoslHost, DataHost, TestDataHost {
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

  /** `Test.loadData`, `Test.setCreatedDate`, `Test.setFixedSearchResults`, ... (test-data.ts) */
  testMethod(method: string, args: Value[]): Value | NotHandled {
    return testDataMethod(this, method, args);
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

export function isSObjectList(v: Value): v is ApexList {
  return v instanceof ApexList;
}

export { isNative };
