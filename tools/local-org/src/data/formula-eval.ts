/**
 * Formulas evaluated from Apex (Apex Reference › Formula Class, FormulaEval Namespace: FormulaBuilder,
 * FormulaInstance, FormulaReturnType, FormulaGlobal): `Formula.builder().withType(...).withFormula(...)
 * .withReturnType(...).build().evaluate(obj)`.
 *
 * The formula language is the one formula fields use here (formula.ts); a function it does not know is a clear
 * `unsupported` error at build(). `withType` takes an SObjectType or an Apex class, which must be global, as must the
 * properties the formula reads (otherwise build() throws System.FormulaValidationException, as does a formula that
 * does not parse). Global variables (`$User`, `$Organization`, ...) are not evaluated: a formula using one is
 * `unsupported`.
 */
import {
  ApexList,
  ApexObject,
  ApexType,
  EnumValue,
  NativeObject,
  SObjectRecord,
  Value,
  typeRef,
} from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef, type Runtime } from '../interpreter/services.js';
import { evaluateFormula, parseFormula } from './formula.js';
import { numericValue, decimalFromNumber } from './value-utils.js';
import { native } from './helpers.js';

const RETURN_TYPES = ['BOOLEAN', 'DATE', 'DATETIME', 'DECIMAL', 'DOUBLE', 'ID', 'INTEGER', 'LONG', 'STRING', 'TIME'];
const GLOBALS = ['ORGANIZATION', 'PROFILE', 'SETUP', 'SYSTEM', 'USER', 'USER_ROLE'];

const FUNCTIONS = new Set([
  'IF',
  'AND',
  'OR',
  'NOT',
  'ISPICKVAL',
  'ISBLANK',
  'ISNULL',
  'BLANKVALUE',
  'NULLVALUE',
  'TEXT',
  'VALUE',
  'CASE',
  'MAX',
  'MIN',
  'ABS',
  'ROUND',
  'FLOOR',
  'CEILING',
  'LEN',
  'UPPER',
  'LOWER',
  'TRIM',
  'LEFT',
  'RIGHT',
  'CONTAINS',
  'BEGINS',
  'TODAY',
  'NOW',
]);

interface Target {
  /** the Apex class (user code), or the SObject type name */
  cls?: any;
  sobject?: string;
  name: string;
}

function walk(node: any, fields: string[], calls: string[]): void {
  if (!node || typeof node !== 'object') return;
  if (node.k === 'field') fields.push(node.name);
  if (node.k === 'call') calls.push(node.fn);
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) v.forEach((x) => walk(x, fields, calls));
    else if (v && typeof v === 'object') walk(v, fields, calls);
  }
}

