/**
 * `@salesforce/apex/<Class>.<method>`: a function for imperative calls that is also a wire adapter
 * (`.adapter`), answering with the scenario's result for `<Class>.<method>`, in the local preview with the
 * real method's (../backend/remote.ts), and in Jest with what the test gives it. ../modules.ts generates one
 * module per imported method: `export default apexMethod('<Class>.<method>')`.
 *
 * Test hooks (plain members, so a Jest test spies on them with `jest.spyOn`):
 * - `invoke(params)`: what an imperative call does (the call itself delegates to it);
 * - `refresh(wire)`: what `refreshApex(value)` does for a value this method's wire emitted (the preview
 *   asks the server again; the scenario's answer does not change);
 * - `emit(data)`, `error(body)`, `getLastConfig()`: the wire adapter's (../backend/wire.ts).
 */
import { callApex, preview } from '../backend/remote';
import { isComplete, resultOf, scenario } from '../backend/scenario';
import { refreshable, StubWireAdapter, type WireResult } from '../backend/wire';

type Params = Record<string, unknown> | undefined;

/** What the scenario answers for `name`; without a scenario (Jest), an error that says what to stub. */
function scenarioResult(name: string): { data?: unknown; error?: unknown } {
  const page = scenario();
  if (!page) {
    return {
      error: {
        body: {
          message: `platform-stubs: nothing answers ${name} (no scenario; in Jest spy on apexStub(method).invoke)`,
        },
      },
    };
  }
  return resultOf(page.apex, name, 'Apex result');
}

/** The stub of one Apex method: callable, a wire adapter, and test hooks. */
export interface ApexMethodStub {
  (params?: Params): Promise<unknown>;
  /** `<Class>.<method>`. */
  readonly apexName: string;
  readonly adapter: new (callback: (value: WireResult) => void) => StubWireAdapter;
  invoke(params?: Params): Promise<unknown>;
  refresh(wire?: unknown): Promise<void>;
  emit(data: unknown, filter?: (config: Record<string, unknown>) => boolean): void;
  error(body?: unknown, status?: number, statusText?: string): void;
  getLastConfig(): Record<string, unknown> | null;
}

export function apexMethod(name: string): ApexMethodStub {
  const invoke = (params?: Params): Promise<unknown> => {
    if (preview()) {
      return callApex(name, params);
    }
    const result = scenarioResult(name);
    // Apex calls reject with the platform's error object ({ body, status, ... }), not an Error.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return result.error === undefined ? Promise.resolve(result.data) : Promise.reject(result.error);
  };

  class ApexWireAdapter extends StubWireAdapter {
    protected answer(config: Record<string, unknown>): void {
      if (!isComplete(config)) {
        return;
      }
      if (preview()) {
        void this.fetch(config);
        return;
      }
      if (!scenario()) {
        return;
      }
      const result = scenarioResult(name);
      // The platform answers asynchronously; so does the stub.
      void Promise.resolve().then(() => {
        if (this.connected) {
          this.provide({ data: result.data, error: result.error });
        }
      });
    }

    /** Asks the backend again for the last config (what `refresh()` does by default). */
    again(): Promise<void> {
      return preview() ? this.fetch(this.config) : Promise.resolve();
    }

    /** Every emitted value can be refreshed with `refreshApex(value)`: that calls the method's `refresh`. */
    protected override provide(value: WireResult): void {
      super.provide(refreshable(value, () => stub.refresh(this)));
    }

    /** The real method's answer. */
    private async fetch(config: Record<string, unknown>): Promise<void> {
      const value = await callApex(name, config).then(
        (data) => ({ data, error: undefined }),
        (error: unknown) => ({ data: undefined, error }),
      );
      if (this.connected) {
        this.provide(value);
      }
    }
  }

  const call = (params?: Params): Promise<unknown> => stub.invoke(params);
  const stub: ApexMethodStub = Object.assign(call, {
    apexName: name,
    adapter: ApexWireAdapter,
    invoke,
    refresh: (wire?: unknown): Promise<void> => (wire instanceof ApexWireAdapter ? wire.again() : Promise.resolve()),
    emit: (data: unknown, filter?: (config: Record<string, unknown>) => boolean) => ApexWireAdapter.emit(data, filter),
    error: (body?: unknown, status?: number, statusText?: string) => ApexWireAdapter.error(body, status, statusText),
    getLastConfig: () => ApexWireAdapter.getLastConfig(),
  });
  return stub;
}

/** `method` (an `@salesforce/apex/...` default import) as the stub it is; throws if it is not one of these stubs. */
export function apexStub(method: unknown): ApexMethodStub {
  const stub = method as Partial<ApexMethodStub> | undefined;
  if (typeof method !== 'function' || typeof stub?.apexName !== 'string' || typeof stub.invoke !== 'function') {
    throw new Error('apexStub: not an Apex method of tools/platform-stubs (is the module mapped to the stubs?)');
  }
  return method as ApexMethodStub;
}
