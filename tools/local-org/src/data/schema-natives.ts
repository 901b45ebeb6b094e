/**
 * Schema natives: `Schema.getGlobalDescribe`, SObjectType and SObjectField tokens, DescribeSObjectResult,
 * DescribeFieldResult, PicklistEntry, field sets, `Schema.SObjectType.X`, and the statics of SObject types
 * (`Contact.SObjectType`, custom metadata `getInstance` / `getAll`, custom setting `getOrgDefaults` / `getInstance`).
 */
import {
  ApexList,
  ApexMap,
  EnumValue,
  NativeObject,
  SObjectRecord,
  TypeRef,
  Value,
  typeRef,
} from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef, type NotHandled } from '../interpreter/services.js';
import type { SObjectDescribe } from './schema.js';
import { apexTypeOfField, evalDefault } from './value-utils.js';
import { enumValue, native, newList, newMap } from './helpers.js';
import { cryptoUuid } from './async.js';
import type { DataHost } from './data-host.js';

/** Apex Reference › SOAPType Enum */
export const SOAP_TYPES = [
  'ANYTYPE',
  'BASE64BINARY',
  'BOOLEAN',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'ID',
  'INTEGER',
  'LONG',
  'STRING',
  'TIME',
];

/** Schema.SOAPType of a field type (Apex Reference › SOAPType Enum) */
function soapType(t: string): string {
  switch (t) {
    case 'id':
    case 'reference':
      return 'ID';
    case 'boolean':
      return 'BOOLEAN';
    case 'currency':
    case 'percent':
    case 'double':
      return 'DOUBLE';
    case 'integer':
      return 'INTEGER';
    case 'long':
      return 'LONG';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'DATETIME';
    case 'time':
      return 'TIME';
    case 'base64':
      return 'BASE64BINARY';
    case 'address':
    case 'location':
    case 'anytype':
      return 'ANYTYPE';
    default:
      return 'STRING';
  }
}

function customMetadataStatic(svc: DataHost, obj: SObjectDescribe, method: string, args: Value[]): Value | NotHandled {
  const rows = svc.allRecords(obj.name);
  switch (method) {
    case 'getinstance': {
      const key = String(args[0] ?? '');
      const r = rows.find((x) => String(x.get('DeveloperName')).toLowerCase() === key.toLowerCase() || x.id === key);
      return r ?? null;
    }
    case 'getall':
      return newMap(
        svc.rt,
        typeRef('String'),
        typeRef(obj.name),
        rows.map((r) => [r.get('DeveloperName'), r] as [Value, Value]),
      );
    default:
      return NOT_HANDLED;
  }
}