export function formulaEvalNatives(rt: () => Runtime, nowMs: () => number): NativeClassDef[] {
  const interp = () => rt() as any;
  const unsupported = (what: string): never => {
    interp().unsupported(what);
    throw new Error(`unsupported: ${what}`);
  };
  const invalid = (msg: string): never => rt().throwApex('System.FormulaValidationException', msg);

  const enumDef = (name: string, values: string[]): NativeClassDef => ({
    name,
    getStatic(prop) {
      const i = values.findIndex((v) => v.toLowerCase() === prop.toLowerCase());
      return i >= 0 ? new EnumValue(name, values[i]!, i) : NOT_HANDLED;
    },
    callStatic(method) {
      if (method.toLowerCase() !== 'values') return NOT_HANDLED;
      return rt().newList(
        typeRef(name),
        values.map((v, i) => new EnumValue(name, v, i)),
      );
    },
  });

  const resolveTarget = (t: Value): Target => {
    if (t instanceof ApexType) {
      const r = interp().resolveType(t.ref.name, null);
      if (r?.kind === 'class') return { cls: r.decl, name: r.decl.fullName };
      if (r?.kind === 'sobject') return { sobject: r.name, name: r.name };
      return unsupported(`Formula withType(${t.ref.name})`);
    }
    if (t instanceof NativeObject && t.typeName === 'Schema.SObjectType')
      return { sobject: t.data.name, name: t.data.name };
    return unsupported('Formula withType of this value');
  };

  /** the global class property or field named `name` of `cls` (or a superclass), or undefined */
  const globalMember = (cls: any, name: string): boolean | undefined => {
    const lc = name.toLowerCase();
    for (let c = cls; c; c = interp().superOf(c)) {
      const m = c.props?.get(lc) ?? c.fields?.get(lc);
      if (m) return m.mods.has('global');
    }
    return undefined;
  };

  const builder: NativeClassDef = {
    name: 'FormulaEval.FormulaBuilder',
    callInstance(self, method, args) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'withreturntype':
          d.returnType = args[0] instanceof EnumValue ? args[0].name : null;
          return self;
        case 'withtype':
          d.target = resolveTarget(args[0] ?? null);
          return self;
        case 'withformula':
          d.formula = args[0] ?? null;
          return self;
        case 'withglobalvariables':
          d.globals = args[0] instanceof ApexList ? args[0].items : [];
          return self;
        case 'parseastemplate':
          if (args[0] === true) unsupported('Formula parseAsTemplate(true)');
          return self;
        case 'build': {
          if (typeof d.formula !== 'string') invalid('A formula is required');
          if (!d.target) invalid('A type is required');
          const target: Target = d.target;
          if (target.cls && !target.cls.mods.has('global'))
            invalid(`The type ${target.name} is not global and cannot be used in a formula`);
          let node: any;
          try {
            node = parseFormula(d.formula);
          } catch (e) {
            invalid(`Syntax error: ${(e as Error).message.replace(/^formula: /, '')}`);
          }
          const fields: string[] = [];
          const calls: string[] = [];
          walk(node, fields, calls);
          for (const fn of calls) if (!FUNCTIONS.has(fn)) unsupported(`formula function ${fn} in FormulaEval`);
          for (const f of fields) {
            if (f.startsWith('$')) unsupported(`formula global variable ${f} in FormulaEval`);
            const first = f.split('.')[0]!;
            if (target.cls) {
              const g = globalMember(target.cls, first);
              if (g === undefined) invalid(`Field ${first} does not exist on ${target.name}`);
              if (!g) invalid(`Field ${first} of ${target.name} is not global and cannot be used in a formula`);
            }
          }
          return native('FormulaEval.FormulaInstance', {
            node,
            target,
            returnType: d.returnType ?? 'STRING',
            fields: [...new Set(fields)],
          });
        }
        default:
          return NOT_HANDLED;
      }
    },
  };

  const readPath = (obj: Value, path: string): Value => {
    let cur: Value = obj;
    for (const seg of path.split('.')) {
      if (cur === null) return null;
      if (cur instanceof SObjectRecord) cur = interp().sobjectGet(cur, seg);
      else if (cur instanceof ApexObject) cur = interp().getMember(cur, seg);
      else return unsupported(`formula path ${path} through ${rt().typeNameOf(cur)}`);
    }
    return cur;
  };

  const instance: NativeClassDef = {
    name: 'FormulaEval.FormulaInstance',
    callInstance(self, method, args) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'evaluate': {
          const obj = args[0] ?? null;
          if (obj === null) rt().throwApex('System.NullPointerException', 'Attempt to de-reference a null object');
          let v: any;
          try {
            v = evaluateFormula(d.node, (path) => readPath(obj, path), nowMs(), false);
          } catch (e) {
            if (e instanceof Error && /^formula/.test(e.message)) unsupported(e.message);
            throw e;
          }
          switch (d.returnType) {
            case 'BOOLEAN':
              return v === null ? null : !!v;
            case 'STRING':
            case 'ID':
              return v === null ? null : typeof v === 'object' ? rt().toApexString(v) : String(v);
            case 'DECIMAL':
            case 'DOUBLE':
            case 'INTEGER':
            case 'LONG': {
              const n = v === null ? null : numericValue(v);
              if (n === null) return null;
              if (d.returnType === 'INTEGER') return Math.trunc(n);
              if (d.returnType === 'LONG') return BigInt(Math.trunc(n));
              return rt().coerce(decimalFromNumber(n), typeRef(d.returnType === 'DOUBLE' ? 'Double' : 'Decimal'));
            }
            default:
              return v;
          }
        }
        case 'getreferencedfields':
          return rt().newList(typeRef('String'), [...d.fields]);
        default:
          return NOT_HANDLED;
      }
    },
  };

  const formula: NativeClassDef = {
    name: 'Formula',
    callStatic(method) {
      if (method.toLowerCase() === 'builder') return native('FormulaEval.FormulaBuilder', {});
      return NOT_HANDLED;
    },
  };

  return [
    formula,
    builder,
    instance,
    enumDef('FormulaEval.FormulaReturnType', RETURN_TYPES),
    enumDef('FormulaEval.FormulaGlobal', GLOBALS),
  ];
}
