/**
 * DML engine: insert, update, upsert, delete, undelete with triggers, constraints and partial success, as the
 * platform runs them (triggers see copies; failures roll the statement back; allOrNone=false retries the
 * records that succeeded).
 */
import { ApexDatetime, ApexList, SObjectRecord, Value } from '../interpreter/values.js';
import type { TriggerContext } from '../interpreter/services.js';
import type { OrgDatabase, StoredRecord } from './database.js';
import type { FieldDescribe, SObjectDescribe } from './schema.js';
import { ORG_DOMAIN_URL } from '../interpreter/system-url.js';
import {
  onContentDistributionInsert,
  onContentVersionInsert,
  onEmailMessageInsert,
  onOpportunityLineItemInsert,
} from './files.js';
import { normalizeId } from './ids.js';
import { guestRecordOwner } from './sites.js';
import { formulaValue } from './formula.js';
import { evalDefault, soqlEquals, stringOf, toDecimal, toStorage } from './value-utils.js';

export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete';

export interface DmlError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface DmlRowResult {
  index: number;
  id: string | null;
  success: boolean;
  created: boolean;
  errors: DmlError[];
}

export interface DmlHooks {
  fireTriggers(ctx: TriggerContext): void;
  hasTriggers(type: string): boolean;
  /** Apex exception → description; null when e is not an Apex exception. */
  describeException(e: unknown): { typeName: string; message: string; catchable: boolean } | null;
  userId(): string;
  /** Created dates set with Test.setCreatedDate are applied through this map (id → ms). */
  createdDates?: Map<string, number>;
  /** record-level edit access of the running code (sharing); absent = allowed */
  canModify?(obj: SObjectDescribe, existing: StoredRecord): boolean;
  /** name of the trigger on a type (for CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY messages) */
  triggerName?(type: string, operation: string): string | null;
}

/** Thrown for errors of the whole statement (not per row), e.g. "Duplicate id in list". */
export class DmlStatementError extends Error {
  constructor(
    readonly apexType: string,
    message: string,
  ) {
    super(message);
  }
}

class RowFailure extends Error {
  constructor(readonly error: DmlError) {
    super(error.message);
  }
}

function err(statusCode: string, message: string, fields: string[] = []): DmlError {
  return { statusCode, message, fields };
}

/** A unit of work inside one statement: one input row. */
interface Row {
  index: number;
  input: SObjectRecord | string;
  obj: SObjectDescribe;
  /** update/delete/undelete target */
  existing?: StoredRecord;
  errors: DmlError[];
  created: boolean;
  id: string | null;
  /** upsert: which half */
  mode: 'insert' | 'update' | 'delete' | 'undelete';
}

export class DmlEngine {
  constructor(
    readonly db: OrgDatabase,
    readonly hooks: DmlHooks,
  ) {}

  private get schema() {
    return this.db.schema;
  }

  /** Run one DML statement. Rows are SObjectRecords (or Ids for delete/undelete). */
  /** Database.DMLOptions.allowFieldTruncation for the statement being run */
  private allowFieldTruncation = false;

  execute(
    op: DmlOperation,
    inputs: Array<SObjectRecord | string>,
    allOrNone: boolean,
    externalIdField?: string | null,
    options: { allowFieldTruncation?: boolean } = {},
  ): DmlRowResult[] {
    const prevTruncation = this.allowFieldTruncation;
    this.allowFieldTruncation = !!options.allowFieldTruncation;
    try {
      return this.executeStatement(op, inputs, allOrNone, externalIdField);
    } finally {
      this.allowFieldTruncation = prevTruncation;
    }
  }

