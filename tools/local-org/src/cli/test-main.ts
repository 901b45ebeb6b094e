/**
 * Runs the package's Apex tests in the local runtime (loaded by test.ts, the command, once the V8 flags are set).
 *   local-apex-test (bin of @stripe-connector/local-apex-org; dist/cli/test.js) [--conformance] [--project <dir>] [--junit <file>] [--quiet] [Class[.method] ...]
 * Prints each result, per-class coverage and total; writes JUnit XML; exits 1 on any failure.
 * Last line: "N passed, N failed".
 *
 * Test classes run on the main thread by default; `LOCAL_ORG_WORKERS=N` (N > 1) runs them on N worker threads
 * (measured on this package's 2-core machine: no faster than serial, ~25% more CPU, so opt-in; `--serial` forces
 * one thread): each worker loads the project once and runs whole classes, handed out
 * longest first by the previous run's times; the main thread prints and writes everything in the serial order
 * (coverage is the union of the lines hit), so the output equals a serial run's but for the times.
 */
import { launcherCpuMicros } from './v8-flags.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { isMainThread, parentPort, threadId, Worker, workerData } from 'node:worker_threads';
import { Interpreter } from '../interpreter/interpreter.js';
import { listSources, loadSources, packageDirs, LoadError } from '../interpreter/loader.js';
import {
  coverageSummary,
  coverageUnits,
  junitXml,
  runTestClass,
  runTests,
  selectTestClasses,
  type CoverageUnit,
  type RunSummary,
  type TestResult,
} from '../interpreter/runner.js';
import type { DataServices } from '../interpreter/services.js';

function findProjectDir(start: string): string {
  let d = resolve(start);
  for (;;) {
    if (existsSync(join(d, 'sfdx-project.json'))) return d;
    const p = dirname(d);
    if (p === d) return resolve(start);
    d = p;
  }
}

/** The data layer (src/data, issue 5): `LocalDataServices` from src/data/services-impl (optional). */
async function loadDataServices(projectDir: string): Promise<DataServices | null> {
  for (const ext of ['.js', '.ts']) {
    const p = join(__dirname, '..', 'data', 'services-impl' + ext);
    if (!existsSync(p)) continue;
    // require, not import(): a worker thread run from source has tsx's CommonJS loader only
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod: any = require(p);
    const K = mod.LocalDataServices ?? mod.default?.LocalDataServices;
    if (typeof K === 'function') return new K(projectDir);
  }
  return null;
}

interface Setup {
  files: string[];
  dataProject: string;
}

/** Loads the sources and the data layer into a fresh interpreter (throws LoadError). */
async function createInterpreter(setup: Setup): Promise<Interpreter> {
  const project = loadSources(setup.files);
  const services = await loadDataServices(setup.dataProject);
  const seedInfo = (services as any)?.seedInfo;
  const interp = new Interpreter({
    services,
    user: seedInfo
      ? { id: seedInfo.adminUserId, userName: 'admin@local-org.example', orgId: seedInfo.orgId, timeZone: 'GMT' }
      : undefined,
  });
  interp.load(project);
  (services as any)?.registerApexClasses?.(project.classes.map((c) => c.name));
  return interp;
}

type ToWorker = { type: 'run'; name: string } | { type: 'done' };
type FromWorker =
  | { type: 'ready'; classes: string[]; units: CoverageUnit[] }
  | { type: 'loadError'; file: string; line: number; construct: string }
  | { type: 'results'; name: string; results: TestResult[] }
  | { type: 'coverage'; hits: [string, number[]][] };

/** Worker thread: loads the project once, then runs the classes the main thread sends, one at a time. */
async function workerMain() {
  const { setup, filter } = workerData as { setup: Setup; filter: string[] };
  const port = parentPort!;
  const post = (m: FromWorker) => port.postMessage(m);
  let interp: Interpreter;
  try {
    interp = await createInterpreter(setup);
  } catch (e) {
    if (e instanceof LoadError) {
      post({ type: 'loadError', file: e.file, line: e.line, construct: e.construct });
      return;
    }
    throw e;
  }
  const classes = selectTestClasses(interp, filter);
  const byName = new Map(classes.map((c) => [c.name, c]));
  interp.coverage.clear();
  post({ type: 'ready', classes: classes.map((c) => c.name), units: coverageUnits(interp) });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'run') {
      post({ type: 'results', name: m.name, results: runTestClass(interp, byName.get(m.name)!, filter) });
    } else {
      post({ type: 'coverage', hits: [...interp.coverage].map(([f, lines]) => [f, [...lines]]) });
      port.close();
    }
  });
}

