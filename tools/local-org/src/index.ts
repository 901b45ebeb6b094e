/**
 * The scriptable local org (public API of tools/local-org):
 *
 *   const org = await LocalOrg.load({ projectDir });
 *   org.runAnonymous(apex)            → { success, debug, error? }       (one transaction)
 *   org.rest({ method, path, headers, body }) → { statusCode, headers, body } (one transaction, Site guest user)
 *   org.query(soql)                   → plain objects
 *   org.runAsyncJobs()                → what ran (queueables, finalizers, @future, batches, schedules, event triggers)
 *   org.advanceTime(seconds)          → moves the org clock
 *   org.setCalloutHandler(fn)         → callouts outside tests go to fn({ method, url, headers, body })
 *   org.setCustomMetadata(type, developerName, fields) → changes a custom metadata record, as a deploy would
 *   org.deploy(sourceDir)             → deploys a source folder's Sites and platform event subscriber configs
 *   org.callAura('Class.method', params, { userId }) → { data } or { error: { status, body: { message, … } } }
 *   org.transactions()                → every transaction so far, with its limits
 */
import { Interpreter } from './interpreter/interpreter.js';
import { loadFile, loadProject, LoadedProject } from './interpreter/loader.js';
import { deserializeTyped, parseJson, serialize } from './interpreter/json.js';
import { NativeObject } from './interpreter/values.js';
import type { Value } from './interpreter/values.js';
import { LocalDataServices, TransactionRecord } from './data/services-impl.js';
import { compileQueryText } from './data/soql.js';
import { findRestResource, prepareRestContext, restHandler, restResult, RestCall, RestResult } from './data/rest.js';
import type { AsyncRun } from './data/async.js';
import { activeSiteGuestUser, deploySites, siteFilesBelow } from './data/sites.js';
import { applySubscriberConfigs, subscriberConfigFilesBelow } from './data/subscriber-configs.js';

export interface CalloutRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface CalloutResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export type CalloutHandler = (req: CalloutRequest) => CalloutResponse;

export interface AnonymousResult {
  success: boolean;
  debug: string[];
  error?: string;
}

export interface LoadOptions {
  projectDir: string;
  /** fixed start time of the org clock (epoch ms); default: the real clock */
  startTime?: number;
}

export type { TransactionRecord, AsyncRun, RestCall, RestResult };

/** What `LocalOrg.deploy` deployed. */
export interface DeployResult {
  /** The Sites deployed (API names). */
  sites: string[];
  /** The triggers whose subscriber config was deployed. */
  subscriberConfigs: string[];
}

/**
 * What a component gets from an `@AuraEnabled` method: the returned value as JSON, or the error object
 * Lightning rejects an Apex call with (`error.body.message`: the AuraHandledException's message).
 */
export type AuraResult =
  | { data: unknown; error?: undefined }
  | {
      data?: undefined;
      error: {
        status: number;
        statusText: string;
        body: { message: string; exceptionType: string; isUserDefinedException: boolean; stackTrace: string };
      };
    };

let anonCounter = 0;

export class LocalOrg {
  private debugBuffer: string[] = [];
  private calloutHandler: CalloutHandler | null = null;

  private constructor(
    readonly services: LocalDataServices,
    readonly interpreter: Interpreter,
    readonly project: LoadedProject,
  ) {}

  static async load(opts: LoadOptions): Promise<LocalOrg> {
    const services = new LocalDataServices(opts.projectDir, { startTime: opts.startTime });
    let org: LocalOrg | null = null;
    const interpreter = new Interpreter({
      services,
      debug: (line: string) => org?.debugBuffer.push(line),
      user: {
        id: services.seedInfo.adminUserId,
        userName: 'admin@local-org.example',
        orgId: services.seedInfo.orgId,
        timeZone: 'GMT',
      },
    } as any);
    const project = loadProject(opts.projectDir);
    interpreter.load(project);
    services.registerApexClasses(project.classes.map((c) => c.name));
    org = new LocalOrg(services, interpreter, project);
    const anyInterp = interpreter as any;
    anyInterp.isRunningTest = false;
    // Callouts outside tests go to the handler (the interpreter reads state.calloutHandler / calloutHandler).
    const handler = (req: CalloutRequest): CalloutResponse => {
      if (!org!.calloutHandler)
        throw new Error(`No callout handler set (callout to ${req.url}); use org.setCalloutHandler()`);
      return org!.calloutHandler(req);
    };
    anyInterp.calloutHandler = handler;
    installCalloutBridge(interpreter, services, handler, () => org!.calloutHandler !== null);
    return org;
  }

