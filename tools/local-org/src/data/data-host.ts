/**
 * What the data layer's built-in classes (context-, database-, schema-, eventbus-natives.ts) need of the org's
 * services. LocalDataServices (services-impl.ts) implements it; the natives depend on this interface, not on the
 * class, so services-impl.ts can compose them without an import cycle.
 */
import type { NotHandled, Runtime } from '../interpreter/services.js';
import type { ApexMap, NativeObject, SObjectRecord, Value } from '../interpreter/values.js';
import type { AccessModel } from './access.js';
import type { AsyncEngine } from './async.js';
import type { OrgDatabase } from './database.js';
import type { DmlOperation, DmlRowResult } from './dml.js';
import type { LIMITS } from './limits.js';
import type { Schema } from './schema.js';
import type { SeedInfo } from './seed.js';
import type { SoqlQuery } from './soql.js';

export interface DataHost {
  readonly projectDir: string;
  readonly schema: Schema;
  readonly db: OrgDatabase;
  readonly seedInfo: SeedInfo;
  readonly access: AccessModel;
  readonly async: AsyncEngine;
  rt: Runtime;
  /** depth of async execution (> 0: async limits apply) */
  asyncDepth: number;
  /** org clock (epoch ms) */
  now(): number;
  currentUserId(): string;
  bump(key: keyof typeof LIMITS.sync, n?: number): void;
  /** The Schema.SObjectType token of a type (one instance per type, so == compares). */
  sobjectTypeToken(name: string): NativeObject;
  sobjectFieldToken(objName: string, fieldName: string): NativeObject;
  newSObject(typeName: string, fields: [string, Value][]): SObjectRecord;
  /** Records of a type as plain SObjectRecords (all fields) */
  allRecords(type: string): SObjectRecord[];
  runQuery(q: SoqlQuery, bind: (b: { expr?: unknown; key?: string; text: string }) => Value, userMode?: boolean): Value;
  /** Bind resolver for dynamic SOQL: variables of the calling Apex frame, or a bind map. */
  dynamicBinder(bindMap: ApexMap | null): (b: { expr?: unknown; key?: string; text: string }) => Value;
  /** User-mode DML: object create/edit/delete and field edit access. */
  checkDmlAccess(op: DmlOperation, target: Value): void;
  /** Run DML; returns row results. With allOrNone, throws DmlException on the first failure. */
  runDml(
    op: DmlOperation,
    target: Value,
    allOrNone: boolean,
    externalIdField: string | null,
    statement: boolean,
    dmlOptions?: { allowFieldTruncation?: boolean },
  ): DmlRowResult[];
  systemCall(method: string, args: Value[]): Value | NotHandled;
}
