/**
 * SOQL compilation: apex-parser's `query` parse tree (inline SOQL) or a query string (dynamic SOQL, cached by
 * text) into the small query AST that soql.ts evaluates. Binds stay as parse-tree expressions, resolved at run time.
 */
import { threadId } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryContext, SubQueryContext } from '@apexdevtools/apex-parser';
import { apexParser, boundKey } from '../interpreter/loader.js';
import { ApexDate, ApexDatetime, ApexDecimal, Value } from '../interpreter/values.js';
import { decimalFromString, parseDateLiteral, parseDatetimeLiteral } from './value-utils.js';

export class SoqlError extends Error {
  constructor(
    message: string,
    readonly apexType = 'System.QueryException',
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// AST

export type ValueExpr =
  | { kind: 'lit'; value: Value }
  | { kind: 'list'; items: ValueExpr[] }
  /** expr: the parse tree (absent in a query read from the cache); key: where it starts (loader.ts boundKey) */
  | { kind: 'bind'; expr?: unknown; key?: string; text: string }
  | { kind: 'dateLit'; name: string; n: number }
  | { kind: 'semi'; query: SoqlQuery };

export type Cond =
  | { kind: 'and' | 'or'; items: Cond[] }
  | { kind: 'not'; item: Cond }
  | { kind: 'cmp'; path: string[]; fn?: string; op: string; value: ValueExpr };

export type SelectItem =
  | { kind: 'field'; path: string[]; fn?: string; alias?: string }
  | { kind: 'agg'; fn: string; path: string[] | null; alias?: string }
  | { kind: 'count' }
  | { kind: 'sub'; query: SoqlQuery };

export interface OrderItem {
  path: string[];
  fn?: string;
  desc: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  from: string;
  alias?: string;
  select: SelectItem[];
  where?: Cond;
  groupBy: string[][];
  having?: Cond;
  orderBy: OrderItem[];
  limit?: ValueExpr;
  offset?: ValueExpr;
  allRows: boolean;
  forUpdate: boolean;
  withMode?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Compilation from the parse tree

function ids(ctx: any): string[] {
  return ctx.soqlId_list().map((s: any) => s.getText());
}

function unquote(tok: string): string {
  const body = tok.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return c;
    }
  });
}

function sourceText(ctx: any): string {
  try {
    const input = ctx.start.getInputStream?.() ?? ctx.start.inputStream;
    if (input && ctx.stop)
      return input.getTextFromRange
        ? input.getTextFromRange(ctx.start.start, ctx.stop.stop)
        : input.getText(ctx.start.start, ctx.stop.stop);
  } catch {
    /* fall back */
  }
  return ctx.getText();
}

function compileValue(v: any): ValueExpr {
  if (v.boundExpression()) {
    const be = v.boundExpression();
    // The BoundExpressionContext itself: the interpreter lowers `be.expression()` (for a dotted expression, the
    // ExpressionContext's own expression() would be only its left-hand side).
    return { kind: 'bind', expr: be, key: boundKey(be), text: sourceText(be.expression()) };
  }
  if (v.NULL()) return { kind: 'lit', value: null };
  if (v.BooleanLiteral()) return { kind: 'lit', value: v.getText().toLowerCase() === 'true' };
  if (v.StringLiteral()) return { kind: 'lit', value: unquote(v.StringLiteral().getText()) };
  if (v.MultilineStringLiteral?.()) return { kind: 'lit', value: unquote(v.MultilineStringLiteral().getText()) };
  if (v.signedNumber()) {
    const t = v.signedNumber().getText();
    return { kind: 'lit', value: /[.eE]/.test(t) ? decimalFromString(t) : Number(t) };
  }
  if (v.IntegerLiteral?.() && !v.DOT?.()) return { kind: 'lit', value: Number(v.getText()) };
  if (v.DateLiteral()) return { kind: 'lit', value: parseDateLiteral(v.getText()) };
  if (v.DateTimeLiteral()) return { kind: 'lit', value: parseDatetimeLiteral(v.getText()) };
  if (v.dateFormula()) {
    const t: string = v.dateFormula().getText();
    const m = /^([A-Z_0-9]+?)(?::(-?\d+))?$/i.exec(t)!;
    let name = m[1]!.toUpperCase();
    if (name.endsWith('_N') && !m[2]) name = name;
    return { kind: 'dateLit', name: name.replace(/_N$/, '_N'), n: m[2] ? Number(m[2]) : 0 };
  }
  if (v.subQuery()) return { kind: 'semi', query: compileSub(v.subQuery()) };
  if (v.valueList()) return { kind: 'list', items: v.valueList().value_list().map(compileValue) };
  const t: string = v.getText();
  if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: 'lit', value: t.includes('.') ? decimalFromString(t) : Number(t) };
  throw new SoqlError(`Unsupported SOQL value: ${t}`);
}

function fnName(fn: any): string {
  return fn.getChild(0).getText().toUpperCase();
}

