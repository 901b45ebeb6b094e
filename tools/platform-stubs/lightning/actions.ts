/** `lightning/actions`: the event that closes a screen quick action. */
export class CloseActionScreenEvent extends CustomEvent<null> {
  constructor() {
    super('lightning__actionsclosescreen', { composed: true, bubbles: true, detail: null });
  }
}
