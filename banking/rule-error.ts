/**
 * The root of the error taxonomy and its "the data is wrong" class. They live at the bottom of the
 * layout (banking/) so that extractors and compliance, which may not import bots/, can throw the very
 * `BusinessRuleError` the queue classifies; `bots/kit/errors.ts` re-exports both and adds the rest.
 */
export abstract class RpaError extends Error {
  /** What an operator or developer should do about it. */
  abstract readonly whatNext: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The data is wrong (bad IBAN, unknown account, amount over limit). Not retried: an exception is opened. */
export class BusinessRuleError extends RpaError {
  readonly whatNext: string = 'Correct the item data (edit and resume) or reject it; retrying unchanged will fail the same way.';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

