/**
 * Calls and construction: method calls (static, instance, super, safe navigation), overload resolution by argument
 * types, virtual dispatch, `@future` enqueueing, stubs (`Test.createStub`), exception methods, `new` of classes,
 * collections and SObjects, constructors and `this(...)` / `super(...)` chaining.
 */
import type { ClassDecl, Expr, MethodDecl, Stmt } from './ast.js';
import { NOT_HANDLED } from './services.js';
import {
  ApexDecimal,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexType,
  EnumValue,
  SObjectRecord,
  lower,
  typeRef,
  type TypeRef,
  type Value,
} from './values.js';
import { CPU_COST_MICROS } from './governor.js';
import { Expressions } from './expressions.js';
import { ResolvedType, StaticRef } from './class-model.js';

export abstract class Calls extends Expressions {
  // ---- calls

  private evalArgs(args: Expr[]): Value[] {
    const n = args.length;
    if (n === 0) return [];
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = this.eval(args[i]);
    return out;
  }
  private hintsOf(args: Expr[]): (string | null)[] | null {
    let h: (string | null)[] | null = null;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.k === 'cast') (h ??= new Array(args.length).fill(null))[i] = a.type.name.toLowerCase();
    }
    return h;
  }

  protected evalCall(e: Extract<Expr, { k: 'call' }>): Value {
    const hints = this.hintsOf(e.args);
    if (!hints) return this.evalCall0(e);
    const saved = this.argHints;
    try {
      return this.evalCall0(e, hints);
    } finally {
      this.argHints = saved;
    }
  }

  private evalCall0(e: Extract<Expr, { k: 'call' }>, hints: (string | null)[] | null = null): Value {
    const f = this.top();
    if (e.obj === null) {
      const args = this.evalArgs(e.args);
      this.argHints = hints;
      const lc = (e.lc ??= lower(e.name));
      // instance method (virtual) when there is `this`
      if (f.self) {
        const m = this.findMethodIn(f.self.cls, lc, args, false);
        if (m) return this.invoke(m, m.isStatic ? null : f.self, args);
      }
      for (let o: ClassDecl | null = f.cls; o; o = o.outer) {
        const m = this.findMethodIn(o, lc, args, true);
        if (m) {
          if (m.annotations.has('future')) return this.enqueueFuture(m, args);
          return this.invoke(m, null, args);
        }
      }
      return this.unsupported(`unknown method ${e.name}(${args.length} args)`);
    }
    if (e.obj.k === 'super') {
      const args = this.evalArgs(e.args);
      const sup = this.superOf(f.cls);
      if (!sup) this.unsupported('super call without superclass');
      const m = this.findMethodIn(sup, e.name.toLowerCase(), args, false);
      if (m) return this.invoke(m, f.self, args);
      if (this.isExceptionClass(sup)) return this.exceptionMethod(f.self!, e.name.toLowerCase(), args);
      return this.unsupported(`super.${e.name}`);
    }
    // Apex Reference › SObject.addError on a field: `record.Field__c.addError('msg')` marks the field, whatever
    // its value (null included)
    let target: Value | StaticRef;
    if (e.obj.k === 'dot' && !e.obj.safe && (e.lc ??= lower(e.name)) === 'adderror') {
      const owner = this.evalTarget(e.obj.obj);
      const field = owner instanceof SObjectRecord ? this.services?.fieldName(owner.typeName, e.obj.name) : null;
      if (owner instanceof SObjectRecord && field) {
        const a0 = this.evalArgs(e.args)[0] ?? null;
        const message = a0 instanceof ApexObject ? String((a0.native as any).message) : this.toApexString(a0);
        owner.errors.push({ message, field });
        return null;
      }
      if (owner instanceof StaticRef) target = this.staticGet(owner, e.obj.name, true);
      else if (owner === null) this.npe();
      else target = this.getMember(owner, e.obj.name);
    } else target = this.evalTarget(e.obj);
    if (target instanceof StaticRef) {
      const args = this.evalArgs(e.args);
      this.argHints = hints;
      return this.callStaticRef(target, e.name, args, true, (e.lc ??= lower(e.name)));
    }
    if (target === null) {
      // `a?.b().c()`: a short-circuited chain stays null (a method call through a null relationship still throws)
      if (e.safe || (this.nullChain !== null && this.nullChain === e.obj && this.safeChain(e.obj))) {
        this.nullChain = e;
        return null;
      }
      this.npe();
    }
    const args = this.evalArgs(e.args);
    this.argHints = hints;
    return this.callMethod(target, e.name, args, (e.lc ??= lower(e.name)));
  }

  /** true when the chain that produced the null contains a `?.` (not merely a null sObject relationship) */
  private safeChain(e: Expr | null): boolean {
    for (let x: any = e; x && (x.k === 'dot' || x.k === 'call'); x = x.obj) if (x.safe) return true;
    return false;
  }

  callStaticRef(ref: StaticRef, name: string, args: Value[], fromApex = false, lc: string = lower(name)): Value {
    const rt = this.resolveType(ref.name, this.top()?.cls ?? null);
    if (rt?.kind === 'class') {
      const d = rt.decl;
      if (d.kind === 'enum' && lc === 'values' && args.length === 0)
        return new ApexList(typeRef(d.fullName), [...this.enumValues(d)]);
      if (d.kind === 'enum' && lc === 'valueof' && args.length === 1) {
        const ev = this.enumValues(d).find((x) => x.name === args[0]);
        if (!ev) this.throwApex('System.NoSuchElementException', `No enum constant ${d.fullName}.${args[0]}`);
        return ev;
      }
      for (let c: ClassDecl | null = d; c; c = this.superOf(c)) {
        const m = this.findMethodIn(c, lc, args, true);
        if (m) {
          if (fromApex && m.annotations.has('future')) return this.enqueueFuture(m, args);
          return this.invoke(m, null, args);
        }
      }
      return this.unsupported(`unknown static method ${d.fullName}.${name}`);
    }
    if (rt?.kind === 'native') {
      const r = rt.def.callStatic?.(lc, args, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`${rt.name}.${name}`);
    }
    if (rt?.kind === 'prim' || rt?.kind === 'sobject') {
      const nat = this.natives.get(rt.kind === 'prim' ? rt.name.toLowerCase() : '__sobjectstatic');
      const r = nat?.callStatic?.(rt.kind === 'prim' ? lc : rt.name + '.' + lc, args, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`${rt.name}.${name}`);
    }
    return this.unsupported(`unknown type ${ref.name} (calling ${name})`);
  }

  private enqueueFuture(m: MethodDecl, args: Value[]): Value {
    const svc = this.services as any;
    if (!svc || typeof svc.enqueueFuture !== 'function') return this.invoke(m, null, args);
    const ann = m.annotations.get('future') ?? {};
    svc.enqueueFuture(m.owner.fullName, m.name, args, { callout: ann['callout'] === true }, this.site());
    return null;
  }

  findMethod(obj: Value, name: string, argc: number): MethodDecl | null {
    if (!(obj instanceof ApexObject)) return null;
    return this.findMethodIn(obj.cls, name.toLowerCase(), new Array(argc).fill(null), false);
  }

  /** find a method by name/args in cls and its superclasses; staticOnly restricts to static methods */
  findMethodIn(cls: ClassDecl, lc: string, args: Value[], staticOnly: boolean): MethodDecl | null {
    const plan = this.methodPlan(cls, lc, args.length, staticOnly);
    for (let i = 0; i < plan.length; i++) {
      const m = this.pickOverload(plan[i], args);
      if (m) return m;
    }
    return null;
  }

  /**
   * The candidates findMethodIn weighs for a name and argument count, class by class from cls up its
   * superclasses (only the non-empty lists): remembered per class, since declarations never change.
   */
  private methodPlan(cls: ClassDecl, lc: string, argc: number, staticOnly: boolean): MethodDecl[][] {
    const memo = ((cls as ClassDecl & { _methodPlans?: Map<string, MethodDecl[][][]> })._methodPlans ??= new Map());
    let byArgc = memo.get(lc);
    if (!byArgc) memo.set(lc, (byArgc = []));
    const slot = argc * 2 + (staticOnly ? 1 : 0);
    let plan = byArgc[slot];
    if (!plan) {
      plan = [];
      for (let c: ClassDecl | null = cls; c; c = this.superOf(c)) {
        const cands = c.methods.get(lc);
        if (cands) {
          const fit = cands.filter((x) => x.params.length === argc && (!staticOnly || x.isStatic) && !x.isAbstract);
          if (fit.length) plan.push(fit);
        }
      }
      byArgc[slot] = plan;
    }
    return plan;
  }

  private pickOverload(cands: MethodDecl[], args: Value[]): MethodDecl | null {
    if (cands.length <= 1) return cands[0] ?? null;
    const hints = this.argHints;
    this.argHints = null;
    let best: MethodDecl | null = null;
    let bestScore = -1;
    for (const m of cands) {
      let score = 0;
      let ok = true;
      m.params.forEach((p, i) => {
        const a = args[i];
        if (a === null) {
          const h = hints?.[i];
          if (h) {
            const pn = p.type.name.toLowerCase();
            if (pn === h || pn === 'system.' + h || 'system.' + pn === h) score += 3;
            else if (pn === 'object') score += 1;
            else ok = false;
            return;
          }
          score += 1;
          return;
        }
        const n = p.type.name.toLowerCase();
        if (n === 'object') score += 1;
        else if (this.isInstanceOf(a, p.type.name, m.owner, p.type)) score += 3;
        else if (
          (n === 'long' || n === 'decimal' || n === 'double') &&
          (typeof a === 'number' || typeof a === 'bigint' || a instanceof ApexDecimal)
        )
          score += 2;
        else ok = false;
      });
      if (ok && score > bestScore) {
        best = m;
        bestScore = score;
      }
    }
    return best;
  }

  invoke(m: MethodDecl, self: ApexObject | null, args: Value[]): Value {
    if (!m.body) this.unsupported(`call of abstract method ${m.owner.fullName}.${m.name}`);
    if (m.isStatic || !self) this.classOf(m.owner);
    this.limits.cpuMicros = (this.limits.cpuMicros || 0) + CPU_COST_MICROS.methodCall;
    const mm = m as MethodDecl & { _label?: string };
    const label = (mm._label ??= `Class.${m.owner.fullName}.${m.isCtor ? '<init>' : m.name}`);
    this.pushFrame(m.owner, m.isStatic ? null : self, label, m.ln, null);
    try {
      const ps = m.params;
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i];
        this.declareLc((p.lc ??= lower(p.name)), this.coerce(args[i], p.type), p.type);
      }
      const v = this.runFrameBody(m.body!);
      return m.ret ? this.coerce(v, m.ret) : null;
    } finally {
      this.stack.pop();
    }
  }

  callMethod(target: Value, method: string, args: Value[], lc: string = lower(method)): Value {
    if (target === null) this.npe();
    if (target instanceof ApexObject) {
      const provider = (target.native as any).stubProvider;
      if (provider) return this.callStub(target, provider, lc, args);
      const m = this.findMethodIn(target.cls, lc, args, false);
      if (m) return this.invoke(m, m.isStatic ? null : target, args);
      if (this.isExceptionClass(target.cls)) return this.exceptionMethod(target, lc, args);
      if (lc === 'equals' && args.length === 1) return target === args[0];
      if (lc === 'hashcode' && args.length === 0) return this.identityHash(target);
      if (lc === 'tostring' && args.length === 0) return this.toApexString(target);
      return this.unsupported(`unknown method ${target.cls.fullName}.${method}(${args.length} args)`);
    }
    return this.callValueMethod(target, lc, args, method);
  }

  private callStub(stub: ApexObject, provider: Value, lc: string, args: Value[]): Value {
    const m =
      this.findMethodIn(stub.cls, lc, args, false) ??
      stub.cls.methods.get(lc)?.find((x) => x.params.length === args.length) ??
      null;
    if (!m) this.unsupported(`stubbed method ${stub.cls.fullName}.${lc}`);
    const types = new ApexList(
      typeRef('System.Type'),
      m.params.map((p) => new ApexType(p.type)),
    );
    const names = new ApexList(
      typeRef('String'),
      m.params.map((p) => p.name),
    );
    const ret = new ApexType(m.ret ?? typeRef('void'));
    const result = this.callMethod(provider, 'handleMethodCall', [
      stub,
      m.name,
      ret,
      types,
      names,
      new ApexList(typeRef('Object'), args),
    ]);
    return m.ret ? this.coerce(result, m.ret) : null;
  }

  /** type reference with class names made absolute (Inner -> Outer.Inner), so System.Type values work anywhere */
  canonicalType(t: TypeRef): TypeRef {
    const r = this.resolveType(t.name, this.top()?.cls ?? null);
    const name =
      r?.kind === 'class'
        ? r.decl.fullName
        : r?.kind === 'sobject' || (r?.kind === 'prim' && !/^(list|set|map)$/i.test(r.name))
          ? r.name
          : t.name;
    return { name, args: t.args.map((a) => this.canonicalType(a)) };
  }
  identityHash(o: object): number {
    let h = this.hashes.get(o);
    if (!h) this.hashes.set(o, (h = (this.nextHash++ * 2654435761) | 0));
    return h;
  }

  exceptionMethod(ex: ApexObject, lc: string, args: Value[]): Value {
    const n = ex.native as any;
    switch (lc) {
      case 'getmessage':
        return n.message ?? null;
      case 'setmessage':
        n.message = args[0];
        return null;
      case 'getcause':
        return n.cause ?? null;
      case 'initcause':
        n.cause = args[0];
        return null;
      case 'gettypename':
        return ex.cls.fullName;
      case 'getlinenumber':
        return n.line ?? -1;
      case 'getstacktracestring':
        return n.stack ?? '';
      case 'tostring':
        return `${ex.cls.fullName}: ${n.message ?? 'Script-thrown exception'}`;
      case 'getdmlmessage':
        return (n.dmlErrors?.[args[0] as number]?.message as string) ?? null;
      case 'getnumdml':
        return n.dmlErrors?.length ?? 0;
      case 'getdmlfieldnames':
        return new ApexList(typeRef('String'), (n.dmlErrors?.[args[0] as number]?.fields as string[]) ?? []);
      case 'getdmlfields':
        return new ApexList(typeRef('Schema.SObjectField'), []);
      case 'getdmlid':
        return n.dmlErrors?.[args[0] as number]?.id ?? null;
      case 'getdmlindex':
        return n.dmlErrors?.[args[0] as number]?.index ?? args[0];
      case 'getdmltype': {
        const code = n.dmlErrors?.[args[0] as number]?.statusCode;
        if (code === undefined || code === null) return null;
        if (code instanceof EnumValue) return code;
        const key = 'System.StatusCode.' + code;
        return (this.state[key] ??= new EnumValue('System.StatusCode', String(code), 0));
      }
      case 'getdmlstatuscode':
        return n.dmlErrors?.[args[0] as number]?.statusCode ?? null;
      case 'equals':
        return ex === args[0];
      case 'hashcode':
        return this.identityHash(ex);
    }
    return this.unsupported(`Exception.${lc}`);
  }

  // ---- object creation

  newInstance(typeName: string, args: Value[] = []): Value {
    return this.evalNewValues(typeRef(typeName), args, null);
  }

  protected evalNew(t: TypeRef, argExprs: Expr[]): Value {
    const ctx = this.top().cls;
    const rt = this.resolveType(t.name, ctx);
    if (rt?.kind === 'sobject') {
      const pairs: [string, Value][] = argExprs.map((a) => {
        if (a.k !== 'assign' || a.target.k !== 'name') this.unsupported(`new ${t.name}(...) with positional arguments`);
        return [a.target.name, this.eval(a.value)];
      });
      const svc = this.requireServices(`new ${t.name}()`);
      return svc.newSObject(rt.name, pairs, this.site());
    }
    if (!rt && argExprs.length && argExprs.every((a) => a.k === 'assign')) {
      this.requireServices(`new ${t.name}(Field = value)`);
      this.unsupported(`unknown SObject type ${t.name}`);
    }
    return this.evalNewValues(t, this.evalArgs(argExprs), rt);
  }

  private evalNewValues(t: TypeRef, args: Value[], rt: ResolvedType | null): Value {
    rt = rt ?? this.resolveType(t.name, this.top()?.cls ?? null);
    if (!rt) this.unsupported(`unknown type ${t.name}`);
    if (rt.kind === 'prim') {
      const a0 = args[0];
      switch (rt.name) {
        case 'List':
          if (a0 instanceof ApexList) return new ApexList(t.args[0], [...a0.items]);
          if (a0 instanceof ApexSet) return new ApexList(t.args[0], [...a0.map.values()]);
          return new ApexList(t.args[0] ?? typeRef('Object'), []);
        case 'Set': {
          const s = new ApexSet(t.args[0] ?? typeRef('Object'));
          const src = a0 instanceof ApexList ? a0.items : a0 instanceof ApexSet ? [...a0.map.values()] : [];
          for (const it of src) s.map.set(this.keyOf(it), it);
          return s;
        }
        case 'Map': {
          const m = new ApexMap(t.args[0] ?? typeRef('Object'), t.args[1] ?? typeRef('Object'));
          if (a0 instanceof ApexMap) for (const [k, v] of a0.map) m.map.set(k, [v[0], v[1]]);
          else if (a0 instanceof ApexList)
            for (const r of a0.items) if (r instanceof SObjectRecord) m.map.set(this.keyOf(r.id), [r.id, r]);
          return m;
        }
        case 'Object':
          return this.unsupported('new Object()');
        case 'SObject':
          return this.unsupported('new SObject()');
      }
      return this.unsupported(`new ${rt.name}()`);
    }
    if (rt.kind === 'sobject') return this.requireServices('new SObject').newSObject(rt.name, [], this.site());
    if (rt.kind === 'native') {
      const r = rt.def.construct?.(args, this, this.site());
      if (r !== undefined && r !== NOT_HANDLED) return r as Value;
      return this.unsupported(`new ${rt.name}(${args.length} args)`);
    }
    const d = rt.decl;
    if (d.kind !== 'class') this.unsupported(`new of ${d.kind} ${d.fullName}`);
    if (d.mods.has('abstract')) this.unsupported(`new of abstract class ${d.fullName}`);
    const obj = new ApexObject(d);
    this.construct(d, obj, args);
    return obj;
  }

  private construct(d: ClassDecl, obj: ApexObject, args: Value[]) {
    this.classOf(d);
    if ((d as any).builtin) {
      // Exception(), Exception(String), Exception(Exception), Exception(String, Exception)
      let message: Value = null;
      let cause: Value = null;
      for (const a of args) {
        if (typeof a === 'string') message = a;
        else if (a instanceof ApexObject) cause = a;
      }
      // documented platform behaviour: AuraHandledException.getMessage() is "Script-thrown exception" unless setMessage() is called
      if (d.name === 'AuraHandledException') message = 'Script-thrown exception';
      obj.native = { message, cause, stack: this.stackTrace(), line: this.site().line };
      return;
    }
    const ctor = d.ctors.length
      ? this.pickOverload(
          d.ctors.filter((c) => c.params.length === args.length),
          args,
        )
      : null;
    if (!ctor && (d.ctors.length || args.length)) {
      const sup = this.superOf(d);
      if (sup && this.isExceptionClass(d) && args.length <= 2) {
        // custom exceptions get the Exception constructors
        this.construct(sup, obj, args);
        this.runInit(d, obj, d.instanceInit, obj.fields);
        return;
      }
      this.unsupported(`no constructor ${d.fullName}(${args.length} args)`);
    }
    const sup = this.superOf(d);
    const firstStmt = ctor && ctor.body && ctor.body.k === 'block' ? ctor.body.stmts[0] : null;
    const explicit = firstStmt && firstStmt.k === 'expr' && firstStmt.e.k === 'ctorCall' ? firstStmt.e : null;
    if (!explicit || explicit.which === 'super') {
      if (sup && !explicit) this.construct(sup, obj, []);
      if (!sup && !explicit) {
        /* nothing */
      }
    }
    if (!ctor) {
      this.runInit(d, obj, d.instanceInit, obj.fields);
      return;
    }
    // super(...)/this(...) is evaluated in the constructor frame
    this.withFrame(d, obj, `Class.${d.fullName}.<init>`, () => {
      this.top().line = ctor.ln;
      ctor.params.forEach((p, i) => this.declare(p.name, this.coerce(args[i], p.type), p.type));
      if (explicit) {
        const cargs = explicit.args.map((a) => this.eval(a));
        if (explicit.which === 'super') {
          if (!sup) this.unsupported('super() without superclass');
          this.construct(sup, obj, cargs);
          this.runInit(d, obj, d.instanceInit, obj.fields);
        } else this.construct(d, obj, cargs);
      } else this.runInit(d, obj, d.instanceInit, obj.fields);
      const stmts = (ctor.body as Extract<Stmt, { k: 'block' }>).stmts;
      const rest: Stmt = { k: 'block', ln: ctor.ln, stmts: explicit ? stmts.slice(1) : stmts };
      if (explicit) this.hit(d.file, firstStmt!.ln);
      this.runFrameBody(rest);
      return null;
    });
  }

  protected evalCtorCall(e: Extract<Expr, { k: 'ctorCall' }>): Value {
    return this.unsupported(`${e.which}(...) outside the first statement of a constructor`);
  }
}
