/**
 * Inbound email classes (Apex Reference › Messaging.InboundEmail, InboundEnvelope, InboundEmailResult,
 * InboundEmail.BinaryAttachment / TextAttachment / Header; Apex Developer Guide › Using the InboundEmail Object):
 * plain property bags a test builds to call its Messaging.InboundEmailHandler. List properties start null like on
 * the platform; `new Messaging.InboundEmailResult()` starts with success false.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED, type NativeClassDef } from './services.js';
import { NativeObject, type Value } from './values.js';

const BAGS: Record<string, Record<string, Value>> = {
  'Messaging.InboundEmail': {},
  'Messaging.InboundEnvelope': {},
  'Messaging.InboundEmailResult': { success: false },
  'Messaging.InboundEmail.BinaryAttachment': {},
  'Messaging.InboundEmail.TextAttachment': {},
  'Messaging.InboundEmail.Header': {},
};

export function installInboundEmail(interp: Interpreter): void {
  for (const [name, defaults] of Object.entries(BAGS)) {
    const def: NativeClassDef = {
      name,
      construct: () => new NativeObject(name, { props: new Map<string, Value>(Object.entries(defaults)) }),
      getInstance(self, prop) {
        const props = (self as NativeObject).data?.props as Map<string, Value> | undefined;
        if (!props) return NOT_HANDLED;
        return props.get(prop.toLowerCase()) ?? null;
      },
      setInstance(self, prop, value) {
        const props = (self as NativeObject).data?.props as Map<string, Value> | undefined;
        if (!props) return false;
        props.set(prop.toLowerCase(), value);
        return true;
      },
      callInstance(self, method) {
        if (method.toLowerCase() !== 'tostring') return NOT_HANDLED;
        const props = (self as NativeObject).data?.props as Map<string, Value>;
        return `${name}:[${[...props].map(([k, v]) => `${k}=${interp.toApexString(v)}`).join(', ')}]`;
      },
    };
    interp.registerNative(def);
  }
  interp.registerNative({ name: 'Messaging.InboundEmailHandler', isInterface: true });
}
