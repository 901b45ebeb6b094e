/**
 * The org's schema: SObject and field describes, built from the project's object metadata
 * (`objects/<Object>/<Object>.object-meta.xml` + `fields/*.field-meta.xml`) plus the standard objects and fields
 * the package touches (see standard-objects.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cachedXmlParser } from './xml-cache.js';
import { customKeyPrefix, STANDARD_KEY_PREFIXES } from './ids.js';
import { STANDARD_OBJECTS, COMMON_SYSTEM_FIELDS, StandardFieldSpec } from './standard-objects.js';
import type {
  FieldType,
  PicklistEntry,
  FieldDescribe,
  SObjectKind,
  ChildRelationship,
  SObjectDescribe,
  FieldSetDescribe,
} from './describe.js';

// The describe shapes live in describe.ts (standard-objects.ts uses them too); importers keep reading them here.
export type {
  FieldType,
  PicklistEntry,
  FieldDescribe,
  SObjectKind,
  ChildRelationship,
  SObjectDescribe,
  FieldSetDescribe,
};

export class Schema {
  /** Objects by lower-case API name. */
  readonly objects = new Map<string, SObjectDescribe>();
  private readonly byPrefix = new Map<string, SObjectDescribe>();
  /** Custom metadata records as loaded: type (lower case) → records (field API name → raw value). */
  readonly customMetadataRecords = new Map<string, Array<Record<string, unknown>>>();
  readonly warnings: string[] = [];

  get(name: string): SObjectDescribe | undefined {
    return this.objects.get(name.toLowerCase());
  }

  require(name: string): SObjectDescribe {
    const o = this.get(name);
    if (!o) throw new Error(`sObject type '${name}' is not supported.`);
    return o;
  }

  byKeyPrefix(prefix: string): SObjectDescribe | undefined {
    return this.byPrefix.get(prefix);
  }

  /** The object an Id belongs to, by key prefix. */
  objectOfId(id: string | null | undefined): SObjectDescribe | undefined {
    if (!id || id.length < 3) return undefined;
    return this.byPrefix.get(id.substring(0, 3));
  }

  field(objectName: string, fieldName: string): FieldDescribe | undefined {
    return this.get(objectName)?.fields.get(fieldName.toLowerCase());
  }

  add(obj: SObjectDescribe): void {
    this.objects.set(obj.name.toLowerCase(), obj);
    if (obj.keyPrefix) this.byPrefix.set(obj.keyPrefix, obj);
  }

  /** Recompute child relationships from every object's reference fields. Call after all objects are added. */
  link(): void {
    for (const o of this.objects.values()) o.childRelationships.clear();
    for (const child of this.objects.values()) {
      for (const f of child.fields.values()) {
        if (f.type !== 'reference' || !f.relationshipName) continue;
        {
          for (const target of f.referenceTo) {
            const parent = this.get(target);
            if (!parent) continue;
            const relName = f.childRelationshipName;
            if (!relName) continue;
            parent.childRelationships.set(relName.toLowerCase(), {
              childSObject: child.name,
              field: f.name,
              relationshipName: relName,
              cascadeDelete: f.cascadeDelete,
              restrictedDelete: f.deleteConstraint === 'Restrict',
            });
          }
        }
      }
    }
  }
}

export function baseField(name: string, type: FieldType, over: Partial<FieldDescribe> = {}): FieldDescribe {
  return {
    name,
    label: over.label ?? labelFromName(name),
    type,
    metadataType: over.metadataType ?? type,
    length: 0,
    precision: 0,
    scale: 0,
    digits: 0,
    custom: name.endsWith('__c'),
    nillable: true,
    required: false,
    createable: true,
    updateable: true,
    unique: false,
    caseSensitive: false,
    externalId: false,
    idLookup: false,
    nameField: false,
    autoNumber: false,
    calculated: false,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    cascadeDelete: false,
    htmlFormatted: false,
    ...over,
  };
}

function labelFromName(name: string): string {
  return name
    .replace(/__(c|r|e|mdt)$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2');
}

// ---------------------------------------------------------------------------------------------------------------
// Loading from metadata

const xml = cachedXmlParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['fields', 'values', 'value', 'valueSettings', 'controllingFieldValue'].includes(name),
});

function parseXml(path: string): Record<string, any> {
  return xml.parse(readFileSync(path, 'utf8'));
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)['#text'];
    return t === undefined ? undefined : String(t);
  }
  return String(v);
}

