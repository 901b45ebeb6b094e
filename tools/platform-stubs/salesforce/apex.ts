/**
 * `@salesforce/apex`: `refreshApex(value)` asks the Apex wire that emitted `value` again (the method stub's
 * `refresh`, see ./apexMethod.ts); `getSObjectValue` reads a field of an SObject an Apex method returned.
 */
import { refreshWired } from '../backend/wire';

export function refreshApex(wiredValue: unknown): Promise<void> {
  return refreshWired(wiredValue);
}

export function getSObjectValue(record: Record<string, unknown> | undefined, field: string | { fieldApiName: string }) {
  const name = typeof field === 'string' ? field : field.fieldApiName;
  return record?.[name];
}
