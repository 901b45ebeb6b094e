/**
 * What the Lightning pages, list views and layouts of the package name must exist in the package, so a page
 * that deploys also renders: the Metadata API accepts a FlexiPage whose list view, column or facet is missing
 * and the page then shows an error box (or nothing) in that place. Checked without an org:
 *
 *  - every `componentName` is a `c:` component of the repository that is exposed (`isExposed`) for the page's
 *    target (`lightning__RecordPage`, `lightning__AppPage`, `lightning__HomePage`; on a record page also for
 *    the page's object when the component lists objects), with only the properties it declares; or one of the
 *    standard components in STANDARD_COMPONENTS, on a page type it supports;
 *  - regions are the template's, every facet a `body`/`tabs` names exists and every facet is used, identifiers
 *    are unique;
 *  - related lists name a relationship of the page's object, and their columns and sort field are fields of
 *    the child object; list view cards, dashboards and reports name components of the package; header actions
 *    name the object's quick actions;
 *  - `View` overrides (objects and apps) and Lightning page tabs name a page of the right type and object;
 *  - list views and layouts name custom fields that exist;
 *  - picklist values have readable labels ("Past due", not `past_due`), the same words as the custom labels the
 *    components show for them (picklistLabelProblems);
 *  - words the page shows (a tab's `title`, a related list's `relatedListLabel`) are custom labels, referenced as
 *    Lightning App Builder reads them, `{!$Label.Stripe_X}` (Salesforce Help, "Use Custom Labels in Lightning
 *    App Builder": sf.lightning_page_components_use_expressions_for_labels.htm), naming a label of the package;
 *    a tab may also use a standard title (`Standard.Tab.detail`), which the platform translates.
 *
 * Standard fields (`NAME`, `AccountId`, ...) are taken as they are: only a describe of an org knows them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { packageDirectories } from './project';

type PageType = 'RecordPage' | 'AppPage' | 'HomePage';

/** The LWC target a page type renders components for. */
const TARGET: Record<PageType, string> = {
  RecordPage: 'lightning__RecordPage',
  AppPage: 'lightning__AppPage',
  HomePage: 'lightning__HomePage',
};

/** Templates the package uses, with their page type and regions (Lightning App Builder's names). */
const TEMPLATES: Record<string, { type: PageType; regions: string[] }> = {
  'flexipage:recordHomeTemplateDesktop': { type: 'RecordPage', regions: ['header', 'main', 'sidebar'] },
  'home:desktopTemplate': { type: 'HomePage', regions: ['top', 'bottomLeft', 'bottomRight', 'sidebar'] },
  // The AppPage template of `sf template generate flexipage --template AppPage` (@salesforce/templates).
  'flexipage:appHomeTemplateHeaderTwoColumnsLeftSidebar': {
    type: 'AppPage',
    regions: ['region1', 'region2', 'region3'],
  },
};

const ALL_PAGES: PageType[] = ['RecordPage', 'AppPage', 'HomePage'];

/**
 * Standard components the package's pages use, and the page types they are offered on. A name not listed
 * here is reported, so a typo or a component of another product (which the subscriber may not have) is
 * caught; add a standard component here when a page starts to use it.
 */
const STANDARD_COMPONENTS: Record<string, PageType[]> = {
  'force:highlightsPanel': ['RecordPage'],
  'force:detailPanel': ['RecordPage'],
  'force:relatedListContainer': ['RecordPage'],
  'force:relatedListSingleContainer': ['RecordPage'],
  'lst:dynamicRelatedList': ['RecordPage'],
  'flexipage:tab': ALL_PAGES,
  'flexipage:tabset': ALL_PAGES,
  'flexipage:richText': ALL_PAGES,
  'flexipage:filterListCard': ALL_PAGES,
  'flexipage:reportChart': ALL_PAGES,
  'desktopDashboards:embeddedDashboard': ['AppPage', 'HomePage'],
};

