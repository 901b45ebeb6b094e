/** Apex REST: RestContext, RestRequest, RestResponse and dispatch of `@RestResource` classes by URL mapping. */
import { ApexBlob, ApexMap, NativeObject, Value, typeRef } from '../interpreter/values.js';
import { NOT_HANDLED } from '../interpreter/services.js';
import type { NativeClassDef, Runtime } from '../interpreter/services.js';
import { mapEntries, mapKey, native, newMap } from './helpers.js';

export interface RestState {
  request: Value;
  response: Value;
}

/** What REST needs of the org's services (implemented by LocalDataServices, services-impl.ts). */
export interface RestHost {
  readonly rest: RestState;
  /** Plain JS object of a record or value (org.query) */
  plain(v: Value): unknown;
}

export interface RestCall {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | null;
  remoteAddress?: string;
  /** The Site (API name) the request arrives through: its guest user runs it (LocalOrg.rest). */
  site?: string;
}

export interface RestResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function newRequest(rt: Runtime): NativeObject {
  return native('RestRequest', {
    requestbody: null,
    requesturi: null,
    resourcepath: null,
    httpmethod: null,
    remoteaddress: null,
    headers: newMap(rt, typeRef('String'), typeRef('String')),
    params: newMap(rt, typeRef('String'), typeRef('String')),
  });
}

function newResponse(rt: Runtime): NativeObject {
  return native('RestResponse', {
    responsebody: null,
    statuscode: null,
    headers: newMap(rt, typeRef('String'), typeRef('String')),
  });
}

export function installRest(svc: RestHost, rt: Runtime): void {
  const put = (m: ApexMap, k: Value, v: Value) => m.map.set(mapKey(rt, k), [k, v]);
  const defs: NativeClassDef[] = [
    {
      name: 'RestContext',
      getStatic: (prop) => {
        const p = prop.toLowerCase();
        if (p === 'request') return svc.rest.request;
        if (p === 'response') return svc.rest.response;
        return NOT_HANDLED;
      },
      ...({
        setStatic: (prop: string, value: Value) => {
          const p = prop.toLowerCase();
          if (p === 'request') svc.rest.request = value;
          else if (p === 'response') svc.rest.response = value;
          else return false;
          return true;
        },
      } as object),
    },
    {
      name: 'RestRequest',
      construct: () => newRequest(rt),
      getInstance: (self, prop) => {
        const d = (self as NativeObject).data;
        const k = prop.toLowerCase();
        return k in d ? d[k] : NOT_HANDLED;
      },
      setInstance: (self, prop, value) => {
        (self as NativeObject).data[prop.toLowerCase()] = value;
        return true;
      },
      callInstance: (self, method, args) => {
        const d = (self as NativeObject).data;
        switch (method.toLowerCase()) {
          case 'addheader':
            put(d.headers, args[0] ?? null, args[1] ?? null);
            return null;
          case 'addparameter':
            put(d.params, args[0] ?? null, args[1] ?? null);
            return null;
          default:
            return NOT_HANDLED;
        }
      },
    },
    {
      name: 'RestResponse',
      construct: () => newResponse(rt),
      getInstance: (self, prop) => {
        const d = (self as NativeObject).data;
        const k = prop.toLowerCase();
        return k in d ? d[k] : NOT_HANDLED;
      },
      setInstance: (self, prop, value) => {
        (self as NativeObject).data[prop.toLowerCase()] = value;
        return true;
      },
      callInstance: (self, method, args) => {
        const d = (self as NativeObject).data;
        if (method.toLowerCase() === 'addheader') {
          put(d.headers, args[0] ?? null, args[1] ?? null);
          return null;
        }
        return NOT_HANDLED;
      },
    },
  ];
  for (const d of defs) rt.registerNative(d);
}

/** `/stripe/webhook/*` style URL mapping → RegExp */
function mappingRegExp(mapping: string): RegExp {
  const esc = mapping.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${esc}$`, 'i');
}

/** Find the @RestResource class matching `path` (the part after /services/apexrest). */
export function findRestResource(rt: Runtime, path: string): { decl: any; mapping: string } | null {
  const classes: any[] = (rt as any).userClasses?.() ?? [];
  let best: { decl: any; mapping: string } | null = null;
  for (const c of classes) {
    const ann = c.annotations?.get('restresource');
    if (!ann) continue;
    const mapping = String(ann.urlmapping ?? ann.value ?? '');
    if (!mappingRegExp(mapping).test(path)) continue;
    // the most specific (longest) mapping wins
    if (!best || mapping.replace(/\*/g, '').length > best.mapping.replace(/\*/g, '').length)
      best = { decl: c, mapping };
  }
  return best;
}

export function restHandler(decl: any, httpMethod: string): any | null {
  const want = 'http' + httpMethod.toLowerCase();
  for (const list of decl.methods.values()) {
    for (const m of list as any[]) if (m.annotations?.has(want)) return m;
  }
  return null;
}

/** Build RestContext for a call (body as Blob, headers, query parameters). */
export function prepareRestContext(svc: RestHost, rt: Runtime, call: RestCall): { path: string } {
  const [rawPath, query] = call.path.split('?', 2) as [string, string | undefined];
  const path = rawPath.replace(/^\/services\/apexrest/, '') || '/';
  const req = newRequest(rt);
  const d = req.data;
  d.httpmethod = call.method.toUpperCase();
  d.requesturi = path;
  d.resourcepath = `/services/apexrest${path}`;
  d.remoteaddress = call.remoteAddress ?? '127.0.0.1';
  const body = call.body ?? null;
  d.requestbody = body === null ? null : new ApexBlob(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
  for (const [k, v] of Object.entries(call.headers ?? {})) d.headers.map.set(mapKey(rt, k), [k, v]);
  if (query) {
    for (const [k, v] of new URLSearchParams(query)) d.params.map.set(mapKey(rt, k), [k, v]);
  }
  svc.rest.request = req;
  svc.rest.response = newResponse(rt);
  return { path };
}

export function restResult(svc: RestHost, returned: Value, rt: Runtime): RestResult {
  const res = svc.rest.response as NativeObject | null;
  const headers: Record<string, string> = {};
  let statusCode = 200;
  let body = '';
  if (res) {
    for (const [k, v] of mapEntries(res.data.headers)) headers[String(k)] = String(v);
    if (typeof res.data.statuscode === 'number') statusCode = res.data.statuscode;
    const b = res.data.responsebody;
    if (b instanceof ApexBlob) body = b.bytes.toString('utf8');
  }
  if (returned !== null && returned !== undefined && body === '') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { serialize } = require('../interpreter/json.js');
      body = serialize(rt, returned, false, false);
    } catch {
      body = JSON.stringify(svc.plain(returned));
    }
    headers['Content-Type'] ??= 'application/json';
  }
  return { statusCode, headers, body };
}
