/**
 * A ledger export (the books' expected movements of an account, CSV or Excel) as the matching engine's
 * ledger side. Columns are found by their headers, as payment files' are: a signed amount, or debit
 * and credit columns; the date the movement is expected at the bank; the counterparty; the references
 * (end-to-end id, mandate, RF creditor reference, our reference or invoice number, text), a batch,
 * the bank account and the books' running balance.
 * Open receivables (invoice, RF reference, amount, due date, customer) are read the same way. Read row by row;
 * a row that cannot be read is a problem named by its row, never a silent gap.
 */
import path from 'node:path';
import { Money, parseMoney, type AmountLocale } from '../../banking/index.js';
import { readSheet, type AmountValue, type ColumnSpec, type SheetSpec } from '../../extractors/sheet/index.js';
import type { LedgerLine } from '../../reconciliation/index.js';

const COLUMNS = {
  id: { aliases: ['Entry id', 'Ledger id', 'Journal id', 'Line id', 'Document number', 'Belegnummer', 'Buchungsnummer'] },
  date: { aliases: ['Value date', 'Expected date', 'Due date', 'Date', 'Valuta', 'Wertstellung', 'Booking date', 'Buchungsdatum'], required: true, type: 'date' },
  amount: { aliases: ['Amount', 'Betrag', 'Signed amount'], type: 'amount' },
  debit: { aliases: ['Debit', 'Soll', 'Out'], type: 'amount' },
  credit: { aliases: ['Credit', 'Haben', 'In'], type: 'amount' },
  currency: { aliases: ['Currency', 'Ccy', 'Währung', 'Waehrung'] },
  counterparty: { aliases: ['Counterparty', 'Name', 'Customer', 'Supplier', 'Payer', 'Payee', 'Partner', 'Geschäftspartner', 'Geschaeftspartner'] },
  endToEndId: { aliases: ['End-to-end id', 'EndToEndId', 'E2E id'] },
  mandateReference: { aliases: ['Mandate reference', 'Mandate', 'UMR', 'Mandatsreferenz'] },
  creditorReference: { aliases: ['RF reference', 'Creditor reference', 'Structured reference', 'Strukturierte Referenz'] },
  ourReference: { aliases: ['Reference', 'Our reference', 'Payment reference', 'Referenz', 'Invoice', 'Invoice number', 'Rechnungsnummer'] },
  text: { aliases: ['Description', 'Text', 'Remittance', 'Verwendungszweck', 'Buchungstext'] },
  batch: { aliases: ['Batch', 'Batch id', 'Collection file', 'Sammler'] },
  account: { aliases: ['Account', 'Account number', 'Bank account', 'IBAN', 'Konto', 'Kontonummer'] },
  balance: { aliases: ['Balance', 'Running balance', 'Ledger balance', 'Saldo'], type: 'amount' },
} as const satisfies Record<string, ColumnSpec>;

export interface LedgerFileOptions {
  /** How text dates are written. */
  dateFormat: string;
  /** How text amounts are written (numeric cells are exact whatever it says). */
  amountLocale: AmountLocale;
  /** The currency of rows that do not say. */
  currency: string;
  maxRows?: number;
}

export interface LedgerFile {
  lines: LedgerLine[];
  /** Beside each line (same index): the bank account it is for and the books' balance after it, where the file gives them. */
  rows: { account?: string; balanceAfter?: Money }[];
  /** Rows that could not be read, each with what is wrong. */
  problems: { row: number; message: string }[];
  sha256: string;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? (v as AmountValue).text : String(v).trim());

export async function readLedgerFile(file: string, options: LedgerFileOptions): Promise<LedgerFile> {
  const columns: Record<string, ColumnSpec> = {};
  for (const [k, c] of Object.entries(COLUMNS)) columns[k] = { ...c, ...('type' in c && c.type === 'date' ? { format: options.dateFormat } : {}) };
  const spec: SheetSpec = { columns, totals: { enabled: false }, limits: { maxRows: options.maxRows ?? 500_000 } };
  const reader = readSheet(file, spec);
  const lines: LedgerLine[] = [];
  const rows: LedgerFile['rows'] = [];
  const problems: LedgerFile['problems'] = [];
  const name = path.basename(file);
  // A line's id: its entry id, else its reference (an invoice number), else file and row; never twice.
  const ids = new Set<string>();
  const idOf = (wanted: string, fallback: string) => {
    const id = wanted && !ids.has(wanted) ? wanted : fallback;
    ids.add(id);
    return id;
  };
  for await (const r of reader) {
    const row = r.ok ? r.record.provenance.row : r.error.provenance.row;
    if (!r.ok) {
      problems.push({ row, message: r.error.problems.map((p) => `${p.column}: ${p.message}`).join('; ') });
      continue;
    }
    const f = r.record.fields;
    const currency = (text(f.currency) || options.currency).toUpperCase();
    const money = (v: unknown, field: string) => {
      const a = v as AmountValue | null;
      return a?.text ? parseMoney(a.text, currency, { locale: a.source === 'number' ? 'plain' : options.amountLocale, field }) : undefined;
    };
    try {
      const signed = money(f.amount, 'amount');
      const debit = money(f.debit, 'debit');
      const credit = money(f.credit, 'credit');
      const amount = signed ?? (credit ?? Money.zero(currency)).minus((debit ?? Money.zero(currency)).abs());
      if (!signed && !debit && !credit) throw new Error('no amount: neither an amount nor a debit or credit');
      const refs = { endToEndId: text(f.endToEndId), mandateReference: text(f.mandateReference), creditorReference: text(f.creditorReference), ourReference: text(f.ourReference), text: text(f.text) };
      lines.push({
        id: idOf(text(f.id) || text(f.ourReference), `${name}:${row}`),
        amount,
        date: text(f.date),
        ...(text(f.counterparty) ? { counterparty: text(f.counterparty) } : {}),
        references: Object.fromEntries(Object.entries(refs).filter(([, v]) => v)),
        ...(text(f.batch) ? { batch: text(f.batch) } : {}),
        source: { file: name, at: row },
      });
      const account = text(f.account).replace(/\s/g, '').toUpperCase();
      const balanceAfter = money(f.balance, 'balance');
      rows.push({ ...(account ? { account } : {}), ...(balanceAfter ? { balanceAfter } : {}) });
    } catch (err) {
      problems.push({ row, message: (err as Error).message });
    }
  }
  return { lines, rows, problems, sha256: (await reader.summary).file.sha256 };
}
