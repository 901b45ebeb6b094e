/** `@salesforce/apex`: refreshApex resolves at once (the stubbed data does not change); in the preview it asks again. */
import { preview, refresh } from './remote';

export function refreshApex(wiredValue: unknown): Promise<void> {
  return preview() ? refresh(wiredValue) : Promise.resolve();
}

export function getSObjectValue(record: Record<string, unknown> | undefined, field: string | { fieldApiName: string }) {
  const name = typeof field === 'string' ? field : field.fieldApiName;
  return record?.[name];
}