function bool(v: unknown, dflt = false): boolean {
  const t = text(v);
  return t === undefined ? dflt : t.trim().toLowerCase() === 'true';
}

function num(v: unknown, dflt = 0): number {
  const t = text(v);
  return t === undefined || t === '' ? dflt : Number(t);
}

/** findObjectDirs per project directory, since the last loadSchema of it (a walk of the whole package) */
const objectDirsWalked = new Map<string, string[]>();

/** Every `objects` directory under the package directories of the project (sfdx-project.json) or under force-app. */
export function findObjectDirs(projectDir: string): string[] {
  const key = resolve(projectDir);
  let found = objectDirsWalked.get(key);
  if (!found) objectDirsWalked.set(key, (found = walkObjectDirs(projectDir)));
  return [...found];
}

function walkObjectDirs(projectDir: string): string[] {
  const roots: string[] = [];
  const sfdx = join(projectDir, 'sfdx-project.json');
  if (existsSync(sfdx)) {
    try {
      const proj = JSON.parse(readFileSync(sfdx, 'utf8')) as { packageDirectories?: Array<{ path: string }> };
      for (const d of proj.packageDirectories ?? []) roots.push(join(projectDir, d.path));
    } catch {
      /* fall through */
    }
  }
  if (roots.length === 0) roots.push(join(projectDir, 'force-app'));
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8 || !existsSync(dir)) return;
    // entry types from readdir (one call per directory, not a stat per file); a symbolic link is followed
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const entry = d.name;
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const p = join(dir, entry);
      if (!(d.isDirectory() || (d.isSymbolicLink() && statSync(p).isDirectory()))) continue;
      if (entry === 'objects') found.push(p);
      else walk(p, depth + 1);
    }
  };
  for (const r of roots) walk(r, 0);
  return found;
}

export function findDirsNamed(projectDir: string, name: string): string[] {
  return findObjectDirs(projectDir)
    .map((d) => join(d, '..', name))
    .filter((d) => existsSync(d));
}

function mapFieldType(metaType: string): FieldType {
  switch (metaType) {
    case 'Text':
    case 'AutoNumber':
      return 'string';
    case 'TextArea':
    case 'LongTextArea':
    case 'Html':
      return 'textarea';
    case 'EncryptedText':
      return 'encryptedstring';
    case 'Number':
    case 'Summary':
      return 'double';
    case 'Currency':
      return 'currency';
    case 'Percent':
      return 'percent';
    case 'Checkbox':
      return 'boolean';
    case 'Date':
      return 'date';
    case 'DateTime':
      return 'datetime';
    case 'Time':
      return 'time';
    case 'Picklist':
      return 'picklist';
    case 'MultiselectPicklist':
      return 'multipicklist';
    case 'Lookup':
    case 'MasterDetail':
    case 'MetadataRelationship':
    case 'Hierarchy':
    case 'ExternalLookup':
      return 'reference';
    case 'Email':
      return 'email';
    case 'Phone':
      return 'phone';
    case 'Url':
      return 'url';
    case 'Location':
      return 'location';
    default:
      return 'string';
  }
}

