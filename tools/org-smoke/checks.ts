/**
 * What the package's Lightning pages must show to an admin, checked the same way in a real org (run.ts, the
 * scratch-org CI job) and on the local preview (the `org-smoke-checks` journey of tools/preview/journeys.ts), so
 * the locators the org job relies on are proven on every `npm test` against the real components.
 *
 * Only what both hold is asserted: the package's components by their tags (`c-stripe-*`: a custom component
 * renders as `<namespace>-<kebab-case name>`, LWC Developer Guide, "Component Namespaces"), their titles by the
 * custom labels they show, and that no `{!$Label.…}` reference of a flexipage reaches the page unresolved.
 * Record content is not asserted (a scratch org's sample data and the preview's differ), except that the
 * Contact's billing card lists a subscription.
 */
import type { Locator, Page } from 'playwright-core';
import { PACKAGE_LABELS_FILE, labelValues } from '../labels/custom-labels';

/** The records the pages are opened on: a Contact with a subscription, and that subscription. */
export interface SmokeRecords {
  contactId: string;
  subscriptionId: string;
}

/** One page of the smoke: where it is, and what must be shown. */
export interface PageCheck {
  id: string;
  path: (records: SmokeRecords) => string;
  check: (page: Page, label: (name: string) => string, timeoutMs: number) => Promise<void>;
}

/** A label's value as the platform serves it to `@salesforce/label/c.<name>`; throws for a label the package lacks. */
export function labelReader(file: string = PACKAGE_LABELS_FILE): (name: string) => string {
  const values = labelValues(file);
  return (name) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`org-smoke: no custom label ${name} in ${file}`);
    return value;
  };
}

async function shows(scope: Locator, text: string, timeoutMs: number): Promise<void> {
  await scope
    .getByText(text, { exact: false })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs })
    .catch(() => {
      throw new Error(`"${text}" is not shown in ${scope.toString()}`);
    });
}

async function noUnresolvedLabel(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  const raw = /\{!\$Label\.[A-Za-z0-9_]+\}/.exec(text);
  if (raw) throw new Error(`the page shows the unresolved reference ${raw[0]}`);
}

export const PAGE_CHECKS: PageCheck[] = [
  {
    id: 'contact',
    path: ({ contactId }) => `/lightning/r/Contact/${contactId}/view`,
    async check(page, label, timeoutMs) {
      await shows(page.locator('c-stripe-customer'), label('Stripe_Customer_Title'), timeoutMs);
      await shows(page.locator('c-stripe-checkout-link'), label('Stripe_Checkout_Title'), timeoutMs);
      const billing = page.locator('c-stripe-billing-history');
      await shows(billing, label('Stripe_Billing_Title'), timeoutMs);
      await billing
        .locator('c-stripe-subscription-actions')
        .first()
        .waitFor({ state: 'attached', timeout: timeoutMs })
        .catch(() => {
          throw new Error('the billing card lists no subscription (no c-stripe-subscription-actions row menu)');
        });
      // The tab titled by {!$Label.Stripe_Page_StripeTab} holds the payments card.
      await page
        .getByRole('tab', { name: label('Stripe_Page_StripeTab'), exact: true })
        .first()
        .click({ timeout: timeoutMs });
      await shows(page.locator('c-stripe-payments'), label('Stripe_Payments_Title'), timeoutMs);
      await noUnresolvedLabel(page);
    },
  },
  {
    id: 'subscription',
    path: ({ subscriptionId }) => `/lightning/r/Stripe_Subscription__c/${subscriptionId}/view`,
    async check(page, _label, timeoutMs) {
      // The quick action Stripe_Subscription__c.Cancel_Subscription in the page's header (a button in Lightning
      // Experience's highlights panel, a link in the preview's).
      const name = 'Cancel Subscription';
      await page
        .getByRole('button', { name, exact: true })
        .or(page.getByRole('link', { name, exact: true }))
        .first()
        .waitFor({ state: 'visible', timeout: timeoutMs })
        .catch(() => {
          throw new Error(`the subscription page has no "${name}" action`);
        });
      await noUnresolvedLabel(page);
    },
  },
  {
    id: 'admin',
    path: () => '/lightning/n/Stripe_Admin_Setup',
    async check(page, label, timeoutMs) {
      const checklist = page.locator('c-stripe-setup-checklist');
      await shows(checklist, label('Stripe_Setup_Title'), timeoutMs);
      await checklist
        .getByRole('button', { name: label('Stripe_Setup_ConnectionCheck'), exact: true })
        .first()
        .waitFor({ state: 'visible', timeout: timeoutMs })
        .catch(() => {
          throw new Error(`the checklist has no "${label('Stripe_Setup_ConnectionCheck')}" button`);
        });
      await noUnresolvedLabel(page);
    },
  },
];

/**
 * Opens each page at `origin` + its path and runs its check; `shoot` saves a screenshot after each (or on failure,
 * with `-failed`). Returns one problem line per failed page (empty: all passed).
 */
export async function runPageChecks(
  page: Page,
  origin: string,
  records: SmokeRecords,
  options: { timeoutMs: number; shoot: (name: string) => Promise<void>; label?: (name: string) => string },
): Promise<string[]> {
  const label = options.label ?? labelReader();
  const problems: string[] = [];
  for (const pageCheck of PAGE_CHECKS) {
    try {
      await page.goto(origin + pageCheck.path(records), { waitUntil: 'load', timeout: options.timeoutMs });
      await pageCheck.check(page, label, options.timeoutMs);
      await options.shoot(pageCheck.id);
    } catch (error) {
      problems.push(`${pageCheck.id}: ${(error as Error).message.split('\n')[0]}`);
      await options.shoot(`${pageCheck.id}-failed`).catch(() => undefined);
    }
  }
  return problems;
}
