/** What a reconciliation break item stops with: each says what the person deciding it does next. */
import { BusinessRuleError } from '../kit/index.js';

/** A break waiting for a person's decision: the first thing every break item does. */
export class BreakToDecide extends BusinessRuleError {
  override readonly whatNext: string;
  constructor(message: string, details: Record<string, unknown>, fourEyesAbove: string) {
    super(message, details);
    this.whatNext =
      'Choose a decision and resume: match (give the ids of the lines that together match this one; bank and books must add up to the cent), ' +
      `fee or write-off (accepts the difference; above ${fourEyesAbove} a second person approves it), timing (looked at again on the next business day) or escalate (with a note).`;
  }
}

/** A manual match whose lines are unknown, closed, or do not add up. */
export class ManualMatchRefused extends BusinessRuleError {
  override readonly whatNext = 'Correct the line ids (the evidence lists the open lines of this account) and resume, or choose another decision.';
}

/** A break a person escalated: it stays in front of people, marked high. */
export class BreakEscalated extends BusinessRuleError {
  override readonly whatNext = 'Whoever the break was escalated to decides it: match, fee, write-off or timing, and resume.';
}
