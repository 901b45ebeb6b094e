/**
 * SOQL evaluation: a compiled query (soql-compile.ts, whose API is re-exported here) against the OrgDatabase —
 * WHERE conditions, relationship paths, semi-joins, date literals, ORDER BY, LIMIT/OFFSET, child subqueries,
 * aggregates with GROUP BY / HAVING, and the USER_MODE visibility filter. Binds are resolved through a callback.
 */
import {
  ApexDate,
  ApexDatetime,
  ApexDecimal,
  ApexList,
  ApexSet,
  SObjectRecord,
  Value,
  typeRef,
} from '../interpreter/values.js';
import type { OrgDatabase, StoredRecord } from './database.js';
import type { FieldDescribe, SObjectDescribe } from './schema.js';
import {
  bindValues,
  compareDecimal,
  dateFromMs,
  dateToEpochDay,
  decimalFromString,
  likeToRegExp,
  soqlCompare,
  soqlEquals,
  stringOf,
  toDecimal,
} from './value-utils.js';
import { SoqlQuery, SoqlError, OrderItem, ValueExpr, Cond } from './soql-compile.js';

export {
  SoqlError,
  ValueExpr,
  Cond,
  SelectItem,
  OrderItem,
  SoqlQuery,
  compileQuery,
  compileQueryText,
  compileInlineQuery,
} from './soql-compile.js';

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

export type BindResolver = (b: { expr?: unknown; key?: string; text: string }) => Value;

export type QueryResult =
  | { kind: 'records'; type: string; records: SObjectRecord[]; rows: number }
  | { kind: 'count'; count: number; rows: number }
  | { kind: 'aggregate'; records: SObjectRecord[]; rows: number };

/** Record visibility filter (USER_MODE sharing); absent = every record is visible. */
export type RowFilter = (obj: SObjectDescribe, row: StoredRecord) => boolean;

interface Ctx {
  db: OrgDatabase;
  bind: BindResolver;
  now: number;
  visible?: RowFilter;
}

export function executeQuery(db: OrgDatabase, q: SoqlQuery, bind: BindResolver, visible?: RowFilter): QueryResult {
  const ctx: Ctx = { db, bind, now: db.now(), visible };
  const obj = db.schema.get(q.from);
  if (!obj) throw new SoqlError(`sObject type '${q.from}' is not supported.`);
  if (!obj.queryable) throw new SoqlError(`sObject type '${obj.name}' is not supported.`);
  const norm = (p: string[]) => normalizePath(obj, q.alias, p);
  let rows = db.rows(obj.name, q.allRows);
  if (visible) rows = rows.filter((r) => visible(obj, r));
  if (q.where) {
    const where = q.where;
    rows = rows.filter((r) => evalCond(ctx, obj, r, where, q.alias));
  }
  const isCountOnly = q.select.length === 1 && q.select[0]!.kind === 'count';
  const hasAgg = q.select.some((s) => s.kind === 'agg') || q.groupBy.length > 0;
  if (isCountOnly) {
    const n = applyLimit(ctx, rows, q).length;
    // A query returning an Integer counts as one query row (Summer '19 release notes, "SOQL COUNT() ... limits").
    return { kind: 'count', count: n, rows: 1 };
  }
  if (hasAgg) return aggregate(ctx, obj, rows, q);
  sortRows(
    ctx,
    obj,
    rows,
    q.orderBy.map((o) => ({ ...o, path: norm(o.path) })),
  );
  rows = applyLimit(ctx, rows, q);
  let total = rows.length;
  const records = rows.map((r) => {
    const rec = new SObjectRecord(obj.name);
    rec.fromQuery = true;
    rec.set('Id', r.id, 'Id');
    for (const item of q.select) {
      if (item.kind === 'field') {
        const p = norm(item.path);
        if (p[0]?.startsWith('*')) {
          for (const f of obj.fields.values())
            if (p[0] === '*ALL' || (p[0] === '*CUSTOM') === f.custom) setPath(ctx, obj, r, rec, [f.name]);
          continue;
        }
        setPath(ctx, obj, r, rec, p, item.fn);
      } else if (item.kind === 'sub') {
        const children = childQuery(ctx, obj, r, item.query);
        total += children.items.length;
        const rel = childRelationshipOf(obj, item.query.from)!;
        rec.set(rel.relationshipName, children, rel.relationshipName);
      }
    }
    return rec;
  });
  return { kind: 'records', type: obj.name, records, rows: total };
}

