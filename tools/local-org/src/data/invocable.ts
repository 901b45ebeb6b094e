/**
 * Invocable actions from Apex (Apex Reference, "Invocable Namespace": Action, Action.Result, Action.Error).
 *
 * The runtime does not run flows or other invocable actions: `invoke()` of an action the project defines (a flow
 * in `flows/`) is a clear `unsupported: ...` error. An action the org does not have fails as on the platform
 * (`isSuccess()` false); the platform's error code and message for it are not documented, so reading them is
 * `unsupported` too rather than an invented value. Results and errors built with `JSON.deserialize` (how tests
 * fake them, the classes having no public constructor) behave like real ones.
 */
import { existsSync, readdirSync } from 'node:fs';
import { ApexList, ApexMap, NativeObject, Value, typeRef } from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef, type Runtime } from '../interpreter/services.js';
import { findDirsNamed } from './schema.js';
import { mapEntries, mapGet, native, newList, newMap } from './helpers.js';

const ACTION = 'Invocable.Action';
const RESULT = 'Invocable.Action.Result';
const ERROR = 'Invocable.Action.Error';

/** API names of the flows in the project's metadata (`flows/<Name>.flow-meta.xml`). */
function projectFlows(projectDir: string): Set<string> {
  const names = new Set<string>();
  for (const dir of findDirsNamed(projectDir, 'flows')) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const m = /^(.*)\.flow-meta\.xml$/.exec(f);
      if (m) names.add(m[1].toLowerCase());
    }
  }
  return names;
}

/** the interpreter's `unsupported: ...` error (not part of the Runtime interface) */
function unsupported(rt: Runtime, what: string): never {
  const r = rt as unknown as { unsupported?: (w: string) => never };
  if (r.unsupported) return r.unsupported(what);
  throw new Error(`unsupported: ${what}`);
}

function objectMap(rt: Runtime, entries: [Value, Value][] = []): ApexMap {
  return newMap(rt, typeRef('String'), typeRef('Object'), entries);
}

