/**
 * Context natives: `Trigger` context variables, the System methods of async work (layered over the interpreter's
 * System), UserInfo, Limits with the asynchronous maxima, FeatureManagement, and the data layer's enums.
 */
import { SObjectRecord, Value, typeRef } from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef, type TriggerContext } from '../interpreter/services.js';
import { enumValue, newList, newMap } from './helpers.js';
import { LIMITS } from './limits.js';
import type { DataHost } from './data-host.js';
import { statusCode } from './status-codes.js';

export function contextNatives(svc: DataHost) {
  const rt = () => svc.rt;

  // Trigger context variables, read from the interpreter's current trigger context.
  const triggerCache = new WeakMap<object, Record<string, Value>>();
  const triggerDef: NativeClassDef = {
    name: 'Trigger',
    getStatic(prop) {
      const ctx: TriggerContext | null = (rt() as any).currentTrigger?.() ?? null;
      const p = prop.toLowerCase();
      if (!ctx) {
        if (p === 'isexecuting') return false;
        return p.startsWith('is') ? false : null;
      }
      let vals = triggerCache.get(ctx);
      if (!vals) {
        const list = (l: SObjectRecord[] | null) => (l ? newList(rt(), ctx.sobjectType, l) : null);
        const map = (l: SObjectRecord[] | null) =>
          l
            ? newMap(
                rt(),
                typeRef('Id'),
                typeRef(ctx.sobjectType),
                l.filter((r) => r.id).map((r) => [r.id, r] as [Value, Value]),
              )
            : null;
        const op = ctx.operation;
        vals = {
          new: list(ctx.newList),
          old: list(ctx.oldList),
          newmap: op === 'BEFORE_INSERT' ? null : map(ctx.newList),
          oldmap: map(ctx.oldList),
          isinsert: op.endsWith('INSERT'),
          isupdate: op.endsWith('_UPDATE'),
          isdelete: op.endsWith('DELETE'),
          isundelete: op.endsWith('UNDELETE'),
          isbefore: op.startsWith('BEFORE'),
          isafter: op.startsWith('AFTER'),
          isexecuting: true,
          size: (ctx.newList ?? ctx.oldList ?? []).length,
          operationtype: enumValue(
            'System.TriggerOperation',
            op,
            [
              'BEFORE_INSERT',
              'BEFORE_UPDATE',
              'BEFORE_DELETE',
              'AFTER_INSERT',
              'AFTER_UPDATE',
              'AFTER_DELETE',
              'AFTER_UNDELETE',
            ].indexOf(op),
          ),
        };
        triggerCache.set(ctx, vals);
      }
      return p in vals ? vals[p]! : NOT_HANDLED;
    },
  };

  const featureManagement: NativeClassDef = {
    name: 'FeatureManagement',
    callStatic(method, args) {
      if (method.toLowerCase() === 'checkpermission')
        return svc.access.hasCustomPermission(svc.currentUserId(), String(args[0] ?? ''));
      return NOT_HANDLED;
    },
  };

  // System.enqueueJob, schedule, abortJob, attachFinalizer, ... (layered over the interpreter's System native)
  const systemDef: NativeClassDef = {
    name: 'System',
    callStatic(method, args) {
      return svc.systemCall(method, args);
    },
  };
  const enumNative = (name: string, values: string[]): NativeClassDef => ({
    name,
    getStatic(prop) {
      const v = values.find((x) => x.toLowerCase() === prop.toLowerCase());
      if (v && name === 'StatusCode') return statusCode(v);
      return v ? enumValue(name.startsWith('System.') ? name : `System.${name}`, v, values.indexOf(v)) : NOT_HANDLED;
    },
    callStatic(method) {
      if (method.toLowerCase() === 'values')
        return newList(
          rt(),
          name,
          values.map((v, i) => enumValue(name.startsWith('System.') ? name : `System.${name}`, v, i)),
        );
      return NOT_HANDLED;
    },
  });

  const userInfo: NativeClassDef = {
    name: 'UserInfo',
    callStatic(method) {
      const u = svc.db.get(svc.currentUserId());
      if (!u) return NOT_HANDLED;
      const v = (f: string) => u.values.get(f) ?? null;
      switch (method.toLowerCase()) {
        case 'getuserid':
          return u.id;
        case 'getusername':
          return v('username');
        case 'getuseremail':
          return v('email');
        case 'getname':
          return v('name');
        case 'getfirstname':
          return v('firstname');
        case 'getlastname':
          return v('lastname');
        case 'getprofileid':
          return v('profileid');
        case 'getusertype':
          return v('usertype');
        case 'getuserroleid':
          return v('userroleid');
        case 'getorganizationid':
          return svc.seedInfo.orgId;
        case 'getlanguage':
        case 'getlocale':
          return v(method.toLowerCase() === 'getlocale' ? 'localesidkey' : 'languagelocalekey');
        default:
          return NOT_HANDLED;
      }
    },
  };

  // Async transactions have larger maxima (layered over the interpreter's Limits).
  const limitsDef: NativeClassDef = {
    name: 'Limits',
    callStatic(method) {
      if (svc.asyncDepth <= 0) return NOT_HANDLED;
      switch (method.toLowerCase()) {
        case 'getlimitqueries':
          return LIMITS.async.soqlQueries;
        case 'getlimitcputime':
          return LIMITS.async.cpuTime;
        case 'getlimitqueueablejobs':
          return LIMITS.async.queueableJobs;
        case 'getlimitheapsize':
          return 12000000;
        default:
          return NOT_HANDLED;
      }
    },
  };
  return { triggerCache, triggerDef, featureManagement, systemDef, enumNative, userInfo, limitsDef };
}
