/**
 * Object, field and custom-permission access of the running user, for USER_MODE / SECURITY_ENFORCED queries,
 * user-mode DML, describe checks and FeatureManagement.checkPermission. Built from the standard profiles (below) and
 * the project's permission sets and permission set groups, assigned with PermissionSetAssignment records.
 * Record access follows the organization-wide defaults, ownership and View All / Modify All (see canRecord).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedXmlParser } from './xml-cache.js';
import type { OrgDatabase } from './database.js';
import { findDirsNamed } from './schema.js';
import { existsSync, readdirSync } from 'node:fs';

interface ObjPerm {
  read: boolean;
  create: boolean;
  edit: boolean;
  del: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

interface PermSet {
  objects: Map<string, ObjPerm>;
  fields: Map<string, { read: boolean; edit: boolean }>;
  customPermissions: Set<string>;
  modifyAllData: boolean;
  viewAllData: boolean;
  /** objects whose access comes from the user's (standard) profile: their standard fields are all accessible */
  profileObjects: Set<string>;
}

/** Standard fields without field-level security: visible to everyone who can read the object. */
const ALWAYS_ACCESSIBLE = new Set([
  'id',
  'name',
  'firstname',
  'lastname',
  'ownerid',
  'recordtypeid',
  'isdeleted',
  'createddate',
  'createdbyid',
  'lastmodifieddate',
  'lastmodifiedbyid',
  'systemmodstamp',
]);

/** Organization-wide defaults of a new org for standard objects the project does not configure. */
const STANDARD_DEFAULTS: Record<string, string> = {
  account: 'ReadWrite',
  contact: 'ControlledByParent',
};

const parser = cachedXmlParser({
  parseTagValue: false,
  isArray: (n) =>
    ['objectPermissions', 'fieldPermissions', 'customPermissions', 'userPermissions', 'permissionSets'].includes(n),
});
const t = (v: unknown) => String(v ?? '').trim() === 'true';

function emptySet(): PermSet {
  return {
    objects: new Map(),
    fields: new Map(),
    customPermissions: new Set(),
    modifyAllData: false,
    viewAllData: false,
    profileObjects: new Set(),
  };
}

/** the tables `effective()` reads (besides the project's permission set metadata, loaded once) */
const PERMISSION_TABLES = [
  'user',
  'profile',
  'permissionset',
  'permissionsetassignment',
  'permissionsetgroup',
  'permissionsetgroupcomponent',
  'objectpermissions',
  'fieldpermissions',
];

export class AccessModel {
  private permSets = new Map<string, PermSet>();
  private groups = new Map<string, string[]>();
  private cache = new Map<string, PermSet>();

