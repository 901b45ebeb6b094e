/**
 * A small evaluator for formula fields: arithmetic, comparison, &, &&, ||, and the common functions (IF, CASE, AND,
 * OR, NOT, ISPICKVAL, ISBLANK, ISNULL, BLANKVALUE, NULLVALUE, TEXT, VALUE, MAX, MIN, ABS, ROUND, FLOOR, CEILING, LEN,
 * UPPER, LOWER, TRIM, LEFT, RIGHT, CONTAINS, BEGINS, TODAY, NOW). Fields of the same record only. Unsupported
 * formulas evaluate to null (reported once in Schema.warnings by the caller).
 */
import { ApexDate, ApexDatetime, Value } from '../interpreter/values.js';
import { dateFromMs, decimalFromNumber, numericValue, setScale, stringOf } from './value-utils.js';
import type { FieldDescribe } from './schema.js';

type Node =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'field'; name: string }
  | { k: 'call'; fn: string; args: Node[] }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'neg'; e: Node };

function tokenize(src: string): string[] {
  const re =
    /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(&&|\|\||<>|!=|==|<=|>=|[-+*/^&=<>(),!]))/y;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  const s = src.replace(/\/\*[\s\S]*?\*\//g, ' ');
  while (re.lastIndex < s.length && (m = re.exec(s))) out.push(m[0].trim());
  if (s.slice(re.lastIndex).trim()) throw new Error(`formula: cannot read ${s.slice(re.lastIndex)}`);
  return out.filter((t) => t !== '');
}

const PREC: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '=': 3,
  '==': 3,
  '!=': 3,
  '<>': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '&': 5,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '^': 7,
};

export function parseFormula(src: string): Node {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++]!;
  const primary = (): Node => {
    const t = next();
    if (t === undefined) throw new Error('formula: unexpected end');
    if (t === '(') {
      const e = expr(0);
      if (next() !== ')') throw new Error('formula: ) expected');
      return e;
    }
    if (t === '-') return { k: 'neg', e: primary() };
    if (t === '+') return primary();
    if (t === '!') return { k: 'call', fn: 'NOT', args: [primary()] };
    if (/^\d/.test(t)) return { k: 'num', v: Number(t) };
    if (/^["']/.test(t)) return { k: 'str', v: t.slice(1, -1).replace(/\\(.)/g, '$1') };
    const up = t.toUpperCase();
    if (up === 'TRUE' || up === 'FALSE') return { k: 'bool', v: up === 'TRUE' };
    if (up === 'NULL') return { k: 'null' };
    if (peek() === '(') {
      next();
      const args: Node[] = [];
      if (peek() !== ')') {
        for (;;) {
          args.push(expr(0));
          if (peek() === ',') next();
          else break;
        }
      }
      if (next() !== ')') throw new Error('formula: ) expected');
      return { k: 'call', fn: up, args };
    }
    return { k: 'field', name: t };
  };
  const expr = (min: number): Node => {
    let l = primary();
    for (;;) {
      const op = peek();
      if (op === undefined || PREC[op] === undefined || PREC[op]! < min) return l;
      next();
      const r = expr(PREC[op]! + (op === '^' ? 0 : 1));
      l = { k: 'bin', op, l, r };
    }
  };
  const e = expr(0);
  if (i < toks.length) throw new Error(`formula: unexpected ${toks[i]}`);
  return e;
}

type V = number | string | boolean | null | ApexDate | ApexDatetime;

function toV(v: Value): V {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof ApexDate || v instanceof ApexDatetime) return v;
  const n = numericValue(v);
  return n === null ? stringOf(v) : n;
}