export function fieldFromMetadata(objectName: string, f: Record<string, any>): FieldDescribe {
  const name = text(f.fullName)!;
  const metaType = text(f.type) ?? (f.formula !== undefined ? 'Text' : 'Text');
  const formula = text(f.formula);
  const type = mapFieldType(metaType);
  const d = baseField(name, type, {
    label: text(f.label) ?? labelFromName(name),
    metadataType: formula !== undefined ? 'Formula' : metaType,
    custom: true,
  });
  d.inlineHelpText = text(f.inlineHelpText);
  d.externalId = bool(f.externalId);
  d.unique = bool(f.unique);
  d.caseSensitive = bool(f.caseSensitive);
  d.idLookup = d.externalId || d.unique;
  d.required = bool(f.required) || metaType === 'MasterDetail';
  d.nillable = !d.required && type !== 'boolean';
  d.defaultValue = text(f.defaultValue);
  if (type === 'boolean' && d.defaultValue === undefined) d.defaultValue = 'false';
  d.htmlFormatted = metaType === 'Html';
  switch (metaType) {
    case 'Text':
    case 'EncryptedText':
      d.length = num(f.length, 255);
      break;
    case 'TextArea':
      d.length = 255;
      break;
    case 'LongTextArea':
    case 'Html':
      d.length = num(f.length, 32768);
      break;
    case 'Email':
    case 'Url':
      d.length = metaType === 'Email' ? 80 : 255;
      break;
    case 'Phone':
      d.length = 40;
      break;
    case 'Picklist':
    case 'MultiselectPicklist':
      d.length = 255;
      break;
    case 'AutoNumber':
      d.length = 30;
      d.autoNumber = true;
      d.displayFormat = text(f.displayFormat);
      d.startingNumber = num(f.startingNumber, 1) || 1;
      d.createable = false;
      d.updateable = false;
      break;
    case 'Number':
    case 'Currency':
    case 'Percent':
    case 'Summary':
      d.precision = num(f.precision, 18);
      d.scale = num(f.scale, 0);
      break;
    default:
      break;
  }
  if (type === 'reference') {
    const to = text(f.referenceTo) ?? (metaType === 'Hierarchy' ? objectName : undefined);
    d.referenceTo = to ? [to] : [];
    d.relationshipName = text(f.relationshipName) ? `${text(f.relationshipName)}` : undefined;
    // On the child, the relationship is named like the field: Parent__c → Parent__r.
    d.childRelationshipName = d.relationshipName ? `${d.relationshipName}__r` : undefined;
    d.relationshipName = name.endsWith('__c') ? name.slice(0, -3) + '__r' : name;
    d.relationshipLabel = text(f.relationshipLabel);
    d.length = 18;
    const controlling = text(f.metadataRelationshipControllingField);
    if (controlling) d.controllingField = controlling.substring(controlling.indexOf('.') + 1);
    if (metaType === 'MasterDetail') {
      d.cascadeDelete = true;
      d.deleteConstraint = 'Cascade';
      d.updateable = bool(f.reparentableMasterDetail);
    } else {
      const c = text(f.deleteConstraint) ?? 'SetNull';
      d.deleteConstraint = c === 'Restrict' ? 'Restrict' : c === 'Cascade' ? 'Cascade' : 'SetNull';
      d.cascadeDelete = d.deleteConstraint === 'Cascade';
    }
    if (metaType === 'MetadataRelationship') {
      d.metadataRelationship = true;
      d.length = 255;
      d.deleteConstraint = undefined;
      d.cascadeDelete = false;
      // a relationship between custom metadata types has a child relationship (`Parent__mdt` queries
      // `(SELECT ... FROM Children__r)`); EntityDefinition / FieldDefinition have none
      if (!(to ?? '').toLowerCase().endsWith('__mdt')) d.childRelationshipName = undefined;
    }
  }
  if (type === 'picklist' || type === 'multipicklist') {
    const vs = f.valueSet;
    if (vs) {
      d.restrictedPicklist = bool(vs.restricted);
      const defn = vs.valueSetDefinition;
      const values: any[] = defn?.value ?? [];
      for (const v of values) {
        const value = text(v.fullName) ?? '';
        d.picklistValues.push({ value, label: text(v.label) ?? value, isDefault: bool(v.default), isActive: true });
      }
      if (vs.valueSetName) d.restrictedPicklist = true;
    }
  }
  if (formula !== undefined) {
    d.calculated = true;
    d.formula = formula;
    d.formulaBlankAsZero = text(f.formulaTreatBlanksAs) === 'BlankAsZero';
    d.createable = false;
    d.updateable = false;
    d.nillable = true;
    d.required = false;
    if (type === 'double' || type === 'currency' || type === 'percent') {
      d.precision = num(f.precision, 18);
      d.scale = num(f.scale, 0);
    }
  }
  if (metaType === 'Summary') {
    d.calculated = true;
    d.createable = false;
    d.updateable = false;
  }
  d.digits = 0;
  return d;
}

function newObject(
  name: string,
  kind: SObjectKind,
  keyPrefix: string,
  label?: string,
  plural?: string,
): SObjectDescribe {
  return {
    name,
    label: label ?? labelFromName(name),
    labelPlural: plural ?? (label ?? labelFromName(name)) + 's',
    keyPrefix,
    kind,
    custom: kind !== 'standard' && kind !== 'system',
    fields: new Map(),
    relationships: new Map(),
    childRelationships: new Map(),
    createable: kind !== 'customMetadata',
    updateable: kind !== 'customMetadata' && kind !== 'platformEvent',
    deletable: kind !== 'customMetadata' && kind !== 'platformEvent',
    queryable: kind !== 'platformEvent',
  };
}

export function addField(obj: SObjectDescribe, f: FieldDescribe): void {
  obj.fields.set(f.name.toLowerCase(), f);
  if (f.type === 'reference' && f.relationshipName) obj.relationships.set(f.relationshipName.toLowerCase(), f);
}

