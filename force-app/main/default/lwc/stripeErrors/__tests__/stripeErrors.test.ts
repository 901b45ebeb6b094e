import { reduceErrors } from '../stripeErrors';
import apexError from './data/apexError.json';
import dmlError from './data/dmlError.json';
import uiApiReadError from './data/uiApiReadError.json';
import uiApiDmlError from './data/uiApiDmlError.json';

describe('reduceErrors', () => {
  it('reads the message of an Apex error', () => {
    expect(reduceErrors(apexError)).toEqual(['You do not have access to the Stripe billing data of this Contact.']);
  });

  it('prefers page and field errors over the summary message', () => {
    expect(reduceErrors(dmlError)).toEqual([
      'The event is already processing.',
      'Status: bad value for restricted picklist field',
    ]);
  });

  it('reads every body of a UI API read error once', () => {
    expect(reduceErrors(uiApiReadError)).toEqual(['The requested resource does not exist']);
  });

  it('reads output errors and output field errors of a UI API DML error', () => {
    expect(reduceErrors(uiApiDmlError)).toEqual([
      'insufficient access rights on object id',
      'Last Error: data value too large',
    ]);
  });

  it('reads JavaScript errors and strings, and lists of errors', () => {
    expect(reduceErrors([new TypeError('x is undefined'), '  plain text  ', null, 42])).toEqual([
      'x is undefined',
      'plain text',
    ]);
  });

  it('falls back to the status text when the body has no message', () => {
    expect(reduceErrors({ body: { message: '' }, statusText: 'Server Error' })).toEqual(['Server Error']);
    expect(reduceErrors({ body: [null, 'not an object'] })).toEqual([]);
  });

  it('returns nothing for empty input', () => {
    expect(reduceErrors(undefined)).toEqual([]);
    expect(reduceErrors([])).toEqual([]);
    expect(reduceErrors({})).toEqual([]);
  });
});
