/**
 * `lightning/uiRecordApi`: `getRecord` answers with the scenario's record (in the preview: the org's, through
 * ../backend/remote.ts; in Jest: what the test emits with `getRecord.emit(record)`); `getFieldValue` and
 * `getFieldDisplayValue` read UI API record JSON; `notifyRecordUpdateAvailable` makes the `getRecord` wires
 * showing those records fetch them again.
 */
import { fetchRecord, preview, recordsChanged, watchRecord } from '../backend/remote';
import { isComplete, pageLog, resultOf, scenario } from '../backend/scenario';
import { StubWireAdapter } from '../backend/wire';

interface FieldId {
  objectApiName?: string;
  fieldApiName: string;
}

interface UiRecord {
  fields?: Record<string, { value?: unknown; displayValue?: unknown } | undefined>;
}

/** `@wire(getRecord, { recordId, fields, optionalFields })`. Test hooks: `emit`, `error`, `getLastConfig`. */
export class getRecord extends StubWireAdapter {
  private unwatch?: () => void;

  override disconnect(): void {
    super.disconnect();
    this.unwatch?.();
  }

  protected answer(config: Record<string, unknown>): void {
    const recordId = config.recordId;
    if (!isComplete({ recordId }) || typeof recordId !== 'string') {
      return;
    }
    if (preview()) {
      const refetch = async (): Promise<void> => {
        const result = await fetchRecord(recordId, config);
        if (this.connected) {
          this.provide({ data: result.data, error: result.error });
        }
      };
      this.unwatch?.();
      this.unwatch = watchRecord(recordId, refetch);
      void refetch();
      return;
    }
    const page = scenario();
    if (!page) {
      return;
    }
    const result = resultOf(page.records, recordId, 'record');
    void Promise.resolve().then(() => {
      if (this.connected) {
        this.provide({ data: result.data, error: result.error });
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

/** Records each call as `notifyRecordUpdateAvailable <ids>` in the page log; in the preview the wires refetch. */
export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void> {
  pageLog().events.push(`notifyRecordUpdateAvailable ${items.map((item) => item.recordId).join(',')}`);
  return preview() ? recordsChanged(items.map((item) => item.recordId)) : Promise.resolve();
}