  /** Run anonymous Apex as one transaction. Unhandled exceptions roll the transaction back. */
  runAnonymous(apexSource: string): AnonymousResult {
    this.debugBuffer = [];
    const svc = this.services;
    svc.beginTransaction('anonymous', 'AnonymousApex');
    let error: string | undefined;
    try {
      const anyInterp = this.interpreter as any;
      if (typeof anyInterp.runAnonymous === 'function') {
        const r = anyInterp.runAnonymous(apexSource);
        if (r && r.success === false) error = r.error ?? 'failed';
      } else {
        const name = `AnonymousApex${++anonCounter}`;
        const decl = loadFile(
          `${name}.cls`,
          // The wrapper shares the first line with the source, so debug lines keep the source's line numbers.
          `public class ${name} { public static void run() { ${apexSource}\n }\n}`,
        );
        this.interpreter.load({ classes: [decl as any], triggers: [] });
        this.interpreter.callStatic(name, 'run', []);
      }
    } catch (e) {
      error = this.describe(e);
    }
    svc.endTransaction(error);
    const debug = this.debugBuffer;
    this.debugBuffer = [];
    return error === undefined ? { success: true, debug } : { success: false, debug, error };
  }

  /**
   * Call the @RestResource whose URL mapping matches `path` (after /services/apexrest) as a Site guest user: the
   * guest user of `call.site` (a Site's API name; an unknown or inactive Site answers 404, as the platform does
   * for a site that is not active), else the org's generic Site guest user.
   */
  rest(call: RestCall): RestResult {
    const svc = this.services;
    const rt = this.interpreter;
    const guest = call.site ? activeSiteGuestUser(svc.db, call.site) : svc.seedInfo.guestUserId;
    if (!guest) {
      return {
        statusCode: 404,
        headers: { 'Content-Type': 'text/html' },
        body: `<html><body>The site ${call.site} is not active.</body></html>`,
      };
    }
    const { path } = prepareRestContext(svc, rt, call);
    const found = findRestResource(rt, path);
    if (!found) {
      return {
        statusCode: 404,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([{ errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }]),
      };
    }
    const handler = restHandler(found.decl, call.method);
    if (!handler) {
      return {
        statusCode: 405,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([
          {
            errorCode: 'METHOD_NOT_ALLOWED',
            message: `HTTP Method '${call.method.toUpperCase()}' not allowed. Allowed are ${allowedMethods(found.decl)}`,
          },
        ]),
      };
    }
    svc.beginTransaction('rest', `${call.method.toUpperCase()} ${path}`);
    let error: string | undefined;
    let returned: Value = null;
    try {
      returned = svc.withUser(guest, () =>
        rt.callStatic(found.decl.fullName ?? found.decl.name, handler.name, restArgs(rt, handler, call)),
      );
    } catch (e) {
      error = this.describe(e);
    }
    svc.endTransaction(error);
    if (error !== undefined) {
      return {
        statusCode: 500,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([{ errorCode: 'APEX_ERROR', message: error }]),
      };
    }
    return restResult(svc, returned, rt);
  }

