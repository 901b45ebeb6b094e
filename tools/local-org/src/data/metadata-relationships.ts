/**
 * Custom metadata relationship fields (Apex Developer Guide / Custom Metadata Types Implementation Guide,
 * "Custom Metadata Relationships"): a field of type MetadataRelationship points at an object (EntityDefinition), a
 * field (FieldDefinition, controlled by an EntityDefinition field of the same type) or another custom metadata
 * record. The EntityDefinition and FieldDefinition fields hold the API names of the object and field (as in the
 * `.md-meta.xml` files), and `Object__r.QualifiedApiName`, `Field__r.QualifiedApiName`, ... resolve in SOQL; a
 * relationship to another custom metadata type holds the Id of that record.
 */
import type { StoredRecord } from './database.js';
import type { FieldDescribe, Schema } from './schema.js';

export const METADATA_ENTITY_TYPES = new Set(['entitydefinition', 'fielddefinition']);

const devName = (apiName: string) => apiName.replace(/__(c|mdt|e|x|b)$/i, '');

/**
 * The EntityDefinition / FieldDefinition row a metadata relationship field of `child` points at, or undefined.
 * Built on demand (these setup entities are not stored).
 */
export function metadataParent(
  schema: Schema,
  childType: string,
  rel: FieldDescribe,
  child: StoredRecord | undefined,
): StoredRecord | undefined {
  const target = (rel.referenceTo[0] ?? '').toLowerCase();
  if (!child || !METADATA_ENTITY_TYPES.has(target)) return undefined;
  const value = child.values.get(rel.name.toLowerCase());
  if (typeof value !== 'string' || value === '') return undefined;
  if (target === 'entitydefinition') {
    const obj = schema.get(value);
    const name = obj?.name ?? value;
    return virtualRow('EntityDefinition', name, {
      qualifiedapiname: name,
      developername: devName(name),
      label: obj?.label ?? name,
      masterlabel: obj?.label ?? name,
      pluralLabel: obj?.labelPlural ?? name,
      keyprefix: obj?.keyPrefix ?? null,
      namespaceprefix: null,
      durableid: name,
      iscustomsetting: obj?.kind === 'customSetting',
    });
  }
  // FieldDefinition: the object comes from the controlling EntityDefinition field of the same record
  const childObj = schema.get(childType);
  const controlling = rel.controllingField ? childObj?.fields.get(rel.controllingField.toLowerCase()) : undefined;
  const entityValue = controlling ? child.values.get(controlling.name.toLowerCase()) : undefined;
  const entity = typeof entityValue === 'string' ? schema.get(entityValue) : undefined;
  const fieldName = value.includes('.') ? value.substring(value.indexOf('.') + 1) : value;
  const field = entity?.fields.get(fieldName.toLowerCase());
  const name = field?.name ?? fieldName;
  const entityName = entity?.name ?? (typeof entityValue === 'string' ? entityValue : null);
  return virtualRow('FieldDefinition', `${entityName}.${name}`, {
    qualifiedapiname: name,
    developername: devName(name),
    label: field?.label ?? name,
    masterlabel: field?.label ?? name,
    datatype: field?.metadataType ?? null,
    entitydefinitionid: entityName,
    namespaceprefix: null,
    durableid: `${entityName}.${name}`,
  });
}

function virtualRow(type: string, durableId: string, values: Record<string, unknown>): StoredRecord {
  const m = new Map<string, any>();
  for (const [k, v] of Object.entries(values)) m.set(k.toLowerCase(), v);
  return { id: durableId, type, values: m, deleted: false };
}
