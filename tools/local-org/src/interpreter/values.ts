/**
 * Runtime value representation of the local Apex interpreter (shared with the data layer, src/data/**).
 *
 * Apex type        -> JS representation
 *   null           -> null
 *   Boolean        -> boolean
 *   String, Id     -> string (Id is a string; assignment to an Id-typed slot validates and widens 15 -> 18 chars)
 *   Integer        -> number (always a 32-bit integer; arithmetic wraps)
 *   Long           -> bigint (always within 64-bit signed range; arithmetic wraps)
 *   Double         -> ApexDouble
 *   Decimal        -> ApexDecimal (BigInt unscaled value + scale, keeps scale like the platform)
 *   Date/Datetime/Time -> ApexDate / ApexDatetime / ApexTime
 *   Blob           -> ApexBlob
 *   List/Set/Map   -> ApexList / ApexSet / ApexMap
 *   SObject        -> SObjectRecord
 *   enum value     -> EnumValue
 *   Apex object    -> ApexObject (user classes, incl. user exceptions) / NativeObject (built-in classes)
 *   System.Type    -> ApexType
 */

export type Value =
  | null
  | boolean
  | string
  | number
  | bigint
  | ApexDouble
  | ApexDecimal
  | ApexDate
  | ApexDatetime
  | ApexTime
  | ApexBlob
  | ApexList
  | ApexSet
  | ApexMap
  | SObjectRecord
  | EnumValue
  | ApexObject
  | NativeObject
  | ApexType;

/** A type reference as written in source, resolved lazily. name is the dotted name as written (e.g. "Map", "Database.SaveResult"). */
export interface TypeRef {
  name: string;
  args: TypeRef[];
  /** array suffix `[]` (Foo[] == List<Foo>) is normalised into name 'List' with one arg */
}

const LOWER = new Map<string, string>();
/**
 * `s.toLowerCase()`, remembered: names in the source (variables, members, methods) are lower-cased on every
 * lookup, and the same string object each time also keeps its hash for the Map lookups that follow. Bounded, so
 * names built at run time (JSON keys, dynamic field names) cannot grow it without limit.
 */
export function lower(s: string): string {
  let r = LOWER.get(s);
  if (r === undefined) {
    r = s.toLowerCase();
    if (LOWER.size < 50000) {
      // an internalized copy (property keys are): the `switch (lc)` of the method tables then compares pointers
      r = Object.keys({ [r]: 0 })[0];
      LOWER.set(s, r);
    }
  }
  return r;
}

export function typeRef(name: string, ...args: TypeRef[]): TypeRef {
  return { name, args };
}

export function typeRefToString(t: TypeRef): string {
  return t.args.length ? `${t.name}<${t.args.map(typeRefToString).join(', ')}>` : t.name;
}

export class ApexDouble {
  constructor(readonly v: number) {}
}

export class ApexDecimal {
  /** value = unscaled * 10^-scale; scale >= 0 */
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}
}

/** Date: calendar date, no time zone. month 1..12 */
export class ApexDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
}

/** Datetime: an instant, milliseconds since the epoch (GMT). */
export class ApexDatetime {
  constructor(readonly ms: number) {}
}

/** Time: milliseconds since midnight. */
export class ApexTime {
  constructor(readonly ms: number) {}
}

export class ApexBlob {
  constructor(readonly bytes: Buffer) {}
}

export class ApexList {
  /** stamp of the last heap walk that counted this object (governor.ts) */
  heapMark = 0;
  constructor(
    public elemType: TypeRef,
    public items: Value[],
  ) {}
  /** set by the data layer on SOQL results so `Contact c = [SELECT ...]` can take the single row */
  fromQuery?: boolean;
}

/** Key used by Set/Map: see keyOf() in collections.ts */
export class ApexSet {
  /** stamp of the last heap walk that counted this object (governor.ts) */
  heapMark = 0;
  constructor(
    public elemType: TypeRef,
    public map: Map<unknown, Value> = new Map(),
  ) {}
}

/** What the heap model (governor.ts) keeps of a map's entries while they do not change. */
export interface EntryHeapCache {
  /** bytes of the map itself and of its keys and values that hold no other object (strings, numbers, ...) */
  bytes: number;
  /** how many of those keys and values there are (each counts as a visited value) */
  visits: number;
  /** the keys and values that are collections, SObjects or objects, in entry order (walked every time) */
  objs: Value[];
}

