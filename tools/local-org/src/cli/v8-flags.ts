/**
 * V8 flags for the CLIs, applied before anything else is loaded (import this module first).
 *
 * The runner allocates much short-lived data (values, records, JSON) next to a large long-lived heap (ASTs, the
 * org's tables): with V8's default 16 MB semi-spaces the young generation is scavenged ~130 times in a package run,
 * each copying the survivors. 64 MB semi-spaces halve the scavenges and cut the time spent in them by about 40%
 * (measured with `--trace-gc`, see README.md "Performance"), for ~35 MB more memory.
 *
 * V8 sizes its heap when the process starts (flags set later with `v8.setFlagsFromString` do not resize it), so
 * when the flag is not set yet the process runs itself again with it, synchronously, and exits with the child's
 * status: the child inherits stdio, the arguments, node's own flags and the environment. It is not re-run when the
 * flag is given already (in `node`'s arguments or NODE_OPTIONS: how to profile a run without the re-run), in a
 * worker thread, from TypeScript sources (tsx), or with `LOCAL_ORG_NO_RESPAWN=1`.
 */
import { spawnSync } from 'node:child_process';
import { isMainThread } from 'node:worker_threads';

/** the flags the CLIs run with */
export const V8_FLAGS = ['--max-semi-space-size=64'];

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

function relaunch(): void {
  const cpu = process.cpuUsage();
  const child = spawnSync(process.execPath, [...V8_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [LAUNCHER_CPU_ENV]: String(cpu.user + cpu.system) },
  });
  if (child.error) return; // could not start node again: run here, without the flags
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

if (
  isMainThread &&
  !__filename.endsWith('.ts') &&
  !process.env.LOCAL_ORG_NO_RESPAWN &&
  !process.env[LAUNCHER_CPU_ENV] &&
  !flagsSet()
) {
  relaunch();
}
