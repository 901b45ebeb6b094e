/**
 * ConnectApi (Apex Reference › ConnectApi Namespace), as far as a local runtime can go.
 *
 * - Input and output classes are plain property bags: `new ConnectApi.NamedCredentialInput()`, read and write any
 *   documented property; an unset property reads null. Tests build them to feed stubs (Test.createStub).
 * - Enums used by those classes have their documented values.
 * - Static methods (ConnectApi.ChatterUsers.getFollowings, ConnectApi.NamedCredentials.createNamedCredential, ...)
 *   talk to the org's Connect REST API. In a test, the platform throws
 *   `System.UnsupportedOperationException` for them unless the test uses SeeAllData=true (Apex Developer Guide ›
 *   Testing ConnectApi Code: "ConnectApi methods are not supported in data siloed tests"); the local runner has no
 *   org data to see, so every test gets that exception. Outside tests they are `unsupported`.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED, type NativeClassDef } from './services.js';
import { ApexList, EnumValue, NativeObject, typeRef, type Value } from './values.js';

/** Data (input/output) classes known to the runtime. */
const DATA_CLASSES = [
  'NamedCredential',
  'NamedCredentialInput',
  'NamedCredentialCalloutOptions',
  'NamedCredentialCalloutOptionsInput',
  'NamedCredentialParameter',
  'NamedCredentialParameterInput',
  'ExternalCredential',
  'ExternalCredentialInput',
  'ExternalCredentialPrincipal',
  'ExternalCredentialPrincipalInput',
  'ExternalCredentialParameter',
  'ExternalCredentialParameterInput',
  'ExternalCredentialList',
  'NamedCredentialList',
  'CredentialValueInput',
  'FeedItemInput',
  'MessageBodyInput',
  'TextSegmentInput',
  'MentionSegmentInput',
  'FeedElement',
  'FeedItem',
  'FeedElementPage',
  'UserDetail',
  'UserSummary',
  'FollowingPage',
  'Subscription',
];

/** Enums with their documented values (Apex Reference › ConnectApi Enums). */
const ENUMS: Record<string, string[]> = {
  NamedCredentialType: ['PrivateEndpoint', 'SecuredEndpoint'],
  CredentialAuthenticationProtocol: ['AwsSv4', 'Basic', 'Custom', 'Jwt', 'JwtExchange', 'Oauth', 'NoAuthentication'],
  CredentialPrincipalType: ['AwsStsPrincipal', 'NamedPrincipal', 'PerUserPrincipal'],
  FeedElementCapabilityType: ['Associations', 'Bookmarks', 'Comments', 'Topics'],
  FeedType: ['Bookmarks', 'Company', 'Files', 'Groups', 'Home', 'News', 'People', 'Record', 'To', 'Topics'],
  FeedElementType: ['Bundle', 'FeedItem', 'Recommendation'],
};

/** Classes whose static methods call the org's Connect REST API. */
const API_CLASSES = [
  'ChatterUsers',
  'ChatterFeeds',
  'ChatterGroups',
  'ChatterMessages',
  'Communities',
  'NamedCredentials',
  'RecordUi',
  'Recommendations',
  'Topics',
  'UserProfiles',
  'Knowledge',
  'ManagedContent',
];

export function installConnectApi(interp: Interpreter): void {
  for (const c of DATA_CLASSES) {
    const name = `ConnectApi.${c}`;
    const def: NativeClassDef = {
      name,
      construct: () => new NativeObject(name, { props: new Map<string, Value>() }),
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
    };
    interp.registerNative(def);
  }
  for (const [e, names] of Object.entries(ENUMS)) {
    const type = `ConnectApi.${e}`;
    const values = names.map((n, i) => new EnumValue(type, n, i));
    interp.registerNative({
      name: type,
      getStatic: (p) => values.find((v) => v.name.toLowerCase() === p.toLowerCase()) ?? NOT_HANDLED,
      callStatic: (m) => (m === 'values' ? new ApexList(typeRef(type), [...values]) : NOT_HANDLED),
    });
  }
  for (const c of API_CLASSES) {
    interp.registerNative({
      name: `ConnectApi.${c}`,
      callStatic(method) {
        if (interp.isRunningTest && !interp.state.seeAllData)
          interp.throwApex(
            'System.UnsupportedOperationException',
            'ConnectApi methods are not supported in data siloed tests. Please use @IsTest(SeeAllData=true).',
          );
        return interp.unsupported(
          `ConnectApi.${c}.${method} (the Connect REST API of an org${interp.isRunningTest ? ', SeeAllData=true' : ''})`,
        );
      },
    });
  }
}