export function evaluateFormula(node: Node, read: (field: string) => Value, nowMs: number, blankAsZero: boolean): V {
  const ev = (n: Node): V => {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'str':
        return n.v;
      case 'bool':
        return n.v;
      case 'null':
        return null;
      case 'field': {
        const v = toV(read(n.name));
        return v;
      }
      case 'neg': {
        const v = ev(n.e);
        return typeof v === 'number' ? -v : null;
      }
      case 'bin': {
        const l = ev(n.l);
        const r = ev(n.r);
        switch (n.op) {
          case '&&':
            return !!l && !!r;
          case '||':
            return !!l || !!r;
          case '&':
            return (l === null ? '' : String(l)) + (r === null ? '' : String(r));
          case '=':
          case '==':
            return l === r || (l === null && r === '') || (l === '' && r === null);
          case '!=':
          case '<>':
            return !(l === r || (l === null && r === '') || (l === '' && r === null));
        }
        const ln = l === null ? (blankAsZero ? 0 : null) : l;
        const rn = r === null ? (blankAsZero ? 0 : null) : r;
        if (ln === null || rn === null) return null;
        switch (n.op) {
          case '+':
            return (ln as number) + (rn as number);
          case '-':
            return (ln as number) - (rn as number);
          case '*':
            return (ln as number) * (rn as number);
          case '/':
            return (rn as number) === 0 ? null : (ln as number) / (rn as number);
          case '^':
            return Math.pow(ln as number, rn as number);
          case '<':
            return ln < rn;
          case '>':
            return ln > rn;
          case '<=':
            return ln <= rn;
          case '>=':
            return ln >= rn;
        }
        return null;
      }
      case 'call': {
        const a = n.args;
        const num = (x: V) => (x === null ? 0 : typeof x === 'number' ? x : Number(x));
        switch (n.fn) {
          case 'IF':
            return ev(a[0]!) ? ev(a[1]!) : ev(a[2]!);
          case 'AND':
            return a.every((x) => !!ev(x));
          case 'OR':
            return a.some((x) => !!ev(x));
          case 'NOT':
            return !ev(a[0]!);
          case 'ISPICKVAL':
            return (ev(a[0]!) ?? '') === ev(a[1]!);
          case 'ISBLANK':
          case 'ISNULL': {
            const v = ev(a[0]!);
            return v === null || v === '';
          }
          case 'BLANKVALUE':
          case 'NULLVALUE': {
            const v = ev(a[0]!);
            return v === null || v === '' ? ev(a[1]!) : v;
          }
          case 'TEXT': {
            const v = ev(a[0]!);
            return v === null ? '' : typeof v === 'object' ? stringOf(v as Value) : String(v);
          }
          case 'VALUE':
            return Number(ev(a[0]!));
          case 'CASE': {
            const v = ev(a[0]!);
            for (let i = 1; i + 1 < a.length; i += 2) if (ev(a[i]!) === v) return ev(a[i + 1]!);
            return a.length % 2 === 0 ? ev(a[a.length - 1]!) : null;
          }
          case 'MAX':
            return Math.max(...a.map((x) => num(ev(x))));
          case 'MIN':
            return Math.min(...a.map((x) => num(ev(x))));
          case 'ABS':
            return Math.abs(num(ev(a[0]!)));
          case 'ROUND': {
            const f = 10 ** num(ev(a[1]!));
            const v = num(ev(a[0]!));
            return (Math.sign(v) * Math.round(Math.abs(v) * f)) / f;
          }
          case 'FLOOR':
            return Math.floor(num(ev(a[0]!)));
          case 'CEILING':
            return Math.ceil(num(ev(a[0]!)));
          case 'LEN':
            return String(ev(a[0]!) ?? '').length;
          case 'UPPER':
            return String(ev(a[0]!) ?? '').toUpperCase();
          case 'LOWER':
            return String(ev(a[0]!) ?? '').toLowerCase();
          case 'TRIM':
            return String(ev(a[0]!) ?? '').trim();
          case 'LEFT':
            return String(ev(a[0]!) ?? '').substring(0, num(ev(a[1]!)));
          case 'RIGHT': {
            const s = String(ev(a[0]!) ?? '');
            return s.substring(Math.max(0, s.length - num(ev(a[1]!))));
          }
          case 'CONTAINS':
            return String(ev(a[0]!) ?? '').includes(String(ev(a[1]!) ?? ''));
          case 'BEGINS':
            return String(ev(a[0]!) ?? '').startsWith(String(ev(a[1]!) ?? ''));
          case 'TODAY':
            return dateFromMs(nowMs);
          case 'NOW':
            return new ApexDatetime(nowMs);
          default:
            throw new Error(`formula function ${n.fn} is not supported`);
        }
      }
    }
  };
  return ev(node);
}

const cache = new Map<string, Node | null>();

/** Value of a formula field for a record (values by lower-case field name), converted to the field's type. */
export function formulaValue(f: FieldDescribe, values: Map<string, Value>, nowMs: number): Value {
  if (!f.formula) return null;
  let node = cache.get(f.formula);
  if (node === undefined) {
    try {
      node = parseFormula(f.formula);
    } catch {
      node = null;
    }
    cache.set(f.formula, node);
  }
  if (!node) return null;
  let v: V;
  try {
    v = evaluateFormula(node, (name) => values.get(name.toLowerCase()) ?? null, nowMs, f.formulaBlankAsZero ?? false);
  } catch {
    return null;
  }
  if (v === null) return null;
  switch (f.type) {
    case 'double':
    case 'currency':
    case 'percent':
      return typeof v === 'number' && Number.isFinite(v)
        ? setScale(decimalFromNumber(Number(v.toFixed(Math.min(f.scale + 6, 15)))), f.scale)
        : null;
    case 'boolean':
      return !!v;
    case 'date':
    case 'datetime':
      return typeof v === 'object' ? v : null;
    default:
      return typeof v === 'object' ? stringOf(v as Value) : String(v);
  }
}
