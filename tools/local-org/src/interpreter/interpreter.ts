/**
 * The tree-walking Apex interpreter, composed of its layers (class-model.ts, operators.ts, statements.ts,
 * expressions.ts, calls.ts, engine.ts) and the built-ins: it installs the System exceptions and the built-in
 * classes (natives.ts) and gives the layers the value semantics of builtins.ts. The built-in classes depend on
 * the Engine type, not on this module, so the import graph has no cycle.
 */
import type { Runtime } from './services.js';
import type { ApexMap, Value } from './values.js';
import { callValueMethod, toApexString as builtinToString, keyOf, mapKeyOf, SYSTEM_EXCEPTIONS } from './builtins.js';
import { installNatives } from './natives.js';
import { Engine } from './engine.js';

export { ApexThrow, InterpreterError, StaticRef } from './class-model.js';
export type { Frame, ResolvedType, InterpreterOptions } from './class-model.js';

export class Interpreter extends Engine implements Runtime {
  toApexString(v: Value): string {
    return builtinToString(this, v);
  }

  protected installBuiltinTypes(): void {
    for (const [name, parent] of SYSTEM_EXCEPTIONS) this.addBuiltinException(name, parent);
    installNatives(this);
  }

  keyOf(v: Value): unknown {
    return keyOf(this, v);
  }

  mapKeyOf(m: ApexMap, v: Value): unknown {
    return mapKeyOf(this, m, v);
  }

  callValueMethod(v: Value, lc: string, args: Value[], orig: string): Value {
    return callValueMethod(this, v, lc, args, orig);
  }
}
