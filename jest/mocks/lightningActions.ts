/** Stand-in for `lightning/actions`, which sfdx-lwc-jest does not stub. */
export class CloseActionScreenEvent extends CustomEvent<null> {
  constructor() {
    super('close', { detail: null });
  }
}
