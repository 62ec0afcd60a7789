/** Errors specific to the legacy-bank target (the kit's taxonomy covers the rest). */
import { CredentialsRejected, RpaError } from '../../kit/index.js';
import { TARGET } from './constants.js';

/** The target refused the bot account's user ID or password. Retrying will not help until the secret is fixed. */
export class LoginRejected extends CredentialsRejected {
  constructor(target: string, username: string) {
    super(target, username, `${target} rejected the login of bot account "${username}" (invalid user ID or password)`);
  }
}

/** The target answered HTTP 500: a system error, retried with backoff. */
export class TargetServerError extends RpaError {
  readonly whatNext = 'Nothing at first: the item is retried with backoff. If it persists, check the target system (its logs, its status).';
  constructor(
    readonly target: string,
    readonly status: number,
    readonly url: string,
  ) {
    super(`${target} answered HTTP ${status} for ${url}`);
  }
}

export { TARGET };
