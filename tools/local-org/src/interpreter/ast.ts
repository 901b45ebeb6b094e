/** The interpreter's own AST, lowered from the apex-parser (ANTLR) parse tree by loader.ts. */
import type { TypeRef, Value } from './values.js';

/** `lc` on name, member and call nodes: the name in lower case, set by the interpreter on first evaluation. */
export type Expr =
  | { k: 'lit'; ln: number; v: Value }
  | { k: 'name'; ln: number; name: string; lc?: string }
  | { k: 'dot'; ln: number; obj: Expr; name: string; safe: boolean; lc?: string }
  | { k: 'call'; ln: number; obj: Expr | null; name: string; args: Expr[]; safe: boolean; lc?: string }
  | { k: 'ctorCall'; ln: number; which: 'this' | 'super'; args: Expr[] }
  | { k: 'index'; ln: number; obj: Expr; idx: Expr }
  | { k: 'new'; ln: number; type: TypeRef; args: Expr[] }
  | { k: 'newArray'; ln: number; type: TypeRef; size: Expr | null; init: Expr[] | null }
  | { k: 'newMap'; ln: number; type: TypeRef; pairs: [Expr, Expr][] }
  | { k: 'newColl'; ln: number; type: TypeRef; items: Expr[] }
  | { k: 'cast'; ln: number; type: TypeRef; e: Expr }
  | { k: 'unary'; ln: number; op: string; e: Expr }
  | { k: 'incdec'; ln: number; op: '++' | '--'; post: boolean; e: Expr }
  | { k: 'bin'; ln: number; op: string; l: Expr; r: Expr }
  | { k: 'cond'; ln: number; c: Expr; a: Expr; b: Expr }
  | { k: 'instanceof'; ln: number; e: Expr; type: TypeRef }
  | { k: 'assign'; ln: number; op: string; target: Expr; value: Expr }
  | { k: 'this'; ln: number }
  | { k: 'super'; ln: number }
  | { k: 'typeLit'; ln: number; type: TypeRef }
  /** inline SOQL: the parse tree (re-parsed from q on demand), its source text (lines and columns kept) and
   * its bind expressions lowered, by boundKey (loader.ts) */
  | { k: 'soql'; ln: number; ctx: any; q?: string; binds?: Record<string, Expr> }
  | { k: 'sosl'; ln: number; ctx: any; q?: string };

export interface LocalDecl {
  name: string;
  /** name in lower case (set by the interpreter) */
  lc?: string;
  init: Expr | null;
}

export interface WhenClause {
  kind: 'else' | 'values' | 'type';
  values: (Value | { enumName: string })[];
  type?: TypeRef;
  varName?: string;
  body: Stmt;
  ln: number;
}

export type Stmt =
  | { k: 'block'; ln: number; stmts: Stmt[] }
  | { k: 'local'; ln: number; type: TypeRef; decls: LocalDecl[] }
  | { k: 'expr'; ln: number; e: Expr }
  | { k: 'if'; ln: number; c: Expr; t: Stmt; f: Stmt | null }
  | { k: 'while'; ln: number; c: Expr; body: Stmt | null }
  | { k: 'do'; ln: number; c: Expr; body: Stmt }
  | { k: 'for'; ln: number; init: Stmt[]; c: Expr | null; update: Expr[]; body: Stmt | null }
  | { k: 'forEach'; ln: number; type: TypeRef; name: string; iter: Expr; body: Stmt | null; lc?: string }
  | { k: 'switch'; ln: number; e: Expr; whens: WhenClause[] }
  | { k: 'try'; ln: number; body: Stmt; catches: { type: TypeRef; name: string; body: Stmt }[]; fin: Stmt | null }
  | { k: 'return'; ln: number; e: Expr | null }
  | { k: 'throw'; ln: number; e: Expr }
  | { k: 'break'; ln: number }
  | { k: 'continue'; ln: number }
  | {
      k: 'dml';
      ln: number;
      op: string;
      e: Expr;
      access: 'user' | 'system' | null;
      extId: string | null;
      e2: Expr | null;
    }
  | { k: 'runAs'; ln: number; args: Expr[]; body: Stmt };

export interface Param {
  name: string;
  /** name in lower case (set by the interpreter) */
  lc?: string;
  type: TypeRef;
}

export interface MethodDecl {
  name: string;
  ln: number;
  isStatic: boolean;
  isAbstract: boolean;
  mods: Set<string>;
  annotations: Map<string, Record<string, Value>>;
  params: Param[];
  ret: TypeRef | null; // null = void
  body: Stmt | null;
  owner: ClassDecl;
  isCtor: boolean;
}

export interface FieldDecl {
  name: string;
  ln: number;
  type: TypeRef;
  isStatic: boolean;
  init: Expr | null;
  mods: Set<string>;
  annotations: Map<string, Record<string, Value>>;
}

export interface PropDecl {
  name: string;
  ln: number;
  type: TypeRef;
  isStatic: boolean;
  /** undefined = absent (not accessible), null = auto accessor, Stmt = explicit body */
  getter: Stmt | null | undefined;
  setter: Stmt | null | undefined;
  mods: Set<string>;
}

/** initialisation step, kept in declaration order */
export type InitStep =
  { kind: 'field'; field: FieldDecl } | { kind: 'block'; body: Stmt } | { kind: 'prop'; prop: PropDecl };

export interface ClassDecl {
  kind: 'class' | 'interface' | 'enum';
  name: string;
  fullName: string;
  file: string;
  ln: number;
  mods: Set<string>;
  annotations: Map<string, Record<string, Value>>;
  superRef: TypeRef | null;
  interfaces: TypeRef[];
  fields: Map<string, FieldDecl>;
  props: Map<string, PropDecl>;
  methods: Map<string, MethodDecl[]>;
  ctors: MethodDecl[];
  staticInit: InitStep[];
  instanceInit: InitStep[];
  inner: Map<string, ClassDecl>;
  enumValues: string[];
  outer: ClassDecl | null;
  /** executable line numbers (for coverage) */
  lines: Set<number>;
}

export interface TriggerDecl {
  name: string;
  sobject: string;
  events: string[]; // e.g. BEFORE_INSERT
  file: string;
  body: Stmt;
  lines: Set<number>;
  /** pseudo class for scoping */
  cls: ClassDecl;
}
