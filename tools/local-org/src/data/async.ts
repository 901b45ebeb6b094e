/**
 * Asynchronous Apex: Queueable (delays, AsyncOptions, duplicate signatures, finalizers), @future, Batchable,
 * Schedulable (cron), platform events (PublishImmediately / PublishAfterCommit) delivered to their triggers.
 * Every async unit runs as its own transaction with async limits.
 */
import { ApexDatetime, ApexList, ApexObject, NativeObject, SObjectRecord, Value } from '../interpreter/values.js';
import { NOT_HANDLED } from '../interpreter/services.js';
import type { NativeClassDef, NotHandled, Runtime, SourceSite } from '../interpreter/services.js';
import type { OrgDatabase } from './database.js';
import type { Schema } from './schema.js';
import type { SeedInfo } from './seed.js';
import type { LIMITS, TransactionRecord } from './limits.js';
import { enumValue, native, newList } from './helpers.js';
import { nextCronFire } from './cron.js';

/** What the async engine needs of the org's services (implemented by LocalDataServices, services-impl.ts). */
export interface AsyncHost {
  readonly db: OrgDatabase;
  readonly schema: Schema;
  readonly seedInfo: SeedInfo;
  rt: Runtime;
  /** depth of async execution (> 0: async limits apply) */
  asyncDepth: number;
  now(): number;
  currentUserId(): string;
  bump(key: keyof typeof LIMITS.sync, n?: number): void;
  describeException(e: unknown): { typeName: string; message: string; catchable: boolean } | null;
  withUser<T>(userId: string, body: () => T): T;
  apexClassId(name: string): string | null;
  beginTransaction(kind: string, entryPoint: string): void;
  endTransaction(error?: string): TransactionRecord;
}

type JobKind = 'Queueable' | 'Future' | 'BatchApex' | 'ScheduledApex';

interface Job {
  id: string;
  kind: JobKind;
  className: string;
  method?: string;
  notBefore: number;
  run: (job: Job) => void;
  fromAsync: boolean;
  /**
   * The user who submitted the job, whom it runs as (AsyncApexJob.CreatedById; Apex Developer Guide › Apex
   * Scheduler: a scheduled job runs as the user who scheduled it, and so does the work it enqueues).
   */
  userId: string;
  signature?: string;
  finalizer?: Value;
  target?: Value;
  /** queueable chain: depth of this job (1 = enqueued from a non-queueable context) and the chain's maximum */
  depth?: number;
  maxDepth?: number;
}

interface Scheduled {
  triggerId: string;
  detailId: string;
  name: string;
  cron: string;
  target: Value;
  nextFire: number;
  ranInTest: boolean;
  /** The user who scheduled it (CronTrigger.OwnerId), whom it runs as. */
  userId: string;
}

interface EventRec {
  type: string;
  record: SObjectRecord;
  /** EventBus.publish(event, callback): an EventPublishSuccessCallback / EventPublishFailureCallback */
  callback?: Value;
}

export interface AsyncRun {
  kind: string;
  className: string;
  jobId: string | null;
  status: 'Completed' | 'Failed';
  error?: string;
}

export class AsyncEngine {
  jobs: Job[] = [];
  scheduled: Scheduled[] = [];
  bus: EventRec[] = [];
  pending: EventRec[] = [];
  currentJob: Job | null = null;
  private txMarks: Array<{ jobs: number; pending: number }> = [];
  private replayId = 0;
  runs: AsyncRun[] = [];

  constructor(readonly svc: AsyncHost) {}

  private get rt(): Runtime {
    return this.svc.rt;
  }

  private testMode(): boolean {
    return !!(this.rt as any)?.isRunningTest;
  }

  // ---------------------------------------------------------------------------------------------- transactions

  beginTransaction(): void {
    this.txMarks.push({ jobs: this.jobs.length, pending: this.pending.length });
  }

  commitTransaction(): void {
    const mark = this.txMarks.pop();
    if (!mark) return;
    // After-commit events of this transaction go to the bus.
    const committed = this.pending.splice(mark.pending);
    this.bus.push(...committed);
  }