function applyLimit<T>(ctx: Ctx, rows: T[], q: SoqlQuery): T[] {
  const off = q.offset ? Number(resolve(ctx, q.offset)) : 0;
  const lim = q.limit ? Number(resolve(ctx, q.limit)) : undefined;
  if (off) rows = rows.slice(off);
  if (lim !== undefined) rows = rows.slice(0, lim);
  return rows;
}

function normalizePath(obj: SObjectDescribe, alias: string | undefined, p: string[]): string[] {
  if (p.length > 1) {
    const first = p[0]!.toLowerCase();
    if ((alias && first === alias.toLowerCase()) || (first === obj.name.toLowerCase() && !obj.relationships.has(first)))
      return p.slice(1);
  }
  return p;
}

/** The parent row of a relationship field's value: an Id, or for a custom metadata relationship the API name of the
 * EntityDefinition / FieldDefinition / custom metadata row (its QualifiedApiName, or the DurableId `Object.Field`). */
function parentRow(
  ctx: Ctx,
  rel: FieldDescribe,
  pid: Value | undefined,
  childObj?: SObjectDescribe,
  child?: StoredRecord,
): StoredRecord | undefined {
  if (typeof pid !== 'string') return undefined;
  if (!rel.metadataRelationship) return ctx.db.get(pid);
  // a relationship to another custom metadata type holds that record's Id (seed.ts)
  const byId = ctx.db.get(pid);
  if (byId) return byId;
  // a FieldDefinition relationship names a field of the object its controlling EntityDefinition field names
  if (rel.controllingField && child && childObj && !pid.includes('.')) {
    const cf = childObj.fields.get(rel.controllingField.toLowerCase());
    const entity = cf ? child.values.get(cf.name.toLowerCase()) : undefined;
    const obj = typeof entity === 'string' ? ctx.db.schema.get(entity) : undefined;
    if (obj) {
      const durable = `${obj.name}.${obj.fields.get(pid.toLowerCase())?.name ?? pid}`.toLowerCase();
      const hit = ctx.db
        .rows('FieldDefinition')
        .find((r) => String(r.values.get('durableid') ?? '').toLowerCase() === durable);
      if (hit) return hit;
    }
  }
  const key = pid.toLowerCase();
  for (const to of rel.referenceTo) {
    const hit = ctx.db
      .rows(to)
      .find(
        (r) =>
          String(r.values.get('qualifiedapiname') ?? '').toLowerCase() === key ||
          String(r.values.get('durableid') ?? '').toLowerCase() === key,
      );
    if (hit) return hit;
  }
  return undefined;
}