/** Properties whose value names a facet of the same page. */
const FACET_PROPERTIES = new Set(['body', 'tabs']);

/** Properties, by component, whose value the page shows as text: each must be a custom label reference. */
const TEXT_PROPERTIES: Record<string, string[]> = {
  'flexipage:tab': ['title'],
  'lst:dynamicRelatedList': ['relatedListLabel'],
};

/** `{!$Label.Name}`, the reference Lightning App Builder resolves to the label in the user's language. */
export const LABEL_REFERENCE = /^\{!\$Label\.(?:c\.)?([A-Za-z]\w*)\}$/;

/** Header actions that are standard buttons rather than quick actions. */
const STANDARD_ACTIONS = new Set(['Edit', 'Delete', 'Clone', 'ChangeOwnerOne', 'ChangeRecordType', 'Share', 'Submit']);

interface Property {
  name: string;
  value?: string | number | boolean;
  valueList?: { valueListItems?: Array<{ value: string }> };
}

interface ComponentInstance {
  componentName: string;
  identifier?: string;
  componentInstanceProperties?: Property[];
}

interface Region {
  name: string;
  type: string;
  itemInstances?: Array<{ componentInstance?: ComponentInstance; fieldInstance?: unknown }>;
}

interface FlexiPageXml {
  type?: string;
  sobjectType?: string;
  template?: { name?: string };
  flexiPageRegions?: Region[];
}

interface LwcMeta {
  isExposed?: boolean | string;
  targets?: { target?: string[] };
  targetConfigs?: {
    targetConfig?: Array<{
      '@_targets': string;
      property?: Array<{ '@_name': string }>;
      objects?: { object?: string[] };
    }>;
  };
}