  /**
   * Call a static `@AuraEnabled` method as a component does (`@salesforce/apex/Class.method`): one transaction,
   * as `userId` (default: the admin user); `params` are the JSON arguments by parameter name, deserialized to
   * the parameter types; the result is the return value serialized to JSON (nulls left out, as Lightning
   * delivers them). An exception becomes the rejection Lightning gives the component: status 500 and
   * `body.message`, the exception's message (for AuraHandledException the one set with setMessage).
   */
  callAura(method: string, params: Record<string, unknown> = {}, options: { userId?: string } = {}): AuraResult {
    const svc = this.services;
    const rt = this.interpreter;
    const fail = (exceptionType: string, message: string, stackTrace = ''): AuraResult => ({
      error: {
        status: 500,
        statusText: 'Server Error',
        body: { message, exceptionType, isUserDefinedException: false, stackTrace },
      },
    });
    const [className, methodName] = method.split('.');
    const resolved = className && methodName ? (rt as any).resolveType(className, null) : null;
    const decl = resolved?.kind === 'class' ? resolved.decl : null;
    const handler = ((decl?.methods?.get(methodName.toLowerCase()) ?? []) as any[]).find(
      (m) => m.isStatic && m.annotations?.has('auraenabled'),
    );
    if (!handler) return fail('System.TypeException', `No @AuraEnabled static method ${method}`);
    const args = (handler.params as any[]).map((p) => {
      const key = Object.keys(params).find((k) => k.toLowerCase() === String(p.name).toLowerCase());
      const value = key === undefined ? null : params[key];
      return value === null || value === undefined
        ? null
        : deserializeTyped(rt, parseJson(JSON.stringify(value)), p.type, false);
    });
    svc.beginTransaction('aura', method);
    let error: { typeName: string; message: string; stackTrace: string } | undefined;
    let returned: Value = null;
    try {
      returned = svc.withUser(options.userId ?? svc.seedInfo.adminUserId, () =>
        rt.callStatic(decl.fullName ?? decl.name, handler.name, args),
      );
    } catch (e) {
      const d = (rt as any).describeException?.(e) ?? svc.describeException(e);
      error = d
        ? { typeName: d.typeName, message: d.message, stackTrace: d.stackTrace ?? '' }
        : { typeName: 'Error', message: e instanceof Error ? e.message : String(e), stackTrace: '' };
    }
    svc.endTransaction(error && `${error.typeName}: ${error.message}`);
    if (error) return fail(error.typeName, error.message, error.stackTrace);
    return { data: handler.ret === null ? null : JSON.parse(serialize(rt, returned, true, false)) };
  }

  /**
   * Set fields of a custom metadata record (for example `Shop_Setting__mdt`, `Default`), as deploying the changed record
   * would: a local run's own settings (URLs on localhost, say) without editing the project's files.
   */
  setCustomMetadata(
    type: string,
    developerName: string,
    fields: Record<string, string | number | boolean | null>,
  ): void {
    const object = this.services.db.schema.require(type);
    const row = this.services.db
      .rows(object.name)
      .find((r) => String(r.values.get('developername')).toLowerCase() === developerName.toLowerCase());
    if (!row) throw new Error(`No ${object.name} record ${developerName}`);
    for (const [name, value] of Object.entries(fields)) {
      const field = object.fields.get(name.toLowerCase());
      if (!field) throw new Error(`No field ${object.name}.${name}`);
      row.values.set(field.name.toLowerCase(), value);
    }
  }

  /**
   * Deploy a source-format folder after the package, as `sf project deploy start --source-dir <dir>` does: the
   * metadata that names org-specific users and so is not part of the package directories. Deployed: Salesforce
   * Sites (`sites/*.site-meta.xml`, with the guest user and guest profile each site gets; data/sites.ts) and
   * platform event subscriber configs (`platformEventSubscriberConfigs/*`: the running user and batch size of a
   * platform event trigger; data/subscriber-configs.ts). Usernames must name users of this org.
   */
  deploy(sourceDir: string): DeployResult {
    const svc = this.services;
    const sites = deploySites(svc.db, siteFilesBelow(sourceDir), svc.currentUserId());
    const subscriberConfigs = applySubscriberConfigs(
      svc.db,
      subscriberConfigFilesBelow(sourceDir),
      svc.seedInfo.subscriberConfigs,
    );
    return { sites: sites.map((s) => String(s.values.get('name'))), subscriberConfigs };
  }

  /** Run a SOQL query outside any transaction; returns plain objects (or a number for COUNT()). */
  query(soql: string): any {
    const svc = this.services;
    const saved = { ...this.interpreter.limits };
    try {
      const v = svc.runQuery(compileQueryText(soql), () => {
        throw new Error('Binds are not supported in org.query()');
      });
      return svc.plain(v);
    } catch (e) {
      throw new Error(this.describe(e));
    } finally {
      Object.assign(this.interpreter.limits, saved);
    }
  }

  /** Run queued async work whose time has come, until nothing is left. */
  runAsyncJobs(): AsyncRun[] {
    this.debugBuffer = [];
    return this.services.async.runDue();
  }

  advanceTime(seconds: number): void {
    this.services.advanceTime(seconds);
  }

  now(): Date {
    return new Date(this.services.now());
  }

  setCalloutHandler(fn: CalloutHandler | null): void {
    this.calloutHandler = fn;
  }

  transactions(): TransactionRecord[] {
    return this.services.transactionLog.map((t) => ({ ...t, limits: { ...t.limits } }));
  }

