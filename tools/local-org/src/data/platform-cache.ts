/**
 * Platform Cache in memory (Apex Reference › Cache Namespace: Org, Session, Partition, OrgPartition,
 * SessionPartition, CacheBuilder, Cache Exceptions).
 *
 * Partitions are the project's `cachePartitions/*.cachePartition-meta.xml` (addressed as `local.<name>`, or by
 * the default partition's keys without a prefix); a partition that does not exist throws
 * `Cache.Org.OrgCacheException` / `Cache.Session.SessionCacheException`. A key must be alphanumeric
 * (`Cache.InvalidParamException`). `get(CacheBuilder.class, key)` calls `doLoad(key)` on a miss and caches the
 * result under a key made of the class name and the key (the documented "part of the unique key").
 *
 * Model: values are stored by reference (the platform serializes them), TTLs are accepted but values do not
 * expire, capacity is not enforced. The cache lives in the transaction state: a test method starts with an empty
 * cache, as the platform's test isolation gives.
 */
import {
  ApexDouble,
  ApexList,
  ApexSet,
  ApexType,
  EnumValue,
  NativeObject,
  Value,
  typeRef,
} from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef, type Runtime } from '../interpreter/services.js';
import { native, newMap, newSet } from './helpers.js';
import { metadataFiles } from './seed.js';

type Kind = 'Org' | 'Session';

interface PartitionInfo {
  name: string;
  isDefault: boolean;
}

export function projectCachePartitions(projectDir: string): PartitionInfo[] {
  return metadataFiles(projectDir, 'cachePartitions', '.cachePartition-meta.xml').map(({ name, xml }) => ({
    name,
    isDefault: /<isDefaultPartition>\s*true\s*<\/isDefaultPartition>/.test(xml),
  }));
}

