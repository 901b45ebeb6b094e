/**
 * EventBus natives: `EventBus.publish`, change event headers, publish results and callbacks, `Test.getEventBus()`.
 */
import { NativeObject, typeRef } from '../interpreter/values.js';
import { NOT_HANDLED, type NativeClassDef } from '../interpreter/services.js';
import { native, newList, newMap } from './helpers.js';
import type { DataHost } from './data-host.js';

export function eventBusNatives(svc: DataHost) {
  const rt = () => svc.rt;

  const eventBus: NativeClassDef = {
    name: 'EventBus',
    callStatic(method, args) {
      if (method.toLowerCase() === 'publish') return svc.async.publish(args[0] ?? null, args[1] ?? null);
      if (method.toLowerCase() === 'getoperationid') {
        const sr = args[0];
        if (!(sr instanceof NativeObject)) return null;
        const op = (sr.data.errors ?? []).find((e: any) => e.statusCode === 'OPERATION_ENQUEUED');
        return op ? op.message : null;
      }
      return NOT_HANDLED;
    },
  };
  // Apex Reference › EventBus.ChangeEventHeader Class: the header of a change event, its properties read/write.
  const CHANGE_HEADER_PROPS = [
    'entityName',
    'recordIds',
    'changeType',
    'changeOrigin',
    'transactionKey',
    'sequenceNumber',
    'commitTimestamp',
    'commitUser',
    'commitNumber',
    'nulledFields',
    'diffFields',
    'changedFields',
  ];
  const headerProp = (prop: string) => CHANGE_HEADER_PROPS.find((p) => p.toLowerCase() === prop.toLowerCase());
  const changeEventHeader: NativeClassDef = {
    name: 'EventBus.ChangeEventHeader',
    construct: () => native('EventBus.ChangeEventHeader', {}),
    getInstance(self, prop) {
      const p = headerProp(prop);
      return p ? ((self as NativeObject).data[p] ?? null) : NOT_HANDLED;
    },
    setInstance(self, prop, value) {
      const p = headerProp(prop);
      if (!p) return false;
      (self as NativeObject).data[p] = value;
      return true;
    },
    callInstance(self, method, args) {
      const m = method.toLowerCase();
      const p = m.startsWith('get')
        ? headerProp(method.slice(3))
        : m.startsWith('set')
          ? headerProp(method.slice(3))
          : undefined;
      if (p && m.startsWith('get') && args.length === 0) return (self as NativeObject).data[p] ?? null;
      if (p && m.startsWith('set') && args.length === 1) {
        (self as NativeObject).data[p] = args[0] ?? null;
        return null;
      }
      if (m === '__json')
        return newMap(
          rt(),
          typeRef('String'),
          typeRef('Object'),
          CHANGE_HEADER_PROPS.map((k) => [k, (self as NativeObject).data[k] ?? null]),
        );
      return NOT_HANDLED;
    },
  };
  const publishResult = (name: string): NativeClassDef => ({
    name,
    callInstance(self, method) {
      if (method.toLowerCase() === 'geteventuuids')
        return newList(rt(), 'String', [...(self as NativeObject).data.uuids]);
      return NOT_HANDLED;
    },
  });
  const testBroker: NativeClassDef = {
    name: 'EventBus.TestBroker',
    callInstance(_self, method) {
      const m = method.toLowerCase();
      if (m === 'deliver') {
        svc.async.deliverEvents({ file: '', line: 0 }, true);
        return null;
      }
      if (m === 'fail') {
        svc.async.failEvents();
        return null;
      }
      return NOT_HANDLED;
    },
  };
  return { eventBus, CHANGE_HEADER_PROPS, headerProp, changeEventHeader, publishResult, testBroker };
}
