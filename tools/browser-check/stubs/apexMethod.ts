/**
 * `@salesforce/apex/<Class>.<method>`: a function for imperative calls that is also a wire
 * adapter (`.adapter`), answering with the scenario's result for `<Class>.<method>`, or in the
 * local preview with the real method's (remote.ts).
 * build.ts generates one module per imported method that calls `apexMethod(name)`.
 */
import { callApex, emitted, preview } from './remote';
import { isComplete, resultOf, scenario } from './state';

type DataCallback = (value: { data: unknown; error: unknown }) => void;

export function apexMethod(name: string): ((params?: Record<string, unknown>) => Promise<unknown>) & {
  adapter: new (callback: DataCallback) => {
    connect(): void;
    disconnect(): void;
    update(config: Record<string, unknown>): void;
  };
} {
  const call = (params?: Record<string, unknown>): Promise<unknown> => {
    if (preview()) {
      return callApex(name, params);
    }
    const result = resultOf(scenario().apex, name, 'Apex result');
    // Apex calls reject with the platform's error object ({ body, status, ... }), not an Error.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return result.error === undefined ? Promise.resolve(result.data) : Promise.reject(result.error);
  };

  class ApexWireAdapter {
    private connected = false;

    constructor(private readonly callback: DataCallback) {}

    connect(): void {
      this.connected = true;
    }

    disconnect(): void {
      this.connected = false;
    }

    update(config: Record<string, unknown>): void {
      if (!isComplete(config)) {
        return;
      }
      if (preview()) {
        void this.fetch(config);
        return;
      }
      const result = resultOf(scenario().apex, name, 'Apex result');
      // The platform answers asynchronously; so does the stub.
      void Promise.resolve().then(() => {
        if (this.connected) {
          this.callback({ data: result.data, error: result.error });
        }
      });
    }

    /** The real method's answer; `refreshApex` on the emitted value asks again. */
    private async fetch(config: Record<string, unknown>): Promise<void> {
      const value = await callApex(name, config).then(
        (data) => ({ data, error: undefined }),
        (error: unknown) => ({ data: undefined, error }),
      );
      if (this.connected) {
        this.callback(emitted(value, () => this.fetch(config)));
      }
    }
  }

  return Object.assign(call, { adapter: ApexWireAdapter });
}
