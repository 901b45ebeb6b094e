import { createElement } from 'lwc';
import StripeErrorPanel from '../stripeErrorPanel';
import { describeError } from 'c/stripeErrors';

const apexError = (message: string) => ({ status: 400, body: { message }, headers: {} });

function mount(props: { heading?: string; error?: unknown }): ShadowRoot {
  const element = createElement('c-stripe-error-panel', { is: StripeErrorPanel }) as HTMLElement & typeof props;
  Object.assign(element, props);
  document.body.appendChild(element);
  return element.shadowRoot as ShadowRoot;
}

const text = (root: ShadowRoot, id: string): string | undefined =>
  root.querySelector(`[data-id="${id}"]`)?.textContent?.trim();

describe('describeError', () => {
  it('keeps the readable sentence and drops SOQL and API names', () => {
    expect(
      describeError(apexError("You do not have access to Stripe prices: No such column 'Unit_Amount__c'")),
    ).toEqual({ message: 'You do not have access to Stripe prices.', noAccess: true, reference: undefined });
    expect(describeError(apexError('System.QueryException: unexpected token: FROM')).message).toBeUndefined();
  });

  it('keeps a plain message whole and finds a Stripe request id or log name for the admin', () => {
    expect(describeError(apexError('Stripe is not reachable. Try again in a minute (req_AbC123xyz).'))).toEqual({
      message: 'Stripe is not reachable. Try again in a minute (req_AbC123xyz).',
      noAccess: false,
      reference: 'req_AbC123xyz',
    });
    expect(describeError(apexError('The link failed. Reference LOG-000123')).reference).toBe('LOG-000123');
  });
});

describe('c-stripe-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('says what failed and what to do, as an alert, without internal text', () => {
    const root = mount({
      heading: 'The prices could not be loaded.',
      error: apexError("You do not have access to Stripe prices: No such column 'Unit_Amount__c'"),
    });
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
    expect(text(root, 'error-title')).toBe('The prices could not be loaded.');
    expect(text(root, 'error-message')).toBe('You do not have access to this Stripe data.');
    expect(text(root, 'error-what-to-do')).toBe(
      'Ask your Salesforce admin for the Stripe permission set that fits your role.',
    );
    expect(root.textContent).not.toContain('Unit_Amount__c');
    expect(root.querySelector('[data-id="error-reference"]')).toBeNull();
    expect(root.querySelector<HTMLElement & { alternativeText?: string }>('lightning-icon')?.alternativeText).toBe(
      'Error',
    );
  });

  it('shows the server’s plain message and the reference for the admin', () => {
    const root = mount({
      heading: 'The payment link could not be created.',
      error: apexError('Stripe refused the request (req_9f8e7d6c).'),
    });
    expect(text(root, 'error-message')).toBe('Stripe refused the request (req_9f8e7d6c).');
    expect(text(root, 'error-what-to-do')).toContain('give them the reference below');
    expect(text(root, 'error-reference')).toBe('Reference for your admin: req_9f8e7d6c');
  });

  it('falls back to a generic heading and hides a message that only repeats it', () => {
    const root = mount({ error: new Error('Something went wrong.') });
    expect(text(root, 'error-title')).toBe('Something went wrong.');
    expect(root.querySelector('[data-id="error-message"]')).toBeNull();
    expect(text(root, 'error-what-to-do')).toBe('Try again. If it keeps happening, ask your Salesforce admin.');
  });
});
