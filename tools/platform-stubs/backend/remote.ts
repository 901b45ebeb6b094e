/**
 * The stubs' remote backend: in the local preview (`window.__preview`, tools/preview/server.ts) platform calls go
 * to the server, which answers from the package's real Apex and records in a local org. Apex calls POST
 * `/apex/<Class>.<method>` with the parameters; `getRecord` POSTs `/ui-api/record`. Both run as the page's user.
 */
import type { PreviewConfig } from './config';

export function preview(): PreviewConfig | undefined {
  return typeof window === 'undefined' ? undefined : window.__preview;
}

interface Answer {
  data?: unknown;
  error?: unknown;
}

async function post(url: string, body: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Preview-User': preview()?.user ?? '' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Answer;
}

/** An Apex call as the platform answers it: the result, or a rejection with `{ body: { message }, status }`. */
export async function callApex(name: string, params: Record<string, unknown> | undefined): Promise<unknown> {
  const answer = await post(`/apex/${name}`, params ?? {});
  // The preview page's own parts (what Stripe can do next) follow what the call changed.
  window.dispatchEvent(new CustomEvent('preview:apex', { detail: name }));
  if (answer.error !== undefined) {
    // Apex calls reject with the platform's error object ({ body, status, ... }), not an Error.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw answer.error;
  }
  return answer.data;
}

const fieldName = (field: unknown): string =>
  typeof field === 'string'
    ? field
    : `${String((field as { objectApiName?: string }).objectApiName)}.${String((field as { fieldApiName: string }).fieldApiName)}`;

/** UI API record JSON for `recordId` with the wire config's fields and optional fields. */
export function fetchRecord(recordId: string, config: Record<string, unknown>): Promise<Answer> {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value : value ? [value] : []).map(fieldName);
  return post('/ui-api/record', { recordId, fields: list(config.fields), optionalFields: list(config.optionalFields) });
}

/** `notifyRecordUpdateAvailable`: every `getRecord` wire showing one of these records fetches it again. */
const recordWires = new Map<string, Set<() => Promise<void>>>();

export function watchRecord(recordId: string, refetch: () => Promise<void>): () => void {
  if (!recordWires.has(recordId)) {
    recordWires.set(recordId, new Set());
  }
  recordWires.get(recordId)?.add(refetch);
  return () => recordWires.get(recordId)?.delete(refetch);
}

export async function recordsChanged(recordIds: string[]): Promise<void> {
  await Promise.all(recordIds.flatMap((id) => [...(recordWires.get(id) ?? [])].map((refetch) => refetch())));
}
