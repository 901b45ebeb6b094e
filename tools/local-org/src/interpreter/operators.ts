/**
 * Operators: binary expressions (arithmetic with numeric promotion Integer < Long < Double < Decimal, bitwise and
 * shift operators, string concatenation), `==` / `===`, relational comparison and value equality.
 */
import type { Expr } from './ast.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDecimal,
  ApexDouble,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexTime,
  ApexType,
  NativeObject,
  SObjectRecord,
  typeRefToString,
  type Value,
} from './values.js';
import { CPU_COST_MICROS } from './governor.js';
import * as N from './numbers.js';
import { ClassModel, stringCollator } from './class-model.js';

export abstract class Operators extends ClassModel {
  // ---- operators

  protected evalBin(op: string, le: Expr, re: Expr): Value {
    if (op === '&&') return this.truthy(this.eval(le)) && this.truthy(this.eval(re));
    if (op === '||') return this.truthy(this.eval(le)) || this.truthy(this.eval(re));
    if (op === '??') {
      const l = this.eval(le);
      return l !== null ? l : this.eval(re);
    }
    const l = this.eval(le);
    const r = this.eval(re);
    switch (op) {
      case '+':
        if (typeof l === 'string' || typeof r === 'string') {
          const joined = this.toApexString(l) + this.toApexString(r);
          // building a long string copies it: CPU grows with its length (governor.ts)
          if (joined.length > 1000) this.chargeCpu(joined.length * CPU_COST_MICROS.stringChar);
          return joined;
        }
        if (l === null || r === null) this.npe();
        return this.arith('+', l, r);
      case '-':
      case '*':
      case '/':
        if (l === null || r === null) this.npe();
        return this.arith(op, l, r);
      case '==':
        return this.equalsValue(l, r);
      case '!=':
      case '<>':
        return !this.equalsValue(l, r);
      case '===':
        return this.identical(l, r);
      case '!==':
        return !this.identical(l, r);
      case '<':
      case '>':
      case '<=':
      case '>=': {
        if (l === null || r === null) {
          // Apex Developer Guide › Expression Operators: "A non-null String or ID value is always greater than a
          // null value"; with null Integers, Doubles, Dates or Datetimes the expression is false.
          const other = l === null ? r : l;
          if (typeof other !== 'string') return false;
          const c = l === null ? -1 : 1;
          return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
        }
        const c = this.compare(l, r);
        return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
      }
      case '&':
      case '|':
      case '^':
        return this.bitOp(op, l, r);
      case '<<':
      case '>>':
      case '>>>':
        return this.shift(op, l, r);
    }
    return this.unsupported(`operator ${op}`);
  }

  private identical(l: Value, r: Value): boolean {
    if (l === null || r === null) return l === r;
    if (typeof l !== 'object' || typeof r !== 'object') return this.equalsValue(l, r);
    return l === r;
  }

  protected bitOp(op: string, l: Value, r: Value): Value {
    if (typeof l === 'boolean' && typeof r === 'boolean') return op === '&' ? l && r : op === '|' ? l || r : l !== r;
    if (l === null || r === null) this.npe();
    if (typeof l === 'bigint' || typeof r === 'bigint') {
      const a = BigInt(l as any),
        b = BigInt(r as any);
      return N.wrapLong(op === '&' ? a & b : op === '|' ? a | b : a ^ b);
    }
    const a = l as number,
      b = r as number;
    return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  }

  protected shift(op: string, l: Value, r: Value): Value {
    if (l === null || r === null) this.npe();
    if (typeof l === 'bigint') {
      const s = BigInt(Number(r) & 63);
      if (op === '<<') return N.wrapLong(l << s);
      if (op === '>>') return l >> s;
      return BigInt.asIntN(64, BigInt.asUintN(64, l) >> s);
    }
    const a = l as number,
      s = Number(r) & 31;
    return op === '<<' ? a << s : op === '>>' ? a >> s : (a >>> s) | 0;
  }

  private numRank(v: Value): number {
    if (typeof v === 'number') return 1;
    if (typeof v === 'bigint') return 2;
    // Apex Developer Guide › Rules of Conversion: Integer < Long < Double < Decimal
    if (v instanceof ApexDouble) return 3;
    if (v instanceof ApexDecimal) return 4;
    return 0;
  }

