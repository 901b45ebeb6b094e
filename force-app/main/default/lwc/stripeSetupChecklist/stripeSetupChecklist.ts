import { LightningElement } from 'lwc';
import getChecklist from '@salesforce/apex/StripeSetupController.getChecklist';
import { LABELS, formatDate, formatLabel, recordUrl, statusInfo } from 'c/stripeLabels';
import type { StripeSetupController } from 'c/stripeApexTypes';

type Checklist = StripeSetupController.Checklist;

interface Check {
  key: string;
  ok: boolean;
  text: string;
  whatToDo?: string;
  icon: string;
  iconVariant: string;
  iconLabel: string;
}

function check(key: string, ok: boolean, text: string, whatToDo: string): Check {
  return {
    key,
    ok,
    text,
    whatToDo: ok ? undefined : whatToDo,
    icon: ok ? 'utility:success' : 'utility:warning',
    iconVariant: ok ? 'success' : 'warning',
    iconLabel: ok ? LABELS.setupOk : LABELS.setupNeedsAction,
  };
}

/**
 * The admin setup checklist (an app page or home page component): the webhook signing secret, recent
 * deliveries, failed and retrying events (each a link to its record, where *Replay* is), and the API
 * version of recent events against the pinned one, from `StripeSetupController.getChecklist`. Each red
 * line says what to do.
 */
export default class StripeSetupChecklist extends LightningElement {
  checklist?: Checklist;
  error?: unknown;
  isLoading = false;
  labels = LABELS;

  override connectedCallback(): void {
    this.load().catch(() => undefined);
  }

  async load(): Promise<void> {
    this.isLoading = true;
    try {
      this.checklist = (await getChecklist()) as Checklist;
      this.error = undefined;
    } catch (error) {
      this.checklist = undefined;
      this.error = error;
    } finally {
      this.isLoading = false;
    }
  }

  handleRefresh(): void {
    this.load().catch(() => undefined);
  }

  get checks(): Check[] {
    const list = this.checklist;
    if (!list) {
      return [];
    }
    const pinned = list.pinnedApiVersion ?? '';
    const versions = (list.recentApiVersions ?? []).join(', ');
    const failed = list.failed ?? 0;
    const retrying = list.retrying ?? 0;
    const deliveries = list.deliveriesLastDay ?? 0;
    return [
      check(
        'secret',
        list.signingSecretSet === true,
        list.signingSecretSet ? LABELS.setupSecretOk : LABELS.setupSecretMissing,
        LABELS.setupSecretWhatToDo,
      ),
      check(
        'deliveries',
        deliveries > 0,
        deliveries > 0
          ? formatLabel(LABELS.setupDeliveriesOk, deliveries, formatDate(list.lastDeliveryAt, true))
          : LABELS.setupDeliveriesNone,
        LABELS.setupDeliveriesWhatToDo,
      ),
      check(
        'failures',
        failed + retrying === 0,
        failed + retrying === 0 ? LABELS.setupFailuresOk : formatLabel(LABELS.setupFailures, failed, retrying),
        LABELS.setupFailuresWhatToDo,
      ),
      check(
        'api-version',
        list.apiVersionsMatch !== false,
        list.apiVersionsMatch === false
          ? formatLabel(LABELS.setupVersionMismatch, pinned, versions)
          : formatLabel(versions ? LABELS.setupVersionOk : LABELS.setupVersionNone, pinned),
        formatLabel(LABELS.setupVersionWhatToDo, pinned),
      ),
    ];
  }

  get problems() {
    return (this.checklist?.problems ?? []).map((row) => ({
      ...row,
      url: recordUrl(row.id ?? ''),
      statusInfo: statusInfo('webhook', row.status),
      detail: [row.type, formatLabel(LABELS.setupAttempts, row.attempts ?? 0), formatDate(row.receivedAt, true)]
        .filter(Boolean)
        .join(' · '),
    }));
  }

  get hasProblems(): boolean {
    return this.problems.length > 0;
  }
}
