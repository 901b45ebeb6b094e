// Components bundled by build.ts from force-app (namespace c); typed loosely for the harness.
declare module 'c/stripeBillingHistory' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module 'c/stripeWebhookEventReplay' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module 'c/stripeCheckoutLink' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module 'c/stripeCancelSubscription' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module 'c/stripeCheckoutLinkAction' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module 'c/stripePayments' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module 'c/stripeCustomer' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module 'c/stripeSetupChecklist' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
declare module '@lwc/synthetic-shadow';
declare module 'c/stripeChangeSubscription' {
  import type { LightningElement } from 'lwc';
  const component: typeof LightningElement;
  export default component;
}
