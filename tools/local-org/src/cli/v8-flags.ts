/**
 * V8 flags for the CLIs, applied before anything else is loaded (import this module first).
 *
 * The runner allocates much short-lived data (values, records, JSON) next to a large long-lived heap (ASTs, the
 * org's tables): with V8's default 16 MB semi-spaces the young generation is scavenged ~130 times in a package run,
 * each copying the survivors. 64 MB semi-spaces halve the scavenges and cut the time spent in them by about 40%
 * (measured with `--trace-gc`, see README.md "Performance"), for ~35 MB more memory.
 *
 * The interpreter's hot functions are large dispatchers that call each other: with V8's default inlining budget
 * (920 bytes of bytecode inlined per optimized function) TurboFan compiles them into big units, spends about as much
 * CPU compiling in the background as the run spends evaluating, and on two cores the compiler competes with the
 * main thread while the code is still cold. A budget of 50 bytes keeps small helpers inlined and the units small:
 * package suite, 2-core machine, medians of alternating runs, CPU 4.7-5.1 s -> 3.9-4.1 s, wall 3.1-3.2 s ->
 * 2.7-2.9 s (README.md "Performance").
 *
 * V8 sizes its heap when the process starts (flags set later with `v8.setFlagsFromString` do not resize it), so
 * when the flag is not set yet the process runs itself again with it (`relaunched`; the command then loads nothing
 * else) and exits with the child's status, or re-raises the signal that ended it; SIGINT, SIGTERM and SIGHUP sent
 * to this process are passed on to the child, so it never outlives its launcher. The child inherits stdio, the
 * arguments, node's own flags and the environment. It is not re-run when the flag is given already (in `node`'s
 * arguments or NODE_OPTIONS: how to profile a run without the re-run), in a worker thread, from TypeScript sources
 * (tsx), or with `LOCAL_ORG_NO_RESPAWN=1`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { isMainThread } from 'node:worker_threads';

/** the flags the CLIs run with */
export const V8_FLAGS = ['--max-semi-space-size=64', '--max-inlined-bytecode-size-cumulative=50'];

/** set in the child: its launcher's CPU time (µs) when it started the child, added to the runner's CPU figure */
export const LAUNCHER_CPU_ENV = 'LOCAL_ORG_LAUNCHER_CPU_US';

/** whether node runs with every flag of V8_FLAGS already (its own arguments or NODE_OPTIONS) */
function flagsSet(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return V8_FLAGS.every((f) => {
    const name = f.split('=')[0];
    return given.some((g) => g === name || g.startsWith(name + '=') || g.replace(/_/g, '-').startsWith(name));
  });
}

/** the launcher's CPU time (µs) the child was started with, 0 when it was not started by a launcher */
export function launcherCpuMicros(): number {
  const n = Number(process.env[LAUNCHER_CPU_ENV]);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Starts this command again with V8_FLAGS; this process then only waits for it (see the module comment). */
function relaunch(): boolean {
  const cpu = process.cpuUsage();
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...V8_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, [LAUNCHER_CPU_ENV]: String(cpu.user + cpu.system) },
    });
  } catch {
    return false; // could not start node again: run here, without the flags
  }
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
  child.on('error', (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
  return true;
}

/** true when this process re-ran itself with V8_FLAGS: the command must not run here too */
export const relaunched =
  isMainThread &&
  !__filename.endsWith('.ts') &&
  !process.env.LOCAL_ORG_NO_RESPAWN &&
  !process.env[LAUNCHER_CPU_ENV] &&
  !flagsSet() &&
  relaunch();