function fnField(fn: any): string[] | null {
  if (fn.fieldName()) return ids(fn.fieldName());
  if (fn.dateFieldName?.()) return ids(fn.dateFieldName().fieldName());
  if (fn.soqlFunction()) return fnField(fn.soqlFunction());
  return null;
}

function compileLogical(ctx: any): Cond {
  const parts: Cond[] = ctx.whereConditionalExpression_list?.()
    ? ctx.whereConditionalExpression_list().map(compileConditional)
    : ctx.conditionalExpression_list().map(compileConditional);
  if (ctx.NOT()) return { kind: 'not', item: parts[0]! };
  if (parts.length === 1) return parts[0]!;
  const isOr = (ctx.SOQLOR_list?.() ?? []).length > 0;
  return { kind: isOr ? 'or' : 'and', items: parts };
}

function compileConditional(ctx: any): Cond {
  const inner = ctx.whereLogicalExpression?.() ?? ctx.logicalExpression?.();
  if (inner) return compileLogical(inner);
  const fe = ctx.whereFieldExpression ? ctx.whereFieldExpression().fieldExpression() : ctx.fieldExpression();
  if (!fe) throw new SoqlError(`Unsupported SOQL condition: ${ctx.getText()}`);
  const op = fe.comparisonOperator().getText().toUpperCase().replace(/\s+/g, '');
  const value = compileValue(fe.value());
  if (fe.soqlFunction())
    return { kind: 'cmp', path: fnField(fe.soqlFunction()) ?? [], fn: fnName(fe.soqlFunction()), op, value };
  return { kind: 'cmp', path: ids(fe.fieldName()), op, value };
}

function compileSelectEntry(e: any): SelectItem {
  const alias = e.soqlId()?.getText();
  if (e.subQuery()) return { kind: 'sub', query: compileSub(e.subQuery()) };
  if (e.soqlFunction()) {
    const fn = fnName(e.soqlFunction());
    const path = fnField(e.soqlFunction());
    if (fn === 'COUNT' && !path) return alias ? { kind: 'agg', fn: 'COUNT', path: null, alias } : { kind: 'count' };
    if (['COUNT', 'COUNT_DISTINCT', 'SUM', 'MAX', 'MIN', 'AVG'].includes(fn)) return { kind: 'agg', fn, path, alias };
    if (fn === 'FIELDS')
      return { kind: 'field', path: ['*' + e.soqlFunction().soqlFieldsParameter().getText().toUpperCase()] };
    return { kind: 'field', path: path ?? [], fn, alias };
  }
  if (e.typeOf()) throw new SoqlError('TYPEOF is not supported by the local org');
  return { kind: 'field', path: ids(e.fieldName()), alias };
}

function compileOrder(ctx: any): OrderItem[] {
  if (!ctx) return [];
  return ctx
    .fieldOrderList()
    .fieldOrder_list()
    .map((o: any) => {
      const desc = !!o.DESC();
      const nullsLast = o.NULLS() ? !!o.LAST() : desc;
      if (o.soqlFunction())
        return { path: fnField(o.soqlFunction()) ?? [], fn: fnName(o.soqlFunction()), desc, nullsLast };
      return { path: ids(o.fieldName()), desc, nullsLast };
    });
}

function compileLimit(ctx: any): ValueExpr | undefined {
  if (!ctx) return undefined;
  if (ctx.boundExpression())
    return {
      kind: 'bind',
      expr: ctx.boundExpression(),
      key: boundKey(ctx.boundExpression()),
      text: sourceText(ctx.boundExpression().expression()),
    };
  return { kind: 'lit', value: Number(ctx.IntegerLiteral().getText()) };
}

function fromOf(ctx: any): { from: string; alias?: string } {
  const names = ctx.fieldName_list();
  const from = ids(names[0]).join('.');
  const aliases = ctx.soqlId_list?.() ?? [];
  return { from, alias: aliases[0]?.getText() };
}

function compileSub(ctx: SubQueryContext | any): SoqlQuery {
  const { from, alias } = fromOf(ctx.fromNameList());
  return {
    from,
    alias,
    select: ctx.subFieldList().subFieldEntry_list().map(compileSelectEntry),
    where: ctx.whereClause() ? compileLogical(ctx.whereClause().whereLogicalExpression()) : undefined,
    groupBy: [],
    orderBy: compileOrder(ctx.orderByClause()),
    limit: compileLimit(ctx.limitClause()),
    allRows: false,
    forUpdate: !!ctx.forClauses?.()?.UPDATE_list?.().length,
  };
}

