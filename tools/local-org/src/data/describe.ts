/**
 * The describe shapes of the schema (fields, objects, child relationships, field sets): types only, shared by
 * the schema and the standard-object specs without either depending on the other.
 */

/** Field data types, named as `Schema.DisplayType` names them (lower case). */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'boolean'
  | 'double'
  | 'currency'
  | 'percent'
  | 'integer'
  | 'long'
  | 'date'
  | 'datetime'
  | 'time'
  | 'reference'
  | 'email'
  | 'phone'
  | 'url'
  | 'encryptedstring'
  | 'base64'
  | 'address'
  | 'location'
  | 'anytype';

export interface PicklistEntry {
  value: string;
  label: string;
  isDefault: boolean;
  isActive: boolean;
}

export interface FieldDescribe {
  name: string;
  label: string;
  type: FieldType;
  /** Metadata type as written in the field XML (Text, Number, AutoNumber, Lookup, ...), or the standard equivalent. */
  metadataType: string;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  custom: boolean;
  nillable: boolean;
  /** Required on save (REQUIRED_FIELD_MISSING when null). */
  required: boolean;
  createable: boolean;
  updateable: boolean;
  unique: boolean;
  caseSensitive: boolean;
  externalId: boolean;
  idLookup: boolean;
  nameField: boolean;
  autoNumber: boolean;
  displayFormat?: string;
  startingNumber?: number;
  calculated: boolean;
  formula?: string;
  /** Default value formula/literal from metadata (`<defaultValue>`), or for Checkbox 'false'. */
  defaultValue?: string;
  picklistValues: PicklistEntry[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName?: string;
  relationshipLabel?: string;
  deleteConstraint?: 'SetNull' | 'Restrict' | 'Cascade';
  /** MetadataRelationship to FieldDefinition: the EntityDefinition field naming its object */
  controllingField?: string;
  /** Master-detail: child records are deleted with the parent. */
  cascadeDelete: boolean;
  htmlFormatted: boolean;
  /** Name of the child relationship on the parent (e.g. `Invoices__r`, `Contacts`). */
  childRelationshipName?: string;
  /** Formula `<formulaTreatBlanksAs>BlankAsZero</formulaTreatBlanksAs>` */
  formulaBlankAsZero?: boolean;
  /** Custom metadata relationship (Custom Metadata Types › Metadata relationship fields): the value is the related
   * item's API name (e.g. 'Account' for EntityDefinition), an Apex String; `Object__r.QualifiedApiName` resolves
   * through the EntityDefinition / FieldDefinition / custom metadata row with that QualifiedApiName. */
  metadataRelationship?: boolean;
  /** `<inlineHelpText>` (DescribeFieldResult.getInlineHelpText) */
  inlineHelpText?: string;
  /** A standard field the standard profiles do not grant (e.g. Account.TradeStyle, a Data.com field): it needs a
   * field permission from a permission set. */
  noProfileFls?: boolean;
}

export type SObjectKind = 'standard' | 'custom' | 'customMetadata' | 'customSetting' | 'platformEvent' | 'system';

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
}

export interface SObjectDescribe {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  kind: SObjectKind;
  custom: boolean;
  customSettingsType?: 'Hierarchy' | 'List';
  /** Organization-wide default from `<sharingModel>` (Private, Read, ReadWrite, ControlledByParent, ...). */
  sharingModel?: string;
  /** Platform events: PublishImmediately or PublishAfterCommit. */
  publishBehavior?: 'PublishImmediately' | 'PublishAfterCommit';
  /** Fields by lower-case API name. */
  fields: Map<string, FieldDescribe>;
  /** Lookup/master-detail fields by lower-case relationship name. */
  relationships: Map<string, FieldDescribe>;
  /** Child relationships by lower-case relationship name. */
  childRelationships: Map<string, ChildRelationship>;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** `fieldSets/*.fieldSet-meta.xml` (Schema.FieldSet) */
  fieldSets?: FieldSetDescribe[];
}

export interface FieldSetDescribe {
  name: string;
  label: string;
  description: string | null;
  fields: Array<{ field: string; isRequired: boolean }>;
}
