/**
 * `lightning/navigation` (the npm package re-exports it from `force/navigation`, which only the platform
 * has): `NavigationMixin` records each navigation as `navigate <recordId or page type>` for run.ts, and
 * `GenerateUrl` answers with the Lightning Experience URL of a record page.
 */
import { pageLog } from './state';

interface PageReference {
  type: string;
  attributes: Record<string, unknown>;
  state?: Record<string, unknown>;
}

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

const targetOf = (pageReference: PageReference): string => {
  const recordId = pageReference.attributes.recordId;
  return typeof recordId === 'string' ? recordId : pageReference.type;
};

type Constructor = new (...args: any[]) => object; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NavigationMixin = Object.assign(
  <T extends Constructor>(Base: T) =>
    class extends Base {
      [Navigate](pageReference: PageReference): void {
        pageLog().events.push(`navigate ${targetOf(pageReference)}`);
      }

      [GenerateUrl](pageReference: PageReference): Promise<string> {
        return Promise.resolve(`/lightning/r/${targetOf(pageReference)}/view`);
      }
    },
  { Navigate, GenerateUrl },
);

/** `@wire(CurrentPageReference)`: no page reference in the harness. */
export class CurrentPageReference {
  constructor(private readonly callback: (value: unknown) => void) {}

  connect(): void {
    this.callback(undefined);
  }

  disconnect(): void {}

  update(): void {}
}
