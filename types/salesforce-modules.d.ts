/**
 * Declarations for the platform modules our components import that
 * `@salesforce/lightning-types` does not cover. Keep them as narrow as the
 * platform documents them: a wrong type here hides a real bug.
 */

declare module '@salesforce/apex/*' {
  import type { WireAdapterConstructor } from 'lwc';
  /**
   * An Apex method. Called imperatively it resolves with the method's return value; used with
   * `@wire` it is a wire adapter that provisions `{ data, error }`. The return type is not known
   * here, so components narrow `unknown` to their DTO type at this boundary.
   */
  interface ApexMethod extends WireAdapterConstructor<Record<string, unknown>, unknown> {
    (params?: Record<string, unknown>): Promise<unknown>;
  }
  const apexMethod: ApexMethod;
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
  const Navigate: unique symbol;
  const GenerateUrl: unique symbol;
  /** What the mixin adds: `this[NavigationMixin.Navigate](pageRef)`, `this[NavigationMixin.GenerateUrl](pageRef)`. */
  export interface Navigation {
    [Navigate](pageReference: PageReference, replace?: boolean): void;
    [GenerateUrl](pageReference: PageReference): Promise<string>;
  }
  export const NavigationMixin: {
    <T extends Constructor>(base: T): T & Constructor<Navigation>;
    readonly Navigate: typeof Navigate;
    readonly GenerateUrl: typeof GenerateUrl;
  };
  export const CurrentPageReference: unknown;
}

declare module 'lightning/actions' {
  export class CloseActionScreenEvent extends CustomEvent<null> {
    constructor();
  }
}

declare module 'lightning/uiRecordApi' {
  import type { WireAdapterConstructor } from 'lwc';
  type FieldReference = { objectApiName: string; fieldApiName?: string } | string;
  /** Wire adapter: provisions `{ data, error }` with the record's fields the user may read. */
  export const getRecord: WireAdapterConstructor<
    { recordId?: string; fields?: FieldReference[]; optionalFields?: FieldReference[] },
    unknown
  >;
  export function getFieldValue(record: unknown, field: unknown): unknown;
  export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void>;
}

declare module '@salesforce/sfdx-lwc-jest' {
  /** Jest-only: wire adapters a test drives with emit()/error() (from @salesforce/wire-service-jest-util). */
  export { createApexTestWireAdapter, createLdsTestWireAdapter } from '@salesforce/wire-service-jest-util';
}

declare module '@salesforce/i18n/*' {
  /** The running user's locale setting (`locale`, `currency`, `timeZone`, ...). */
  const value: string;
  export default value;
}

declare module '@salesforce/messageChannel/*' {
  /** A Lightning Message Service channel. */
  const channel: unknown;
  export default channel;
}

declare module 'lightning/messageService' {
  import type { WireAdapterConstructor } from 'lwc';
  /** Wire adapter for the component's message context. */
  export const MessageContext: WireAdapterConstructor<Record<string, never>, unknown>;
  export const APPLICATION_SCOPE: unknown;
  export interface Subscription {
    readonly subscriptionId?: unknown;
  }
  export function publish(messageContext: unknown, messageChannel: unknown, message?: unknown): void;
  export function subscribe(
    messageContext: unknown,
    messageChannel: unknown,
    listener: (message: unknown) => void,
    subscriberOptions?: { scope?: unknown },
  ): Subscription;
  export function unsubscribe(subscription: Subscription | null | undefined): void;
}