  private executeStatement(
    op: DmlOperation,
    inputs: Array<SObjectRecord | string>,
    allOrNone: boolean,
    externalIdField?: string | null,
  ): DmlRowResult[] {
    const rows: Row[] = inputs.map((input, index) => this.prepareRow(op, input, index));
    if (op === 'update') this.checkDuplicateIds(rows);
    if (op === 'upsert') this.resolveUpsert(rows, externalIdField ?? null);

    let active = rows.filter((r) => r.errors.length === 0);
    const snap = this.db.snapshot();
    for (let attempt = 0; attempt < 3; attempt++) {
      for (const r of active) r.errors = [];
      this.runRows(active);
      const failed = active.filter((r) => r.errors.length > 0);
      if (failed.length === 0) break;
      this.db.restore(snap);
      if (allOrNone) break;
      active = active.filter((r) => r.errors.length === 0);
      if (active.length === 0) break;
    }
    const results: DmlRowResult[] = rows.map((r) => ({
      index: r.index,
      id: r.errors.length === 0 ? r.id : op === 'insert' || (op === 'upsert' && r.mode === 'insert') ? null : r.id,
      success: r.errors.length === 0,
      created: r.created && r.errors.length === 0,
      errors: r.errors,
    }));
    const anyFailed = results.some((r) => !r.success);
    if (allOrNone && anyFailed) {
      this.db.restore(snap);
      for (const r of results) {
        r.success = false;
        r.id = r.errors.length ? r.id : null;
      }
      // Ids handed to inserted records are taken back.
      for (const row of rows) {
        if (row.mode === 'insert' && row.input instanceof SObjectRecord) row.input.unset('Id');
      }
    } else {
      for (const row of rows) {
        if (
          row.errors.length === 0 &&
          row.input instanceof SObjectRecord &&
          row.id &&
          (row.mode === 'insert' || op === 'upsert')
        ) {
          row.input.set('Id', row.id, 'Id');
        }
      }
    }
    return results;
  }

