import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getChecklist from '@salesforce/apex/StripeSetupController.getChecklist';
import checkConnection from '@salesforce/apex/StripeSetupController.checkConnection';
import registerWebhookEndpoint from '@salesforce/apex/StripeSetupController.registerWebhookEndpoint';
import rollWebhookSecret from '@salesforce/apex/StripeSetupController.rollWebhookSecret';
import scheduleJobs from '@salesforce/apex/StripeSetupController.scheduleJobs';
import runJobNow from '@salesforce/apex/StripeSetupController.runJobNow';
import replayEvents from '@salesforce/apex/StripeWebhookReplayController.replayEvents';
import { LABELS, formatDate, formatLabel, recordUrl, statusInfo } from 'c/stripeLabels';
import type { StripeJobScheduler, StripeSetupController, StripeSetupService } from 'c/stripeApexTypes';

type Checklist = StripeSetupController.Checklist;
type JobState = StripeJobScheduler.JobState;

/** What a line offers: a button that acts on the setup from the checklist. */
interface LineAction {
  name: string;
  label: string;
}

interface Check {
  key: string;
  ok: boolean;
  text: string;
  whatToDo?: string;
  icon: string;
  iconVariant: string;
  iconLabel: string;
  actions: LineAction[];
  hasActions: boolean;
  /** Who may act on the line when the user may not (its buttons hidden). */
  note?: string;
}

function check(key: string, ok: boolean, text: string, whatToDo: string, actions: LineAction[] = []): Check {
  return {
    key,
    ok,
    text,
    whatToDo: ok ? undefined : whatToDo,
    icon: ok ? 'utility:success' : 'utility:warning',
    iconVariant: ok ? 'success' : 'warning',
    iconLabel: ok ? LABELS.setupOk : LABELS.setupNeedsAction,
    actions,
    hasActions: actions.length > 0,
  };
}

/** The label of a job key (`Stripe_Setup_Job_<key>`), or the key itself for a job this version does not name. */
function jobLabel(key: string | undefined): string {
  const labels = LABELS as unknown as Record<string, string | undefined>;
  return labels[`setupJob${key ?? ''}`] ?? key ?? '';
}

/**
 * The admin setup checklist (an app page or home page component), from `StripeSetupController`: the
 * connection to Stripe through the Named Credential (*Check connection*), the webhook signing secret and
 * endpoint (*Register in Stripe*, *Roll secret*), the Site and its guest user, the integration user and
 * subscriber config, the scheduled jobs (*Schedule jobs*, *Run now* per job), recent deliveries, failed and
 * retrying events (selected ones replayed at once), and the API version of recent events against the pinned
 * one. Each red line says what to do. Secrets never reach the component: the server stores them.
 */
export default class StripeSetupChecklist extends LightningElement {
  checklist?: Checklist;
  connection?: StripeSetupService.ConnectionCheck;
  error?: unknown;
  actionError?: unknown;
  notice?: string;
  isLoading = false;
  isWorking = false;
  selectedIds: string[] = [];
  labels = LABELS;

  columns = [
    {
      label: LABELS.setupColumnEvent,
      fieldName: 'url',
      type: 'url',
      typeAttributes: { label: { fieldName: 'name' } },
    },
    { label: LABELS.setupColumnType, fieldName: 'type' },
    { label: LABELS.setupColumnStatus, fieldName: 'statusLabel' },
    { label: LABELS.setupColumnAttempts, fieldName: 'attempts', type: 'number', initialWidth: 100 },
    { label: LABELS.setupColumnReceived, fieldName: 'receivedLabel' },
  ];

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

  get busy(): boolean {
    return this.isLoading || this.isWorking;
  }

  /** Runs a server action once at a time; its failure goes to the error panel, then the checklist reloads. */
  private async act(action: () => Promise<string | undefined>, reload = true): Promise<void> {
    if (this.isWorking) {
      return;
    }
    this.isWorking = true;
    this.actionError = undefined;
    this.notice = undefined;
    try {
      const message = await action();
      if (message) {
        this.dispatchEvent(new ShowToastEvent({ title: message, message: '', variant: 'success' }));
      }
      if (reload) {
        await this.load();
      }
    } catch (error) {
      this.actionError = error;
    } finally {
      this.isWorking = false;
    }
  }

