#!/usr/bin/env node
/**
 * Runs the package's Apex tests in the local runtime.
 *   local-apex-test (bin of @stripe-connector/local-apex-org; dist/cli/test.js) [--conformance] [--project <dir>] [--junit <file>] [--quiet] [Class[.method] ...]
 * Prints each result, per-class coverage and total; writes JUnit XML; exits 1 on any failure.
 * Last line: "N passed, N failed".
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Interpreter } from '../interpreter/interpreter.js';
import { listSources, loadSources, packageDirs, LoadError } from '../interpreter/loader.js';
import { junitXml, runTests } from '../interpreter/runner.js';
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
    const mod: any = await import(pathToFileURL(p).href);
    const K = mod.LocalDataServices ?? mod.default?.LocalDataServices;
    if (typeof K === 'function') return new K(projectDir);
  }
  return null;
}

async function main() {
  const argv = process.argv.slice(2);
  let conformance = false;
  let quiet = false;
  let projectDir = findProjectDir(process.cwd());
  let junit: string | null = null;
  let minCoverage = 0;
  const filter: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--conformance') conformance = true;
    else if (a === '--quiet') quiet = true;
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
  let project;
  try {
    project = loadSources(files);
  } catch (e) {
    if (e instanceof LoadError) {
      console.error(`LOAD ERROR ${relative(projectDir, e.file)}:${e.line}: unsupported construct: ${e.construct}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
    throw e;
  }
  // The conformance suite has its own small metadata project (conformance/sfdx-project.json: custom metadata,
  // a custom setting, a platform event), so its expectations never depend on the package being tested.
  const conformanceProject = join(toolDir, 'conformance');
  const dataProject =
    conformance && existsSync(join(conformanceProject, 'sfdx-project.json')) ? conformanceProject : projectDir;
  const services = await loadDataServices(dataProject);
  const seedInfo = (services as any)?.seedInfo;
  const interp = new Interpreter({
    services,
    user: seedInfo
      ? { id: seedInfo.adminUserId, userName: 'admin@local-org.example', orgId: seedInfo.orgId, timeZone: 'GMT' }
      : undefined,
  });
  interp.load(project);
  (services as any)?.registerApexClasses?.(project.classes.map((c) => c.name));
  const summary = runTests(interp, {
    filter,
    onResult: (r) => {
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
    },
  });
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
  console.log(
    `\nJUnit: ${relative(process.cwd(), junit)}  (${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
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

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