function standardField(spec: StandardFieldSpec): FieldDescribe {
  const [name, type, opts] = spec;
  const f = baseField(name, type, { custom: false, ...(opts ?? {}) });
  if (type === 'reference' && !f.relationshipName) {
    f.relationshipName = name.endsWith('Id') ? name.slice(0, -2) : name;
  }
  if (type === 'boolean') {
    f.nillable = false;
    if (f.defaultValue === undefined) f.defaultValue = 'false';
  }
  if (type === 'id') {
    f.createable = false;
    f.updateable = false;
    f.nillable = false;
    f.idLookup = true;
    f.length = 18;
  }
  if (type === 'reference' && !f.length) f.length = 18;
  if ((type === 'string' || type === 'textarea') && !f.length) f.length = 255;
  return f;
}

function addSystemFields(obj: SObjectDescribe, opts: { owner: boolean; name?: FieldDescribe | null }): void {
  for (const spec of COMMON_SYSTEM_FIELDS) {
    if (!obj.fields.has(spec[0].toLowerCase())) addField(obj, standardField(spec));
  }
  if (opts.owner && !obj.fields.has('ownerid')) {
    addField(
      obj,
      standardField(['OwnerId', 'reference', { referenceTo: ['User', 'Group'], relationshipName: 'Owner' }]),
    );
  }
  if (opts.name && !obj.fields.has('name')) addField(obj, opts.name);
}

export interface LoadOptions {
  projectDir: string;
}

/** Build the schema: standard objects first, then everything under the project's `objects` directories. */
export function loadSchema(projectDir: string): Schema {
  // a new load walks the project again; the metadata loaders that follow (seed, access, flows) reuse that walk
  objectDirsWalked.delete(resolve(projectDir));
  const schema = new Schema();
  for (const [name, def] of Object.entries(STANDARD_OBJECTS)) {
    const obj = newObject(
      name,
      def.kind ?? 'standard',
      STANDARD_KEY_PREFIXES[name] ?? def.keyPrefix ?? '',
      def.label,
      def.plural,
    );
    if (def.createable === false) obj.createable = false;
    if (def.updateable === false) obj.updateable = false;
    if (def.deletable === false) obj.deletable = false;
    addField(obj, standardField(['Id', 'id']));
    for (const spec of def.fields) addField(obj, standardField(spec));
    if (!def.noSystemFields) addSystemFields(obj, { owner: false });
    for (const [relName, child, field] of def.children ?? []) {
      // Stored on the child field; linked in schema.link().
      void relName;
      void child;
      void field;
    }
    schema.add(obj);
  }

  const taken = new Set<string>(Object.values(STANDARD_KEY_PREFIXES));
  const objectDirs: Array<{ dir: string; name: string }> = [];
  for (const root of findObjectDirs(projectDir)) {
    for (const entry of readdirSync(root)) {
      const dir = join(root, entry);
      if (statSync(dir).isDirectory()) objectDirs.push({ dir, name: entry });
    }
  }
  objectDirs.sort((a, b) => a.name.localeCompare(b.name));

  for (const { dir, name } of objectDirs) {
    const metaPath = join(dir, `${name}.object-meta.xml`);
    const meta = existsSync(metaPath) ? (parseXml(metaPath).CustomObject ?? {}) : {};
    const fieldDir = join(dir, 'fields');
    const fieldXml: Array<Record<string, any>> = [];
    if (existsSync(fieldDir)) {
      for (const file of readdirSync(fieldDir).sort()) {
        if (!file.endsWith('.field-meta.xml')) continue;
        try {
          const f = parseXml(join(fieldDir, file)).CustomField ?? {};
          if (!f.fullName) f.fullName = basename(file, '.field-meta.xml');
          fieldXml.push(f);
        } catch (e) {
          schema.warnings.push(`${file}: ${(e as Error).message}`);
        }
      }
    }
    // Fields may also be inline in the object file (older source format).
    for (const f of (meta.fields as any[]) ?? []) fieldXml.push(f);
    const fieldSets: FieldSetDescribe[] = [];
    const fsDir = join(dir, 'fieldSets');
    if (existsSync(fsDir)) {
      for (const file of readdirSync(fsDir).sort()) {
        if (!file.endsWith('.fieldSet-meta.xml')) continue;
        try {
          const x = parseXml(join(fsDir, file)).FieldSet ?? {};
          const members = ([] as any[]).concat(x.displayedFields ?? []);
          fieldSets.push({
            name: text(x.fullName) ?? basename(file, '.fieldSet-meta.xml'),
            label: text(x.label) ?? basename(file, '.fieldSet-meta.xml'),
            description: text(x.description) ?? null,
            fields: members.map((m) => ({ field: text(m.field) ?? '', isRequired: bool(m.isRequired) })),
          });
        } catch (e) {
          schema.warnings.push(`${file}: ${(e as Error).message}`);
        }
      }
    }

    let obj = schema.get(name);
    if (!obj) {
      if (!/__(c|mdt|e)$/.test(name)) {
        schema.warnings.push(`Standard object ${name} is not known to the local org; loaded from metadata only.`);
      }
      const kind: SObjectKind = name.endsWith('__mdt')
        ? 'customMetadata'
        : name.endsWith('__e')
          ? 'platformEvent'
          : text(meta.customSettingsType)
            ? 'customSetting'
            : name.endsWith('__c')
              ? 'custom'
              : 'standard';
      const prefix = customKeyPrefix(
        name,
        kind === 'customMetadata' ? 'metadata' : kind === 'platformEvent' ? 'event' : 'object',
        taken,
      );
      obj = newObject(name, kind, prefix, text(meta.label), text(meta.pluralLabel));
      obj.sharingModel = text(meta.sharingModel);
      if (kind === 'customSetting') {
        obj.customSettingsType = text(meta.customSettingsType) === 'List' ? 'List' : 'Hierarchy';
      }
      if (kind === 'platformEvent') {
        obj.publishBehavior =
          text(meta.publishBehavior) === 'PublishImmediately' ? 'PublishImmediately' : 'PublishAfterCommit';
      }
      addField(obj, standardField(['Id', 'id']));
      schema.add(obj);
      addStandardFieldsForCustom(obj, meta, fieldXml);
    }
    if (fieldSets.length) obj.fieldSets = fieldSets;
    for (const f of fieldXml) {
      try {
        addField(obj, fieldFromMetadata(obj.name, f));
      } catch (e) {
        schema.warnings.push(`${name}.${text(f.fullName)}: ${(e as Error).message}`);
      }
    }
  }
  addChangeEvents(schema);
  schema.link();
  loadCustomMetadataRecords(schema, projectDir);
  return schema;
}

