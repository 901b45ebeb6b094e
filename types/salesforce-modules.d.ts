/**
 * Declarations for the platform modules our components import that
 * `@salesforce/lightning-types` does not cover. Keep them as narrow as the
 * platform documents them: a wrong type here hides a real bug.
 */

declare module '@salesforce/apex/*' {
  /** An imperative or wired Apex method: resolves with the method's return value. */
  const apexMethod: (params?: Record<string, unknown>) => Promise<unknown>;
  export default apexMethod;
}

declare module '@salesforce/apex' {
  /** Refreshes the cached value of a wired Apex method. */
  export function refreshApex(wiredValue: unknown): Promise<void>;
}

declare module '@salesforce/schema/*' {
  /** A reference to an object or field, resolved by the platform at compile time. */
  const reference: { objectApiName: string; fieldApiName?: string };
  export default reference;
}

declare module '@salesforce/label/*' {
  const label: string;
  export default label;
}

declare module '@salesforce/customPermission/*' {
  /** True when the running user has the custom permission, otherwise undefined. */
  const hasPermission: boolean | undefined;
  export default hasPermission;
}

declare module '@salesforce/userPermission/*' {
  const hasPermission: boolean | undefined;
  export default hasPermission;
}

declare module 'lightning/platformShowToastEvent' {
  export interface ShowToastEventDetail {
    title?: string;
    message: string;
    variant?: 'info' | 'success' | 'warning' | 'error';
    mode?: 'dismissible' | 'pester' | 'sticky';
    messageData?: unknown[];
  }
  export class ShowToastEvent extends CustomEvent<ShowToastEventDetail> {
    constructor(detail: ShowToastEventDetail);
  }
}

declare module 'lightning/navigation' {
  export interface PageReference {
    type: string;
    attributes: Record<string, unknown>;
    state?: Record<string, unknown>;
  }
  type Constructor<T = object> = abstract new (...args: any[]) => T;
  export const NavigationMixin: {
    <T extends Constructor>(base: T): T;
    readonly Navigate: unique symbol;
    readonly GenerateUrl: unique symbol;
  };
  export const CurrentPageReference: unknown;
}

declare module 'lightning/actions' {
  export class CloseActionScreenEvent extends CustomEvent<null> {
    constructor();
  }
}

declare module 'lightning/uiRecordApi' {
  export function getRecord(...args: unknown[]): unknown;
  export function getFieldValue(record: unknown, field: unknown): unknown;
  export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void>;
}
