/**
 * Server-side validation of the TX01 payment entry form. Every problem becomes one upper-case message
 * (the screen shows them all, in red, above the re-displayed form). The messages never repeat the
 * entered account numbers or IBANs. Amounts are parsed with string and BigInt work only (no floats).
 */
import { dayNumber, type IsoDate } from './format.js';
import { isValidIban, normalizeIban } from './iban.js';
import type { PaymentOrder } from './postings.js';
import type { Account } from './seed.js';

/** The raw form values, as typed. */
export interface PaymentForm {
  debitAccount: string;
  beneficiaryName: string;
  beneficiaryIban: string;
  bic: string;
  amount: string;
  currency: string;
  executionDate: string;
  reference: string;
  remittance: string;
}

export interface PaymentField {
  /** The form field's name. */
  name: string;
  /** How messages name it. */
  label: string;
  /** Longest accepted value (after trimming; IBANs and account numbers without spaces). */
  max: number;
  mandatory: boolean;
}

export const PAYMENT_FIELDS: Record<keyof PaymentForm, PaymentField> = {
  debitAccount: { name: 'txtDebitAccount', label: 'DEBIT ACCOUNT', max: 34, mandatory: true },
  beneficiaryName: { name: 'txtBeneficiaryName', label: 'BENEFICIARY NAME', max: 70, mandatory: true },
  beneficiaryIban: { name: 'txtBeneficiaryIban', label: 'BENEFICIARY IBAN', max: 34, mandatory: true },
  bic: { name: 'txtBic', label: 'BIC', max: 11, mandatory: false },
  amount: { name: 'txtAmount', label: 'AMOUNT', max: 24, mandatory: true },
  currency: { name: 'txtCurrency', label: 'CURRENCY', max: 3, mandatory: true },
  executionDate: { name: 'txtExecutionDate', label: 'EXECUTION DATE', max: 10, mandatory: true },
  reference: { name: 'txtReference', label: 'REFERENCE', max: 35, mandatory: true },
  remittance: { name: 'txtRemittance', label: 'REMITTANCE INFORMATION', max: 140, mandatory: false },
};

/** Decimals of the currencies the system knows (ISO 4217 minor units). */
export const CURRENCY_DECIMALS: Record<string, number> = { EUR: 2, USD: 2, GBP: 2, CHF: 2, JPY: 0 };

/** Largest amount the screen accepts, in minor units (999.999.999.999,99). */
export const MAX_AMOUNT_MINOR = 99_999_999_999_999n;

export const MESSAGES = {
  mandatory: (label: string) => `${label} IS MANDATORY`,
  tooLong: (label: string, max: number) => `${label} IS TOO LONG (MAX ${max} CHARACTERS)`,
  accountNotFound: 'DEBIT ACCOUNT NOT FOUND',
  ibanFormat: 'INVALID BENEFICIARY IBAN: NOT AN IBAN',
  ibanCheckDigits: 'INVALID BENEFICIARY IBAN: WRONG CHECK DIGITS',
  bic: 'INVALID BIC (8 OR 11 CHARACTERS, E.G. NORSDEFFXXX)',
  amountFormat: 'INVALID AMOUNT (FORMAT 1.234,56)',
  amountDecimals: (currency: string, decimals: number) => `AMOUNT HAS MORE THAN ${decimals} DECIMALS FOR ${currency}`,
  amountNotPositive: 'AMOUNT MUST BE GREATER THAN ZERO',
  amountTooLarge: 'AMOUNT EXCEEDS THE MAXIMUM OF 999.999.999.999,99',
  currencyCode: 'INVALID CURRENCY CODE',
  currencyNotAllowed: (currency: string, allowed: readonly string[]) => `CURRENCY ${currency} NOT ALLOWED FOR THIS ACCOUNT (ALLOWED: ${allowed.join(', ')})`,
  dateFormat: 'INVALID EXECUTION DATE (FORMAT DD/MM/YYYY)',
  datePast: 'EXECUTION DATE IS IN THE PAST',
  referenceCharacters: "REFERENCE CONTAINS INVALID CHARACTERS (ALLOWED: A-Z a-z 0-9 / - ? : ( ) . , ' + SPACE)",
  controlCharacters: (label: string) => `${label} CONTAINS INVALID CHARACTERS`,
} as const;

export type AmountParse = { ok: true; minor: bigint } | { ok: false; reason: 'format' | 'decimals' | 'not-positive' | 'too-large' };

/**
 * "1.234,56" / "1234,56" / "1234" / "0,5" → minor units (for `decimals` decimals).
 * Thousands separators are dots in groups of three; the decimal separator is a comma.
 */
