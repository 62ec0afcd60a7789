import { parseCreditorId, sameCreditor } from './creditor-id.js';
import { CollectionRuleBroken } from './errors.js';
import type { LocalDate } from './local-date.js';
import type { Mandate, MandateScheme } from './mandate.js';
import { assertCollectable } from './mandate-status.js';
import { Money } from './money.js';
import { SEPA_MAX_LENGTH, toSepaText } from './sepa-charset.js';

/**
 * A SEPA direct-debit collection: one claim on one mandate, as the pain.008 file carries it, and the
 * rules that decide whether it may go into a file and with which sequence type.
 */
export type SequenceType = 'FRST' | 'RCUR' | 'FNAL' | 'OOFF';
export const SEQUENCE_TYPES: readonly SequenceType[] = ['FRST', 'RCUR', 'FNAL', 'OOFF'];

/** The largest amount a SEPA direct debit may carry (pain.008: 999,999,999.99 EUR). */
export const MAX_COLLECTION_AMOUNT = Money.of('999999999.99', 'EUR');

export interface CollectionInput {
  umr: string;
  creditorId: string;
  amount: Money;
  /** The day the debtor is debited (pain.008 `ReqdColltnDt`), as the creditor asks for it. */
  collectionDate: LocalDate;
  endToEndId: string;
  remittance?: string;
  /** The scheme the creditor collects under, when the claim says (checked against the mandate's). */
  scheme?: MandateScheme;
  /** The last collection on the mandate: it is sent as FNAL, and the mandate ends with it. */
  final?: boolean;
}

/** What earlier collections on the mandate came to, for the sequence type. */
export interface CollectionHistory {
  /**
   * Collections on the mandate that reached the debtor's bank: not rejected before settlement
   * (returned and refunded ones count: they were presented). 0: the next is a first collection.
   */
  presented: number;
  /** The debtor's account moved to another bank since the last presented collection (an amendment, SMNDA). */
  debtorBankChangedSinceLast?: boolean;
}

export interface CollectionPolicy {
  /** Most one collection may take from one debtor (EUR); none when absent. */
  maxAmountPerDebtor?: Money;
  /**
   * Whether a move of the debtor's account to another bank makes the next collection a first one
   * again. The rulebook required it until November 2016 and no longer does: default false.
   */
  firstAgainAfterDebtorBankChange?: boolean;
}

/** A collection checked against its mandate: ready for a file. */
export interface Collection {
  umr: string;
  creditorId: string;
  amount: Money;
  collectionDate: LocalDate;
  endToEndId: string;
  remittance?: string;
  scheme: MandateScheme;
  sequenceType: SequenceType;
}

/**
 * The sequence type of the next collection on `mandate`: OOFF on a one-off mandate; FRST when none
 * was presented yet (again after a first collection rejected before settlement, and, when the policy
 * says so, after the debtor's account moved to another bank); FNAL when flagged final; else RCUR.
 */
export function sequenceTypeFor(mandate: Pick<Mandate, 'type' | 'umr'>, history: CollectionHistory, options: { final?: boolean } & CollectionPolicy = {}): SequenceType {
  if (mandate.type === 'one-off') return 'OOFF';
  const first = history.presented === 0 || (history.debtorBankChangedSinceLast === true && options.firstAgainAfterDebtorBankChange === true);
  if (first && options.final) {
    throw new CollectionRuleBroken(`collection on mandate ${mandate.umr} is flagged final but would be its first`, 'final', 'final-without-first', { umr: mandate.umr });
  }
  if (first) return 'FRST';
  return options.final ? 'FNAL' : 'RCUR';
}

/**
 * Checks a collection against its mandate and the bank's policy: the same mandate (UMR and creditor),
 * the mandate collectable on the collection date (active, not expired, a one-off unused, a B2B one
 * confirmed), the same scheme, an amount in euro within the scheme's and the bank's limits, the texts
 * in the SEPA character set. Returns it with its sequence type; throws the first problem.
 */
export function checkCollection(input: CollectionInput, mandate: Mandate, history: CollectionHistory, policy: CollectionPolicy = {}): Collection {
  const facts = { umr: input.umr, endToEndId: input.endToEndId };
  const theirs = parseCreditorId(mandate.creditorId, 'creditorId');
  const ours = parseCreditorId(input.creditorId, 'creditorId');
  if (input.umr !== mandate.umr || !sameCreditor(ours, theirs)) {
    throw new CollectionRuleBroken(`collection ${input.endToEndId} names mandate ${input.umr} of ${ours.id}, not ${mandate.umr} of ${theirs.id}`, 'umr', 'not-this-mandate', facts);
  }
  assertCollectable(mandate, input.collectionDate);
  if (input.scheme && input.scheme !== mandate.scheme) {
    throw new CollectionRuleBroken(`collection ${input.endToEndId} is ${input.scheme}; mandate ${mandate.umr} is ${mandate.scheme}`, 'scheme', 'scheme-mismatch', facts);
  }
  if (input.amount.currency !== 'EUR') throw new CollectionRuleBroken(`collection ${input.endToEndId} is in ${input.amount.currency}; SEPA collects in EUR`, 'amount', 'currency', facts);
  if (!input.amount.isPositive() || input.amount.compare(MAX_COLLECTION_AMOUNT) > 0) {
    throw new CollectionRuleBroken(`collection ${input.endToEndId} has the amount ${input.amount.toString()} EUR`, 'amount', 'amount', { ...facts, amount: input.amount.toString() });
  }
  if (policy.maxAmountPerDebtor && input.amount.compare(policy.maxAmountPerDebtor) > 0) {
    throw new CollectionRuleBroken(
      `collection ${input.endToEndId} of ${input.amount.toString()} EUR is above the limit of ${policy.maxAmountPerDebtor.toString()} EUR for one debtor`,
      'amount',
      'over-limit',
      { ...facts, amount: input.amount.toString(), limit: policy.maxAmountPerDebtor.toString() },
    );
  }
  const endToEndId = toSepaText(input.endToEndId.trim(), { field: 'endToEndId', maxLength: SEPA_MAX_LENGTH.reference });
  const remittance = input.remittance?.trim() ? toSepaText(input.remittance.trim(), { field: 'remittance', maxLength: SEPA_MAX_LENGTH.remittance }) : undefined;
  return {
    umr: mandate.umr,
    creditorId: mandate.creditorId,
    amount: input.amount,
    collectionDate: input.collectionDate,
    endToEndId,
    ...(remittance ? { remittance } : {}),
    scheme: mandate.scheme,
    sequenceType: sequenceTypeFor(mandate, history, { ...policy, final: input.final }),
  };
}
