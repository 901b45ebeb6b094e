/**
 * System.URL, Network and OrgLimits (Apex Reference › URL Class, Network Class, OrgLimits Class, OrgLimit Class).
 *
 * The local org's My Domain is `https://local-org.my.salesforce.com`; code runs outside any Experience Cloud site,
 * so Network.getNetworkId() is null. OrgLimits report the allocations of a Developer Edition org with nothing
 * consumed (the local org does not meter API calls or storage).
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED } from './services.js';
import { ApexList, ApexMap, NativeObject, typeRef, type Value } from './values.js';
import { keyOf } from './builtins.js';

export const ORG_DOMAIN_URL = 'https://local-org.my.salesforce.com';

interface UrlData {
  url: URL;
  /** the URL as given: URL.toExternalForm() does not add the '/' path WHATWG URLs normalise to */
  raw: string;
}

const ORG_LIMITS: Array<[string, number]> = [
  ['ActiveScratchOrgs', 3],
  ['DailyApiRequests', 15000],
  ['DailyAsyncApexExecutions', 250000],
  ['DailyBulkApiBatches', 15000],
  ['DailyBulkV2QueryJobs', 10000],
  ['DailyBulkV2QueryFileStorageMB', 976562],
  ['DailyDurableStreamingApiEvents', 10000],
  ['DailyStandardVolumePlatformEvents', 10000],
  ['DailyWorkflowEmails', 390],
  ['DataStorageMB', 5],
  ['FileStorageMB', 20],
  ['HourlyPublishedPlatformEvents', 50000],
  ['HourlyPublishedStandardVolumePlatformEvents', 1000],
  ['MassEmail', 10],
  ['SingleEmail', 15],
];

export function installSystemUrl(interp: Interpreter): void {
  const mk = (u: URL, raw?: string): NativeObject =>
    new NativeObject('System.URL', { url: u, raw: raw ?? u.href } as UrlData);
  const parse = (s: string): URL => {
    try {
      return new URL(s);
    } catch {
      return interp.throwApex('System.StringException', `Invalid URL: ${s}`);
    }
  };
  interp.registerNative({
    name: 'URL',
    construct(args) {
      if (args.length === 1) return mk(parse(String(args[0])), String(args[0]));
      if (args.length === 2) {
        const base = args[0] instanceof NativeObject ? (args[0].data as UrlData).url : parse(String(args[0]));
        return mk(new URL(String(args[1]), base));
      }
      if (args.length === 3 || args.length === 4) {
        const [protocol, host] = args;
        const port = args.length === 4 ? Number(args[2]) : -1;
        const file = String(args[args.length - 1] ?? '');
        return mk(parse(`${String(protocol)}://${String(host)}${port >= 0 ? ':' + port : ''}${file}`));
      }
      return NOT_HANDLED;
    },
    callStatic(m, args) {
      switch (m) {
        case 'getorgdomainurl':
        case 'getsalesforcebaseurl':
          return mk(new URL(ORG_DOMAIN_URL), ORG_DOMAIN_URL);
        case 'getcurrentrequesturl':
          return mk(new URL(`${ORG_DOMAIN_URL}/services/apexrest`));
        case 'getfilefieldurl':
          return `${ORG_DOMAIN_URL}/servlet/servlet.FileDownload?file=${String(args[0])}&field=${String(args[1])}`;
        default:
          return NOT_HANDLED;
      }
    },
    callInstance(self, m, args) {
      const { url: u, raw } = (self as NativeObject).data as UrlData;
      const bare = raw === u.origin; // no path given
      const port = u.port === '' ? -1 : Number(u.port);
      switch (m) {
        case 'toexternalform':
        case 'tostring':
          return bare ? raw : u.href;
        case 'getprotocol':
          return u.protocol.replace(/:$/, '');
        case 'gethost':
          return u.hostname;
        case 'getport':
          return port;
        case 'getdefaultport':
          return u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : -1;
        case 'getpath':
          return bare ? '' : u.pathname;
        case 'getquery':
          return u.search ? u.search.slice(1) : null;
        case 'getref':
          return u.hash ? u.hash.slice(1) : null;
        case 'getfile':
          return (bare ? '' : u.pathname) + u.search;
        case 'getauthority':
          return u.host;
        case 'getuserinfo':
          return u.username ? u.username + (u.password ? ':' + u.password : '') : null;
        case 'samefile': {
          const o = args[0] instanceof NativeObject ? (args[0].data as UrlData).url : null;
          return !!o && o.href.split('#')[0] === u.href.split('#')[0];
        }
        case 'equals':
          return args[0] instanceof NativeObject && (args[0].data as UrlData).url.href === u.href;
        case 'hashcode':
          return u.href.length;
        default:
          return NOT_HANDLED;
      }
    },
  });
  interp.registerNative({
    name: 'Network',
    callStatic(m) {
      switch (m) {
        case 'getnetworkid':
          return null;
        case 'getloginurl':
        case 'getlogouturl':
        case 'getselfregurl':
          return null;
        default:
          return NOT_HANDLED;
      }
    },
  });
  const limit = (name: string, max: number): Value => new NativeObject('System.OrgLimit', { name, max });
  interp.registerNative({
    name: 'OrgLimits',
    callStatic(m) {
      if (m === 'getall')
        return new ApexList(
          typeRef('System.OrgLimit'),
          ORG_LIMITS.map(([n, v]) => limit(n, v)),
        );
      if (m === 'getmap') {
        const out = new ApexMap(typeRef('String'), typeRef('System.OrgLimit'));
        for (const [n, v] of ORG_LIMITS) out.map.set(keyOf(interp, n), [n, limit(n, v)]);
        return out;
      }
      return NOT_HANDLED;
    },
  });
  interp.registerNative({
    name: 'System.OrgLimit',
    callInstance(self, m) {
      const d = (self as NativeObject).data as { name: string; max: number };
      switch (m) {
        case 'getname':
          return d.name;
        case 'getlimit':
          return d.max;
        case 'getvalue':
          return 0;
        default:
          return NOT_HANDLED;
      }
    },
  });
}
