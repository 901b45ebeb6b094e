/**
 * Loader: finds the package's .cls/.trigger files, parses them with apex-parser (cached per file content)
 * and lowers the ANTLR parse tree into the interpreter's AST (ast.ts). A construct the interpreter does not
 * support is a LoadError naming file, line and construct.
 */
import { threadId } from 'node:worker_threads';
import { readFileSync, readdirSync, statSync, existsSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join, basename } from 'node:path';
import type * as P from '@apexdevtools/apex-parser';
import type {
  ClassDecl,
  Expr,
  FieldDecl,
  InitStep,
  MethodDecl,
  PropDecl,
  Stmt,
  TriggerDecl,
  WhenClause,
} from './ast.js';
import { ApexDecimal, ApexDouble, typeRef, type TypeRef, type Value } from './values.js';
import { parseDecimal } from './numbers.js';

export class LoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly construct: string,
  ) {
    super(`${file}:${line}: unsupported construct: ${construct}`);
  }
}

/**
 * apex-parser (with the ANTLR runtime) is loaded on the first parse only: a run whose ASTs all come from the disk
 * cache, inline SOQL included (data/soql.ts caches compiled queries), never loads it.
 */
let AP: typeof P;
export function apexParser(): typeof P {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  return (AP ??= require('@apexdevtools/apex-parser') as typeof P);
}

function syntaxErrors(): P.ApexErrorListener & { errors: string[] } {
  class SyntaxErrors extends apexParser().ApexErrorListener {
    errors: string[] = [];
    apexSyntaxError(line: number, column: number, msg: string): void {
      this.errors.push(`${line}:${column} ${msg}`);
    }
  }
  return new SyntaxErrors();
}

/** Recursively list files under dir with the given extensions. */
export function listSources(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      const st = statSync(p);
      if (st.isDirectory()) {
        if (e === 'node_modules' || e.startsWith('.')) continue;
        walk(p);
      } else if (exts.some((x) => e.endsWith(x))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Package directories from sfdx-project.json */
export function packageDirs(projectDir: string): string[] {
  const proj = JSON.parse(readFileSync(join(projectDir, 'sfdx-project.json'), 'utf8'));
  return (proj.packageDirectories ?? []).map((d: { path: string }) => join(projectDir, d.path));
}

const parseCache = new Map<string, { src: string; result: ClassDecl | TriggerDecl }>();

export function loadFile(file: string, src?: string): ClassDecl | TriggerDecl {
  const text = src ?? readFileSync(file, 'utf8');
  const cached = parseCache.get(file);
  if (cached && cached.src === text) return cached.result;
  const fromDisk = readDiskCache(file, text);
  if (fromDisk) {
    parseCache.set(file, { src: text, result: fromDisk });
    return fromDisk;
  }
  const isTrigger = file.endsWith('.trigger');
  // two-stage parse: fast SLL prediction first, full LL only when SLL reports an error
  let listener = syntaxErrors();
  let tree: P.TriggerUnitContext | P.CompilationUnitContext;
  for (const mode of [0 /* PredictionMode.SLL */, 1 /* PredictionMode.LL */]) {
    listener = syntaxErrors();
    const { parser } = apexParser().ApexParserFactory.createLexerAndParser(text, listener);
    (parser as any)._interp.predictionMode = mode;
    tree = isTrigger ? parser.triggerUnit() : parser.compilationUnit();
    if (!listener.errors.length) break;
  }
  if (listener.errors.length)
    throw new LoadError(file, Number(listener.errors[0].split(':')[0]), `syntax error ${listener.errors[0]}`);
  const lw = new Lowerer(file, text);
  const result = isTrigger
    ? lw.trigger(tree! as P.TriggerUnitContext)
    : lw.compilationUnit(tree! as P.CompilationUnitContext);
  parseCache.set(file, { src: text, result });
  writeDiskCache(file, text, result);
  return result;
}

// ------------------------------------------------------------------ disk cache of lowered ASTs
// ANTLR's JavaScript runtime is slow (seconds for the package); the lowered AST is cached as JSON in the OS temp
// directory, keyed by a hash of the file path, its content and CACHE_VERSION. SOQL/SOSL nodes keep their source
// text and are re-parsed lazily. An entry is `{ ast, fx }`: the AST as plain JSON and the paths of the values to
// restore after JSON.parse (collectFixups). Set LOCAL_ORG_NO_CACHE=1 to disable.

const CACHE_VERSION = 'ast-4';
const cacheDir = join(tmpdir(), 'local-org-ast-cache');
/** the lowering code itself is part of the key, so a changed loader never reads stale ASTs */
let loaderHash: string | null = null;
function loaderVersion(): string {
  if (loaderHash === null) {
    try {
      loaderHash = createHash('sha1').update(readFileSync(__filename)).digest('hex').slice(0, 12);
    } catch {
      loaderHash = 'unknown';
    }
  }
  return loaderHash;
}

function cacheFile(file: string, text: string): string | null {
  if (process.env.LOCAL_ORG_NO_CACHE) return null;
  return join(
    cacheDir,
    createHash('sha1')
      .update(CACHE_VERSION + '\0' + loaderVersion() + '\0' + file + '\0' + text)
      .digest('hex') + '.json',
  );
}

function replacer(this: any, key: string, v: any): any {
  if (key === 'owner' || key === 'outer' || key === '_super' || key === 'ctx') return undefined;
  if (typeof v === 'bigint') return { $b: v.toString() };
  if (v instanceof ApexDecimal) return { $d: [v.unscaled.toString(), v.scale] };
  if (v instanceof ApexDouble) return { $f: v.v };
  if (v instanceof Set) return { $s: [...v] };
  if (v instanceof Map) return { $m: [...v] };
  return v;
}

/** the value a cached marker object stands for (see replacer) */
function revive(v: any): any {
  if ('$b' in v) return BigInt(v.$b);
  if ('$d' in v) return new ApexDecimal(BigInt(v.$d[0]), v.$d[1]);
  if ('$f' in v) return new ApexDouble(v.$f);
  if ('$s' in v) return new Set(v.$s);
  if ('$m' in v) return new Map(v.$m);
  return v;
}

/** a cached SOQL/SOSL node's parse tree (`ctx`): re-parsed from its source text when first asked for */
function lazyQueryTree(v: any) {
  const q: string = v.q;
  const kind = v.k;
  let parsed: any;
  Object.defineProperty(v, 'ctx', {
    enumerable: false,
    get() {
      if (!parsed) {
        const parser = apexParser().ApexParserFactory.createParser(q);
        parsed = kind === 'soql' ? parser.query() : parser.soslLiteral();
      }
      return parsed;
    },
  });
}

/** whether a parsed cache value needs work after JSON.parse: a marker (revive) or a query node (lazyQueryTree) */
function fixupKind(v: any): 'r' | 'q' | null {
  if ('$b' in v || '$d' in v || '$f' in v || '$s' in v || '$m' in v) return 'r';
  if ((v.k === 'soql' || v.k === 'sosl') && typeof v.q === 'string') return 'q';
  return null;
}

type Fixup = ['r' | 'q', ...(string | number)[]];

/**
 * The fix-ups of a plain parsed AST, children before their parents, each as its kind and its key path: written
 * with the cache entry so that reading it is one plain JSON.parse (no reviver, which costs V8 a call back per
 * value) and a walk down these paths only.
 */
function collectFixups(v: any, path: (string | number)[], out: Fixup[]) {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      collectFixups(v[i], path, out);
      path.pop();
    }
    return;
  }
  for (const k of Object.keys(v)) {
    path.push(k);
    collectFixups(v[k], path, out);
    path.pop();
  }
  const kind = fixupKind(v);
  if (kind) out.push([kind, ...path]);
}