/** Standard objects with Change Data Capture events (Change Data Capture Developer Guide › Supported Objects). */
const CDC_STANDARD = ['Account', 'Asset', 'Campaign', 'Case', 'Contact', 'Contract', 'Event', 'Lead', 'Opportunity'];

/**
 * Change event types (`AccountChangeEvent`, `Widget__ChangeEvent`): the object's fields plus `ChangeEventHeader`
 * (an EventBus.ChangeEventHeader) and `ReplayId`, so tests can build change events in memory. Change Data Capture
 * itself (events published on DML, change event triggers) is not modelled.
 */
function addChangeEvents(schema: Schema): void {
  for (const obj of [...schema.objects.values()]) {
    if (!(obj.kind === 'custom' || (obj.kind === 'standard' && CDC_STANDARD.includes(obj.name)))) continue;
    const name = obj.kind === 'custom' ? obj.name.replace(/__c$/i, '__ChangeEvent') : `${obj.name}ChangeEvent`;
    if (schema.get(name)) continue;
    const ev = newObject(name, 'system', '', `${obj.label} Change Event`, `${obj.label} Change Events`);
    ev.createable = false;
    ev.updateable = false;
    ev.deletable = false;
    ev.queryable = false;
    for (const f of obj.fields.values()) {
      const copy = { ...f, createable: true, updateable: true, childRelationshipName: undefined };
      ev.fields.set(copy.name.toLowerCase(), copy);
    }
    addField(ev, baseField('ChangeEventHeader', 'anytype', { custom: false, label: 'Change Event Header' }));
    addField(ev, baseField('ReplayId', 'string', { custom: false, createable: false, updateable: false }));
    schema.add(ev);
  }
}

