/**
 * Statements: blocks, declarations, if/loops (for, for-each, SOQL for), switch, try/catch/finally, throw, return,
 * DML statements, and the governor accounting every statement pays (modelled CPU time and heap, governor.ts).
 */
import type { Stmt } from './ast.js';
import type { DataServices } from './services.js';
import { ApexList, ApexObject, ApexSet, EnumValue, NativeObject, lower, typeRef, type Value } from './values.js';
import { CPU_COST_MICROS, CPU_LIMIT_MS, HEAP_LIMIT, heapBytes } from './governor.js';
import { Operators } from './operators.js';
import {
  ApexThrow,
  BREAK,
  CONTINUE,
  Completion,
  EMPTY_SCOPE,
  type Frame,
  InterpreterError,
  Scope,
} from './class-model.js';

export abstract class Statements extends Operators {
  // ------------------------------------------------------------------ statements

  execBlockOrThrow(s: Stmt) {
    const c = this.exec(s);
    if (c && c.type !== 'return') throw new InterpreterError('break/continue outside loop');
    return c;
  }

  /** Apex CPU time so far in this transaction (ms), from the cost model in governor.ts */
  cpuMillis(): number {
    return Math.floor((this.limits.cpuMicros ?? 0) / 1000);
  }

  /** add CPU cost (microseconds); the data layer charges DML and SOQL */
  chargeCpu(micros: number): void {
    this.limits.cpuMicros = (this.limits.cpuMicros ?? 0) + micros;
  }

  private isAsync(): boolean {
    return ((this.services as any)?.asyncDepth ?? 0) > 0;
  }

  /** System.LimitException when the modelled CPU time is over the 10 s / 60 s limit */
  checkCpu(): void {
    const ms = this.cpuMillis();
    this.limits.cpuTime = ms;
    if (ms > (this.isAsync() ? CPU_LIMIT_MS.async : CPU_LIMIT_MS.sync))
      this.throwApex('System.LimitException', 'Apex CPU time limit exceeded');
  }

  /** approximate heap of the live Apex data: statics and the active frames (governor.ts) */
  heapSize(): number {
    return this.heapWalk().bytes;
  }

  private heapWalk(): { bytes: number; visited: number } {
    // the roots in the walk's order: statics, then each frame's `this`, locals and trigger lists
    const roots: Value[] = [];
    for (const rc of this.rt.values()) for (const v of rc.statics.values()) roots.push(v);
    for (const f of this.stack) {
      if (f.self) roots.push(f.self);
      for (const sc of f.scopes) for (const x of sc.vars) roots.push(x.v);
      if (f.trigger) {
        for (const r of f.trigger.newList ?? []) roots.push(r);
        for (const r of f.trigger.oldList ?? []) roots.push(r);
      }
    }
    return heapBytes(roots);
  }

  /** System.LimitException: Apex heap size too large, over 6 MB (synchronous) / 12 MB (asynchronous) */
  checkHeap(): void {
    const { bytes, visited } = this.heapWalk();
    this.heapCountdown = Math.max(5000, visited >> 1);
    this.limits.heapSize = Math.max(this.limits.heapSize ?? 0, bytes);
    if (bytes > (this.isAsync() ? HEAP_LIMIT.async : HEAP_LIMIT.sync))
      this.throwApex('System.LimitException', `Apex heap size too large: ${bytes}`);
  }
  /** a large string just stored: check the heap now rather than at the next periodic check (again once it grew by a
   * quarter or 1000 statements later, so a loop appending to a big string does not walk the heap every time) */
  protected noteStored(v: Value): void {
    if (typeof v !== 'string' || v.length <= 262144) return;
    const m = this.bigStringMark;
    if (v.length <= m.length * 1.25 && this.stmtCount - m.stmt < 1000 && this.stmtCount >= m.stmt) return;
    m.length = v.length;
    m.stmt = this.stmtCount;
    this.checkHeap();
  }

  /**
   * The body of a method, constructor or accessor that has just pushed its frame: as `exec` of the block (the
   * same accounting, the same statements), but the block's locals join the frame's scope of parameters rather
   * than a scope of their own (Apex rejects a local named like a parameter, so the names are distinct; the heap
   * walk sees the same variables in the same order).
   */
  protected runFrameBody(body: Stmt): Value {
    if (body.k !== 'block') {
      const c = this.exec(body);
      return c && c.type === 'return' ? (c.value ?? null) : null;
    }
    this.limits.cpuMicros = (this.limits.cpuMicros || 0) + CPU_COST_MICROS.statement;
    if (--this.heapCountdown <= 0) this.checkHeap();
    if ((++this.stmtCount & 0x1fff) === 0) this.periodicCheck();
    const stmts = body.stmts;
    for (let i = 0; i < stmts.length; i++) {
      const c = this.exec(stmts[i]);
      if (c) return c.type === 'return' ? (c.value ?? null) : null;
    }
    return null;
  }

