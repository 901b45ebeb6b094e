/** `@salesforce/apex`: refreshApex resolves at once (the stubbed data does not change). */
export function refreshApex(wiredValue: unknown): Promise<void> {
  void wiredValue;
  return Promise.resolve();
}

export function getSObjectValue(record: Record<string, unknown> | undefined, field: string | { fieldApiName: string }) {
  const name = typeof field === 'string' ? field : field.fieldApiName;
  return record?.[name];
}
