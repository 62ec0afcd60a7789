import { BusinessRuleError } from './rule-error.js';
/**
 * Banking's own rule errors: business rule errors ("the data is wrong": no retry, an exception is
 * opened) that name the `field` they are about.
 *
 * Every error says `whatNext`. Messages and details never carry a full IBAN (see `maskIban`) and are
 * safe to log and to show in the exceptions inbox.
 */
export abstract class BankingRuleError extends BusinessRuleError {
  abstract override readonly whatNext: string;
  constructor(
    message: string,
    /** The item field the error is about, e.g. `creditorIban`, `amount`, `requestedExecutionDate`. */
    readonly field: string,
    /** Safe-to-log facts for the exception (never a full IBAN). */
    details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, { ...details }, options);
  }
}

/** True for every banking rule error: the data is wrong, retrying unchanged fails the same way. */
export function isBankingRuleError(e: unknown): e is BankingRuleError {
  return e instanceof BankingRuleError;
}

/** A currency code that is not in our ISO 4217 table. */
export class UnknownCurrency extends BankingRuleError {
  readonly whatNext: string = 'Correct the currency to an ISO 4217 code (e.g. EUR, USD, CHF); if the code is real, add it to banking/currency.ts.';
}

/** A withdrawn currency (DEM, FRF) where only a current one will do: a payment, a collection. */
export class WithdrawnCurrency extends UnknownCurrency {
  override readonly whatNext = 'Convert the amount to the currency that replaced it (EUR for the euro legacy currencies) at its official rate; withdrawn currencies are only read from archived statements.';
}

/** Two amounts of different currencies met in one operation. */
export class CurrencyMismatch extends BankingRuleError {
  readonly whatNext = 'Split the item by currency or correct the currency of the odd amount; amounts in different currencies are never added.';
}

/** An amount that is not a valid amount of its currency (bad text, too many decimals, not finite). */
export class InvalidAmount extends BankingRuleError {
  readonly whatNext: string;
  constructor(message: string, field: string, details: Record<string, unknown> = {}, whatNext?: string) {
    super(message, field, details);
    this.whatNext =
      whatNext ?? 'Correct the amount in the source (digits, the declared decimal and grouping separators, no more decimals than the currency allows) and resume the item.';
  }
}

/** An IBAN that is not valid (country, length, BBAN format, check digits). */
export class InvalidIban extends BankingRuleError {
  readonly whatNext = 'Ask for the correct IBAN (compare with the source document; a typo usually breaks the check digits) and edit the item.';
}

/** A BIC that is not valid, or does not fit the IBAN's country. */
export class InvalidBic extends BankingRuleError {
  readonly whatNext = 'Correct the BIC (8 or 11 characters: 4 letters bank, 2 letters country, 2 letters/digits location, optional 3 branch) or leave it empty if the IBAN suffices.';
}

/** Text with a character outside the SEPA basic Latin character set that cannot be transliterated. */
export class NotSepaCharacter extends BankingRuleError {
  readonly whatNext = 'Replace or remove the character in the source text (SEPA allows a-z A-Z 0-9 / - ? : ( ) . , \' + and space) and resume the item.';
}

/** Text longer than the field allows (after transliteration). */
export class SepaTextTooLong extends BankingRuleError {
  readonly whatNext = 'Shorten the text to the allowed length and resume the item.';
}

/** A date that is not a real `YYYY-MM-DD` calendar date. */
export class InvalidDate extends BankingRuleError {
  readonly whatNext = 'Correct the date to a real calendar date in the form YYYY-MM-DD.';
}

/** Why an execution date is not acceptable as requested. */
export type ExecutionDateProblem = 'past' | 'weekend' | 'holiday' | 'after-cut-off';

/** A requested execution date that is not allowed and was not rolled forward (policy `reject`). */
export class ExecutionDateRejected extends BankingRuleError {
  readonly whatNext: string;
  constructor(
    message: string,
    field: string,
    readonly problem: ExecutionDateProblem,
    /** The first date that would be accepted. */
    readonly earliestValidDate: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, field, { ...details, problem, earliestValidDate });
    this.whatNext = `Choose another execution date (the earliest valid one is ${earliestValidDate}) and resume the item, or reject it.`;
  }
}

