/**
 * The package running locally (`npm start`): a local org with the package's real Apex, sample data and the
 * package's permission sets, the post-install metadata an admin deploys (config/post-install: the Site and the
 * subscriber config, naming the preview's integration user), served as Lightning pages on localhost.
 *
 *   GET  /lightning/r/<id>/view        a record page laid out as the package's flexipage for its object
 *   GET  /lightning/n/<page>           the finance home and the admin page (Stripe_Finance_Home, Stripe_Admin_Setup,
 *                                      also at Stripe_Admin), laid out as the package's flexipages
 *   POST /apex/<Class>.<method>        an @AuraEnabled method in the org as the page's user (what the bundle's
 *                                      `@salesforce/apex/*` modules call; tools/platform-stubs/backend/remote.ts)
 *   POST /ui-api/record                `lightning/uiRecordApi` getRecord against the org's records
 *   POST /services/apexrest/<path>     the org's REST resources with the raw body and headers, as the Site guest
 *                                      user (`stripe listen --forward-to localhost:PORT/services/apexrest/stripe/webhook`)
 *   POST /preview/…                    what happens outside Salesforce: a new Contact (the standard New form), and with
 *                                      the local Stripe the customer paying, a declined renewal, a Dashboard refund
 *
 * Components are the real ones (the browser-check bundle: the base components of lightning-base-components, SLDS,
 * the one set of platform stubs in tools/platform-stubs, which Jest uses too, answering from this server). Async work (queueables,
 * platform event triggers) runs after every request. Stripe is the local fake of stripe-world.ts, whose events go to
 * the webhook endpoints registered in it through the Site whose URL each is (as that Site's guest user); with
 * STRIPE_SECRET_KEY set callouts go to https://api.stripe.com instead (stripe-forward.ts) and events come from
 * `stripe listen` signed with STRIPE_WEBHOOK_SECRET.
 */