export function invocableNatives(projectDir: string, rt: () => Runtime): NativeClassDef[] {
  let flows: Set<string> | null = null;
  const action: NativeClassDef = {
    name: ACTION,
    callStatic(method, args) {
      const m = method.toLowerCase();
      if (m === 'createcustomaction' || m === 'createstandardaction') {
        const [type, a1, a2] = args.map((x) => (x === null ? null : String(x)));
        const name = m === 'createstandardaction' ? type : args.length >= 3 ? a2 : a1;
        const namespace = m === 'createcustomaction' && args.length >= 3 ? a1 : null;
        return native(ACTION, {
          type,
          name,
          namespace,
          invocations: [] as ApexMap[],
          standard: m !== 'createcustomaction',
        });
      }
      return NOT_HANDLED;
    },
    callInstance(self, method, args) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getname':
          return d.name;
        case 'gettype':
          return d.type;
        case 'getnamespace':
          return d.namespace;
        case 'isstandard':
          return d.standard;
        case 'addinvocation':
          d.invocations.push(objectMap(rt()));
          return self;
        case 'clearinvocations':
          d.invocations = [];
          return self;
        case 'setinvocations': {
          const list = args[0];
          d.invocations =
            list instanceof ApexList ? list.items.map((x) => (x instanceof ApexMap ? x : objectMap(rt()))) : [];
          return self;
        }
        case 'getinvocations':
          return newList(rt(), 'Map<String,Object>', [...d.invocations]);
        case 'setinvocationparameter': {
          if (d.invocations.length === 0) d.invocations.push(objectMap(rt()));
          const m: ApexMap = d.invocations[d.invocations.length - 1];
          const k = String(args[0]);
          for (const [key, entry] of m.map)
            if (typeof entry[0] === 'string' && entry[0].toLowerCase() === k.toLowerCase()) m.map.delete(key);
          m.map.set('s' + k, [k, args[1]]);
          return self;
        }
        case 'getinvocationparameter': {
          const m: ApexMap | undefined = d.invocations[d.invocations.length - 1];
          return m ? mapGet(m, String(args[0])) : null;
        }
        case 'invoke': {
          flows ??= projectFlows(projectDir);
          const exists = String(d.type).toLowerCase() === 'flow' && flows.has(String(d.name).toLowerCase());
          if (exists || d.standard || String(d.type).toLowerCase() !== 'flow')
            return unsupported(
              rt(),
              `Invocable.Action.invoke of ${d.type} ${d.name} (actions and flows do not run locally)`,
            );
          const invocations: ApexMap[] = d.invocations.length ? d.invocations : [objectMap(rt())];
          return newList(
            rt(),
            RESULT,
            invocations.map((inv) =>
              native(RESULT, {
                action: self,
                success: false,
                errors: [native(ERROR, { code: undefined, message: undefined, flow: d.name })],
                outputParameters: objectMap(rt()),
                invocationParameters: inv,
              }),
            ),
          );
        }
        case '__json':
          return objectMap(rt(), [
            ['type', d.type],
            ['name', d.name],
          ]);
        default:
          return NOT_HANDLED;
      }
    },
  };
  const result: NativeClassDef = {
    name: RESULT,
    callStatic(method, args) {
      if (method !== '__fromjson') return NOT_HANDLED;
      const m = args[0] instanceof ApexMap ? args[0] : objectMap(rt());
      const errs = mapGet(m, 'errors');
      const out = mapGet(m, 'outputParameters');
      const inv = mapGet(m, 'invocationParameters');
      return native(RESULT, {
        action: mapGet(m, 'action'),
        success: mapGet(m, 'success'),
        errors: errs instanceof ApexList ? errs.items.map((e) => errorFromJson(e)) : [],
        outputParameters: out instanceof ApexMap ? objectMap(rt(), mapEntries(out)) : objectMap(rt()),
        invocationParameters: inv instanceof ApexMap ? objectMap(rt(), mapEntries(inv)) : objectMap(rt()),
      });
    },
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'issuccess':
          return d.success;
        case 'getaction':
          return d.action;
        case 'geterrors':
          return newList(rt(), ERROR, [...d.errors]);
        case 'getoutputparameters':
          return d.outputParameters;
        case 'getinvocationparameters':
          return d.invocationParameters;
        case 'clone':
          return native(RESULT, { ...d, errors: [...d.errors] });
        case '__json':
          return objectMap(rt(), [
            ['action', d.action],
            ['errors', newList(rt(), ERROR, [...d.errors])],
            ['success', d.success],
            ['outputParameters', d.outputParameters],
          ]);
        default:
          return NOT_HANDLED;
      }
    },
  };
  const errorFromJson = (e: Value): NativeObject => {
    if (e instanceof NativeObject) return e;
    const m = e instanceof ApexMap ? e : objectMap(rt());
    return native(ERROR, { code: mapGet(m, 'code'), message: mapGet(m, 'message') });
  };
  const error: NativeClassDef = {
    name: ERROR,
    callStatic(method, args) {
      return method === '__fromjson' ? errorFromJson(args[0] ?? null) : NOT_HANDLED;
    },
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      const read = (k: 'code' | 'message'): Value =>
        d[k] === undefined
          ? unsupported(
              rt(),
              `Invocable.Action.Error.get${k === 'code' ? 'Code' : 'Message'} of the missing flow ${d.flow}`,
            )
          : d[k];
      switch (method.toLowerCase()) {
        case 'getcode':
          return read('code');
        case 'getmessage':
          return read('message');
        case 'clone':
          return native(ERROR, { ...d });
        case '__json':
          return objectMap(rt(), [
            ['code', read('code')],
            ['message', read('message')],
          ]);
        default:
          return NOT_HANDLED;
      }
    },
  };
  return [action, result, error];
}
