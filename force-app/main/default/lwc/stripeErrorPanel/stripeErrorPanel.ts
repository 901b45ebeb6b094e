import { LightningElement, api } from 'lwc';
import { describeError, type UserError } from 'c/stripeErrors';
import { LABELS, formatLabel } from 'c/stripeLabels';

/**
 * The one error panel of the Stripe components: what failed (`title`, from the component), the
 * readable part of the server's message, what to do, and a reference for the admin. SOQL, API names
 * and exception text never reach the page (see `describeError`).
 */
export default class StripeErrorPanel extends LightningElement {
  /** What failed, e.g. "The prices could not be loaded." */
  @api heading?: string;

  private described: UserError = { noAccess: false };
  private rawError?: unknown;

  /** The error as Apex, LDS or JavaScript delivered it. */
  @api
  get error(): unknown {
    return this.rawError;
  }
  set error(value: unknown) {
    this.rawError = value;
    this.described = describeError(value);
  }

  get headingText(): string {
    return this.heading ?? LABELS.errorGeneric;
  }

  get message(): string | undefined {
    if (this.described.noAccess) {
      return LABELS.errorNoAccess;
    }
    // The server's message when it adds to the title.
    return this.described.message !== this.headingText ? this.described.message : undefined;
  }

  get whatToDo(): string {
    if (this.described.noAccess) {
      return LABELS.errorNoAccessWhatToDo;
    }
    return this.described.reference ? LABELS.errorWhatToDo : LABELS.errorWhatToDoNoReference;
  }

  get reference(): string | undefined {
    return this.described.reference ? formatLabel(LABELS.errorReference, this.described.reference) : undefined;
  }

  get iconLabel(): string {
    return LABELS.errorIcon;
  }
}
