/**
 * Expressions: evaluation of the AST's expressions, names (locals → instance members → statics → types), casts,
 * static and instance member reads and writes (properties with accessors), SObject fields, assignment targets.
 */
import type { ClassDecl, Expr, PropDecl, Stmt } from './ast.js';
import { NOT_HANDLED } from './services.js';
import {
  ApexDecimal,
  ApexDouble,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexType,
  EnumValue,
  NativeObject,
  SObjectRecord,
  typeRef,
  typeRefToString,
  lower,
  type TypeRef,
  type Value,
} from './values.js';
import { Lowerer, boundExpressionAt } from './loader.js';
import { CPU_COST_MICROS } from './governor.js';
import * as N from './numbers.js';
import { Statements } from './statements.js';
import { RtClass, StaticRef, singleRef } from './class-model.js';

/** the operator of a compound assignment (`+=` → `+`) */
const COMPOUND_OPS: Record<string, string> = {
  '+=': '+',
  '-=': '-',
  '*=': '*',
  '/=': '/',
  '&=': '&',
  '|=': '|',
  '^=': '^',
  '<<=': '<<',
  '>>=': '>>',
  '>>>=': '>>>',
};

type InstanceMember = { kind: 'field' | 'prop'; prop?: PropDecl; owner: ClassDecl };
type StaticMember = { owner: ClassDecl; prop?: PropDecl };

/** lookups remembered per class declaration (declarations never change once loaded) */
interface ClassMemo {
  instance: Map<string, InstanceMember | null>;
  statics: Map<string, StaticMember | null>;
}
function memoOf(cls: ClassDecl): ClassMemo {
  const c = cls as ClassDecl & { _memo?: ClassMemo };
  return (c._memo ??= { instance: new Map(), statics: new Map() });
}

export abstract class Expressions extends Statements {
  // ------------------------------------------------------------------ expressions