/** A SEPA creditor identifier that is not valid (length, characters, country, check digits). */
export class InvalidCreditorId extends BankingRuleError {
  readonly whatNext = 'Compare the creditor identifier with the creditor\'s registration (e.g. DE98ZZZ09999999999: country, 2 check digits, 3-character business code, national identifier) and correct it; a mistyped character breaks the check digits.';
}

/** A structured creditor reference (ISO 11649, `RF…`) that is not one: its form or its check digits. */
export class InvalidCreditorReference extends BankingRuleError {
  readonly whatNext = 'Compare the reference with the invoice (RF, 2 check digits, up to 21 letters and digits); a mistyped character breaks the check digits. Match the payment by hand if the invoice is clear.';
}

/** A unique mandate reference (UMR) that SEPA does not allow. */
export class InvalidMandateReference extends BankingRuleError {
  readonly whatNext = 'Correct the mandate reference as it is written on the signed mandate: 1–35 characters of the SEPA set, not starting or ending with "/" and without "//".';
}

/** Which mandate rule an item broke. */
export type MandateRule =
  | 'signature-in-future'
  | 'b2b-unconfirmed'
  | 'one-off-used'
  | 'expired'
  | 'cancelled'
  | 'suspended'
  | 'incomplete';

const MANDATE_WHAT_NEXT: Record<MandateRule, string> = {
  'signature-in-future': 'Check the date of signature on the form: a mandate cannot be signed after today. Correct the date and resume, or reject the mandate.',
  'b2b-unconfirmed': 'Ask the debtor\'s bank to confirm the B2B mandate (the debtor must register it there), then set the confirmation and resume.',
  'one-off-used': 'A one-off mandate allows one collection only: ask the debtor for a new mandate.',
  expired: 'The mandate has had no collection for 36 months and has expired: ask the debtor to sign a new mandate.',
  cancelled: 'The mandate was cancelled: do not collect on it; ask the debtor for a new mandate if the debtor agrees.',
  suspended: 'The mandate is suspended: lift the suspension in the register (after checking why it was set) or wait, then resume.',
  incomplete: 'Complete the missing mandate data from the signed form and resume.',
};

/** A mandate that breaks one of the scheme's rules (`rule` says which). */
export class MandateRuleBroken extends BankingRuleError {
  readonly whatNext: string;
  constructor(
    message: string,
    field: string,
    readonly rule: MandateRule,
    details: Record<string, unknown> = {},
  ) {
    super(message, field, { ...details, rule });
    this.whatNext = MANDATE_WHAT_NEXT[rule] ?? 'Check the mandate against the signed form, then correct it or reject it.';
  }
}

/** Which collection rule an item broke. */
export type CollectionRule =
  | 'not-this-mandate'
  | 'scheme-mismatch'
  | 'currency'
  | 'amount'
  | 'over-limit'
  | 'final-without-first'
  | 'collection-date'
  | 'pre-notification';

const COLLECTION_WHAT_NEXT: Record<CollectionRule, string> = {
  'not-this-mandate': 'Check the mandate reference and creditor identifier of the collection against the register; correct them or reject the collection.',
  'scheme-mismatch': 'A collection goes under its mandate\'s scheme (CORE or B2B): correct the scheme, or ask the debtor for a mandate of the other scheme.',
  currency: 'SEPA direct debits are in euro: convert the amount or collect it another way.',
  amount: 'Correct the amount (more than 0.00 and at most 999,999,999.99 EUR, two decimals) and resume.',
  'over-limit': 'The amount is above the limit set for one debtor: check it with the creditor, then raise the limit in config or split the claim, or reject the collection.',
  'final-without-first': 'A final collection needs an earlier one on the mandate: collect it as a normal first collection, or use a one-off mandate.',
  'collection-date': 'Choose a later collection date (the earliest possible one is named) and resume, or reject the collection.',
  'pre-notification': 'Send the debtor the pre-notification, or move the collection date so that the notice comes in time, then resume.',
};

/** A collection that breaks one of the scheme's rules or the bank's (`rule` says which). */
export class CollectionRuleBroken extends BankingRuleError {
  readonly whatNext: string;
  constructor(
    message: string,
    field: string,
    readonly rule: CollectionRule,
    details: Record<string, unknown> = {},
  ) {
    super(message, field, { ...details, rule });
    this.whatNext = COLLECTION_WHAT_NEXT[rule] ?? 'Check the collection against its mandate and the bank\'s rules, then correct it or reject it.';
  }
}
