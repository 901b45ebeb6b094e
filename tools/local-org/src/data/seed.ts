/**
 * Setup data every org has: the organization, profiles, the running (admin) user, the Automated Process and Site
 * guest users, plus setup records from the project's metadata (permission sets, permission set groups, custom
 * permissions, custom notification types, public groups, Salesforce Sites) and custom metadata records.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrgDatabase } from './database.js';
import { ApexBlob } from '../interpreter/values.js';
import { findDirsNamed, type FieldDescribe } from './schema.js';
import { fromMetadataString } from './value-utils.js';
import { deploySites } from './sites.js';
import { applySubscriberConfigs, type SubscriberConfig } from './subscriber-configs.js';

export const ORG_ID = '00D000000000001AAA';
export const ADMIN_USER_ID = '005000000000001AAA';
export const AUTOMATED_PROCESS_USER_ID = '005000000000002AAA';
export const GUEST_USER_ID = '005000000000003AAA';

export interface SeedInfo {
  orgId: string;
  adminUserId: string;
  automatedProcessUserId: string;
  guestUserId: string;
  profiles: Map<string, string>;
  /** Running user and batch size of platform event triggers, by trigger name in lower case (subscriber-configs.ts). */
  subscriberConfigs: Map<string, SubscriberConfig>;
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? m[1]!.trim() : undefined;
}

export function metadataFiles(projectDir: string, dir: string, suffix: string): Array<{ name: string; xml: string }> {
  const out: Array<{ name: string; xml: string }> = [];
  for (const d of findDirsNamed(projectDir, dir)) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) {
      if (!f.endsWith(suffix)) continue;
      out.push({ name: f.slice(0, -suffix.length), xml: readFileSync(join(d, f), 'utf8') });
    }
  }
  return out;
}

/** Id of the seeded standard price book (Test.getStandardPricebookId()). */
export const STANDARD_PRICEBOOK_ID = '01s000000000001AAA';

