import { RpaError } from '../../banking/index.js';

/** A configured sanctions list file is missing, unreadable, or not in the format its loader reads. */
export class ListUnreadable extends RpaError {
  readonly whatNext: string;
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`sanctions list ${file}: ${reason}`, options);
    this.whatNext = `Check the file named in compliance.lists (download it again from its publisher, whole, and replace it atomically: write a temporary file, then rename); screening goes on with the list version loaded before.`;
  }
}

/** No sanctions list is configured: screening against nothing would pass everything. */
export class NoListsConfigured extends RpaError {
  readonly whatNext = 'Name at least one list in compliance.lists (ofacSdn, un or eu) of the configuration, or pass --lists to rpa screen.';
  constructor() {
    super('no sanctions list is configured (compliance.lists is empty)');
  }
}
