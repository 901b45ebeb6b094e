/**
 * The user journeys the browser tests walk through the local preview (server.ts): the package's real
 * components and Apex in a local org, Stripe's part played by the local Stripe. Each `step` saves a screenshot
 * at desktop and phone width (run-journeys.ts; with `--docs` into docs/images/, where the user guides show them).
 *
 * A journey is a list of what a user does and sees; adding one is a few lines with the helpers of `Trip`.
 */
import type { Page } from 'playwright-core';
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

  /** Opens the row menu named `menu` (a `lightning-button-menu`: "Actions for <plan>") and chooses `item`. */
  async menu(menu: string | RegExp, item: string): Promise<void> {
    await this.page.getByRole('button', { name: menu }).first().click({ timeout: TIMEOUT_MS });
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

  /** A subscription the customer paid (the onboarding journey's outcome), through the controllers a rep's page calls. */
  paidSubscription(contactId: string): string {
    const { org, users, stripe } = this.preview;
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
    const session = stripe?.sessions().find((s) => s.recordId === recordId);
    if (!session) throw new Error('no Checkout Session was created');
    stripe!.pay(session.id);
    this.preview.settle();
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
      await trip.menu(/^Actions for /, 'Undo cancellation');
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
      await trip.menu(/^Actions for /, 'Change plan or quantity');
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
    title: 'the admin checks the connection, schedules the jobs, events arrive: the checklist lines turn green',
    async run(trip) {
      await trip.open('/lightning/n/Stripe_Admin', 'admin');
      await trip.see('The connection to Stripe has not been checked yet.', 'c-stripe-setup-checklist');
      await trip.see('Not scheduled:', 'c-stripe-setup-checklist');
      // Cannot turn green locally: the local org has no Site (Sites are made in Setup; SiteDetail is read-only),
      // so there is no Site URL to register a webhook endpoint with (docs/development.md).
      await trip.see('The Site Stripe_Webhooks does not exist', 'c-stripe-setup-checklist');
      await trip.step('red');
      // GET /v1/balance through the Named Credential: the local Stripe answers the balance fixture (test mode).
      await trip.click('Check connection');
      await trip.see('with a test mode key', 'c-stripe-setup-checklist');
      await trip.click('Schedule jobs');
      await trip.see("The package's jobs are scheduled.", 'c-stripe-setup-checklist');
      // A customer pays (the onboarding journey): Stripe's signed events arrive; the deliveries line turns green.
      trip.paidSubscription(trip.newContact('Annie', 'Easley'));
      await trip.click('Check again');
      await trip.see('events received in the last 24 hours', 'c-stripe-setup-checklist');
      await trip.step('green');
    },
  },
];
