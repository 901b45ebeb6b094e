import {
  LABELS,
  declineReason,
  formatDate,
  formatLabel,
  formatMoney,
  intervalLabel,
  recordUrl,
  relatedListUrl,
  statusCodes,
  statusInfo,
  tomorrowInUserZone,
} from 'c/stripeLabels';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PICKLIST_DIR = path.resolve(__dirname, '..', '..', '..', 'objects');

/** The values of a picklist field, from its metadata. */
function picklistValues(object: string, field: string): string[] {
  const xml = readFileSync(path.join(PICKLIST_DIR, object, 'fields', `${field}.field-meta.xml`), 'utf8');
  const values = xml.split('<value>').slice(1);
  return values.map((value) => /<fullName>([^<]+)<\/fullName>/.exec(value)?.[1] ?? '');
}

describe('c/stripeLabels', () => {
  it('has words and a colour for every payment and subscription status the picklists hold', () => {
    for (const code of picklistValues('Stripe_Payment__c', 'Status__c')) {
      expect(statusInfo('payment', code).label).not.toContain('Unknown');
      expect(statusCodes('payment')).toContain(code);
    }
    for (const code of picklistValues('Stripe_Subscription__c', 'Status__c')) {
      expect(statusInfo('subscription', code).label).not.toContain('Unknown');
    }
    expect(statusInfo('payment', 'partially_refunded')).toEqual({
      label: 'Partially refunded',
      tone: 'warning',
      badgeClass: 'slds-theme_warning',
    });
    expect(statusInfo('payment', 'dispute_lost').label).toBe('Dispute lost');
    expect(statusInfo('subscription', 'past_due').label).toBe('Past due');
    expect(statusInfo('sync', 'Failed').badgeClass).toBe('slds-theme_error');
  });

  it('shows a status Stripe adds later with its code, and a missing one as unknown', () => {
    expect(statusInfo('subscription', 'frozen')).toEqual({
      label: 'Unknown status (frozen)',
      tone: 'neutral',
      badgeClass: '',
    });
    expect(statusInfo('payment', undefined).label).toBe('Unknown status');
  });

  it('says why a payment failed in words: decline code first, then failure code, then Stripe’s message', () => {
    expect(declineReason('insufficient_funds', 'card_declined')).toBe('The card has insufficient funds.');
    expect(declineReason(null, 'expired_card')).toBe('The card has expired.');
    expect(declineReason('new_code', null, 'Your card was declined.')).toBe('Your card was declined.');
    expect(declineReason('new_code', null)).toBe('The payment failed (new_code).');
    expect(declineReason(null, null)).toBeUndefined();
  });

  it('formats labels, intervals, money and dates in the user’s locale and time zone', () => {
    expect(formatLabel('{0} ends on {1}.', 'Pro', 'Dec 1')).toBe('Pro ends on Dec 1.');
    expect(formatLabel('{0} and {2}', 'a')).toBe('a and {2}');
    expect(intervalLabel('month', 1)).toBe('/ month');
    expect(intervalLabel('week', 2)).toBe('/ 2 weeks');
    expect(intervalLabel('fortnight', 1)).toBe('/ fortnight');
    expect(intervalLabel(null, null)).toBe('');
    expect(formatMoney(49, 'eur')).toBe('€49.00');
    expect(formatMoney(1, 'not-a-currency')).toBe('1 NOT-A-CURRENCY');
    // jest/user.ts: en-US, America/Los_Angeles.
    expect(formatDate('2026-12-01T00:00:00.000Z')).toBe('Nov 30, 2026');
    expect(formatDate('2026-12-01T12:00:00.000Z', true)).toBe('Dec 1, 2026, 04:00 AM');
    expect(formatDate('not a date')).toBe('');
    expect(formatDate(undefined)).toBe('');
  });

  it("names tomorrow in the user's time zone, across a month and a year end", () => {
    // sfdx-lwc-jest's user is in America/Los_Angeles: 05:00 UTC on Jan 1 is still Dec 31 there.
    expect(tomorrowInUserZone(new Date('2027-01-01T05:00:00.000Z'))).toBe('2027-01-01');
    expect(tomorrowInUserZone(new Date('2027-01-01T12:00:00.000Z'))).toBe('2027-01-02');
    expect(tomorrowInUserZone(new Date('2026-02-28T20:00:00.000Z'))).toBe('2026-03-01');
  });

  it('builds record and related list URLs', () => {
    expect(recordUrl('a01000000000001AAA')).toBe('/lightning/r/a01000000000001AAA/view');
    expect(relatedListUrl('Contact', '003', 'Stripe_Payments__r')).toBe(
      '/lightning/r/Contact/003/related/Stripe_Payments__r/view',
    );
  });

  it('reads every string from a custom label (real values in Jest, not "c.Name")', () => {
    for (const value of Object.values(LABELS)) {
      expect(value).not.toMatch(/^c\./);
      expect(value.length).toBeGreaterThan(0);
    }
  });
});