export function seed(db: OrgDatabase, projectDir: string, adminUserId = ADMIN_USER_ID, orgId = ORG_ID): SeedInfo {
  db.insertRaw(
    'Organization',
    {
      Name: 'Local Org',
      IsSandbox: true,
      OrganizationType: 'Developer Edition',
      InstanceName: 'LOCAL',
      TimeZoneSidKey: 'GMT',
      LanguageLocaleKey: 'en_US',
      DefaultLocaleSidKey: 'en_US',
      // a new org's fiscal year starts in January (Salesforce Help › Standard Fiscal Years)
      FiscalYearStartMonth: 1,
      UsesStartDateAsFiscalYearName: false,
      DefaultAccountAccess: 'Edit',
      DefaultContactAccess: 'ControlledByParent',
      DefaultOpportunityAccess: 'None',
      DefaultLeadAccess: 'ReadEditTransfer',
      DefaultCaseAccess: 'ReadEditTransfer',
      DefaultCalendarAccess: 'HideDetailsInsert',
      DefaultPricebookAccess: 'ReadSelect',
      DefaultCampaignAccess: 'All',
    },
    adminUserId,
    orgId,
  );
  // Object Reference, "UserLicense": Name and LicenseDefinitionKey of the standard licenses (not translated).
  const licenses = new Map<string, string>();
  for (const [name, key] of [
    ['Salesforce', 'SFDC'],
    ['Salesforce Platform', 'AUL'],
    ['Chatter Free', 'PID_Chatter'],
    ['Guest User License', 'PID_Guest_User'],
  ] as const) {
    licenses.set(
      name,
      db.insertRaw('UserLicense', { Name: name, LicenseDefinitionKey: key, Status: 'Active' }, adminUserId).id,
    );
  }
  // The standard profiles with their license and the user permissions that tell them apart (profile names are
  // translated in other languages; license and permissions are not).
  const profiles = new Map<string, string>();
  for (const [name, userType, license, perms] of [
    [
      'System Administrator',
      'Standard',
      'Salesforce',
      'ModifyAllData ViewAllData ViewSetup CustomizeApplication Api EditTask',
    ],
    ['Standard User', 'Standard', 'Salesforce', 'Api EditTask'],
    ['Marketing User', 'Standard', 'Salesforce', 'Api EditTask'],
    ['Contract Manager', 'Standard', 'Salesforce', 'Api EditTask'],
    ['Solution Manager', 'Standard', 'Salesforce', 'Api EditTask'],
    ['Read Only', 'Standard', 'Salesforce', 'Api'],
    ['Minimum Access - Salesforce', 'Standard', 'Salesforce', ''],
    ['Standard Platform User', 'Standard', 'Salesforce Platform', 'Api EditTask'],
    ['Chatter Free User', 'CsnOnly', 'Chatter Free', ''],
    ['Site Guest User', 'Guest', 'Guest User License', ''],
  ] as const) {
    const has = (p: string) => perms.split(' ').includes(p);
    profiles.set(
      name,
      db.insertRaw(
        'Profile',
        {
          Name: name,
          UserType: userType,
          UserLicenseId: licenses.get(license)!,
          PermissionsModifyAllData: has('ModifyAllData'),
          PermissionsViewAllData: has('ViewAllData'),
          PermissionsViewSetup: has('ViewSetup'),
          PermissionsCustomizeApplication: has('CustomizeApplication'),
          PermissionsApiEnabled: has('Api'),
          PermissionsEditTask: has('EditTask'),
        },
        adminUserId,
      ).id,
    );
  }
  const user = (id: string, last: string, username: string, profile: string, extra: Record<string, string> = {}) =>
    db.insertRaw(
      'User',
      {
        LastName: last,
        FirstName: extra.FirstName ?? null,
        Username: username,
        Email: extra.Email ?? username,
        Alias: last.substring(0, 8).toLowerCase(),
        TimeZoneSidKey: 'GMT',
        LocaleSidKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        LanguageLocaleKey: 'en_US',
        ProfileId: profiles.get(profile)!,
        IsActive: true,
        UserType: extra.UserType ?? 'Standard',
      },
      adminUserId,
      id,
    );
  user(adminUserId, 'Admin', 'admin@local-org.example', 'System Administrator', { FirstName: 'Local' });
  user(AUTOMATED_PROCESS_USER_ID, 'Automated Process', 'autoproc@local-org.example', 'System Administrator', {
    UserType: 'AutomatedProcess',
  });
  user(GUEST_USER_ID, 'Site Guest User', 'guest@local-org.example', 'Site Guest User', { UserType: 'Guest' });
  db.insertRaw(
    'Group',
    { Name: 'All Internal Users', DeveloperName: 'AllInternalUsers', Type: 'Organization' },
    adminUserId,
  );

  for (const { name, xml } of metadataFiles(projectDir, 'permissionsets', '.permissionset-meta.xml')) {
    db.insertRaw(
      'PermissionSet',
      {
        Name: name,
        Label: tag(xml, 'label') ?? name,
        Description: tag(xml, 'description') ?? null,
        IsCustom: true,
        Type: 'Regular',
      },
      adminUserId,
    );
  }
  for (const { name, xml } of metadataFiles(projectDir, 'permissionsetgroups', '.permissionsetgroup-meta.xml')) {
    db.insertRaw(
      'PermissionSetGroup',
      { DeveloperName: name, MasterLabel: tag(xml, 'label') ?? name, Status: 'Updated' },
      adminUserId,
    );
  }
  for (const { name, xml } of metadataFiles(projectDir, 'customPermissions', '.customPermission-meta.xml')) {
    db.insertRaw('CustomPermission', { DeveloperName: name, MasterLabel: tag(xml, 'label') ?? name }, adminUserId);
  }
  for (const { name, xml } of metadataFiles(projectDir, 'notificationtypes', '.notiftype-meta.xml')) {
    db.insertRaw(
      'CustomNotificationType',
      {
        DeveloperName: name,
        MasterLabel: tag(xml, 'masterLabel') ?? name,
        CustomNotifTypeName: tag(xml, 'customNotifTypeName') ?? name,
        Desktop: tag(xml, 'desktop') === 'true',
        Mobile: tag(xml, 'mobile') === 'true',
      },
      adminUserId,
    );
  }
  for (const { name, xml } of metadataFiles(projectDir, 'groups', '.group-meta.xml')) {
    db.insertRaw(
      'Group',
      {
        Name: tag(xml, 'name') ?? name,
        DeveloperName: name,
        Type: 'Regular',
        DoesIncludeBosses: tag(xml, 'doesIncludeBosses') === 'true',
      },
      adminUserId,
    );
  }
  // The standard sales stages of a new org, in their default order (Setup › Opportunity › Stage).
  const stages: [string, number, boolean, boolean, string][] = [
    ['Prospecting', 10, false, false, 'Pipeline'],
    ['Qualification', 10, false, false, 'Pipeline'],
    ['Needs Analysis', 20, false, false, 'Pipeline'],
    ['Value Proposition', 50, false, false, 'Pipeline'],
    ['Id. Decision Makers', 60, false, false, 'Pipeline'],
    ['Perception Analysis', 70, false, false, 'Pipeline'],
    ['Proposal/Price Quote', 75, false, false, 'Pipeline'],
    ['Negotiation/Review', 90, false, false, 'Pipeline'],
    ['Closed Won', 100, true, true, 'Closed'],
    ['Closed Lost', 0, true, false, 'Omitted'],
  ];
  stages.forEach(([label, probability, closed, won, forecast], index) => {
    db.insertRaw(
      'OpportunityStage',
      {
        MasterLabel: label,
        ApiName: label,
        IsActive: true,
        IsClosed: closed,
        IsWon: won,
        DefaultProbability: probability,
        ForecastCategory: forecast,
        ForecastCategoryName: forecast,
        SortOrder: index + 1,
      },
      adminUserId,
    );
  });
  for (const { name, xml } of metadataFiles(projectDir, 'cachePartitions', '.cachePartition-meta.xml')) {
    db.insertRaw(
      'PlatformCachePartition',
      {
        DeveloperName: name,
        MasterLabel: tag(xml, 'masterLabel') ?? name,
        NamespacePrefix: null,
        Description: tag(xml, 'description') ?? null,
        IsDefaultPartition: tag(xml, 'isDefaultPartition') === 'true',
      },
      adminUserId,
    );
  }
  // the standard price book every org has (Test.getStandardPricebookId() returns its Id)
  db.insertRaw(
    'Pricebook2',
    { Name: 'Standard Price Book', IsActive: true, IsStandard: true },
    adminUserId,
    STANDARD_PRICEBOOK_ID,
  );
  seedMetadataCatalog(db, adminUserId);
  seedStaticResources(db, projectDir, adminUserId);
  // The project's Salesforce Sites, with the guest user and guest profile the platform gives each (sites.ts).
  deploySites(db, metadataFiles(projectDir, 'sites', '.site-meta.xml'), adminUserId);
  const subscriberConfigs = new Map<string, SubscriberConfig>();
  applySubscriberConfigs(
    db,
    metadataFiles(projectDir, 'platformEventSubscriberConfigs', '.platformEventSubscriberConfig-meta.xml').map(
      (f) => f.xml,
    ),
    subscriberConfigs,
  );
  // Custom metadata records are queryable like any other data.
  for (const [typeKey, records] of db.schema.customMetadataRecords) {
    const obj = db.schema.get(typeKey)!;
    for (const rec of records) {
      const fields: Record<string, any> = {};
      for (const [k, v] of Object.entries(rec)) {
        const f = obj.fields.get(k.toLowerCase());
        if (!f) continue;
        fields[f.name] = typeof v === 'string' || v === null ? fromMetadataString(f, v as string | null) : v;
      }
      db.insertRaw(obj.name, fields, adminUserId);
    }
  }
  // A relationship to another custom metadata type is written with the target's DeveloperName in the
  // .md-meta.xml and holds the target record's Id in the org (so `Id IN (SELECT Rel__c FROM ...)` works).
  for (const typeKey of db.schema.customMetadataRecords.keys()) {
    const obj = db.schema.get(typeKey)!;
    for (const f of obj.fields.values()) {
      const target = f.referenceTo[0];
      if (f.type !== 'reference' || !f.custom || !target?.toLowerCase().endsWith('__mdt')) continue;
      const byName = new Map(
        db.rows(target).map((r) => [String(r.values.get('developername') ?? '').toLowerCase(), r.id] as const),
      );
      for (const row of db.rows(obj.name)) {
        const v = row.values.get(f.name.toLowerCase());
        if (typeof v !== 'string') continue;
        const name = v.includes('.') ? v.substring(v.lastIndexOf('.') + 1) : v;
        const id = byName.get(name.toLowerCase());
        if (id) row.values.set(f.name.toLowerCase(), id);
      }
    }
  }
  return {
    orgId,
    adminUserId,
    automatedProcessUserId: AUTOMATED_PROCESS_USER_ID,
    guestUserId: GUEST_USER_ID,
    profiles,
    subscriberConfigs,
  };
}

