/**
 * The interpreter's API beyond the language: the Runtime methods the data layer uses (triggers, the running
 * user, lists, `newInstance`, `callStatic`), anonymous Apex, annotations, and helpers the built-in classes use
 * (natives.ts, json.ts, ...), which type the interpreter as this Engine so they do not depend on interpreter.ts.
 */
import type { ClassDecl } from './ast.js';
import type { TriggerContext } from './services.js';
import { ApexList, ApexObject, type TypeRef, type Value } from './values.js';
import { loadFile } from './loader.js';
import { Calls } from './calls.js';
import { ApexThrow, StaticRef } from './class-model.js';

let anonCounter = 0;

export abstract class Engine extends Calls {
  /** scope lookup for the data layer (dynamic SOQL binds): innermost Apex frame */
  lookupVariable(name: string): Value | undefined {
    if (!this.stack.length) return undefined;
    const v = this.evalTarget({ k: 'name', ln: this.top().line, name });
    return v instanceof StaticRef ? undefined : v;
  }

  describeException(e: unknown): { typeName: string; message: string; catchable: boolean; stackTrace: string } | null {
    if (!(e instanceof ApexThrow)) return null;
    const n = e.ex.native as any;
    const typeName = e.ex.cls.fullName as string;
    return {
      typeName,
      message: n.message ?? 'Script-thrown exception',
      catchable: typeName !== 'System.LimitException' && typeName !== 'System.AssertException',
      stackTrace: n.stack ?? '',
    };
  }

  classAnnotations(className: string): { name: string; params: Record<string, string> }[] {
    const r = this.resolveType(className, null);
    if (!r || r.kind !== 'class') return [];
    return [...r.decl.annotations].map(([name, params]) => ({
      name,
      params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    }));
  }

  methodAnnotations(className: string, method: string): { name: string; params: Record<string, string> }[] {
    const r = this.resolveType(className, null);
    if (!r || r.kind !== 'class') return [];
    const ms = r.decl.methods.get(method.toLowerCase()) ?? [];
    return ms.flatMap((m) =>
      [...m.annotations].map(([name, params]) => ({
        name,
        params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
      })),
    );
  }

  listClasses(): string[] {
    return this.userClasses()
      .filter((c) => !c.outer)
      .map((c) => c.name);
  }

  /** Run anonymous Apex; never throws. */
  runAnonymous(source: string): { success: boolean; error?: string; debug: string[] } {
    const start = this.debugLog.length;
    const name = `AnonymousApex${++anonCounter}`;
    try {
      const decl = loadFile(
        `${name}.cls`,
        // The wrapper shares the first line with the source, so line numbers are the source's own.
        `public class ${name} { public static void run() { ${source}\n }\n}`,
      ) as ClassDecl;
      this.classes.set(name.toLowerCase(), decl);
      this.typeCache.clear();
      this.typeCacheExact.clear();
      this.callStatic(name, 'run', []);
      return { success: true, debug: this.debugLog.slice(start) };
    } catch (e) {
      this.stack.length = 0;
      const d = this.describeException(e);
      const error = d ? `${d.typeName}: ${d.message}\n${d.stackTrace}` : ((e as Error)?.message ?? String(e));
      return { success: false, error, debug: this.debugLog.slice(start) };
    } finally {
      this.classes.delete(name.toLowerCase());
    }
  }

  callStatic(className: string, method: string, args: Value[]): Value {
    return this.callStaticRef(new StaticRef(className.split('.')), method, args);
  }

  newList(elemType: TypeRef, items: Value[]): ApexList {
    return new ApexList(elemType, items);
  }

  listGet(l: ApexList, idx: Value): Value {
    if (idx === null) this.npe();
    const i = Number(idx);
    if (i < 0 || i >= l.items.length) this.throwApex('System.ListException', `List index out of bounds: ${i}`);
    return l.items[i];
  }

  // ------------------------------------------------------------------ helpers for built-ins

  nowMs(): number {
    const svc = this.services as any;
    if (svc && typeof svc.now === 'function') return svc.now();
    return this.state.fixedNow ?? Date.now();
  }

  evalCastPublic(t: TypeRef, v: Value): Value {
    return this.evalCast(t, v);
  }

  /** class and its superclasses, most-derived first */
  classChain(d: ClassDecl): ClassDecl[] {
    const out: ClassDecl[] = [];
    for (let c: ClassDecl | null = d; c; c = this.superOf(c)) out.push(c);
    return out;
  }

  /** new instance without running constructors (JSON.deserialize), field initialisers run */
  instantiateBlank(d: ClassDecl): ApexObject {
    const obj = new ApexObject(d);
    this.classOf(d);
    for (const c of this.classChain(d).reverse()) {
      if ((c as any).builtin) obj.native = { message: null, cause: null, stack: '', line: -1 };
      else this.runInit(c, obj, c.instanceInit, obj.fields);
    }
    return obj;
  }

  /** type of an instance field/property (for JSON deserialize) */
  memberType(d: ClassDecl, lc: string): { name: string; type: TypeRef } | null {
    for (const c of this.classChain(d)) {
      const f = c.fields.get(lc);
      if (f && !f.isStatic) return { name: f.name, type: f.type };
      const p = c.props.get(lc);
      if (p && !p.isStatic) return { name: p.name, type: p.type };
    }
    return null;
  }

  // ------------------------------------------------------------------ triggers

  hasTriggers(sobjectType: string): boolean {
    return this.triggers.some((t) => t.sobject.toLowerCase() === sobjectType.toLowerCase());
  }

  fireTriggers(ctx: TriggerContext): void {
    for (const t of this.triggers) {
      if (t.sobject.toLowerCase() !== ctx.sobjectType.toLowerCase() || !t.events.includes(ctx.operation)) continue;
      this.triggerStack.push(ctx);
      try {
        this.withFrame(t.cls, null, `Trigger.${t.name}`, () => {
          this.top().trigger = ctx;
          return this.runFrameBody(t.body);
        });
      } finally {
        this.triggerStack.pop();
      }
    }
  }

  currentTrigger(): TriggerContext | null {
    return this.triggerStack[this.triggerStack.length - 1] ?? null;
  }

  inTestContext(): boolean {
    return this.testContext;
  }

  currentUser() {
    return this.user;
  }

  debug(level: string, msg: string) {
    const f = this.top();
    const line = `${f ? `${f.cls.name}:${f.line}` : ''} USER_DEBUG [${f?.line ?? 0}]|${level}|${msg}`;
    this.debugLog.push(line);
    this.debugSink(line);
  }
}