function customSettingStatic(svc: DataHost, obj: SObjectDescribe, method: string, args: Value[]): Value | NotHandled {
  const rows = svc.allRecords(obj.name);
  const orgId = svc.seedInfo.orgId;
  const bySetupOwner = (id: string | null) =>
    id
      ? rows.find(
          (r) =>
            typeof r.get('SetupOwnerId') === 'string' &&
            (r.get('SetupOwnerId') as string).substring(0, 15) === id.substring(0, 15),
        )
      : undefined;
  // Apex Reference, Hierarchy Custom Setting Methods: without data, a new custom setting object whose Id is
  // null, whose SetupOwnerId is the organization (getOrgDefaults) or the user (getInstance), and whose fields
  // carry the default values of their field definitions.
  const empty = () => {
    const rec = new SObjectRecord(obj.name);
    for (const f of obj.fields.values()) {
      if (!f.custom) continue;
      const d = f.defaultValue === undefined ? undefined : evalDefault(f, svc.now());
      if (d !== undefined) rec.set(f.name, svc.rt.coerce(d, typeRef(apexTypeOfField(f))), f.name);
      else if (f.type === 'boolean') rec.set(f.name, false, f.name);
    }
    return rec;
  };
  switch (method) {
    case 'getorgdefaults': {
      const found = bySetupOwner(orgId);
      if (found) return found;
      const e = empty();
      e.set('SetupOwnerId', orgId, 'SetupOwnerId');
      return e;
    }
    case 'getinstance': {
      if (obj.customSettingsType === 'List') {
        const key = String(args[0] ?? '');
        return rows.find((r) => String(r.get('Name')) === key) ?? null;
      }
      const userId = typeof args[0] === 'string' ? args[0] : svc.currentUserId();
      const user = svc.db.get(userId);
      const profileId = user ? (user.values.get('profileid') as string | null) : null;
      const layers = [
        bySetupOwner(orgId),
        profileId ? bySetupOwner(profileId) : undefined,
        bySetupOwner(userId),
      ].filter(Boolean) as SObjectRecord[];
      if (layers.length === 0) {
        const e = empty();
        e.set('SetupOwnerId', userId, 'SetupOwnerId');
        return e;
      }
      const merged = empty();
      for (const layer of layers)
        for (const { name, value } of layer.fields.values()) if (value !== null) merged.set(name, value, name);
      const exact = bySetupOwner(userId);
      if (!exact) {
        merged.unset('Id');
        merged.set('SetupOwnerId', userId, 'SetupOwnerId');
      }
      return merged;
    }
    case 'getvalues': {
      if (obj.customSettingsType === 'List') return rows.find((r) => String(r.get('Name')) === String(args[0])) ?? null;
      return bySetupOwner(typeof args[0] === 'string' ? args[0] : null) ?? null;
    }
    case 'getall':
      return newMap(
        svc.rt,
        typeRef('String'),
        typeRef(obj.name),
        rows.map((r) => [r.get('Name'), r] as [Value, Value]),
      );
    default:
      return NOT_HANDLED;
  }
}

