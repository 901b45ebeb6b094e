/**
 * Turns the errors Lightning Data Service, wired and imperative Apex and JavaScript produce into
 * readable text (after lwc-recipes' `ldsUtils.reduceErrors`). Shared by the Stripe components.
 */

interface MessageHolder {
  message?: unknown;
}

interface ErrorBody {
  message?: unknown;
  pageErrors?: MessageHolder[];
  fieldErrors?: Record<string, MessageHolder[]>;
  output?: {
    errors?: MessageHolder[];
    fieldErrors?: Record<string, MessageHolder[]>;
  };
}

interface FetchLikeError {
  body?: ErrorBody | ErrorBody[] | null;
  message?: unknown;
  statusText?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

function messagesOf(holders: MessageHolder[] | undefined): unknown[] {
  return Array.isArray(holders) ? holders.map((holder) => holder?.message) : [];
}

function fieldMessagesOf(fieldErrors: Record<string, MessageHolder[]> | undefined): unknown[] {
  return isObject(fieldErrors) ? Object.values(fieldErrors).flatMap((holders) => messagesOf(holders)) : [];
}

function messagesOfBody(body: ErrorBody): unknown[] {
  const messages = [
    ...messagesOf(body.pageErrors),
    ...fieldMessagesOf(body.fieldErrors),
    ...messagesOf(body.output?.errors),
    ...fieldMessagesOf(body.output?.fieldErrors),
  ];
  // body.message is the summary of an Apex or UI API error; page and field errors are more precise.
  return messages.length > 0 ? messages : [body.message];
}

function messagesOfError(error: unknown): unknown[] {
  if (typeof error === 'string') {
    return [error];
  }
  if (!isObject(error)) {
    return [];
  }
  const { body, message, statusText } = error as FetchLikeError;
  if (Array.isArray(body)) {
    // UI API read errors: an array of bodies.
    return body.flatMap((item) => (isObject(item) ? messagesOfBody(item) : []));
  }
  if (isObject(body)) {
    const fromBody = messagesOfBody(body).filter((text) => textOf(text) !== undefined);
    if (fromBody.length > 0) {
      return fromBody;
    }
  }
  // A JavaScript error, or a fetch error without a readable body.
  return [message ?? statusText];
}

/**
 * The distinct readable messages of one error or a list of errors, in order.
 * @param errors an Apex, LDS or JavaScript error, a string, or an array of them
 */
export function reduceErrors(errors: unknown): string[] {
  const list: unknown[] = Array.isArray(errors) ? errors : [errors];
  const texts = list
    .flatMap((error) => messagesOfError(error))
    .map(textOf)
    .filter((text): text is string => text !== undefined);
  return [...new Set(texts)];
}

/** What a user is told about an error: a plain message and a reference for the admin, never internal text. */
export interface UserError {
  /** The readable part of the server's message, or undefined when it has none. */
  message?: string;
  /** True when the error says the user may not read or change something (object, field or record access). */
  noAccess: boolean;
  /** A log id, Stripe request id or error id for the admin, when the error carries one. */
  reference?: string;
}

/** Parts of a message that are for developers: SOQL, API names, exception types, stack lines. */
const INTERNAL_TEXT =
  /No such column|SELECT\s|\bFROM\s+\w+__c|\w+__[cr]\b|Exception\b|\bClass\.|line \d+|Insufficient permissions:|INVALID_|REQUIRED_FIELD_MISSING|FIELD_\w+|System\./;
const NO_ACCESS = /do not have access|insufficient (access|privileges|permissions)|No such column|not visible/i;
/** References worth giving an admin: Stripe request ids, Stripe_Log__c names, Salesforce error ids. */
const REFERENCE = /\b(req_[A-Za-z0-9]{6,}|LOG-\d+|\d{6,}-\d+ \(-?\d+\))/;

/**
 * The part of one message a user can read: a sentence that names SOQL, API names or exception types
 * is cut at the colon before the internal part, and dropped when nothing readable is left.
 */
function readablePart(text: string): string | undefined {
  if (!INTERNAL_TEXT.test(text)) {
    return text;
  }
  const colon = text.indexOf(': ');
  const head = colon > 0 ? text.slice(0, colon).trim() : '';
  if (head.length === 0 || INTERNAL_TEXT.test(head)) {
    return undefined;
  }
  return /[.!?]$/.test(head) ? head : `${head}.`;
}

/**
 * An error as a user should see it (the shared error panel `c-stripe-error-panel` shows it):
 * internal detail (SOQL, field API names, exception text) is left out; the controllers write the full
 * text to the package's log (`Stripe_Log__c`) for the admin, whom the panel's reference points to.
 * @param errors as for {@link reduceErrors}
 */
export function describeError(errors: unknown): UserError {
  const texts = reduceErrors(errors);
  const readable = [...new Set(texts.map(readablePart).filter((text): text is string => text !== undefined))];
  const joined = texts.join(' ');
  const reference = REFERENCE.exec(joined)?.[1];
  return {
    message: readable.length > 0 ? readable.join(' ') : undefined,
    noAccess: NO_ACCESS.test(joined),
    reference,
  };
}