import { LocalOrg } from '@stripe-connector/local-apex-org';
import { readdirSync, readFileSync, existsSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { build } from '../browser-check/build';
import { newSigningSecret, signatureHeader, stripeObject, type JsonMap } from '../stripe-fixtures/fixtures';
import { createStripeWorld, type StripeWorld } from './stripe-world';
import { forwardToStripe } from './stripe-forward';
import { renderPostInstall } from '../../scripts/lib/post-install';
import { PACKAGE_LABELS_FILE, labelValues } from '../labels/custom-labels';
import { LABEL_REFERENCE } from '../../scripts/lib/page-references';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT = path.join(REPO_ROOT, 'force-app', 'main', 'default');
const SLDS_ASSETS = path.join(REPO_ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const DIST = path.join(__dirname, 'dist');

/**
 * The sample users and the package permission sets (or permission set groups) each has (docs/admin-guide.md,
 * "Personas" and step 2). `integration` is the dedicated integration user of the admin guide (step 0): the
 * `Stripe_Integration` group (step 2), named by the subscriber config and as the Site's guest record owner (steps
 * 4 and 5, config/post-install), the user the jobs are scheduled as (step 9, the checklist's *Schedule jobs* after
 * logging in as it). It holds nothing else (least privilege): the checklist opens for it with `Stripe_Manage_Jobs`;
 * registering and rolling the webhook endpoint stay the admin's (`Stripe_Manage_Webhook_Secret`).
 */
export const USERS = {
  rep: { name: 'Riley Rep', permissionSets: ['Stripe_Sales_Rep'], groups: [] },
  service: { name: 'Sam Service', permissionSets: ['Stripe_Customer_Service'], groups: [] },
  finance: { name: 'Frankie Finance', permissionSets: ['Stripe_Finance'], groups: [] },
  admin: { name: 'Alex Admin', permissionSets: ['Stripe_Admin'], groups: [] },
  integration: { name: 'Ivy Integration', permissionSets: [], groups: ['Stripe_Integration'] },
} as const;
export type UserKey = keyof typeof USERS;

interface AuraAnswer {
  data?: unknown;
  error?: unknown;
}

/** The part of tools/local-org's LocalOrg the preview uses (loaded from its build, as scripts/demo-local-org.ts does). */
export interface PreviewOrg {
  runAnonymous(apex: string): { success: boolean; debug: string[]; error?: string };
  callAura(method: string, params: Record<string, unknown>, options: { userId?: string }): AuraAnswer;
  setCustomMetadata(type: string, name: string, fields: Record<string, string | number | boolean | null>): void;
  setCalloutHandler(handler: (request: CalloutRequest) => CalloutResponse): void;
  deploy(sourceDir: string): { sites: string[]; subscriberConfigs: string[] };
  rest(call: { method: string; path: string; headers: Record<string, string>; body: string; site?: string }): {
    statusCode: number;
    headers?: Record<string, string>;
    body?: string;
  };
  query(soql: string): Array<Record<string, unknown>>;
  runAsyncJobs(): unknown[];
  advanceTime(seconds: number): void;
  now(): Date;
  services: { withUser<T>(userId: string, body: () => T): T };
}
interface CalloutRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
interface CalloutResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface PreviewOptions {
  port?: number;
  /** Forward callouts to Stripe's API with this secret key (test mode) instead of the local Stripe. */
  stripeSecretKey?: string;
  /** With a real Stripe account: the `whsec_…` of `stripe listen` (events are signed with it). */
  webhookSecret?: string;
  /** Log each request's Apex errors to stderr. */
  log?: (line: string) => void;
}

export interface Preview {
  url: string;
  org: PreviewOrg;
  stripe: StripeWorld | undefined;
  users: Record<UserKey, string>;
  contactId: string;
  /** What was loaded, for `npm start` to print. */
  summary: string[];
  /** Runs async work and delivers the local Stripe's events until nothing is left. */
  settle(): void;
  close(): Promise<void>;
}

/** A field value as text: strings and numbers as they are, anything else as JSON. */
const str = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : value === null || value === undefined
        ? ''
        : JSON.stringify(value);

const escapeHtml = (text: unknown): string =>
  str(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

// ------------------------------------------------------------------------------------------------ flexipages

interface Item {
  component: string;
  props: Record<string, string>;
}
interface FlexiPage {
  name: string;
  label: string;
  type: string;
  sobjectType?: string;
  regions: Map<string, Item[]>;
  /** Regions that are facets (a tab's body), shown only where a tab or tab set puts them. */
  facets?: Set<string>;
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * A property value as the page shows it: a custom label reference (`{!$Label.Stripe_X}`, which Lightning App
 * Builder resolves in the user's language) becomes the label's value; other values stay as they are.
 */
function resolveLabel(value: string, labels: Map<string, string>): string {
  const name = LABEL_REFERENCE.exec(value)?.[1];
  return name === undefined ? value : (labels.get(name) ?? value);
}

/** The package's flexipages: regions and facets with their components and properties (labels resolved). */
function loadFlexiPages(): FlexiPage[] {
  const dir = path.join(DEFAULT, 'flexipages');
  if (!existsSync(dir)) return [];
  const labels = labelValues(PACKAGE_LABELS_FILE);
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
  return readdirSync(dir)
    .filter((file) => file.endsWith('.flexipage-meta.xml'))
    .map((file) => {
      const page = (parser.parse(readFileSync(path.join(dir, file), 'utf8')) as { FlexiPage: JsonMap }).FlexiPage;
      const regions = new Map<string, Item[]>();
      const facets = new Set<string>();
      for (const region of asList(page.flexiPageRegions as JsonMap | JsonMap[])) {
        const items = asList(region.itemInstances as JsonMap | JsonMap[]).flatMap((instance) => {
          const component = instance.componentInstance as JsonMap | undefined;
          if (!component) return [];
          const props = Object.fromEntries(
            asList(component.componentInstanceProperties as JsonMap | JsonMap[]).map((p) => [
              String(p.name),
              resolveLabel(str(p.value), labels),
            ]),
          );
          return [{ component: String(component.componentName), props }];
        });
        regions.set(String(region.name), items);
        if (String(region.type) === 'Facet') facets.add(String(region.name));
      }
      return {
        name: file.replace('.flexipage-meta.xml', ''),
        label: String(page.masterLabel),
        type: String(page.type),
        sobjectType: page.sobjectType === undefined ? undefined : str(page.sobjectType),
        regions,
        facets,
      };
    });
}

/**
 * Short paths of the preview for the package's app pages: `/lightning/n/Stripe_Admin` is the shipped
 * `Stripe_Admin_Setup` page (the *Stripe Setup* tab), with its checklist and its list view cards.
 */
const PAGE_ALIASES: Record<string, string> = { Stripe_Admin: 'Stripe_Admin_Setup' };

// ------------------------------------------------------------------------------------------------ list views

interface FieldInfo {
  label: string;
  type: string;
  /** Picklist value labels by API name. */
  values: Map<string, string>;
  /** Decimal places of a number or currency field. */
  scale?: number;
}

/** Standard columns and fields of a list view (`NAME`, `LAST_UPDATE`, …) as SOQL fields. */
const STANDARD_COLUMNS: Record<string, { field: string; label: string; type: string }> = {
  NAME: { field: 'Name', label: 'Name', type: 'Text' },
  LAST_UPDATE: { field: 'LastModifiedDate', label: 'Last Modified Date', type: 'DateTime' },
  CREATED_DATE: { field: 'CreatedDate', label: 'Created Date', type: 'DateTime' },
};

/** A custom field's metadata (label, type, picklist labels), from `objects/<object>/fields`. */
function fieldInfo(object: string, field: string): FieldInfo | undefined {
  const file = path.join(DEFAULT, 'objects', object, 'fields', `${field}.field-meta.xml`);
  if (!existsSync(file)) return undefined;
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
  const meta = (parser.parse(readFileSync(file, 'utf8')) as { CustomField: JsonMap }).CustomField;
  const definition = (meta.valueSet as JsonMap | undefined)?.valueSetDefinition as JsonMap | undefined;
  const values = new Map(
    asList(definition?.value as JsonMap | JsonMap[] | undefined).map((v) => [str(v.fullName), str(v.label)]),
  );
  const scale = meta.scale === undefined ? undefined : Number(meta.scale);
  return { label: str(meta.label), type: str(meta.type), values, scale };
}

/** SOQL's date literals (THIS_MONTH, LAST_N_DAYS:7, …) go unquoted. */
const DATE_LITERAL =
  /^(?:TODAY|YESTERDAY|TOMORROW|(?:THIS|LAST|NEXT)_(?:WEEK|MONTH|QUARTER|YEAR)|(?:LAST|NEXT)_N_(?:DAYS|WEEKS|MONTHS):\d+)$/;
const OPERATORS: Record<string, string> = {
  equals: '=',
  notEqual: '!=',
  lessThan: '<',
  greaterThan: '>',
  lessOrEqual: '<=',
  greaterOrEqual: '>=',
};

export interface ListView {
  label: string;
  columns: Array<{ field: string; label: string; type: string; values: Map<string, string>; scale?: number }>;
  soql: string;
}

/**
 * A list view (`objects/<object>/listViews/<name>`) as a query: its columns, and its filters ANDed (or by its
 * `booleanFilter`). A filter of several comma-separated values is an IN (as a list view's "equals a, b"); a
 * lookup column shows the related record's Name. The approximation the preview needs for the finance home's
 * list-view cards: scope Everything, the operators equals, notEqual, lessThan, greaterThan, lessOrEqual,
 * greaterOrEqual, contains and startsWith.
 */
export function listViewQuery(object: string, name: string, limit: number): ListView | undefined {
  const file = path.join(DEFAULT, 'objects', object, 'listViews', `${name}.listView-meta.xml`);
  if (!existsSync(file)) return undefined;
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
  const view = (parser.parse(readFileSync(file, 'utf8')) as { ListView: JsonMap }).ListView;
  const describe = (column: string): ListView['columns'][number] => {
    const standard = STANDARD_COLUMNS[column];
    if (standard) return { ...standard, values: new Map<string, string>() };
    const info = fieldInfo(object, column);
    const lookup = info?.type === 'Lookup' || info?.type === 'MasterDetail';
    return {
      field: lookup ? column.replace(/__c$/, '__r.Name') : column,
      label: info?.label ?? column,
      type: info?.type ?? 'Text',
      values: info?.values ?? new Map<string, string>(),
      scale: info?.scale,
    };
  };
  const columns = asList(view.columns as string | string[]).map(describe);
  const conditions = asList(view.filters as JsonMap | JsonMap[] | undefined).map((filter) => {
    const column = describe(str(filter.field));
    const field = column.field.replace(/__r\.Name$/, '__c');
    const values = str(filter.value).split(',');
    const literal = (value: string): string =>
      DATE_LITERAL.test(value) || /^(Number|Currency|Percent|Checkbox)$/.test(column.type) ? value : quote(value);
    const operation = str(filter.operation);
    if (operation === 'contains') return `${field} LIKE ${quote(`%${values[0]}%`)}`;
    if (operation === 'startsWith') return `${field} LIKE ${quote(`${values[0]}%`)}`;
    if (values.length > 1 && (operation === 'equals' || operation === 'notEqual'))
      return `${field} ${operation === 'equals' ? 'IN' : 'NOT IN'} (${values.map(literal).join(', ')})`;
    return `${field} ${OPERATORS[operation] ?? '='} ${literal(values[0])}`;
  });
  const logic = view.booleanFilter
    ? str(view.booleanFilter).replace(/\d+/g, (n) => `(${conditions[Number(n) - 1]})`)
    : conditions.join(' AND ');
  const fields = ['Id', ...new Set(columns.map((c) => c.field).filter((f) => f !== 'Id'))];
  return {
    label: str(view.label),
    columns,
    soql: `SELECT ${fields.join(', ')} FROM ${object}${logic ? ` WHERE ${logic}` : ''} ORDER BY LastModifiedDate DESC LIMIT ${limit}`,
  };
}

/** Quick actions of an object that open a Lightning web component. */
function quickActions(sobjectType: string): Array<{ name: string; label: string; component: string }> {
  const dir = path.join(DEFAULT, 'quickActions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.startsWith(`${sobjectType}.`) && file.endsWith('.quickAction-meta.xml'))
    .flatMap((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const component = /<lightningWebComponent>(\w+)<\/lightningWebComponent>/.exec(text)?.[1];
      const label = /<label>([^<]+)<\/label>/.exec(text)?.[1] ?? file;
      return component ? [{ name: file.split('.')[1], label, component }] : [];
    });
}

const tagOf = (component: string): string =>
  `c-${component.replace(/^c:/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Newest modification time of the sources under `dir` (not tests, builds, or compiled `.js`). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  const skip = new RegExp(`\\${path.sep}(__tests__|dist|node_modules)(\\${path.sep}|$)`);
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|html|css|xml)$/.test(entry.name) && !skip.test(entry.parentPath))
    .reduce((latest, entry) => Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/**
 * The bundle (tools/browser-check/build.ts: components, base components, stubs), built again only when a source
 * is newer than it: the components, labels, stubs and harness, or the installed packages.
 */
async function bundle(): Promise<void> {
  const output = path.join(DIST, 'app.js');
  const sources = [
    path.join(DEFAULT, 'lwc'),
    path.join(DEFAULT, 'labels'),
    path.join(REPO_ROOT, 'tools', 'browser-check'),
    path.join(REPO_ROOT, 'tools', 'platform-stubs'),
    path.join(REPO_ROOT, 'package-lock.json'),
  ];
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const changed = sources.some((source) =>
    source.endsWith('.json') ? statSync(source).mtimeMs > built : newest(source) > built,
  );
  if (changed) await build({ outDir: DIST, onWarning: () => undefined });
}

// ------------------------------------------------------------------------------------------------ the org

async function loadOrg(): Promise<PreviewOrg> {
  // The runtime is a dependency like any other (workspace package), imported by name; assigning it to
  // PreviewOrg makes tsc check what the preview uses against the real LocalOrg API.
  const org: PreviewOrg = await LocalOrg.load({ projectDir: REPO_ROOT });
  return org;
}

function must(org: PreviewOrg, what: string, apex: string): string[] {
  const result = org.runAnonymous(apex);
  if (!result.success) throw new Error(`preview: ${what} failed: ${result.error}`);
  return result.debug;
}

/** The users of USERS, Standard User profile plus their permission set. */
function createUsers(org: PreviewOrg): Record<UserKey, string> {
  const statements = Object.entries(USERS).map(([key, user]) => {
    const [first, last] = user.name.split(' ');
    return `users.add(new User(FirstName = ${quote(first)}, LastName = ${quote(last)}, Alias = ${quote(key.slice(0, 8))},
      Username = ${quote(`${key}@stripe-preview.local`)}, Email = ${quote(`${key}@example.com`)}, ProfileId = profileId,
      TimeZoneSidKey = 'America/Los_Angeles', LocaleSidKey = 'en_US', LanguageLocaleKey = 'en_US', EmailEncodingKey = 'UTF-8'));`;
  });
  const assignments = Object.entries(USERS).flatMap(([key, user]) => [
    ...user.permissionSets.map(
      (name) =>
        `assignments.add(new PermissionSetAssignment(AssigneeId = byName.get(${quote(`${key}@stripe-preview.local`)}), PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = ${quote(name)}].Id));`,
    ),
    ...user.groups.map(
      (name: string) =>
        `assignments.add(new PermissionSetAssignment(AssigneeId = byName.get(${quote(`${key}@stripe-preview.local`)}), PermissionSetGroupId = [SELECT Id FROM PermissionSetGroup WHERE DeveloperName = ${quote(name)}].Id));`,
    ),
  ]);
  must(
    org,
    'sample users',
    `Id profileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id;
    List<User> users = new List<User>();
    ${statements.join('\n')}
    insert users;
    Map<String, Id> byName = new Map<String, Id>();
    for (User u : users) byName.put(u.Username, u.Id);
    List<PermissionSetAssignment> assignments = new List<PermissionSetAssignment>();
    ${assignments.join('\n')}
    insert assignments;`,
  );
  const ids = {} as Record<UserKey, string>;
  for (const key of Object.keys(USERS) as UserKey[]) {
    ids[key] = String(org.query(`SELECT Id FROM User WHERE Username = '${key}@stripe-preview.local'`)[0].Id);
  }
  return ids;
}

/**
 * What an admin does after deploying the package (docs/admin-guide.md): deploys config/post-install with the
 * integration user and the admin filled in (steps 4 and 5: the subscriber config runs webhook processing as the
 * integration user, the Site `Stripe_Webhooks` is created active with its guest user), then gives each deployed
 * Site's guest user `Stripe_Webhook_Guest` (step 5, by hand in Setup › Sites › Public Access Settings).
 */
function deployPostInstall(org: PreviewOrg): void {
  const dir = renderPostInstall(REPO_ROOT, {
    INTEGRATION_USERNAME: 'integration@stripe-preview.local',
    ADMIN_USERNAME: 'admin@stripe-preview.local',
  });
  if (!dir) return;
  try {
    const deployed = org.deploy(dir);
    for (const site of deployed.sites) {
      must(
        org,
        `guest access of the Site ${site}`,
        `insert new PermissionSetAssignment(AssigneeId = [SELECT GuestUserId FROM Site WHERE Name = ${quote(site)}].GuestUserId,
          PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Stripe_Webhook_Guest'].Id);`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Custom permissions a user has, as `FeatureManagement.checkPermission` answers in the org. */
function customPermissions(org: PreviewOrg, userId: string): string[] {
  const dir = path.join(DEFAULT, 'customPermissions');
  const names = existsSync(dir) ? readdirSync(dir).map((file) => file.split('.')[0]) : [];
  const debug = org.services.withUser(userId, () =>
    must(
      org,
      'custom permissions',
      names.map((n) => `System.debug(${quote(n)} + '=' + FeatureManagement.checkPermission(${quote(n)}));`).join('\n'),
    ),
  );
  return names.filter((name) => debug.some((line) => line.endsWith(`|${name}=true`)));
}

// ------------------------------------------------------------------------------------------------ the server

export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const log = options.log ?? (() => undefined);
  const [org] = await Promise.all([loadOrg(), bundle()]);
  const fake = options.stripeSecretKey === undefined;
  const signingSecret = fake ? newSigningSecret() : options.webhookSecret;
  const nowSeconds = (): number => Math.floor(org.now().getTime() / 1000);

  // The fixtures' price with its product expanded (`expand[]=data.product`, as the catalog pull asks for it).
  const prices = [{ ...stripeObject('price'), product: stripeObject('product') }];
  const stripe = fake
    ? createStripeWorld({
        now: nowSeconds,
        advance: (seconds) => org.advanceTime(seconds),
        prices,
        listenerSecret: signingSecret!,
      })
    : undefined;
  org.setCalloutHandler(
    stripe ? (request) => stripe.handle(request) : (request) => forwardToStripe(request, options.stripeSecretKey!),
  );

  /**
   * The Site and Apex REST path a URL reaches: `<SiteDetail.SecureUrl>/services/apexrest/<path>` (the Site's URL,
   * then the REST resource's URL mapping), or undefined when no Site of the org has that URL.
   */
  const siteRoute = (url: string): { site: string; path: string } | undefined => {
    const names = new Map(org.query('SELECT Id, Name FROM Site').map((s) => [String(s.Id), String(s.Name)]));
    for (const detail of org.query('SELECT DurableId, SecureUrl FROM SiteDetail')) {
      const prefix = `${String(detail.SecureUrl).replace(/\/$/, '')}/services/apexrest/`;
      const site = names.get(String(detail.DurableId));
      if (site && url.startsWith(prefix)) return { site, path: `/${url.slice(prefix.length)}` };
    }
    return undefined;
  };

  /** Async work, then the events the local Stripe made (signed, to the webhook endpoint), until nothing is left. */
  const settle = (): void => {
    for (let round = 0; round < 20; round += 1) {
      org.runAsyncJobs();
      const events = stripe?.takeEvents() ?? [];
      if (events.length === 0) return;
      for (const event of events) {
        // To a registered endpoint: through the Site whose URL it is; else as `stripe listen` forwards it.
        const target = event.url ? siteRoute(event.url) : { path: '/stripe/webhook' };
        if (!target) {
          log(`webhook ${event.type}: no active Site of the org serves ${event.url}`);
          continue;
        }
        const result = org.rest({
          method: 'POST',
          ...target,
          headers: {
            'Content-Type': 'application/json',
            'Stripe-Signature': signatureHeader(event.body, event.secret, nowSeconds()),
          },
          body: event.body,
        });
        if (result.statusCode >= 300) log(`webhook ${event.type}: ${result.statusCode} ${result.body ?? ''}`);
      }
    }
  };

  // Settings an admin deploys for this org: where Checkout returns to.
  org.setCustomMetadata('Stripe_Setting__mdt', 'Default', {
    Checkout_Success_Url__c: 'https://example.com/checkout-complete',
    Checkout_Cancel_Url__c: 'https://example.com/checkout-canceled',
  });
  if (signingSecret) {
    must(
      org,
      'signing secret',
      `insert new Stripe_Webhook_Secret__c(Name = 'Default', Signing_Secret__c = ${quote(signingSecret)});`,
    );
  }
  const users = createUsers(org);
  deployPostInstall(org);
  const permissions = Object.fromEntries(
    (Object.keys(USERS) as UserKey[]).map((key) => [key, customPermissions(org, users[key])]),
  ) as Record<UserKey, string[]>;

  const summary: string[] = [];
  if (stripe) {
    // The catalog, pulled from Stripe as an admin does (the Sync catalog button: StripeCatalogController).
    const synced = org.callAura('StripeCatalogController.syncCatalog', {}, { userId: users.admin });
    if (synced.error) throw new Error(`preview: catalog sync failed: ${JSON.stringify(synced.error)}`);
    settle();
  }
  org.services.withUser(users.rep, () =>
    must(
      org,
      'sample Contact',
      `Account account = new Account(Name = 'Rosen Labs');
      insert account;
      insert new Contact(FirstName = 'Jenny', LastName = 'Rosen', Email = 'jenny.rosen@example.com', AccountId = account.Id);`,
    ),
  );
  settle();
  const [contact] = org.query(
    "SELECT Id, Name, Account.Name, Stripe_Customer_Id__c, Stripe_Sync_Status__c FROM Contact WHERE Email = 'jenny.rosen@example.com'",
  );
  const contactId = String(contact.Id);
  const priceRows = org.query('SELECT Name, Stripe_Price_Id__c FROM Stripe_Price__c');
  summary.push(
    `Contact   ${str(contact.Name)} (${str((contact.Account as JsonMap | undefined)?.Name)}), Stripe customer ${str(contact.Stripe_Customer_Id__c) || 'not synced'}`,
    `Prices    ${priceRows.map((row) => `${String(row.Name)} (${String(row.Stripe_Price_Id__c)})`).join(', ') || 'none'}`,
    `Users     ${(Object.keys(USERS) as UserKey[]).map((key) => `${key} (${[...USERS[key].permissionSets, ...USERS[key].groups].join(', ')})`).join(', ')}`,
    `Stripe    ${stripe ? 'the local Stripe (fixtures of tools/stripe-fixtures); webhook events signed with a secret made at start' : 'https://api.stripe.com with STRIPE_SECRET_KEY'}`,
  );

  const pages = loadFlexiPages();
  const appPages = pages.filter((p) => p.type !== 'RecordPage');

  /** The object of a record id, by the key prefix its records have in this org. */
  const objectOf = (id: string): string | undefined => {
    for (const name of [
      'Contact',
      'Stripe_Subscription__c',
      'Stripe_Payment__c',
      'Stripe_Webhook_Event__c',
      'Account',
      'Stripe_Price__c',
    ]) {
      try {
        if (org.query(`SELECT Id FROM ${name} WHERE Id = '${id.replace(/\W/g, '')}'`).length > 0) return name;
      } catch {
        // not an id of this object
      }
    }
    return undefined;
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        handle(request, Buffer.concat(chunks).toString('utf8'), response);
      } catch (error) {
        log(`preview: ${request.method} ${request.url}: ${(error as Error).stack ?? String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end(String((error as Error).message));
      }
    });
  });

  const userOf = (request: http.IncomingMessage, url: URL, fallback: UserKey): UserKey => {
    const asked =
      url.searchParams.get('as') ??
      request.headers['x-preview-user'] ??
      /preview_user=(\w+)/.exec(request.headers.cookie ?? '')?.[1];
    return typeof asked === 'string' && asked in USERS ? (asked as UserKey) : fallback;
  };

  const sendJson = (response: http.ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };

  function handle(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = url.pathname;
    if (request.method === 'GET' && route === '/') {
      response.writeHead(302, { Location: `/lightning/r/${contactId}/view` }).end();
      return;
    }
    if (request.method === 'GET' && (route === '/app.js' || route.startsWith('/assets/'))) {
      const [root, rest] = route === '/app.js' ? [DIST, 'app.js'] : [SLDS_ASSETS, route.slice('/assets/'.length)];
      const file = path.resolve(root, decodeURIComponent(rest));
      if (!file.startsWith(root + path.sep) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      const types: Record<string, string> = {
        '.js': 'text/javascript',
        '.css': 'text/css',
        '.svg': 'image/svg+xml',
        '.woff2': 'font/woff2',
        '.png': 'image/png',
      };
      response
        .writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' })
        .end(readFileSync(file));
      return;
    }
    const apex = /^\/apex\/(\w+\.\w+)$/.exec(route);
    if (request.method === 'POST' && apex) {
      const user = userOf(request, url, 'rep');
      const answer = org.callAura(apex[1], JSON.parse(body || '{}') as Record<string, unknown>, {
        userId: users[user],
      });
      const failure = (answer.error as { body?: { exceptionType?: string; message?: string } } | undefined)?.body;
      // An AuraHandledException is the component's to show; anything else is a defect worth reporting.
      if (failure && failure.exceptionType !== 'System.AuraHandledException')
        log(`${apex[1]} as ${user}: ${failure.exceptionType}: ${failure.message}`);
      settle();
      sendJson(response, 200, answer);
      return;
    }
    if (request.method === 'POST' && route === '/ui-api/record') {
      sendJson(
        response,
        200,
        record(JSON.parse(body) as { recordId: string; fields: string[]; optionalFields: string[] }),
      );
      return;
    }
    if (route.startsWith('/services/apexrest/')) {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const result = org.rest({ method: request.method ?? 'GET', path: route + url.search, headers, body });
      settle();
      response.writeHead(result.statusCode, result.headers ?? {}).end(result.body ?? '');
      return;
    }
    if (request.method === 'POST' && route.startsWith('/preview/')) {
      outside(route, new URLSearchParams(body), userOf(request, url, 'rep'), response);
      return;
    }
    if (request.method === 'GET' && route === '/preview/stripe-panel') {
      const recordId = url.searchParams.get('record') ?? undefined;
      response
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(stripePanel(recordId || undefined, url.searchParams.get('back') ?? '/'));
      return;
    }
    if (request.method === 'GET' && route === '/lightning/o/Contact/new') {
      const user = userOf(request, url, 'rep');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(renderNewContact(user, url));
      return;
    }
    const recordPage = /^\/lightning\/r\/(?:\w+\/)?(\w{15,18})\/view$/.exec(route);
    const appPage = /^\/lightning\/n\/(\w+)$/.exec(route);
    if (request.method === 'GET' && (recordPage || appPage)) {
      const html = recordPage
        ? renderRecordPage(recordPage[1], url, request)
        : renderAppPage(appPage![1], url, request);
      if (html === undefined) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('No such page');
        return;
      }
      const user = url.searchParams.get('as');
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        ...(user && user in USERS ? { 'Set-Cookie': `preview_user=${user}; Path=/` } : {}),
      });
      response.end(html);
      return;
    }
    const related = /^\/lightning\/r\/\w+\/(\w{15,18})\/related\/\w+\/view$/.exec(route);
    if (request.method === 'GET' && related) {
      response.writeHead(302, { Location: `/lightning/r/${related[1]}/view?tab=related` }).end();
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }

  /** What people do outside Salesforce's pages: the standard New Contact form, and Stripe's side of a payment. */
  function outside(route: string, form: URLSearchParams, user: UserKey, response: http.ServerResponse): void {
    const back = form.get('back') ?? '/';
    if (route === '/preview/contacts') {
      const debug = org.services.withUser(users[user], () =>
        must(
          org,
          'new Contact',
          `Contact c = new Contact(FirstName = ${quote(form.get('firstName') ?? '')}, LastName = ${quote(form.get('lastName') ?? '')}, Email = ${quote(form.get('email') ?? '')},
            AccountId = ${form.get('accountId') ? quote(form.get('accountId')!) : 'null'});
          insert c;
          System.debug('id=' + c.Id);`,
        ),
      );
      settle();
      const id = /\|id=(\w+)$/.exec(debug.find((line) => line.includes('|id=')) ?? '')?.[1];
      response.writeHead(303, { Location: `/lightning/r/${id}/view` }).end();
      return;
    }
    const session = form.get('session') ?? '';
    if (!stripe) {
      response
        .writeHead(400, { 'Content-Type': 'text/plain' })
        .end('With a Stripe account, Stripe sends these events (stripe listen).');
      return;
    }
    if (route === '/preview/stripe/pay') stripe.pay(session);
    else if (route === '/preview/stripe/fail-renewal') stripe.failRenewal(session);
    else if (route === '/preview/stripe/refund') stripe.refund(session);
    else {
      response.writeHead(404).end();
      return;
    }
    settle();
    response.writeHead(303, { Location: back }).end();
  }

  /** UI API record JSON (`{ apiName, id, fields: { F: { value, displayValue } } }`) of the listed fields. */
  function record(ask: { recordId: string; fields: string[]; optionalFields: string[] }): AuraAnswer {
    // An id is letters and digits; anything else is no record (and no text in a query).
    ask = { ...ask, recordId: /^\w{15,18}$/.test(ask.recordId) ? ask.recordId : '' };
    const object = objectOf(ask.recordId);
    if (!object)
      return {
        error: { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] },
      };
    const names = [...ask.fields, ...ask.optionalFields]
      .filter((f) => f.startsWith(`${object}.`))
      .map((f) => f.slice(object.length + 1))
      .filter((name) => /^[\w.]+$/.test(name));
    const fields: Record<string, unknown> = {};
    for (const name of names) {
      try {
        const [row] = org.query(`SELECT ${name} FROM ${object} WHERE Id = '${ask.recordId}'`);
        const parts = name.split('.');
        const value = parts.reduce<unknown>((v, part) => (v as JsonMap | undefined)?.[part], row);
        if (parts.length === 1) fields[name] = { value: value ?? null, displayValue: null };
        else
          fields[parts[0]] = {
            value: { fields: { [parts[1]]: { value: value ?? null, displayValue: null } } },
            displayValue: null,
          };
      } catch {
        // an optional field the object does not have is left out, as UI API does
      }
    }
    return { data: { apiName: object, id: ask.recordId, fields } };
  }

  // ---------------------------------------------------------------------------------------------- pages

  function page(title: string, user: UserKey, config: JsonMap, bodyHtml: string, current: string): string {
    const userLinks = (Object.keys(USERS) as UserKey[])
      .map(
        (key) =>
          `<option value="${key}"${key === user ? ' selected' : ''}>${escapeHtml(USERS[key].name)} (${key})</option>`,
      )
      .join('');
    const nav = [
      [`/lightning/r/${contactId}/view`, 'Contact'],
      ['/lightning/o/Contact/new', 'New Contact'],
      ['/lightning/n/Stripe_Finance_Home', 'Finance'],
      ['/lightning/n/Stripe_Admin', 'Admin'],
    ]
      .map(([href, label]) => `<a class="slds-m-right_medium" href="${href}">${label}</a>`)
      .join('');
    return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>${escapeHtml(title)} | Stripe Connector preview</title>
  <link rel="icon" href="data:," />
  <link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css" />
  <style>
    html, body { background: #f3f3f3; min-height: 100%; }
    script { display: none !important; }
    .preview-bar { background: #032d60; color: #fff; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .preview-bar a { color: #fff; }
    .preview-bar select { color: #181818; }
    .preview-grid { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 0.75rem; padding: 0.75rem; }
    .preview-grid > * { min-width: 0; }
    .preview-home { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.75rem; }
    .preview-scroll { overflow-x: auto; }
    @media (max-width: 800px) { .preview-home { grid-template-columns: minmax(0, 1fr); } }
    .preview-stack > * + * { display: block; margin-top: 0.75rem; }
    @media (max-width: 800px) { .preview-grid { grid-template-columns: minmax(0, 1fr); } .preview-sidebar { order: -1; } }
    #preview-toasts { position: fixed; top: 3.5rem; left: 0; right: 0; z-index: 9000; display: flex; flex-direction: column; align-items: center; pointer-events: none; }
    #preview-toasts .slds-notify_toast { pointer-events: auto; min-width: 0; max-width: calc(100vw - 1rem); }
  </style>
</head>
<body>
  <div class="preview-bar">
    <strong class="slds-m-right_medium">Stripe Connector · local preview</strong>
    <nav class="slds-grow">${nav}</nav>
    <form method="get" action="${escapeHtml(current)}"><label>Viewing as
      <select name="as" onchange="this.form.submit()" aria-label="Viewing as">${userLinks}</select></label></form>
  </div>
  <div id="preview-toasts" role="status" aria-live="polite"></div>
  ${bodyHtml}
  <script>window.__preview = ${JSON.stringify(config).replace(/</g, '\\u003c')};</script>
  <script src="/app.js"></script>
</body>
</html>`;
  }

  const mount = (item: Item, recordId: string | undefined): string => {
    const props: JsonMap = { ...(recordId ? { recordId } : {}) };
    for (const [name, value] of Object.entries(item.props))
      props[name] = value === 'true' ? true : value === 'false' ? false : value;
    return `<div data-lwc="${tagOf(item.component)}" data-props="${escapeHtml(JSON.stringify(props))}"></div>`;
  };

  /** The local Stripe's controls: what the customer (or the Dashboard) does, for the sessions of this page. */
  function stripePanel(recordId: string | undefined, back: string): string {
    if (!stripe) return '';
    const mine = stripe.sessions().filter((s) => {
      if (!recordId) return true;
      const [owner] = org.query(`SELECT Contact__c FROM Stripe_Subscription__c WHERE Id = '${s.recordId}'`);
      return owner?.Contact__c === recordId || s.recordId === recordId;
    });
    const button = (action: string, label: string, session: string): string =>
      `<form method="post" action="/preview/stripe/${action}" class="slds-show_inline-block slds-m-right_x-small">
        <input type="hidden" name="session" value="${escapeHtml(session)}" /><input type="hidden" name="back" value="${escapeHtml(back)}" />
        <button class="slds-button slds-button_outline-brand" type="submit">${label}</button></form>`;
    const rows = mine
      .map((s) => {
        const actions =
          s.status === 'open'
            ? button('pay', 'Customer pays', s.id)
            : s.status === 'complete'
              ? `${s.renewalFailed ? '' : button('fail-renewal', 'Renewal is declined', s.id)}${s.refunded ? '' : button('refund', 'Refund in Dashboard', s.id)}`
              : '';
        return `<li class="slds-item slds-p-vertical_x-small"><span class="slds-text-body_small slds-m-right_small">${escapeHtml(s.id)} · ${escapeHtml(s.status)}</span>${actions}</li>`;
      })
      .join('');
    return `<article class="slds-card" data-id="preview-stripe"><div class="slds-card__header"><h2 class="slds-card__header-title">Stripe (local)</h2></div>
      <div class="slds-card__body slds-card__body_inner"><p class="slds-text-color_weak slds-m-bottom_x-small">What happens in Stripe: each button sends the webhook events Stripe would, signed.</p>
      ${rows ? `<ul class="slds-has-dividers_top-space">${rows}</ul>` : '<p>No payment link yet.</p>'}</div></article>`;
  }

  /** The panel, fetched again after each Apex call of the page (a new payment link appears in it). */
  function livePanel(recordId: string | undefined, back: string): string {
    if (!stripe) return '';
    const source = JSON.stringify(`/preview/stripe-panel?record=${recordId ?? ''}&back=${encodeURIComponent(back)}`);
    return `${stripePanel(recordId, back)}<script>window.addEventListener('preview:apex', () => fetch(${source})
      .then((r) => r.text()).then((html) => { const panel = document.querySelector('[data-id="preview-stripe"]'); if (panel) panel.outerHTML = html; }));</script>`;
  }

  function renderStandard(item: Item, object: string, recordId: string, rowData: JsonMap): string {
    if (item.component === 'force:detailPanel') {
      const fields = Object.entries(rowData).filter(
        ([key, value]) => key !== 'attributes' && value !== null && typeof value !== 'object',
      );
      return `<article class="slds-card"><div class="slds-card__body slds-card__body_inner"><dl class="slds-dl_horizontal">${fields
        .map(
          ([key, value]) =>
            `<dt class="slds-dl_horizontal__label">${escapeHtml(key)}</dt><dd class="slds-dl_horizontal__detail">${escapeHtml(value)}</dd>`,
        )
        .join('')}</dl></div></article>`;
    }
    if (item.component === 'force:relatedListSingleContainer') {
      const relationship = item.props.relatedListApiName;
      let rows: JsonMap[] = [];
      try {
        const [parent] = org.query(
          `SELECT Id, (SELECT Id, Name FROM ${relationship} ORDER BY Name DESC) FROM ${object} WHERE Id = '${recordId}'`,
        );
        rows = (parent?.[relationship] as JsonMap[] | undefined) ?? [];
      } catch {
        rows = [];
      }
      return `<article class="slds-card"><div class="slds-card__header"><h2 class="slds-card__header-title">${escapeHtml(relationship.replace(/__r$/, '').replace(/_/g, ' '))} (${rows.length})</h2></div>
        <div class="slds-card__body slds-card__body_inner"><ul>${rows.map((r) => `<li><a href="/lightning/r/${escapeHtml(r.Id)}/view">${escapeHtml(r.Name)}</a></li>`).join('')}</ul></div></article>`;
    }
    return '';
  }

  /** Who is viewing the page being rendered (the list-view cards query as that user). */
  let viewer: UserKey = 'rep';

  /** A list-view card (`flexipage:filterListCard`): the list view's columns and rows, as a simple table. */
  function renderListCard(item: Item): string {
    const object = item.props.entityName;
    const view = listViewQuery(object, item.props.filterName, Number(item.props.pageSize) || 5);
    if (!view) return '';
    let rows: JsonMap[] = [];
    let failure = '';
    try {
      rows = org.services.withUser(users[viewer], () => org.query(view.soql));
    } catch (error) {
      failure = (error as Error).message;
      log(`list view ${object}.${item.props.filterName}: ${failure}`);
    }
    const cell = (row: JsonMap, column: ListView['columns'][number]): string => {
      const value = column.field
        .split('.')
        .reduce<unknown>((v, part) => (v as JsonMap | null | undefined)?.[part], row);
      if (value === null || value === undefined) return '';
      if (column.field === 'Name') return `<a href="/lightning/r/${escapeHtml(row.Id)}/view">${escapeHtml(value)}</a>`;
      if (column.values.size > 0) return escapeHtml(column.values.get(str(value)) ?? value);
      // Amounts in major units (Amount__c has scale 3 for three-decimal currencies): two places at least.
      if (typeof value === 'number' && column.scale) return escapeHtml(value.toFixed(Math.min(2, column.scale)));
      if (column.type === 'DateTime' || column.type === 'Date') return escapeHtml(str(value).slice(0, 10));
      if (column.type === 'Url') return `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`;
      return escapeHtml(value);
    };
    const head = view.columns
      .map((c) => `<th scope="col"><div class="slds-truncate">${escapeHtml(c.label)}</div></th>`)
      .join('');
    const body = rows.map((row) => `<tr>${view.columns.map((c) => `<td>${cell(row, c)}</td>`).join('')}</tr>`).join('');
    const content = failure
      ? `<p class="slds-text-color_error">${escapeHtml(failure)}</p>`
      : rows.length === 0
        ? '<p class="slds-text-color_weak">No items to display.</p>'
        : `<div class="preview-scroll"><table class="slds-table slds-table_bordered slds-table_cell-buffer"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
    return `<article class="slds-card" data-list-view="${escapeHtml(item.props.filterName)}"><div class="slds-card__header"><h2 class="slds-card__header-title">${escapeHtml(view.label)} (${rows.length})</h2></div>
      <div class="slds-card__body">${content}</div></article>`;
  }

  function renderItems(
    fp: FlexiPage,
    region: string,
    object: string,
    recordId: string | undefined,
    rowData: JsonMap,
    url: URL,
  ): string {
    return (fp.regions.get(region) ?? [])
      .map((item) => {
        if (item.component.startsWith('c:')) return mount(item, recordId);
        if (item.component === 'flexipage:filterListCard') return renderListCard(item);
        if (item.component === 'desktopDashboards:embeddedDashboard') {
          // Reports and dashboards do not run in the local org: a placeholder naming the dashboard.
          return `<article class="slds-card" data-id="dashboard"><div class="slds-card__header"><h2 class="slds-card__header-title">Dashboard: ${escapeHtml(item.props.dashboardName)}</h2></div>
            <div class="slds-card__body slds-card__body_inner"><p class="slds-text-color_weak">The dashboard ${escapeHtml(item.props.dashboardName)} shows here in Salesforce (reports do not run in the local org).</p></div></article>`;
        }
        if (item.component === 'flexipage:tabset')
          return renderTabs(fp, item.props.tabs, object, recordId, rowData, url);
        return recordId ? renderStandard(item, object, recordId, rowData) : '';
      })
      .join('\n');
  }

  /** A tab set: the tab asked for (`?tab=`), else the first tab holding one of the package's components. */
  function renderTabs(
    fp: FlexiPage,
    facet: string,
    object: string,
    recordId: string | undefined,
    rowData: JsonMap,
    url: URL,
  ): string {
    const tabs = (fp.regions.get(facet) ?? []).filter((item) => item.component === 'flexipage:tab');
    const holdsPackage = (tab: Item): boolean =>
      (fp.regions.get(tab.props.body) ?? []).some((i) => i.component.startsWith('c:'));
    const titleOf = (tab: Item): string =>
      tab.props.title.replace(/^Standard\.Tab\.(\w+)$/, (_m, key: string) =>
        key === 'detail' ? 'Details' : key === 'relatedLists' ? 'Related' : key,
      );
    const asked = tabs.findIndex(
      (tab) => titleOf(tab).toLowerCase() === (url.searchParams.get('tab') ?? '').toLowerCase(),
    );
    const active = asked >= 0 ? asked : Math.max(0, tabs.findIndex(holdsPackage));
    const links = tabs
      .map((tab, index) => {
        const href = `${url.pathname}?tab=${encodeURIComponent(titleOf(tab).toLowerCase())}`;
        return `<li class="slds-tabs_default__item${index === active ? ' slds-is-active' : ''}" role="presentation"><a class="slds-tabs_default__link" href="${href}" role="tab" aria-selected="${index === active}">${escapeHtml(titleOf(tab))}</a></li>`;
      })
      .join('');
    const content = tabs[active] ? renderItems(fp, tabs[active].props.body, object, recordId, rowData, url) : '';
    return `<div class="slds-tabs_default slds-card slds-p-horizontal_small"><ul class="slds-tabs_default__nav" role="tablist">${links}</ul>
      <div class="slds-tabs_default__content slds-show preview-stack" role="tabpanel">${content}</div></div>`;
  }

  function renderRecordPage(recordId: string, url: URL, request: http.IncomingMessage): string | undefined {
    const object = objectOf(recordId);
    if (!object) return undefined;
    const defaultUser: UserKey =
      object === 'Stripe_Webhook_Event__c' ? 'admin' : object === 'Contact' ? 'rep' : 'service';
    const user = userOf(request, url, defaultUser);
    viewer = user;
    const [rowData] = org.query(`SELECT FIELDS(STANDARD) FROM ${object} WHERE Id = '${recordId}'`).length
      ? org.query(`SELECT FIELDS(STANDARD) FROM ${object} WHERE Id = '${recordId}'`)
      : [{}];
    const [named] = org.query(`SELECT Name FROM ${object} WHERE Id = '${recordId}'`);
    const fp = pages.find((p) => p.type === 'RecordPage' && p.sobjectType === object) ?? {
      name: object,
      label: object,
      type: 'RecordPage',
      sobjectType: object,
      regions: new Map([['main', [{ component: 'force:detailPanel', props: {} }]]]),
    };
    const actions = quickActions(object);
    const action = actions.find((a) => a.name === url.searchParams.get('action'));
    const back = url.pathname;
    const header = `<div class="slds-page-header slds-page-header_record-home"><div class="slds-page-header__row">
      <div class="slds-page-header__col-title"><span class="slds-text-body_small">${escapeHtml(object.replace(/__c$/, '').replace(/_/g, ' '))}</span>
      <h1 class="slds-page-header__title" title="${escapeHtml(named?.Name)}">${escapeHtml(named?.Name)}</h1></div>
      <div class="slds-page-header__col-actions"><div class="slds-button-group" role="group">${actions
        .map(
          (a) =>
            `<a class="slds-button slds-button_neutral" href="${back}?action=${a.name}">${escapeHtml(a.label)}</a>`,
        )
        .join('')}</div></div></div></div>`;
    const modal = action
      ? `<section role="dialog" tabindex="-1" aria-modal="true" aria-label="${escapeHtml(action.label)}" class="slds-modal slds-fade-in-open"><div class="slds-modal__container">
          <a class="slds-button slds-button_icon slds-modal__close" href="${back}" title="Close">✕<span class="slds-assistive-text">Close</span></a>
          <div class="slds-modal__content slds-p-around_medium">${mount({ component: `c:${action.component}`, props: {} }, recordId)}</div></div></section>
        <div class="slds-backdrop slds-backdrop_open" role="presentation"></div>`
      : '';
    const body = `${header}<div class="preview-grid">
      <main class="preview-stack">${renderItems(fp, 'main', object, recordId, rowData, url)}</main>
      <aside class="preview-sidebar preview-stack">${renderItems(fp, 'sidebar', object, recordId, rowData, url)}
        ${object === 'Contact' ? livePanel(recordId, back) : ''}</aside></div>${modal}`;
    return page(
      str(named?.Name) || object,
      user,
      { page: fp.name, recordId, user, permissions: permissions[user], fakeStripe: !!stripe },
      body,
      url.pathname,
    );
  }

  /** The standard New Contact form (what a rep fills in Salesforce; the package's trigger does the rest). */
  function renderNewContact(user: UserKey, url: URL): string {
    const inputs = [
      ['firstName', 'First Name'],
      ['lastName', 'Last Name'],
      ['email', 'Email'],
    ]
      .map(
        ([name, label]) =>
          `<div class="slds-form-element slds-m-bottom_small"><label class="slds-form-element__label" for="new-${name}">${label}</label>
          <div class="slds-form-element__control"><input class="slds-input" id="new-${name}" name="${name}"${name === 'lastName' ? ' required' : ''} /></div></div>`,
      )
      .join('');
    // A Contact without an Account is private to its owner (Salesforce Help, "Considerations for Sharing and
    // Accessing Contacts"): with the sample Account, customer service and finance see it too.
    const accounts = org.query('SELECT Id, Name FROM Account ORDER BY Name');
    const account = `<div class="slds-form-element slds-m-bottom_small"><label class="slds-form-element__label" for="new-accountId">Account Name</label>
      <div class="slds-form-element__control"><div class="slds-select_container"><select class="slds-select" id="new-accountId" name="accountId">
      ${accounts.map((a) => `<option value="${escapeHtml(a.Id)}">${escapeHtml(a.Name)}</option>`).join('')}<option value="">None</option></select></div></div></div>`;
    const body = `<div class="slds-page-header"><h1 class="slds-page-header__title">New Contact</h1></div>
      <div class="slds-p-around_small"><article class="slds-card"><form method="post" action="/preview/contacts?as=${user}" class="slds-card__body slds-card__body_inner slds-form">
      ${inputs}${account}<button class="slds-button slds-button_brand" type="submit">Save</button></form></article></div>`;
    return page(
      'New Contact',
      user,
      { page: 'new-contact', user, permissions: permissions[user], fakeStripe: !!stripe },
      body,
      url.pathname,
    );
  }

  function renderAppPage(name: string, url: URL, request: http.IncomingMessage): string | undefined {
    const fp = appPages.find((p) => p.name === (PAGE_ALIASES[name] ?? name));
    if (!fp) return undefined;
    const user = userOf(request, url, name.includes('Finance') ? 'finance' : 'admin');
    viewer = user;
    const regions = [...fp.regions.keys()].filter((key) => !fp.facets?.has(key));
    const region = (key: string): string => renderItems(fp, key, '', undefined, {}, url);
    // A home page (home:desktopTemplate): top, then bottomLeft and bottomRight side by side, the sidebar.
    const content =
      fp.type === 'HomePage'
        ? `${region('top')}<div class="preview-home"><div class="preview-stack">${region('bottomLeft')}</div><div class="preview-stack">${region('bottomRight')}</div></div>${region('sidebar')}`
        : regions.map(region).join('\n');
    const body = `<div class="slds-page-header"><h1 class="slds-page-header__title">${escapeHtml(fp.label)}</h1></div>
      <div class="slds-p-around_small preview-stack">${content}${livePanel(undefined, url.pathname)}</div>`;
    return page(
      fp.label,
      user,
      { page: fp.name, user, permissions: permissions[user], fakeStripe: !!stripe },
      body,
      url.pathname,
    );
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    org,
    stripe,
    users,
    contactId,
    summary,
    settle,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
