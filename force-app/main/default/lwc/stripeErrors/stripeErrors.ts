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

/** Said when an error carries no readable message. */
export const UNKNOWN_ERROR = 'An unexpected error occurred. Try again, or ask your Salesforce admin.';

/**
 * One line of text for an error, for a toast or an inline error message.
 * @param errors as for {@link reduceErrors}
 * @param fallback said when no readable message is found
 */
export function reduceErrorsToText(errors: unknown, fallback: string = UNKNOWN_ERROR): string {
  const texts = reduceErrors(errors);
  return texts.length > 0 ? texts.join(' ') : fallback;
}
