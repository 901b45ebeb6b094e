/**
 * Object, field and custom-permission access of the running user, for USER_MODE / SECURITY_ENFORCED queries,
 * user-mode DML, describe checks and FeatureManagement.checkPermission. Built from the standard profiles (below) and
 * the project's permission sets and permission set groups, assigned with PermissionSetAssignment records.
 * Record sharing is not modelled (every record is visible).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
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
}

const parser = new XMLParser({
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
  };
}

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
    if (['Standard User', 'Standard Platform User', 'Read Only'].includes(profileName)) {
      const ro = profileName === 'Read Only';
      for (const o of standardObjects)
        eff.objects.set(o, { read: true, create: !ro, edit: !ro, del: !ro, viewAll: false, modifyAll: false });
    }
    const names: string[] = [];
    for (const a of this.db.rows('PermissionSetAssignment')) {
      if (String(a.values.get('assigneeid') ?? '').substring(0, 15) !== userId.substring(0, 15)) continue;
      const ps = this.db.get(a.values.get('permissionsetid') as string);
      if (ps) names.push(String(ps.values.get('name')).toLowerCase());
      const grp = this.db.get(a.values.get('permissionsetgroupid') as string);
      if (grp) names.push(...(this.groups.get(String(grp.values.get('developername')).toLowerCase()) ?? []));
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
    return eff;
  }

  private perms(userId: string): PermSet {
    // Assignments change during a test; recompute (cheap at this scale).
    return this.effective(userId);
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
    if (!custom || required || object.toLowerCase().endsWith('__mdt'))
      return this.canObject(userId, object, op === 'read' ? 'read' : 'edit');
    const f = p.fields.get(`${object}.${field}`.toLowerCase());
    return !!f && (op === 'read' ? f.read : f.edit);
  }

  /**
   * Record visibility (read) and edit access from the organization-wide default: Private and Read objects need
   * ownership (or View All / Modify All) — Read only for editing. Record sharing rules and role hierarchy are not
   * modelled; objects without an owner (ControlledByParent, setup objects) follow their object access.
   */
  canRecord(
    userId: string,
    object: string,
    sharingModel: string | undefined,
    ownerId: unknown,
    op: 'read' | 'edit',
  ): boolean {
    const p = this.perms(userId);
    if (p.modifyAllData || (op === 'read' && p.viewAllData)) return true;
    const o = p.objects.get(object.toLowerCase());
    if (o && (o.modifyAll || (op === 'read' && o.viewAll))) return true;
    const model = sharingModel ?? 'ReadWrite';
    const ownerOnly = model === 'Private' || (model === 'Read' && op === 'edit');
    if (!ownerOnly || typeof ownerId !== 'string') return true;
    return ownerId.substring(0, 15) === userId.substring(0, 15);
  }

  hasCustomPermission(userId: string, name: string): boolean {
    return this.perms(userId).customPermissions.has(name.toLowerCase());
  }
}
