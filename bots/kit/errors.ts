/**
 * The error taxonomy. The class of an error decides what the queue does next
 * (see DESIGN.md, "Errors decide what happens next"). Every error says what to do next.
 */
export { RpaError, BusinessRuleError, classifyError, type ErrorKind } from '../../banking/index.js';
import { RpaError, type ErrorKind } from '../../banking/index.js';

/** A screening rule hit. Not retried: an exception that needs a (four-eyes) decision is opened. */
export class ComplianceHold extends RpaError {
  static override readonly kind: ErrorKind = 'compliance';
  readonly whatNext = 'A compliance officer must review the hit and release (four-eyes) or reject the item.';
  constructor(
    message: string,
    readonly rule: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The target system is down, in maintenance, or out of sessions. Delays the item without using an attempt. */
export class TargetUnavailable extends RpaError {
  static override readonly kind: ErrorKind = 'unavailable';
  readonly whatNext = 'Nothing: the item waits and is retried when the target is back. Check the target if this persists.';
  /** Whether this says something about the target's health (and so counts for its circuit breaker). */
  readonly countsForBreaker: boolean = true;
  constructor(
    readonly target: string,
    readonly reason: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`${target} unavailable: ${reason}`, options);
  }
}

/** The target ended our session (idle timeout, another login, stale state token). The session layer logs in again. */
export class SessionLost extends RpaError {
  readonly whatNext = 'The session is logged in again automatically; if it keeps happening, check for another user of the same bot account.';
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`${target} session lost: ${reason}`);
  }
}

/**
 * The target refused a bot account's credentials. Not retried: trying a wrong password
 * again and again gets the account locked on a real system. An exception names the account.
 */
export class CredentialsRejected extends RpaError {
  static override readonly kind: ErrorKind = 'credentials';
  readonly whatNext: string;
  constructor(
    readonly target: string,
    readonly username: string,
    message = `${target} rejected the login of bot account "${username}"`,
  ) {
    super(message);
    this.whatNext = `Check the password of bot account "${username}" for ${target} in the secrets (and whether the account is locked on the target), then resume the item.`;
  }
}