const ARRAYS = new Set([
  'flexiPageRegions',
  'itemInstances',
  'componentInstanceProperties',
  'valueListItems',
  'target',
  'targetConfig',
  'property',
  'object',
  'actionOverrides',
  'columns',
  'filters',
  'relatedLists',
  'fields',
  'layoutSections',
  'layoutColumns',
  'layoutItems',
  'labels',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name, jpath) => ARRAYS.has(name) || String(jpath).endsWith('valueSetDefinition.value'),
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

function parse<T>(file: string, root: string): T {
  return ((parser.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[root] ?? {}) as T;
}

function values(property: Property | undefined): string[] {
  if (!property) return [];
  if (property.valueList) return (property.valueList.valueListItems ?? []).map((item) => String(item.value));
  return property.value === undefined ? [] : [String(property.value)];
}

/** The package as the checks see it: files by kind, parsed on demand. */
class Package {
  readonly files: string[];
  readonly base: (file: string) => string;

  constructor(readonly projectDir: string) {
    this.files = packageDirectories(projectDir).flatMap(listFiles);
    this.base = (file) => path.relative(projectDir, file);
  }

  withSuffix(suffix: string): string[] {
    return this.files.filter((file) => file.endsWith(suffix));
  }

  find(...parts: string[]): string | undefined {
    const tail = path.join(...parts);
    return this.files.find((file) => file.endsWith(path.sep + tail));
  }

  hasObject(object: string): boolean {
    return object.endsWith('__c') || object.endsWith('__mdt')
      ? this.find('objects', object, `${object}.object-meta.xml`) !== undefined
      : true; // a standard object
  }

  /** Whether the object has the field; standard fields (no `__c`) are taken as they are. */
  hasField(object: string, field: string): boolean {
    if (!field.endsWith('__c')) return true;
    return this.find('objects', object, 'fields', `${field}.field-meta.xml`) !== undefined;
  }

  /** The child object and lookup field of a relationship (`Stripe_Payments__r`) of a parent object. */
  relationship(parent: string, relationshipName: string): { child: string; field: string } | undefined {
    for (const file of this.withSuffix('.field-meta.xml')) {
      const field = parse<{ referenceTo?: string; relationshipName?: string }>(file, 'CustomField');
      if (field.referenceTo === parent && `${field.relationshipName}__r` === relationshipName) {
        return {
          child: path.basename(path.dirname(path.dirname(file))),
          field: path.basename(file, '.field-meta.xml'),
        };
      }
    }
    return undefined;
  }

  private labelNames?: Set<string>;

  /** The names of the package's custom labels. */
  labels(): Set<string> {
    this.labelNames ??= new Set(
      this.withSuffix('.labels-meta.xml').flatMap((file) =>
        (parse<{ labels?: Array<{ fullName: string }> }>(file, 'CustomLabels').labels ?? []).map((l) => l.fullName),
      ),
    );
    return this.labelNames;
  }

  flexipage(name: string): FlexiPageXml | undefined {
    const file = this.find('flexipages', `${name}.flexipage-meta.xml`);
    return file ? parse<FlexiPageXml>(file, 'FlexiPage') : undefined;
  }
}

function checkCustomComponent(pkg: Package, page: FlexiPageXml, type: PageType, instance: ComponentInstance): string[] {
  const name = instance.componentName.slice(2);
  const meta = pkg.find('lwc', name, `${name}.js-meta.xml`);
  if (!meta) return [`${instance.componentName}: no such component in lwc/`];
  const bundle = parse<LwcMeta>(meta, 'LightningComponentBundle');
  if (String(bundle.isExposed) !== 'true') return [`${instance.componentName}: not exposed (isExposed is false)`];
  const target = TARGET[type];
  if (!(bundle.targets?.target ?? []).includes(target)) {
    return [`${instance.componentName}: not exposed for ${target}`];
  }
  const config = (bundle.targetConfigs?.targetConfig ?? []).find((candidate) =>
    candidate['@_targets']
      .split(',')
      .map((t) => t.trim())
      .includes(target),
  );
  const problems: string[] = [];
  const objects = config?.objects?.object ?? [];
  if (type === 'RecordPage' && objects.length > 0 && !objects.includes(page.sobjectType ?? '')) {
    problems.push(
      `${instance.componentName}: not offered on ${page.sobjectType} record pages (objects: ${objects.join(', ')})`,
    );
  }
  const declared = new Set((config?.property ?? []).map((property) => property['@_name']));
  for (const property of instance.componentInstanceProperties ?? []) {
    if (!declared.has(property.name)) {
      problems.push(`${instance.componentName}: property ${property.name} is not declared for ${target}`);
    }
  }
  return problems;
}

function checkRelatedList(pkg: Package, page: FlexiPageXml, props: Map<string, Property>): string[] {
  const problems: string[] = [];
  const parentField = values(props.get('parentFieldApiName'))[0];
  if (parentField !== undefined && parentField !== `${page.sobjectType}.Id`) {
    problems.push(`parentFieldApiName ${parentField}: must be ${page.sobjectType}.Id`);
  }
  const relationshipName = values(props.get('relatedListApiName'))[0];
  if (relationshipName === undefined) return [...problems, 'relatedListApiName missing'];
  const relationship = pkg.relationship(page.sobjectType ?? '', relationshipName);
  if (!relationship)
    return [
      ...problems,
      `relatedListApiName ${relationshipName}: no lookup to ${page.sobjectType} has this relationship`,
    ];
  const columns = values(props.get('relatedListFieldAliases'));
  for (const column of columns) {
    if (!pkg.hasField(relationship.child, column))
      problems.push(`column ${column}: no such field on ${relationship.child}`);
  }
  const sort = values(props.get('sortFieldAlias'))[0];
  if (sort !== undefined && sort !== '__DEFAULT__' && columns.length > 0 && !columns.includes(sort)) {
    problems.push(`sortFieldAlias ${sort}: not one of the columns`);
  }
  return problems;
}

function checkStandardComponent(
  pkg: Package,
  page: FlexiPageXml,
  type: PageType,
  instance: ComponentInstance,
): string[] {
  const offered = STANDARD_COMPONENTS[instance.componentName];
  if (!offered) return [`${instance.componentName}: neither a c: component nor a known standard component`];
  if (!offered.includes(type)) return [`${instance.componentName}: not available on a ${type}`];
  const props = new Map((instance.componentInstanceProperties ?? []).map((property) => [property.name, property]));
  const one = (name: string) => values(props.get(name))[0];
  switch (instance.componentName) {
    case 'lst:dynamicRelatedList':
    case 'force:relatedListSingleContainer':
      return checkRelatedList(pkg, page, props).map((problem) => `${instance.componentName}: ${problem}`);
    case 'flexipage:filterListCard': {
      const entity = one('entityName') ?? '';
      const filter = one('filterName') ?? '';
      if (!pkg.hasObject(entity)) return [`${instance.componentName}: no object ${entity}`];
      if (entity.endsWith('__c') && !pkg.find('objects', entity, 'listViews', `${filter}.listView-meta.xml`)) {
        return [`${instance.componentName}: no list view ${entity}.${filter}`];
      }
      return [];
    }
    case 'desktopDashboards:embeddedDashboard': {
      const dashboard = one('dashboardName') ?? '';
      return pkg.withSuffix(`${path.sep}${dashboard}.dashboard-meta.xml`).length === 0
        ? [`${instance.componentName}: no dashboard ${dashboard}`]
        : [];
    }
    case 'flexipage:reportChart': {
      const report = one('reportName') ?? '';
      return pkg.withSuffix(`${path.sep}${report}.report-meta.xml`).length === 0
        ? [`${instance.componentName}: no report ${report}`]
        : [];
    }
    case 'force:highlightsPanel':
      return values(props.get('actionNames'))
        .filter((action) => !STANDARD_ACTIONS.has(action))
        .filter(
          (action) =>
            !action.startsWith(`${page.sobjectType}.`) || !pkg.find('quickActions', `${action}.quickAction-meta.xml`),
        )
        .map((action) => `${instance.componentName}: no quick action ${action} on ${page.sobjectType}`);
    default:
      return [];
  }
}

/** Text a component shows that is not a custom label of the package (or a standard tab title). */
function textProblems(pkg: Package, instance: ComponentInstance): string[] {
  const problems: string[] = [];
  for (const name of TEXT_PROPERTIES[instance.componentName] ?? []) {
    const value = values((instance.componentInstanceProperties ?? []).find((p) => p.name === name))[0];
    if (value === undefined) continue;
    if (instance.componentName === 'flexipage:tab' && /^Standard\.Tab\.\w+$/.test(value)) continue;
    const label = LABEL_REFERENCE.exec(value)?.[1];
    if (label === undefined)
      problems.push(`${name} "${value}" is literal text: use a custom label, {!$Label.Stripe_X}`);
    else if (!pkg.labels().has(label))
      problems.push(`${name} names the custom label ${label}, which the package lacks`);
  }
  return problems;
}

/** Problems of one FlexiPage file. */
function flexipageProblems(pkg: Package, file: string): string[] {
  const page = parse<FlexiPageXml>(file, 'FlexiPage');
  const where = pkg.base(file);
  const template = TEMPLATES[page.template?.name ?? ''];
  if (!template)
    return [`${where}: template ${page.template?.name} is not one of ${Object.keys(TEMPLATES).join(', ')}`];
  if (template.type !== page.type)
    return [`${where}: template ${page.template?.name} is for a ${template.type}, the page is a ${page.type}`];
  const problems: string[] = [];
  if (page.type === 'RecordPage' && !pkg.hasObject(page.sobjectType ?? ''))
    problems.push(`${where}: no object ${page.sobjectType}`);
  const regions = page.flexiPageRegions ?? [];
  const facets = new Set(regions.filter((region) => region.type === 'Facet').map((region) => region.name));
  const referenced = new Set<string>();
  const identifiers = new Set<string>();
  for (const region of regions) {
    if (region.type === 'Region' && !template.regions.includes(region.name)) {
      problems.push(
        `${where}: region ${region.name} is not a region of ${page.template?.name} (${template.regions.join(', ')})`,
      );
    }
    for (const item of region.itemInstances ?? []) {
      const instance = item.componentInstance;
      if (!instance) continue;
      const id = instance.identifier ?? '';
      if (identifiers.has(id)) problems.push(`${where}: identifier ${id} used twice`);
      identifiers.add(id);
      for (const property of instance.componentInstanceProperties ?? []) {
        if (!FACET_PROPERTIES.has(property.name)) continue;
        for (const facet of values(property)) {
          referenced.add(facet);
          if (!facets.has(facet)) problems.push(`${where}: ${id} names facet ${facet}, which the page does not have`);
        }
      }
      const found = instance.componentName.startsWith('c:')
        ? checkCustomComponent(pkg, page, template.type, instance)
        : [...checkStandardComponent(pkg, page, template.type, instance), ...textProblems(pkg, instance)];
      problems.push(...found.map((problem) => `${where}: ${id}: ${problem}`));
    }
  }
  for (const facet of facets) {
    if (!referenced.has(facet)) problems.push(`${where}: facet ${facet} is not shown by any tab or tab set`);
  }
  return problems;
}

function overrideProblems(pkg: Package, where: string, object: string, content: string): string[] {
  const page = pkg.flexipage(content);
  if (!page) return [`${where}: View override names ${content}, which is not a page of the package`];
  if (page.type !== 'RecordPage' || page.sobjectType !== object) {
    return [
      `${where}: View override of ${object} names ${content}, a ${page.type} of ${page.sobjectType ?? 'no object'}`,
    ];
  }
  return [];
}

interface Override {
  actionName?: string;
  type?: string;
  content?: string;
  pageOrSobjectType?: string;
}

function assignmentProblems(pkg: Package): string[] {
  const problems: string[] = [];
  for (const file of pkg.withSuffix('.object-meta.xml')) {
    const object = path.basename(file, '.object-meta.xml');
    for (const override of parse<{ actionOverrides?: Override[] }>(file, 'CustomObject').actionOverrides ?? []) {
      if (override.type === 'Flexipage' && override.actionName === 'View') {
        problems.push(...overrideProblems(pkg, pkg.base(file), object, override.content ?? ''));
      }
    }
  }
  for (const file of pkg.withSuffix('.app-meta.xml')) {
    for (const override of parse<{ actionOverrides?: Override[] }>(file, 'CustomApplication').actionOverrides ?? []) {
      if (override.type === 'Flexipage' && override.actionName === 'View') {
        problems.push(
          ...overrideProblems(pkg, pkg.base(file), override.pageOrSobjectType ?? '', override.content ?? ''),
        );
      }
    }
  }
  for (const file of pkg.withSuffix('.tab-meta.xml')) {
    const name = parse<{ flexiPage?: string }>(file, 'CustomTab').flexiPage;
    if (name === undefined) continue;
    const page = pkg.flexipage(name);
    if (page?.type !== 'AppPage')
      problems.push(`${pkg.base(file)}: tab names ${name}, which is not an AppPage of the package`);
  }
  return problems;
}

function listViewAndLayoutProblems(pkg: Package): string[] {
  const problems: string[] = [];
  for (const file of pkg.withSuffix('.listView-meta.xml')) {
    const object = path.basename(path.dirname(path.dirname(file)));
    const view = parse<{ columns?: string[]; filters?: Array<{ field: string }> }>(file, 'ListView');
    for (const field of [...(view.columns ?? []), ...(view.filters ?? []).map((filter) => filter.field)]) {
      if (!pkg.hasField(object, field)) problems.push(`${pkg.base(file)}: no field ${object}.${field}`);
    }
  }
  for (const file of pkg.withSuffix('.layout-meta.xml')) {
    const object = path.basename(file).split('-')[0];
    const layout = parse<{
      layoutSections?: Array<{ layoutColumns?: Array<{ layoutItems?: Array<{ field?: string }> }> }>;
      relatedLists?: Array<{ relatedList: string; fields?: string[] }>;
    }>(file, 'Layout');
    for (const section of layout.layoutSections ?? []) {
      for (const column of section.layoutColumns ?? []) {
        for (const item of column.layoutItems ?? []) {
          if (item.field && !pkg.hasField(object, item.field))
            problems.push(`${pkg.base(file)}: no field ${object}.${item.field}`);
        }
      }
    }
    for (const related of layout.relatedLists ?? []) {
      const [child, lookup] = related.relatedList.split('.');
      if (!lookup) continue; // RelatedActivityList, RelatedHistoryList, ...
      if (!pkg.hasField(child, lookup))
        problems.push(`${pkg.base(file)}: related list ${related.relatedList}: no such lookup`);
      for (const field of related.fields ?? []) {
        if (!pkg.hasField(child, field))
          problems.push(`${pkg.base(file)}: related list ${related.relatedList}: no field ${child}.${field}`);
      }
    }
  }
  return problems;
}

/** Problems of the package's pages, their assignments, list views and layouts, as `file: message`. */
export function pageReferenceProblems(projectDir: string): string[] {
  const pkg = new Package(projectDir);
  return [
    ...pkg.withSuffix('.flexipage-meta.xml').flatMap((file) => flexipageProblems(pkg, file)),
    ...assignmentProblems(pkg),
    ...listViewAndLayoutProblems(pkg),
  ];
}

/**
 * Picklists whose values the components show through custom labels, and the labels' prefix: the value
 * `past_due` of `Stripe_Subscription__c.Status__c` reads as `Stripe_Subscription_Status_past_due`.
 */
export const SHARED_PICKLIST_LABELS: Record<string, string> = {
  'Stripe_Subscription__c.Status__c': 'Stripe_Subscription_Status_',
  'Stripe_Payment__c.Status__c': 'Stripe_Payment_Status_',
  'Stripe_Webhook_Event__c.Status__c': 'Stripe_Webhook_Status_',
  'Contact.Stripe_Sync_Status__c': 'Stripe_Sync_Status_',
};

/**
 * Picklist values of the package without a readable label (one with an underscore, or starting in lower
 * case, is a code), and shared picklists whose labels differ from the custom labels the components show.
 */
export function picklistLabelProblems(projectDir: string): string[] {
  const pkg = new Package(projectDir);
  const customLabels = new Map<string, string>();
  for (const file of pkg.withSuffix('.labels-meta.xml')) {
    for (const label of parse<{ labels?: Array<{ fullName: string; value: string }> }>(file, 'CustomLabels').labels ??
      []) {
      customLabels.set(label.fullName, String(label.value));
    }
  }
  const problems: string[] = [];
  for (const file of pkg.withSuffix('.field-meta.xml')) {
    const field = parse<{ valueSet?: { valueSetDefinition?: { value?: Array<{ fullName: string; label: string }> } } }>(
      file,
      'CustomField',
    );
    const object = path.basename(path.dirname(path.dirname(file)));
    const key = `${object}.${path.basename(file, '.field-meta.xml')}`;
    for (const value of field.valueSet?.valueSetDefinition?.value ?? []) {
      const label = String(value.label);
      if (label.includes('_') || /^[a-z]/.test(label)) {
        problems.push(`${pkg.base(file)}: value ${value.fullName} has the label "${label}", a code: give it words`);
      }
      const prefix = SHARED_PICKLIST_LABELS[key];
      const shown = prefix ? customLabels.get(prefix + value.fullName) : undefined;
      if (prefix && shown === undefined) {
        problems.push(`${pkg.base(file)}: value ${value.fullName} has no custom label ${prefix}${value.fullName}`);
      } else if (shown !== undefined && shown !== label) {
        problems.push(
          `${pkg.base(file)}: value ${value.fullName} reads "${label}" here and "${shown}" in the components`,
        );
      }
    }
  }
  return problems;
}