  exec(s: Stmt): Completion | undefined {
    this.limits.cpuMicros = (this.limits.cpuMicros || 0) + CPU_COST_MICROS.statement;
    if (--this.heapCountdown <= 0) this.checkHeap();
    if ((++this.stmtCount & 0x1fff) === 0) this.periodicCheck();
    const f = this.top();
    if (s.k === 'block') {
      f.scopes.push(EMPTY_SCOPE);
      try {
        const stmts = s.stmts;
        for (let i = 0; i < stmts.length; i++) {
          const c = this.exec(stmts[i]);
          if (c) return c;
        }
      } finally {
        f.scopes.pop();
      }
      return undefined;
    }
    f.line = s.ln;
    (f.cov ??= this.coverageOf(f.cls.file)).add(s.ln);
    // the most frequent statements first; the rest in execOther (a smaller function optimises better)
    switch (s.k) {
      case 'expr':
        this.eval(s.e);
        return undefined;
      case 'if':
        if (this.truthy(this.eval(s.c))) return this.exec(s.t);
        if (s.f) return this.exec(s.f);
        return undefined;
      case 'return':
        return { type: 'return', value: s.e ? this.eval(s.e) : null };
      case 'local':
        for (const d of s.decls) {
          const v = d.init ? this.coerce(this.eval(d.init), s.type) : null;
          this.declareLc((d.lc ??= lower(d.name)), v, s.type);
        }
        return undefined;
    }
    return this.execOther(s, f);
  }

  /** every 8192 statements: the CPU limit, the data layer's CPU figure, the wall-time hang guard */
  private periodicCheck(): void {
    this.checkCpu();
    (this.services as any)?.updateCpu?.();
    // hang guard: wall time, whatever the model says
    if (this.isRunningTest && performance.now() - this.txStart > this.cpuGuardMs) {
      this.throwApex('System.LimitException', 'Apex CPU time limit exceeded');
    }
  }

  private execOther(s: Stmt, f: Frame): Completion | undefined {
    switch (s.k) {
      case 'while':
        while (this.truthy(this.eval(s.c))) {
          if (!s.body) continue;
          const c = this.exec(s.body);
          if (c === BREAK) break;
          if (c && c.type === 'return') return c;
        }
        return undefined;
      case 'do':
        do {
          const c = this.exec(s.body);
          if (c === BREAK) break;
          if (c && c.type === 'return') return c;
        } while (this.truthy(this.eval(s.c)));
        return undefined;
      case 'for': {
        f.scopes.push(EMPTY_SCOPE);
        try {
          for (const i of s.init) this.exec(i);
          while (!s.c || this.truthy(this.eval(s.c))) {
            if (s.body) {
              const c = this.exec(s.body);
              if (c === BREAK) break;
              if (c && c.type === 'return') return c;
            }
            for (const u of s.update) this.eval(u);
          }
        } finally {
          f.scopes.pop();
        }
        return undefined;
      }
      case 'forEach': {
        const coll = this.eval(s.iter);
        if (coll === null) this.npe();
        let items: Value[];
        if (coll instanceof ApexList && coll.fromQuery && /^(system\.)?list$/i.test(s.type.name)) {
          // SOQL for loop, list form: batches of 200 records (Apex Developer Guide › SOQL For Loops)
          items = [];
          for (let i = 0; i < coll.items.length; i += 200)
            items.push(new ApexList(s.type.args[0] ?? typeRef('SObject'), coll.items.slice(i, i + 200)));
        } else if (coll instanceof ApexList) items = [...coll.items];
        else if (coll instanceof ApexSet) items = [...coll.map.values()];
        else if (coll instanceof ApexObject || coll instanceof NativeObject) items = this.iterate(coll);
        else this.unsupported(`for-each over ${this.typeNameOf(coll)}`);
        f.scopes.push(EMPTY_SCOPE);
        const guarded = coll instanceof ApexList || coll instanceof ApexSet ? (coll as any) : null;
        if (guarded) guarded.iterating = (guarded.iterating ?? 0) + 1;
        try {
          for (const it of items) {
            this.declareLc((s.lc ??= lower(s.name)), this.coerce(it, s.type), s.type);
            if (s.body) {
              f.line = s.ln;
              const c = this.exec(s.body);
              if (c === BREAK) break;
              if (c && c.type === 'return') return c;
            }
          }
        } finally {
          f.scopes.pop();
          if (guarded) guarded.iterating--;
        }
        return undefined;
      }
      case 'switch':
        return this.execSwitch(s);
      case 'try':
        return this.execTry(s);
      case 'throw': {
        const ex = this.eval(s.e);
        if (ex === null) this.npe();
        if (!(ex instanceof ApexObject) || !this.isExceptionClass(ex.cls)) this.unsupported('throw of a non-exception');
        throw new ApexThrow(ex);
      }
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      case 'dml': {
        const target = this.eval(s.e);
        // a DML statement on a null record de-references it (apex-recipes' REST delete test expects "Attempt to
        // de-reference a null object" on real orgs); Database.insert(null) & co. say "Argument cannot be null."
        if (target === null) this.npe();
        const svc = this.requireServices(`${s.op} statement`);
        this.limits.dmlStatements++;
        svc.dml(
          s.op as any,
          target,
          {
            allOrNone: true,
            externalIdField: s.extId,
            accessLevel: s.access ?? undefined,
            mergeWith: s.e2 ? this.eval(s.e2) : undefined,
          },
          this.site(),
        );
        return undefined;
      }
      case 'runAs': {
        const args = s.args.map((a) => this.eval(a));
        let result: Completion | undefined;
        const body = () => {
          result = this.exec(s.body);
        };
        if (this.services?.runAs) this.services.runAs(args[0] ?? null, body, this.site());
        else body();
        return result;
      }
    }
  }

