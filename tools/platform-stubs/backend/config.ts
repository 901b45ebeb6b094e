/**
 * What a page gives the platform stubs to answer from. A browser-check scenario: the component to mount and
 * what the stubs answer (tools/browser-check/run.ts writes it to `window.__browserCheck` before the bundle
 * loads; the stubs and the harness read it; plain JSON, it crosses from Node into the page). Or the local
 * preview's config (`window.__preview`, tools/preview/server.ts), when the stubs ask the preview's server.
 * In Jest neither is set: the stubs answer what the test emits or spies (see ../README.md).
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

/**
 * The local preview (tools/preview/server.ts) sets this instead of a scenario: the stubs then ask the server,
 * which answers from the package's real Apex in a local org, as `user`.
 */
export interface PreviewConfig {
  /** The page to lay out (tools/browser-check/harness/preview.ts). */
  page: string;
  /** The record the page shows (a Contact, a subscription), if any. */
  recordId?: string;
  /** The sample user (rep, service, finance, admin) the page runs as. */
  user: string;
  /** Custom permissions that user has. */
  permissions: string[];
  /** Whether Stripe is the local fake (the page then offers the buttons that play Stripe's part). */
  fakeStripe: boolean;
}

declare global {
  interface Window {
    __preview?: PreviewConfig;
    __browserCheck?: ScenarioConfig;
    __browserCheckLog?: PageLog;
  }
}
