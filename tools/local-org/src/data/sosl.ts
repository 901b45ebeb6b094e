/**
 * SOSL in tests (Apex Developer Guide › Adding SOSL Queries to Unit Tests): "SOSL queries return empty results
 * in test methods unless Test.setFixedSearchResults() defines the records to return". With fixed results, each
 * RETURNING clause returns the fixed records of its object that match its WHERE / ORDER BY / LIMIT, with the
 * fields it lists; the search term and the search group (ALL / NAME / EMAIL / PHONE FIELDS) are not applied, as on
 * the platform. Outside tests there is no search index: SOSL is `unsupported`.
 */
import { ApexList, ApexMap, Value, typeRef } from '../interpreter/values.js';
import { compileQueryText, SoqlError } from './soql.js';
import { newMap } from './helpers.js';
import type { Runtime } from '../interpreter/services.js';
import type { Schema } from './schema.js';
import type { SoqlQuery } from './soql.js';

/** What SOSL needs of the org's services (implemented by LocalDataServices, services-impl.ts). */
export interface SoslHost {
  readonly schema: Schema;
  rt: Runtime;
  runQuery(q: SoqlQuery, bind: (b: { expr?: unknown; key?: string; text: string }) => Value, userMode?: boolean): Value;
  dynamicBinder(bindMap: ApexMap | null): (b: { expr?: unknown; key?: string; text: string }) => Value;
}

interface Returning {
  object: string;
  body: string | null;
}

/** The source text of a parse-tree node (ANTLR token char indexes into the input stream). */
export function nodeText(ctx: any): string {
  const input = ctx?.start?.getInputStream?.() ?? ctx?.parser?._input?.tokenSource?._input;
  if (input && typeof input.getText === 'function' && ctx.start && ctx.stop)
    return String(input.getText(ctx.start.start, ctx.stop.stop));
  return String(ctx?.getText?.() ?? '');
}

/** Split the RETURNING clause `Account(Name WHERE ...), Contact` into its object specs. */
export function parseReturning(sosl: string): Returning[] {
  const m = /\bRETURNING\b/i.exec(sosl);
  if (!m) return [];
  let rest = sosl.slice(m.index + m[0].length);
  // the RETURNING list ends at the next top-level clause
  const out: Returning[] = [];
  let i = 0;
  const n = rest.length;
  rest = rest.replace(/\]\s*$/, '');
  while (i < rest.length) {
    while (i < n && /[\s,]/.test(rest[i]!)) i++;
    const nm = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest.slice(i));
    if (!nm) break;
    const object = nm[0];
    if (/^(WITH|LIMIT|UPDATE|OFFSET|IN)$/i.test(object)) break;
    i += object.length;
    while (i < rest.length && /\s/.test(rest[i]!)) i++;
    let body: string | null = null;
    if (rest[i] === '(') {
      let depth = 0;
      const start = i + 1;
      for (; i < rest.length; i++) {
        if (rest[i] === '(') depth++;
        else if (rest[i] === ')' && --depth === 0) break;
      }
      body = rest.slice(start, i).trim();
      i++;
    }
    out.push({ object, body });
  }
  return out;
}

export function runSosl(svc: SoslHost, ctx: unknown): Value {
  const rt = svc.rt as any;
  const fixed: string[] | undefined = rt.state?.fixedSearchResults;
  if (!rt.isRunningTest) return rt.unsupported('SOSL outside a test (no search index in the local org)');
  const text = nodeText(ctx);
  const specs = parseReturning(text);
  if (!specs.length) return rt.unsupported('SOSL without a RETURNING clause');
  const lists: Value[] = [];
  for (const spec of specs) {
    const obj = svc.schema.get(spec.object);
    if (!obj) rt.throwApex('System.QueryException', `sObject type '${spec.object}' is not supported.`);
    const ids = (fixed ?? []).filter((id) => svc.schema.objectOfId(id)?.name === obj!.name);
    if (!ids.length) {
      lists.push(rt.newList(typeRef(obj!.name), []));
      continue;
    }
    let fields = 'Id';
    let tail = '';
    if (spec.body) {
      const kw = /\b(WHERE|ORDER\s+BY|LIMIT|OFFSET|USING)\b/i.exec(spec.body);
      fields = (kw ? spec.body.slice(0, kw.index) : spec.body).trim() || 'Id';
      tail = kw ? spec.body.slice(kw.index) : '';
    }
    if (/:/.test(tail)) return rt.unsupported('bind variables in a SOSL RETURNING clause');
    const where = /^\s*WHERE\s+([\s\S]*?)(?=\bORDER\s+BY\b|\bLIMIT\b|\bOFFSET\b|$)/i.exec(tail);
    const after = where ? tail.slice(where[0].length) : tail;
    const soql =
      `SELECT ${fields} FROM ${obj!.name} WHERE Id IN :searchIds` +
      (where ? ` AND (${where[1]!.trim()})` : '') +
      (after.trim() ? ` ${after.trim()}` : '');
    let q;
    try {
      q = compileQueryText(soql);
    } catch (e) {
      if (e instanceof SoqlError) rt.throwApex('System.QueryException', e.message);
      throw e;
    }
    const binds: ApexMap = newMap(svc.rt, typeRef('String'), typeRef('Object'), [
      ['searchIds', rt.newList(typeRef('Id'), ids)],
    ]);
    const res = svc.runQuery(q, svc.dynamicBinder(binds));
    rt.limits.soqlQueries -= 1; // a SOSL statement counts against the SOSL limit, not the SOQL one
    lists.push(res instanceof ApexList ? new ApexList(typeRef(obj!.name), res.items) : res);
  }
  rt.limits.soslQueries = (rt.limits.soslQueries ?? 0) + 1;
  return rt.newList(typeRef('List', typeRef('SObject')), lists);
}