  requireServices(what: string): DataServices {
    if (!this.services) this.unsupported(`${what}: the data layer (src/data) is not installed`);
    return this.services;
  }

  /** iterate a user Iterable/Iterator object */
  private iterate(obj: Value): Value[] {
    let it = obj;
    if (this.findMethod(obj, 'iterator', 0)) it = this.callMethod(obj, 'iterator', []);
    const out: Value[] = [];
    while (this.truthy(this.callMethod(it, 'hasNext', []))) out.push(this.callMethod(it, 'next', []));
    return out;
  }

  private execSwitch(s: Extract<Stmt, { k: 'switch' }>): Completion | undefined {
    const v = this.eval(s.e);
    const f = this.top();
    for (const w of s.whens) {
      let match = false;
      if (w.kind === 'else') match = true;
      else if (w.kind === 'type') {
        match = v !== null && this.isInstanceOf(v, w.type!.name, f.cls, w.type);
      } else {
        for (const lit of w.values) {
          if (lit !== null && typeof lit === 'object' && 'enumName' in lit) {
            const nm = (lit as { enumName: string }).enumName.split('.').pop()!.toLowerCase();
            if (v instanceof EnumValue && v.name.toLowerCase() === nm) match = true;
          } else if (lit === null) {
            if (v === null) match = true;
          } else if (v !== null && this.strictEquals(v, lit as Value)) match = true;
          if (match) break;
        }
      }
      if (match) {
        f.scopes.push(EMPTY_SCOPE);
        try {
          if (w.kind === 'type') this.declare(w.varName!, v, w.type!);
          return this.exec(w.body);
        } finally {
          f.scopes.pop();
        }
      }
    }
    return undefined;
  }

  private strictEquals(a: Value, b: Value): boolean {
    if (typeof a === 'string' && typeof b === 'string') return a === b;
    if (typeof a === 'number' && typeof b === 'number') return a === b;
    if (typeof a === 'bigint' || typeof b === 'bigint')
      return typeof a !== 'string' && typeof b !== 'string' && this.numCmp(a, b) === 0;
    return this.equalsValue(a, b);
  }

  private execTry(s: Extract<Stmt, { k: 'try' }>): Completion | undefined {
    const f = this.top();
    const depth = this.stack.length;
    let result: Completion | undefined;
    try {
      result = this.exec(s.body);
    } catch (e) {
      if (!(e instanceof ApexThrow)) {
        if (s.fin) this.execFinally(s.fin);
        throw e;
      }
      this.stack.length = depth;
      const ex = e.ex;
      const uncatchable =
        (ex.cls.fullName as string).toLowerCase() === 'system.limitexception' ||
        (ex.cls.fullName as string).toLowerCase() === 'system.assertexception';
      const handler = uncatchable ? undefined : s.catches.find((c) => this.isInstanceOf(ex, c.type.name, f.cls));
      if (!handler) {
        if (s.fin) this.execFinally(s.fin);
        throw e;
      }
      const scope = new Scope();
      scope.declare(lower(handler.name), ex, handler.type);
      f.scopes.push(scope);
      try {
        result = this.exec(handler.body);
      } catch (e2) {
        if (s.fin) this.execFinally(s.fin);
        throw e2;
      } finally {
        f.scopes.pop();
      }
    }
    if (s.fin) {
      const c = this.execFinally(s.fin);
      if (c) return c;
    }
    return result;
  }

  private execFinally(fin: Stmt): Completion | undefined {
    return this.exec(fin);
  }

  truthy(v: Value): boolean {
    if (v === null) this.npe();
    if (typeof v !== 'boolean') this.unsupported(`condition of type ${this.typeNameOf(v)}`);
    return v;
  }
}
