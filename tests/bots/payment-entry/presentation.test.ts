import { describe, expect, it } from 'vitest';
import { paymentPresentation } from '../../../bots/payment-entry/presentation.js';
import type { PaymentEntryInput } from '../../../bots/payment-entry/index.js';

const row: PaymentEntryInput = {
  instruction: { reference: 'R-1', debitAccount: 'DE02120300000000202051', beneficiaryName: 'Jane €uro', beneficiaryIban: 'DE89370400440532013000', amount: '1234.5', amountIsNumber: true, currency: 'EUR', executionDate: '2030-01-07' },
  source: { file: 'payments.xlsx', sha256: 'ab'.repeat(32), sheet: 'Payments', row: 7, cells: { Beneficiary: 'Jane €uro' } },
  rowErrors: [{ column: 'Execution date', message: 'not a date' }],
  duplicateOfRow: 3,
};

describe('how payments are shown to the people who correct them', () => {
  it('labels the instruction fields as the bank does, and keeps the provenance out of the fields', () => {
    const labels = Object.fromEntries(paymentPresentation.fields.map((f) => [f.path, f.label]));
    expect(labels['instruction.beneficiaryIban']).toBe('Beneficiary IBAN');
    expect(paymentPresentation.fields.some((f) => /amountIsNumber|source|rowErrors|duplicateOfRow/.test(f.path))).toBe(false);
    expect(paymentPresentation.sourceRow!(row)).toEqual({ file: 'payments.xlsx', sheet: 'Payments', row: 7, cells: { Beneficiary: 'Jane €uro' } });
  });

  it('flags the fields the banking rules named, with their reasons', () => {
    const wrong = paymentPresentation.wrongFields!({ problems: [{ field: 'beneficiaryName', message: '"€" is not in the SEPA character set' }, { field: 'nonsense', message: 'x' }] });
    expect(wrong).toEqual([{ path: 'instruction.beneficiaryName', reason: '"€" is not in the SEPA character set' }]);
  });

  it('an edit answers the reader\'s row errors and the duplicate mark; a typed amount is no longer a numeric cell\'s', () => {
    const edited = { ...row, instruction: { ...row.instruction, beneficiaryName: 'Jane Euro', amount: '1.234,50' } };
    const after = paymentPresentation.afterEdit!(row, edited);
    expect(after.rowErrors).toBeUndefined();
    expect(after.duplicateOfRow).toBeUndefined();
    expect(after.instruction).toMatchObject({ beneficiaryName: 'Jane Euro', amount: '1.234,50', amountIsNumber: false });
    expect(after.source).toEqual(row.source);
    // The amount untouched: it is still the numeric cell's text.
    expect(paymentPresentation.afterEdit!(row, { ...row, instruction: { ...row.instruction, beneficiaryName: 'Jane Euro' } }).instruction.amountIsNumber).toBe(true);
    expect(paymentPresentation.summary!(row)).toEqual({ amount: '1234.5', currency: 'EUR', counterparty: 'Jane €uro' });
  });
});