  rollbackTransaction(): void {
    const mark = this.txMarks.pop();
    if (!mark) return;
    this.pending.splice(mark.pending);
    this.jobs.splice(mark.jobs);
  }

  savepoint(): unknown {
    return { pending: this.pending.length };
  }

  rollbackTo(sp: unknown): void {
    const s = sp as { pending: number };
    this.pending.splice(s.pending);
  }

  snapshot(): unknown {
    return {
      jobs: [...this.jobs],
      scheduled: this.scheduled.map((s) => ({ ...s })),
      bus: [...this.bus],
      pending: [...this.pending],
    };
  }

  restore(s: unknown): void {
    const snap = s as { jobs: Job[]; scheduled: Scheduled[]; bus: EventRec[]; pending: EventRec[] };
    this.jobs = [...snap.jobs];
    this.scheduled = snap.scheduled.map((x) => ({ ...x }));
    this.bus = [...snap.bus];
    this.pending = [...snap.pending];
    this.currentJob = null;
    this.txMarks = [];
  }

  reset(): void {
    this.jobs = [];
    this.scheduled = [];
    this.bus = [];
    this.pending = [];
    this.currentJob = null;
    this.txMarks = [];
  }

  // ---------------------------------------------------------------------------------------------- enqueue

  private newJobRecord(
    kind: JobKind,
    className: string,
    method: string | null,
    extra: Record<string, Value> = {},
  ): string {
    return this.svc.db.insertRaw(
      'AsyncApexJob',
      {
        JobType: kind,
        Status: 'Queued',
        ApexClassId: this.svc.apexClassId(className),
        MethodName: method,
        NumberOfErrors: 0,
        JobItemsProcessed: 0,
        TotalJobItems: 0,
        ...extra,
      },
      this.svc.currentUserId(),
    ).id;
  }

  private setJobStatus(id: string, status: string, extended?: string): void {
    const r = this.svc.db.get(id);
    if (!r) return;
    const changes: Record<string, Value> = { status };
    if (extended !== undefined) changes.extendedstatus = extended.substring(0, 255);
    if (status === 'Completed' || status === 'Failed' || status === 'Aborted')
      changes.completeddate = new ApexDatetime(this.svc.now());
    if (status === 'Failed') changes.numberoferrors = 1;
    this.svc.db.patch(r, changes);
  }

  private className(v: Value): string {
    if (v instanceof ApexObject) return v.cls?.fullName ?? v.cls?.name ?? 'Unknown';
    return this.rt.typeNameOf(v);
  }

  enqueueJob(target: Value, opts: Value | undefined): string {
    if (!(target instanceof ApexObject) || !this.rt.isInstanceOf(target, 'System.Queueable')) {
      this.rt.throwApex('System.AsyncException', 'Argument must implement the Queueable interface');
    }
    let delayMinutes = 0;
    let signature: string | undefined;
    let maxDepth: number | undefined;
    if (typeof opts === 'number') delayMinutes = opts;
    if (opts instanceof NativeObject && opts.typeName === 'AsyncOptions') {
      delayMinutes = Number(opts.data.minimumqueueabledelayinminutes ?? opts.data.minimumqueuedelayinminutes ?? 0) || 0;
      const sig = opts.data.duplicatesignature;
      if (sig instanceof NativeObject) signature = String(sig.data.value);
      const md = opts.data.maximumqueueablestackdepth;
      if (typeof md === 'number') maxDepth = md;
    }
    const parent = this.currentJob?.kind === 'Queueable' ? this.currentJob : null;
    const depth = (parent?.depth ?? 0) + 1;
    maxDepth = maxDepth ?? parent?.maxDepth;
    if (maxDepth !== undefined && depth > maxDepth) {
      this.rt.throwApex('System.AsyncException', 'Maximum stack depth has been reached.');
    }
    if (delayMinutes < 0 || delayMinutes > 10)
      this.rt.throwApex('System.InvalidParameterValueException', 'The delay must be between 0 and 10 minutes.');
    if (signature && this.jobs.some((j) => j.signature === signature)) {
      this.rt.throwApex(
        'System.DuplicateMessageException',
        'Attempt to enqueue job with a duplicate queueable signature',
      );
    }
    // Apex Developer Guide › Queueable Apex › Chaining Jobs: "You can't chain queueable jobs in an Apex test.
    // Doing so results in an error."
    if (this.testMode() && this.currentJob?.kind === 'Queueable') {
      this.rt.throwApex('System.AsyncException', 'Maximum stack depth has been reached.');
    }
    this.svc.bump('queueableJobs');
    const className = this.className(target);
    const id = this.newJobRecord('Queueable', className, null);
    this.jobs.push({
      id,
      kind: 'Queueable',
      className,
      notBefore: this.svc.now() + delayMinutes * 60000,
      fromAsync: this.currentJob !== null,
      userId: this.svc.currentUserId(),
      signature,
      target,
      depth,
      maxDepth,
      run: (job) => {
        this.rt.callMethod(target, 'execute', [native('QueueableContext', { jobId: job.id })]);
      },
    });
    return id;
  }

