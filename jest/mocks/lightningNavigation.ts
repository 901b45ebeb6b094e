/**
 * Stand-in for `lightning/navigation` that records where a component navigates (sfdx-lwc-jest's stub
 * drops the page reference). Tests read `navigations` and clear it with `navigations.length = 0`.
 */
import type { PageReference } from 'lightning/navigation';

export const navigations: PageReference[] = [];

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

type Constructor = new (...args: any[]) => object; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NavigationMixin = Object.assign(
  <T extends Constructor>(Base: T) =>
    class extends Base {
      [Navigate](pageReference: PageReference): void {
        navigations.push(pageReference);
      }

      [GenerateUrl](pageReference: PageReference): Promise<string> {
        const recordId = pageReference.attributes.recordId;
        return Promise.resolve(`/lightning/r/${typeof recordId === 'string' ? recordId : ''}/view`);
      }
    },
  { Navigate, GenerateUrl },
);

export const CurrentPageReference = jest.fn();
