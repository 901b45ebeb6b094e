/**
 * Contract between the interpreter (src/interpreter/**, issue 4) and the data layer (src/data/**, issue 5).
 *
 * The interpreter evaluates the Apex language and the non-data built-ins. Everything that touches records,
 * schema or asynchronous work is delegated to a DataServices implementation supplied by the data layer.
 * When no DataServices is installed, those constructs throw a clear "not supported yet" error.
 */
import type { QueryContext, SoslLiteralContext } from '@apexdevtools/apex-parser';
import type { ApexList, SObjectRecord, Value, TypeRef } from './values.js';

/** Where in the Apex source an operation happens (for error messages and stack traces). */
export interface SourceSite {
  file: string;
  line: number;
  /** e.g. "Class.OrderService.bar" */
  frame?: string;
}

export type DmlOp = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';

export interface DmlOptions {
  /** `insert x;` statements are allOrNone=true; Database.insert(x, false) is false */
  allOrNone: boolean;
  /** upsert: external id field (null = Id) */
  externalIdField?: string | null;
  /** `insert as user` / `as system` */
  accessLevel?: 'user' | 'system';
  /** merge: master + ids/records to merge */
  mergeWith?: Value;
}

/** Marker returned by optional hooks meaning "I don't handle that name". */
export const NOT_HANDLED: unique symbol = Symbol('NOT_HANDLED');
export type NotHandled = typeof NOT_HANDLED;

/**
 * A built-in class implemented in TypeScript. Both sides may register them (Runtime.registerNative):
 * the interpreter registers String, Math, JSON, Http, ...; the data layer registers Database, Schema,
 * EventBus, Database.SaveResult, Schema.DescribeSObjectResult, ... Names are case-insensitive, dotted
 * (e.g. "Database.SaveResult"); "System." prefix is optional when looking up.
 */
export interface NativeClassDef {
  name: string;
  /** super type name, e.g. "Exception" */
  parent?: string;
  /** interfaces it implements (e.g. "Database.Batchable" is an interface implemented by user classes) */
  isInterface?: boolean;
  /** static method call `Name.method(args)`; return NOT_HANDLED if unknown */
  callStatic?(method: string, args: Value[], rt: Runtime, site: SourceSite): Value | NotHandled;
  /** static property/constant `Name.prop` */
  getStatic?(prop: string, rt: Runtime, site: SourceSite): Value | NotHandled;
  /** `new Name(args)` */
  construct?(args: Value[], rt: Runtime, site: SourceSite): Value | NotHandled;
  /** instance method on a NativeObject of this type */
  callInstance?(self: Value, method: string, args: Value[], rt: Runtime, site: SourceSite): Value | NotHandled;
  /** instance property read `obj.prop` */
  getInstance?(self: Value, prop: string, rt: Runtime, site: SourceSite): Value | NotHandled;
  /** static property write `Name.prop = v` (e.g. RestContext.response = res) */
  setStatic?(prop: string, value: Value, rt: Runtime, site: SourceSite): boolean;
  /** instance property write `obj.prop = v` */
  setInstance?(self: Value, prop: string, value: Value, rt: Runtime, site: SourceSite): boolean;
}

/** Trigger context passed by the data layer when it fires triggers. */
export interface TriggerContext {
  sobjectType: string;
  operation:
    | 'BEFORE_INSERT'
    | 'BEFORE_UPDATE'
    | 'BEFORE_DELETE'
    | 'AFTER_INSERT'
    | 'AFTER_UPDATE'
    | 'AFTER_DELETE'
    | 'AFTER_UNDELETE';
  newList: SObjectRecord[] | null;
  oldList: SObjectRecord[] | null;
  newMap: Map<string, SObjectRecord> | null;
  oldMap: Map<string, SObjectRecord> | null;
}

/**
 * What the interpreter offers the data layer (implemented by the Interpreter class).
 */
