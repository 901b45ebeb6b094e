/**
 * Salesforce record Ids: 15-character case-sensitive form and 18-character case-insensitive form
 * (15 characters plus a three-character checksum that encodes the case of the first 15).
 *
 * Layout of a 15-character Id: 3-character key prefix (the object), 2-character pod/instance,
 * 1 reserved character, 9-character base-62 record number.
 */

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The three-character checksum suffix that turns a 15-character Id into its 18-character form. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') flags |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET.charAt(flags);
  }
  return suffix;
}

/** 15 → 18 characters; 18 stays 18 (the checksum is recomputed from the first 15, as the platform does). */
export function to18(id: string): string {
  if (!ID_PATTERN.test(id)) throw new Error(`Invalid id: ${id}`);
  const id15 = id.substring(0, 15);
  return id15 + idChecksum(id15);
}

export function to15(id: string): string {
  return id.substring(0, 15);
}

/** True for a syntactically valid 15- or 18-character Id (an 18-character one must carry the right checksum, case-insensitively). */
export function isValidId(id: string): boolean {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return false;
  if (id.length === 18) {
    return idChecksum(id.substring(0, 15)) === id.substring(15).toUpperCase();
  }
  return true;
}

/**
 * Normalise an Id string as Apex's `Id.valueOf` / assignment does: 15 or 18 characters, returned in 18-character
 * form. An 18-character Id whose suffix was case-changed is repaired from the case of the first 15 characters.
 * Returns null for an invalid string.
 */
export function normalizeId(id: string): string | null {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return null;
  if (id.length === 18 && idChecksum(id.substring(0, 15)) !== id.substring(15).toUpperCase()) return null;
  return to18(id);
}

export function keyPrefixOf(id: string): string {
  return id.substring(0, 3);
}

/** Same record? Ids compare on their 15-character form (case-sensitive), so a 15- and an 18-character Id match. */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return a == b;
  return a.substring(0, 15) === b.substring(0, 15);
}

export function toBase62(n: number, width: number): string {
  let s = '';
  let v = Math.floor(n);
  while (v > 0) {
    s = BASE62.charAt(v % 62) + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

/** Hands out Ids per key prefix. The pod part is fixed, so Ids are stable between runs of the same script. */
export class IdGenerator {
  private counters = new Map<string, number>();
  constructor(private readonly pod = '8d') {}

  next(keyPrefix: string): string {
    const n = (this.counters.get(keyPrefix) ?? 0) + 1;
    this.counters.set(keyPrefix, n);
    return to18(keyPrefix + this.pod + '0' + toBase62(n, 9));
  }

  snapshot(): Map<string, number> {
    return new Map(this.counters);
  }

  restore(s: Map<string, number>): void {
    // Ids are never reused, even after a rollback: keep the highest counter.
    for (const [k, v] of s) if ((this.counters.get(k) ?? 0) < v) this.counters.set(k, v);
  }
}

/** Key prefixes of the standard objects this runtime knows. */
export const STANDARD_KEY_PREFIXES: Record<string, string> = {
  Account: '001',
  Note: '002',
  Contact: '003',
  User: '005',
  Opportunity: '006',
  Group: '00G',
  GroupMember: '011',
  Profile: '00e',
  UserRole: '00E',
  Organization: '00D',
  Lead: '00Q',
  Task: '00T',
  Event: '00U',
  Attachment: '00P',
  EmailTemplate: '00X',
  OpportunityLineItem: '00k',
  PricebookEntry: '01u',
  Case: '500',
  RecordType: '012',
  Document: '015',
  ApexClass: '01p',
  ApexTrigger: '01q',
  Pricebook2: '01s',
  Product2: '01t',
  FieldPermissions: '01k',
  Asset: '02i',
  ContentVersion: '068',
  ContentDocument: '069',
  ContentDocumentLink: '06A',
  StaticResource: '081',
  CronJobDetail: '08a',
  CronTrigger: '08e',
  CustomNotificationType: '0ML',
  OpportunityStage: '01J',
  CustomPermission: '0CP',
  PermissionSet: '0PS',
  PermissionSetAssignment: '0Pa',
  PermissionSetGroup: '0PG',
  PermissionSetGroupComponent: '0PH',
  SetupEntityAccess: '0J0',
  OrgWideEmailAddress: '0D2',
  FeedItem: '0D5',
  Network: '0DB',
  Site: '0DM',
  // SiteDetail rows are keyed by DurableId (the Site id); their own Id only needs a prefix of its own here.
  SiteDetail: '0Ds',
  NamedCredential: '0XA',
  Individual: '0PK',
  UserLicense: '100',
  ObjectPermissions: '110',
  Campaign: '701',
  CampaignMember: '00v',
  AsyncApexJob: '707',
  Contract: '800',
  Order: '801',
  ApexLog: '07L',
  BusinessHours: '01m',
  PlatformCachePartition: '0Fv',
  EntityDefinition: '01I',
  ContentDistribution: '05D',
  EmailMessage: '02s',
  EmailMessageRelation: '0CM',
  FieldDefinition: '00N',
};

/**
 * Stable key prefix for a custom object, custom setting, custom metadata type or platform event, derived from its
 * API name (so the same object gets the same prefix in every run). `taken` resolves collisions deterministically
 * when called in a fixed (sorted) order.
 */
export function customKeyPrefix(apiName: string, kind: 'object' | 'metadata' | 'event', taken: Set<string>): string {
  const lead = kind === 'metadata' ? 'm' : kind === 'event' ? 'e' : 'a';
  let h = 2166136261;
  for (const ch of apiName.toLowerCase()) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619) >>> 0;
  }
  // Custom prefixes look like a0X, a1B, ...: second character a digit, third base 62.
  let slot = h % (10 * 62);
  for (let i = 0; i < 620; i++) {
    const p = lead + String(Math.floor(slot / 62)) + BASE62.charAt(slot % 62);
    if (!taken.has(p)) {
      taken.add(p);
      return p;
    }
    slot = (slot + 1) % 620;
  }
  throw new Error('Out of custom key prefixes');
}