  constructor(
    private readonly db: OrgDatabase,
    projectDir: string,
  ) {
    for (const dir of findDirsNamed(projectDir, 'permissionsets')) {
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.permissionset-meta.xml')) continue;
        const doc = parser.parse(readFileSync(join(dir, f), 'utf8')).PermissionSet ?? {};
        const ps = emptySet();
        for (const o of doc.objectPermissions ?? []) {
          ps.objects.set(String(o.object).toLowerCase(), {
            read: t(o.allowRead),
            create: t(o.allowCreate),
            edit: t(o.allowEdit),
            del: t(o.allowDelete),
            viewAll: t(o.viewAllRecords),
            modifyAll: t(o.modifyAllRecords),
          });
        }
        for (const fp of doc.fieldPermissions ?? [])
          ps.fields.set(String(fp.field).toLowerCase(), { read: t(fp.readable), edit: t(fp.editable) });
        for (const cp of doc.customPermissions ?? [])
          if (t(cp.enabled)) ps.customPermissions.add(String(cp.name).toLowerCase());
        for (const up of doc.userPermissions ?? []) {
          if (!t(up.enabled)) continue;
          if (up.name === 'ModifyAllData') ps.modifyAllData = true;
          if (up.name === 'ViewAllData') ps.viewAllData = true;
        }
        this.permSets.set(f.slice(0, -'.permissionset-meta.xml'.length).toLowerCase(), ps);
      }
    }
    for (const dir of findDirsNamed(projectDir, 'permissionsetgroups')) {
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.permissionsetgroup-meta.xml')) continue;
        const doc = parser.parse(readFileSync(join(dir, f), 'utf8')).PermissionSetGroup ?? {};
        this.groups.set(
          f.slice(0, -'.permissionsetgroup-meta.xml'.length).toLowerCase(),
          (doc.permissionSets ?? []).map((p: unknown) => String(p).toLowerCase()),
        );
      }
    }
  }

  /** Effective permissions of a user: profile baseline + assigned permission sets (directly or via groups). */
  private effective(userId: string): PermSet {
    const user = this.db.get(userId);
    const profile = user ? this.db.get(user.values.get('profileid') as string) : undefined;
    const profileName = String(profile?.values.get('name') ?? 'System Administrator');
    const userType = String(user?.values.get('usertype') ?? 'Standard');
    const eff = emptySet();
    if (profileName === 'System Administrator' || userType === 'AutomatedProcess') {
      eff.modifyAllData = true;
      eff.viewAllData = true;
    }
    const standardObjects = [
      'account',
      'contact',
      'opportunity',
      'lead',
      'case',
      'task',
      'event',
      'campaign',
      'product2',
      'pricebook2',
      'user',
      'group',
      'groupmember',
    ];
    if (
      [
        'Standard User',
        'Standard Platform User',
        'Read Only',
        'Marketing User',
        'Contract Manager',
        'Solution Manager',
      ].includes(profileName)
    ) {
      const ro = profileName === 'Read Only';
      for (const o of standardObjects) {
        // the standard profiles create and edit Cases but do not delete them
        const del = !ro && o !== 'case';
        eff.objects.set(o, { read: true, create: !ro, edit: !ro, del, viewAll: false, modifyAll: false });
        eff.profileObjects.add(o);
      }
    }
    const names: string[] = [];
    const psIds = new Set<string>();
    for (const a of this.db.rows('PermissionSetAssignment')) {
      if (String(a.values.get('assigneeid') ?? '').substring(0, 15) !== userId.substring(0, 15)) continue;
      const ps = this.db.get(a.values.get('permissionsetid') as string);
      if (ps) names.push(String(ps.values.get('name')).toLowerCase());
      if (ps) psIds.add(ps.id);
      const grp = this.db.get(a.values.get('permissionsetgroupid') as string);
      if (grp) {
        names.push(...(this.groups.get(String(grp.values.get('developername')).toLowerCase()) ?? []));
        // components added at run time (PermissionSetGroupComponent rows)
        for (const c of this.db.rows('PermissionSetGroupComponent')) {
          if (c.values.get('permissionsetgroupid') !== grp.id) continue;
          const member = this.db.get(c.values.get('permissionsetid') as string);
          if (member) {
            names.push(String(member.values.get('name')).toLowerCase());
            psIds.add(member.id);
          }
        }
      }
    }
    for (const n of names) {
      const ps = this.permSets.get(n);
      if (!ps) continue;
      for (const [k, v] of ps.objects) {
        const cur = eff.objects.get(k) ?? {
          read: false,
          create: false,
          edit: false,
          del: false,
          viewAll: false,
          modifyAll: false,
        };
        eff.objects.set(k, {
          read: cur.read || v.read,
          create: cur.create || v.create,
          edit: cur.edit || v.edit,
          del: cur.del || v.del,
          viewAll: cur.viewAll || v.viewAll,
          modifyAll: cur.modifyAll || v.modifyAll,
        });
      }
      for (const [k, v] of ps.fields) {
        const cur = eff.fields.get(k) ?? { read: false, edit: false };
        eff.fields.set(k, { read: cur.read || v.read, edit: cur.edit || v.edit });
      }
      for (const c of ps.customPermissions) eff.customPermissions.add(c);
      eff.modifyAllData ||= ps.modifyAllData;
      eff.viewAllData ||= ps.viewAllData;
    }
    // ObjectPermissions / FieldPermissions rows of the assigned permission sets (Object Reference › ObjectPermissions,
    // FieldPermissions): the project's permission sets are seeded as rows, and a test may insert its own.
    if (psIds.size) {
      const b = (v: unknown) => v === true;
      for (const r of this.db.rows('ObjectPermissions')) {
        if (!psIds.has(String(r.values.get('parentid')))) continue;
        const k = String(r.values.get('sobjecttype') ?? '').toLowerCase();
        const cur = eff.objects.get(k);
        const v = {
          read: b(r.values.get('permissionsread')),
          create: b(r.values.get('permissionscreate')),
          edit: b(r.values.get('permissionsedit')),
          del: b(r.values.get('permissionsdelete')),
          viewAll: b(r.values.get('permissionsviewallrecords')),
          modifyAll: b(r.values.get('permissionsmodifyallrecords')),
        };
        eff.objects.set(
          k,
          cur
            ? {
                read: cur.read || v.read,
                create: cur.create || v.create,
                edit: cur.edit || v.edit,
                del: cur.del || v.del,
                viewAll: cur.viewAll || v.viewAll,
                modifyAll: cur.modifyAll || v.modifyAll,
              }
            : v,
        );
      }
      for (const r of this.db.rows('FieldPermissions')) {
        if (!psIds.has(String(r.values.get('parentid')))) continue;
        const k = String(r.values.get('field') ?? '').toLowerCase();
        const cur = eff.fields.get(k) ?? { read: false, edit: false };
        eff.fields.set(k, {
          read: cur.read || b(r.values.get('permissionsread')),
          edit: cur.edit || b(r.values.get('permissionsedit')),
        });
      }
    }
    return eff;
  }

  /** ObjectPermissions / FieldPermissions rows for the project's permission sets (call once, after seeding). */
  seedPermissionRows(adminUserId: string): void {
    for (const g of this.db.rows('PermissionSetGroup')) {
      for (const member of this.groups.get(String(g.values.get('developername')).toLowerCase()) ?? []) {
        const ps = this.db.rows('PermissionSet').find((r) => String(r.values.get('name')).toLowerCase() === member);
        if (ps)
          this.db.insertRaw(
            'PermissionSetGroupComponent',
            { PermissionSetGroupId: g.id, PermissionSetId: ps.id },
            adminUserId,
          );
      }
    }
    for (const ps of this.db.rows('PermissionSet')) {
      const perms = this.permSets.get(String(ps.values.get('name')).toLowerCase());
      if (!perms) continue;
      for (const [obj, o] of perms.objects) {
        const name = this.db.schema.get(obj)?.name ?? obj;
        this.db.insertRaw(
          'ObjectPermissions',
          {
            ParentId: ps.id,
            SobjectType: name,
            PermissionsRead: o.read,
            PermissionsCreate: o.create,
            PermissionsEdit: o.edit,
            PermissionsDelete: o.del,
            PermissionsViewAllRecords: o.viewAll,
            PermissionsModifyAllRecords: o.modifyAll,
          },
          adminUserId,
        );
      }
      for (const [field, f] of perms.fields) {
        const [obj, fld] = field.split('.');
        const d = this.db.schema.field(obj ?? '', fld ?? '');
        const objName = this.db.schema.get(obj ?? '')?.name ?? obj;
        this.db.insertRaw(
          'FieldPermissions',
          {
            ParentId: ps.id,
            SobjectType: objName,
            Field: `${objName}.${d?.name ?? fld}`,
            PermissionsRead: f.read,
            PermissionsEdit: f.edit,
          },
          adminUserId,
        );
      }
    }
  }

  /** effective permissions per user, with the database's change stamp of PERMISSION_TABLES when computed */
  private permsCache = new Map<string, { stamp: number; perms: PermSet }>();

  private perms(userId: string): PermSet {
    // Assignments change during a test: recomputed when a table it is computed from has changed.
    const stamp = this.db.changeStamp(PERMISSION_TABLES);
    const known = this.permsCache.get(userId);
    if (known && known.stamp === stamp) return known.perms;
    const perms = this.effective(userId);
    this.permsCache.set(userId, { stamp, perms });
    return perms;
  }

  canObject(userId: string, object: string, op: 'read' | 'create' | 'edit' | 'del'): boolean {
    const p = this.perms(userId);
    if (p.modifyAllData) return true;
    if (p.viewAllData && op === 'read') return true;
    const o = p.objects.get(object.toLowerCase());
    if (!o) {
      // setup objects are readable by everyone
      return (
        (op === 'read' &&
          [
            'profile',
            'permissionset',
            'permissionsetassignment',
            'organization',
            'customnotificationtype',
            'user',
            'group',
            'groupmember',
            'permissionsetgroup',
            'customPermission'.toLowerCase(),
            'asyncapexjob',
            'crontrigger',
            'cronjobdetail',
            'apexclass',
          ].includes(object.toLowerCase())) ||
        object.toLowerCase().endsWith('__mdt')
      );
    }
    return o[op];
  }

  /** Object access behind a field permission: an editable field needs create or edit on the object (field-level
   * "edit" is the same for inserts and updates; the object permission decides which operation is allowed). */
  private fieldObject(userId: string, object: string, op: 'read' | 'edit'): boolean {
    if (op === 'read') return this.canObject(userId, object, 'read');
    return this.canObject(userId, object, 'edit') || this.canObject(userId, object, 'create');
  }

  /** A compound address's field permission covers its components (Salesforce Help › Compound Fields: "field-level
   * security of the compound field applies to its components"): ShippingStreet follows Account.ShippingAddress. */
  private compoundPermission(p: PermSet, object: string, field: string): { read: boolean; edit: boolean } | undefined {
    const m =
      /^(.*?)(Street|City|State|PostalCode|Country|StateCode|CountryCode|Latitude|Longitude|GeocodeAccuracy)$/i.exec(
        field,
      );
    if (!m) return undefined;
    const compound = `${m[1]}Address`;
    if (this.db.schema.field(object, compound)?.type !== 'address') return undefined;
    return p.fields.get(`${object}.${compound}`.toLowerCase());
  }

  /** Field access: standard fields follow the object; custom fields need field permissions. */
  canField(
    userId: string,
    object: string,
    field: string,
    op: 'read' | 'edit',
    custom: boolean,
    required = false,
  ): boolean {
    const p = this.perms(userId);
    if (p.modifyAllData || (p.viewAllData && op === 'read')) return true;
    if (required || object.toLowerCase().endsWith('__mdt')) return this.fieldObject(userId, object, op);
    if (!custom) {
      // Standard fields: a standard profile grants them with the object. Where the object is granted by a
      // permission set only, standard fields have field-level security like custom ones (Salesforce Help, "Field
      // Permissions"), except the fields every user with object access sees (Id, name, audit fields, owner).
      if (!this.fieldObject(userId, object, op)) return false;
      if (ALWAYS_ACCESSIBLE.has(field.toLowerCase())) return true;
      const fd = this.db.schema.field(object, field);
      if (p.profileObjects.has(object.toLowerCase()) && !fd?.noProfileFls) return true;
      const o = p.objects.get(object.toLowerCase());
      if (!o) return true; // setup objects readable by everyone
      const sf = p.fields.get(`${object}.${field}`.toLowerCase()) ?? this.compoundPermission(p, object, field);
      return !!sf && (op === 'read' ? sf.read : sf.edit);
    }
    const f = p.fields.get(`${object}.${field}`.toLowerCase());
    return !!f && (op === 'read' ? f.read : f.edit);
  }

  /**
   * Record visibility (read) and edit access, as the platform computes it for `with sharing` code and user mode
   * (Apex Developer Guide, "Using the with sharing, without sharing, and inherited sharing Keywords"; Salesforce
   * Help, "Considerations for Sharing and Accessing Contacts" and "Built-in Sharing Behavior"):
   *  - View All Data / Modify All Data, and View All / Modify All on the object, see (edit) every record;
   *  - the owner sees and edits their record;
   *  - otherwise the organization-wide default decides: ReadWrite (also ReadWriteTransfer, FullAccess) everyone,
   *    Read everyone for reading, Private nobody, ControlledByParent the access to the parent record (Contact:
   *    its Account; a custom object: its master-detail parent);
   *  - a Contact without an Account is private whatever the defaults: only its owner and administrators see it;
   *  - owning a Contact, Opportunity or Case gives read access to its Account (implicit parent sharing).
   * Standard objects take the defaults of a new org unless the project sets `<sharingModel>`: Account
   * ReadWrite, Contact ControlledByParent. Sharing rules, the role hierarchy, teams, territories and manual shares
   * are not modelled (a known gap: they only ever grant more access).
   */
  canRecord(userId: string, object: string, values: Map<string, unknown> | undefined, op: 'read' | 'edit'): boolean {
    const p = this.perms(userId);
    if (p.modifyAllData || (op === 'read' && p.viewAllData)) return true;
    return this.recordAccess(p, userId, object, values, op, 0);
  }

  private recordAccess(
    p: PermSet,
    userId: string,
    object: string,
    values: Map<string, unknown> | undefined,
    op: 'read' | 'edit',
    depth: number,
  ): boolean {
    const o = p.objects.get(object.toLowerCase());
    if (o && (o.modifyAll || (op === 'read' && o.viewAll))) return true;
    if (!values) return true;
    const ownerId = values.get('ownerid');
    const owns = typeof ownerId === 'string' && ownerId.substring(0, 15) === userId.substring(0, 15);
    if (owns) return true;
    const desc = this.db.schema.get(object);
    const lc = object.toLowerCase();
    if (lc === 'contact' && !values.get('accountid')) return false; // private contact
    const model = desc?.sharingModel ?? STANDARD_DEFAULTS[lc] ?? 'ReadWrite';
    if (model === 'ControlledByParent') {
      if (depth > 5 || !desc) return false;
      const parentField =
        lc === 'contact'
          ? desc.fields.get('accountid')
          : [...desc.fields.values()].find((f) => f.type === 'reference' && f.cascadeDelete);
      if (!parentField) return typeof ownerId !== 'string';
      const parent = this.db.get(values.get(parentField.name.toLowerCase()) as string | undefined);
      if (!parent) return false;
      return this.recordAccess(p, userId, parent.type, parent.values, op, depth + 1);
    }
    if (typeof ownerId !== 'string') return true; // setup objects and other records without an owner
    if (model === 'Private' || (model === 'Read' && op === 'edit')) {
      return op === 'read' && lc === 'account' && this.ownsChildOf(userId, values.get('id'));
    }
    return true;
  }

  /** Implicit sharing: the owner of a Contact, Opportunity or Case reads its Account. */
  private ownsChildOf(userId: string, accountId: unknown): boolean {
    if (typeof accountId !== 'string') return false;
    const a15 = accountId.substring(0, 15);
    const u15 = userId.substring(0, 15);
    for (const type of ['Contact', 'Opportunity', 'Case']) {
      for (const r of this.db.rows(type)) {
        if (String(r.values.get('accountid') ?? '').substring(0, 15) !== a15) continue;
        if (String(r.values.get('ownerid') ?? '').substring(0, 15) === u15) return true;
      }
    }
    return false;
  }

  hasCustomPermission(userId: string, name: string): boolean {
    return this.perms(userId).customPermissions.has(name.toLowerCase());
  }
}
