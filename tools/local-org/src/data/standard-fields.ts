/**
 * The vocabulary of the standard-object specs (standard-objects.ts, setup-objects.ts): field tuples [API name, type,
 * describe overrides], object specs, the system fields every object has, and shorthands (read-only, required,
 * picklist values, lookups, address compounds, OwnerId).
 */
import type { FieldDescribe, FieldType, SObjectKind } from './describe.js';

export type StandardFieldSpec = [string, FieldType, Partial<FieldDescribe>?];

export interface StandardObjectSpec {
  label?: string;
  plural?: string;
  keyPrefix?: string;
  kind?: SObjectKind;
  fields: StandardFieldSpec[];
  noSystemFields?: boolean;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  children?: Array<[string, string, string]>;
}

export const ro = { createable: false, updateable: false };
export const req = { required: true, nillable: false };
export const pick = (...values: string[]): Partial<FieldDescribe> => ({
  picklistValues: values.map((v, i) => ({ value: v, label: v, isDefault: i === 0 && false, isActive: true })),
});
export const ref = (
  to: string | string[],
  relationshipName: string,
  childRelationshipName?: string,
  extra: Partial<FieldDescribe> = {},
) => ({
  referenceTo: Array.isArray(to) ? to : [to],
  relationshipName,
  childRelationshipName,
  deleteConstraint: 'SetNull' as const,
  ...extra,
});

export const COMMON_SYSTEM_FIELDS: StandardFieldSpec[] = [
  ['IsDeleted', 'boolean', ro],
  ['CreatedDate', 'datetime', { ...ro, nillable: false }],
  ['CreatedById', 'reference', { ...ro, ...ref('User', 'CreatedBy') }],
  ['LastModifiedDate', 'datetime', { ...ro, nillable: false }],
  ['LastModifiedById', 'reference', { ...ro, ...ref('User', 'LastModifiedBy') }],
  ['SystemModstamp', 'datetime', { ...ro, nillable: false }],
];

export const address = (prefix: string): StandardFieldSpec[] => [
  [`${prefix}Street`, 'textarea', { length: 255 }],
  [`${prefix}City`, 'string', { length: 40 }],
  [`${prefix}State`, 'string', { length: 80 }],
  [`${prefix}PostalCode`, 'string', { length: 20 }],
  [`${prefix}Country`, 'string', { length: 80 }],
  [`${prefix}StateCode`, 'picklist', { length: 10 }],
  [`${prefix}CountryCode`, 'picklist', { length: 10 }],
  [`${prefix}Latitude`, 'double', { precision: 18, scale: 15 }],
  [`${prefix}Longitude`, 'double', { precision: 18, scale: 15 }],
  [`${prefix}Address`, 'address', ro],
];

export const owner: StandardFieldSpec = ['OwnerId', 'reference', ref(['User', 'Group'], 'Owner')];
