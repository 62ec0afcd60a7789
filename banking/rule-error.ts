/**
 * The root of the error taxonomy and its "the data is wrong" class. Every error of the project
 * extends `RpaError`: it says `whatNext`, and its class alone decides what the queue does with it
 * (DESIGN.md, "Errors decide what happens next"), through the class's static `kind`. They live at
 * the bottom of the layout (banking/, in a file that imports nothing) so that every folder, config
 * and extractors included, throws errors of the one root; `bots/kit/errors.ts` re-exports them and
 * adds the kinds of the kit.
 */

/** What the queue does with an error (see classifyError). */
export type ErrorKind =
  /** The data is wrong: no retry; an exception with the reason, for a person to correct or reject. */
  | 'business'
  /** A screening rule hit: no retry; an exception released only by two people. */
  | 'compliance'
  /** The target is down or out of sessions: the item waits without using an attempt. */
  | 'unavailable'
  /** The target refused a bot account: no retry (it would lock the account); an exception. */
  | 'credentials'
  /** Anything else (a timeout, a changed screen, a crash): retried with backoff, then an exception. */
  | 'system';

export abstract class RpaError extends Error {
  /** What the queue does with errors of this class: a system error unless the class says otherwise. */
  static readonly kind: ErrorKind = 'system';
  /** What an operator or developer should do about it. */
  abstract readonly whatNext: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** What the queue does with an error: the kind its class declares; an error that is not ours is a system error. */
export function classifyError(err: unknown): ErrorKind {
  return err instanceof RpaError ? (err.constructor as typeof RpaError).kind : 'system';
}

/** The data is wrong (bad IBAN, unknown account, amount over limit). Not retried: an exception is opened. */
export class BusinessRuleError extends RpaError {
  static override readonly kind: ErrorKind = 'business';
  readonly whatNext: string = 'Correct the item data (edit and resume) or reject it; retrying unchanged will fail the same way.';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
