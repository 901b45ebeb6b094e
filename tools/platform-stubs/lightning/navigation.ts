/**
 * `lightning/navigation` (the lightning-base-components package re-exports it from `force/navigation`, which
 * only the platform has): `NavigationMixin` records each navigation, in `navigations` (test hook: tests read
 * it and clear it with `navigations.length = 0`) and as `navigate <recordId, web page URL or page type>` in the page log
 * for tools/browser-check/run.ts; `GenerateUrl` answers with the Lightning Experience URL of a record page.
 * `CurrentPageReference` provisions no page reference (no page around the component).
 */
import { pageLog } from '../backend/scenario';

export interface PageReference {
  type: string;
  attributes: Record<string, unknown>;
  state?: Record<string, unknown>;
}

/** Every page reference a component navigated to, oldest first. */
export const navigations: PageReference[] = [];

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

const targetOf = (pageReference: PageReference): string => {
  const { recordId, url } = pageReference.attributes;
  if (typeof recordId === 'string') return recordId;
  return typeof url === 'string' ? url : pageReference.type;
};

type Constructor = new (...args: any[]) => object; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NavigationMixin = Object.assign(
  <T extends Constructor>(Base: T) =>
    class extends Base {
      [Navigate](pageReference: PageReference): void {
        navigations.push(pageReference);
        pageLog().events.push(`navigate ${targetOf(pageReference)}`);
      }

      [GenerateUrl](pageReference: PageReference): Promise<string> {
        const recordId = pageReference.attributes.recordId;
        return Promise.resolve(`/lightning/r/${typeof recordId === 'string' ? recordId : pageReference.type}/view`);
      }
    },
  { Navigate, GenerateUrl },
);

/** `@wire(CurrentPageReference)`: no page reference around the component. */
export class CurrentPageReference {
  constructor(private readonly callback: (value: unknown) => void) {}

  connect(): void {
    this.callback(undefined);
  }

  disconnect(): void {}

  update(): void {}
}
