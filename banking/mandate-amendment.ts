import { extractIBAN } from 'ibantools';
import { MandateRuleBroken } from './errors.js';
import type { LocalDate } from './local-date.js';
import { MANDATE_FIELDS, checkMandateTerms, type Mandate, type MandateAmendment, type MandateField, type MandateInput, type MandateTerms } from './mandate.js';

/**
 * Amending a mandate: the new terms are checked like a new mandate's, every changed field is
 * recorded (old and new value, day, source), and the changes a collection must report are marked:
 * the UMR, the creditor's identifier or name, the debtor's account (and whether it moved to another
 * bank). Giving the same terms again records nothing: an amendment is a change, not an event.
 */
const CARRIED: ReadonlySet<MandateField> = new Set(['umr', 'creditorId', 'creditorName', 'debtorIban', 'debtorBic']);

/** A field's value as the amendment history shows it. */
function shown(terms: MandateTerms, field: MandateField): string {
  const v = terms[field];
  if (v === undefined) return '';
  if (typeof v === 'object') return [...v.lines, ...(v.country ? [v.country] : [])].join(' / ');
  return String(v);
}

/** The bank of an IBAN: its bank identifier where the country has one, else the whole BBAN. */
const bankOf = (iban: string) => {
  const e = extractIBAN(iban);
  return `${e.countryCode ?? ''}:${e.bankIdentifier ?? e.bban ?? iban}`;
};

export interface AmendOptions {
  on: LocalDate;
  /** Where the change came from (a form, a sheet row, a handler). */
  source: string;
  /** Today, for the signature-date rule of the new terms. */
  today: LocalDate;
}

/** The amended mandate and the amendments recorded (none when nothing changed). */
export function amendMandate(mandate: Mandate, changes: Partial<MandateInput>, options: AmendOptions): { mandate: Mandate; amendments: MandateAmendment[] } {
  if (mandate.status === 'cancelled') {
    throw new MandateRuleBroken(`mandate ${mandate.umr} is cancelled and cannot be amended`, 'umr', 'cancelled', { umr: mandate.umr });
  }
  const before: MandateTerms = mandate;
  const merged: MandateInput = { ...before, ...changes } as MandateInput;
  const after = checkMandateTerms(merged, { today: options.today });
  const amendments: MandateAmendment[] = [];
  for (const field of MANDATE_FIELDS) {
    const from = shown(before, field);
    const to = shown(after, field);
    if (from === to) continue;
    amendments.push({
      field,
      from,
      to,
      on: options.on,
      source: options.source,
      carriedInCollection: CARRIED.has(field),
      ...(field === 'debtorIban' ? { debtorBankChanged: bankOf(from) !== bankOf(to) } : {}),
    });
  }
  const { status, collections, lastCollectionOn } = mandate;
  return {
    mandate: { ...after, status, collections, ...(lastCollectionOn ? { lastCollectionOn } : {}), amendments: [...mandate.amendments, ...amendments] },
    amendments,
  };
}