  private describe(e: unknown): string {
    const d = this.services.describeException(e);
    if (d) return `${d.typeName}: ${d.message}`;
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Outside tests (no HttpCalloutMock set), `Http.send` goes to the org's callout handler. Wraps the interpreter's
 * `Http` native; everything else (mocks in tests) is left to it.
 */
function installCalloutBridge(
  interp: Interpreter,
  svc: LocalDataServices,
  handler: CalloutHandler,
  active: () => boolean,
): void {
  const anyInterp = interp as any;
  const orig = anyInterp.natives?.get('http');
  if (!orig) return;
  interp.registerNative({
    ...orig,
    callInstance(self: Value, m: string, args: Value[], rt: any, site: any) {
      if (m.toLowerCase() !== 'send' || anyInterp.isRunningTest || anyInterp.state?.httpMock || !active())
        return orig.callInstance(self, m, args, rt, site);
      const req = args[0] as any;
      if (req === null) interp.throwApex('System.NullPointerException', 'Attempt to de-reference a null object');
      interp.limits.callouts = (interp.limits.callouts ?? 0) + 1;
      if (interp.limits.callouts > 100)
        interp.throwApex('System.LimitException', `Too many callouts: ${interp.limits.callouts}`);
      if (svc.hasUncommittedWork())
        interp.throwApex(
          'System.CalloutException',
          'You have uncommitted work pending. Please commit or rollback before calling out',
        );
      const d = req.data;
      const headers: Record<string, string> = {};
      for (const [k, v] of (d.headers as Map<string, [string, string]>).values()) headers[String(k)] = String(v);
      const body =
        d.body === null || d.body === undefined
          ? ''
          : Buffer.isBuffer(d.body?.bytes)
            ? d.body.bytes.toString('utf8')
            : String(d.body);
      const started = Date.now();
      let res: CalloutResponse;
      try {
        res = handler({ method: String(d.method ?? 'GET'), url: String(d.endpoint ?? ''), headers, body });
        if (res && typeof (res as any).then === 'function')
          throw new Error('The callout handler must answer synchronously (Apex callouts are synchronous)');
      } catch (e) {
        interp.throwApex('System.CalloutException', (e as Error).message);
      }
      const elapsed = Date.now() - started;
      interp.limits.calloutTime = (interp.limits.calloutTime ?? 0) + elapsed;
      if (interp.limits.calloutTime > 120000)
        interp.throwApex('System.LimitException', 'Maximum callout time has been exceeded');
      const out = new NativeObject('HttpResponse', {
        status: statusText(res!.statusCode),
        statusCode: res!.statusCode,
        body: res!.body ?? '',
        headers: new Map(),
      });
      for (const [k, v] of Object.entries(res!.headers ?? {})) out.data.headers.set(k.toLowerCase(), [k, v]);
      return out;
    },
  } as any);
}

function statusText(code: number): string {
  return (
    (
      {
        200: 'OK',
        201: 'Created',
        202: 'Accepted',
        204: 'No Content',
        400: 'Bad Request',
        401: 'Unauthorized',
        402: 'Payment Required',
        403: 'Forbidden',
        404: 'Not Found',
        409: 'Conflict',
        429: 'Too Many Requests',
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
      } as Record<number, string>
    )[code] ?? ''
  );
}

function allowedMethods(decl: any): string {
  const out: string[] = [];
  for (const list of decl.methods.values()) {
    for (const m of list as any[])
      for (const a of m.annotations?.keys() ?? []) if (/^http/.test(a)) out.push(a.substring(4).toUpperCase());
  }
  return out.join(', ');
}

/** Parameters of an @Http* method are filled from the top-level properties of a JSON body, by name and type. */
function restArgs(rt: Interpreter, handler: any, call: RestCall): Value[] {
  const params: any[] = handler.params ?? [];
  if (params.length === 0) return [];
  const text = typeof call.body === 'string' ? call.body : (call.body?.toString('utf8') ?? '');
  let json: any = null;
  try {
    json = parseJson(text || '{}');
  } catch {
    json = null;
  }
  const entries: Array<[string, any]> = json && Array.isArray(json.obj) ? json.obj : [];
  return params.map((p) => {
    const entry = entries.find(([k]) => k.toLowerCase() === String(p.name).toLowerCase());
    if (!entry) return null;
    try {
      return deserializeTyped(rt, entry[1], p.type, false);
    } catch {
      return null;
    }
  });
}

export default LocalOrg;
