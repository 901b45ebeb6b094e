/**
 * SOQL compilation: apex-parser's `query` parse tree (inline SOQL) or a query string (dynamic SOQL, cached by
 * text) into the small query AST that soql.ts evaluates. Binds stay as parse-tree expressions, resolved at run time.
 */
import { ApexParserFactory, QueryContext, SubQueryContext } from '@apexdevtools/apex-parser';
import { Value } from '../interpreter/values.js';
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
  | { kind: 'bind'; expr: unknown; text: string }
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
    return { kind: 'bind', expr: be, text: sourceText(be.expression()) };
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
    return { kind: 'bind', expr: ctx.boundExpression(), text: sourceText(ctx.boundExpression().expression()) };
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

const textCache = new Map<string, SoqlQuery>();

/** Dynamic SOQL text → AST (cached). */
export function compileQueryText(soql: string): SoqlQuery {
  const cached = textCache.get(soql);
  if (cached) return cached;
  const errors: string[] = [];
  const listener = {
    syntaxError: (_r: unknown, _s: unknown, line: number, col: number, msg: string) =>
      errors.push(`line ${line}:${col} ${msg}`),
    apexSyntaxError: (line: number, col: number, msg: string) => errors.push(`line ${line}:${col} ${msg}`),
    reportAmbiguity() {},
    reportAttemptingFullContext() {},
    reportContextSensitivity() {},
  };
  const parser = ApexParserFactory.createParser(soql.trim());
  parser.removeErrorListeners();
  parser.addErrorListener(listener as any);
  const tree = parser.query();
  if (errors.length) throw new SoqlError(`unexpected token in query: ${soql.trim()} (${errors[0]})`);
  const q = compileQuery(tree);
  textCache.set(soql, q);
  return q;
}