  handleLineAction(event: Event): void {
    const name = (event.currentTarget as HTMLElement).dataset.action;
    if (name === 'connection') {
      this.act(async () => {
        this.connection = (await checkConnection()) as StripeSetupService.ConnectionCheck;
        return undefined;
      }, false).catch(() => undefined);
    } else if (name === 'register') {
      this.act(async () => {
        const result = (await registerWebhookEndpoint()) as StripeSetupService.EndpointResult;
        return formatLabel(LABELS.setupEndpointRegisteredToast, result.endpointId ?? '');
      }).catch(() => undefined);
    } else if (name === 'roll') {
      this.act(async () => {
        const result = (await rollWebhookSecret()) as StripeSetupService.EndpointResult;
        this.notice = result.oldEndpointNotDeleted
          ? formatLabel(LABELS.setupEndpointOldNotDeleted, result.oldEndpointNotDeleted)
          : undefined;
        return formatLabel(
          LABELS.setupEndpointRolledToast,
          result.endpointId ?? '',
          formatDate(result.previousSecretValidUntil, true),
        );
      }).catch(() => undefined);
    } else if (name === 'schedule') {
      this.act(async () => {
        const jobs = (await scheduleJobs()) as JobState[];
        const count = jobs.reduce((total, job) => total + (job.scheduled ?? 0), 0);
        return formatLabel(LABELS.setupJobsScheduledToast, count);
      }).catch(() => undefined);
    }
  }

  handleRunNow(event: Event): void {
    const key = (event.currentTarget as HTMLElement).dataset.job ?? '';
    this.act(async () => {
      await runJobNow({ jobKey: key });
      return formatLabel(LABELS.setupJobsRanToast, jobLabel(key));
    }).catch(() => undefined);
  }

  handleSelection(event: CustomEvent<{ selectedRows: Array<{ id: string }> }>): void {
    this.selectedIds = event.detail.selectedRows.map((row) => row.id);
  }

  handleReplaySelected(): void {
    const ids = [...this.selectedIds];
    this.act(async () => {
      const count = (await replayEvents({ eventRecordIds: ids })) as number;
      this.selectedIds = [];
      return formatLabel(LABELS.setupReplayedToast, count);
    }).catch(() => undefined);
  }

