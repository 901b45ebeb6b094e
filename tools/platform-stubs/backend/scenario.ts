/**
 * The stubs' scenario backend: the browser check (tools/browser-check/run.ts) sets the scenario on the page
 * (`window.__browserCheck`, see ./config.ts) before the bundle loads, and the stubs answer from it. Without a
 * scenario (a Jest test) nothing is set and the stubs answer only what the test emits or spies.
 */
import type { PageLog, ScenarioConfig, StubResult } from './config';

/** The page's scenario, if there is one. */
export function scenario(): ScenarioConfig | undefined {
  return typeof window === 'undefined' ? undefined : window.__browserCheck;
}

/** What the page records for run.ts (toasts, navigations, published messages, ...). */
export function pageLog(): PageLog {
  window.__browserCheckLog ??= { toasts: [], events: [], mounted: false };
  return window.__browserCheckLog;
}

/** A stubbed answer, or an error result naming what the scenario left out. */
export function resultOf(table: Record<string, StubResult>, key: string, what: string): StubResult {
  return table[key] ?? { error: { body: { message: `platform-stubs: the scenario has no ${what} for ${key}` } } };
}

/** Config values of a wire adapter are all set (no pending `$property`). */
export function isComplete(config: Record<string, unknown> | undefined): boolean {
  return config !== undefined && Object.values(config).every((value) => value !== undefined && value !== null);
}
