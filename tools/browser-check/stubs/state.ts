/** The current scenario, as `run.ts` set it on the page (see ../scenario.ts). */
import type { PageLog, ScenarioConfig, StubResult } from '../scenario';

const EMPTY: ScenarioConfig = { component: '', props: {}, apex: {}, records: {}, permissions: [] };

export function scenario(): ScenarioConfig {
  return window.__browserCheck ?? EMPTY;
}

export function pageLog(): PageLog {
  window.__browserCheckLog ??= { toasts: [], events: [], mounted: false };
  return window.__browserCheckLog;
}

/** A stubbed answer, or an error result naming what the scenario left out. */
export function resultOf(table: Record<string, StubResult>, key: string, what: string): StubResult {
  return table[key] ?? { error: { body: { message: `browser-check: the scenario has no ${what} for ${key}` } } };
}

/** Config values of a wire adapter are all set (no pending `$property`). */
export function isComplete(config: Record<string, unknown> | undefined): boolean {
  return config !== undefined && Object.values(config).every((value) => value !== undefined && value !== null);
}
