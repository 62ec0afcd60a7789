import { z } from 'zod';
import {
  Money,
  parseBic,
  parseIban,
  parseMoney,
  resolveExecutionDate,
  SEPA_MAX_LENGTH,
  toSepaText,
  assertBicMatchesIban,
  type AmountLocale,
  type ExecutionDatePolicy,
  type Iban,
} from '../../banking/index.js';
import { BusinessRuleError } from '../kit/index.js';

/** A payment instruction as read from a file: text, not yet checked. */
export const rawInstruction = z.object({
  endToEndId: z.string().optional(),
  reference: z.string(),
  debitAccount: z.string(),
  beneficiaryName: z.string(),
  beneficiaryIban: z.string(),
  bic: z.string().optional(),
  /** As written in the source (`1.234,56`), or a numeric cell's plain decimal text (`1234.56`). */
  amount: z.string(),
  /** The amount came from a numeric cell: its text is a plain decimal, whatever the file's locale. */
  amountIsNumber: z.boolean().optional(),
  currency: z.string(),
  /** YYYY-MM-DD (the sheet reader has read it in the declared format). */
  executionDate: z.string(),
  remittance: z.string().optional(),
});
export type RawInstruction = z.infer<typeof rawInstruction>;

/** A payment instruction that passed every banking rule: what the bot enters. */
export interface PaymentInstruction {
  endToEndId?: string;
  reference: string;
  debitAccount: string;
  beneficiaryName: string;
  beneficiaryIban: Iban;
  bic?: string;
  amount: Money;
  executionDate: string;
  /** Set when the requested date was not a valid execution date and was rolled forward. */
  requestedExecutionDate?: string;
  remittance?: string;
}

export interface ValidationPolicy {
  /** How amounts are written in the source (declared, never guessed). */
  amountLocale: AmountLocale;
  executionDate: Omit<ExecutionDatePolicy, 'field'>;
}

const REFERENCE = /^[A-Za-z0-9/\-?:().,'+]{1,35}$/;
const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/** The instruction's amount, exact: a numeric cell's plain decimal, else text in the file's locale. */
export function instructionAmount(raw: Pick<RawInstruction, 'amount' | 'amountIsNumber' | 'currency'>, amountLocale: ValidationPolicy['amountLocale']): Money {
  return parseMoney(raw.amount, raw.currency.trim().toUpperCase(), { locale: raw.amountIsNumber ? 'plain' : amountLocale, field: 'amount' });
}

/**
 * Applies the banking rules to a raw instruction. Every problem is collected (not only the
 * first), and all of them are reported in one BusinessRuleError whose details name each field.
 */
export function validateInstruction(raw: RawInstruction, policy: ValidationPolicy): PaymentInstruction {
  const problems: { field: string; message: string }[] = [];
  const attempt = <T>(field: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof BusinessRuleError)) throw err;
      problems.push({ field: (err as { field?: string }).field ?? field, message: err.message });
      return undefined;
    }
  };
  const fail = (field: string, message: string) => problems.push({ field, message });

  const reference = raw.reference.trim();
  if (!REFERENCE.test(reference)) fail('reference', `reference "${reference.slice(0, 40)}" must be 1-35 SEPA characters without spaces`);
  const endToEndId = blank(raw.endToEndId) ? undefined : raw.endToEndId!.trim();
  if (endToEndId !== undefined && !REFERENCE.test(endToEndId)) fail('endToEndId', `end-to-end id must be 1-35 SEPA characters without spaces`);
  if (blank(raw.debitAccount)) fail('debitAccount', 'the debit account is missing');
  const beneficiaryName = attempt('beneficiaryName', () => {
    if (blank(raw.beneficiaryName)) throw new BusinessRuleError('the beneficiary name is missing', { field: 'beneficiaryName' });
    return toSepaText(raw.beneficiaryName.trim(), { maxLength: SEPA_MAX_LENGTH.name, field: 'beneficiaryName' });
  });
  const iban = attempt('beneficiaryIban', () => parseIban(raw.beneficiaryIban, { field: 'beneficiaryIban', sepaOnly: true }));
  const bic = blank(raw.bic)
    ? undefined
    : attempt('bic', () => {
        const b = parseBic(raw.bic!, { field: 'bic' });
        if (iban) assertBicMatchesIban(b, iban, { field: 'bic' });
        return b.bic;
      });
  const amount = attempt('amount', () => {
    const m = instructionAmount(raw, policy.amountLocale);
    if (!m.isPositive()) throw new BusinessRuleError(`the amount must be more than zero (found ${m.toString()} ${m.currency})`, { field: 'amount' });
    return m;
  });
  const remittance = blank(raw.remittance)
    ? undefined
    : attempt('remittance', () => toSepaText(raw.remittance!.trim(), { maxLength: SEPA_MAX_LENGTH.remittance, field: 'remittance' }));
  const date = attempt('executionDate', () => resolveExecutionDate(raw.executionDate.trim(), { ...policy.executionDate, field: 'executionDate' }));

  if (problems.length > 0 || !beneficiaryName || !iban || !amount || !date) {
    throw new BusinessRuleError(problems.map((p) => p.message).join('; '), { problems });
  }
  return {
    endToEndId,
    reference,
    debitAccount: raw.debitAccount.trim(),
    beneficiaryName,
    beneficiaryIban: iban,
    bic,
    amount,
    executionDate: date.date,
    requestedExecutionDate: date.rolled ? raw.executionDate.trim() : undefined,
    remittance,
  };
}