function applyFixups(root: any, fixups: Fixup[]): any {
  for (const f of fixups) {
    let parent: any = null;
    let node = root;
    for (let i = 1; i < f.length; i++) {
      parent = node;
      node = node[f[i]];
    }
    if (f[0] === 'q') lazyQueryTree(node);
    else if (parent === null) root = revive(node);
    else parent[f[f.length - 1]] = revive(node);
  }
  return root;
}

/**
 * Where a bind (`:expr`, a BoundExpressionContext) of an inline query starts: `line:column`. The query's source
 * text keeps lines and columns (sourceOf), so the key is the same in the file's parse tree and in a re-parse of
 * the query alone.
 */
export function boundKey(be: any): string {
  return `${be.start.line}:${be.start.column}`;
}

/** The BoundExpressionContext of a query parse tree at a boundKey. */
export function boundExpressionAt(q: any, key: string): any {
  if (q instanceof apexParser().BoundExpressionContext && boundKey(q) === key) return q;
  for (const c of q?.children ?? []) {
    const r = boundExpressionAt(c, key);
    if (r) return r;
  }
  return null;
}

function relink(c: ClassDecl, outer: ClassDecl | null) {
  c.outer = outer;
  if (outer) c.lines = outer.lines;
  for (const ms of c.methods.values()) for (const m of ms) m.owner = c;
  for (const m of c.ctors) m.owner = c;
  for (const i of c.inner.values()) relink(i, c);
}

function readDiskCache(file: string, text: string): ClassDecl | TriggerDecl | null {
  const f = cacheFile(file, text);
  if (!f || !existsSync(f)) return null;
  try {
    const entry = JSON.parse(readFileSync(f, 'utf8'));
    const r = applyFixups(entry.ast, entry.fx);
    if ('sobject' in r) {
      relink(r.cls, null);
      r.lines = r.cls.lines;
    } else relink(r, null);
    return r;
  } catch {
    return null;
  }
}

