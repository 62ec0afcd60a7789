import type { Config } from '../../config/schema.js';
import type { ColumnSpec, SheetSpec } from '../../extractors/sheet/index.js';

/** The columns of a creditor's collection file (a claim per row), found by these header texts (and those the config adds). */
const BASE_COLUMNS = {
  umr: { aliases: ['Mandate reference', 'UMR', 'Mandate ID', 'Mandate id', 'Mandatsreferenz', 'Mandate'], required: true },
  creditorId: { aliases: ['Creditor identifier', 'Creditor ID', 'Creditor id', 'CI', 'Gläubiger-ID', 'Glaeubiger-ID'] },
  amount: { aliases: ['Amount', 'Betrag', 'Collection amount', 'Lastschriftbetrag'], required: true, type: 'amount' },
  currency: { aliases: ['Currency', 'Ccy', 'Währung', 'Waehrung'] },
  collectionDate: { aliases: ['Collection date', 'Due date', 'Requested collection date', 'Fälligkeitsdatum', 'Faelligkeit', 'Date'], required: true, type: 'date' },
  remittance: { aliases: ['Remittance', 'Remittance information', 'Purpose', 'Description', 'Verwendungszweck', 'Invoice'] },
  endToEndId: { aliases: ['End-to-end id', 'EndToEndId', 'E2E id', 'End to end reference'] },
  final: { aliases: ['Final', 'Last collection', 'Final collection', 'Letzte Lastschrift'] },
  notifiedOn: { aliases: ['Pre-notification date', 'Notified on', 'Notice sent', 'Vorabankündigung', 'Pre-notification sent'], type: 'date' },
} as const satisfies Record<string, ColumnSpec>;

export type CollectionSheetField = keyof typeof BASE_COLUMNS;

/** The sheet spec for collection files under this config: extra aliases, the text date format; no totals row. */
export function collectionSheetSpec(config: Config): SheetSpec {
  const c = config.collectionFiles;
  const unknown = Object.keys(c.aliases).filter((k) => !(k in BASE_COLUMNS));
  if (unknown.length) throw new Error(`collectionFiles.aliases names unknown fields: ${unknown.join(', ')} (known: ${Object.keys(BASE_COLUMNS).join(', ')})`);
  const columns: Record<string, ColumnSpec> = {};
  for (const [field, spec] of Object.entries(BASE_COLUMNS)) {
    columns[field] = { ...spec, aliases: [...spec.aliases, ...(c.aliases[field] ?? [])], ...('type' in spec && spec.type === 'date' ? { format: c.dateFormat } : {}) };
  }
  return { columns, totals: { enabled: false }, limits: { maxRows: c.maxRows, maxPartBytes: c.maxUncompressedMB * 1024 * 1024 } };
}