function addStandardFieldsForCustom(
  obj: SObjectDescribe,
  meta: Record<string, any>,
  fieldXml: Array<Record<string, any>>,
): void {
  const hasMasterDetail = fieldXml.some((f) => text(f.type) === 'MasterDetail');
  if (obj.kind === 'customMetadata') {
    for (const spec of [
      ['DeveloperName', 'string', { length: 40, required: true, nameField: false }],
      ['MasterLabel', 'string', { length: 40, nameField: true, label: 'Label' }],
      ['Label', 'string', { length: 40 }],
      ['Language', 'picklist', { length: 40 }],
      ['NamespacePrefix', 'string', { length: 15 }],
      ['QualifiedApiName', 'string', { length: 70 }],
      ['SystemModstamp', 'datetime', {}],
    ] as StandardFieldSpec[]) {
      const f = standardField(spec);
      f.createable = false;
      f.updateable = false;
      addField(obj, f);
    }
    return;
  }
  if (obj.kind === 'platformEvent') {
    for (const spec of [
      ['ReplayId', 'string', { createable: false, updateable: false }],
      ['EventUuid', 'string', { createable: false, updateable: false, length: 36 }],
      ['CreatedDate', 'datetime', { createable: false, updateable: false }],
      [
        'CreatedById',
        'reference',
        { referenceTo: ['User'], relationshipName: 'CreatedBy', createable: false, updateable: false },
      ],
    ] as StandardFieldSpec[]) {
      addField(obj, standardField(spec));
    }
    return;
  }
  const nameMeta = meta.nameField ?? {};
  const nameType = text(nameMeta.type) ?? 'Text';
  let nameField: FieldDescribe;
  if (nameType === 'AutoNumber') {
    nameField = baseField('Name', 'string', {
      custom: false,
      label: text(nameMeta.label) ?? 'Name',
      metadataType: 'AutoNumber',
      length: 80,
      autoNumber: true,
      displayFormat: text(nameMeta.displayFormat) ?? '{0}',
      startingNumber: num(meta.startingNumber, 1) || 1,
      createable: false,
      updateable: false,
      nillable: false,
      nameField: true,
      idLookup: true,
    });
  } else {
    nameField = baseField('Name', 'string', {
      custom: false,
      label: text(nameMeta.label) ?? 'Name',
      metadataType: 'Text',
      length: obj.kind === 'customSetting' ? 38 : 80,
      nameField: true,
      idLookup: true,
      // The name is defaulted to the Id when blank on insert (platform behaviour), so not required here.
    });
  }
  addSystemFields(obj, { owner: obj.kind === 'custom' && !hasMasterDetail, name: nameField });
  if (obj.kind === 'customSetting' && obj.customSettingsType === 'Hierarchy') {
    addField(
      obj,
      standardField([
        'SetupOwnerId',
        'reference',
        { referenceTo: ['Organization', 'Profile', 'User'], relationshipName: 'SetupOwner' },
      ]),
    );
  }
  if (obj.kind === 'custom') {
    addField(obj, standardField(['LastViewedDate', 'datetime', { createable: false, updateable: false }]));
    addField(obj, standardField(['LastReferencedDate', 'datetime', { createable: false, updateable: false }]));
  }
}

/** `customMetadata/<Type>.<Record>.md-meta.xml` → records of `<Type>__mdt`. */
function loadCustomMetadataRecords(schema: Schema, projectDir: string): void {
  for (const dir of findDirsNamed(projectDir, 'customMetadata')) {
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.md-meta.xml')) continue;
      const base = file.slice(0, -'.md-meta.xml'.length);
      const dot = base.indexOf('.');
      if (dot < 0) continue;
      const typeName = `${base.substring(0, dot)}__mdt`;
      const devName = base.substring(dot + 1);
      const type = schema.get(typeName);
      if (!type) {
        schema.warnings.push(`Custom metadata record ${file}: type ${typeName} not found`);
        continue;
      }
      const doc = parseXml(join(dir, file)).CustomMetadata ?? {};
      const rec: Record<string, unknown> = {
        DeveloperName: devName,
        MasterLabel: text(doc.label) ?? devName,
        Label: text(doc.label) ?? devName,
        QualifiedApiName: devName,
        NamespacePrefix: null,
        Language: 'en_US',
      };
      for (const v of (doc.values as any[]) ?? []) {
        const field = text(v.field);
        if (!field) continue;
        const valueNode = Array.isArray(v.value) ? v.value[0] : v.value;
        const nil = valueNode && typeof valueNode === 'object' && valueNode['@_xsi:nil'] === 'true';
        rec[field] = nil ? null : (text(valueNode) ?? null);
      }
      const list = schema.customMetadataRecords.get(typeName.toLowerCase()) ?? [];
      list.push(rec);
      schema.customMetadataRecords.set(typeName.toLowerCase(), list);
    }
  }
}
