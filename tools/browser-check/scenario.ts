/**
 * What one browser-check scenario gives the page: the component to mount and what the platform
 * stubs answer. `run.ts` writes it to `window.__browserCheck` before the bundle loads; the stubs
 * under `stubs/` and the harness read it. Plain JSON: it crosses from Node into the page.
 */

/** A wired or imperative result: `data`, or `error` (as the platform shapes it). */
export interface StubResult {
  data?: unknown;
  error?: unknown;
}

export interface ScenarioConfig {
  /** Custom element tag of the component under test, e.g. `c-stripe-billing-history`. */
  component: string;
  /** Public properties set before the element is attached (`recordId`, ...). */
  props: Record<string, unknown>;
  /** Apex methods by `Class.method`: what the wire adapter emits and the imperative call resolves to. */
  apex: Record<string, StubResult>;
  /** `lightning/uiRecordApi` `getRecord` results by record id. */
  records: Record<string, StubResult>;
  /** Custom permissions the user has (`@salesforce/customPermission/<name>` is true). */
  permissions: string[];
}

/** What the page records for `run.ts` to check. */
export interface PageLog {
  toasts: unknown[];
  events: string[];
  mounted: boolean;
}

declare global {
  interface Window {
    __browserCheck?: ScenarioConfig;
    __browserCheckLog?: PageLog;
  }
}
