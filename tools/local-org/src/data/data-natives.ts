/**
 * The data layer's built-in classes, in registration order (LocalDataServices.attach registers them over the
 * interpreter's): context, Database, Schema and EventBus natives (context-, database-, schema-, eventbus-natives.ts),
 * invocable actions, formula evaluation, Platform Cache, security.
 */
import { NOT_HANDLED, type NativeClassDef } from '../interpreter/services.js';
import { enumValue, newList } from './helpers.js';
import { databaseNatives } from './database-natives.js';
import { schemaNatives, SOAP_TYPES } from './schema-natives.js';
import { eventBusNatives } from './eventbus-natives.js';
import { contextNatives } from './context-natives.js';
import { invocableNatives } from './invocable.js';
import { formulaEvalNatives } from './formula-eval.js';
import { platformCacheNatives } from './platform-cache.js';
import { securityNatives } from './security.js';
import type { DataHost } from './data-host.js';
import { STATUS_CODES, setStatusCodeState } from './status-codes.js';

export function buildNatives(svc: DataHost): NativeClassDef[] {
  const rt = () => svc.rt;
  const { resultDef, database, dbError, queryLocator, qlIterator, dmlOptions } = databaseNatives(svc);
  const {
    sobjectTypeDef,
    describeDef,
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
  } = schemaNatives(svc);
  const { eventBus, changeEventHeader, publishResult, testBroker } = eventBusNatives(svc);
  const { triggerDef, featureManagement, systemDef, enumNative, userInfo, limitsDef } = contextNatives(svc);
  setStatusCodeState(() => (rt() as any)?.state ?? null);

  return [
    limitsDef,
    userInfo,
    enumNative('AccessLevel', ['USER_MODE', 'SYSTEM_MODE']),
    enumNative('StatusCode', STATUS_CODES),
    enumNative('TriggerOperation', [
      'BEFORE_INSERT',
      'BEFORE_UPDATE',
      'BEFORE_DELETE',
      'AFTER_INSERT',
      'AFTER_UPDATE',
      'AFTER_DELETE',
      'AFTER_UNDELETE',
    ]),
    enumNative('ParentJobResult', ['SUCCESS', 'UNHANDLED_EXCEPTION']),
    // Apex Reference, "SObjectDescribeOptions Enum": FULL, DEFAULT, DEFERRED (describe laziness; same result here)
    enumNative('SObjectDescribeOptions', ['DEFAULT', 'DEFERRED', 'FULL']),
    systemDef,
    triggerDef,
    featureManagement,
    database,
    resultDef('Database.SaveResult'),
    resultDef('Database.UpsertResult'),
    resultDef('Database.DeleteResult'),
    resultDef('Database.UndeleteResult'),
    dbError,
    queryLocator,
    qlIterator,
    dmlOptions,
    { name: 'System.Savepoint' },
    { name: 'Savepoint' },
    schemaDef,
    sobjectTypeNs,
    sobjectTypeDef,
    describeDef,
    fieldsOf,
    fieldSetsOf,
    fieldSetDef,
    fieldSetMemberDef,
    fieldTokenDef,
    fieldDescribeDef,
    picklistEntry,
    sobjectStatic,
    eventBus,
    changeEventHeader,
    publishResult('EventBus.SuccessResult'),
    publishResult('EventBus.FailureResult'),
    { name: 'EventBus.EventPublishSuccessCallback', isInterface: true },
    { name: 'EventBus.EventPublishFailureCallback', isInterface: true },
    testBroker,
    ...invocableNatives(svc.projectDir, rt),
    ...formulaEvalNatives(rt, () => svc.now()),
    ...platformCacheNatives(svc.projectDir, rt),
    enumNative('AccessType', ['CREATABLE', 'READABLE', 'UPDATABLE', 'UPSERTABLE']),
    {
      name: 'Schema.SOAPType',
      getStatic: (prop: string) => {
        const i = SOAP_TYPES.indexOf(prop.toUpperCase());
        return i < 0 ? NOT_HANDLED : enumValue('Schema.SOAPType', SOAP_TYPES[i]!, i);
      },
      callStatic: (m: string) =>
        m.toLowerCase() === 'values'
          ? newList(
              rt(),
              'Schema.SOAPType',
              SOAP_TYPES.map((n, i) => enumValue('Schema.SOAPType', n, i)),
            )
          : NOT_HANDLED,
    },
    ...securityNatives({ rt, schema: svc.schema, access: svc.access, userId: () => svc.currentUserId() }),
  ];
}
