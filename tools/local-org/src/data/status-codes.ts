/**
 * `System.StatusCode` values of DML errors: one EnumValue per code, shared with the interpreter's per-transaction
 * cache (DmlException.getDmlType) so `==` holds.
 */
import type { EnumValue } from '../interpreter/values.js';
import { enumValue } from './helpers.js';

// --------------------------------------------------------------------------------------------------------------------
// Native classes: Database, Schema, custom metadata/settings statics, EventBus

let statusCodeState: () => Record<string, any> | null = () => null;
/** Where the interpreter keeps its per-transaction cache (set when the data natives are built). */
export function setStatusCodeState(state: () => Record<string, any> | null): void {
  statusCodeState = state;
}
/** StatusCode values; shared with the interpreter's per-transaction cache (DmlException.getDmlType) so == holds. */
export function statusCode(code: string): EnumValue {
  const state = statusCodeState();
  const key = 'System.StatusCode.' + code;
  if (state) return (state[key] ??= enumValue('System.StatusCode', code, STATUS_CODES.indexOf(code)));
  return enumValue('System.StatusCode', code, STATUS_CODES.indexOf(code));
}

export const STATUS_CODES = [
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'DELETE_FAILED',
  'DUPLICATE_EXTERNAL_ID',
  'DUPLICATE_VALUE',
  'ENTITY_IS_DELETED',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_TYPE',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'MISSING_ARGUMENT',
  'MIXED_DML_OPERATION',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'REQUIRED_FIELD_MISSING',
  'STRING_TOO_LONG',
  'UNABLE_TO_LOCK_ROW',
  'UNDELETE_FAILED',
  'UNKNOWN_EXCEPTION',
];