  enqueueFuture(className: string, method: string, args: Value[]): void {
    if (this.currentJob && (this.currentJob.kind === 'Future' || this.currentJob.kind === 'BatchApex')) {
      this.rt.throwApex(
        'System.AsyncException',
        'Future method cannot be called from a future or batch method: ' + `${className}.${method}`,
      );
    }
    this.svc.bump('futureCalls');
    const id = this.newJobRecord('Future', className, method);
    this.jobs.push({
      id,
      kind: 'Future',
      className,
      method,
      notBefore: this.svc.now(),
      fromAsync: this.currentJob !== null,
      userId: this.svc.currentUserId(),
      run: () => void this.rt.callStatic(className, method, args),
    });
  }

  executeBatch(target: Value, scope: number): string {
    if (!(target instanceof ApexObject)) this.rt.throwApex('System.NullPointerException', 'Argument cannot be null.');
    if (scope < 1 || scope > 2000)
      this.rt.throwApex('System.InvalidParameterValueException', 'The scope must be between 1 and 2000.');
    const className = this.className(target);
    const id = this.newJobRecord('BatchApex', className, null);
    this.jobs.push({
      id,
      kind: 'BatchApex',
      className,
      notBefore: this.svc.now(),
      fromAsync: this.currentJob !== null,
      userId: this.svc.currentUserId(),
      target,
      run: (job) => this.runBatch(job, target, scope),
    });
    return id;
  }

  schedule(name: string, cron: string, target: Value): string {
    if (!(target instanceof ApexObject)) this.rt.throwApex('System.NullPointerException', 'Argument cannot be null.');
    const taken = this.scheduled.some((s) => s.name === name);
    if (taken)
      this.rt.throwApex('System.AsyncException', `The Apex job named "${name}" is already scheduled for execution.`);
    let nextFire: number;
    try {
      nextFire = nextCronFire(cron, this.svc.now());
    } catch (e) {
      this.rt.throwApex('System.StringException', (e as Error).message);
    }
    const admin = this.svc.currentUserId();
    const detailId = this.svc.db.insertRaw('CronJobDetail', { Name: name, JobType: '7' }, admin).id;
    const triggerId = this.svc.db.insertRaw(
      'CronTrigger',
      {
        CronJobDetailId: detailId,
        CronExpression: cron,
        State: 'WAITING',
        NextFireTime: new ApexDatetime(nextFire!),
        TimesTriggered: 0,
        OwnerId: admin,
        StartTime: new ApexDatetime(this.svc.now()),
      },
      admin,
    ).id;
    this.newJobRecord('ScheduledApex', this.className(target), null, { CronTriggerId: triggerId });
    this.scheduled.push({
      triggerId,
      detailId,
      name,
      cron,
      target,
      nextFire: nextFire!,
      ranInTest: false,
      userId: admin,
    });
    return triggerId;
  }

