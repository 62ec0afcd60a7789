import { assertBicMatchesIban, parseBic } from './bic.js';
import { parseCreditorId } from './creditor-id.js';
import { MandateRuleBroken } from './errors.js';
import { parseIban } from './iban.js';
import { compareDates, parseLocalDate, type LocalDate } from './local-date.js';
import { parseMandateReference } from './mandate-reference.js';
import { SEPA_MAX_LENGTH, toSepaText } from './sepa-charset.js';

/**
 * A SEPA direct-debit mandate: the debtor's signed permission for one creditor to collect from one
 * account. What the register keeps of it, and what a collection (pain.008) must carry.
 */
export type MandateScheme = 'CORE' | 'B2B';
export type MandateType = 'recurrent' | 'one-off';
export type MandateStatus = 'active' | 'suspended' | 'cancelled' | 'expired';

export const MANDATE_SCHEMES: readonly MandateScheme[] = ['CORE', 'B2B'];
export const MANDATE_TYPES: readonly MandateType[] = ['recurrent', 'one-off'];
export const MANDATE_STATUSES: readonly MandateStatus[] = ['active', 'suspended', 'cancelled', 'expired'];

export interface DebtorAddress {
  /** Up to two lines of 70 characters (pain.008 `AdrLine`), e.g. street and number, post code and town. */
  lines: string[];
  /** ISO 3166 country code, when known. */
  country?: string;
}

/** The fields of a mandate a source gives and an amendment may change. */
export interface MandateTerms {
  /** Unique mandate reference, case-sensitive, unique per creditor. */
  umr: string;
  /** SEPA creditor identifier, normalised (`DE98ZZZ09999999999`). */
  creditorId: string;
  creditorName: string;
  debtorName: string;
  debtorAddress: DebtorAddress;
  /** Electronic format. */
  debtorIban: string;
  debtorBic?: string;
  scheme: MandateScheme;
  type: MandateType;
  signedOn: LocalDate;
  /** Place of signature, as written on the form. */
  signedAt: string;
  /** B2B only: the debtor's bank confirmed it holds the mandate (the debtor registered it there). */
  b2bConfirmedByDebtorBank?: boolean;
}

export type MandateField = keyof MandateTerms;

/** Every field of the terms, in the order forms and screens show them. */
export const MANDATE_FIELDS: readonly MandateField[] = [
  'umr',
  'creditorId',
  'creditorName',
  'debtorName',
  'debtorAddress',
  'debtorIban',
  'debtorBic',
  'scheme',
  'type',
  'signedOn',
  'signedAt',
  'b2bConfirmedByDebtorBank',
];

/** One change of a mandate, as the register and the next collection must know it. */
export interface MandateAmendment {
  field: MandateField;
  /** Old and new value as text (addresses as their lines joined with " / "). */
  from: string;
  to: string;
  on: LocalDate;
  /** Where the change came from: "form scan-0042.pdf page 1", "sheet crm.xlsx row 12", "handler alice". */
  source: string;
  /**
   * The next collection must carry it (pain.008 `AmdmntInd` with `AmdmntInfDtls`): a new UMR, a new
   * creditor id or name, a new debtor account. False for changes the scheme does not report (the
   * debtor's address, say).
   */
  carriedInCollection: boolean;
  /** A new debtor account at another bank (the collection then says `SMNDA`, "same mandate, new debtor agent"). */
  debtorBankChanged?: boolean;
}

export interface Mandate extends MandateTerms {
  status: MandateStatus;
  /** Collections presented on it (rejected, returned or refunded ones included). */
  collections: number;
  lastCollectionOn?: LocalDate;
  amendments: MandateAmendment[];
}

/** What a source (a form, a sheet row) gives: text as read, to be checked and normalised. */
export interface MandateInput {
  umr: string;
  creditorId: string;
  creditorName: string;
  debtorName: string;
  debtorAddress: DebtorAddress | string[];
  debtorIban: string;
  debtorBic?: string | undefined;
  scheme: string;
  type: string;
  signedOn: string;
  signedAt: string;
  b2bConfirmedByDebtorBank?: boolean | undefined;
}

export interface MandateCheckOptions {
  /** Today in the bank's time zone: a signature after it is refused. */
  today: LocalDate;
}

const sepaName = (text: string, field: string) => toSepaText(String(text ?? '').trim(), { field, maxLength: SEPA_MAX_LENGTH.name });

const incomplete = (field: string, what: string): never => {
  throw new MandateRuleBroken(`the mandate has no ${what}`, field, 'incomplete', { missing: field });
};