/** Walk a field path from a stored row: returns the value and the describe of the last field. */
function readPath(
  ctx: Ctx,
  obj: SObjectDescribe,
  r: StoredRecord | undefined,
  path: string[],
): { value: Value; field?: FieldDescribe } {
  let curObj = obj;
  let cur: StoredRecord | undefined = r;
  for (let i = 0; i < path.length - 1; i++) {
    const rel = curObj.relationships.get(path[i]!.toLowerCase());
    if (!rel)
      throw new SoqlError(
        `Didn't understand relationship '${path[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
      );
    const pid = cur?.values.get(rel.name.toLowerCase());
    const parent = parentRow(ctx, rel, pid, curObj, cur);
    const parentObj = parent ? ctx.db.schema.require(parent.type) : ctx.db.schema.get(rel.referenceTo[0] ?? '');
    if (!parentObj) return { value: null };
    curObj = parentObj;
    cur = parent;
  }
  const last = path[path.length - 1]!;
  const f = curObj.fields.get(last.toLowerCase());
  if (!f)
    throw new SoqlError(
      `No such column '${last}' on entity '${curObj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  if (!cur) return { value: null, field: f };
  const v = cur.values.get(f.name.toLowerCase());
  return { value: v === undefined ? (f.type === 'boolean' ? false : null) : v, field: f };
}

function setPath(
  ctx: Ctx,
  obj: SObjectDescribe,
  r: StoredRecord,
  rec: SObjectRecord,
  path: string[],
  fn?: string,
): void {
  let curObj = obj;
  let cur: StoredRecord | undefined = r;
  let target = rec;
  for (let i = 0; i < path.length - 1; i++) {
    const rel = curObj.relationships.get(path[i]!.toLowerCase());
    if (!rel)
      throw new SoqlError(
        `Didn't understand relationship '${path[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
      );
    const pid = cur?.values.get(rel.name.toLowerCase());
    const parent = parentRow(ctx, rel, pid, curObj, cur);
    if (!parent) {
      // validate the rest of the path against the first target type
      const t = ctx.db.schema.get(rel.referenceTo[0] ?? '');
      if (t && i === path.length - 2 && !t.fields.has(path[i + 1]!.toLowerCase()))
        readPath(ctx, t, undefined, path.slice(i + 1));
      if (!target.has(rel.relationshipName!)) target.set(rel.relationshipName!, null, rel.relationshipName);
      return;
    }
    const parentObj = ctx.db.schema.require(parent.type);
    let next = target.has(rel.relationshipName!) ? target.get(rel.relationshipName!) : null;
    if (!(next instanceof SObjectRecord)) {
      next = new SObjectRecord(parentObj.name);
      next.fromQuery = true;
      next.set('Id', parent.id, 'Id');
      target.set(rel.relationshipName!, next, rel.relationshipName);
    }
    target = next;
    curObj = parentObj;
    cur = parent;
  }
  const { value, field } = readPath(ctx, curObj, cur, [path[path.length - 1]!]);
  let v = value;
  if (fn === 'TOLABEL' && field && typeof v === 'string')
    v = field.picklistValues.find((p) => p.value === v)?.label ?? v;
  target.set(field!.name, v, field!.name);
}

/** A sub-query's FROM names the child relationship, optionally qualified by the parent object (`Account.Contacts`). */
export function childRelationshipOf(parentObj: SObjectDescribe, from: string) {
  const direct = parentObj.childRelationships.get(from.toLowerCase());
  if (direct) return direct;
  const dot = from.indexOf('.');
  if (dot > 0 && from.substring(0, dot).toLowerCase() === parentObj.name.toLowerCase())
    return parentObj.childRelationships.get(from.substring(dot + 1).toLowerCase());
  return undefined;
}

function childQuery(ctx: Ctx, parentObj: SObjectDescribe, parent: StoredRecord, q: SoqlQuery): ApexList {
  const rel = childRelationshipOf(parentObj, q.from);
  if (!rel)
    throw new SoqlError(
      `Didn't understand relationship '${q.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
    );
  const childObj = ctx.db.schema.require(rel.childSObject);
  const fk = rel.field.toLowerCase();
  let rows = ctx.db.rows(childObj.name).filter((c) => {
    const v = c.values.get(fk);
    return typeof v === 'string' && v.substring(0, 15) === parent.id.substring(0, 15);
  });
  if (ctx.visible) rows = rows.filter((r) => ctx.visible!(childObj, r));
  if (q.where) {
    const where = q.where;
    rows = rows.filter((r) => evalCond(ctx, childObj, r, where, q.alias));
  }
  sortRows(ctx, childObj, rows, q.orderBy);
  rows = applyLimit(ctx, rows, q);
  const items = rows.map((r) => {
    const rec = new SObjectRecord(childObj.name);
    rec.fromQuery = true;
    rec.set('Id', r.id, 'Id');
    for (const item of q.select)
      if (item.kind === 'field') setPath(ctx, childObj, r, rec, normalizePath(childObj, q.alias, item.path), item.fn);
    return rec;
  });
  const list = new ApexList(typeRef(childObj.name), items);
  list.fromQuery = true;
  return list;
}

function sortRows(ctx: Ctx, obj: SObjectDescribe, rows: StoredRecord[], order: OrderItem[]): void {
  if (!order.length) return;
  const keys = new Map<StoredRecord, Value[]>();
  for (const r of rows)
    keys.set(
      r,
      order.map((o) => readPath(ctx, obj, r, o.path).value),
    );
  rows.sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    for (let i = 0; i < order.length; i++) {
      const o = order[i]!;
      const x = ka[i] ?? null;
      const y = kb[i] ?? null;
      if (x === null && y === null) continue;
      if (x === null) return o.nullsLast ? 1 : -1;
      if (y === null) return o.nullsLast ? -1 : 1;
      const c = soqlCompare(x, y) || 0;
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
}

function resolve(ctx: Ctx, v: ValueExpr): Value {
  switch (v.kind) {
    case 'lit':
      return v.value;
    case 'bind':
      return ctx.bind(v);
    default:
      throw new SoqlError('unexpected value');
  }
}

function evalCond(ctx: Ctx, obj: SObjectDescribe, r: StoredRecord, c: Cond, alias?: string): boolean {
  switch (c.kind) {
    case 'and':
      return c.items.every((x) => evalCond(ctx, obj, r, x, alias));
    case 'or':
      return c.items.some((x) => evalCond(ctx, obj, r, x, alias));
    case 'not':
      return !evalCond(ctx, obj, r, c.item, alias);
    case 'cmp': {
      const { value, field } = readPath(ctx, obj, r, normalizePath(obj, alias, c.path));
      let left = value;
      if (c.fn === 'DAY_ONLY' && left instanceof ApexDatetime) left = dateFromMs(left.ms);
      if (c.fn === 'CALENDAR_YEAR' && left instanceof ApexDatetime) left = new Date(left.ms).getUTCFullYear();
      if (c.fn === 'CALENDAR_YEAR' && left instanceof ApexDate) left = left.year;
      if (c.fn === 'CALENDAR_MONTH' && left instanceof ApexDatetime) left = new Date(left.ms).getUTCMonth() + 1;
      if (c.fn === 'CALENDAR_MONTH' && left instanceof ApexDate) left = left.month;
      return compare(ctx, left, field, c.op, c.value);
    }
  }
}

function compare(ctx: Ctx, left: Value, field: FieldDescribe | undefined, op: string, rhs: ValueExpr): boolean {
  if (rhs.kind === 'dateLit') return compareDateLiteral(ctx, left, op, rhs);
  if (op === 'IN' || op === 'NOTIN') {
    let values: Value[];
    if (rhs.kind === 'list') values = rhs.items.map((i) => resolve(ctx, i));
    else if (rhs.kind === 'semi') values = semiJoin(ctx, rhs.query);
    else values = bindValues(resolve(ctx, rhs));
    const hit = values.some((v) => (v === null ? left === null : left !== null && eq(field, left, coerceTo(field, v))));
    return op === 'IN' ? hit : !hit && !(left === null && false);
  }
  if (op === 'INCLUDES' || op === 'EXCLUDES') {
    const values = rhs.kind === 'list' ? rhs.items.map((i) => resolve(ctx, i)) : bindValues(resolve(ctx, rhs));
    const have = new Set((typeof left === 'string' ? left.split(';') : []).map((s) => s.trim().toLowerCase()));
    const hit = values.some(
      (v) => typeof v === 'string' && v.split(';').every((p) => have.has(p.trim().toLowerCase())),
    );
    return op === 'INCLUDES' ? hit : !hit;
  }
  let right = resolve(ctx, rhs);
  // `WHERE Id = :idSet` with a collection bind means IN (`!=` NOT IN), as apex-recipes' publish callback queries
  if ((right instanceof ApexList || right instanceof ApexSet) && (op === '=' || op === '!=' || op === '<>')) {
    const values = bindValues(right);
    const hit = values.some((v) => (v === null ? left === null : left !== null && eq(field, left, coerceTo(field, v))));
    return op === '=' ? hit : !hit;
  }
  if (right instanceof ApexList || right instanceof SObjectRecord) {
    const vs = bindValues(right);
    right = vs[0] ?? null;
  }
  right = coerceTo(field, right);
  // text fields store no empty strings: a '' literal compares like null (`WHERE NamespacePrefix = ''` finds the
  // org's own components)
  if (right === '' && (op === '=' || op === '!=' || op === '<>')) right = null;
  if (op === '=') return right === null ? left === null : left !== null && eq(field, left, right);
  if (op === '!=' || op === '<>') return right === null ? left !== null : left === null || !eq(field, left, right);
  if (op === 'LIKE') {
    if (left === null || right === null) return false;
    return likeToRegExp(stringOf(right)).test(stringOf(left));
  }
  if (left === null || right === null) return false;
  const c = soqlCompare(left, right);
  if (Number.isNaN(c)) return false;
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
    default:
      throw new SoqlError(`Unsupported SOQL operator ${op}`);
  }
}

/** `=` is case-sensitive for unique case-sensitive fields and case-insensitive for all other fields. */
function eq(field: FieldDescribe | undefined, a: Value, b: Value): boolean {
  if (field && field.unique && field.caseSensitive && typeof a === 'string' && typeof b === 'string') return a === b;
  return soqlEquals(a, b);
}

function coerceTo(field: FieldDescribe | undefined, v: Value): Value {
  if (!field || v === null) return v;
  if (
    (field.type === 'double' || field.type === 'currency' || field.type === 'percent' || field.type === 'integer') &&
    typeof v !== 'string'
  )
    return toDecimal(v) ?? v;
  return v;
}

function semiJoin(ctx: Ctx, q: SoqlQuery): Value[] {
  const res = executeQuery(ctx.db, q, ctx.bind, ctx.visible);
  if (res.kind !== 'records') return [];
  const item = q.select[0];
  if (!item || item.kind !== 'field') return [];
  const name = item.path[item.path.length - 1]!;
  return res.records.map((r) => r.get(name));
}

function startOfDay(ms: number): number {
  return Math.floor(ms / 86400000) * 86400000;
}

function dateRange(now: number, name: string, n: number): [number, number] {
  const day = 86400000;
  const today = startOfDay(now);
  const d = new Date(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const weekStart = today - d.getUTCDay() * day;
  const q0 = Math.floor(m / 3) * 3;
  const month = (yy: number, mm: number) => Date.UTC(yy, mm, 1);
  switch (name) {
    case 'TODAY':
      return [today, today + day];
    case 'YESTERDAY':
      return [today - day, today];
    case 'TOMORROW':
      return [today + day, today + 2 * day];
    case 'THIS_WEEK':
      return [weekStart, weekStart + 7 * day];
    case 'LAST_WEEK':
      return [weekStart - 7 * day, weekStart];
    case 'NEXT_WEEK':
      return [weekStart + 7 * day, weekStart + 14 * day];
    case 'THIS_MONTH':
      return [month(y, m), month(y, m + 1)];
    case 'LAST_MONTH':
      return [month(y, m - 1), month(y, m)];
    case 'NEXT_MONTH':
      return [month(y, m + 1), month(y, m + 2)];
    case 'LAST_90_DAYS':
      return [today - 90 * day, today + day];
    case 'NEXT_90_DAYS':
      return [today + day, today + 91 * day];
    case 'LAST_N_DAYS':
      return [today - n * day, today + day];
    case 'NEXT_N_DAYS':
      return [today + day, today + (n + 1) * day];
    case 'N_DAYS_AGO':
      return [today - n * day, today - (n - 1) * day];
    case 'LAST_N_WEEKS':
      return [weekStart - n * 7 * day, weekStart];
    case 'NEXT_N_WEEKS':
      return [weekStart + 7 * day, weekStart + (n + 1) * 7 * day];
    case 'N_WEEKS_AGO':
      return [weekStart - n * 7 * day, weekStart - (n - 1) * 7 * day];
    case 'LAST_N_MONTHS':
      return [month(y, m - n), month(y, m)];
    case 'NEXT_N_MONTHS':
      return [month(y, m + 1), month(y, m + 1 + n)];
    case 'N_MONTHS_AGO':
      return [month(y, m - n), month(y, m - n + 1)];
    case 'THIS_QUARTER':
      return [month(y, q0), month(y, q0 + 3)];
    case 'LAST_QUARTER':
      return [month(y, q0 - 3), month(y, q0)];
    case 'NEXT_QUARTER':
      return [month(y, q0 + 3), month(y, q0 + 6)];
    case 'LAST_N_QUARTERS':
      return [month(y, q0 - 3 * n), month(y, q0)];
    case 'NEXT_N_QUARTERS':
      return [month(y, q0 + 3), month(y, q0 + 3 + 3 * n)];
    case 'N_QUARTERS_AGO':
      return [month(y, q0 - 3 * n), month(y, q0 - 3 * n + 3)];
    case 'THIS_YEAR':
    case 'THIS_FISCAL_YEAR':
      return [month(y, 0), month(y + 1, 0)];
    case 'LAST_YEAR':
    case 'LAST_FISCAL_YEAR':
      return [month(y - 1, 0), month(y, 0)];
    case 'NEXT_YEAR':
    case 'NEXT_FISCAL_YEAR':
      return [month(y + 1, 0), month(y + 2, 0)];
    case 'LAST_N_YEARS':
    case 'LAST_N_FISCAL_YEARS':
      return [month(y - n, 0), month(y, 0)];
    case 'NEXT_N_YEARS':
    case 'NEXT_N_FISCAL_YEARS':
      return [month(y + 1, 0), month(y + 1 + n, 0)];
    case 'N_YEARS_AGO':
    case 'N_FISCAL_YEARS_AGO':
      return [month(y - n, 0), month(y - n + 1, 0)];
    case 'THIS_FISCAL_QUARTER':
      return [month(y, q0), month(y, q0 + 3)];
    case 'LAST_FISCAL_QUARTER':
      return [month(y, q0 - 3), month(y, q0)];
    case 'NEXT_FISCAL_QUARTER':
      return [month(y, q0 + 3), month(y, q0 + 6)];
    default:
      throw new SoqlError(`Unsupported date literal ${name}`);
  }
}

function compareDateLiteral(ctx: Ctx, left: Value, op: string, lit: { name: string; n: number }): boolean {
  if (left === null) return op === '!=' || op === '<>';
  const name = lit.name.replace(/_N$/, '');
  const [start, end] = dateRange(ctx.now, name, lit.n);
  let t: number;
  if (left instanceof ApexDatetime) t = left.ms;
  else if (left instanceof ApexDate) t = dateToEpochDay(left) * 86400000;
  else return false;
  switch (op) {
    case '=':
      return t >= start && t < end;
    case '!=':
    case '<>':
      return !(t >= start && t < end);
    case '<':
      return t < start;
    case '<=':
      return t < end;
    case '>':
      return t >= end;
    case '>=':
      return t >= start;
    case 'IN':
      return t >= start && t < end;
    default:
      return false;
  }
}

function aggregate(ctx: Ctx, obj: SObjectDescribe, rows: StoredRecord[], q: SoqlQuery): QueryResult {
  const norm = (p: string[]) => normalizePath(obj, q.alias, p);
  const groups = new Map<string, StoredRecord[]>();
  const groupKeys = new Map<string, Value[]>();
  for (const r of rows) {
    const vals = q.groupBy.map((p) => readPath(ctx, obj, r, norm(p)).value);
    const key = JSON.stringify(vals.map((v) => (typeof v === 'string' ? v.toLowerCase() : stringOf(v))));
    if (!groups.has(key)) {
      groups.set(key, []);
      groupKeys.set(key, vals);
    }
    groups.get(key)!.push(r);
  }
  if (q.groupBy.length === 0 && groups.size === 0) {
    groups.set('[]', []);
    groupKeys.set('[]', []);
  }
  const out: SObjectRecord[] = [];
  for (const [key, members] of groups) {
    const rec = new SObjectRecord('AggregateResult');
    let exprN = 0;
    for (const item of q.select) {
      if (item.kind === 'field') {
        const p = norm(item.path);
        const gi = q.groupBy.findIndex((g) => norm(g).join('.').toLowerCase() === p.join('.').toLowerCase());
        const v = gi >= 0 ? groupKeys.get(key)![gi]! : members[0] ? readPath(ctx, obj, members[0], p).value : null;
        const name = item.alias ?? p[p.length - 1]!;
        rec.set(name, v ?? null, name);
      } else if (item.kind === 'agg') {
        const name = item.alias ?? `expr${exprN++}`;
        const vals = item.path
          ? members.map((m) => readPath(ctx, obj, m, norm(item.path!)).value).filter((v) => v !== null)
          : members.map(() => 1 as Value);
        rec.set(name, aggregateValue(item.fn, vals), name);
      }
    }
    (rec as any).__members = members;
    out.push(rec);
  }
  let result = out;
  if (q.having) {
    const having = q.having;
    result = result.filter((rec) => evalHaving(ctx, obj, rec, having, q));
  }
  if (q.orderBy.length) {
    result.sort((a, b) => {
      for (const o of q.orderBy) {
        const x = havingValue(ctx, obj, a, o.fn, o.path, q);
        const y = havingValue(ctx, obj, b, o.fn, o.path, q);
        if (x === null && y === null) continue;
        if (x === null) return o.nullsLast ? 1 : -1;
        if (y === null) return o.nullsLast ? -1 : 1;
        const c = soqlCompare(x, y) || 0;
        if (c) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  result = applyLimit(ctx, result, q);
  for (const r of result) delete (r as any).__members;
  return { kind: 'aggregate', records: result, rows: result.length };
}

function aggregateValue(fn: string, vals: Value[]): Value {
  switch (fn) {
    case 'COUNT':
      return vals.length;
    case 'COUNT_DISTINCT':
      return new Set(vals.map((v) => (typeof v === 'string' ? v.toLowerCase() : stringOf(v)))).size;
    case 'SUM': {
      if (!vals.length) return null;
      let acc: ApexDecimal | null = null;
      for (const v of vals) {
        const d = toDecimal(v);
        if (!d) continue;
        if (!acc) acc = d;
        else {
          const s = Math.max(acc.scale, d.scale);
          acc = new ApexDecimal(
            acc.unscaled * 10n ** BigInt(s - acc.scale) + d.unscaled * 10n ** BigInt(s - d.scale),
            s,
          );
        }
      }
      return acc;
    }
    case 'AVG': {
      if (!vals.length) return null;
      const nums = vals.map((v) => toDecimal(v)).filter((d): d is ApexDecimal => !!d);
      const sum = nums.reduce((a, d) => a + Number(d.unscaled) / 10 ** d.scale, 0);
      return decimalFromString(String(sum / nums.length));
    }
    case 'MAX':
    case 'MIN': {
      if (!vals.length) return null;
      let best: Value = vals[0] ?? null;
      for (const v of vals.slice(1)) {
        const str = typeof v === 'string' || typeof best === 'string';
        const dv = str ? null : toDecimal(v);
        const db = str ? null : toDecimal(best);
        const c = dv && db ? compareDecimal(dv, db) : soqlCompare(v, best as Value);
        if ((fn === 'MAX' && c > 0) || (fn === 'MIN' && c < 0)) best = v;
      }
      return best;
    }
    default:
      throw new SoqlError(`Unsupported aggregate ${fn}`);
  }
}

function havingValue(
  ctx: Ctx,
  obj: SObjectDescribe,
  rec: SObjectRecord,
  fn: string | undefined,
  path: string[],
  q: SoqlQuery,
): Value {
  if (!fn) return rec.get(path[path.length - 1]!);
  const members: StoredRecord[] = (rec as any).__members ?? [];
  const norm = normalizePath(obj, q.alias, path);
  const vals = path.length
    ? members.map((m) => readPath(ctx, obj, m, norm).value).filter((v) => v !== null)
    : members.map(() => 1 as Value);
  return aggregateValue(fn, vals);
}

function evalHaving(ctx: Ctx, obj: SObjectDescribe, rec: SObjectRecord, c: Cond, q: SoqlQuery): boolean {
  switch (c.kind) {
    case 'and':
      return c.items.every((x) => evalHaving(ctx, obj, rec, x, q));
    case 'or':
      return c.items.some((x) => evalHaving(ctx, obj, rec, x, q));
    case 'not':
      return !evalHaving(ctx, obj, rec, c.item, q);
    case 'cmp':
      return compare(ctx, havingValue(ctx, obj, rec, c.fn, c.path, q), undefined, c.op, c.value);
  }
}
