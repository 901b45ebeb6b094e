/**
 * The wire adapters of the stubs (`getRecord`, each `@salesforce/apex/<Class>.<method>`): LWC's wire adapter
 * protocol (a class with `connect`, `update(config)`, `disconnect`, handed a data callback), answering from
 * the backend (backend/scenario.ts, backend/remote.ts), and test hooks with the names
 * `@salesforce/wire-service-jest-util` gives its test adapters (`emit`, `error`, `getLastConfig`), so a
 * test drives a wire the same way in Jest and, if it wants to, in a browser page.
 */

/** What an Apex or LDS wire provisions: `{ data, error }`, one of them set once the wire has an answer. */
export interface WireResult {
  data: unknown;
  error: unknown;
}

type DataCallback = (value: WireResult) => void;

/**
 * The error a failed Apex or LDS wire provisions (the fetch response's shape: `body`, `ok`, `status`,
 * `statusText`), with the defaults wire-service-jest-util uses for its `error()` hook.
 */
export function wireError(body: unknown, status = 400, statusText = 'Bad Request'): WireResult {
  return {
    data: undefined,
    error: { body: body ?? { message: 'An internal server error has occurred' }, ok: false, status, statusText },
  };
}

/** What `refreshApex(value)` refreshes: the wire whose emitted value it is. */
const refreshers = new WeakMap<object, () => Promise<void>>();

/** Remembers how to refresh `value` (an Apex wire's emitted object) and returns it. */
export function refreshable<T extends object>(value: T, refresh: () => Promise<void>): T {
  refreshers.set(value, refresh);
  return value;
}

/** `refreshApex(value)`: asks the wire that emitted `value` again; resolves at once for any other value. */
export function refreshWired(value: unknown): Promise<void> {
  return typeof value === 'object' && value !== null
    ? (refreshers.get(value)?.() ?? Promise.resolve())
    : Promise.resolve();
}

/** Live (constructed, not disconnected) instances and the last config, per adapter class. */
interface AdapterState {
  instances: Set<StubWireAdapter>;
  lastConfig: Record<string, unknown> | null;
}
const states = new WeakMap<object, AdapterState>();

function stateOf(adapter: object): AdapterState {
  let state = states.get(adapter);
  if (!state) {
    state = { instances: new Set(), lastConfig: null };
    states.set(adapter, state);
  }
  return state;
}

/**
 * A wire adapter of the stubs. Subclasses say how the backend answers a config (`answer`); without a
 * scenario or the preview (a Jest test) nothing answers, and the wire holds what the test emits.
 */
export abstract class StubWireAdapter {
  /** The config of the last `update`, `{}` after `connect` and before it (wire-service-jest-util's rule). */
  static getLastConfig(this: abstract new (callback: DataCallback) => StubWireAdapter): Record<string, unknown> | null {
    return stateOf(this).lastConfig;
  }

  /** Test hook: every live instance provisions `{ data, error: undefined }` (those `filter` accepts, if given). */
  static emit(
    this: abstract new (callback: DataCallback) => StubWireAdapter,
    data: unknown,
    filter?: (config: Record<string, unknown>) => boolean,
  ): void {
    for (const instance of [...stateOf(this).instances]) {
      if (!filter || filter(instance.config)) {
        instance.provide({ data, error: undefined });
      }
    }
  }

  /** Test hook: every live instance provisions the error a failed wire has (see `wireError`). */
  static error(
    this: abstract new (callback: DataCallback) => StubWireAdapter,
    body?: unknown,
    status?: number,
    statusText?: string,
  ): void {
    for (const instance of [...stateOf(this).instances]) {
      instance.provide(wireError(body, status, statusText));
    }
  }

  protected connected = false;
  protected config: Record<string, unknown> = {};

  constructor(private readonly callback: DataCallback) {
    stateOf(this.constructor).instances.add(this);
    // Before the first answer the component gets `{ data: undefined, error: undefined }` (its loading state),
    // as wire-service-jest-util's test adapters give it.
    this.provide({ data: undefined, error: undefined });
  }

  connect(): void {
    this.connected = true;
    const state = stateOf(this.constructor);
    state.lastConfig = {};
    state.instances.add(this);
  }

  disconnect(): void {
    this.connected = false;
    stateOf(this.constructor).instances.delete(this);
  }

  update(config: Record<string, unknown>): void {
    this.config = config;
    stateOf(this.constructor).lastConfig = config;
    this.answer(config);
  }

  /** How the backend answers `config` (it calls `provide`, at once or later); nothing in a Jest test. */
  protected abstract answer(config: Record<string, unknown>): void;

  /** Hands `value` to the component (Apex wires make it refreshable first, see `apexMethod`). */
  protected provide(value: WireResult): void {
    this.callback(value);
  }
}
