/**
 * The instance methods of List, Set and Map (Apex Reference › List / Set / Map Class), with `List.sort` ordering
 * and the FinalException of a collection modified while it is iterated.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import {
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  EnumValue,
  NativeObject,
  SObjectRecord,
  type Value,
} from './values.js';
import { int, toApexString, cloneRecord, keyOf, mapKeyOf } from './value-semantics.js';

export function listSortCompare(interp: Interpreter) {
  return (a: Value, b: Value): number => {
    if (a === null) return b === null ? 0 : -1;
    if (b === null) return 1;
    if (a instanceof ApexObject) {
      const m = interp.findMethodIn(a.cls, 'compareto', [b], false);
      if (!m) interp.unsupported(`sort of ${a.cls.fullName} without compareTo`);
      return int(interp, interp.invoke(m, a, [b]));
    }
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    if (a instanceof EnumValue && b instanceof EnumValue) return a.ordinal - b.ordinal;
    if (a instanceof SObjectRecord && b instanceof SObjectRecord) {
      const na = toApexString(interp, a.get('Name')),
        nb = toApexString(interp, b.get('Name'));
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    return interp.compare(a, b);
  };
}

function idx(interp: Interpreter, l: ApexList, i: Value, allowEnd = false): number {
  const n = int(interp, i);
  if (n < 0 || n > l.items.length || (!allowEnd && n === l.items.length))
    interp.throwApex('System.ListException', `List index out of bounds: ${n}`);
  return n;
}

/** Apex Developer Guide › Lists / Sets: adding or removing elements during for-each iteration throws
 * System.FinalException "Cannot modify a collection while it is being iterated." */
function guardIteration(interp: Interpreter, c: ApexList | ApexSet, lc: string) {
  if ((c as any).iterating > 0 && ['add', 'addall', 'remove', 'removeall', 'retainall', 'clear'].includes(lc)) {
    interp.throwApex('System.FinalException', 'Cannot modify a collection while it is being iterated.');
  }
}

export function listMethod(interp: Interpreter, l: ApexList, lc: string, args: Value[]): Value {
  const a0 = args[0];
  guardIteration(interp, l, lc);
  switch (lc) {
    case 'add':
      if (args.length === 2) {
        l.items.splice(idx(interp, l, a0, true), 0, interp.coerce(args[1], l.elemType));
        return null;
      }
      l.items.push(interp.coerce(a0, l.elemType));
      return null;
    case 'addall':
      if (a0 === null) interp.npe();
      l.items.push(
        ...(a0 instanceof ApexList ? a0.items : [...(a0 as ApexSet).map.values()]).map((x) =>
          interp.coerce(x, l.elemType),
        ),
      );
      return null;
    case 'clear':
      l.items.length = 0;
      return null;
    case 'clone':
      return new ApexList(l.elemType, [...l.items]);
    case 'deepclone':
      return new ApexList(
        l.elemType,
        l.items.map((x) => (x instanceof SObjectRecord ? cloneRecord(x, args[0] === true, true) : x)),
      );
    case 'contains':
      return l.items.some(
        (x) => keyOf(interp, x) === keyOf(interp, a0) || (x instanceof ApexObject && interp.equalsValue(x, a0)),
      );
    case 'equals':
      return interp.equalsValue(l, a0);
    case 'get':
      return interp.listGet(l, a0);
    case 'indexof':
      return l.items.findIndex(
        (x) => keyOf(interp, x) === keyOf(interp, a0) || (x instanceof ApexObject && interp.equalsValue(x, a0)),
      );
    case 'isempty':
      return l.items.length === 0;
    case 'remove': {
      const i = idx(interp, l, a0);
      return l.items.splice(i, 1)[0];
    }
    case 'set':
      l.items[idx(interp, l, a0)] = interp.coerce(args[1], l.elemType);
      return null;
    case 'size':
      return l.items.length;
    case 'sort': {
      if (args.length === 1 && a0 !== null) {
        l.items.sort((x, y) => int(interp, interp.callMethod(a0, 'compare', [x, y])));
      } else l.items.sort(listSortCompare(interp));
      return null;
    }
    case 'hashcode':
      return Number.parseInt(String(l.items.length), 10);
    case 'tostring':
      return toApexString(interp, l);
    case 'iterator':
      return new NativeObject('System.Iterator', { items: [...l.items], i: 0 });
    case 'getsobjecttype':
      return (
        (interp.natives
          .get('__sobjectstatic')
          ?.getStatic?.(l.elemType.name + '.sobjecttype', interp, interp.site()) as Value) ?? null
      );
  }
  return interp.unsupported(`List.${lc}`);
}

