import type { Config } from '../../config/schema.js';
import type { ColumnSpec, SheetSpec } from '../../extractors/sheet/index.js';

/** The columns of a payment instruction file, found by these header texts (and those the config adds). */
const BASE_COLUMNS = {
  endToEndId: { aliases: ['End-to-end id', 'EndToEndId', 'E2E id', 'End to end reference', 'E2E reference'] },
  reference: { aliases: ['Reference', 'Payment reference', 'Customer reference', 'Ref', 'Referenz'], required: true },
  debitAccount: { aliases: ['Debit account', 'From account', 'Ordering account', 'Debtor account', 'Auftraggeberkonto'] },
  beneficiaryName: { aliases: ['Beneficiary', 'Beneficiary name', 'Payee', 'Creditor', 'Creditor name', 'Empfänger'], required: true },
  beneficiaryIban: { aliases: ['IBAN', 'Beneficiary IBAN', 'Account number', 'Creditor IBAN', 'Empfänger-IBAN'], required: true },
  bic: { aliases: ['BIC', 'SWIFT', 'BIC/SWIFT', 'Beneficiary BIC'] },
  amount: { aliases: ['Amount', 'Betrag', 'Value'], required: true, type: 'amount' },
  currency: { aliases: ['Currency', 'Ccy', 'Währung', 'Waehrung'], required: true },
  executionDate: { aliases: ['Execution date', 'Requested execution date', 'Value date', 'Date', 'Ausführungsdatum'], required: true, type: 'date' },
  remittance: { aliases: ['Remittance', 'Remittance information', 'Purpose', 'Description', 'Verwendungszweck'] },
} as const satisfies Record<string, ColumnSpec>;

export type PaymentField = keyof typeof BASE_COLUMNS;

/** The sheet spec for payment files under this config: extra aliases, the text date format. */
export function paymentSheetSpec(config: Config): SheetSpec {
  const extra = config.paymentFiles.aliases;
  const unknown = Object.keys(extra).filter((k) => !(k in BASE_COLUMNS));
  if (unknown.length) {
    throw new Error(`paymentFiles.aliases names unknown fields: ${unknown.join(', ')} (known: ${Object.keys(BASE_COLUMNS).join(', ')})`);
  }
  const columns: Record<string, ColumnSpec> = {};
  for (const [field, spec] of Object.entries(BASE_COLUMNS)) {
    columns[field] = {
      ...spec,
      aliases: [...spec.aliases, ...(extra[field] ?? [])],
      ...(field === 'executionDate' ? { format: config.paymentFiles.dateFormat } : {}),
    };
  }
  return {
    columns,
    totals: { amountField: 'amount', decimalSeparator: (config.paymentFiles.amountLocale ?? config.banking.amountLocale) === 'de' ? ',' : '.' },
    limits: { maxRows: config.paymentFiles.maxRows, maxPartBytes: config.paymentFiles.maxUncompressedMB * 1024 * 1024 },
  };
}