  abortJob(id: string): void {
    const s = this.scheduled.findIndex((x) => x.triggerId.substring(0, 15) === id.substring(0, 15));
    if (s >= 0) {
      const sch = this.scheduled[s]!;
      this.scheduled.splice(s, 1);
      this.svc.db.table('CronTrigger').delete(sch.triggerId);
      this.svc.db.table('CronJobDetail').delete(sch.detailId);
      return;
    }
    const j = this.jobs.findIndex((x) => x.id.substring(0, 15) === id.substring(0, 15));
    if (j >= 0) {
      this.setJobStatus(this.jobs[j]!.id, 'Aborted');
      this.jobs.splice(j, 1);
      return;
    }
    this.rt.throwApex('System.StringException', 'Invalid id: ' + id);
  }

  // ---------------------------------------------------------------------------------------------- events

  publish(arg: Value, callback: Value = null): Value {
    const single = !(arg instanceof ApexList);
    const items = arg instanceof ApexList ? arg.items : [arg];
    const results: NativeObject[] = [];
    let immediate = false;
    let afterCommit = false;
    for (const it of items) {
      if (!(it instanceof SObjectRecord)) {
        results.push(
          native('Database.SaveResult', {
            id: null,
            success: false,
            created: false,
            errors: [{ statusCode: 'INVALID_TYPE', message: 'not an event', fields: [] }],
          }),
        );
        continue;
      }
      const obj = this.svc.schema.get(it.typeName);
      if (!obj || obj.kind !== 'platformEvent')
        this.rt.throwApex('System.TypeException', `EventBus.publish: ${it.typeName} is not a platform event`);
      // Platform Events Developer Guide: validation errors (a missing required field) come back in the SaveResult
      // and nothing is published.
      const missing = [...obj!.fields.values()]
        .filter((f) => f.custom && f.required && f.type !== 'boolean')
        .filter((f) => {
          const v = it.get(f.name);
          return v === null || v === '';
        })
        .map((f) => f.name);
      if (missing.length) {
        results.push(
          native('Database.SaveResult', {
            id: null,
            success: false,
            created: false,
            errors: [
              {
                statusCode: 'REQUIRED_FIELD_MISSING',
                message: `Required fields are missing: [${missing.join(', ')}]`,
                fields: missing,
              },
            ],
          }),
        );
        continue;
      }
      const rec = new SObjectRecord(obj!.name);
      for (const { name, value } of it.fields.values()) rec.set(name, value, name);
      // "Identify and Match Event Messages with the EventUuid Field": the system sets EventUuid (an event made with
      // newSObject(null, true) already carries it); the SaveResult carries it as an OPERATION_ENQUEUED entry,
      // which EventBus.getOperationId(saveResult) returns.
      const given = it.get('EventUuid');
      const uuid = typeof given === 'string' && given ? given : cryptoUuid();
      rec.set('EventUuid', uuid, 'EventUuid');
      rec.set('CreatedDate', new ApexDatetime(this.svc.now()), 'CreatedDate');
      rec.set('CreatedById', this.svc.currentUserId(), 'CreatedById');
      rec.set('ReplayId', String(++this.replayId), 'ReplayId');
      if (obj!.publishBehavior === 'PublishImmediately') {
        immediate = true;
        this.bus.push({ type: obj!.name, record: rec, callback });
      } else {
        afterCommit = true;
        this.pending.push({ type: obj!.name, record: rec, callback });
      }
      results.push(
        native('Database.SaveResult', {
          id: this.svc.db.ids.next(obj!.keyPrefix),
          success: true,
          created: true,
          errors: [{ statusCode: 'OPERATION_ENQUEUED', message: uuid, fields: [] }],
        }),
      );
    }
    if (immediate) this.svc.bump('publishImmediateDml');
    if (afterCommit) this.svc.bump('dmlStatements');
    return single ? (results[0] ?? null) : newList(this.rt, 'Database.SaveResult', results);
  }

  failEvents(): void {
    const failed = [...this.bus, ...this.pending];
    this.bus = [];
    this.pending = [];
    this.runPublishCallbacks(failed, false);
  }