/**
 * The entries of an ApexMap: hash key -> [original key, value]. A Map that forgets the heap model's cached
 * figures whenever it changes, so `Limits.getHeapSize()` need not revisit every key and value of a large map
 * (parsed JSON) on every call. Entry tuples are never changed in place (a put sets a new tuple).
 */
export class EntryMap extends Map<unknown, [Value, Value]> {
  declare heapCache: EntryHeapCache | null;
  constructor(entries?: Iterable<readonly [unknown, [Value, Value]]> | null) {
    super();
    this.heapCache = null;
    if (entries) for (const [k, v] of entries) super.set(k, v);
  }
  override set(key: unknown, value: [Value, Value]): this {
    this.heapCache = null;
    return super.set(key, value);
  }
  override delete(key: unknown): boolean {
    this.heapCache = null;
    return super.delete(key);
  }
  override clear(): void {
    this.heapCache = null;
    super.clear();
  }
}

export class ApexMap {
  /** stamp of the last heap walk that counted this object (governor.ts) */
  heapMark = 0;
  /** hash key -> [original key, value] (insertion-ordered like the platform's LinkedHashMap for practical purposes) */
  readonly map: EntryMap;
  constructor(
    public keyType: TypeRef,
    public valType: TypeRef,
    map?: Map<unknown, [Value, Value]>,
  ) {
    this.map = map instanceof EntryMap ? map : new EntryMap(map);
  }
  /** describe maps (Schema.getGlobalDescribe(), fields.getMap()) look String keys up case-insensitively */
  caseInsensitive?: boolean;
}

/**
 * An SObject record. Field names are case-insensitive: `fields` is keyed by lower-case API name and
 * remembers the canonical name. A field that is absent from `fields` was neither set nor queried: reading it
 * throws System.SObjectException ("SObject row was retrieved via SOQL without querying the requested field")
 * when `fromQuery` is true, or gives null otherwise (a new, in-memory record).
 */
export class SObjectRecord {
  /** stamp of the last heap walk that counted this object (governor.ts) */
  heapMark = 0;
  /** lower-case field name -> { canonical name, value } ; value of a relationship field may be an SObjectRecord,
   * value of a child relationship (sub-query) is an ApexList */
  fields = new Map<string, { name: string; value: Value }>();
  /** true when the record came from SOQL: reading an unqueried field throws SObjectException */
  fromQuery = false;
  /** errors added by addError(), read by the data layer during DML (message, field or null) */
  errors: { message: string; field: string | null }[] = [];
  constructor(
    /** canonical API name, e.g. "Contact", "Invoice__c" */
    public typeName: string,
  ) {}

  has(field: string): boolean {
    return this.fields.has(lower(field));
  }
  get(field: string): Value {
    const f = this.fields.get(lower(field));
    return f ? f.value : null;
  }
  set(field: string, value: Value, canonicalName?: string): void {
    const key = lower(field);
    const existing = this.fields.get(key);
    this.fields.set(key, { name: canonicalName ?? existing?.name ?? field, value });
  }
  unset(field: string): void {
    this.fields.delete(field.toLowerCase());
  }
  get id(): string | null {
    const v = this.get('Id');
    return typeof v === 'string' ? v : null;
  }
}

export class EnumValue {
  constructor(
    /** the enum's full name, e.g. "OrderService.Status" or built-in "System.RoundingMode" */
    readonly typeName: string,
    readonly name: string,
    readonly ordinal: number,
  ) {}
}

/** An instance of a class defined in Apex source (including user exceptions). `cls` is the interpreter's class model. */
export class ApexObject {
  /** stamp of the last heap walk that counted this object (governor.ts) */
  heapMark = 0;
  /** lower-case field name -> value, for all instance fields in the hierarchy */
  fields = new Map<string, Value>();
  /** native payload for built-in base classes (e.g. Exception message/cause/stack) */
  native: Record<string, unknown> = {};
  constructor(readonly cls: any) {}
}

/** An instance of a built-in (TypeScript-implemented) class, e.g. HttpRequest, Database.SaveResult, JSONGenerator. */
export class NativeObject {
  /** stamp of the last heap walk that counted this object (governor.ts) */
  heapMark = 0;
  constructor(
    /** canonical type name, e.g. "HttpRequest", "Database.SaveResult" */
    readonly typeName: string,
    public data: any,
  ) {}
}

/** A System.Type value */
export class ApexType {
  constructor(readonly ref: TypeRef) {}
}
