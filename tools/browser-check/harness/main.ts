/**
 * The page's entry point: mounts the scenario's component with `createElement`, as the platform
 * would, and records toasts and action events for run.ts. Synthetic shadow comes first: the
 * platform runs base components under it, and SLDS's global styles reach into them only with it.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import StripeBillingHistory from 'c/stripeBillingHistory';
import StripeWebhookEventReplay from 'c/stripeWebhookEventReplay';
import StripeCheckoutLink from 'c/stripeCheckoutLink';
import StripeCancelSubscription from 'c/stripeCancelSubscription';
import StripeCheckoutLinkAction from 'c/stripeCheckoutLinkAction';
import StripePayments from 'c/stripePayments';
import StripeCustomer from 'c/stripeCustomer';
import StripeSetupChecklist from 'c/stripeSetupChecklist';
import StripeChangeSubscription from 'c/stripeChangeSubscription';
import { pageLog, scenario } from '../../platform-stubs/backend/scenario';
import { mountPreview } from './preview';

const COMPONENTS: Record<string, unknown> = {
  'c-stripe-billing-history': StripeBillingHistory,
  'c-stripe-webhook-event-replay': StripeWebhookEventReplay,
  'c-stripe-checkout-link': StripeCheckoutLink,
  'c-stripe-cancel-subscription': StripeCancelSubscription,
  'c-stripe-checkout-link-action': StripeCheckoutLinkAction,
  'c-stripe-payments': StripePayments,
  'c-stripe-customer': StripeCustomer,
  'c-stripe-setup-checklist': StripeSetupChecklist,
  'c-stripe-change-subscription': StripeChangeSubscription,
};

const log = pageLog();
document.addEventListener('lightning__showtoast', (event) => {
  log.toasts.push((event as CustomEvent<unknown>).detail);
});
document.addEventListener('lightning__actionsclosescreen', () => {
  log.events.push('close action screen');
});

if (window.__preview) {
  // The local preview (tools/preview/server.ts): the page's layout says where each component goes.
  mountPreview(COMPONENTS);
} else {
  const config = scenario();
  const ctor = config && COMPONENTS[config.component];
  const root = document.getElementById('root');
  if (config === undefined || ctor === undefined || root === null) {
    throw new Error(`browser-check: unknown component "${config?.component ?? '(no scenario)'}"`);
  }
  const element = createElement(config.component, { is: ctor as Parameters<typeof createElement>[1]['is'] });
  Object.assign(element, config.props);
  root.appendChild(element);
}
log.mounted = true;