  /**
   * Platform Events Developer Guide › Get the Result of Asynchronous Platform Event Publishing with Apex Publish
   * Callbacks / Test Apex Publish Callbacks: after the events of a publish call are delivered (Test.stopTest(),
   * Test.getEventBus().deliver()) its callback's onSuccess(EventBus.SuccessResult) runs; after
   * Test.getEventBus().fail() its onFailure(EventBus.FailureResult); each getEventUuids() lists that call's
   * events. A callback runs in its own transaction as the Automated Process user.
   */
  private runPublishCallbacks(events: EventRec[], success: boolean): void {
    const byCallback = new Map<Value, string[]>();
    for (const e of events) {
      if (!e.callback) continue;
      const l = byCallback.get(e.callback) ?? [];
      l.push(String(e.record.get('EventUuid') ?? ''));
      byCallback.set(e.callback, l);
    }
    const iface = success ? 'EventBus.EventPublishSuccessCallback' : 'EventBus.EventPublishFailureCallback';
    for (const [cb, uuids] of byCallback) {
      if (!this.rt.isInstanceOf(cb, iface)) continue;
      const result = native(success ? 'EventBus.SuccessResult' : 'EventBus.FailureResult', { uuids });
      this.runUnit(
        'PublishCallback',
        `${this.className(cb)}.${success ? 'onSuccess' : 'onFailure'}`,
        null,
        () => {
          this.rt.callMethod(cb, success ? 'onSuccess' : 'onFailure', [result]);
        },
        this.svc.seedInfo.automatedProcessUserId,
        true,
      );
    }
  }

  /** Deliver published events to their triggers (one transaction per type batch). */
  deliverEvents(_site: SourceSite, includePending: boolean): number {
    const events = [...this.bus, ...(includePending ? this.pending : [])];
    this.bus = [];
    if (includePending) this.pending = [];
    const byType = new Map<string, SObjectRecord[]>();
    for (const e of events) {
      const l = byType.get(e.type) ?? [];
      l.push(e.record);
      byType.set(e.type, l);
    }
    this.runPublishCallbacks(events, true);
    for (const [type, recs] of byType) {
      // A PlatformEventSubscriberConfig of the type's trigger sets its running user and batch size.
      const config = this.subscriberConfig(type);
      const size = config?.batchSize ?? 2000;
      for (let i = 0; i < recs.length; i += size) {
        const batch = recs.slice(i, i + size);
        if (!this.rt.hasTriggers(type)) continue;
        this.runUnit(
          'PlatformEvent',
          `${type} trigger`,
          null,
          () => {
            const newMap = new Map<string, SObjectRecord>();
            this.rt.fireTriggers({
              sobjectType: type,
              operation: 'AFTER_INSERT',
              newList: batch,
              oldList: null,
              newMap,
              oldMap: null,
            });
          },
          config?.userId || this.svc.seedInfo.automatedProcessUserId,
          false,
        );
      }
    }
    return events.length;
  }