export function setMethod(interp: Interpreter, s: ApexSet, lc: string, args: Value[]): Value {
  const a0 = args[0];
  guardIteration(interp, s, lc);
  const itemsOf = (c: Value): Value[] => {
    if (c === null) interp.npe();
    return c instanceof ApexList ? c.items : [...(c as ApexSet).map.values()];
  };
  switch (lc) {
    case 'add': {
      const k = keyOf(interp, a0);
      if (s.map.has(k)) return false;
      s.map.set(k, interp.coerce(a0, s.elemType));
      return true;
    }
    case 'addall': {
      let changed = false;
      for (const x of itemsOf(a0)) {
        const k = keyOf(interp, x);
        if (!s.map.has(k)) {
          s.map.set(k, x);
          changed = true;
        }
      }
      return changed;
    }
    case 'clear':
      s.map.clear();
      return null;
    case 'clone':
      return new ApexSet(s.elemType, new Map(s.map));
    case 'contains':
      return s.map.has(keyOf(interp, a0));
    case 'containsall':
      return itemsOf(a0).every((x) => s.map.has(keyOf(interp, x)));
    case 'equals':
      return interp.equalsValue(s, a0);
    case 'isempty':
      return s.map.size === 0;
    case 'remove':
      return s.map.delete(keyOf(interp, a0));
    case 'removeall': {
      let changed = false;
      for (const x of itemsOf(a0)) changed = s.map.delete(keyOf(interp, x)) || changed;
      return changed;
    }
    case 'retainall': {
      const keep = new Set(itemsOf(a0).map((x) => keyOf(interp, x)));
      let changed = false;
      for (const k of [...s.map.keys()]) if (!keep.has(k)) changed = s.map.delete(k) || changed;
      return changed;
    }
    case 'size':
      return s.map.size;
    case 'tostring':
      return toApexString(interp, s);
    case 'hashcode':
      return s.map.size;
    case 'iterator':
      return new NativeObject('System.Iterator', { items: [...s.map.values()], i: 0 });
  }
  return interp.unsupported(`Set.${lc}`);
}

export function mapMethod(interp: Interpreter, m: ApexMap, lc: string, args: Value[]): Value {
  const a0 = args[0];
  switch (lc) {
    case 'get':
      return m.map.get(mapKeyOf(interp, m, a0))?.[1] ?? null;
    case 'put': {
      const k = mapKeyOf(interp, m, a0);
      const old = m.map.get(k)?.[1] ?? null;
      m.map.set(k, [m.map.get(k)?.[0] ?? interp.coerce(a0, m.keyType), interp.coerce(args[1], m.valType)]);
      return old;
    }
    case 'containskey':
      return m.map.has(mapKeyOf(interp, m, a0));
    case 'remove': {
      const k = mapKeyOf(interp, m, a0);
      const old = m.map.get(k)?.[1] ?? null;
      m.map.delete(k);
      return old;
    }
    case 'keyset':
      return new ApexSet(m.keyType, new Map([...m.map].map(([k, v]) => [k, v[0]])));
    case 'values':
      return new ApexList(
        m.valType,
        [...m.map.values()].map((v) => v[1]),
      );
    case 'size':
      return m.map.size;
    case 'isempty':
      return m.map.size === 0;
    case 'clear':
      m.map.clear();
      return null;
    case 'clone': {
      const c = new ApexMap(m.keyType, m.valType, new Map([...m.map].map(([k, v]) => [k, [v[0], v[1]]])));
      c.caseInsensitive = m.caseInsensitive;
      return c;
    }
    case 'deepclone':
      return new ApexMap(
        m.keyType,
        m.valType,
        new Map(
          [...m.map].map(([k, v]) => [k, [v[0], v[1] instanceof SObjectRecord ? cloneRecord(v[1], true, true) : v[1]]]),
        ),
      );
    case 'putall':
      if (a0 instanceof ApexMap) for (const [k, v] of a0.map) m.map.set(k, [v[0], v[1]]);
      else if (a0 instanceof ApexList)
        for (const r of a0.items) if (r instanceof SObjectRecord) m.map.set(keyOf(interp, r.id), [r.id, r]);
      return null;
    case 'equals':
      return interp.equalsValue(m, a0);
    case 'tostring':
      return toApexString(interp, m);
    case 'hashcode':
      return m.map.size;
    case 'containsvalue':
      return [...m.map.values()].some((v) => interp.equalsValue(v[1], a0));
  }
  return interp.unsupported(`Map.${lc}`);
}
