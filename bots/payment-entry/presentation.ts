import type { BotPresentation, WrongField } from '../kit/index.js';
import type { PaymentEntryInput } from './index.js';

/** Instruction fields by the names the banking rules give them (`beneficiaryIban`), with the bank's labels. */
const FIELDS = [
  { name: 'reference', label: 'Reference', hint: '1–35 SEPA characters, no spaces' },
  { name: 'endToEndId', label: 'End-to-end id', hint: 'optional; the reference is used without it' },
  { name: 'debitAccount', label: 'Debit account (IBAN)' },
  { name: 'beneficiaryName', label: 'Beneficiary name' },
  { name: 'beneficiaryIban', label: 'Beneficiary IBAN', hint: 'e.g. DE89 3704 0044 0532 0130 00' },
  { name: 'bic', label: 'Beneficiary BIC', hint: 'optional for SEPA' },
  { name: 'amount', label: 'Amount', hint: 'as in the file, e.g. 1.234,56' },
  { name: 'currency', label: 'Currency', hint: 'ISO 4217 code, e.g. EUR' },
  { name: 'executionDate', label: 'Requested execution date', hint: 'YYYY-MM-DD' },
  { name: 'remittance', label: 'Remittance information' },
] as const;

const pathOf = (field: string) => `instruction.${field}`;
const known = new Set<string>(FIELDS.map((f) => f.name));

/** How payments are shown to the people who correct them: the instruction's fields with the bank's labels, the source row beside them. */
export const paymentPresentation: BotPresentation<PaymentEntryInput> = {
  fields: FIELDS.map((f) => ({ path: pathOf(f.name), label: f.label, ...('hint' in f ? { hint: f.hint } : {}) })),
  provenance: [
    { path: 'source.file', label: 'File' },
    { path: 'source.sheet', label: 'Sheet' },
    { path: 'source.row', label: 'Row' },
  ],
  sourceRow: (input) => (input.source ? { file: input.source.file, sheet: input.source.sheet, row: input.source.row, cells: input.source.cells } : undefined),
  wrongFields: (details) => {
    const out: WrongField[] = [];
    const add = (field: unknown, reason: unknown) => {
      if (typeof field === 'string' && known.has(field) && typeof reason === 'string') out.push({ path: pathOf(field), reason });
    };
    if (Array.isArray(details.problems)) for (const p of details.problems as { field?: unknown; message?: unknown }[]) add(p?.field, p?.message);
    if (typeof details.field === 'string') add(details.field, typeof details.reason === 'string' ? details.reason : 'this field is wrong');
    return out;
  },
  // A person who corrected the fields has answered the reader's row errors and the duplicate mark; an
  // amount they typed is text in the file's locale, not a numeric cell's.
  afterEdit: (before, after) => {
    const { rowErrors: _rowErrors, duplicateOfRow: _duplicate, ...rest } = after;
    // The data before may not even be a payment (an input that failed the schema): read it with care.
    const amountTyped = after.instruction?.amount !== (before as Partial<PaymentEntryInput> | undefined)?.instruction?.amount;
    return after.instruction ? { ...rest, instruction: { ...after.instruction, ...(amountTyped ? { amountIsNumber: false } : {}) } } : rest;
  },
  summary: (input) => ({ amount: input.instruction.amount, currency: input.instruction.currency, counterparty: input.instruction.beneficiaryName }),
};
