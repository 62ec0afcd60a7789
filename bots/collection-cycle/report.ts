/**
 * A collection cycle's report, for people: per creditor the counts and sums by state and by reason
 * and the R-rate (from the ledger, so each collection's state is what the bank's answers made it),
 * the file sent (and whether it was checked against the bank's schema), the notices still owed, the
 * dates moved, and every collection with its state. Written as JSON, XLSX and PDF (totals and bar
 * charts) under `<dataDir>/reports/<runId>.*`, where the board's run page offers them; written when
 * the cycle's file is sent and again whenever answers about it are applied.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { capRows, pdfBars, writePdf, writeRunReport, type RunSummaryFile } from '../../reporting/index.js';
import { cycleReport, type CollectionLedger, type CycleReport, type LedgerCollection } from '../collection-ledger/index.js';
import type { CollectionCycleResult } from './cycle.js';

/** What the cycle's parent knew when it sent the file (kept in the ledger for the later reports). */
export interface CycleHeader {
  runId: string;
  /** The creditor's claims file. */
  claimsFile: string;
  file: { name: string; messageId: string; reference: string; count: number; controlSum: string; schema: string | null } | null;
  counts: CollectionCycleResult['counts'];
  noticesOwed: CollectionCycleResult['noticesOwed'];
  rolled: CollectionCycleResult['rolled'];
  notRepresented: CollectionCycleResult['notRepresented'];
}

export interface CollectionCycleReport extends CycleHeader {
  generatedAt: string;
  creditors: (CycleReport & { name: string })[];
  collections: { endToEndId: string; umr: string; debtorName: string; amount: string; sequenceType: string; collectionDate: string; state: string; reason: string; represents: string }[];
}

export function buildCycleReport(header: CycleHeader, collections: LedgerCollection[], now = new Date()): CollectionCycleReport {
  const byCreditor = new Map<string, LedgerCollection[]>();
  for (const c of collections) {
    const id = c.entry?.creditor.creditorId ?? c.mandateKey.split('/')[0]!;
    byCreditor.set(id, [...(byCreditor.get(id) ?? []), c]);
  }
  const cycle = [...new Set(collections.map((c) => c.collectionDate))].sort().join(', ');
  return {
    ...header,
    generatedAt: now.toISOString(),
    creditors: [...byCreditor].map(([id, cs]) => ({ ...cycleReport(id, cycle, cs), name: cs[0]?.entry?.creditor.name ?? id })),
    collections: collections.map((c) => ({
      endToEndId: c.endToEndId,
      umr: c.umr,
      debtorName: c.entry?.debtorName ?? '',
      amount: c.amount,
      sequenceType: c.sequenceType,
      collectionDate: c.collectionDate,
      state: c.state,
      reason: [...c.history].reverse().find((h) => h.reason)?.reason ?? '',
      represents: c.represents ?? '',
    })),
  };
}

