/**
 * The user journeys the browser tests walk through the local preview (server.ts): the package's real
 * components and Apex in a local org, Stripe's part played by the local Stripe. Each `step` saves a screenshot
 * at desktop and phone width (run-journeys.ts; with `--docs` into docs/images/, where the user guides show them).
 *
 * A journey is a list of what a user does and sees; adding one is a few lines with the helpers of `Trip`.
 */
import type { Page } from 'playwright-core';
import { runPageChecks } from '../org-smoke/checks';
import type { Preview, UserKey } from './server';

export interface Journey {
  id: string;
  title: string;
  run(trip: Trip): Promise<void>;
}

/** How long a component may take to show what the server answered (a loaded 2-core machine). */
const TIMEOUT_MS = 15_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Case-sensitive; a space also matches the no-break space Intl puts in amounts and dates. */
const pattern = (text: string): RegExp => new RegExp(escapeRegExp(text).replace(/ /g, '\\s'));

export class Trip {
  private steps = 0;

  constructor(
    readonly page: Page,
    readonly preview: Preview,
    private readonly shoot: (name: string) => Promise<void>,
  ) {}

  /** Opens a page of the preview as one of the sample users. */
  async open(pathname: string, user: UserKey): Promise<void> {
    const url = new URL(pathname.replace(/^\//, ''), this.preview.url);
    url.searchParams.set('as', user);
    await this.page.goto(url.toString());
  }

  /** Waits until `text` is visible (inside a component's shadow tree too). */
  async see(text: string, within?: string): Promise<void> {
    const scope = within ? this.page.locator(within) : this.page;
    await scope
      .getByText(pattern(text))
      .first()
      .waitFor({ state: 'visible', timeout: TIMEOUT_MS })
      .catch(() => {
        throw new Error(`"${text}" is not shown${within ? ` in ${within}` : ''}`);
      });
  }

  async click(name: string, role: 'button' | 'link' = 'button'): Promise<void> {
    await this.page.getByRole(role, { name, exact: true }).first().click({ timeout: TIMEOUT_MS });
  }

  /** Clicks, then waits for the page the click leads to (a form post, a quick action closing). */
  async clickThrough(name: string): Promise<void> {
    // A form post answered with a redirect to the same page reloads it: wait for the next page load.
    const loaded = this.page.waitForEvent('load', { timeout: TIMEOUT_MS });
    await this.click(name);
    await loaded;
  }

  /** Waits until the field labelled `label` holds a value matching `value`. */
  async seeValue(label: string, value: RegExp): Promise<void> {
    const field = this.page.getByLabel(label, { exact: true }).first();
    const deadline = Date.now() + TIMEOUT_MS;
    let actual = '';
    while (Date.now() < deadline) {
      actual = await field.inputValue({ timeout: TIMEOUT_MS }).catch(() => '');
      if (value.test(actual)) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`"${label}" holds "${actual}", expected ${String(value)}`);
  }

  /** Waits until `text` is no longer shown (a pending cancellation undone). */
  async notSee(text: string, within?: string): Promise<void> {
    const scope = within ? this.page.locator(within) : this.page;
    await scope
      .getByText(pattern(text))
      .first()
      .waitFor({ state: 'hidden', timeout: TIMEOUT_MS })
      .catch(() => {
        throw new Error(`"${text}" is still shown${within ? ` in ${within}` : ''}`);
      });
  }

  /** Checks that no button named `name` is shown inside `within` (a button the user has no permission for). */
  async noButton(name: string, within: string): Promise<void> {
    const count = await this.page.locator(within).getByRole('button', { name, exact: true }).count();
    if (count > 0) throw new Error(`the button "${name}" is shown in ${within}`);
  }

  /**
   * Opens the row menu named `menu` (a `lightning-button-menu`: "Actions for <plan>") inside `within` and chooses
   * `item`. Subscription rows (`c-stripe-subscription-actions`) and payment rows (`c-stripe-payment-actions`) both
   * name their menus "Actions for …", so a journey says whose menu it opens.
   */
  async menu(menu: string | RegExp, item: string, within: string): Promise<void> {
    await this.page.locator(within).getByRole('button', { name: menu }).first().click({ timeout: TIMEOUT_MS });
    await this.page.getByRole('menuitem', { name: item, exact: true }).first().click({ timeout: TIMEOUT_MS });
  }

  /** Fills the field labelled `label` (a pattern for a label with more in it: a required field's "*"). */
  async fill(label: string | RegExp, value: string, within?: string): Promise<void> {
    const scope = within ? this.page.locator(within) : this.page;
    await scope.getByLabel(label, { exact: typeof label === 'string' }).fill(value, { timeout: TIMEOUT_MS });
  }

  async choose(combobox: string, option: string | RegExp): Promise<void> {
    await this.page.getByRole('combobox', { name: combobox }).click({ timeout: TIMEOUT_MS });
    const choice = this.page.getByRole('option', { name: option }).first();
    await choice.waitFor({ state: 'visible', timeout: TIMEOUT_MS }).catch(async () => {
      const options = await this.page.getByRole('option').allInnerTexts();
      throw new Error(`the "${combobox}" list has no option ${String(option)} (options: ${options.join(' | ')})`);
    });
    await choice.click({ timeout: TIMEOUT_MS });
  }

  async pick(radio: string): Promise<void> {
    await this.page.getByRole('radio', { name: pattern(radio) }).check({ timeout: TIMEOUT_MS });
  }

  /** A screenshot of this step (numbered in order), at each width. */
  async step(name: string): Promise<void> {
    this.steps += 1;
    await this.page
      .locator('lightning-spinner')
      .first()
      .waitFor({ state: 'detached', timeout: TIMEOUT_MS })
      .catch(() => undefined);
    await this.shoot(`${this.steps}-${name}`);
  }

  /** Switches the page's user as the preview's "Viewing as" menu does (an admin's "Log in as" in Salesforce). */
  async switchUser(user: UserKey): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: TIMEOUT_MS });
    await this.page.getByLabel('Viewing as').selectOption(user, { timeout: TIMEOUT_MS });
    await loaded;
  }

  /** Waits until the toasts shown have gone (they close by themselves after a few seconds). */
  async toastsGone(): Promise<void> {
    await this.page
      .locator('#preview-toasts > *')
      .first()
      .waitFor({ state: 'detached', timeout: TIMEOUT_MS })
      .catch(() => undefined);
  }

  /** Scrolls the first element matching `selector` (inside components too) into view. */
  async scrollTo(selector: string): Promise<void> {
    await this.page.locator(selector).first().scrollIntoViewIfNeeded({ timeout: TIMEOUT_MS });
  }

  /** Selects every row of the data table inside `within` (its "Select all" checkbox). */
  async selectAllRows(within: string): Promise<void> {
    await this.page
      .locator(within)
      .locator('lightning-datatable thead input[type="checkbox"]')
      .first()
      .check({ force: true, timeout: TIMEOUT_MS });
  }

  /** Waits until every line of the checklist in `within` is green (`data-ok="true"`). */
  async allGreen(within: string): Promise<void> {
    const lines = this.page.locator(within).locator('li[data-ok]');
    const deadline = Date.now() + TIMEOUT_MS;
    let red: string[] = [];
    while (Date.now() < deadline) {
      red = await lines.evaluateAll((items) =>
        items.filter((item) => item.getAttribute('data-ok') !== 'true').map((item) => item.textContent?.trim() ?? ''),
      );
      if (red.length === 0 && (await lines.count()) > 0) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`checklist lines not green: ${red.join(' | ')}`);
  }

  /** A customer of this journey: a Contact a rep created, synced to Stripe (as the onboarding journey shows). */
  newContact(firstName: string, lastName: string): string {
    const org = this.preview.org;
    const debug = org.services.withUser(this.preview.users.rep, () =>
      org.runAnonymous(
        `Contact c = new Contact(FirstName = '${firstName}', LastName = '${lastName}', Email = '${firstName.toLowerCase()}@example.com',
          AccountId = [SELECT Id FROM Account WHERE Name = 'Rosen Labs'].Id); insert c; System.debug('id=' + c.Id);`,
      ),
    );
    this.preview.settle();
    const id = /\|id=(\w+)$/.exec(debug.debug.find((line) => line.includes('|id=')) ?? '')?.[1];
    if (!id) throw new Error(`the Contact was not created: ${debug.error}`);
    return id;
  }

  /** A payment link a rep created for the Contact, through the controllers a rep's page calls; the record's id. */
  checkoutLink(contactId: string): string {
    const { org, users } = this.preview;
    const [price] = org.query('SELECT Id FROM Stripe_Price__c LIMIT 1');
    const call = (method: string, params: Record<string, unknown>): unknown => {
      const answer = org.callAura(method, params, { userId: users.rep });
      if (answer.error) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
      return answer.data;
    };
    const recordId = String(
      call('StripeCheckoutController.prepareCheckout', { contactId, priceId: price.Id, quantity: 1 }),
    );
    call('StripeCheckoutController.createCheckoutSession', { subscriptionRecordId: recordId });
    this.preview.settle();
    return recordId;
  }

  /** The customer pays the record's payment link; Stripe's events are delivered. */
  customerPays(recordId: string): void {
    const { stripe } = this.preview;
    const session = stripe?.sessions().find((s) => s.recordId === recordId);
    if (!session) throw new Error('no Checkout Session was created');
    stripe!.pay(session.id);
    this.preview.settle();
  }

  /** The record's renewal is declined while Stripe's API answers every request with an error. */
  renewalDeclinedDuringOutage(recordId: string): void {
    const stripe = this.preview.stripe!;
    const session = stripe.sessions().find((s) => s.recordId === recordId);
    if (!session) throw new Error('no Checkout Session was created');
    stripe.setOutage(true);
    try {
      stripe.failRenewal(session.id);
      this.preview.settle();
    } finally {
      stripe.setOutage(false);
    }
  }

  /** A subscription the customer paid (the onboarding journey's outcome), through the controllers a rep's page calls. */
  paidSubscription(contactId: string): string {
    const recordId = this.checkoutLink(contactId);
    this.customerPays(recordId);
    return recordId;
  }
}

