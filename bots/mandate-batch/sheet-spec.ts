import type { Config } from '../../config/schema.js';
import type { ColumnSpec, SheetSpec } from '../../extractors/sheet/index.js';

/** The columns of a mandate sheet (a CRM's export), found by these header texts (and those the config adds). */
const BASE_COLUMNS = {
  umr: { aliases: ['Mandate reference', 'UMR', 'Mandate ID', 'Mandate id', 'Mandatsreferenz', 'Mandate'], required: true },
  creditorId: { aliases: ['Creditor identifier', 'Creditor ID', 'Creditor id', 'CI', 'Gläubiger-ID', 'Glaeubiger-ID', 'Gläubiger-Identifikationsnummer'], required: true },
  creditorName: { aliases: ['Creditor name', 'Creditor', 'Gläubiger', 'Glaeubiger'], required: true },
  debtorName: { aliases: ['Debtor name', 'Debtor', 'Account holder', 'Kontoinhaber', 'Zahlungspflichtiger', 'Customer name'], required: true },
  street: { aliases: ['Street', 'Address', 'Address line 1', 'Straße', 'Strasse', 'Street and number'] },
  town: { aliases: ['Town', 'City', 'Postcode and town', 'Post code and town', 'Address line 2', 'PLZ Ort', 'PLZ und Ort'] },
  country: { aliases: ['Country', 'Land', 'Debtor country'] },
  debtorIban: { aliases: ['IBAN', 'Debtor IBAN', 'Account IBAN'], required: true },
  debtorBic: { aliases: ['BIC', 'Debtor BIC', 'SWIFT', 'BIC/SWIFT'] },
  scheme: { aliases: ['Scheme', 'SEPA scheme', 'Lastschriftart', 'Scheme (CORE/B2B)'], required: true },
  type: { aliases: ['Type', 'Mandate type', 'Payment type', 'Sequence', 'Zahlungsart', 'Recurrent/one-off'], required: true },
  signedOn: { aliases: ['Date of signature', 'Signed on', 'Signature date', 'Unterschriftsdatum', 'Datum der Unterschrift'], required: true, type: 'date' },
  signedAt: { aliases: ['Place of signature', 'Signed at', 'Place', 'Ort der Unterschrift', 'Ort'], required: true },
  b2bConfirmed: { aliases: ['B2B confirmed', "Debtor bank's confirmation", 'Debtor bank confirmation', 'B2B-Bestätigung'] },
  action: { aliases: ['Action', 'Change', 'Change type', 'New or amendment', 'Aktion'] },
} as const satisfies Record<string, ColumnSpec>;

export type MandateSheetField = keyof typeof BASE_COLUMNS;

/** The sheet spec for mandate sheets under this config: extra aliases, the text date format; no totals row. */
export function mandateSheetSpec(config: Config): SheetSpec {
  const m = config.mandateFiles;
  const unknown = Object.keys(m.aliases).filter((k) => !(k in BASE_COLUMNS));
  if (unknown.length) throw new Error(`mandateFiles.aliases names unknown fields: ${unknown.join(', ')} (known: ${Object.keys(BASE_COLUMNS).join(', ')})`);
  const columns: Record<string, ColumnSpec> = {};
  for (const [field, spec] of Object.entries(BASE_COLUMNS)) {
    columns[field] = { ...spec, aliases: [...spec.aliases, ...(m.aliases[field] ?? [])], ...(field === 'signedOn' ? { format: m.dateFormat } : {}) };
  }
  return { columns, totals: { enabled: false }, limits: { maxRows: m.maxRows, maxPartBytes: m.maxUncompressedMB * 1024 * 1024 } };
}