  /** The subscriber config of the (first configured) trigger on a platform event type, if any. */
  private subscriberConfig(type: string): { userId: string; batchSize: number } | undefined {
    const triggers: Array<{ name?: unknown; sobject?: unknown }> = (this.rt as any)?.triggers ?? [];
    for (const t of triggers) {
      if (String(t.sobject).toLowerCase() !== type.toLowerCase()) continue;
      const config = this.svc.seedInfo.subscriberConfigs.get(String(t.name).toLowerCase());
      if (config) return config;
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------- running

  /**
   * Run one async unit as its own transaction. Returns the error description (or undefined).
   * rethrow: in tests, an exception from a job surfaces in Test.stopTest().
   */
  private runUnit(
    kind: string,
    label: string,
    job: Job | null,
    body: () => void,
    runAs: string | null,
    rethrow: boolean,
  ): { error?: string; exception?: unknown } {
    const prevJob = this.currentJob;
    this.currentJob = job;
    this.svc.asyncDepth++;
    const state = (this.rt as any).state ?? {};
    const prevFlags = {
      isQueueable: state.isQueueable,
      isFuture: state.isFuture,
      isBatch: state.isBatch,
      isScheduled: state.isScheduled,
    };
    state.isQueueable = kind === 'Queueable' || kind === 'Finalizer';
    state.isFuture = kind === 'Future';
    state.isBatch = kind === 'BatchApex' || kind === 'BatchApexWorker';
    state.isScheduled = kind === 'ScheduledApex';
    this.svc.beginTransaction(kind, label);
    let error: string | undefined;
    let exception: unknown;
    try {
      if (runAs) this.svc.withUser(runAs, body);
      else body();
    } catch (e) {
      const d = this.svc.describeException(e);
      error = d ? `${d.typeName}: ${d.message}` : ((e as Error)?.message ?? String(e));
      exception = e;
    } finally {
      this.svc.endTransaction(error);
      this.svc.asyncDepth--;
      this.currentJob = prevJob;
      Object.assign((this.rt as any).state ?? {}, prevFlags);
    }
    this.runs.push({
      kind,
      className: job?.className ?? label,
      jobId: job?.id ?? null,
      status: error ? 'Failed' : 'Completed',
      ...(error ? { error } : {}),
    });
    if (exception !== undefined) {
      if (rethrow && !(job && job.finalizer)) throw exception;
      // Interpreter errors (unsupported features) surface in tests; the scriptable org records them and goes on.
      if (this.testMode() && !this.svc.describeException(exception)) throw exception;
    }
    return { error, exception };
  }

  private runJob(job: Job, rethrow: boolean): void {
    this.setJobStatus(job.id, 'Processing');
    const { error, exception } = this.runUnit(
      job.kind,
      job.className + (job.method ? '.' + job.method : ''),
      job,
      () => job.run(job),
      job.userId,
      rethrow,
    );
    this.setJobStatus(job.id, error ? 'Failed' : 'Completed', error);
    if (job.finalizer) {
      const fin = job.finalizer;
      const ctx = native('FinalizerContext', {
        jobId: job.id,
        result: error ? 'UNHANDLED_EXCEPTION' : 'SUCCESS',
        exception: (exception as any)?.ex ?? null,
      });
      this.runUnit(
        'Finalizer',
        this.className(fin),
        null,
        () => void this.rt.callMethod(fin, 'execute', [ctx]),
        job.userId,
        rethrow,
      );
    }
  }

  private runBatch(job: Job, target: Value, scope: number): void {
    const bc = native('Database.BatchableContext', { jobId: job.id });
    // Without Database.Stateful every transaction of the batch starts from the instance state as enqueued.
    const stateful = this.rt.isInstanceOf(target, 'Database.Stateful');
    const initial = target instanceof ApexObject ? new Map(target.fields) : null;
    const resetState = () => {
      if (!stateful && initial && target instanceof ApexObject) target.fields = new Map(initial);
    };
    let startResult: Value = null;
    startResult = this.rt.callMethod(target, 'start', [bc]);
    let items: Value[] = [];
    if (startResult instanceof NativeObject && startResult.typeName === 'Database.QueryLocator')
      items = startResult.data.records;
    else if (startResult instanceof ApexList) items = startResult.items;
    else if (startResult instanceof ApexObject) {
      let it: Value = startResult;
      if (this.rt.isInstanceOf(startResult, 'System.Iterable')) it = this.rt.callMethod(startResult, 'iterator', []);
      while (this.rt.callMethod(it, 'hasNext', []) === true) items.push(this.rt.callMethod(it, 'next', []));
    }
    const chunks = Math.ceil(items.length / scope);
    const patchJob = (changes: Record<string, Value>) => {
      const cur = this.svc.db.get(job.id);
      if (cur) this.svc.db.patch(cur, changes);
    };
    patchJob({ totaljobitems: chunks });
    let errors = 0;
    for (let i = 0; i < items.length; i += scope) {
      const chunk = items.slice(i, i + scope);
      const elem = chunk[0] instanceof SObjectRecord ? (chunk[0] as SObjectRecord).typeName : 'Object';
      resetState();
      const { error } = this.runUnit(
        'BatchApexWorker',
        `${job.className}.execute`,
        job,
        () => {
          this.rt.callMethod(target, 'execute', [bc, newList(this.rt, elem, chunk)]);
        },
        job.userId,
        false,
      );
      if (error) errors++;
      patchJob({ jobitemsprocessed: Number(this.svc.db.get(job.id)?.values.get('jobitemsprocessed') ?? 0) + 1 });
    }
    patchJob({ numberoferrors: errors });
    resetState();
    this.rt.callMethod(target, 'finish', [bc]);
  }

  /** Test.stopTest(): run everything the test queued (chained jobs enqueued by async jobs do not run in tests). */
  runForTest(site: SourceSite): void {
    for (let round = 0; round < 50; round++) {
      let progressed = this.deliverEvents(site, true) > 0;
      const runnable = this.jobs.filter((j) => !j.fromAsync);
      this.jobs = this.jobs.filter((j) => j.fromAsync);
      for (const job of runnable) {
        progressed = true;
        this.runJob(job, true);
      }
      for (const s of this.scheduled) {
        if (s.ranInTest) continue;
        s.ranInTest = true;
        progressed = true;
        this.runScheduled(s, true, true);
      }
      if (!progressed) break;
    }
  }

  /**
   * Run a scheduled job. Run by Test.stopTest() it leaves its CronTrigger alone: the Apex Developer Guide's
   * "Testing the Apex Scheduler" example (and apex-recipes' ScheduledApexRecipes_Tests) read TimesTriggered = 0 and
   * the original NextFireTime after stopTest ran the job.
   */
  private runScheduled(s: Scheduled, rethrow: boolean, byStopTest = false): void {
    const ct = this.svc.db.get(s.triggerId);
    this.runUnit(
      'ScheduledApex',
      this.className(s.target),
      null,
      () => {
        this.rt.callMethod(s.target, 'execute', [native('SchedulableContext', { triggerId: s.triggerId })]);
      },
      s.userId,
      rethrow,
    );
    if (ct && !byStopTest) {
      const changes: Record<string, Value> = {
        timestriggered: Number(ct.values.get('timestriggered') ?? 0) + 1,
        previousfiretime: new ApexDatetime(this.svc.now()),
      };
      try {
        s.nextFire = nextCronFire(s.cron, this.svc.now() + 1000);
        changes.nextfiretime = new ApexDatetime(s.nextFire);
      } catch {
        s.nextFire = Number.POSITIVE_INFINITY;
      }
      const cur = this.svc.db.get(s.triggerId);
      if (cur) this.svc.db.patch(cur, changes);
    }
  }

  /** LocalOrg.runAsyncJobs(): run everything due until nothing is left. */
  runDue(): AsyncRun[] {
    const start = this.runs.length;
    for (let round = 0; round < 1000; round++) {
      let progressed = this.deliverEvents({ file: '', line: 0 }, false) > 0;
      const now = this.svc.now();
      const due = this.jobs.filter((j) => j.notBefore <= now);
      this.jobs = this.jobs.filter((j) => j.notBefore > now);
      for (const job of due) {
        progressed = true;
        this.runJob(job, false);
      }
      for (const s of [...this.scheduled]) {
        if (s.nextFire <= now) {
          progressed = true;
          this.runScheduled(s, false);
        }
      }
      if (!progressed) break;
    }
    return this.runs.slice(start);
  }

  // ---------------------------------------------------------------------------------------------- System./Test.

  systemCall(method: string, args: Value[]): Value | NotHandled {
    switch (method.toLowerCase()) {
      case 'enqueuejob':
        return this.enqueueJob(args[0] ?? null, args[1]);
      case 'schedule':
        return this.schedule(String(args[0]), String(args[1]), args[2] ?? null);
      case 'schedulebatch': {
        const id = this.executeBatch(args[0] ?? null, typeof args[3] === 'number' ? args[3] : 200);
        const job = this.jobs.find((j) => j.id === id);
        if (job) job.notBefore = this.svc.now() + Number(args[2] ?? 0) * 60000;
        return id;
      }
      case 'abortjob':
        this.abortJob(String(args[0]));
        return null;
      case 'attachfinalizer': {
        const job = this.currentJob;
        if (!job || job.kind !== 'Queueable')
          this.rt.throwApex('System.AsyncException', 'Transaction Finalizers can only be attached to Queueable jobs.');
        if (job!.finalizer)
          this.rt.throwApex('System.AsyncException', 'Only one finalizer can be attached to a Queueable job.');
        job!.finalizer = args[0] ?? null;
        return null;
      }
      case 'isqueueable':
        return this.currentJob?.kind === 'Queueable';
      case 'isfuture':
        return this.currentJob?.kind === 'Future';
      case 'isbatch':
        return this.currentJob?.kind === 'BatchApex';
      case 'isscheduled':
        return this.svc.asyncDepth > 0 && this.currentJob === null && false;
      default:
        return NOT_HANDLED;
    }
  }

  testCall(): Value | NotHandled {
    return NOT_HANDLED;
  }

  install(rt: Runtime): void {
    const prop = (self: Value, p: string) => ((self as NativeObject).data[p.toLowerCase()] ?? null) as Value;
    const defs: NativeClassDef[] = [
      {
        name: 'AsyncOptions',
        construct: () => native('AsyncOptions', {}),
        getInstance: (self, p) => prop(self, p),
        setInstance: (self, p, v) => {
          (self as NativeObject).data[p.toLowerCase()] = v;
          return true;
        },
      },
      {
        name: 'QueueableDuplicateSignature',
        callStatic: (m) =>
          m.toLowerCase() === 'builder' ? native('QueueableDuplicateSignature.Builder', { parts: [] }) : NOT_HANDLED,
      },
      {
        name: 'QueueableDuplicateSignature.Builder',
        construct: () => native('QueueableDuplicateSignature.Builder', { parts: [] }),
        callInstance: (self, m, args) => {
          const d = (self as NativeObject).data;
          const lc = m.toLowerCase();
          if (lc === 'build') return native('QueueableDuplicateSignature', { value: d.parts.join('|') });
          if (lc.startsWith('add')) {
            d.parts.push(rt.toApexString(args[0] ?? null));
            return self;
          }
          return NOT_HANDLED;
        },
      },
      {
        name: 'QueueableContext',
        callInstance: (self, m) => (m.toLowerCase() === 'getjobid' ? (self as NativeObject).data.jobId : NOT_HANDLED),
      },
      {
        name: 'SchedulableContext',
        callInstance: (self, m) =>
          m.toLowerCase() === 'gettriggerid' ? (self as NativeObject).data.triggerId : NOT_HANDLED,
      },
      {
        name: 'Database.BatchableContext',
        callInstance: (self, m) => {
          const lc = m.toLowerCase();
          if (lc === 'getjobid') return (self as NativeObject).data.jobId;
          if (lc === 'getchildjobid') return (self as NativeObject).data.jobId;
          return NOT_HANDLED;
        },
      },
      {
        name: 'FinalizerContext',
        callInstance: (self, m) => {
          const d = (self as NativeObject).data;
          switch (m.toLowerCase()) {
            case 'getresult':
              return enumValue('System.ParentJobResult', d.result, d.result === 'SUCCESS' ? 0 : 1);
            case 'getexception':
              return d.exception;
            case 'getasyncapexjobid':
              return d.jobId;
            case 'getrequestid':
              return 'local-' + String(d.jobId);
            default:
              return NOT_HANDLED;
          }
        },
      },
      {
        name: 'AsyncInfo',
        callStatic: (m) => {
          const job = this.currentJob?.kind === 'Queueable' ? this.currentJob : null;
          switch (m.toLowerCase()) {
            case 'getcurrentqueueablestackdepth':
              return job?.depth ?? 0;
            case 'getmaximumqueueablestackdepth':
              return job?.maxDepth ?? null;
            case 'hasmaxstackdepth':
              return job?.maxDepth !== undefined && job !== null;
            default:
              return NOT_HANDLED;
          }
        },
      },
      { name: 'Queueable', isInterface: true },
      { name: 'Finalizer', isInterface: true },
      { name: 'Schedulable', isInterface: true },
      { name: 'Database.Batchable', isInterface: true },
      { name: 'Database.Stateful', isInterface: true },
      { name: 'Database.AllowsCallouts', isInterface: true },
      { name: 'Database.RaisesPlatformEvents', isInterface: true },
    ];
    for (const d of defs) rt.registerNative(d);
  }
}

export function cryptoUuid(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto').randomUUID();
}