/** FieldDefinition.DataType as Setup shows it (Object Reference › FieldDefinition: "the data type of the field"). */
function dataTypeLabel(f: FieldDescribe): string {
  const base = ((): string => {
    switch (f.type) {
      case 'id':
        return 'Lookup()';
      case 'string':
        return f.autoNumber ? 'Auto Number' : `Text(${f.length})`;
      case 'textarea':
        return f.length > 255 ? `Long Text Area(${f.length})` : `Text Area(${f.length})`;
      case 'picklist':
        return 'Picklist';
      case 'multipicklist':
        return 'Picklist (Multi-Select)';
      case 'boolean':
        return 'Checkbox';
      case 'currency':
        return `Currency(${f.precision - f.scale}, ${f.scale})`;
      case 'percent':
        return `Percent(${f.precision - f.scale}, ${f.scale})`;
      case 'double':
      case 'integer':
      case 'long':
        return `Number(${f.precision || f.digits}, ${f.scale})`;
      case 'date':
        return 'Date';
      case 'datetime':
        return 'Date/Time';
      case 'time':
        return 'Time';
      case 'reference':
        return `Lookup(${f.referenceTo.join(',')})`;
      case 'email':
        return 'Email';
      case 'phone':
        return 'Phone';
      case 'url':
        return 'URL(255)';
      case 'encryptedstring':
        return `Text (Encrypted)(${f.length})`;
      case 'address':
        return 'Address';
      case 'location':
        return 'Geolocation';
      default:
        return f.type;
    }
  })();
  return f.calculated && f.formula !== undefined ? `Formula (${base.replace(/\(.*$/, '')})` : base;
}

