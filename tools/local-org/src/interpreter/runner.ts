/** Apex test runner: runs @IsTest classes, collects results and line coverage. */
import type { ClassDecl, MethodDecl } from './ast.js';
import { ApexThrow, Interpreter, InterpreterError } from './interpreter.js';
import { ApexObject } from './values.js';

export interface TestResult {
  className: string;
  methodName: string;
  outcome: 'Pass' | 'Fail';
  message: string | null;
  stackTrace: string | null;
  /** System.debug lines written by the test method */
  debug: string[];
  timeMs: number;
  file: string;
}

export interface ClassCoverage {
  name: string;
  file: string;
  covered: number;
  total: number;
  uncoveredLines: number[];
}

export interface RunSummary {
  results: TestResult[];
  coverage: ClassCoverage[];
  totalCovered: number;
  totalLines: number;
}

export interface RunOptions {
  /** only these classes (case-insensitive); Class.method selects one method */
  filter?: string[];
  onResult?: (r: TestResult) => void;
}

export function isTestClass(c: ClassDecl): boolean {
  return c.annotations.has('istest');
}

export function testMethods(c: ClassDecl): MethodDecl[] {
  const out: MethodDecl[] = [];
  for (const list of c.methods.values())
    for (const m of list) if (m.annotations.has('istest') || m.mods.has('testmethod')) out.push(m);
  return out.sort((a, b) => a.ln - b.ln);
}

function setupMethods(c: ClassDecl): MethodDecl[] {
  const out: MethodDecl[] = [];
  for (const list of c.methods.values()) for (const m of list) if (m.annotations.has('testsetup')) out.push(m);
  return out;
}

function describeError(interp: Interpreter, e: unknown): { message: string; stack: string } {
  if (e instanceof ApexThrow) {
    const ex = e.ex as ApexObject;
    const n = ex.native as any;
    let message = `${ex.cls.fullName}: ${n.message ?? 'Script-thrown exception'}`;
    let stack = n.stack ?? '';
    for (let c = n.cause as ApexObject | null; c; c = (c.native as any).cause) {
      message += `; caused by: ${c.cls.fullName}: ${(c.native as any).message}`;
      stack += `\nCaused by\n${(c.native as any).stack ?? ''}`;
    }
    return { message, stack };
  }
  const stack = interp.stackTrace();
  if (e instanceof InterpreterError) return { message: `LocalOrg.InterpreterError: ${e.message}`, stack };
  const err = e as Error;
  return {
    message: `LocalOrg.InternalError: ${err?.message ?? String(e)}`,
    stack: stack + '\n' + (err?.stack ?? '').split('\n').slice(0, 6).join('\n'),
  };
}

