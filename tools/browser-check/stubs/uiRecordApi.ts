/**
 * `lightning/uiRecordApi`: getRecord answers with the scenario's record (in the preview: the org's, remote.ts);
 * getFieldValue reads UI API record JSON.
 */
import { fetchRecord, preview, recordsChanged, watchRecord } from './remote';
import { isComplete, pageLog, resultOf, scenario } from './state';

type DataCallback = (value: { data: unknown; error: unknown }) => void;

interface FieldId {
  objectApiName?: string;
  fieldApiName: string;
}

interface UiRecord {
  fields?: Record<string, { value?: unknown; displayValue?: unknown } | undefined>;
}

export class getRecord {
  private connected = false;
  private unwatch?: () => void;

  constructor(private readonly callback: DataCallback) {}

  connect(): void {
    this.connected = true;
  }

  disconnect(): void {
    this.connected = false;
    this.unwatch?.();
  }

  update(config: Record<string, unknown>): void {
    const recordId = config.recordId;
    if (!isComplete({ recordId }) || typeof recordId !== 'string') {
      return;
    }
    if (preview()) {
      const refetch = async (): Promise<void> => {
        const result = await fetchRecord(recordId, config);
        if (this.connected) {
          this.callback({ data: result.data, error: result.error });
        }
      };
      this.unwatch?.();
      this.unwatch = watchRecord(recordId, refetch);
      void refetch();
      return;
    }
    const result = resultOf(scenario().records, recordId, 'record');
    void Promise.resolve().then(() => {
      if (this.connected) {
        this.callback({ data: result.data, error: result.error });
      }
    });
  }
}

/** A field of UI API record JSON; `Stripe_Price__r.Name` walks into the related record, as the platform's does. */
function fieldOf(record: unknown, field: unknown): { value?: unknown; displayValue?: unknown } | undefined {
  if (typeof record !== 'object' || record === null) {
    return undefined;
  }
  const name = typeof field === 'string' ? field.split('.').slice(1).join('.') : (field as FieldId).fieldApiName;
  const [first, ...rest] = name.split('.');
  const value = (record as UiRecord).fields?.[first];
  return rest.length === 0 ? value : fieldOf(value?.value, `x.${rest.join('.')}`);
}

export function getFieldValue(record: unknown, field: unknown): unknown {
  return fieldOf(record, field)?.value;
}

export function getFieldDisplayValue(record: unknown, field: unknown): unknown {
  return fieldOf(record, field)?.displayValue;
}

export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void> {
  pageLog().events.push(`notifyRecordUpdateAvailable ${items.map((item) => item.recordId).join(',')}`);
  return preview() ? recordsChanged(items.map((item) => item.recordId)) : Promise.resolve();
}