  eval(e: Expr): Value {
    // the most frequent expressions first; the rest in evalOther (a smaller function optimises better)
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'name': {
        const v = this.evalTarget(e);
        if (v instanceof StaticRef) this.unsupported(`unknown variable ${e.name}`);
        return v;
      }
      case 'this': {
        const self = this.top().self;
        if (!self) this.unsupported('this in a static context');
        return self;
      }
      case 'dot': {
        const obj = this.evalTarget(e.obj);
        if (obj instanceof StaticRef) {
          const r = this.staticGet(obj, e.name);
          if (r instanceof StaticRef) this.unsupported(`unknown name ${r.name}`);
          return r;
        }
        if (obj === null) {
          // Apex Developer Guide › Safe Navigation Operator: `a?.b.c` is null when a is null (the rest of the chain
          // is skipped); SOQL and sObjects › a field read through a null relationship (`c.Account.Name`) is null
          if (e.safe || (this.nullChain !== null && this.nullChain === e.obj)) {
            this.nullChain = e;
            return null;
          }
          this.npe();
        }
        const v = this.getMember(obj, e.name, (e.lc ??= lower(e.name)));
        if (v === null && obj instanceof SObjectRecord) this.nullChain = e;
        return v;
      }
      case 'call':
        return this.evalCall(e);
      case 'bin':
        return this.evalBin(e.op, e.l, e.r);
    }
    return this.evalOther(e);
  }

  private evalOther(e: Expr): Value {
    switch (e.k) {
      case 'ctorCall':
        return this.evalCtorCall(e);
      case 'index': {
        const obj = this.eval(e.obj);
        const idx = this.eval(e.idx);
        if (obj === null) this.npe();
        if (obj instanceof ApexList) return this.listGet(obj, idx);
        if (obj instanceof ApexMap) return obj.map.get(this.mapKeyOf(obj, idx))?.[1] ?? null;
        return this.unsupported(`index into ${this.typeNameOf(obj)}`);
      }
      case 'new':
        return this.evalNew(e.type, e.args);
      case 'newArray': {
        const elem = e.type.args[0];
        if (e.size) {
          const n = this.eval(e.size);
          if (typeof n !== 'number') this.npe();
          return new ApexList(elem, new Array(n).fill(null));
        }
        return new ApexList(
          elem,
          e.init!.map((x) => this.coerce(this.eval(x), elem)),
        );
      }
      case 'newColl': {
        const base = e.type.name.toLowerCase();
        const items = e.items.map((x) => this.eval(x));
        if (base === 'list' || base === 'system.list')
          return new ApexList(
            e.type.args[0],
            items.map((x) => this.coerce(x, e.type.args[0])),
          );
        if (base === 'set' || base === 'system.set') {
          const s = new ApexSet(e.type.args[0]);
          for (const it of items) s.map.set(this.keyOf(it), this.coerce(it, e.type.args[0]));
          return s;
        }
        if (base === 'map' || base === 'system.map') return new ApexMap(e.type.args[0], e.type.args[1]);
        return this.unsupported(`initializer for ${e.type.name}`);
      }
      case 'newMap': {
        const m = new ApexMap(e.type.args[0], e.type.args[1]);
        for (const [k, v] of e.pairs) {
          const kv = this.coerce(this.eval(k), m.keyType);
          m.map.set(this.keyOf(kv), [kv, this.coerce(this.eval(v), m.valType)]);
        }
        return m;
      }
      case 'cast':
        return this.evalCast(e.type, this.eval(e.e));
      case 'unary': {
        const v = this.eval(e.e);
        if (e.op === '!') return !this.truthy(v);
        if (v === null) this.npe();
        if (e.op === '+') return v;
        if (e.op === '-') return this.arith('-', 0, v);
        if (e.op === '~') {
          if (typeof v === 'number') return ~v;
          if (typeof v === 'bigint') return N.wrapLong(~v);
        }
        return this.unsupported(`unary ${e.op}`);
      }
      case 'incdec': {
        const old = this.eval(e.e);
        if (old === null) this.npe();
        const nv = this.arith(e.op === '++' ? '+' : '-', old, 1);
        this.assignTo(e.e, nv);
        return e.post ? old : nv;
      }
      case 'cond':
        return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'instanceof':
        return this.isInstanceOf(this.eval(e.e), e.type.name, this.top().cls, e.type);
      case 'assign': {
        if (e.op === '=') {
          const v = this.eval(e.value);
          return this.assignTo(e.target, v);
        }
        const old = this.eval(e.target);
        const rhs = this.eval(e.value);
        const op = COMPOUND_OPS[e.op] ?? e.op.slice(0, -1);
        let nv: Value;
        if (op === '+' && (typeof old === 'string' || typeof rhs === 'string')) {
          nv = this.toApexString(old) + this.toApexString(rhs);
          if (nv.length > 1000) this.chargeCpu(nv.length * CPU_COST_MICROS.stringChar);
        } else if (op === '&' || op === '|' || op === '^') nv = this.bitOp(op, old, rhs);
        else if (op === '<<' || op === '>>' || op === '>>>') nv = this.shift(op, old, rhs);
        else {
          if (old === null || rhs === null) this.npe();
          nv = this.arith(op, old, rhs);
        }
        return this.assignTo(e.target, nv);
      }
      case 'typeLit':
        return new ApexType(this.canonicalType(e.type));
      case 'super': {
        return this.top().self;
      }
      case 'soql': {
        const svc = this.requireServices('SOQL');
        const frameDepth = this.stack.length;
        return svc.query(e, (b) => this.evalQueryBind(e, b, frameDepth), this.site());
      }
      case 'sosl': {
        const svc = this.requireServices('SOSL');
        if (!svc.search) this.unsupported('SOSL');
        return svc.search(e.ctx, (expr: any) => this.evalBound(expr, this.stack.length), this.site());
      }
    }
    return this.unsupported(`expression ${e.k}`);
  }
  /** a bind of an inline query: the expression the loader lowered with the query, else from the parse tree */
  private evalQueryBind(
    e: Extract<Expr, { k: 'soql' }>,
    b: { expr?: unknown; key?: string; text: string },
    depth: number,
  ): Value {
    const lowered = b.key !== undefined ? e.binds?.[b.key] : undefined;
    if (lowered) return this.eval(lowered);
    return this.evalBound(b.expr ?? boundExpressionAt(e.ctx, b.key!), depth);
  }

  private evalBound(ctx: any, depth: number): Value {
    void depth; // kept for the data layer's calls (evalBound(ctx, 0))
    let ex = this.boundCache.get(ctx);
    if (!ex) {
      // lazily lower the bound expression (BoundExpressionContext or ExpressionContext)
      const lw = new Lowerer(this.top().cls.file);
      (lw as any).cls = this.top().cls;
      ex = lw.expr(typeof ctx.expression === 'function' && ctx.expression() ? ctx.expression() : ctx) as Expr;
      this.boundCache.set(ctx, ex);
    }
    return this.eval(ex);
  }

  protected evalCast(t: TypeRef, v: Value): Value {
    if (v === null) return null;
    const n = t.name.toLowerCase();
    if (n === 'decimal' || n === 'long' || n === 'double') {
      if (typeof v === 'number' || typeof v === 'bigint' || v instanceof ApexDecimal || v instanceof ApexDouble) {
        if (n === 'long' && v instanceof ApexDecimal) return N.wrapLong(N.decSetScale(v, 0, 'DOWN').unscaled);
        return this.coerce(v, t);
      }
    }
    if (n === 'integer' && typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
    if (n === 'integer' && v instanceof ApexDecimal)
      return Number(BigInt.asIntN(32, N.decSetScale(v, 0, 'DOWN').unscaled));
    if (n === 'id' && typeof v === 'string') return this.coerce(v, t);
    if (!this.isInstanceOf(v, t.name, this.top().cls, t)) {
      this.throwApex(
        'System.TypeException',
        // the platform names the target type canonically: `(DateTime) x` → "... to Datetime"
        `Invalid conversion from runtime type ${this.typeNameOf(v)} to ${typeRefToString(this.canonicalType(t))}`,
      );
    }
    return v;
  }

  // ---- names and members

  /** evaluates an expression that may denote a type/namespace (returns StaticRef) */
  evalTarget(e: Expr): Value | StaticRef {
    if (e.k === 'name') {
      const lc = (e.lc ??= lower(e.name));
      const f = this.top();
      const local = this.lookupVarIn(f, lc);
      if (local) return local.v;
      // instance field / property
      if (f.self) {
        if (f.accessor === lc) return f.self.fields.get(lc) ?? null;
        const r = this.findInstanceMember(f.self.cls, lc);
        if (r) return this.readInstanceMember(f.self, r, lc);
      }
      // static field / property of this class, its superclasses, outer classes
      const st = this.findStatic(f.cls, lc);
      if (st) {
        const rc = this.classOf(st.owner);
        if (f.accessor === lc && rc.decl === f.cls && !f.self) return rc.statics.get(lc) ?? null;
        return this.readStatic(rc, lc);
      }
      if (f.trigger === undefined && this.triggerStack.length && lc === 'trigger') return singleRef('Trigger');
      return singleRef(e.name);
    }
    if (e.k === 'dot') {
      const obj = this.evalTarget(e.obj);
      if (obj instanceof StaticRef) return this.staticGet(obj, e.name, true);
      if (obj === null) {
        if (e.safe || (this.nullChain !== null && this.nullChain === e.obj)) {
          this.nullChain = e;
          return null;
        }
        this.npe();
      }
      const v = this.getMember(obj, e.name, (e.lc ??= lower(e.name)));
      if (v === null && obj instanceof SObjectRecord) this.nullChain = e;
      return v;
    }
    return this.eval(e);
  }

  /** the instance field or property `lc` of cls or a superclass (remembered per class: declarations never change) */
  private findInstanceMember(cls: ClassDecl, lc: string): InstanceMember | null {
    const memo = memoOf(cls).instance;
    const hit = memo.get(lc);
    if (hit !== undefined) return hit;
    let r: InstanceMember | null = null;
    for (let c: ClassDecl | null = cls; c; c = this.superOf(c)) {
      const fd = c.fields.get(lc);
      if (fd && !fd.isStatic) {
        r = { kind: 'field', owner: c };
        break;
      }
      const pd = c.props.get(lc);
      if (pd && !pd.isStatic) {
        r = { kind: 'prop', prop: pd, owner: c };
        break;
      }
    }
    memo.set(lc, r);
    return r;
  }

  /** the class declaring the static field or property `lc` seen from cls: cls, its superclasses, its outer
   * classes and theirs (remembered per class); the caller initialises it with classOf */
  private findStatic(cls: ClassDecl, lc: string): StaticMember | null {
    const memo = memoOf(cls).statics;
    const hit = memo.get(lc);
    if (hit !== undefined) return hit;
    let r: StaticMember | null = null;
    search: for (let o: ClassDecl | null = cls; o; o = o.outer) {
      for (let c: ClassDecl | null = o; c; c = this.superOf(c)) {
        const fd = c.fields.get(lc);
        if (fd && fd.isStatic) {
          r = { owner: c };
          break search;
        }
        const pd = c.props.get(lc);
        if (pd && pd.isStatic) {
          r = { owner: c, prop: pd };
          break search;
        }
      }
    }
    memo.set(lc, r);
    return r;
  }

  private readInstanceMember(
    self: ApexObject,
    m: { kind: 'field' | 'prop'; prop?: PropDecl; owner: ClassDecl },
    lc: string,
  ): Value {
    if (m.kind === 'field' || !m.prop!.getter) return self.fields.get(lc) ?? null;
    const p = m.prop!;
    this.accessorFrame(m.owner, self, p, lc);
    try {
      return this.runFrameBody(p.getter as Stmt);
    } finally {
      this.stack.pop();
    }
  }

  /** pushes the frame of a property accessor (the caller pops it); its label is remembered on the property */
  private accessorFrame(owner: ClassDecl, self: ApexObject | null, p: PropDecl, lc: string): void {
    const label = ((p as PropDecl & { _label?: string })._label ??= `Class.${owner.fullName}.${p.name}`);
    this.pushFrame(owner, self, label, this.stack.length ? this.top().line : 0, lc);
  }

  private readStatic(rc: RtClass, lc: string): Value {
    const p = rc.decl.props.get(lc);
    if (p && p.isStatic && p.getter) {
      this.accessorFrame(rc.decl, null, p, lc);
      try {
        return this.runFrameBody(p.getter as Stmt);
      } finally {
        this.stack.pop();
      }
    }
    return rc.statics.get(lc) ?? null;
  }

  private writeStatic(rc: RtClass, lc: string, v: Value) {
    const p = rc.decl.props.get(lc);
    if (p && p.isStatic && p.setter) {
      this.accessorFrame(rc.decl, null, p, lc);
      try {
        this.declare('value', v, p.type);
        this.runFrameBody(p.setter as Stmt);
      } finally {
        this.stack.pop();
      }
      return;
    }
    const fd = rc.decl.fields.get(lc);
    rc.statics.set(lc, this.coerce(v, fd?.type ?? p?.type ?? null));
    this.noteStored(v);
  }

  /** X.name where X is a type or namespace */
  staticGet(ref: StaticRef, name: string, allowPartial = false): Value | StaticRef {
    const ctx = this.top().cls;
    const rt = this.resolveType(ref.name, ctx);
    if (rt) {
      if (rt.kind === 'class') {
        const d = rt.decl;
        const lc = name.toLowerCase();
        if (d.kind === 'enum') {
          const vals = this.enumValues(d);
          const ev = vals.find((x) => x.name.toLowerCase() === lc);
          if (ev) return ev;
        }
        const st = this.findStatic(d, lc);
        if (st) return this.readStatic(this.classOf(st.owner), lc);
        if (d.inner.has(lc)) return new StaticRef([...ref.parts, name]);
        return this.unsupported(`unknown static member ${d.fullName}.${name}`);
      }
      if (rt.kind === 'native') {
        const r = rt.def.getStatic?.(name, this, this.site());
        if (r !== undefined && r !== NOT_HANDLED) return r as Value;
        const sub = this.resolveType(ref.name + '.' + name, ctx);
        if (sub) return new StaticRef([...ref.parts, name]);
        return this.unsupported(`unknown static member ${rt.name}.${name}`);
      }
      if (rt.kind === 'sobject') {
        const nat = this.natives.get('__sobjectstatic');
        if (nat?.getStatic) {
          const r = nat.getStatic(rt.name + '.' + name, this, this.site());
          if (r !== NOT_HANDLED) return r as Value;
        }
        return this.unsupported(`${rt.name}.${name}`);
      }
    }
    if (allowPartial || true) {
      const full = new StaticRef([...ref.parts, name]);
      if (this.resolveType(full.name, ctx) || ref.parts.length < 3) return full;
    }
    return this.unsupported(`unknown name ${ref.name}.${name}`);
  }

  enumValues(d: ClassDecl): EnumValue[] {
    let vals = this.enumCache.get(d.fullName);
    if (!vals) {
      vals = d.enumValues.map((n, i) => new EnumValue(d.fullName, n, i));
      this.enumCache.set(d.fullName, vals);
    }
    return vals;
  }

  getMember(obj: Value, name: string, lc: string = lower(name)): Value {
    if (obj instanceof ApexObject) {
      const m = this.findInstanceMember(obj.cls, lc);
      if (m) return this.readInstanceMember(obj, m, lc);
      if (obj.fields.has(lc)) return obj.fields.get(lc)!;
      return this.unsupported(`unknown field ${obj.cls.fullName}.${name}`);
    }
    if (obj instanceof SObjectRecord) return this.sobjectGet(obj, name, lc);
    if (obj instanceof NativeObject) {
      const def = this.natives.get(obj.typeName.toLowerCase());
      const r = def?.getInstance?.(obj, name, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`unknown property ${obj.typeName}.${name}`);
    }
    if (obj instanceof StaticRef) return this.staticGet(obj, name) as Value;
    if (obj instanceof ApexList && obj.fromQuery) return this.getMember(this.coerce(obj, typeRef('SObject')), name);
    // list.size etc. are methods; `length` doesn't exist in Apex
    return this.unsupported(`property ${name} on ${this.typeNameOf(obj)}`);
  }

  sobjectGet(rec: SObjectRecord, name: string, lc: string = lower(name)): Value {
    const f = rec.fields.get(lc);
    if (f) return f.value;
    if (this.services) {
      const canon = this.services.fieldName(rec.typeName, name);
      if (!canon) this.throwApex('System.SObjectException', `Invalid field ${name} for ${rec.typeName}`);
      if (rec.fromQuery) {
        this.throwApex(
          'System.SObjectException',
          `SObject row was retrieved via SOQL without querying the requested field: ${rec.typeName}.${canon}`,
        );
      }
      // A checkbox is never null: an unset checkbox of an in-memory record reads false (Apex Developer Guide,
      // "Primitive Data Types": Boolean fields of sObjects default to false).
      if (this.services.fieldType(rec.typeName, canon)?.name.toLowerCase() === 'boolean') return false;
    }
    return null;
  }

  sobjectSet(rec: SObjectRecord, name: string, v: Value) {
    // Trigger.old records and Trigger.new of after triggers (flagged by the data layer)
    if ((rec as any).readOnly) this.throwApex('System.FinalException', 'Record is read-only');
    let canon = name;
    if (this.services) {
      const c = this.services.fieldName(rec.typeName, name);
      if (!c) this.throwApex('System.SObjectException', `Invalid field ${name} for ${rec.typeName}`);
      canon = c;
      const t = this.services.fieldType(rec.typeName, canon);
      if (t && !(v instanceof SObjectRecord) && !(v instanceof ApexList)) v = this.coerce(v, t);
    }
    rec.set(name, v, canon);
  }

  // ---- assignment

  assignTo(target: Expr, v: Value): Value {
    if (target.k === 'name') {
      const lc = (target.lc ??= lower(target.name));
      const f = this.top();
      const local = this.lookupVarIn(f, lc);
      if (local) {
        local.v = this.coerce(v, local.type);
        this.noteStored(local.v);
        return local.v;
      }
      if (f.self) {
        if (f.accessor === lc) {
          f.self.fields.set(lc, v);
          return v;
        }
        const m = this.findInstanceMember(f.self.cls, lc);
        if (m) {
          this.writeInstanceMember(f.self, m, lc, v);
          return v;
        }
      }
      const st = this.findStatic(f.cls, lc);
      if (st) {
        const rc = this.classOf(st.owner);
        if (f.accessor === lc && !f.self) rc.statics.set(lc, v);
        else this.writeStatic(rc, lc, v);
        return v;
      }
      return this.unsupported(`assignment to unknown variable ${target.name}`);
    }
    if (target.k === 'dot') {
      const obj = this.evalTarget(target.obj);
      if (obj instanceof StaticRef) {
        const rt = this.resolveType(obj.name, this.top().cls);
        if (rt && rt.kind === 'class') {
          const st = this.findStatic(rt.decl, lower(target.name));
          if (st) {
            this.writeStatic(this.classOf(st.owner), lower(target.name), v);
            return v;
          }
        }
        if (rt && rt.kind === 'native' && (rt.def as any).setStatic?.(target.name, v, this, this.site())) return v;
        return this.unsupported(`assignment to ${obj.name}.${target.name}`);
      }
      if (obj === null) this.npe();
      this.setMember(obj, target.name, v);
      return v;
    }
    if (target.k === 'index') {
      const obj = this.eval(target.obj);
      const idx = this.eval(target.idx);
      if (obj === null) this.npe();
      if (obj instanceof ApexList) {
        if (typeof idx !== 'number') this.npe();
        if (idx < 0 || idx >= obj.items.length)
          this.throwApex('System.ListException', `List index out of bounds: ${idx}`);
        obj.items[idx] = this.coerce(v, obj.elemType);
        return v;
      }
      if (obj instanceof ApexMap) {
        obj.map.set(this.mapKeyOf(obj, idx), [idx, this.coerce(v, obj.valType)]);
        return v;
      }
    }
    return this.unsupported('assignment target');
  }

  setMember(obj: Value, name: string, v: Value) {
    const lc = lower(name);
    if (obj instanceof ApexObject) {
      const m = this.findInstanceMember(obj.cls, lc);
      if (!m) this.unsupported(`unknown field ${obj.cls.fullName}.${name}`);
      this.writeInstanceMember(obj, m, lc, v);
      return;
    }
    if (obj instanceof SObjectRecord) return this.sobjectSet(obj, name, v);
    if (obj instanceof NativeObject) {
      const def = this.natives.get(obj.typeName.toLowerCase());
      if (def?.setInstance?.(obj, name, v, this, this.site())) return;
    }
    this.unsupported(`assignment to ${this.typeNameOf(obj)}.${name}`);
  }

  private writeInstanceMember(
    self: ApexObject,
    m: { kind: 'field' | 'prop'; prop?: PropDecl; owner: ClassDecl },
    lc: string,
    v: Value,
  ) {
    if (m.kind === 'field') {
      self.fields.set(lc, this.coerce(v, m.owner.fields.get(lc)!.type));
      this.noteStored(v);
      return;
    }
    const p = m.prop!;
    if (p.setter) {
      this.accessorFrame(m.owner, self, p, lc);
      try {
        this.declare('value', this.coerce(v, p.type), p.type);
        this.runFrameBody(p.setter as Stmt);
      } finally {
        this.stack.pop();
      }
      return;
    }
    self.fields.set(lc, this.coerce(v, p.type));
    this.noteStored(v);
  }
}
