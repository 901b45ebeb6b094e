/**
 * HTTP callouts: HttpRequest, HttpResponse and Http (`send` answered by the mock of `Test.setMock`), and the
 * HttpCalloutMock interface.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED, type NativeClassDef } from './services.js';
import { ApexBlob, ApexList, NativeObject, typeRef, type Value } from './values.js';
import { s } from './native-args.js';

export function installHttp(interp: Interpreter) {
  const reg = (d: NativeClassDef) => interp.registerNative(d);

  // HTTP
  const headerGet = (h: Map<string, [string, string]>, k: Value) =>
    k === null ? null : (h.get(String(k).toLowerCase())?.[1] ?? null);
  reg({
    name: 'HttpRequest',
    construct: () =>
      new NativeObject('HttpRequest', {
        endpoint: null,
        method: null,
        body: null,
        headers: new Map(),
        timeout: 10000,
        compressed: false,
      }),
    callInstance(self, m, args) {
      const d = (self as NativeObject).data;
      const a = args[0];
      switch (m) {
        case 'setendpoint':
          d.endpoint = a;
          return null;
        case 'getendpoint':
          return d.endpoint;
        case 'setmethod':
          d.method = a;
          return null;
        case 'getmethod':
          return d.method;
        case 'setbody':
          d.body = a;
          return null;
        case 'getbody':
          return d.body instanceof ApexBlob ? d.body.bytes.toString('utf8') : (d.body ?? '');
        case 'setbodyasblob':
          d.body = a;
          return null;
        case 'getbodyasblob':
          return d.body === null
            ? null
            : d.body instanceof ApexBlob
              ? d.body
              : new ApexBlob(Buffer.from(String(d.body)));
        case 'setheader':
          d.headers.set(s(interp, a).toLowerCase(), [a, args[1]]);
          return null;
        case 'getheader':
          return headerGet(d.headers, a);
        case 'settimeout':
          d.timeout = a;
          return null;
        case 'setcompressed':
          d.compressed = a;
          return null;
        case 'getcompressed':
          return d.compressed;
        case 'tostring':
          return `System.HttpRequest[Endpoint=${d.endpoint}, Method=${d.method}]`;
      }
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'HttpResponse',
    construct: () => new NativeObject('HttpResponse', { status: null, statusCode: 0, body: null, headers: new Map() }),
    callInstance(self, m, args) {
      const d = (self as NativeObject).data;
      const a = args[0];
      switch (m) {
        case 'setstatuscode':
          d.statusCode = a;
          return null;
        case 'getstatuscode':
          return d.statusCode;
        case 'setstatus':
          d.status = a;
          return null;
        case 'getstatus':
          return d.status;
        case 'setbody':
          d.body = a;
          return null;
        case 'getbody':
          return d.body instanceof ApexBlob ? d.body.bytes.toString('utf8') : d.body;
        case 'setbodyasblob':
          d.body = a;
          return null;
        case 'getbodyasblob':
          return d.body === null
            ? null
            : d.body instanceof ApexBlob
              ? d.body
              : new ApexBlob(Buffer.from(String(d.body)));
        case 'setheader':
          d.headers.set(s(interp, a).toLowerCase(), [a, args[1]]);
          return null;
        case 'getheader':
          return headerGet(d.headers, a);
        case 'getheaderkeys':
          return new ApexList(
            typeRef('String'),
            [...d.headers.values()].map((x: [string, string]) => x[0]),
          );
        case 'tostring':
          return `System.HttpResponse[Status=${d.status}, StatusCode=${d.statusCode}]`;
      }
      return NOT_HANDLED;
    },
  });
  reg({
    name: 'Http',
    construct: () => new NativeObject('Http', {}),
    callInstance(_self, m, args) {
      if (m !== 'send') return NOT_HANDLED;
      const req = args[0];
      if (req === null) interp.npe();
      interp.limits.callouts++;
      if (interp.limits.callouts > 100) interp.throwApex('System.LimitException', 'Too many callouts: 101');
      if ((interp.services as any)?.hasUncommittedWork?.())
        interp.throwApex(
          'System.CalloutException',
          'You have uncommitted work pending. Please commit or rollback before calling out',
        );
      const mock = interp.state.httpMock ?? null;
      if (!mock) {
        if (interp.isRunningTest)
          interp.throwApex(
            'System.CalloutException',
            'Methods defined as TestMethod do not support Web service callouts',
          );
        interp.throwApex('System.CalloutException', 'Callouts are not available in the local org');
      }
      const res = interp.callMethod(mock, 'respond', [req]);
      if (res === null) interp.throwApex('System.CalloutException', 'The HttpCalloutMock returned a null response');
      return res;
    },
  });
  reg({ name: 'HttpCalloutMock', isInterface: true });
}