/** EntityDefinition and FieldDefinition rows for every object and field of the schema. */
function seedMetadataCatalog(db: OrgDatabase, adminUserId: string): void {
  for (const o of db.schema.objects.values()) {
    if (o.name === 'EntityDefinition' || o.name === 'FieldDefinition') continue;
    const dev = o.name.replace(/__(c|mdt|e|x|b)$/i, '');
    const entity = db.insertRaw(
      'EntityDefinition',
      {
        DurableId: o.custom ? null : o.name,
        QualifiedApiName: o.name,
        DeveloperName: dev,
        MasterLabel: o.label,
        Label: o.label,
        PluralLabel: o.labelPlural,
        KeyPrefix: o.keyPrefix || null,
        NamespacePrefix: null,
        IsCustomizable: true,
        IsCustomSetting: o.kind === 'customSetting',
        IsQueryable: o.queryable,
        IsApexTriggerable: o.kind === 'standard' || o.kind === 'custom' || o.kind === 'platformEvent',
      },
      adminUserId,
    );
    if (o.custom) entity.values.set('durableid', entity.id);
    for (const f of o.fields.values()) {
      db.insertRaw(
        'FieldDefinition',
        {
          DurableId: `${o.name}.${f.name}`,
          QualifiedApiName: f.name,
          DeveloperName: f.name.replace(/__c$/i, ''),
          MasterLabel: f.label,
          Label: f.label,
          DataType: dataTypeLabel(f),
          EntityDefinitionId: entity.id,
          RelationshipName: f.type === 'reference' && f.relationshipName ? f.relationshipName : null,
          NamespacePrefix: null,
          Length: f.length,
          Precision: f.precision,
          Scale: f.scale,
          IsCalculated: f.calculated,
          IsNillable: f.nillable,
          IsIndexed: f.type === 'id' || f.externalId || f.unique || f.type === 'reference',
          IsNameField: f.nameField,
          IsApiFilterable: true,
        },
        adminUserId,
      );
    }
  }
}

/** StaticResource rows (Object Reference › StaticResource) for `staticresources/<Name>.resource-meta.xml`: Body is
 * the resource file's bytes. A folder resource (deployed as a zip archive) has no Body here. */
function seedStaticResources(db: OrgDatabase, projectDir: string, adminUserId: string): void {
  for (const dir of findDirsNamed(projectDir, 'staticresources')) {
    if (!existsSync(dir)) continue;
    const entries = readdirSync(dir).sort();
    for (const f of entries) {
      const m = /^(.*)\.resource-meta\.xml$/.exec(f);
      if (!m) continue;
      const name = m[1]!;
      const xml = readFileSync(join(dir, f), 'utf8');
      const file = entries.find((e) => e.startsWith(name + '.') && !e.endsWith('-meta.xml'));
      let body: Buffer | null = null;
      if (file) {
        try {
          body = readFileSync(join(dir, file));
        } catch {
          body = null; // a folder named like a file
        }
      }
      db.insertRaw(
        'StaticResource',
        {
          Name: name,
          Body: body ? new ApexBlob(body) : null,
          BodyLength: body ? body.length : 0,
          ContentType: tag(xml, 'contentType') ?? null,
          CacheControl: tag(xml, 'cacheControl') ?? null,
          Description: tag(xml, 'description') ?? null,
          NamespacePrefix: null,
        },
        adminUserId,
      );
    }
  }
}
