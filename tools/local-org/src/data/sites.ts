/**
 * Salesforce Sites deployed from source: each `sites/<Name>.site-meta.xml` (Metadata API › CustomSite: "stored in the
 * sites directory of the corresponding package directory. The file name matches the site name") becomes what the
 * platform makes of it:
 *
 * - a `Site` row (Object Reference › Site: "Represents a public website that is integrated with an org"; supported
 *   calls describeSObjects(), query(), retrieve(): it is made by Setup or a deploy, never by DML). `Name` is the
 *   site name, `MasterLabel` its `masterLabel`, `UrlPathPrefix` its `urlPathPrefix`, `Status` `Active` or `Inactive`
 *   from `active`, `SiteType` its `siteType`, `AdminId` the user named by `siteAdmin` and `GuestRecordDefaultOwnerId`
 *   the user named by `siteGuestRecordDefaultOwner` (both usernames), `Description` its `description`;
 * - its guest user and guest profile, which the platform creates with every site: the profile "<label> Profile" of
 *   the Guest User License, the user "<label> Site Guest User" (`UserType` `Guest`), named by `Site.GuestUserId`;
 * - a `SiteDetail` row (Object Reference › SiteDetail, API 38.0: `DurableId` "The ID of the Site object", `SecureUrl`
 *   "The URL of the website", `IsRegistrationEnabled`): the site's URL is the org's Salesforce Sites domain followed
 *   by the path prefix (`https://<my-domain>.my.salesforce-sites.com/<prefix>`, the form of enhanced domains).
 *
 * Sites come from the project's package directories when the org is created (seed.ts) and from any other source
 * folder deployed later (`LocalOrg.deploy`, as `sf project deploy start --source-dir` deploys one).
 *
 * References: https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-site.html,
 * https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-site.html,
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_sitedetail.htm,
 * https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-customsite.html
 */
import { metadataFilesBelow, xmlTag as tag } from './metadata-files.js';
import type { OrgDatabase } from './database.js';
import type { StoredRecord } from './database.js';

/** The local org's Salesforce Sites domain (its My Domain is local-org.my.salesforce.com, system-url.ts). */
export const SITES_DOMAIN_URL = 'https://local-org.my.salesforce-sites.com';

/** A `CustomSite` read from its metadata file. */
export interface SiteSource {
  name: string;
  xml: string;
}

/** Every `sites/*.site-meta.xml` below `dir` (a source folder, any depth), sorted by name. */
export function siteFilesBelow(dir: string): SiteSource[] {
  return metadataFilesBelow(dir, 'sites', '.site-meta.xml');
}

const byUsername = (db: OrgDatabase, username: string | undefined): string | null => {
  if (!username) return null;
  const user = db
    .rows('User')
    .find((r) => String(r.values.get('username') ?? '').toLowerCase() === username.toLowerCase());
  return user?.id ?? null;
};

/** The secure URL of a site with this path prefix (none: the domain's root). */
export function siteSecureUrl(urlPathPrefix: string | null): string {
  return urlPathPrefix ? `${SITES_DOMAIN_URL}/${urlPathPrefix}` : SITES_DOMAIN_URL;
}

/**
 * Deploys sites: a new site gets its guest profile, guest user and detail row; a site deployed again is updated in
 * place (its guest user stays). A username that names no user of the org leaves the field blank.
 */
export function deploySites(db: OrgDatabase, sites: SiteSource[], deployingUserId: string): StoredRecord[] {
  return sites.map(({ name, xml }) => {
    const label = tag(xml, 'masterLabel') ?? name;
    const prefix = tag(xml, 'urlPathPrefix') ?? null;
    const fields = {
      Name: name,
      MasterLabel: label,
      UrlPathPrefix: prefix,
      Status: tag(xml, 'active') === 'true' ? 'Active' : 'Inactive',
      SiteType: tag(xml, 'siteType') ?? 'Visualforce',
      Description: tag(xml, 'description') ?? null,
      AdminId: byUsername(db, tag(xml, 'siteAdmin')) ?? deployingUserId,
      GuestRecordDefaultOwnerId: byUsername(db, tag(xml, 'siteGuestRecordDefaultOwner')),
    };
    const existing = db.rows('Site').find((r) => String(r.values.get('name')).toLowerCase() === name.toLowerCase());
    if (existing) {
      for (const [k, v] of Object.entries(fields)) existing.values.set(k.toLowerCase(), v);
      const detail = db.rows('SiteDetail').find((r) => r.values.get('durableid') === existing.id);
      detail?.values.set('secureurl', siteSecureUrl(prefix));
      return existing;
    }
    const license = db
      .rows('UserLicense')
      .find((r) => String(r.values.get('licensedefinitionkey')) === 'PID_Guest_User');
    const profile = db.insertRaw(
      'Profile',
      { Name: `${label} Profile`, UserType: 'Guest', UserLicenseId: license?.id ?? null },
      deployingUserId,
    );
    const guest = db.insertRaw(
      'User',
      {
        LastName: `${label} Site Guest User`,
        Name: `${label} Site Guest User`,
        Username: `${name.toLowerCase()}@local-org.my.salesforce-sites.com`,
        Email: `${name.toLowerCase()}@local-org.my.salesforce-sites.com`,
        Alias: 'guest',
        TimeZoneSidKey: 'GMT',
        LocaleSidKey: 'en_US',
        EmailEncodingKey: 'UTF-8',
        LanguageLocaleKey: 'en_US',
        ProfileId: profile.id,
        IsActive: true,
        UserType: 'Guest',
      },
      deployingUserId,
    );
    const site = db.insertRaw('Site', { ...fields, GuestUserId: guest.id }, deployingUserId);
    db.insertRaw(
      'SiteDetail',
      { DurableId: site.id, SecureUrl: siteSecureUrl(prefix), IsRegistrationEnabled: false },
      deployingUserId,
    );
    return site;
  });
}

/** The guest user of an active site by name, or undefined (no such site, or not active). */
export function activeSiteGuestUser(db: OrgDatabase, siteName: string): string | undefined {
  const site = db.rows('Site').find((r) => String(r.values.get('name')).toLowerCase() === siteName.toLowerCase());
  if (!site || site.values.get('status') !== 'Active') return undefined;
  const guest = site.values.get('guestuserid');
  return typeof guest === 'string' ? guest : undefined;
}

/**
 * The owner of a record a Site's guest user inserts without one: the Site's default record owner (Summer '20
 * release notes, "Assign New Records Created by Salesforce Sites Guest Users to a Default Owner": a guest user
 * does not own the records it creates). Undefined when `userId` is no Site's guest user or the Site names no owner.
 */
export function guestRecordOwner(db: OrgDatabase, userId: string): string | undefined {
  const site = db.rows('Site').find((r) => r.values.get('guestuserid') === userId);
  const owner = site?.values.get('guestrecorddefaultownerid');
  return typeof owner === 'string' && owner ? owner : undefined;
}