/**
 * Checks a mandate as a source gives it and returns its terms, normalised: UMR, creditor id (check
 * digits), names and address in the SEPA character set (ä → ae), IBAN (SEPA country, check digits)
 * and BIC (fits the IBAN's country), scheme and type, signature date not after `today`, a B2B
 * mandate confirmed by the debtor's bank. Throws the first problem as a banking rule error naming
 * its field.
 */
export function checkMandateTerms(input: MandateInput, options: MandateCheckOptions): MandateTerms {
  const umr = parseMandateReference(input.umr, 'umr');
  const creditorId = parseCreditorId(input.creditorId, 'creditorId').id;
  if (!String(input.creditorName ?? '').trim()) incomplete('creditorName', "creditor's name");
  if (!String(input.debtorName ?? '').trim()) incomplete('debtorName', "debtor's name");
  const creditorName = sepaName(input.creditorName, 'creditorName');
  const debtorName = sepaName(input.debtorName, 'debtorName');
  const address = Array.isArray(input.debtorAddress) ? { lines: input.debtorAddress } : input.debtorAddress;
  const lines = (address?.lines ?? []).map((l) => String(l ?? '').trim()).filter(Boolean);
  if (lines.length > 2) throw new MandateRuleBroken(`the debtor's address has ${lines.length} lines; a collection carries at most 2`, 'debtorAddress', 'incomplete', { lines: lines.length });
  const debtorAddress: DebtorAddress = {
    lines: lines.map((l, i) => toSepaText(l, { field: `debtorAddress.lines.${i}`, maxLength: SEPA_MAX_LENGTH.name })),
    ...(address?.country ? { country: String(address.country).trim().toUpperCase() } : {}),
  };
  const iban = parseIban(input.debtorIban, { field: 'debtorIban', sepaOnly: true });
  const bicText = String(input.debtorBic ?? '').trim();
  const bic = bicText ? parseBic(bicText, { field: 'debtorBic' }) : undefined;
  if (bic) assertBicMatchesIban(bic, iban, { field: 'debtorBic' });
  const scheme = String(input.scheme ?? '').trim().toUpperCase();
  if (!MANDATE_SCHEMES.includes(scheme as MandateScheme)) {
    throw new MandateRuleBroken(`the scheme "${String(input.scheme ?? '').slice(0, 10)}" is neither CORE nor B2B`, 'scheme', 'incomplete', { scheme: String(input.scheme ?? '').slice(0, 10) });
  }
  const type = String(input.type ?? '').trim().toLowerCase();
  if (!MANDATE_TYPES.includes(type as MandateType)) {
    throw new MandateRuleBroken(`the mandate type "${String(input.type ?? '').slice(0, 12)}" is neither recurrent nor one-off`, 'type', 'incomplete', { type: String(input.type ?? '').slice(0, 12) });
  }
  const signedOn = parseLocalDate(String(input.signedOn ?? '').trim(), 'signedOn');
  if (compareDates(signedOn, options.today) > 0) {
    throw new MandateRuleBroken(`the mandate is dated ${signedOn}, after today (${options.today})`, 'signedOn', 'signature-in-future', { signedOn, today: options.today });
  }
  if (!String(input.signedAt ?? '').trim()) incomplete('signedAt', 'place of signature');
  const b2bConfirmed = !!input.b2bConfirmedByDebtorBank;
  if (scheme === 'B2B' && !b2bConfirmed) {
    throw new MandateRuleBroken("a B2B mandate needs its confirmation by the debtor's bank, and it is not confirmed", 'b2bConfirmedByDebtorBank', 'b2b-unconfirmed');
  }
  return {
    umr,
    creditorId,
    creditorName,
    debtorName,
    debtorAddress,
    debtorIban: iban.iban,
    ...(bic ? { debtorBic: bic.bic } : {}),
    scheme: scheme as MandateScheme,
    type: type as MandateType,
    signedOn,
    signedAt: toSepaText(String(input.signedAt).trim(), { field: 'signedAt', maxLength: SEPA_MAX_LENGTH.name }),
    ...(scheme === 'B2B' ? { b2bConfirmedByDebtorBank: b2bConfirmed } : {}),
  };
}

/** A new mandate in the register: active, never collected, no amendments. */
export function newMandate(terms: MandateTerms): Mandate {
  return { ...terms, status: 'active', collections: 0, amendments: [] };
}

/**
 * The key that makes a mandate unique: the creditor (its identifier without the business code,
 * which the creditor may vary by line of business) and the UMR, case kept. `DE09999999999/M-001`.
 */
export function mandateKey(terms: Pick<MandateTerms, 'creditorId' | 'umr'>): string {
  return `${terms.creditorId.slice(0, 2)}${terms.creditorId.slice(7)}/${terms.umr}`;
}