export function schemaNatives(svc: DataHost) {
  const rt = () => svc.rt;

  // Schema
  const describeSObject = (name: string): NativeObject => native('Schema.DescribeSObjectResult', { name });
  const sobjectTypeDef: NativeClassDef = {
    name: 'Schema.SObjectType',
    callInstance(self, method, args) {
      const name = (self as NativeObject).data.name as string;
      switch (method.toLowerCase()) {
        case 'getdescribe':
          return describeSObject(name);
        case 'newsobject': {
          // Apex Reference, SObjectType.newSObject(recordTypeId, loadDefaults): loadDefaults fills the fields'
          // default values; a platform event made this way carries its EventUuid already.
          const rec = svc.newSObject(name, []);
          if (args.length === 1 && typeof args[0] === 'string') rec.set('Id', args[0], 'Id');
          if (args.length >= 2 && args[1] === true) {
            const obj = svc.schema.require(name);
            for (const f of obj.fields.values()) {
              if (!f.custom || f.defaultValue === undefined) continue;
              const d = evalDefault(f, svc.now());
              if (d !== undefined) rec.set(f.name, svc.rt.coerce(d, typeRef(apexTypeOfField(f))), f.name);
            }
            if (obj.kind === 'platformEvent') rec.set('EventUuid', cryptoUuid(), 'EventUuid');
          }
          return rec;
        }
        case 'tostring':
          return name;
        case 'equals':
          return args[0] === self;
        case 'hashcode':
          return name.length;
        default:
          return NOT_HANDLED;
      }
    },
    getInstance(self, prop) {
      const name = (self as NativeObject).data.name as string;
      // Apex Developer Guide › Using Field Tokens: `Account.SObjectType.fields.Name` is the field's SObjectField
      // token (while Schema.SObjectType.Account.fields.Name is its describe result)
      if (prop.toLowerCase() === 'fields') return native('Schema.FieldsOf', { name, tokens: true });
      return NOT_HANDLED;
    },
  };
  const describeDef: NativeClassDef = {
    name: 'Schema.DescribeSObjectResult',
    callInstance(self, method) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      switch (method.toLowerCase()) {
        case 'getname':
        case 'getlocalname':
          return obj.name;
        case 'getlabel':
          return obj.label;
        case 'getlabelplural':
          return obj.labelPlural;
        case 'getkeyprefix':
          return obj.keyPrefix;
        case 'iscustom':
          return obj.custom;
        case 'iscustomsetting':
          return obj.kind === 'customSetting';
        case 'isaccessible':
        case 'isqueryable':
        case 'issearchable':
          return svc.access.canObject(svc.currentUserId(), obj.name, 'read');
        case 'iscreateable':
          return obj.createable && svc.access.canObject(svc.currentUserId(), obj.name, 'create');
        case 'isupdateable':
          return obj.updateable && svc.access.canObject(svc.currentUserId(), obj.name, 'edit');
        case 'isdeletable':
          return obj.deletable && svc.access.canObject(svc.currentUserId(), obj.name, 'del');
        case 'getsobjecttype':
          return svc.sobjectTypeToken(obj.name);
        case 'getrecordtypeinfos':
          return newList(rt(), 'Schema.RecordTypeInfo', []);
        default:
          return NOT_HANDLED;
      }
    },
    getInstance(self, prop) {
      if (prop.toLowerCase() === 'fields') return native('Schema.FieldsOf', { name: (self as NativeObject).data.name });
      if (prop.toLowerCase() === 'fieldsets')
        return native('Schema.FieldSetsOf', { name: (self as NativeObject).data.name });
      return NOT_HANDLED;
    },
  };
  const ciMap = (k: TypeRef, v: TypeRef, entries: Array<[Value, Value]>): ApexMap => {
    const m = newMap(rt(), k, v, entries);
    m.caseInsensitive = true;
    return m;
  };
  // Apex Reference › FieldSet Class, FieldSetMember Class: field sets from `objects/<Object>/fieldSets`
  const fieldSetOf = (objName: string, fsName: string): Value => {
    const obj = svc.schema.require(objName);
    const fs = obj.fieldSets?.find((x) => x.name.toLowerCase() === fsName.toLowerCase());
    return fs ? native('Schema.FieldSet', { object: obj.name, fs }) : null;
  };
  const fieldSetsOf: NativeClassDef = {
    name: 'Schema.FieldSetsOf',
    callInstance(self, method) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      if (method.toLowerCase() !== 'getmap') return NOT_HANDLED;
      return ciMap(
        typeRef('String'),
        typeRef('Schema.FieldSet'),
        (obj.fieldSets ?? []).map((fs) => [fs.name.toLowerCase(), fieldSetOf(obj.name, fs.name)] as [Value, Value]),
      );
    },
    getInstance(self, prop) {
      const v = fieldSetOf((self as NativeObject).data.name, prop);
      return v === null ? NOT_HANDLED : v;
    },
  };
  const fieldSetDef: NativeClassDef = {
    name: 'Schema.FieldSet',
    callInstance(self, method) {
      const { object, fs } = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getname':
          return fs.name;
        case 'getlabel':
          return fs.label;
        case 'getdescription':
          return fs.description;
        case 'getnamespace':
          return '';
        case 'getsobjecttype':
          return svc.sobjectTypeToken(object);
        case 'getfields':
          return newList(
            rt(),
            'Schema.FieldSetMember',
            fs.fields.map((m: { field: string; isRequired: boolean }) =>
              native('Schema.FieldSetMember', { object, ...m }),
            ),
          );
        default:
          return NOT_HANDLED;
      }
    },
  };
  const fieldSetMemberDef: NativeClassDef = {
    name: 'Schema.FieldSetMember',
    callInstance(self, method) {
      const d = (self as NativeObject).data as { object: string; field: string; isRequired: boolean };
      const f = svc.schema.field(d.object, d.field.split('.').pop()!);
      switch (method.toLowerCase()) {
        case 'getfieldpath':
          return d.field;
        case 'getlabel':
          return f?.label ?? d.field;
        case 'getrequired':
          return d.isRequired;
        case 'getdbrequired':
          return !!f?.required;
        case 'gettype':
          return new EnumValue('Schema.DisplayType', (f?.type ?? 'string').toUpperCase(), 0);
        case 'getsobjectfield':
          return f ? svc.sobjectFieldToken(d.object, f.name) : null;
        default:
          return NOT_HANDLED;
      }
    },
  };
  const fieldsOf: NativeClassDef = {
    name: 'Schema.FieldsOf',
    callInstance(self, method) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      if (method.toLowerCase() === 'getmap') {
        // Apex Reference › DescribeFieldResult / Schema: the field map's keys are case-insensitive
        return ciMap(
          typeRef('String'),
          typeRef('Schema.SObjectField'),
          [...obj.fields.values()].map(
            (f) => [f.name.toLowerCase(), svc.sobjectFieldToken(obj.name, f.name)] as [Value, Value],
          ),
        );
      }
      return NOT_HANDLED;
    },
    getInstance(self, prop) {
      const obj = svc.schema.require((self as NativeObject).data.name);
      const f = obj.fields.get(prop.toLowerCase());
      if (!f) return NOT_HANDLED;
      if ((self as NativeObject).data.tokens) return svc.sobjectFieldToken(obj.name, f.name);
      return native('Schema.DescribeFieldResult', { object: obj.name, field: f.name });
    },
  };
  const fieldTokenDef: NativeClassDef = {
    name: 'Schema.SObjectField',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getdescribe':
          return native('Schema.DescribeFieldResult', { object: d.object, field: d.field });
        case 'tostring':
          return d.field;
        default:
          return NOT_HANDLED;
      }
    },
  };
  const fieldDescribeDef: NativeClassDef = {
    name: 'Schema.DescribeFieldResult',
    callInstance(self, method) {
      const d = (self as NativeObject).data;
      const f = svc.schema.field(d.object, d.field)!;
      switch (method.toLowerCase()) {
        case 'getname':
        case 'getlocalname':
          return f.name;
        case 'getlabel':
          return f.label;
        case 'getlength':
          return f.length;
        case 'getprecision':
          return f.precision;
        case 'getscale':
          return f.scale;
        case 'isaccessible':
          return svc.access.canField(svc.currentUserId(), d.object, f.name, 'read', f.custom, f.required);
        case 'iscreateable':
          return (
            f.createable && svc.access.canField(svc.currentUserId(), d.object, f.name, 'edit', f.custom, f.required)
          );
        case 'isupdateable':
          return (
            f.updateable && svc.access.canField(svc.currentUserId(), d.object, f.name, 'edit', f.custom, f.required)
          );
        case 'isnillable':
          return f.nillable;
        case 'isexternalid':
          return f.externalId;
        case 'isunique':
          return f.unique;
        case 'iscasesensitive':
          return f.caseSensitive;
        case 'iscustom':
          return f.custom;
        case 'iscalculated':
          return f.calculated;
        case 'isautonumber':
          return f.autoNumber;
        case 'getrelationshipname':
          return f.relationshipName ?? null;
        case 'getreferenceto':
          return newList(
            rt(),
            'Schema.SObjectType',
            f.referenceTo.map((t) => svc.sobjectTypeToken(t)),
          );
        case 'getsobjectfield':
          return svc.sobjectFieldToken(d.object, f.name);
        // Apex Reference › DescribeFieldResult
        case 'getsoaptype':
          return enumValue('Schema.SOAPType', soapType(f.type), SOAP_TYPES.indexOf(soapType(f.type)));
        case 'isnamefield':
          return f.nameField;
        case 'getinlinehelptext':
          return f.inlineHelpText ?? null;
        case 'isidlookup':
          return f.idLookup;
        case 'ishtmlformatted':
          return f.htmlFormatted;
        case 'isrestrictedpicklist':
          return f.restrictedPicklist;
        case 'iscascadedelete':
          return f.cascadeDelete;
        case 'getdigits':
          return f.digits;
        case 'isdefaultedoncreate':
          return f.defaultValue !== undefined || f.type === 'boolean' || f.name === 'OwnerId';
        case 'getcalculatedformula':
          return f.formula ?? null;
        case 'isfilterable':
        case 'issortable':
          return !['textarea', 'multipicklist', 'address', 'location', 'anytype'].includes(f.type) || f.length <= 255;
        case 'isgroupable':
          return [
            'string',
            'picklist',
            'boolean',
            'reference',
            'id',
            'date',
            'email',
            'phone',
            'url',
            'integer',
          ].includes(f.type);
        case 'ispermissionable':
          return f.custom && !f.required;
        case 'gettype':
          return new EnumValue('Schema.DisplayType', f.type.toUpperCase(), 0);
        case 'getdefaultvalue':
          return null;
        case 'getpicklistvalues':
          return newList(
            rt(),
            'Schema.PicklistEntry',
            f.picklistValues.map((p) => native('Schema.PicklistEntry', p)),
          );
        default:
          return NOT_HANDLED;
      }
    },
  };
  const picklistEntry: NativeClassDef = {
    name: 'Schema.PicklistEntry',
    callInstance(self, method) {
      const p = (self as NativeObject).data;
      switch (method.toLowerCase()) {
        case 'getvalue':
          return p.value;
        case 'getlabel':
          return p.label;
        case 'isactive':
          return p.isActive;
        case 'isdefaultvalue':
          return p.isDefault;
        default:
          return NOT_HANDLED;
      }
    },
  };
  const schemaDef: NativeClassDef = {
    name: 'Schema',
    callStatic(method, args) {
      switch (method.toLowerCase()) {
        case 'getglobaldescribe':
          // Apex Developer Guide › Accessing All sObjects: "The map ... keys are not case sensitive"
          return ciMap(
            typeRef('String'),
            typeRef('Schema.SObjectType'),
            [...svc.schema.objects.values()].map(
              (o) => [o.name.toLowerCase(), svc.sobjectTypeToken(o.name)] as [Value, Value],
            ),
          );
        case 'describesobjects': {
          const names = args[0] instanceof ApexList ? args[0].items : [];
          return newList(
            rt(),
            'Schema.DescribeSObjectResult',
            names.map((n) => describeSObject(svc.schema.require(String(n)).name)),
          );
        }
        default:
          return NOT_HANDLED;
      }
    },
    getStatic(prop) {
      if (prop.toLowerCase() === 'sobjecttype') return native('Schema.SObjectTypeNamespace', {});
      return NOT_HANDLED;
    },
  };
  // Schema.SObjectType.Contact → DescribeSObjectResult
  const sobjectTypeNs: NativeClassDef = {
    name: 'Schema.SObjectTypeNamespace',
    getInstance(_self, prop) {
      const obj = svc.schema.get(prop);
      return obj ? describeSObject(obj.name) : NOT_HANDLED;
    },
  };

  // `Contact.SObjectType`, `Invoice__c.External_Id__c`, `Setting__mdt.getInstance('x')`, ...
  const sobjectStatic: NativeClassDef = {
    name: '__sobjectstatic',
    getStatic(qualified) {
      const dot = qualified.indexOf('.');
      const typeName = qualified.substring(0, dot);
      const prop = qualified.substring(dot + 1);
      const obj = svc.schema.get(typeName);
      if (!obj) return NOT_HANDLED;
      if (prop.toLowerCase() === 'sobjecttype') return svc.sobjectTypeToken(obj.name);
      const f = obj.fields.get(prop.toLowerCase());
      if (f) return svc.sobjectFieldToken(obj.name, f.name);
      return NOT_HANDLED;
    },
    callStatic(qualified, args) {
      const dot = qualified.indexOf('.');
      const typeName = qualified.substring(0, dot);
      const method = qualified.substring(dot + 1).toLowerCase();
      const obj = svc.schema.get(typeName);
      if (!obj) return NOT_HANDLED;
      // Apex Reference › SObjectType: `Account.getSObjectType()` is the type token, like Account.SObjectType
      if (method === 'getsobjecttype' && args.length === 0) return svc.sobjectTypeToken(obj.name);
      if (obj.kind === 'customMetadata') return customMetadataStatic(svc, obj, method, args);
      if (obj.kind === 'customSetting') return customSettingStatic(svc, obj, method, args);
      return NOT_HANDLED;
    },
  };
  return {
    describeSObject,
    sobjectTypeDef,
    describeDef,
    ciMap,
    fieldSetOf,
    fieldSetsOf,
    fieldSetDef,
    fieldSetMemberDef,
    fieldsOf,
    fieldTokenDef,
    fieldDescribeDef,
    picklistEntry,
    schemaDef,
    sobjectTypeNs,
    sobjectStatic,
  };
}