export function platformCacheNatives(projectDir: string, rt: () => Runtime): NativeClassDef[] {
  let partitions: PartitionInfo[] | null = null;
  const known = () => (partitions ??= projectCachePartitions(projectDir));
  const state = (): Record<string, Map<string, Value>> => {
    const st = (rt() as any).state as Record<string, any>;
    return (st.platformCache ??= {});
  };
  const store = (kind: Kind, partition: string): Map<string, Value> => {
    const s = state();
    return (s[`${kind}:${partition.toLowerCase()}`] ??= new Map());
  };
  const exceptionOf = (kind: Kind) =>
    kind === 'Org' ? 'Cache.Org.OrgCacheException' : 'Cache.Session.SessionCacheException';
  const invalid = (msg: string): never => rt().throwApex('Cache.InvalidParamException', msg);

  /** `ns.partition` or `partition` → the project's partition, or the exception of the cache kind */
  const resolvePartition = (kind: Kind, qualified: Value): string => {
    if (qualified === null || qualified === '') invalid('Partition name cannot be null or empty');
    const parts = String(qualified).split('.');
    const ns = parts.length > 1 ? parts[0] : 'local';
    const name = parts.length > 1 ? parts.slice(1).join('.') : parts[0];
    const p = ns.toLowerCase() === 'local' ? known().find((x) => x.name.toLowerCase() === name.toLowerCase()) : null;
    if (!p) rt().throwApex(exceptionOf(kind), `Invalid partition: ${String(qualified)}`);
    return p!.name;
  };
  const checkKey = (key: Value): string => {
    if (key === null || key === '') invalid('Key cannot be null or empty');
    const k = String(key);
    if (!/^[A-Za-z0-9]+$/.test(k)) invalid(`Key must be alphanumeric: ${k}`);
    return k;
  };
  /** Cache.Org.get('ns.partition.key') / get('key') (default partition) */
  const splitStaticKey = (kind: Kind, key: Value): [string, string] => {
    const parts = String(key ?? '').split('.');
    if (parts.length >= 3) return [resolvePartition(kind, parts.slice(0, -1).join('.')), checkKey(parts.at(-1)!)];
    const def = known().find((p) => p.isDefault);
    if (!def) rt().throwApex(exceptionOf(kind), 'No default partition is defined; use a fully qualified key');
    return [def!.name, checkKey(key)];
  };
  const builderKey = (builder: Value, key: Value): string => {
    if (!(builder instanceof ApexType)) invalid('cacheBuilder must be a class that implements Cache.CacheBuilder');
    const cls = (builder as ApexType).ref.name.replace(/[^A-Za-z0-9]/g, '');
    return cls + checkKey(key);
  };
  const loadThrough = (m: Map<string, Value>, builder: Value, key: Value): Value => {
    const k = builderKey(builder, key);
    if (m.has(k)) return m.get(k)!;
    const instance = rt().newInstance((builder as ApexType).ref.name);
    const v = rt().callMethod(instance, 'doLoad', [key]);
    if (v !== null) m.set(k, v);
    return v;
  };

  /** partition methods shared by Cache.Org/Cache.Session statics and partition instances */
  const partitionMethod = (
    kind: Kind,
    partition: string | null,
    method: string,
    args: Value[],
  ): Value | typeof NOT_HANDLED => {
    const at = (key: Value): [Map<string, Value>, string] => {
      if (partition) return [store(kind, partition), checkKey(key)];
      const [p, k] = splitStaticKey(kind, key);
      return [store(kind, p), k];
    };
    const whole = (): Map<string, Value> => {
      if (partition) return store(kind, partition);
      const def = known().find((p) => p.isDefault);
      return def ? store(kind, def.name) : new Map();
    };
    const [a0, a1] = args;
    switch (method) {
      case 'put': {
        const [m, k] = at(a0);
        m.set(k, a1);
        return null;
      }
      case 'get': {
        if (args.length === 2) {
          if (partition) return loadThrough(store(kind, partition), a0, a1);
          const def = known().find((p) => p.isDefault);
          if (!def) rt().throwApex(exceptionOf(kind), 'No default partition is defined');
          return loadThrough(store(kind, def!.name), a0, a1);
        }
        if (a0 instanceof ApexSet) {
          const out = new Map<string, Value>();
          for (const key of a0.map.values()) {
            const [m, k] = at(key);
            out.set(String(key), m.get(k) ?? null);
          }
          return newMap(rt(), typeRef('String'), typeRef('Object'), [...out]);
        }
        const [m, k] = at(a0);
        return m.get(k) ?? null;
      }
      case 'contains': {
        if (a0 instanceof ApexSet) {
          return [...a0.map.values()].every((key) => {
            const [m, k] = at(key);
            return m.has(k);
          });
        }
        const [m, k] = at(a0);
        return m.has(k);
      }
      case 'remove': {
        if (args.length === 2) {
          const m = partition ? store(kind, partition) : whole();
          return m.delete(builderKey(a0, a1));
        }
        const [m, k] = at(a0);
        return m.delete(k);
      }
      case 'getkeys':
        return newSet(rt(), typeRef('String'), [...whole().keys()]);
      case 'getnumkeys':
        return whole().size;
      case 'getcapacity':
        // fraction of the partition's capacity in use; the local cache has no size accounting
        return zeroDouble();
      case 'isavailable':
        return true;
      case 'getname':
        return partition;
      default:
        return NOT_HANDLED;
    }
  };

  const statics = (kind: Kind): NativeClassDef => ({
    name: `Cache.${kind}`,
    callStatic(method, args) {
      const m = method.toLowerCase();
      if (m === 'getpartition') {
        const p = resolvePartition(kind, args[0]);
        return native(`Cache.${kind}Partition`, { kind, partition: p });
      }
      if (m === 'getcapacity') return zeroDouble();
      return partitionMethod(kind, null, m, args);
    },
  });
  const instances = (kind: Kind): NativeClassDef => ({
    name: `Cache.${kind}Partition`,
    parent: 'Cache.Partition',
    callInstance(self, method, args) {
      const d = (self as NativeObject).data as { kind: Kind; partition: string };
      const m = method.toLowerCase();
      if (m === 'getcapacity') return zeroDouble();
      if (m === 'getname') return `local.${d.partition}`;
      return partitionMethod(d.kind, d.partition, m, args);
    },
  });
  const partitionStatics: NativeClassDef = {
    name: 'Cache.Partition',
    callStatic(method, args) {
      switch (method.toLowerCase()) {
        case 'createfullyqualifiedkey':
          return `${String(args[0])}.${String(args[1])}.${String(args[2])}`;
        case 'createfullyqualifiedpartition':
          return `${String(args[0])}.${String(args[1])}`;
        case 'validatekey':
        case 'validatepartitionname':
          return (checkKey(args[args.length - 1]), null);
        default:
          return NOT_HANDLED;
      }
    },
  };
  return [
    statics('Org'),
    statics('Session'),
    instances('Org'),
    instances('Session'),
    partitionStatics,
    { name: 'Cache.CacheBuilder' },
    {
      name: 'Cache.Visibility',
      getStatic: (p) => visibility().find((v) => v.name.toLowerCase() === p.toLowerCase()) ?? NOT_HANDLED,
      callStatic: (m) =>
        m.toLowerCase() === 'values' ? new ApexList(typeRef('Cache.Visibility'), visibility()) : NOT_HANDLED,
    },
  ];
}

let vis: EnumValue[] | null = null;
function visibility(): EnumValue[] {
  return (vis ??= ['ALL', 'NAMESPACE'].map((n, i) => new EnumValue('Cache.Visibility', n, i)));
}
function zeroDouble(): ApexDouble {
  return new ApexDouble(0);
}
