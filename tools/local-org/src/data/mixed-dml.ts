/**
 * Mixed DML (Apex Developer Guide, "sObjects That Can't Be Used Together in DML Operations" and "Mixed DML
 * Operations in Test Methods"): DML on a setup object and DML on a non-setup object in one transaction throws
 * `MIXED_DML_OPERATION`, except when the two sides run in different `System.runAs` blocks of a test.
 *
 * Setup objects: the ones the guide lists. Two of them are setup only for some operations:
 *  - Group: inserting and updating a group may be mixed with other objects; other operations may not;
 *  - User: inserting a user whose UserRoleId is null, or updating a user without changing UserRoleId, IsActive,
 *    ForecastEnabled, IsPortalEnabled, Username or ProfileId, may be mixed with other objects (API 15.0+).
 */
import { SObjectRecord, type Value } from '../interpreter/values.js';
import type { StoredRecord } from './database.js';

const SETUP_OBJECTS = new Set([
  'authsession',
  'contentworkspace',
  'fieldpermissions',
  'forecastingshare',
  'group',
  'groupmember',
  'objectpermissions',
  'objectterritory2assignmentrule',
  'objectterritory2assignmentruleitem',
  'permissionset',
  'permissionsetassignment',
  // permission set groups are setup data too: apex-recipes' PSGTestingRecipes inserts a PermissionSetGroupComponent
  // and then a PermissionSetAssignment in one test transaction on real orgs
  'permissionsetgroup',
  'permissionsetgroupcomponent',
  'queuesobject',
  'ruleterritory2association',
  'setupentityaccess',
  'territory',
  'territory2',
  'territory2model',
  'user',
  'userrole',
  'userterritory',
  'userterritory2association',
]);

/** User fields whose update makes a User DML a setup operation. */
const USER_ACCESS_FIELDS = ['userroleid', 'isactive', 'forecastenabled', 'isportalenabled', 'username', 'profileid'];

/**
 * Which side of the rule one DML row is on: a setup object, a non-setup object, or neutral (a Group insert/update, a
 * User insert without a role or an update that leaves its access fields alone: allowed with either side).
 */
export type DmlSide = 'setup' | 'nonSetup' | 'neutral';

export function dmlSide(
  type: string,
  op: string,
  row: SObjectRecord | string,
  stored: (id: string) => StoredRecord | undefined,
): DmlSide {
  const t = type.toLowerCase();
  if (!SETUP_OBJECTS.has(t)) return 'nonSetup';
  if (t === 'group') return op !== 'insert' && op !== 'update' && op !== 'upsert' ? 'setup' : 'neutral';
  if (t !== 'user' || !(row instanceof SObjectRecord)) return 'setup';
  const existing = row.id ? stored(row.id) : undefined;
  if (!existing) return row.get('UserRoleId') !== null ? 'setup' : 'neutral'; // insert (or upsert creating it)
  const changesAccess = USER_ACCESS_FIELDS.some((f) => {
    if (!row.has(f)) return false;
    const before = existing.values.get(f) ?? null;
    const after: Value = row.get(f);
    const norm = (v: unknown) => (typeof v === 'string' && /id$/.test(f) ? v.substring(0, 15) : v);
    return norm(before) !== norm(after);
  });
  return changesAccess ? 'setup' : 'neutral';
}

/** The first setup and non-setup objects touched by DML in the current transaction (or runAs block). */
export interface MixedDmlScope {
  setup: string | null;
  nonSetup: string | null;
}

export function newMixedDmlScope(): MixedDmlScope {
  return { setup: null, nonSetup: null };
}

/**
 * Records one DML statement's rows in the scope; returns the platform's error message when they mix setup and
 * non-setup objects with earlier DML of the transaction, or null.
 */
export function checkMixedDml(scope: MixedDmlScope, rows: { type: string; side: DmlSide }[]): string | null {
  for (const r of rows) {
    if (r.side === 'neutral') continue;
    const other = r.side === 'setup' ? scope.nonSetup : scope.setup;
    if (other) {
      return `DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): ${r.type}, original object: ${other}`;
    }
  }
  for (const r of rows) {
    if (r.side === 'setup') scope.setup ??= r.type;
    else if (r.side === 'nonSetup') scope.nonSetup ??= r.type;
  }
  return null;
}
