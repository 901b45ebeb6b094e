/** The in-memory record store: one table per SObject type, records keyed by 18-character Id. */
import { ApexDatetime, SObjectRecord, Value } from '../interpreter/values.js';
import { IdGenerator } from './ids.js';
import type { FieldDescribe, Schema, SObjectDescribe } from './schema.js';
import { toStorage } from './value-utils.js';

export interface StoredRecord {
  id: string;
  /** canonical SObject API name */
  type: string;
  /** lower-case field name → value in storage form */
  values: Map<string, Value>;
  deleted: boolean;
}

export interface DbSnapshot {
  tables: Map<string, Map<string, StoredRecord>>;
  autoNumbers: Map<string, number>;
  ids: Map<string, number>;
}

export class OrgDatabase {
  tables = new Map<string, Map<string, StoredRecord>>();
  autoNumbers = new Map<string, number>();
  readonly ids = new IdGenerator();

  constructor(
    readonly schema: Schema,
    readonly now: () => number,
  ) {}

  /**
   * Tables a snapshot may share (copy on write): a snapshot keeps the live tables and marks them shared; the
   * first write to a shared table after it copies the table. Most DML statements (each takes a snapshot to roll
   * back a failed statement) then copy only the tables they write, not the whole org.
   */
  private shared = new WeakSet<Map<string, StoredRecord>>();

  /** writes per table (lower-case type), and restores: see changeStamp */
  private writes = new Map<string, number>();
  private restores = 0;

  /**
   * A number that changes whenever rows of one of `types` (lower case) may have changed: every counter in it
   * only grows, so their sum grows with any of them. Lets the access model keep a user's effective permissions
   * until an assignment, permission set, profile or user changes.
   */
  changeStamp(types: readonly string[]): number {
    let n = this.restores;
    for (const t of types) n += this.writes.get(t) ?? 0;
    return n;
  }

  /** The table of a type, for writing (`set`/`delete`); reads use `rows`/`get`. */
  table(type: string): Map<string, StoredRecord> {
    const key = type.toLowerCase();
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
    let t = this.tables.get(key);
    if (!t) {
      t = new Map();
      this.tables.set(key, t);
    } else if (this.shared.has(t)) {
      t = new Map(t);
      this.tables.set(key, t);
    }
    return t;
  }

  get(id: string | null | undefined): StoredRecord | undefined {
    if (!id || id.length < 15) return undefined;
    const obj = this.schema.objectOfId(id);
    if (!obj) return undefined;
    const t = this.tables.get(obj.name.toLowerCase());
    if (!t) return undefined;
    if (id.length === 18) {
      const r = t.get(id);
      if (r) return r;
    }
    const id15 = id.substring(0, 15);
    for (const [k, r] of t) if (k.substring(0, 15) === id15) return r;
    return undefined;
  }

  rows(type: string, includeDeleted = false): StoredRecord[] {
    const t = this.tables.get(type.toLowerCase());
    if (!t) return [];
    const out: StoredRecord[] = [];
    for (const r of t.values()) if (includeDeleted || !r.deleted) out.push(r);
    return out;
  }

  nextAutoNumber(obj: SObjectDescribe, f: FieldDescribe): string {
    const key = `${obj.name}.${f.name}`.toLowerCase();
    const n = this.autoNumbers.get(key) ?? (f.startingNumber ?? 1) - 1;
    const next = n + 1;
    this.autoNumbers.set(key, next);
    return formatAutoNumber(f.displayFormat ?? '{0}', next, this.now());
  }