export function compileQuery(ctx: QueryContext | any): SoqlQuery {
  const { from, alias } = fromOf(ctx.fromNameList());
  const w = ctx.withClause();
  const g = ctx.groupByClause();
  return {
    from,
    alias,
    select: ctx.selectList().selectEntry_list().map(compileSelectEntry),
    where: ctx.whereClause() ? compileLogical(ctx.whereClause().whereLogicalExpression()) : undefined,
    groupBy: g
      ? g
          .fieldGroupByList()
          .fieldGroupBy_list()
          .map((x: any) => (x.fieldName() ? ids(x.fieldName()) : (fnField(x.soqlFunction()) ?? [])))
      : [],
    having: g && g.logicalExpression() ? compileLogical(g.logicalExpression()) : undefined,
    orderBy: compileOrder(ctx.orderByClause()),
    limit: compileLimit(ctx.limitClause()),
    offset: compileLimit(ctx.offsetClause()),
    allRows: !!ctx.allRowsClause(),
    forUpdate: !!ctx.forClauses()?.UPDATE_list?.().length,
    withMode: w
      ? w.USER_MODE()
        ? 'USER_MODE'
        : w.SYSTEM_MODE()
          ? 'SYSTEM_MODE'
          : w.SECURITY_ENFORCED()
            ? 'SECURITY_ENFORCED'
            : undefined
      : undefined,
  };
}

/** Dynamic SOQL text → AST (cached in memory and on disk: binds of dynamic SOQL resolve by their text). */
export function compileQueryText(soql: string): SoqlQuery {
  return cachedCompile('dynamic\0' + soql, () => parseQueryText(soql));
}

function parseQueryText(soql: string): SoqlQuery {
  const errors: string[] = [];
  const listener = {
    syntaxError: (_r: unknown, _s: unknown, line: number, col: number, msg: string) =>
      errors.push(`line ${line}:${col} ${msg}`),
    apexSyntaxError: (line: number, col: number, msg: string) => errors.push(`line ${line}:${col} ${msg}`),
    reportAmbiguity() {},
    reportAttemptingFullContext() {},
    reportContextSensitivity() {},
  };
  const parser = apexParser().ApexParserFactory.createParser(soql.trim());
  parser.removeErrorListeners();
  parser.addErrorListener(listener as any);
  const tree = parser.query();
  if (errors.length) throw new SoqlError(`unexpected token in query: ${soql.trim()} (${errors[0]})`);
  return compileQuery(tree);
}

// Inline (`[SELECT ...]`) and dynamic queries are compiled once per process and cached on disk beside the loader's
// ASTs (same directory, same LOCAL_ORG_NO_CACHE switch), keyed by the query's text and this file's code: a warm
// run then parses no SOQL and never loads the ANTLR runtime. Binds of a cached query keep no parse tree: inline
// binds carry their key (the interpreter evaluates the expression it lowered with the query, ast.ts `binds`),
// dynamic binds resolve by their text.

const compiledCache = new Map<string, SoqlQuery>();
let soqlHash: string | null = null;

function compiledCacheFile(text: string): string | null {
  if (process.env.LOCAL_ORG_NO_CACHE) return null;
  if (soqlHash === null) {
    try {
      soqlHash = createHash('sha1').update(readFileSync(__filename)).digest('hex').slice(0, 12);
    } catch {
      soqlHash = 'unknown';
    }
  }
  const key = createHash('sha1').update(`soql-1\0${soqlHash}\0${text}`).digest('hex');
  return join(tmpdir(), 'local-org-ast-cache', `soql-${key}.json`);
}

function replacer(key: string, v: unknown): unknown {
  if (key === 'expr') return undefined;
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (v instanceof ApexDecimal) return { $d: [v.unscaled.toString(), v.scale] };
  if (v instanceof ApexDate) return { $date: [v.year, v.month, v.day] };
  if (v instanceof ApexDatetime) return { $dt: v.ms };
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype)
    throw new TypeError('not cacheable');
  return v;
}

function reviver(_key: string, v: any): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if ('$b' in v) return BigInt(v.$b);
    if ('$d' in v) return new ApexDecimal(BigInt(v.$d[0]), v.$d[1]);
    if ('$date' in v) return new ApexDate(v.$date[0], v.$date[1], v.$date[2]);
    if ('$dt' in v) return new ApexDatetime(v.$dt);
  }
  return v;
}

/** An inline query, compiled from its source text through the caches, or from its parse tree. */
export function compileInlineQuery(q: { q?: string; ctx: QueryContext }): SoqlQuery {
  const text = q.q;
  if (!text) return compileQuery(q.ctx);
  return cachedCompile('inline\0' + text, () => compileQuery(q.ctx));
}

/** `compile()` of a query text, cached in memory and on disk; a failed compile (SoqlError) is not cached. */
function cachedCompile(text: string, compile: () => SoqlQuery): SoqlQuery {
  const known = compiledCache.get(text);
  if (known) return known;
  const file = compiledCacheFile(text);
  if (file && existsSync(file)) {
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8'), reviver) as SoqlQuery;
      compiledCache.set(text, cached);
      return cached;
    } catch {
      /* re-compile */
    }
  }
  const compiled = compile();
  compiledCache.set(text, compiled);
  if (file) {
    try {
      const json = JSON.stringify(compiled, replacer);
      mkdirSync(join(tmpdir(), 'local-org-ast-cache'), { recursive: true });
      const tmp = `${file}.${process.pid}.${threadId}.tmp`;
      writeFileSync(tmp, json);
      renameSync(tmp, file);
    } catch {
      /* best effort (a value the cache cannot hold is compiled again next run) */
    }
  }
  return compiled;
}