export interface Runtime {
  /** register a built-in class (data layer: Database, Schema, EventBus, ...) */
  registerNative(def: NativeClassDef): void;
  /** throw an Apex exception of a built-in or user type, e.g. throwApex('System.DmlException', 'msg') */
  throwApex(typeName: string, message: string, extra?: Record<string, unknown>): never;
  /** new instance of an Apex class by name (user or native), calling its constructor */
  newInstance(typeName: string, args?: Value[]): Value;
  /** call an instance method on an Apex object (virtual dispatch), e.g. Queueable.execute, Batchable.start */
  callMethod(target: Value, method: string, args: Value[]): Value;
  /** call a static method on a user class */
  callStatic(className: string, method: string, args: Value[]): Value;
  /** Apex `instanceof` semantics */
  isInstanceOf(v: Value, typeName: string): boolean;
  /** the Apex type name of a value (e.g. "Integer", "Contact", "List<String>") */
  typeNameOf(v: Value): string;
  /** String.valueOf semantics */
  toApexString(v: Value): string;
  /** coerce a value to a declared type (assignment conversion: Integer->Long/Decimal, Id validation...) */
  coerce(v: Value, type: TypeRef): Value;
  newList(elemType: TypeRef, items: Value[]): ApexList;
  /** run every trigger on ctx.sobjectType that handles ctx.operation (called by the data layer during DML) */
  fireTriggers(ctx: TriggerContext): void;
  /** true if a trigger exists for the object (lets the data layer skip work) */
  hasTriggers(sobjectType: string): boolean;
  /** governor counters; the data layer increments soqlQueries, queryRows, dmlStatements, dmlRows, queueableJobs,
   * futureCalls, publishImmediateDml, callouts... */
  limits: Record<string, number>;
  /** true between Test.startTest() and Test.stopTest() */
  inTestContext(): boolean;
  /** the running user (Id, username) */
  currentUser(): { id: string; userName: string; orgId: string; timeZone: string };
}

/**
 * What the data layer offers the interpreter.
 */
/** An inline query as the loader keeps it: its source text (`q`, lines and columns kept) and its parse tree
 * (`ctx`, parsed from `q` when first read). */
export interface InlineQuery {
  readonly q?: string;
  readonly ctx: QueryContext;
}

export interface DataServices {
  /** called once with the runtime when the services are installed */
  attach(rt: Runtime): void;

  /** is `name` an SObject type (standard, custom, __mdt, __e, ...)? returns canonical name or null */
  sobjectTypeName(name: string): string | null;
  /** `new Contact(LastName = 'x')`: validates field names and coerces values; fields as given */
  newSObject(typeName: string, fields: [string, Value][], site: SourceSite): SObjectRecord;
  /** canonical field name for `record.Field__c` access, or null if the field does not exist on the type.
   * For relationship names (Contact__r) returns the relationship name. */
  fieldName(typeName: string, field: string): string | null;
  /** the Apex type of a field, for coercion on `record.Field = value` (e.g. "Decimal", "Id", "Datetime") */
  fieldType(typeName: string, field: string): TypeRef | null;

  /** inline SOQL `[SELECT ...]`: bind evaluates `:expr` in the caller's scope, given the bind's parse tree
   * (`expr`) or its key (`boundKey` in loader.ts, the `line:column` where it starts). Returns a List<SObject>
   * (fromQuery true), or an Integer for COUNT(), or List<AggregateResult>. */
  query(q: InlineQuery, bind: (b: { expr?: unknown; key?: string; text: string }) => Value, site: SourceSite): Value;
  /** inline SOSL `[FIND ...]` */
  search?(q: SoslLiteralContext, bind: (expr: any) => Value, site: SourceSite): Value;
  /** DML statements `insert x;` etc. (x is an SObjectRecord or ApexList of them). Throws DmlException via rt. */
  dml(op: DmlOp, target: Value, opts: DmlOptions, site: SourceSite): void;

  /** Instance method on an SObject not handled by the interpreter (the interpreter handles get, put, clone,
   * getSObject(s), putSObject, addError, getPopulatedFieldsAsMap, isSet, getSObjectType, Id access). */
  sobjectMethod?(record: SObjectRecord, method: string, args: Value[], site: SourceSite): Value | NotHandled;

  /** Run queued async work (Queueables, @future, batches, platform-event triggers): called by Test.stopTest(). */
  runAsync(site: SourceSite): void;
  /** `Test.getEventBus().deliver()` */
  deliverEvents?(site: SourceSite): void;
  /** Savepoints are part of DML: Database.setSavepoint/rollback are registered as natives by the data layer. */

  /** Test isolation (runner): snapshot the whole org state (after @TestSetup) and restore it before each test method. */
  snapshot?(): unknown;
  restore?(snapshot: unknown): void;
  /** wipe all data (before each test class) */
  reset?(): void;
  /** `System.runAs(user) { body }`: switch the running user while body runs */
  runAs?(user: Value, body: () => void, site: SourceSite): void;
  /** `Test.setCreatedDate(id, datetime)` and other Test.* data helpers: return NOT_HANDLED if unknown */
  testMethod?(method: string, args: Value[], site: SourceSite): Value | NotHandled;
}