/** The @IsTest top-level classes a run selects, in the run's (serial) order. */
export function selectTestClasses(interp: Interpreter, filter: string[] = []): ClassDecl[] {
  const filters = filter.map((f) => f.toLowerCase());
  return interp
    .userClasses()
    .filter((c) => !c.outer && isTestClass(c))
    .filter(
      (c) =>
        !filters.length || filters.some((f) => f === c.name.toLowerCase() || f.startsWith(c.name.toLowerCase() + '.')),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs one test class: its @TestSetup once, then each selected method in its own transaction; the org's data is
 * restored afterwards. Coverage accumulates in `interp.coverage`.
 */
export function runTestClass(
  interp: Interpreter,
  cls: ClassDecl,
  filter: string[] = [],
  onResult?: (r: TestResult) => void,
): TestResult[] {
  const filters = filter.map((f) => f.toLowerCase());
  const results: TestResult[] = [];
  const svc = interp.services;
  {
    const methods = testMethods(cls).filter((m) => {
      const sel = filters.filter((f) => f.startsWith(cls.name.toLowerCase() + '.'));
      return !sel.length || sel.includes(`${cls.name}.${m.name}`.toLowerCase());
    });
    const s0 = svc?.snapshot?.();
    interp.isRunningTest = true;
    const anySvc = svc as any;
    let setupError: { message: string; stack: string } | null = null;
    let snapshot: unknown;
    const setups = setupMethods(cls);
    if (setups.length) {
      interp.resetStatics();
      anySvc?.beginTransaction?.('test', `${cls.name}.testSetup`);
      let err: string | undefined;
      try {
        for (const s of setups) interp.invoke(s, null, []);
      } catch (e) {
        setupError = describeError(interp, e);
        err = setupError.message;
      }
      anySvc?.endTransaction?.(err);
      interp.stack.length = 0;
    }
    if (svc?.snapshot) snapshot = svc.snapshot();
    for (const m of methods) {
      const t0 = performance.now();
      const debugStart = interp.debugLog.length;
      let outcome: TestResult['outcome'] = 'Pass';
      let message: string | null = null;
      let stackTrace: string | null = null;
      if (setupError) {
        outcome = 'Fail';
        message = `TestSetup failed: ${setupError.message}`;
        stackTrace = setupError.stack;
      } else {
        interp.resetStatics();
        // @IsTest(SeeAllData=true) on the method or its class: the test may see org data, which the local org
        // does not have (ConnectApi and other org-data APIs are then unsupported rather than data-siloed)
        const seeAll = (a: Map<string, Record<string, unknown>>) => a.get('istest')?.['seealldata'] === true;
        interp.state.seeAllData = seeAll(m.annotations) || seeAll(cls.annotations);
        if (svc?.restore && snapshot !== undefined) svc.restore(snapshot);
        anySvc?.beginTransaction?.('test', `${cls.name}.${m.name}`);
        try {
          interp.invoke(m, null, []);
        } catch (e) {
          outcome = 'Fail';
          const d = describeError(interp, e);
          message = d.message;
          stackTrace = d.stack;
        }
        try {
          anySvc?.endTransaction?.(message ?? undefined);
        } catch (e) {
          if (outcome === 'Pass') {
            outcome = 'Fail';
            const d = describeError(interp, e);
            message = d.message;
            stackTrace = d.stack;
          }
        }
        interp.stack.length = 0;
      }
      const r: TestResult = {
        className: cls.name,
        methodName: m.name,
        outcome,
        message,
        stackTrace,
        debug: interp.debugLog.slice(debugStart),
        timeMs: performance.now() - t0,
        file: cls.file,
      };
      interp.debugLog.length = 0;
      results.push(r);
      onResult?.(r);
    }
    if (svc?.restore && s0 !== undefined) svc.restore(s0);
  }
  interp.isRunningTest = false;
  return results;
}

/** A unit whose lines count for coverage: a non-test top-level class or a trigger. */
export interface CoverageUnit {
  name: string;
  file: string;
  lines: number[];
}

export function coverageUnits(interp: Interpreter): CoverageUnit[] {
  return [
    ...interp
      .userClasses()
      .filter((c) => !c.outer && !isTestClass(c))
      .map((c) => ({ name: c.name, file: c.file, lines: [...c.lines] })),
    ...interp.triggers.map((t) => ({ name: t.name, file: t.file, lines: [...t.lines] })),
  ];
}

/** Per-unit and total coverage of `units` from the hit lines per file. */
export function coverageSummary(
  units: CoverageUnit[],
  hits: Map<string, Set<number>>,
): Pick<RunSummary, 'coverage' | 'totalCovered' | 'totalLines'> {
  const coverage: ClassCoverage[] = [];
  let totalCovered = 0;
  let totalLines = 0;
  for (const u of [...units].sort((a, b) => a.name.localeCompare(b.name))) {
    const hit = hits.get(u.file) ?? new Set<number>();
    const lines = [...u.lines].sort((a, b) => a - b);
    const uncovered = lines.filter((l) => !hit.has(l));
    coverage.push({
      name: u.name,
      file: u.file,
      covered: lines.length - uncovered.length,
      total: lines.length,
      uncoveredLines: uncovered,
    });
    totalCovered += lines.length - uncovered.length;
    totalLines += lines.length;
  }
  return { coverage, totalCovered, totalLines };
}

export function runTests(interp: Interpreter, opts: RunOptions = {}): RunSummary {
  const classes = selectTestClasses(interp, opts.filter);
  const results: TestResult[] = [];
  interp.coverage.clear();
  for (const cls of classes) results.push(...runTestClass(interp, cls, opts.filter, opts.onResult));
  interp.isRunningTest = false;
  // coverage of non-test classes and triggers
  return { results, ...coverageSummary(coverageUnits(interp), interp.coverage) };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junitXml(summary: RunSummary, suiteName = 'Apex'): string {
  const byClass = new Map<string, TestResult[]>();
  for (const r of summary.results) byClass.set(r.className, [...(byClass.get(r.className) ?? []), r]);
  const failures = summary.results.filter((r) => r.outcome === 'Fail').length;
  const total = summary.results.reduce((a, r) => a + r.timeMs, 0) / 1000;
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(suiteName)}" tests="${summary.results.length}" failures="${failures}" time="${total.toFixed(3)}">\n`;
  for (const [cls, rs] of byClass) {
    const f = rs.filter((r) => r.outcome === 'Fail').length;
    out += `  <testsuite name="${xmlEscape(cls)}" tests="${rs.length}" failures="${f}" errors="0" time="${(rs.reduce((a, r) => a + r.timeMs, 0) / 1000).toFixed(3)}">\n`;
    for (const r of rs) {
      out += `    <testcase classname="${xmlEscape(cls)}" name="${xmlEscape(r.methodName)}" time="${(r.timeMs / 1000).toFixed(3)}"`;
      if (r.outcome === 'Pass') out += '/>\n';
      else
        out += `>\n      <failure message="${xmlEscape(r.message ?? '')}">${xmlEscape((r.message ?? '') + '\n' + (r.stackTrace ?? ''))}</failure>\n    </testcase>\n`;
    }
    out += '  </testsuite>\n';
  }
  return out + '</testsuites>\n';
}
