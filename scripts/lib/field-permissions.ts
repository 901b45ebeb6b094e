/**
 * Field permissions the platform does not accept. A permission set deploy fails (or the CLI drops the entry)
 * for fields that are not permissionable: name fields and their compound parts (Contact/Lead `FirstName`,
 * `LastName`, `Name`, ...; every object's `Name`), fields required on the object (custom fields with
 * `<required>true</required>`, master-detail fields, and standard required fields such as
 * `Opportunity.StageName`), and system fields (`Id`, `CreatedDate`, `OwnerId`, ...). Formula, roll-up summary
 * and auto-number fields are permissionable for read only: `editable` must be false.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { packageDirectories } from './project';

/** Standard fields that cannot appear in fieldPermissions (always visible, or controlled by the object). */
const NOT_PERMISSIONABLE_STANDARD = new Set(
  [
    'Contact.FirstName',
    'Contact.LastName',
    'Contact.MiddleName',
    'Contact.Suffix',
    'Contact.Salutation',
    'Lead.FirstName',
    'Lead.LastName',
    'Lead.MiddleName',
    'Lead.Suffix',
    'Lead.Salutation',
    'Lead.Company',
    'Lead.Status',
    'Opportunity.StageName',
    'Opportunity.CloseDate',
    'Case.Status',
    'Task.Subject',
    'Task.Status',
    'Task.Priority',
    'Event.Subject',
  ].map((name) => name.toLowerCase()),
);

/** System fields of every object. */
const SYSTEM_FIELDS = new Set(
  [
    'Id',
    'Name',
    'OwnerId',
    'CreatedById',
    'CreatedDate',
    'LastModifiedById',
    'LastModifiedDate',
    'SystemModstamp',
    'IsDeleted',
    'LastActivityDate',
    'LastViewedDate',
    'LastReferencedDate',
    'RecordTypeId',
    'CurrencyIsoCode',
  ].map((name) => name.toLowerCase()),
);

interface FieldMeta {
  required?: boolean | string;
  type?: string;
  formula?: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Problems of every permission set in the project's package directories, as `file: message`. */
export function fieldPermissionProblems(projectDir: string): string[] {
  const parser = new XMLParser({ isArray: (name) => name === 'fieldPermissions' });
  const files = packageDirectories(projectDir).flatMap(listFiles);
  const fieldFile = (object: string, field: string) =>
    files.find((file) => file.endsWith(path.join('objects', object, 'fields', `${field}.field-meta.xml`)));
  const problems: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.permissionset-meta.xml'))) {
    const parsed = parser.parse(readFileSync(file, 'utf8')) as {
      PermissionSet?: { fieldPermissions?: Array<{ field: string; editable: boolean | string }> };
    };
    for (const permission of parsed.PermissionSet?.fieldPermissions ?? []) {
      const [object, field] = String(permission.field).split('.');
      const where = `${path.relative(projectDir, file)}: ${permission.field}`;
      if (!field) {
        problems.push(`${where}: not Object.Field`);
        continue;
      }
      if (NOT_PERMISSIONABLE_STANDARD.has(permission.field.toLowerCase()) || SYSTEM_FIELDS.has(field.toLowerCase())) {
        problems.push(`${where}: not permissionable (name, required or system field): remove it`);
        continue;
      }
      const source = fieldFile(object, field);
      if (!source || !existsSync(source)) continue; // standard fields not listed above are permissionable
      const meta = (parser.parse(readFileSync(source, 'utf8')) as { CustomField?: FieldMeta }).CustomField ?? {};
      if (String(meta.required) === 'true' || meta.type === 'MasterDetail') {
        problems.push(`${where}: required on the object, so not permissionable: remove it`);
      } else if (
        (meta.formula !== undefined || meta.type === 'Summary' || meta.type === 'AutoNumber') &&
        String(permission.editable) === 'true'
      ) {
        problems.push(`${where}: read-only field (formula, roll-up or auto number) cannot be editable`);
      }
    }
  }
  return problems;
}