/** The fixtures' price (tools/stripe-fixtures/objects/price.json: 2000 usd a month), as the price picker labels it. */
const PRICE = /20\.00 \/ month/;

export const JOURNEYS: Journey[] = [
  {
    id: 'onboarding',
    title: 'a rep creates a Contact, it syncs, the rep sends a payment link, the customer pays',
    async run(trip) {
      await trip.open('/lightning/o/Contact/new', 'rep');
      await trip.fill('First Name', 'Ada');
      await trip.fill('Last Name', 'Lovelace');
      await trip.fill('Email', 'ada@example.com');
      await trip.step('new-contact');
      await trip.clickThrough('Save');
      await trip.see('Synced', 'c-stripe-customer');
      await trip.see('cus_', 'c-stripe-customer');
      await trip.step('synced');
      await trip.choose('Price', PRICE);
      await trip.click('Create payment link');
      await trip.seeValue('Payment link', /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
      await trip.see('Checkout link sent', 'c-stripe-billing-history');
      await trip.step('link-created');
      await trip.clickThrough('Customer pays');
      await trip.see('Active', 'c-stripe-billing-history');
      await trip.see('Paid', 'c-stripe-payments');
      await trip.see('20.00', 'c-stripe-payments');
      await trip.step('paid');
    },
  },
  {
    id: 'failed-renewal',
    title: 'the renewal is declined: the subscription is past due, the payment failed with the reason',
    async run(trip) {
      const contactId = trip.newContact('Grace', 'Hopper');
      trip.paidSubscription(contactId);
      await trip.open(`/lightning/r/${contactId}/view`, 'service');
      await trip.see('Active', 'c-stripe-billing-history');
      await trip.clickThrough('Renewal is declined');
      await trip.see('Past due', 'c-stripe-billing-history');
      await trip.see('Failed', 'c-stripe-payments');
      await trip.see('The card has insufficient funds.', 'c-stripe-payments');
      await trip.step('past-due');
      // The finance home (flexipage Stripe_Finance_Home): the list-view card of failed payments.
      await trip.open('/lightning/n/Stripe_Finance_Home', 'finance');
      await trip.see('Failed Payments This Month (1)', '[data-list-view="Failed_Payments_This_Month"]');
      await trip.see('card_declined', '[data-list-view="Failed_Payments_This_Month"]');
      await trip.see('Past due', '[data-list-view="Past_Due_Subscriptions"]');
      await trip.step('finance');
    },
  },
  {
    id: 'refund',
    title: 'a payment refunded in the Stripe Dashboard shows as refunded',
    async run(trip) {
      const contactId = trip.newContact('Katherine', 'Johnson');
      trip.paidSubscription(contactId);
      await trip.open(`/lightning/r/${contactId}/view`, 'service');
      await trip.see('Paid', 'c-stripe-payments');
      await trip.clickThrough('Refund in Dashboard');
      await trip.see('Partially refunded', 'c-stripe-payments');
      await trip.step('refunded');
    },
  },
  {
    id: 'cancellation',
    title: 'customer service cancels at the period end, then undoes it; Stripe confirms each through the webhook',
    async run(trip) {
      const contactId = trip.newContact('Hedy', 'Lamarr');
      const subscriptionId = trip.paidSubscription(contactId);
      await trip.open(`/lightning/r/${contactId}/view`, 'service');
      await trip.see('Active', 'c-stripe-billing-history');
      await trip.open(`/lightning/r/${subscriptionId}/view`, 'service');
      await trip.click('Cancel Subscription', 'link');
      await trip.see('When should it end?');
      await trip.pick('At the end of the current period');
      await trip.step('cancel');
      // Done: the quick action closes (the preview then shows the record page again).
      await trip.clickThrough('Cancel subscription');
      await trip.open(`/lightning/r/${contactId}/view`, 'service');
      await trip.see('Cancels', 'c-stripe-billing-history');
      await trip.step('cancels-at-period-end');
      // The billing card's row menu: undo (StripeSubscriptionController.undoCancellation sends
      // cancel_at_period_end=false; Stripe answers and sends customer.subscription.updated).
      await trip.menu(/^Actions for /, 'Undo cancellation', 'c-stripe-subscription-actions');
      await trip.see('Cancellation undone');
      await trip.notSee('Cancels', 'c-stripe-billing-history');
      await trip.see('Active', 'c-stripe-billing-history');
      await trip.step('cancellation-undone');
    },
  },
  {
    id: 'plan-change',
    title: 'a rep changes the quantity: the preview shows the proration, the card the new amount after the webhook',
    async run(trip) {
      const contactId = trip.newContact('Mary', 'Jackson');
      trip.paidSubscription(contactId);
      // Stripe_Change_Subscription is the rep's (and the admin's) permission.
      await trip.open(`/lightning/r/${contactId}/view`, 'rep');
      await trip.see('Active', 'c-stripe-billing-history');
      await trip.menu(/^Actions for /, 'Change plan or quantity', 'c-stripe-subscription-actions');
      await trip.see('New price');
      // The dialog's field (the payment link card on the page has a Quantity too).
      await trip.fill(/Quantity$/, '2', 'c-stripe-change-subscription');
      await trip.click('Preview');
      // StripePlanChange: POST /v1/invoices/create_preview, Stripe's preview invoice with its proration lines.
      // Paid moments ago: the rest of the period at 2 × $20.00 less the unused 1 × $20.00 (just under $20.00),
      // then the next month at 2 × $20.00.
      await trip.see('Prorated amount', 'c-stripe-change-subscription');
      await trip.see('Due on the next invoice', 'c-stripe-change-subscription');
      await trip.see('Next invoice', 'c-stripe-change-subscription');
      await trip.step('preview');
      await trip.click('Confirm change');
      await trip.see('Subscription changed');
      // POST /v1/subscriptions/{id} with items[0][quantity]=2; customer.subscription.updated updates the record.
      await trip.see('40.00', 'c-stripe-billing-history');
      await trip.step('changed');
    },
  },
  {
    id: 'admin-checklist',
    title:
      'the admin checks the connection, registers and rolls the endpoint; the integration user (without Stripe_Admin) schedules and runs the jobs and replays what failed: every line turns green',
    async run(trip) {
      const checklist = 'c-stripe-setup-checklist';
      await trip.open('/lightning/n/Stripe_Admin', 'admin');
      await trip.see('The connection to Stripe has not been checked yet.', checklist);
      await trip.see('Not scheduled:', checklist);
      // config/post-install deployed (admin guide, steps 4 and 5): the Site is active, its guest user has the
      // guest permission set; the secret of step 7 was stored by hand, so the endpoint counts as registered by hand.
      await trip.see('The Site Stripe_Webhooks is active', checklist);
      await trip.see('the endpoint was registered by hand', checklist);
      await trip.step('red');
      // GET /v1/balance through the Named Credential: the local Stripe answers the balance fixture (test mode).
      await trip.click('Check connection');
      await trip.see('with a test mode key', checklist);
      // POST /v1/webhook_endpoints with the Site's URL, the handled event types and the pinned API version; the
      // local Stripe answers a WebhookEndpoint with a secret made at random, which the checklist stores.
      await trip.click('Register in Stripe');
      await trip.see('was registered in Stripe from this checklist', checklist);
      const [registered] = trip.preview.stripe?.webhookEndpoints() ?? [];
      if (!registered) throw new Error('no webhook endpoint was created in the local Stripe');
      await trip.see(registered.id, checklist);
      await trip.step('registered');
      // A roll: a new endpoint, the old one deleted (DELETE /v1/webhook_endpoints/{id}), the old secret kept 24 h.
      await trip.click('Roll secret');
      await trip.see('The previous secret is accepted until');
      const endpoints = trip.preview.stripe?.webhookEndpoints() ?? [];
      if (endpoints.length !== 1 || endpoints[0].id === registered.id)
        throw new Error(`after the roll: ${endpoints.map((e) => e.id).join(', ')} (expected one new endpoint)`);
      const [endpoint] = endpoints;
      if (!/^https:\/\/\S+\.my\.salesforce-sites\.com\/stripe\/services\/apexrest\/stripe\/webhook$/.test(endpoint.url))
        throw new Error(`the endpoint URL is ${endpoint.url}, not the Site's webhook URL`);
      await trip.see(endpoint.id, checklist);
      // A customer pays (Stripe's events arrive signed with the rolled endpoint's secret, through the Site); a month
      // later the renewal is declined while Stripe's API has an incident: the failed payment's events arrive, but
      // asking Stripe which invoice the payment intent pays (GET /v1/invoice_payments) fails, so one waits for a retry.
      const recordId = trip.paidSubscription(trip.newContact('Annie', 'Easley'));
      trip.renewalDeclinedDuringOutage(recordId);
      await trip.click('Check again');
      await trip.see('are waiting for a retry in the last 7 days', checklist);
      await trip.toastsGone();
      await trip.scrollTo(`${checklist} [data-id="problems"]`);
      await trip.step('failures');
      // Log in as the integration user (the preview's user switch) and work there (admin guide, step 9): the jobs
      // run as the user who scheduled them, and a replay is processed as the user who replays. It holds only the
      // Stripe_Integration group: the checklist opens with its Stripe_Manage_Jobs, but registering and rolling
      // (Stripe_Manage_Webhook_Secret) are an admin's, so their buttons are hidden and a line says who can.
      await trip.switchUser('integration');
      await trip.see('Only a Stripe admin (custom permission Stripe_Manage_Webhook_Secret', checklist);
      await trip.see(endpoint.id, checklist);
      await trip.noButton('Roll secret', checklist);
      await trip.noButton('Register in Stripe', checklist);
      await trip.click('Schedule jobs');
      await trip.see("The package's jobs are scheduled.", checklist);
      await trip.click('Run now');
      await trip.see('Webhook retries started.');
      // Stripe is back: the failed events selected and replayed at once.
      await trip.selectAllRows(checklist);
      await trip.click('Replay selected');
      await trip.see('processing started');
      await trip.see('No event failed or is waiting for a retry in the last 7 days.', checklist);
      await trip.step('integration-user');
      // Back as the admin: reading the Site and the permission set assignments needs View Setup and Configuration
      // (Object Reference, PermissionSetAssignment, "Special Access Rules"), which the integration user's set does
      // not grant; the admin sees every line.
      await trip.switchUser('admin');
      await trip.see('events received in the last 24 hours', checklist);
      await trip.see('Webhook processing runs as the integration user Ivy Integration.', checklist);
      await trip.see("The package's jobs are scheduled.", checklist);
      await trip.see('Recent events use the pinned API version', checklist);
      // The connection is checked on click only (one call to Stripe): after the page reloads, once more.
      await trip.click('Check connection');
      await trip.see('with a test mode key', checklist);
      await trip.allGreen(checklist);
      await trip.toastsGone();
      await trip.step('green');
    },
  },
  {
    id: 'org-smoke-checks',
    title:
      "the scratch-org job's page checks (tools/org-smoke/checks.ts) pass on the preview: Contact page, subscription page, admin page",
    async run(trip) {
      const subscriptionId = trip.paidSubscription(trip.newContact('Mary', 'Jackson'));
      const [{ Contact__c: contactId }] = trip.preview.org.query(
        `SELECT Contact__c FROM Stripe_Subscription__c WHERE Id = '${subscriptionId}'`,
      );
      // As the admin, whom the org job logs in as (the cookie the preview sets keeps the user across pages).
      await trip.open('/lightning/n/Stripe_Admin_Setup', 'admin');
      const problems = await runPageChecks(
        trip.page,
        new URL(trip.preview.url).origin,
        { contactId: String(contactId), subscriptionId },
        { timeoutMs: 15_000, shoot: () => Promise.resolve() },
      );
      if (problems.length > 0) throw new Error(problems.join(' | '));
    },
  },
];