  /** Insert a record directly (seed data, test fixtures): system fields and defaults set, no triggers, no checks. */
  insertRaw(type: string, fields: Record<string, Value>, userId: string | null = null, fixedId?: string): StoredRecord {
    const obj = this.schema.require(type);
    const id = fixedId ?? this.ids.next(obj.keyPrefix);
    const values = new Map<string, Value>();
    // obj.fields is keyed by the lower-case field name (schema.ts addField)
    let autoNumbered: [string, FieldDescribe][] | null = null;
    for (const [key, f] of obj.fields) {
      if (f.type === 'boolean') values.set(key, false);
      if (f.autoNumber) (autoNumbered ??= []).push([key, f]);
    }
    for (const [k, v] of Object.entries(fields)) {
      const f = obj.fields.get(k.toLowerCase());
      if (!f) continue;
      values.set(f.name.toLowerCase(), toStorage(f, v));
    }
    const now = new ApexDatetime(Math.floor(this.now() / 1000) * 1000);
    values.set('id', id);
    for (const k of ['createddate', 'lastmodifieddate', 'systemmodstamp'])
      if (obj.fields.has(k) && !values.get(k)) values.set(k, now);
    for (const k of ['createdbyid', 'lastmodifiedbyid']) if (obj.fields.has(k) && !values.get(k)) values.set(k, userId);
    if (obj.fields.has('ownerid') && !values.get('ownerid')) values.set('ownerid', userId);
    for (const [key, f] of autoNumbered ?? []) {
      if (!values.get(key)) values.set(key, this.nextAutoNumber(obj, f));
    }
    if (obj.fields.has('isdeleted')) values.set('isdeleted', false);
    const rec: StoredRecord = { id, type: obj.name, values, deleted: false };
    this.table(obj.name).set(id, rec);
    return rec;
  }

  /**
   * Stored records are never changed in place once they are in a table (changes go through `patch`, which puts a
   * new StoredRecord in the table), so a snapshot only shares the tables (copied on their next write), not the
   * records.
   */
  snapshot(): DbSnapshot {
    const tables = new Map(this.tables);
    for (const t of tables.values()) this.shared.add(t);
    return { tables, autoNumbers: new Map(this.autoNumbers), ids: this.ids.snapshot() };
  }

  /** Change a stored record (copy on write); returns the new version. */
  patch(rec: StoredRecord, changes: Record<string, Value>, deleted?: boolean): StoredRecord {
    const values = new Map(rec.values);
    for (const [k, v] of Object.entries(changes)) values.set(k.toLowerCase(), v);
    const next: StoredRecord = { id: rec.id, type: rec.type, values, deleted: deleted ?? rec.deleted };
    this.table(rec.type).set(rec.id, next);
    return next;
  }

  restore(s: DbSnapshot): void {
    // the snapshot's tables stay shared with it (it may be restored again): copied on their next write
    this.tables = new Map(s.tables);
    this.restores++;
    // Auto-number sequences are not rolled back (the platform leaves gaps), like Ids.
    for (const [k, v] of s.autoNumbers) if ((this.autoNumbers.get(k) ?? 0) < v) this.autoNumbers.set(k, v);
    this.ids.restore(s.ids);
  }

  /** An SObjectRecord with every field of a stored record (Trigger.new/old, plain reads). */
  toRecord(r: StoredRecord, fromQuery = false): SObjectRecord {
    const obj = this.schema.require(r.type);
    const rec = new SObjectRecord(obj.name);
    for (const [key, f] of obj.fields) {
      rec.set(f.name, r.values.has(key) ? (r.values.get(key) ?? null) : null, f.name);
    }
    rec.fromQuery = fromQuery;
    return rec;
  }
}

/** `SUB-{00000}` → `SUB-00001`; also {YYYY}, {YY}, {MM}, {DD}. */
export function formatAutoNumber(format: string, n: number, nowMs: number): string {
  const d = new Date(nowMs);
  return format.replace(/\{([^}]*)\}/g, (_m, inner: string) => {
    if (/^0+$/.test(inner)) return String(n).padStart(inner.length, '0');
    if (inner === 'YYYY') return String(d.getUTCFullYear());
    if (inner === 'YY') return String(d.getUTCFullYear()).slice(-2);
    if (inner === 'MM') return String(d.getUTCMonth() + 1).padStart(2, '0');
    if (inner === 'DD') return String(d.getUTCDate()).padStart(2, '0');
    return inner;
  });
}