const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(2)} %`);

async function writeXlsx(file: string, r: CollectionCycleReport): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('Summary');
  summary.addRows([
    ['Collection cycle', r.runId],
    ['Claims file', r.claimsFile],
    ['pain.008 file', r.file ? `${r.file.name} (message ${r.file.messageId}, bank reference ${r.file.reference})` : 'none: nothing could be collected'],
    ['Schema', r.file ? (r.file.schema ? `validated against ${path.basename(r.file.schema)}` : 'NOT checked against a schema (no directDebits.schemas entry)') : ''],
    ['Generated', r.generatedAt],
    [],
    ['Claims', r.counts.claims],
    ['Planned', r.counts.planned],
    ['Presented again', r.counts.represented],
    ['Exceptions', r.counts.exceptions],
    ['Notices still owed', r.noticesOwed.length],
  ]);
  const totals = wb.addWorksheet('By creditor');
  totals.addRow(['Creditor', 'Name', 'Collections', 'Total EUR', 'State or reason', 'Count', 'Sum EUR', 'R-rate', 'Return rate']);
  for (const c of r.creditors) {
    totals.addRow([c.creditorId, c.name, c.collections, Number(c.total), '', '', '', pct(c.rRate), pct(c.returnRate)]);
    for (const [state, v] of Object.entries(c.byState)) totals.addRow(['', '', '', '', state, v!.count, Number(v!.sum)]);
    for (const [reason, v] of Object.entries(c.byReason)) totals.addRow(['', '', '', '', `reason ${reason}`, v.count, Number(v.sum)]);
  }
  const list = wb.addWorksheet('Collections');
  list.addRow(['End-to-end id', 'Mandate', 'Debtor', 'Amount EUR', 'Sequence', 'Collection date', 'State', 'Reason', 'Presents again']);
  for (const c of r.collections) list.addRow([c.endToEndId, c.umr, c.debtorName, Number(c.amount), c.sequenceType, c.collectionDate, c.state, c.reason, c.represents]);
  const notices = wb.addWorksheet('Notices owed');
  notices.addRow(['End-to-end id', 'Mandate', 'Debtor', 'Amount EUR', 'Collection date', 'Notice due by']);
  for (const n of r.noticesOwed) notices.addRow([n.endToEndId, n.umr, n.debtorName, Number(n.amount), n.collectionDate, n.noticeBy]);
  await wb.xlsx.writeFile(file);
}

const settledGreen = (label: string) => (label.startsWith('settled') || label.startsWith('accepted') ? '#2e7d32' : '#c62828');

function drawPdf(doc: PDFKit.PDFDocument, r: CollectionCycleReport): void {
  doc.font('Helvetica-Bold').fontSize(16).text(`Direct-debit collection cycle ${r.runId}`);
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(`Claims file: ${r.claimsFile}`);
  doc.text(r.file ? `pain.008 file: ${r.file.name}, message ${r.file.messageId}, bank reference ${r.file.reference}, ${r.file.count} collections, ${r.file.controlSum} EUR` : 'No file: nothing could be collected.');
  if (r.file) doc.text(r.file.schema ? `Validated against ${path.basename(r.file.schema)} before it was sent.` : 'NOT checked against a schema: no XSD is configured for this version (directDebits.schemas).');
  doc.text(`Claims ${r.counts.claims}; planned ${r.counts.planned}; presented again ${r.counts.represented}; exceptions ${r.counts.exceptions}; notices still owed ${r.noticesOwed.length}.`);
  doc.text(`Generated ${r.generatedAt}.`);
  let y = doc.y + 15;
  for (const c of r.creditors) {
    doc.font('Helvetica-Bold').fontSize(12).text(`${c.name} (${c.creditorId})`, 50, y);
    doc.font('Helvetica').fontSize(10).text(`${c.collections} collections, ${c.total} EUR. R-rate ${pct(c.rRate)} (rejects, returns, refunds over collections presented); return rate ${pct(c.returnRate)}.`);
    y = pdfBars(doc, 'By state', Object.entries(c.byState).map(([s, v]) => [s, v!.count, `${v!.sum} EUR`]), doc.y + 10, settledGreen);
    if (Object.keys(c.byReason).length) y = pdfBars(doc, 'By reason', Object.entries(c.byReason).map(([s, v]) => [s, v.count, `${v.sum} EUR`]), y, settledGreen);
  }
}

/** The report at a glance for the board's run page (`<runId>.summary.json`): every collection not settled, with its state. */
function boardSummary(r: CollectionCycleReport): RunSummaryFile {
  const open = r.collections.filter((c) => c.state !== 'settled');
  const cap = capRows;
  return {
    lines: [
      `Claims file ${r.claimsFile}: ${r.counts.claims} claims, ${r.counts.planned} planned, ${r.counts.represented} presented again, ${r.counts.exceptions} exceptions; ${r.noticesOwed.length} pre-notifications still owed.`,
      r.file
        ? `pain.008 ${r.file.name}: ${r.file.count} collections, ${r.file.controlSum} EUR, bank reference ${r.file.reference}; ${r.file.schema ? `validated against ${path.basename(r.file.schema)}` : 'NOT checked against a schema'}.`
        : 'No file was sent: nothing could be collected.',
      ...r.creditors.map((c) => `${c.name} (${c.creditorId}): ${c.collections} collections, ${c.total} EUR; R-rate ${pct(c.rRate)}, return rate ${pct(c.returnRate)}.`),
      `States as of ${r.generatedAt} (updated whenever the bank's answers about this cycle are applied).`,
    ],
    tables: [
      ...r.creditors.map((c) => ({
        caption: `${c.name}: collections by state and reason`,
        columns: ['State or reason', 'Collections', 'Sum EUR'],
        rows: [...Object.entries(c.byState).map(([k, v]) => [k, String(v!.count), v!.sum]), ...Object.entries(c.byReason).map(([k, v]) => [`reason ${k}`, String(v.count), v.sum])],
      })),
      {
        caption: 'Collections not settled',
        columns: ['End-to-end id', 'Mandate', 'Debtor', 'Amount EUR', 'Sequence', 'State', 'Reason'],
        ...cap(open.map((c) => [c.endToEndId, c.umr, c.debtorName, c.amount, c.sequenceType, c.state, c.reason]), 'collections'),
      },
      ...(r.noticesOwed.length
        ? [{ caption: 'Pre-notifications still owed', columns: ['End-to-end id', 'Mandate', 'Debtor', 'Amount EUR', 'Collection date', 'Notice due by'], ...cap(r.noticesOwed.map((n) => [n.endToEndId, n.umr, n.debtorName, n.amount, n.collectionDate, n.noticeBy]), 'notices') }]
        : []),
    ],
  };
}

/** Writes the report (JSON, XLSX, PDF, and its summary for the board), each replacing the last one whole. */
export async function writeCycleReport(dataDir: string, report: CollectionCycleReport): Promise<{ json: string; xlsx: string; pdf: string }> {
  return writeRunReport(dataDir, report.runId, {
    json: report,
    summary: boardSummary(report),
    xlsx: (file) => writeXlsx(file, report),
    pdf: (file) => writePdf(file, `Collection cycle ${report.runId}`, (doc) => drawPdf(doc, report)),
  });
}

/** The report of a cycle again, from the ledger's states now (after answers). */
export async function refreshCycleReport(dataDir: string, ledger: CollectionLedger, runId: string): Promise<{ json: string; xlsx: string; pdf: string } | null> {
  const header = await ledger.cycleHeader<CycleHeader>(runId);
  if (!header) return null;
  return writeCycleReport(dataDir, buildCycleReport(header, await ledger.ofRun(runId)));
}