  private toDec(v: Value): ApexDecimal {
    if (typeof v === 'number' || typeof v === 'bigint') return N.decFromInt(v);
    if (v instanceof ApexDecimal) return v;
    if (v instanceof ApexDouble) return N.decFromDouble(v.v);
    return this.unsupported('numeric conversion');
  }
  toNum(v: Value): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof ApexDecimal) return N.decToNumber(v);
    if (v instanceof ApexDouble) return v.v;
    return this.unsupported(`numeric value of ${this.typeNameOf(v)}`);
  }

  arith(op: string, l: Value, r: Value): Value {
    // Date/Datetime arithmetic
    if (l instanceof ApexDate && typeof r === 'number') {
      const ms = Date.UTC(l.year, l.month - 1, l.day) + (op === '+' ? r : -r) * 86400000;
      const d = new Date(ms);
      return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    if (l instanceof ApexDatetime && (typeof r === 'number' || r instanceof ApexDecimal || r instanceof ApexDouble)) {
      const days = this.toNum(r);
      return new ApexDatetime(l.ms + Math.round((op === '+' ? days : -days) * 86400000));
    }
    const rank = Math.max(this.numRank(l), this.numRank(r));
    if (!this.numRank(l) || !this.numRank(r))
      this.unsupported(`arithmetic ${this.typeNameOf(l)} ${op} ${this.typeNameOf(r)}`);
    switch (rank) {
      case 1: {
        const a = l as number,
          b = r as number;
        switch (op) {
          case '+':
            return (a + b) | 0;
          case '-':
            return (a - b) | 0;
          case '*':
            return Math.imul(a, b);
          case '/':
            if (b === 0) this.throwApex('System.MathException', 'Divide by 0');
            return (a / b) | 0;
        }
        break;
      }
      case 2: {
        const a = BigInt(l as any),
          b = BigInt(r as any);
        switch (op) {
          case '+':
            return N.wrapLong(a + b);
          case '-':
            return N.wrapLong(a - b);
          case '*':
            return N.wrapLong(a * b);
          case '/':
            if (b === 0n) this.throwApex('System.MathException', 'Divide by 0');
            return N.wrapLong(a / b);
        }
        break;
      }
      case 4: {
        const a = this.toDec(l),
          b = this.toDec(r);
        switch (op) {
          case '+':
            return N.decAdd(a, b);
          case '-':
            return N.decSub(a, b);
          case '*':
            return N.decMul(a, b);
          case '/':
            if (b.unscaled === 0n) this.throwApex('System.MathException', 'Divide by 0');
            return N.decDiv(a, b);
        }
        break;
      }
      case 3: {
        const a = this.toNum(l),
          b = this.toNum(r);
        switch (op) {
          case '+':
            return new ApexDouble(a + b);
          case '-':
            return new ApexDouble(a - b);
          case '*':
            return new ApexDouble(a * b);
          case '/':
            if (b === 0) this.throwApex('System.MathException', 'Divide by 0');
            return new ApexDouble(a / b);
        }
      }
    }
    return this.unsupported(`operator ${op}`);
  }

  numCmp(l: Value, r: Value): number {
    const rank = Math.max(this.numRank(l), this.numRank(r));
    if (rank <= 2) {
      const a = BigInt(l as any),
        b = BigInt(r as any);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    if (rank === 4) return N.decCmp(this.toDec(l), this.toDec(r));
    const a = this.toNum(l),
      b = this.toNum(r);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  compare(l: Value, r: Value): number {
    if (this.numRank(l) && this.numRank(r)) return this.numCmp(l, r);
    if (typeof l === 'string' && typeof r === 'string') {
      // case-insensitive, locale-aware (en_US) like the platform's collator
      return stringCollator.compare(l, r);
    }
    if (l instanceof ApexDate && r instanceof ApexDate)
      return Date.UTC(l.year, l.month - 1, l.day) - Date.UTC(r.year, r.month - 1, r.day);
    if (l instanceof ApexDatetime && r instanceof ApexDatetime) return l.ms - r.ms;
    if (l instanceof ApexTime && r instanceof ApexTime) return l.ms - r.ms;
    return this.unsupported(`comparison ${this.typeNameOf(l)} with ${this.typeNameOf(r)}`);
  }

  /** Apex `==` */
  equalsValue(l: Value, r: Value): boolean {
    if (l === null || r === null) return l === r;
    if (typeof l === 'string' && typeof r === 'string') return l === r || l.toLowerCase() === r.toLowerCase();
    if (this.numRank(l) && this.numRank(r)) return this.numCmp(l, r) === 0;
    if (typeof l === 'boolean' || typeof r === 'boolean') return l === r;
    if (l instanceof ApexDate && r instanceof ApexDate)
      return l.year === r.year && l.month === r.month && l.day === r.day;
    if (l instanceof ApexDatetime && r instanceof ApexDatetime) return l.ms === r.ms;
    if (l instanceof ApexTime && r instanceof ApexTime) return l.ms === r.ms;
    if (l instanceof ApexBlob && r instanceof ApexBlob) return l.bytes.equals(r.bytes);
    if (l instanceof ApexList && r instanceof ApexList)
      return l.items.length === r.items.length && l.items.every((x, i) => this.equalsValue(x, r.items[i]));
    if (l instanceof ApexSet && r instanceof ApexSet)
      return l.map.size === r.map.size && [...l.map.keys()].every((k) => r.map.has(k));
    if (l instanceof ApexMap && r instanceof ApexMap)
      return (
        l.map.size === r.map.size &&
        [...l.map].every(([k, v]) => r.map.has(k) && this.equalsValue(v[1], r.map.get(k)![1]))
      );
    if (l instanceof SObjectRecord && r instanceof SObjectRecord) {
      if (l.typeName !== r.typeName || l.fields.size !== r.fields.size) return false;
      for (const [k, f] of l.fields)
        if (!r.fields.has(k) || !this.equalsValue(f.value, r.fields.get(k)!.value)) return false;
      return true;
    }
    if (l instanceof ApexObject) {
      const m = this.findMethodIn(l.cls, 'equals', [r], false);
      if (m) return this.invoke(m, l, [r]) === true;
      return l === r;
    }
    if (l instanceof ApexType && r instanceof ApexType)
      return typeRefToString(l.ref).toLowerCase() === typeRefToString(r.ref).toLowerCase();
    if (l instanceof NativeObject && r instanceof NativeObject) {
      const def = this.natives.get(l.typeName.toLowerCase());
      const x = def?.callInstance?.(l, 'equals', [r], this, this.site());
      if (typeof x === 'boolean') return x;
    }
    return l === r;
  }
}