  get replayDisabled(): boolean {
    return this.busy || this.selectedIds.length === 0;
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
      this.connectionCheck(),
      check(
        'secret',
        list.signingSecretSet === true,
        list.signingSecretSet ? LABELS.setupSecretOk : LABELS.setupSecretMissing,
        LABELS.setupSecretWhatToDo,
      ),
      this.endpointCheck(list),
      ...this.setupChecks(list),
      this.jobsCheck(list),
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

  private connectionCheck(): Check {
    const actions = [{ name: 'connection', label: LABELS.setupConnectionCheck }];
    const result = this.connection;
    if (!result) {
      return check(
        'connection',
        false,
        LABELS.setupConnectionNotChecked,
        LABELS.setupConnectionNotCheckedWhatToDo,
        actions,
      );
    }
    if (result.ok) {
      const text = result.livemode ? LABELS.setupConnectionOkLive : LABELS.setupConnectionOkTest;
      return check('connection', true, text, '', actions);
    }
    return check(
      'connection',
      false,
      formatLabel(LABELS.setupConnectionFailed, result.message ?? ''),
      LABELS.setupConnectionWhatToDo,
      actions,
    );
  }

  private endpointCheck(list: Checklist): Check {
    // Registering and rolling store a signing secret: only for Stripe_Manage_Webhook_Secret (Stripe_Admin).
    const mayManage = list.canManageWebhookSecret === true;
    const only = (actions: LineAction[]) => (mayManage ? actions : []);
    let line: Check;
    if (list.webhookEndpointId) {
      line = check(
        'endpoint',
        true,
        formatLabel(LABELS.setupEndpointRegistered, list.webhookEndpointId),
        '',
        only([{ name: 'roll', label: LABELS.setupEndpointRoll }]),
      );
    } else {
      const register = only([{ name: 'register', label: LABELS.setupEndpointRegister }]);
      line = list.signingSecretSet
        ? check('endpoint', true, LABELS.setupEndpointManual, '', register)
        : check('endpoint', false, LABELS.setupEndpointMissing, LABELS.setupEndpointWhatToDo, register);
    }
    return mayManage ? line : { ...line, note: LABELS.setupEndpointAdminOnly };
  }

  private setupChecks(list: Checklist): Check[] {
    if (list.setupReadable === false || !list.site || !list.integration) {
      return [check('site', false, LABELS.setupSiteUnreadable, LABELS.setupSiteUnreadableWhatToDo)];
    }
    return [this.siteCheck(list.site), this.integrationCheck(list.integration)];
  }

  private siteCheck(site: StripeSetupService.SiteCheck): Check {
    const name = site.siteName ?? '';
    let text = formatLabel(LABELS.setupSiteOk, name);
    if (!site.found) {
      text = formatLabel(LABELS.setupSiteMissing, name);
    } else if (!site.active) {
      text = formatLabel(LABELS.setupSiteInactive, name, site.status ?? '');
    } else if (!site.guestHasPermissionSet) {
      text = formatLabel(LABELS.setupSiteGuestMissing, name);
    }
    const ok = site.found === true && site.active === true && site.guestHasPermissionSet === true;
    return check('site', ok, text, LABELS.setupSiteWhatToDo);
  }

  private integrationCheck(integration: StripeSetupService.IntegrationCheck): Check {
    const users = (integration.integrationUsers ?? []).join(', ');
    if (!users) {
      return check('integration', false, LABELS.setupIntegrationNoUser, LABELS.setupIntegrationWhatToDo);
    }
    if (integration.processedByIntegrationUser === false) {
      return check(
        'integration',
        false,
        formatLabel(LABELS.setupIntegrationWrongUser, integration.processedBy ?? ''),
        LABELS.setupIntegrationWhatToDo,
      );
    }
    if (integration.settingsRecordFound === false) {
      return check('integration', false, LABELS.setupIntegrationNoSettings, LABELS.setupIntegrationNoSettingsWhatToDo);
    }
    if (integration.legacySecretPresent) {
      return check('integration', false, LABELS.setupIntegrationLegacySecret, LABELS.setupIntegrationLegacyWhatToDo);
    }
    const confirmed = integration.processedByIntegrationUser === true;
    return check(
      'integration',
      true,
      formatLabel(confirmed ? LABELS.setupIntegrationOk : LABELS.setupIntegrationNotYet, users),
      '',
    );
  }

  private jobsCheck(list: Checklist): Check {
    const jobs = list.jobs ?? [];
    const actions = list.canManageJobs ? [{ name: 'schedule', label: LABELS.setupJobsSchedule }] : [];
    const missing = jobs.filter((job) => !job.scheduled || job.state === 'ERROR').map((job) => jobLabel(job.key));
    if (missing.length > 0) {
      return check(
        'jobs',
        false,
        formatLabel(LABELS.setupJobsMissing, missing.join(', ')),
        LABELS.setupJobsWhatToDo,
        actions,
      );
    }
    const integrationIds = new Set(list.integration?.integrationUserIds ?? []);
    const ownedByOthers =
      integrationIds.size > 0 && jobs.some((job) => (job.ownerIds ?? []).some((id) => !integrationIds.has(id)));
    if (ownedByOthers) {
      return check('jobs', false, LABELS.setupJobsNotIntegrationOwner, LABELS.setupJobsWhatToDo, actions);
    }
    return check('jobs', true, LABELS.setupJobsOk, '', actions);
  }

  get jobs() {
    return (this.checklist?.jobs ?? []).map((job) => ({
      key: job.key ?? '',
      label: jobLabel(job.key),
      runTitle: formatLabel(LABELS.setupJobsRunNowTitle, jobLabel(job.key)),
      detail: [
        job.scheduled
          ? formatLabel(LABELS.setupJobNextRun, formatDate(job.nextFireTime, true))
          : LABELS.setupJobNotScheduled,
        job.state && job.state !== 'WAITING' ? formatLabel(LABELS.setupJobState, job.state) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    }));
  }

  get hasJobs(): boolean {
    return this.jobs.length > 0;
  }

  get canManageJobs(): boolean {
    return this.checklist?.canManageJobs === true;
  }

  get problems() {
    return (this.checklist?.problems ?? []).map((row) => ({
      ...row,
      url: recordUrl(row.id ?? ''),
      statusLabel: statusInfo('webhook', row.status).label,
      receivedLabel: formatDate(row.receivedAt, true),
    }));
  }

  get hasProblems(): boolean {
    return this.problems.length > 0;
  }

  get canReplay(): boolean {
    return this.checklist?.canReplay === true;
  }

  get cannotReplay(): boolean {
    return !this.canReplay;
  }
}
