/** Public API of the local Apex interpreter (the runtime core). */
export { Interpreter, ApexThrow, InterpreterError, StaticRef } from './interpreter.js';
export type { Frame, ResolvedType, InterpreterOptions } from './interpreter.js';
export { loadProject, loadSources, loadFile, listSources, packageDirs, LoadError, Lowerer } from './loader.js';
export type { LoadedProject } from './loader.js';
export * from './values.js';
export * from './services.js';
export { toApexString, keyOf, cloneRecord, javaRegex } from './builtins.js';
export { serialize as jsonSerialize, parseJson, deserializeTyped } from './json.js';
export { runTests } from './runner.js';
export type { TestResult, RunSummary, RunOptions } from './runner.js';