  private prepareRow(op: DmlOperation, input: SObjectRecord | string, index: number): Row {
    let obj: SObjectDescribe | undefined;
    if (typeof input === 'string') obj = this.schema.objectOfId(input);
    else obj = this.schema.get(input.typeName);
    const row: Row = {
      index,
      input,
      obj: obj!,
      errors: [],
      created: false,
      id: null,
      mode: op === 'upsert' ? 'insert' : op,
    };
    if (!obj) {
      row.errors.push(err('INVALID_TYPE', 'sObject type is not supported'));
      return row;
    }
    if (obj.kind === 'customMetadata' || obj.kind === 'platformEvent') {
      throw new DmlStatementError('System.TypeException', `DML operation ${cap(op)} not allowed on ${obj.name}`);
    }
    const id = typeof input === 'string' ? input : input.id;
    if (op === 'insert') {
      if (id) row.errors.push(err('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']));
    } else if (op === 'update' || op === 'delete' || op === 'undelete') {
      if (!id) {
        row.errors.push(err('MISSING_ARGUMENT', `Id not specified in an ${op} call`, []));
      } else {
        const existing = this.db.get(id);
        row.id = normalizeId(id);
        if (!existing) {
          row.errors.push(
            err(
              op === 'update' ? 'INVALID_CROSS_REFERENCE_KEY' : 'INVALID_CROSS_REFERENCE_KEY',
              op === 'undelete' ? 'Entity is not in the recycle bin' : 'invalid cross reference id',
              [],
            ),
          );
        } else if (existing.deleted && op !== 'undelete') {
          row.errors.push(err('ENTITY_IS_DELETED', 'entity is deleted', []));
        } else if (!existing.deleted && op === 'undelete') {
          row.errors.push(err('UNDELETE_FAILED', 'Entity is not in the recycle bin', []));
        } else if (this.hooks.canModify && !this.hooks.canModify(obj, existing)) {
          row.errors.push(err('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', []));
        } else {
          row.existing = existing;
          row.id = existing.id;
        }
      }
    }
    return row;
  }

  private checkDuplicateIds(rows: Row[]): void {
    const seen = new Set<string>();
    for (const r of rows) {
      if (!r.id) continue;
      if (seen.has(r.id)) throw new DmlStatementError('System.ListException', `Duplicate id in list: ${r.id}`);
      seen.add(r.id);
    }
  }

  private resolveUpsert(rows: Row[], externalIdField: string | null): void {
    const seen = new Map<string, Row>();
    for (const r of rows) {
      if (r.errors.length || !(r.input instanceof SObjectRecord)) continue;
      if (!externalIdField || externalIdField.toLowerCase() === 'id') {
        const id = r.input.id;
        if (id) {
          const existing = this.db.get(id);
          if (!existing || existing.deleted) {
            r.errors.push(
              err(
                existing ? 'ENTITY_IS_DELETED' : 'INVALID_CROSS_REFERENCE_KEY',
                existing ? 'entity is deleted' : 'invalid cross reference id',
              ),
            );
            continue;
          }
          if (seen.has(existing.id))
            throw new DmlStatementError('System.ListException', `Duplicate id in list: ${existing.id}`);
          seen.set(existing.id, r);
          r.mode = 'update';
          r.existing = existing;
          r.id = existing.id;
        } else {
          r.mode = 'insert';
        }
        continue;
      }
      const f = r.obj.fields.get(externalIdField.toLowerCase());
      if (!f || !(f.externalId || f.idLookup)) {
        throw new DmlStatementError(
          'System.SObjectException',
          `Invalid field for upsert, must be an External Id custom or standard indexed field: ${externalIdField}`,
        );
      }
      const value = r.input.get(f.name);
      if (value === null || value === '') {
        r.errors.push(err('MISSING_ARGUMENT', `${f.name} not specified`, []));
        continue;
      }
      const key = f.caseSensitive ? stringOf(value) : stringOf(value).toLowerCase();
      if (seen.has(key)) {
        r.errors.push(err('DUPLICATE_VALUE', `Duplicate external id specified: ${stringOf(value)}`, [f.name]));
        continue;
      }
      seen.set(key, r);
      const matches = this.db
        .rows(r.obj.name)
        .filter((s) => matchValue(f, s.values.get(f.name.toLowerCase()) ?? null, value));
      if (matches.length > 1) {
        r.errors.push(
          err(
            'DUPLICATE_EXTERNAL_ID',
            `${f.name}: more than one record found for external id field: [${matches.map((m) => m.id).join(', ')}]`,
            [f.name],
          ),
        );
      } else if (matches.length === 1 && this.hooks.canModify && !this.hooks.canModify(r.obj, matches[0]!)) {
        r.errors.push(err('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', []));
      } else if (matches.length === 1) {
        r.mode = 'update';
        r.existing = matches[0];
        r.id = matches[0]!.id;
      } else {
        r.mode = 'insert';
      }
    }
  }

  /** One attempt over the active rows: grouped per mode and type, in input order, 200 per trigger chunk. */
  private runRows(rows: Row[]): void {
    const groups: Row[][] = [];
    let cur: Row[] = [];
    for (const r of rows) {
      const prev = cur[cur.length - 1];
      if (prev && (prev.mode !== r.mode || prev.obj !== r.obj || cur.length >= 200)) {
        groups.push(cur);
        cur = [];
      }
      cur.push(r);
    }
    if (cur.length) groups.push(cur);
    // upsert: inserts before updates, as the platform processes them
    groups.sort((a, b) =>
      a[0]!.mode === b[0]!.mode ? 0 : a[0]!.mode === 'insert' ? -1 : b[0]!.mode === 'insert' ? 1 : 0,
    );
    for (const g of groups) {
      switch (g[0]!.mode) {
        case 'insert':
          this.runInsert(g);
          break;
        case 'update':
          this.runUpdate(g);
          break;
        case 'delete':
          this.runDelete(g);
          break;
        case 'undelete':
          this.runUndelete(g);
          break;
      }
    }
  }

  private triggerDepth = 0;

  private fire(
    obj: SObjectDescribe,
    operation: TriggerContext['operation'],
    rows: Row[],
    newList: SObjectRecord[] | null,
    oldList: SObjectRecord[] | null,
  ): void {
    if (!this.hooks.hasTriggers(obj.name)) return;
    if (this.triggerDepth >= 16) {
      const trig = this.hooks.triggerName?.(obj.name, operation) ?? `${obj.name}Trigger`;
      for (const r of rows)
        r.errors.push(err('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `${trig}: maximum trigger depth exceeded`));
      return;
    }
    // Trigger.old is always read-only, Trigger.new in after triggers too (the interpreter may enforce `readOnly`).
    for (const r of oldList ?? []) (r as any).readOnly = true;
    if (operation.startsWith('AFTER')) for (const r of newList ?? []) (r as any).readOnly = true;
    const live = rows.map((_, i) => i);
    if (live.length === 0) return;
    const mapOf = (list: SObjectRecord[] | null) => {
      if (!list || operation === 'BEFORE_INSERT') return null;
      const m = new Map<string, SObjectRecord>();
      for (const r of list) if (r.id) m.set(r.id, r);
      return m;
    };
    for (const r of newList ?? []) r.errors = [];
    for (const r of oldList ?? []) r.errors = [];
    this.triggerDepth++;
    try {
      this.hooks.fireTriggers({
        sobjectType: obj.name,
        operation,
        newList,
        oldList,
        newMap: mapOf(newList),
        oldMap: mapOf(oldList),
      });
    } catch (e) {
      const d = this.hooks.describeException(e);
      if (!d || !d.catchable) throw e;
      const phase = operation.startsWith('BEFORE') ? 'Before' : 'After';
      const evt = operation.split('_')[1]!.toLowerCase();
      const trig = this.hooks.triggerName?.(obj.name, operation) ?? `${obj.name}Trigger`;
      const msg = `${trig}: execution of ${phase}${cap(evt)} caused by: ${d.typeName}: ${d.message}`;
      for (const r of rows) r.errors.push(err('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', msg));
      return;
    } finally {
      this.triggerDepth--;
    }
    const list = newList ?? oldList ?? [];
    list.forEach((rec, i) => {
      for (const e of rec.errors)
        rows[i]!.errors.push(err('FIELD_CUSTOM_VALIDATION_EXCEPTION', e.message, e.field ? [e.field] : []));
    });
  }

  private copyInput(row: Row): SObjectRecord {
    const src = row.input as SObjectRecord;
    const rec = new SObjectRecord(row.obj.name);
    for (const [k, f] of src.fields) {
      const fd = row.obj.fields.get(k);
      if (fd) rec.set(fd.name, f.value, fd.name);
      else if (row.obj.relationships.has(k)) rec.set(f.name, f.value, f.name);
    }
    return rec;
  }

  private runInsert(rows: Row[]): void {
    const obj = rows[0]!.obj;
    const now = this.db.now();
    const recs = rows.map((row) => {
      const rec = this.copyInput(row);
      // obj.fields and rec.fields are both keyed by the lower-case field name
      for (const [key, f] of obj.fields) {
        if (f.calculated || f.autoNumber) continue;
        const given = rec.fields.get(key);
        if (given && !(f.type === 'boolean' && given.value === null)) continue;
        if (f.defaultValue === undefined && f.type !== 'picklist' && f.type !== 'boolean') continue;
        const dv = evalDefault(f, now);
        const pickDefault = f.type === 'picklist' ? f.picklistValues.find((p) => p.isDefault) : undefined;
        if (dv !== undefined) rec.set(f.name, dv, f.name);
        else if (pickDefault) rec.set(f.name, pickDefault.value, f.name);
        else if (f.type === 'boolean') rec.set(f.name, false, f.name);
      }
      if (obj.fields.has('ownerid') && !rec.get('OwnerId'))
        rec.set('OwnerId', guestRecordOwner(this.db, this.hooks.userId()) ?? this.hooks.userId(), 'OwnerId');
      return rec;
    });
    this.fire(obj, 'BEFORE_INSERT', rows, recs, null);
    const userId = this.hooks.userId();
    const nowDt = new ApexDatetime(Math.floor(now / 1000) * 1000);
    const inserted: Array<{ row: Row; stored: StoredRecord }> = [];
    rows.forEach((row, i) => {
      if (row.errors.length) return;
      const rec = recs[i]!;
      try {
        this.resolveForeignKeys(obj, rec);
        const values = this.buildValues(obj, rec, null);
        this.validate(obj, values, null, rows, i);
        const id = this.db.ids.next(obj.keyPrefix);
        values.set('id', id);
        for (const f of obj.fields.values()) {
          if (f.autoNumber) values.set(f.name.toLowerCase(), this.db.nextAutoNumber(obj, f));
        }
        if (obj.fields.has('createddate')) values.set('createddate', nowDt);
        if (obj.fields.has('lastmodifieddate')) values.set('lastmodifieddate', nowDt);
        if (obj.fields.has('systemmodstamp')) values.set('systemmodstamp', nowDt);
        if (obj.fields.has('createdbyid')) values.set('createdbyid', userId);
        if (obj.fields.has('lastmodifiedbyid')) values.set('lastmodifiedbyid', userId);
        if (obj.fields.has('isdeleted')) values.set('isdeleted', false);
        if (obj.fields.has('name') && !values.get('name') && !obj.fields.get('name')!.calculated)
          values.set('name', id);
        computeNameField(obj, values);
        computeFormulas(obj, values, now);
        const stored: StoredRecord = { id, type: obj.name, values, deleted: false };
        this.checkUnique(obj, stored);
        this.db.table(obj.name).set(id, stored);
        if (obj.name === 'ContentVersion') onContentVersionInsert(this.db, stored, userId);
        if (obj.name === 'EmailMessage') onEmailMessageInsert(this.db, stored, userId);
        if (obj.name === 'OpportunityLineItem') onOpportunityLineItemInsert(this.db, stored);
        if (obj.name === 'ContentDistribution') onContentDistributionInsert(this.db, stored, ORG_DOMAIN_URL);
        row.id = id;
        row.created = true;
        inserted.push({ row, stored });
      } catch (e) {
        if (e instanceof RowFailure) row.errors.push(e.error);
        else throw e;
      }
    });
    if (inserted.length === 0) return;
    const after = inserted.map((x) => this.db.toRecord(x.stored));
    this.fire(
      obj,
      'AFTER_INSERT',
      inserted.map((x) => x.row),
      after,
      null,
    );
  }

  private runUpdate(rows: Row[]): void {
    const obj = rows[0]!.obj;
    const olds = rows.map((r) => this.db.toRecord(r.existing!));
    const news = rows.map((r) => {
      const rec = this.db.toRecord(r.existing!);
      const input = this.copyInput(r);
      for (const [k, f] of input.fields) {
        const fd = obj.fields.get(k);
        if (fd && (!fd.updateable || fd.calculated) && fd.name !== 'Id') continue;
        rec.set(f.name, f.value, f.name);
      }
      return rec;
    });
    this.fire(obj, 'BEFORE_UPDATE', rows, news, olds);
    const nowDt = new ApexDatetime(Math.floor(this.db.now() / 1000) * 1000);
    const done: Row[] = [];
    rows.forEach((row, i) => {
      if (row.errors.length) return;
      try {
        const rec = news[i]!;
        this.resolveForeignKeys(obj, rec);
        const values = this.buildValues(obj, rec, row.existing!);
        this.validate(obj, values, row.existing!, rows, i);
        if (obj.fields.has('lastmodifieddate')) values.set('lastmodifieddate', nowDt);
        if (obj.fields.has('systemmodstamp')) values.set('systemmodstamp', nowDt);
        if (obj.fields.has('lastmodifiedbyid')) values.set('lastmodifiedbyid', this.hooks.userId());
        computeNameField(obj, values);
        computeFormulas(obj, values, this.db.now());
        const stored: StoredRecord = { id: row.existing!.id, type: obj.name, values, deleted: false };
        this.checkUnique(obj, stored);
        this.db.table(obj.name).set(stored.id, stored);
        row.existing = stored;
        done.push(row);
      } catch (e) {
        if (e instanceof RowFailure) row.errors.push(e.error);
        else throw e;
      }
    });
    if (done.length === 0) return;
    const idx = done.map((r) => rows.indexOf(r));
    this.fire(
      obj,
      'AFTER_UPDATE',
      done,
      done.map((r) => this.db.toRecord(r.existing!)),
      idx.map((i) => olds[i]!),
    );
  }

  private runDelete(rows: Row[]): void {
    const obj = rows[0]!.obj;
    const olds = rows.map((r) => this.db.toRecord(r.existing!));
    this.fire(obj, 'BEFORE_DELETE', rows, null, olds);
    const done: Row[] = [];
    rows.forEach((row) => {
      if (row.errors.length) return;
      try {
        this.deleteCascade(row.existing!, true);
        done.push(row);
      } catch (e) {
        if (e instanceof RowFailure) row.errors.push(e.error);
        else throw e;
      }
    });
    if (done.length === 0) return;
    this.fire(
      obj,
      'AFTER_DELETE',
      done,
      null,
      done.map((r) => olds[rows.indexOf(r)]!),
    );
  }

  private deleteCascade(rec: StoredRecord, top: boolean): void {
    const obj = this.schema.require(rec.type);
    for (const rel of obj.childRelationships.values()) {
      const childObj = this.schema.get(rel.childSObject);
      if (!childObj) continue;
      const field = rel.field.toLowerCase();
      const children = this.db.rows(childObj.name).filter((c) => c.values.get(field) === rec.id);
      if (children.length === 0) continue;
      if (rel.restrictedDelete) {
        throw new RowFailure(
          err(
            'DELETE_FAILED',
            `Your attempt to delete ${stringOf(rec.values.get('name') ?? rec.id)} could not be completed because it is associated with the following ${childObj.labelPlural}.: ${children.map((c) => stringOf(c.values.get('name') ?? c.id)).join(', ')}`,
          ),
        );
      }
      for (const c of children) {
        if (rel.cascadeDelete) this.deleteCascade(c, false);
        else this.db.patch(c, { [field]: null });
      }
    }
    void top;
    this.db.patch(rec, obj.fields.has('isdeleted') ? { isdeleted: true } : {}, true);
  }

  private runUndelete(rows: Row[]): void {
    const obj = rows[0]!.obj;
    const done: Row[] = [];
    for (const row of rows) {
      if (row.errors.length) continue;
      row.existing = this.db.patch(row.existing!, { isdeleted: false }, false);
      done.push(row);
    }
    if (done.length === 0) return;
    this.fire(
      obj,
      'AFTER_UNDELETE',
      done,
      done.map((r) => this.db.toRecord(r.existing!)),
      null,
    );
  }

  /** `rec.Parent__r = new Account(Ext__c = 'x')` → `rec.Parent__c = <id of that account>`. */
  private resolveForeignKeys(obj: SObjectDescribe, rec: SObjectRecord): void {
    for (const [k, entry] of [...rec.fields]) {
      const rel = obj.relationships.get(k);
      if (!rel || !(entry.value instanceof SObjectRecord)) continue;
      const parent = entry.value;
      const parentObj = this.schema.get(parent.typeName);
      rec.unset(k);
      if (!parentObj) continue;
      if (parent.id) {
        rec.set(rel.name, parent.id, rel.name);
        continue;
      }
      const keyField = [...parent.fields.entries()].find(([fk]) => {
        const fd = parentObj.fields.get(fk);
        return fd && (fd.externalId || (fd.idLookup && fd.type !== 'id'));
      });
      if (!keyField) {
        throw new RowFailure(
          err('INVALID_FIELD', `Foreign key external ID: not specified for field ${rel.relationshipName}`),
        );
      }
      const fd = parentObj.fields.get(keyField[0])!;
      const matches = this.db
        .rows(parentObj.name)
        .filter((s) => matchValue(fd, s.values.get(fd.name.toLowerCase()) ?? null, keyField[1].value));
      if (matches.length !== 1) {
        throw new RowFailure(
          err(
            'INVALID_FIELD',
            matches.length === 0
              ? `Foreign key external ID: ${stringOf(keyField[1].value)} not found for field ${fd.name} in entity ${parentObj.name}`
              : `Foreign key external ID: ${stringOf(keyField[1].value)} matches more than one record for field ${fd.name} in entity ${parentObj.name}`,
          ),
        );
      }
      rec.set(rel.name, matches[0]!.id, rel.name);
    }
  }

  /** Field values of the record in storage form (existing values kept for update). */
  private buildValues(obj: SObjectDescribe, rec: SObjectRecord, existing: StoredRecord | null): Map<string, Value> {
    const values = existing ? new Map(existing.values) : new Map<string, Value>();
    if (!existing) for (const [key, f] of obj.fields) if (f.type === 'boolean') values.set(key, false);
    for (const [k, entry] of rec.fields) {
      const f = obj.fields.get(k);
      if (!f || f.type === 'id') continue;
      if (f.calculated || f.autoNumber) continue;
      if (!existing && !f.createable && !isAuditField(f)) continue;
      if (existing && !f.updateable && !isAuditField(f)) {
        // Unchanged values of read-only fields are fine; changed ones are ignored like the platform ignores them.
        continue;
      }
      let v: Value;
      try {
        v = toStorage(f, entry.value);
      } catch {
        throw new RowFailure(
          err('INVALID_TYPE_ON_FIELD_IN_RECORD', `${f.label}: value not of required type: ${stringOf(entry.value)}`, [
            f.name,
          ]),
        );
      }
      if (
        this.allowFieldTruncation &&
        typeof v === 'string' &&
        f.length > 0 &&
        f.type !== 'reference' &&
        v.length > f.length
      ) {
        v = v.substring(0, f.length);
      }
      values.set(f.name.toLowerCase(), v);
    }
    return values;
  }

  private validate(
    obj: SObjectDescribe,
    values: Map<string, Value>,
    existing: StoredRecord | null,
    rows: Row[],
    index: number,
  ): void {
    void rows;
    void index;
    const missing: string[] = [];
    // obj.fields is keyed by the lower-case field name (schema.ts addField)
    for (const [key, f] of obj.fields) {
      const v = values.get(key) ?? null;
      if (f.required && !f.calculated && !f.autoNumber && f.type !== 'boolean' && (v === null || v === '')) {
        if (!(f.name === 'Name' && obj.custom)) missing.push(f.name);
        continue;
      }
      if (v === null) continue;
      if (existing && existing.values.get(key) === v) continue;
      if (typeof v === 'string' && f.length > 0 && f.type !== 'id' && f.type !== 'reference' && v.length > f.length) {
        throw new RowFailure(
          err(
            'STRING_TOO_LONG',
            `${f.label}: data value too large: ${v.length > 255 ? v.substring(0, 255) + '...' : v} (max length=${f.length})`,
            [f.name],
          ),
        );
      }
      if (f.type === 'email' && typeof v === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) {
        throw new RowFailure(err('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${v}`, [f.name]));
      }
      if (f.type === 'picklist' && f.restrictedPicklist && typeof v === 'string' && f.picklistValues.length) {
        if (!f.picklistValues.some((p) => p.value === v)) {
          throw new RowFailure(
            err(
              'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
              `${f.label}: bad value for restricted picklist field: ${v}`,
              [f.name],
            ),
          );
        }
      }
      if ((f.type === 'double' || f.type === 'currency' || f.type === 'percent') && f.precision > 0) {
        const d = toDecimal(v);
        if (d) {
          const intDigits = (d.unscaled < 0n ? -d.unscaled : d.unscaled).toString().length - d.scale;
          if (intDigits > f.precision - f.scale) {
            throw new RowFailure(
              err(
                'NUMBER_OUTSIDE_VALID_RANGE',
                `${f.label}: value outside of valid range on numeric field: ${stringOf(v)}`,
                [f.name],
              ),
            );
          }
        }
      }
      if (f.type === 'reference' && typeof v === 'string') {
        const target = this.schema.objectOfId(v);
        if (!target || !f.referenceTo.some((t) => t.toLowerCase() === target.name.toLowerCase())) {
          throw new RowFailure(
            err('FIELD_INTEGRITY_EXCEPTION', `field integrity exception: unknown (id value of incorrect type): ${v}`, [
              f.name,
            ]),
          );
        }
        const parent = this.db.get(v);
        if (!parent || parent.deleted) {
          if (!(!parent && SETUP_OBJECTS.has(target.name))) {
            throw new RowFailure(
              err(
                parent ? 'ENTITY_IS_DELETED' : 'INVALID_CROSS_REFERENCE_KEY',
                parent ? 'entity is deleted' : `invalid cross reference id`,
                [f.name],
              ),
            );
          }
        }
      }
    }
    if (missing.length)
      throw new RowFailure(
        err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing),
      );
  }

  private checkUnique(obj: SObjectDescribe, rec: StoredRecord): void {
    for (const f of obj.fields.values()) {
      if (!f.unique) continue;
      const key = f.name.toLowerCase();
      const v = rec.values.get(key);
      if (v === null || v === undefined || v === '') continue;
      for (const other of this.db.rows(obj.name, true)) {
        if (other.id === rec.id) continue;
        if (other.deleted) continue;
        if (matchValue(f, other.values.get(key) ?? null, v)) {
          throw new RowFailure(
            err(
              'DUPLICATE_VALUE',
              `duplicate value found: ${f.name} duplicates value on record with id: ${other.id}`,
              [],
            ),
          );
        }
      }
    }
  }
}

/** Setup objects the local org may not have seeded: references to them are not checked for existence. */
const SETUP_OBJECTS = new Set([
  'User',
  'Group',
  'Profile',
  'Organization',
  'UserLicense',
  'UserRole',
  'PermissionSet',
  'RecordType',
  'ApexClass',
  'CustomPermission',
]);

function isAuditField(f: FieldDescribe): boolean {
  return ['createddate', 'createdbyid', 'lastmodifieddate', 'lastmodifiedbyid'].includes(f.name.toLowerCase()) && false;
}

/** Equality for unique/external id matching: case-sensitive only when the field says so. */
export function matchValue(f: FieldDescribe, stored: Value, v: Value): boolean {
  if (stored === null || v === null) return false;
  if (typeof stored === 'string' && typeof v === 'string') {
    if (f.type === 'id' || f.type === 'reference') return stored.substring(0, 15) === v.substring(0, 15);
    return f.caseSensitive ? stored === v : stored.toLowerCase() === v.toLowerCase();
  }
  return soqlEquals(stored, typeof v === 'string' ? v : v);
}

/** Formula fields are computed on save (same-record fields only). */
export function computeFormulas(obj: SObjectDescribe, values: Map<string, Value>, nowMs: number): void {
  for (const f of obj.fields.values()) if (f.formula) values.set(f.name.toLowerCase(), formulaValue(f, values, nowMs));
}

/** Contact/User/Lead `Name` = FirstName LastName. */
function computeNameField(obj: SObjectDescribe, values: Map<string, Value>): void {
  const name = obj.fields.get('name');
  if (!name || (!name.calculated && name.createable)) return;
  if (!obj.fields.has('firstname') || !obj.fields.has('lastname')) return;
  const first = values.get('firstname');
  const last = values.get('lastname');
  values.set('name', [first, last].filter((x) => x !== null && x !== undefined && x !== '').join(' ') || null);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function recordsOf(v: Value): SObjectRecord[] {
  if (v instanceof SObjectRecord) return [v];
  if (v instanceof ApexList) return v.items.filter((x): x is SObjectRecord => x instanceof SObjectRecord);
  return [];
}