/** The previous run's time per class (ms), to hand out the longest classes first. */
function timesFile(projectDir: string, conformance: boolean): string {
  const key = createHash('sha1').update(`${projectDir}\0${conformance}`).digest('hex').slice(0, 16);
  return join(tmpdir(), 'local-org-ast-cache', `class-times-${key}.json`);
}

function readTimes(file: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

function writeTimes(file: string, results: TestResult[]) {
  const times: Record<string, number> = {};
  for (const r of results) times[r.className] = (times[r.className] ?? 0) + r.timeMs;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(tmp, JSON.stringify(times));
    renameSync(tmp, file);
  } catch {
    /* best effort: only the schedule depends on it */
  }
}

/**
 * Runs the selected classes on `count` worker threads. `onResult` is called in the serial order (classes by name,
 * methods by line), as each class's results become available in that order.
 */
function runParallel(
  setup: Setup,
  filter: string[],
  count: number,
  times: Record<string, number>,
  onResult: (r: TestResult) => void,
): Promise<RunSummary | LoadError> {
  return new Promise((resolvePromise, reject) => {
    const workers: Worker[] = [];
    let order: string[] | null = null;
    let units: CoverageUnit[] = [];
    let queue: string[] = [];
    const done = new Map<string, TestResult[]>();
    let printed = 0;
    const hits = new Map<string, Set<number>>();
    let finished = 0;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (e instanceof LoadError) resolvePromise(e);
      else reject(e);
    };
    const next = (w: Worker) => {
      const name = queue.shift();
      w.postMessage((name === undefined ? { type: 'done' } : { type: 'run', name }) satisfies ToWorker);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      const results = order!.flatMap((n) => done.get(n) ?? []);
      resolvePromise({ results, ...coverageSummary(units, hits) });
    };
    for (let i = 0; i < count; i++) {
      // run from source (tsx, the tool's own tests): the worker registers the same TypeScript loader
      const w = __filename.endsWith('.ts')
        ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});`, {
            eval: true,
            workerData: { setup, filter },
          })
        : new Worker(__filename, { workerData: { setup, filter } });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        if (m.type === 'loadError') return fail(new LoadError(m.file, m.line, m.construct));
        if (m.type === 'ready') {
          if (!order) {
            order = m.classes;
            units = m.units;
            const rank = new Map(order.map((n, k) => [n, k]));
            // longest first (classes without a time first: they may be new and long), ties in the serial order
            queue = [...order].sort(
              (a, b) => (times[b] ?? Infinity) - (times[a] ?? Infinity) || rank.get(a)! - rank.get(b)!,
            );
          }
          return next(w);
        }
        if (m.type === 'results') {
          done.set(m.name, m.results);
          while (order && printed < order.length && done.has(order[printed])) {
            for (const r of done.get(order[printed])!) onResult(r);
            printed++;
          }
          return next(w);
        }
        for (const [f, lines] of m.hits) {
          let s = hits.get(f);
          if (!s) hits.set(f, (s = new Set()));
          for (const l of lines) s.add(l);
        }
        if (++finished === count) finish();
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0 && !settled) fail(new Error(`test worker exited with code ${code}`));
      });
    }
  });
}

async function main() {
  const argv = process.argv.slice(2);
  let conformance = false;
  let quiet = false;
  let serial = false;
  let projectDir = findProjectDir(process.cwd());
  let junit: string | null = null;
  let minCoverage = 0;
  const filter: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--conformance') conformance = true;
    else if (a === '--quiet') quiet = true;
    else if (a === '--serial') serial = true;
    else if (a === '--project') projectDir = resolve(argv[++i]);
    else if (a === '--junit') junit = argv[++i];
    else if (a === '--min-coverage') minCoverage = Number(argv[++i]);
    else filter.push(a);
  }
  const t0 = performance.now();
  const toolDir = join(__dirname, '..', '..');
  const files = conformance
    ? listSources(join(toolDir, 'conformance'), ['.cls', '.trigger'])
    : packageDirs(projectDir).flatMap((d) => listSources(d, ['.cls', '.trigger']));
  junit = junit ?? join(projectDir, 'reports', conformance ? 'apex-conformance-junit.xml' : 'apex-junit.xml');
  // The conformance suite has its own small metadata project (conformance/sfdx-project.json: custom metadata,
  // a custom setting, a platform event), so its expectations never depend on the package being tested.
  const conformanceProject = join(toolDir, 'conformance');
  const dataProject =
    conformance && existsSync(join(conformanceProject, 'sfdx-project.json')) ? conformanceProject : projectDir;
  const setup: Setup = { files, dataProject };
  const loadError = (e: LoadError) => {
    console.error(`LOAD ERROR ${relative(projectDir, e.file)}:${e.line}: unsupported construct: ${e.construct}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  };
  const onResult = (r: TestResult) => {
    if (r.outcome === 'Pass') {
      if (!quiet) console.log(`  PASS ${r.className}.${r.methodName} (${r.timeMs.toFixed(0)} ms)`);
    } else {
      console.log(
        `  FAIL ${r.className}.${r.methodName}\n       ${r.message}\n${(r.stackTrace ?? '')
          .split('\n')
          .map((l) => '         ' + l)
          .join('\n')}`,
      );
      if (r.debug.length) {
        console.log('       last debug lines:');
        for (const l of r.debug.slice(-15)) console.log('         ' + l);
      }
    }
  };
  const envWorkers = Number(process.env.LOCAL_ORG_WORKERS);
  // a filter naming one class runs serially: a second worker would only load the project
  const filteredClasses = new Set(filter.map((f) => f.split('.')[0].toLowerCase()));
  const workers = serial || filteredClasses.size === 1 ? 1 : envWorkers >= 1 ? Math.floor(envWorkers) : 1;
  const tf = timesFile(projectDir, conformance);
  let summary: RunSummary;
  if (workers > 1) {
    const r = await runParallel(setup, filter, workers, readTimes(tf), onResult);
    if (r instanceof LoadError) return loadError(r);
    summary = r;
  } else {
    let interp: Interpreter;
    try {
      interp = await createInterpreter(setup);
    } catch (e) {
      if (e instanceof LoadError) return loadError(e);
      throw e;
    }
    summary = runTests(interp, { filter, onResult });
  }
  if (filter.length === 0) writeTimes(tf, summary.results);
  if (!conformance) {
    console.log('\nCoverage (executable lines hit / total):');
    for (const c of summary.coverage) {
      const pct = c.total ? ((100 * c.covered) / c.total).toFixed(0) : '100';
      console.log(
        `  ${c.name.padEnd(48)} ${String(c.covered).padStart(5)}/${String(c.total).padEnd(5)} ${pct.padStart(3)}%`,
      );
    }
    const tp = summary.totalLines ? ((100 * summary.totalCovered) / summary.totalLines).toFixed(1) : '100';
    console.log(
      `  ${'TOTAL'.padEnd(48)} ${String(summary.totalCovered).padStart(5)}/${String(summary.totalLines).padEnd(5)} ${tp}%`,
    );
  }
  mkdirSync(dirname(junit), { recursive: true });
  writeFileSync(junit, junitXml(summary, conformance ? 'Apex conformance' : 'Apex'));
  if (!conformance) {
    const pct = summary.totalLines ? (100 * summary.totalCovered) / summary.totalLines : 100;
    const coverage = {
      total: { covered: summary.totalCovered, lines: summary.totalLines, percent: Math.round(pct * 10) / 10 },
      classes: summary.coverage.map((c) => ({ ...c, file: relative(projectDir, c.file) })),
    };
    writeFileSync(join(dirname(junit), 'apex-coverage.json'), JSON.stringify(coverage, null, 2) + '\n');
  }
  const passed = summary.results.filter((r) => r.outcome === 'Pass').length;
  const failed = summary.results.length - passed;
  const cpu = process.cpuUsage();
  // CPU: this process's and, when it was started by the V8-flags launcher (v8-flags.ts), the launcher's
  const cpuMicros = cpu.user + cpu.system + launcherCpuMicros();
  console.log(
    `\nJUnit: ${relative(process.cwd(), junit)}  (${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${(cpuMicros / 1e6).toFixed(2)} s)`,
  );
  // The same gate as the scratch-org CI job: total line coverage of the non-test classes.
  const totalPercent = summary.totalLines ? (100 * summary.totalCovered) / summary.totalLines : 100;
  const coverageTooLow = !conformance && filter.length === 0 && totalPercent < minCoverage;
  if (coverageTooLow) {
    console.log(`Coverage ${totalPercent.toFixed(1)}% is below the minimum of ${minCoverage}%`);
  }
  // A name that selects nothing is a typo, not a green run.
  const unmatched = filter.filter((name) => {
    const wanted = name.toLowerCase();
    return !summary.results.some((r) => {
      const className = r.className.toLowerCase();
      return wanted === className || wanted === `${className}.${r.methodName.toLowerCase()}`;
    });
  });
  for (const name of unmatched) {
    console.log(`No @IsTest class or test method matches ${name}`);
  }
  console.log(`${passed} passed, ${failed + unmatched.length} failed`);
  process.exit(failed || unmatched.length || coverageTooLow ? 1 : 0);
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
} else {
  void workerMain();
}