export function parseScreenAmount(text: string, decimals: number): AmountParse {
  const s = text.replace(/[\s\u00a0]/g, '');
  const m = /^([-+]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const fraction = m[3] ?? '';
  if (fraction.length > decimals) return { ok: false, reason: 'decimals' };
  const minor = BigInt((m[2] as string).replace(/\./g, '') + fraction.padEnd(decimals, '0'));
  if (m[1] === '-' || minor === 0n) return { ok: false, reason: 'not-positive' };
  if (minor > MAX_AMOUNT_MINOR) return { ok: false, reason: 'too-large' };
  return { ok: true, minor };
}

/** "05/03/2024" → "2024-03-05"; null for anything that is not a real calendar date in that format. */
export function parseScreenDate(text: string): IsoDate | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
/** The SEPA (EPC) character set for references. */
const REFERENCE_CHARS = /^[A-Za-z0-9/\-?:().,'+ ]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** The currencies a payment from this account may be made in: its own currency. */
export function allowedCurrencies(account: Account): string[] {
  return [account.currency];
}

export type PaymentValidation = { ok: true; order: PaymentOrder; account: Account } | { ok: false; errors: string[] };

/** Checks the whole form; all problems at once, in field order. */
export function validatePayment(
  form: PaymentForm,
  ctx: { findAccount(ref: string): Account | undefined; today: IsoDate },
): PaymentValidation {
  const errors: string[] = [];
  const v = {
    debitAccount: normalizeIban(form.debitAccount),
    beneficiaryName: form.beneficiaryName.trim(),
    beneficiaryIban: normalizeIban(form.beneficiaryIban),
    bic: form.bic.trim().toUpperCase(),
    amount: form.amount.trim(),
    currency: form.currency.trim().toUpperCase(),
    executionDate: form.executionDate.trim(),
    reference: form.reference.trim(),
    remittance: form.remittance.trim(),
  } satisfies PaymentForm;

  /** Mandatory and length checks; true when the value may be checked further. */
  const present = (key: keyof PaymentForm): boolean => {
    const f = PAYMENT_FIELDS[key];
    const value = v[key];
    if (value === '') {
      if (f.mandatory) errors.push(MESSAGES.mandatory(f.label));
      return false;
    }
    if (value.length > f.max) {
      errors.push(MESSAGES.tooLong(f.label, f.max));
      return false;
    }
    if (CONTROL_CHARS.test(value)) {
      errors.push(MESSAGES.controlCharacters(f.label));
      return false;
    }
    return true;
  };

  let account: Account | undefined;
  if (present('debitAccount')) {
    account = ctx.findAccount(v.debitAccount);
    if (!account) errors.push(MESSAGES.accountNotFound);
  }
  present('beneficiaryName');
  if (present('beneficiaryIban')) {
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(v.beneficiaryIban)) errors.push(MESSAGES.ibanFormat);
    else if (!isValidIban(v.beneficiaryIban)) errors.push(MESSAGES.ibanCheckDigits);
  }
  if (present('bic') && !BIC.test(v.bic)) errors.push(MESSAGES.bic);

  let currencyOk = false;
  if (present('currency')) {
    if (!/^[A-Z]{3}$/.test(v.currency)) errors.push(MESSAGES.currencyCode);
    else if (account && !allowedCurrencies(account).includes(v.currency)) {
      errors.push(MESSAGES.currencyNotAllowed(v.currency, allowedCurrencies(account)));
    } else currencyOk = true;
  }
  let amountMinor: bigint | undefined;
  if (present('amount')) {
    const currency = currencyOk ? v.currency : (account?.currency ?? 'EUR');
    const decimals = CURRENCY_DECIMALS[currency] ?? 2;
    const parsed = parseScreenAmount(v.amount, decimals);
    if (parsed.ok) amountMinor = parsed.minor;
    else if (parsed.reason === 'format') errors.push(MESSAGES.amountFormat);
    else if (parsed.reason === 'decimals') errors.push(MESSAGES.amountDecimals(currency, decimals));
    else if (parsed.reason === 'not-positive') errors.push(MESSAGES.amountNotPositive);
    else errors.push(MESSAGES.amountTooLarge);
  }
  let executionDate: IsoDate | null = null;
  if (present('executionDate')) {
    executionDate = parseScreenDate(v.executionDate);
    if (!executionDate) errors.push(MESSAGES.dateFormat);
    else if (dayNumber(executionDate) < dayNumber(ctx.today)) errors.push(MESSAGES.datePast);
  }
  if (present('reference') && !REFERENCE_CHARS.test(v.reference)) errors.push(MESSAGES.referenceCharacters);
  present('remittance');

  if (errors.length > 0 || !account || amountMinor === undefined || !executionDate) {
    return { ok: false, errors: errors.length ? errors : ['PAYMENT COULD NOT BE VALIDATED'] };
  }
  return {
    ok: true,
    account,
    order: {
      debitAccount: account.accountNumber,
      beneficiaryName: v.beneficiaryName,
      beneficiaryIban: v.beneficiaryIban,
      bic: v.bic,
      amount: Number(amountMinor),
      currency: v.currency,
      executionDate,
      reference: v.reference,
      remittance: v.remittance,
    },
  };
}
