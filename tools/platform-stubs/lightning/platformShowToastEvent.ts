/** `lightning/platformShowToastEvent`: the event the platform turns into a toast. */
export class ShowToastEvent extends CustomEvent<Record<string, unknown>> {
  constructor(toast: Record<string, unknown>) {
    super('lightning__showtoast', { composed: true, cancelable: true, bubbles: true, detail: toast });
  }
}