function writeDiskCache(file: string, text: string, result: ClassDecl | TriggerDecl) {
  const f = cacheFile(file, text);
  if (!f) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${f}.${process.pid}.${threadId}.tmp`;
    const ast = JSON.parse(JSON.stringify(result, replacer));
    const fx: Fixup[] = [];
    collectFixups(ast, [], fx);
    writeFileSync(tmp, JSON.stringify({ ast, fx }));
    renameSync(tmp, f);
  } catch {
    /* cache is best effort */
  }
}

function unescapeApexString(raw: string, file: string, line: number): string {
  const s = raw.slice(1, -1);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case "'":
        out += "'";
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'u':
        out += String.fromCharCode(parseInt(s.substr(i + 1, 4), 16));
        i += 4;
        break;
      default:
        throw new LoadError(file, line, `string escape \\${n}`);
    }
  }
  return out;
}

function ln(ctx: any): number {
  return ctx?.start?.line ?? 0;
}

export class Lowerer {
  private cls: ClassDecl | null = null;
  private codePoints: string[] | null = null;
  constructor(
    readonly file: string,
    readonly source: string = '',
  ) {}

  /** exact source text of a node, prefixed with newlines so a re-parse keeps line numbers */
  private sourceOf(ctx: any): string {
    if (!this.source || !ctx.start || !ctx.stop) return '';
    // ANTLR's char indexes are code points; slice by code points so non-BMP characters don't shift the text
    this.codePoints ??= Array.from(this.source);
    const text = this.codePoints.slice(ctx.start.start, ctx.stop.stop + 1).join('');
    return '\n'.repeat(ctx.start.line - 1) + ' '.repeat(ctx.start.column) + text;
  }

  fail(ctx: any, what: string): never {
    throw new LoadError(this.file, ln(ctx), what);
  }

  compilationUnit(cu: P.CompilationUnitContext): ClassDecl {
    const td = cu.typeDeclaration();
    return this.typeDecl(
      td.modifier_list(),
      td.classDeclaration() ?? td.interfaceDeclaration() ?? td.enumDeclaration(),
      null,
    );
  }

  trigger(tu: P.TriggerUnitContext): TriggerDecl {
    const ids = tu.id_list();
    const name = ids[0].getText();
    const cls = this.newClass('class', name, null, tu);
    cls.fullName = '__trigger__' + name;
    this.cls = cls;
    const events = tu.triggerCase_list().map((c) =>
      c
        .getText()
        .replace(/^(before|after)/i, (m) => m.toUpperCase() + '_')
        .toUpperCase(),
    );
    const stmts: Stmt[] = [];
    for (const m of tu.triggerBlock().triggerBlockMember_list()) {
      if (m.statement()) {
        stmts.push(this.stmt(m.statement()));
        continue;
      }
      // the trigger body is a block: `Type name = expr;` at its top level is a local variable declaration
      const fd = m.triggerMemberDeclaration()?.fieldDeclaration();
      if (fd && !m.modifier_list().some((x) => /^static$/i.test(x.getText()))) {
        const st: Stmt = {
          k: 'local',
          ln: ln(fd),
          type: this.typeRef(fd.typeRef()),
          decls: fd
            .variableDeclarators()
            .variableDeclarator_list()
            .map((v) => ({ name: v.id().getText(), init: v.expression() ? this.expr(v.expression()) : null })),
        };
        stmts.push(this.mark(st));
        continue;
      }
      this.fail(m, 'member declaration (method, class, static field) inside a trigger');
    }
    return {
      name,
      sobject: ids[1].getText(),
      events,
      file: this.file,
      body: { k: 'block', ln: ln(tu), stmts },
      lines: cls.lines,
      cls,
    };
  }

  private newClass(kind: ClassDecl['kind'], name: string, outer: ClassDecl | null, ctx: any): ClassDecl {
    return {
      kind,
      name,
      fullName: outer ? `${outer.fullName}.${name}` : name,
      file: this.file,
      ln: ln(ctx),
      mods: new Set(),
      annotations: new Map(),
      superRef: null,
      interfaces: [],
      fields: new Map(),
      props: new Map(),
      methods: new Map(),
      ctors: [],
      staticInit: [],
      instanceInit: [],
      inner: new Map(),
      enumValues: [],
      outer,
      lines: outer ? outer.lines : new Set(),
    };
  }

  private modifiers(mods: P.ModifierContext[]): { mods: Set<string>; annotations: Map<string, Record<string, Value>> } {
    const set = new Set<string>();
    const annotations = new Map<string, Record<string, Value>>();
    for (const m of mods) {
      const a = m.annotation();
      if (a) {
        const name = a.getChild(1).getText().toLowerCase();
        const params: Record<string, Value> = {};
        const pairs: any = (a as any).elementValuePairs?.();
        if (pairs) {
          for (const p of pairs.elementValuePair_list()) {
            params[p.id().getText().toLowerCase()] = this.annotationValue(p.elementValue());
          }
        } else if ((a as any).elementValue?.()) {
          params['value'] = this.annotationValue((a as any).elementValue());
        }
        annotations.set(name, params);
      } else
        set.add(
          m
            .getText()
            .toLowerCase()
            .replace(/sharing$/, ' sharing'),
        );
    }
    return { mods: set, annotations };
  }

  private annotationValue(ev: any): Value {
    const t: string = ev.getText();
    if (/^'.*'$/s.test(t)) return unescapeApexString(t, this.file, ln(ev));
    if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
    if (/^\d+$/.test(t)) return Number(t);
    return t;
  }

  private typeDecl(modCtx: P.ModifierContext[], decl: any, outer: ClassDecl | null): ClassDecl {
    const { mods, annotations } = this.modifiers(modCtx);
    let cls: ClassDecl;
    if (decl instanceof AP.ClassDeclarationContext) {
      cls = this.newClass('class', decl.id().getText(), outer, decl);
      cls.mods = mods;
      cls.annotations = annotations;
      if (decl.typeRef()) cls.superRef = this.typeRef(decl.typeRef());
      if (decl.typeList())
        cls.interfaces = decl
          .typeList()
          .typeRef_list()
          .map((t) => this.typeRef(t));
      const saved = this.cls;
      this.cls = cls;
      for (const bd of decl.classBody().classBodyDeclaration_list()) this.classBodyDecl(cls, bd);
      this.cls = saved;
    } else if (decl instanceof AP.InterfaceDeclarationContext) {
      cls = this.newClass('interface', decl.id().getText(), outer, decl);
      cls.mods = mods;
      cls.annotations = annotations;
      if (decl.typeList())
        cls.interfaces = decl
          .typeList()
          .typeRef_list()
          .map((t) => this.typeRef(t));
      for (const im of decl.interfaceBody().interfaceMethodDeclaration_list()) {
        const m: MethodDecl = {
          name: im.id().getText(),
          ln: ln(im),
          isStatic: false,
          isAbstract: true,
          mods: new Set(['abstract']),
          annotations: new Map(),
          params: this.params(im.formalParameters()),
          ret: im.typeRef() ? this.typeRef(im.typeRef()) : null,
          body: null,
          owner: cls,
          isCtor: false,
        };
        this.addMethod(cls, m);
      }
    } else if (decl instanceof AP.EnumDeclarationContext) {
      cls = this.newClass('enum', decl.id().getText(), outer, decl);
      cls.mods = mods;
      cls.annotations = annotations;
      cls.enumValues = decl.enumConstants()
        ? decl
            .enumConstants()
            .id_list()
            .map((i) => i.getText())
        : [];
    } else this.fail(decl, 'type declaration');
    return cls;
  }

  private addMethod(cls: ClassDecl, m: MethodDecl) {
    const key = m.name.toLowerCase();
    const list = cls.methods.get(key) ?? [];
    list.push(m);
    cls.methods.set(key, list);
  }

  private params(fp: P.FormalParametersContext) {
    const l = fp.formalParameterList();
    return l ? l.formalParameter_list().map((p) => ({ name: p.id().getText(), type: this.typeRef(p.typeRef()) })) : [];
  }

  private classBodyDecl(cls: ClassDecl, bd: P.ClassBodyDeclarationContext) {
    if (bd.SEMI()) return;
    if (bd.block()) {
      const body = this.block(bd.block());
      (bd.STATIC() ? cls.staticInit : cls.instanceInit).push({ kind: 'block', body });
      return;
    }
    const { mods, annotations } = this.modifiers(bd.modifier_list());
    const md = bd.memberDeclaration();
    const isStatic = mods.has('static');
    const inner = md.classDeclaration() ?? md.interfaceDeclaration() ?? md.enumDeclaration();
    if (inner) {
      const ic = this.typeDecl(bd.modifier_list(), inner, cls);
      cls.inner.set(ic.name.toLowerCase(), ic);
      this.cls = cls;
      return;
    }
    if (md.methodDeclaration()) {
      const m = md.methodDeclaration();
      const body = m.block() ? this.block(m.block()) : null;
      this.addMethod(cls, {
        name: m.id().getText(),
        ln: ln(m),
        isStatic,
        isAbstract: !body,
        mods,
        annotations,
        params: this.params(m.formalParameters()),
        ret: m.typeRef() ? this.typeRef(m.typeRef()) : null,
        body,
        owner: cls,
        isCtor: false,
      });
      return;
    }
    if (md.constructorDeclaration()) {
      const c = md.constructorDeclaration();
      cls.ctors.push({
        name: cls.name,
        ln: ln(c),
        isStatic: false,
        isAbstract: false,
        mods,
        annotations,
        params: this.params(c.formalParameters()),
        ret: null,
        body: this.block(c.block()),
        owner: cls,
        isCtor: true,
      });
      return;
    }
    if (md.fieldDeclaration()) {
      const f = md.fieldDeclaration();
      const type = this.typeRef(f.typeRef());
      for (const vd of f.variableDeclarators().variableDeclarator_list()) {
        const fd: FieldDecl = {
          name: vd.id().getText(),
          ln: ln(vd),
          type,
          isStatic,
          init: vd.expression() ? this.expr(vd.expression()) : null,
          mods,
          annotations,
        };
        if (fd.init) cls.lines.add(fd.ln);
        cls.fields.set(fd.name.toLowerCase(), fd);
        const step: InitStep = { kind: 'field', field: fd };
        (isStatic ? cls.staticInit : cls.instanceInit).push(step);
      }
      return;
    }
    if (md.propertyDeclaration()) {
      const p = md.propertyDeclaration();
      const prop: PropDecl = {
        name: p.id().getText(),
        ln: ln(p),
        type: this.typeRef(p.typeRef()),
        isStatic,
        getter: undefined,
        setter: undefined,
        mods,
      };
      for (const pb of p.propertyBlock_list()) {
        if (pb.getter()) prop.getter = pb.getter().block() ? this.block(pb.getter().block()) : null;
        if (pb.setter()) prop.setter = pb.setter().block() ? this.block(pb.setter().block()) : null;
      }
      cls.props.set(prop.name.toLowerCase(), prop);
      (isStatic ? cls.staticInit : cls.instanceInit).push({ kind: 'prop', prop });
      return;
    }
    this.fail(md, 'member declaration');
  }

  typeRef(t: P.TypeRefContext): TypeRef {
    const names = t.typeName_list();
    const parts: string[] = [];
    let args: TypeRef[] = [];
    names.forEach((tn, i) => {
      const base = tn.LIST() ? 'List' : tn.SET() ? 'Set' : tn.MAP() ? 'Map' : tn.id().getText();
      parts.push(base);
      const ta = tn.typeArguments();
      if (ta) {
        if (i !== names.length - 1) this.fail(tn, 'type arguments on a qualifying type name');
        args = ta
          .typeList()
          .typeRef_list()
          .map((x) => this.typeRef(x));
      }
    });
    let r = typeRef(parts.join('.'), ...args);
    const subs = t.arraySubscripts().getText();
    for (let i = 0; i < subs.length / 2; i++) r = typeRef('List', r);
    return r;
  }

  block(b: P.BlockContext): Stmt {
    return { k: 'block', ln: ln(b), stmts: b.statement_list().map((s) => this.stmt(s)) };
  }

  mark<T extends Stmt>(s: T): T {
    if (s.k !== 'block' && !(s.k === 'local' && s.decls.every((d) => !d.init))) this.cls!.lines.add(s.ln);
    return s;
  }

  private optStmt(s: P.StatementContext | null): Stmt | null {
    return s ? this.stmt(s) : null;
  }

  stmt(s: P.StatementContext): Stmt {
    const c: any = s.getChild(0);
    const l = ln(s);
    if (c instanceof AP.BlockContext) return this.block(c);
    if (c instanceof AP.LocalVariableDeclarationStatementContext)
      return this.mark(this.localDecl(c.localVariableDeclaration()));
    if (c instanceof AP.ExpressionStatementContext)
      return this.mark({ k: 'expr', ln: l, e: this.expr(c.expression()) });
    if (c instanceof AP.IfStatementContext) {
      const st = c.statement_list();
      return this.mark({
        k: 'if',
        ln: l,
        c: this.expr(c.parExpression().expression()),
        t: this.stmt(st[0]),
        f: st[1] ? this.stmt(st[1]) : null,
      });
    }
    if (c instanceof AP.ReturnStatementContext)
      return this.mark({ k: 'return', ln: l, e: c.expression() ? this.expr(c.expression()) : null });
    if (c instanceof AP.ThrowStatementContext) return this.mark({ k: 'throw', ln: l, e: this.expr(c.expression()) });
    if (c instanceof AP.BreakStatementContext) return this.mark({ k: 'break', ln: l });
    if (c instanceof AP.ContinueStatementContext) return this.mark({ k: 'continue', ln: l });
    if (c instanceof AP.WhileStatementContext)
      return this.mark({
        k: 'while',
        ln: l,
        c: this.expr(c.parExpression().expression()),
        body: this.optStmt(c.statement()),
      });
    if (c instanceof AP.DoWhileStatementContext)
      return this.mark({ k: 'do', ln: l, c: this.expr(c.parExpression().expression()), body: this.block(c.block()) });
    if (c instanceof AP.ForStatementContext) {
      const fc = c.forControl();
      const body = this.optStmt(c.statement());
      const ef = fc.enhancedForControl();
      if (ef)
        return this.mark({
          k: 'forEach',
          ln: l,
          type: this.typeRef(ef.typeRef()),
          name: ef.id().getText(),
          iter: this.expr(ef.expression()),
          body,
        });
      const init: Stmt[] = [];
      const fi = fc.forInit();
      if (fi) {
        if (fi.localVariableDeclaration()) init.push(this.localDecl(fi.localVariableDeclaration()));
        else for (const e of fi.expressionList().expression_list()) init.push({ k: 'expr', ln: l, e: this.expr(e) });
      }
      return this.mark({
        k: 'for',
        ln: l,
        init,
        c: fc.expression() ? this.expr(fc.expression()) : null,
        update: fc.forUpdate()
          ? fc
              .forUpdate()
              .expressionList()
              .expression_list()
              .map((e) => this.expr(e))
          : [],
        body,
      });
    }
    if (c instanceof AP.TryStatementContext) {
      return this.mark({
        k: 'try',
        ln: l,
        body: this.block(c.block()),
        catches: c.catchClause_list().map((cc) => ({
          type: typeRef(cc.qualifiedName().getText()),
          name: cc.id().getText(),
          body: this.block(cc.block()),
        })),
        fin: c.finallyBlock() ? this.block(c.finallyBlock().block()) : null,
      });
    }
    if (c instanceof AP.SwitchStatementContext) {
      const whens: WhenClause[] = c.whenControl_list().map((w) => {
        const wv = w.whenValue();
        const body = this.block(w.block());
        if (wv.ELSE()) return { kind: 'else', values: [], body, ln: ln(w) } as WhenClause;
        if (wv.typeRef())
          return {
            kind: 'type',
            values: [],
            type: this.typeRef(wv.typeRef()),
            varName: wv.id().getText(),
            body,
            ln: ln(w),
          } as WhenClause;
        return {
          kind: 'values',
          values: wv.whenLiteral_list().map((wl) => this.whenLiteral(wl)),
          body,
          ln: ln(w),
        } as WhenClause;
      });
      return this.mark({ k: 'switch', ln: l, e: this.expr(c.expression()), whens });
    }
    const dmlOps: [any, string][] = [
      [AP.InsertStatementContext, 'insert'],
      [AP.UpdateStatementContext, 'update'],
      [AP.DeleteStatementContext, 'delete'],
      [AP.UndeleteStatementContext, 'undelete'],
      [AP.UpsertStatementContext, 'upsert'],
      [AP.MergeStatementContext, 'merge'],
    ];
    for (const [K, op] of dmlOps) {
      if (c instanceof K) {
        const exprs = op === 'merge' ? c.expression_list() : [c.expression()];
        const al = c.accessLevel()?.getText().toLowerCase();
        return this.mark({
          k: 'dml',
          ln: l,
          op,
          e: this.expr(exprs[0]),
          e2: exprs[1] ? this.expr(exprs[1]) : null,
          access: al ? (al.endsWith('user') ? 'user' : 'system') : null,
          extId: op === 'upsert' && c.qualifiedName() ? c.qualifiedName().getText() : null,
        });
      }
    }
    if (c instanceof AP.RunAsStatementContext) {
      return this.mark({
        k: 'runAs',
        ln: l,
        args: c.expressionList()
          ? c
              .expressionList()
              .expression_list()
              .map((e) => this.expr(e))
          : [],
        body: this.block(c.block()),
      });
    }
    return this.fail(s, `statement ${s.getText().slice(0, 40)}`);
  }

  private whenLiteral(wl: P.WhenLiteralContext): Value | { enumName: string } {
    if (wl.whenLiteral()) return this.whenLiteral(wl.whenLiteral());
    if (wl.NULL()) return null;
    const neg = wl.SUB_list().length % 2 === 1;
    if (wl.IntegerLiteral()) {
      const n = Number(wl.IntegerLiteral().getText());
      return neg ? -n | 0 : n | 0;
    }
    if (wl.LongLiteral()) {
      const n = BigInt(wl.LongLiteral().getText().replace(/l$/i, ''));
      return neg ? -n : n;
    }
    if (wl.StringLiteral()) return unescapeApexString(wl.StringLiteral().getText(), this.file, ln(wl));
    if (wl.qualifiedName()) return { enumName: wl.qualifiedName().getText() };
    return this.fail(wl, 'when literal');
  }

  private localDecl(d: P.LocalVariableDeclarationContext): Stmt {
    return {
      k: 'local',
      ln: ln(d),
      type: this.typeRef(d.typeRef()),
      decls: d
        .variableDeclarators()
        .variableDeclarator_list()
        .map((v) => ({ name: v.id().getText(), init: v.expression() ? this.expr(v.expression()) : null })),
    };
  }

  private args(el: P.ExpressionListContext | null): Expr[] {
    return el ? el.expression_list().map((e) => this.expr(e)) : [];
  }

  expr(e: P.ExpressionContext): Expr {
    const l = ln(e);
    if (e instanceof AP.PrimaryExpressionContext) return this.primary(e.primary());
    if (e instanceof AP.SubExpressionContext) return this.expr((e as any).expression());
    if (e instanceof AP.DotExpressionContext) {
      const safe = !!e.QUESTIONDOT();
      const obj = this.expr(e.expression());
      const dm = e.dotMethodCall();
      if (dm) return { k: 'call', ln: l, obj, name: dm.anyId().getText(), args: this.args(dm.expressionList()), safe };
      return { k: 'dot', ln: l, obj, name: e.anyId().getText(), safe };
    }
    if (e instanceof AP.MethodCallExpressionContext) {
      const mc = e.methodCall();
      if (mc.THIS()) return { k: 'ctorCall', ln: l, which: 'this', args: this.args(mc.expressionList()) };
      if (mc.SUPER()) return { k: 'ctorCall', ln: l, which: 'super', args: this.args(mc.expressionList()) };
      return {
        k: 'call',
        ln: l,
        obj: null,
        name: mc.id().getText(),
        args: this.args(mc.expressionList()),
        safe: false,
      };
    }
    if (e instanceof AP.ArrayExpressionContext) {
      const [a, b] = e.expression_list();
      return { k: 'index', ln: l, obj: this.expr(a), idx: this.expr(b) };
    }
    if (e instanceof AP.NewExpressionContext) return this.creator(e.creator());
    if (e instanceof AP.CastExpressionContext)
      return { k: 'cast', ln: l, type: this.typeRef(e.typeRef()), e: this.expr(e.expression()) };
    if (e instanceof AP.PostOpExpressionContext)
      return { k: 'incdec', ln: l, op: e.getChild(1).getText() as '++', post: true, e: this.expr(e.expression()) };
    if (e instanceof AP.PreOpExpressionContext) {
      const op = e.getChild(0).getText();
      if (op === '++' || op === '--') return { k: 'incdec', ln: l, op, post: false, e: this.expr(e.expression()) };
      return { k: 'unary', ln: l, op, e: this.expr(e.expression()) };
    }
    if (e instanceof AP.NegExpressionContext)
      return { k: 'unary', ln: l, op: e.getChild(0).getText(), e: this.expr(e.expression()) };
    if (e instanceof AP.CondExpressionContext) {
      const [c, a, b] = e.expression_list();
      return { k: 'cond', ln: l, c: this.expr(c), a: this.expr(a), b: this.expr(b) };
    }
    if (e instanceof AP.InstanceOfExpressionContext)
      return { k: 'instanceof', ln: l, e: this.expr(e.expression()), type: this.typeRef(e.typeRef()) };
    if (e instanceof AP.AssignExpressionContext) {
      const [t, v] = e.expression_list();
      return { k: 'assign', ln: l, op: e.getChild(1).getText(), target: this.expr(t), value: this.expr(v) };
    }
    // binary operators: op is the text between the two operand expressions
    const ex: any = e as any;
    if (typeof ex.expression_list === 'function') {
      const list = ex.expression_list();
      if (list.length === 2) {
        let op = '';
        for (let i = 1; i < e.getChildCount() - 1; i++) op += e.getChild(i).getText();
        return { k: 'bin', ln: l, op: op.toLowerCase(), l: this.expr(list[0]), r: this.expr(list[1]) };
      }
    }
    return this.fail(e, `expression ${e.getText().slice(0, 40)}`);
  }

  private primary(p: P.PrimaryContext): Expr {
    const l = ln(p);
    if (p instanceof AP.ThisPrimaryContext) return { k: 'this', ln: l };
    if (p instanceof AP.SuperPrimaryContext) return { k: 'super', ln: l };
    if (p instanceof AP.IdPrimaryContext) return { k: 'name', ln: l, name: p.id().getText() };
    if (p instanceof AP.TypeRefPrimaryContext) return { k: 'typeLit', ln: l, type: this.typeRef(p.typeRef()) };
    if (p instanceof AP.VoidPrimaryContext) return { k: 'typeLit', ln: l, type: typeRef('void') };
    if (p instanceof AP.SoqlPrimaryContext) {
      const q = p.soqlLiteral().query();
      return { k: 'soql', ln: l, ctx: q, q: this.sourceOf(q), binds: this.queryBinds(q) } as Expr;
    }
    if (p instanceof AP.SoslPrimaryContext)
      return { k: 'sosl', ln: l, ctx: p.soslLiteral(), q: this.sourceOf(p.soslLiteral()) } as Expr;
    if (p instanceof AP.LiteralPrimaryContext) {
      const lit = p.literal();
      return { k: 'lit', ln: l, v: this.literal(lit) };
    }
    return this.fail(p, 'primary');
  }

  /** the bind expressions (`:expr`) of an inline query, lowered now so a cached AST needs no parse tree to run
   * the query; by boundKey. A bind this lowering does not support is left to the run-time lowering. */
  private queryBinds(q: P.QueryContext): Record<string, Expr> | undefined {
    let binds: Record<string, Expr> | undefined;
    const walk = (n: any) => {
      if (n instanceof AP.BoundExpressionContext) {
        try {
          (binds ??= {})[boundKey(n)] = this.expr(n.expression());
        } catch (e) {
          if (!(e instanceof LoadError)) throw e;
        }
        return;
      }
      for (const c of n.children ?? []) walk(c);
    };
    walk(q);
    return binds;
  }

  private literal(lit: P.LiteralContext): Value {
    const t = lit.getText();
    if (lit.NULL()) return null;
    if (lit.BooleanLiteral()) return t.toLowerCase() === 'true';
    if (lit.StringLiteral()) return unescapeApexString(t, this.file, ln(lit));
    if (lit.IntegerLiteral()) {
      const n = Number(t);
      if (n > 2147483648) this.fail(lit, `Integer literal out of range ${t}`);
      return n | 0;
    }
    if (lit.LongLiteral()) return BigInt.asIntN(64, BigInt(t.slice(0, -1)));
    if (lit.NumberLiteral()) {
      if (/[dD]$/.test(t)) return new ApexDouble(Number(t.slice(0, -1)));
      return parseDecimal(t) as ApexDecimal;
    }
    return this.fail(lit, `literal ${t}`);
  }

  private creator(c: P.CreatorContext): Expr {
    const l = ln(c);
    const pairs = c.createdName().idCreatedNamePair_list();
    let args: TypeRef[] = [];
    const names = pairs.map((p, i) => {
      if (p.typeList()) {
        if (i !== pairs.length - 1) this.fail(p, 'type arguments on a qualifying name');
        args = p
          .typeList()
          .typeRef_list()
          .map((t) => this.typeRef(t));
      }
      return p.anyId().getText();
    });
    const type = typeRef(names.join('.'), ...args);
    if (c.classCreatorRest())
      return { k: 'new', ln: l, type, args: this.args(c.classCreatorRest().arguments().expressionList()) };
    if (c.noRest()) return { k: 'newColl', ln: l, type, items: [] };
    if (c.setCreatorRest())
      return {
        k: 'newColl',
        ln: l,
        type,
        items: c
          .setCreatorRest()
          .expression_list()
          .map((x) => this.expr(x)),
      };
    if (c.mapCreatorRest()) {
      return {
        k: 'newMap',
        ln: l,
        type,
        pairs: c
          .mapCreatorRest()
          .mapCreatorRestPair_list()
          .map((p) => [this.expr(p.expression(0)), this.expr(p.expression(1))] as [Expr, Expr]),
      };
    }
    if (c.arrayCreatorRest()) {
      const ar = c.arrayCreatorRest();
      const lt = typeRef('List', type);
      if (ar.expression()) return { k: 'newArray', ln: l, type: lt, size: this.expr(ar.expression()), init: null };
      const ai = ar.arrayInitializer();
      return {
        k: 'newArray',
        ln: l,
        type: lt,
        size: null,
        init: ai ? ai.expression_list().map((x) => this.expr(x)) : [],
      };
    }
    return this.fail(c, 'creator');
  }
}

export interface LoadedProject {
  classes: ClassDecl[];
  triggers: TriggerDecl[];
}

export function loadSources(files: string[]): LoadedProject {
  const classes: ClassDecl[] = [];
  const triggers: TriggerDecl[] = [];
  for (const f of files) {
    const r = loadFile(f);
    if ('sobject' in r) triggers.push(r);
    else {
      if (
        r.name.toLowerCase() !==
        basename(f)
          .replace(/\.cls$/, '')
          .toLowerCase()
      ) {
        throw new LoadError(f, r.ln, `class name ${r.name} does not match the file name`);
      }
      classes.push(r);
    }
  }
  return { classes, triggers };
}

export function loadProject(projectDir: string): LoadedProject {
  const files = packageDirs(projectDir).flatMap((d) => listSources(d, ['.cls', '.trigger']));
  return loadSources(files);
}
