/** Argument helpers shared by the built-in classes: a Blob's bytes, a String argument (NullPointerException on null). */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { ApexBlob, type Value } from './values.js';
import { toApexString } from './builtins.js';

export function blob(interp: Interpreter, v: Value): Buffer {
  if (v === null) interp.npe();
  if (!(v instanceof ApexBlob)) interp.throwApex('System.TypeException', 'Expected a Blob');
  return v.bytes;
}
export function s(interp: Interpreter, v: Value): string {
  if (v === null) interp.npe();
  return typeof v === 'string' ? v : toApexString(interp, v);
}
