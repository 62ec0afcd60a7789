/**
 * The day's reconciliation report, for people: per account the daily balancing (the bank's opening
 * and closing balance, the books' balance, the difference, what the open breaks and accepted
 * differences explain, and a flag when they do not explain it all), the matches by rule, and every
 * open break with its class, age and reason; accounts that could not be reconciled, with why. Written
 * as JSON, XLSX and a PDF with charts (breaks by class and by age) under `<dataDir>/reports/<runId>.*`;
 * the board's run page shows its summary, with a page per account.
 */
import ExcelJS from 'exceljs';
import { BREAK_CLASSES } from '../../reconciliation/index.js';
import { capRows, pdfBars, writePdf, writeRunReport, type RunSummaryFile, type SummaryPage } from '../../reporting/index.js';
import { AGE_BUCKETS, ageBucket, type CarriedBreak } from '../reconcile/index.js';
import type { ReconcileAccountResult } from './account.js';

export interface AccountSection {
  account: string;
  /** Set when the account could not be reconciled (e.g. its statement was not fetched). */
  notReconciled?: string;
  result?: ReconcileAccountResult;
  openBreaks: { id: string; class: string; side: string; date: string; amount: string; currency: string; counterparty: string; ageDays: number; firstSeen: string; reason: string }[];
}

export interface ReconciliationReport {
  runId: string;
  day: string;
  ledgerFile: string;
  generatedAt: string;
  totals: { accounts: number; reconciled: number; flagged: number; matches: number; openBreaks: number; opened: number; closed: number };
  accounts: AccountSection[];
}

export function openBreakRows(open: CarriedBreak[]): AccountSection['openBreaks'] {
  return open
    .map((b) => ({
      id: b.id,
      class: b.class,
      side: b.side,
      date: b.lineData.date,
      amount: b.lineData.amount.amount,
      currency: b.lineData.amount.currency,
      counterparty: b.lineData.counterparty ?? '',
      ageDays: b.ageDays,
      firstSeen: b.firstSeen,
      reason: b.reason,
    }))
    .sort((a, b) => b.ageDays - a.ageDays || (a.id < b.id ? -1 : 1));
}

export function buildReport(header: { runId: string; day: string; ledgerFile: string }, accounts: AccountSection[], now = new Date()): ReconciliationReport {
  const done = accounts.filter((a) => a.result);
  return {
    ...header,
    generatedAt: now.toISOString(),
    totals: {
      accounts: accounts.length,
      reconciled: done.length,
      flagged: done.filter((a) => a.result!.balancing?.flagged).length,
      matches: done.reduce((n, a) => n + a.result!.matches.total, 0),
      openBreaks: accounts.reduce((n, a) => n + a.openBreaks.length, 0),
      opened: done.reduce((n, a) => n + a.result!.breaks.opened, 0),
      closed: done.reduce((n, a) => n + a.result!.breaks.closed.length, 0),
    },
    accounts,
  };
}

const flagText = (a: AccountSection) =>
  a.notReconciled ? 'NOT RECONCILED' : !a.result!.balancing ? 'notifications only: no balancing' : a.result!.balancing.flagged ? 'FLAGGED: difference not explained' : 'balanced';

async function writeXlsx(file: string, r: ReconciliationReport): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('Balancing');
  summary.addRows([['Reconciliation of', r.day], ['Ledger file', r.ledgerFile], ['Generated', r.generatedAt], []]);
  summary.addRow(['Account', 'Status', 'Currency', 'Opening (bank)', 'Closing (bank)', 'Books balance', 'Books balance from', 'Difference', 'Explained by open breaks and accepted differences', 'Unexplained', 'Open breaks', 'Matches']);
  for (const a of r.accounts) {
    const b = a.result?.balancing;
    summary.addRow(
      b
        ? [a.account, flagText(a), b.currency, Number(b.opening), Number(b.closing), Number(b.ledgerBalance), b.ledgerBalanceFrom, Number(b.difference), Number(b.explained), Number(b.unexplained), b.openBreaks, a.result!.matches.total]
        : [a.account, `${flagText(a)}: ${a.notReconciled}`],
    );
  }
  const breaks = wb.addWorksheet('Open breaks');
  breaks.addRow(['Account', 'Break', 'Class', 'Side', 'Date', 'Amount', 'Currency', 'Counterparty', 'Age (business days)', 'First seen', 'Reason']);
  for (const a of r.accounts) for (const b of a.openBreaks) breaks.addRow([a.account, b.id, b.class, b.side, b.date, Number(b.amount), b.currency, b.counterparty, b.ageDays, b.firstSeen, b.reason]);
  const closed = wb.addWorksheet('Closed today');
  closed.addRow(['Account', 'Break', 'Why it closed']);
  for (const a of r.accounts) for (const c of a.result?.breaks.closed ?? []) closed.addRow([a.account, c.id, c.reason]);
  await wb.xlsx.writeFile(file);
}

const classColour = (label: string) => (label.startsWith('timing') ? '#f9a825' : '#c62828');
const ageColour = (label: string) => (label === '0' || label === '1-2' ? '#f9a825' : '#c62828');

function drawPdf(doc: PDFKit.PDFDocument, r: ReconciliationReport): void {
  doc.font('Helvetica-Bold').fontSize(16).text(`Daily reconciliation and balancing, ${r.day}`);
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(`Ledger file ${r.ledgerFile}. ${r.totals.accounts} accounts, ${r.totals.reconciled} reconciled, ${r.totals.flagged} flagged.`);
  doc.text(`${r.totals.matches} matches; ${r.totals.opened} breaks opened today, ${r.totals.closed} closed, ${r.totals.openBreaks} open in all.`);
  doc.text(`Generated ${r.generatedAt}.`);
  doc.moveDown(0.5).font('Helvetica-Bold').text('Accounts').font('Helvetica');
  for (const a of r.accounts) {
    const b = a.result?.balancing;
    doc.text(`${a.account}: ${flagText(a)}${b ? `; difference ${b.difference} ${b.currency}, unexplained ${b.unexplained}` : ''}; ${a.openBreaks.length} open break(s).`);
  }
  const all = r.accounts.flatMap((a) => a.openBreaks);
  let y = pdfBars(doc, 'Open breaks by class (all accounts)', BREAK_CLASSES.map((c) => [c, all.filter((b) => b.class === c).length, `${all.filter((b) => b.class === c).length} lines`]), doc.y + 15, classColour);
  y = pdfBars(doc, 'Open breaks by age in business days (all accounts)', AGE_BUCKETS.map((a) => [a, all.filter((b) => ageBucket(b.ageDays) === a).length, 'breaks']), y, ageColour);
  for (const a of r.accounts) {
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(13).text(`Account ${a.account}: ${flagText(a)}`, 50, 50);
    doc.font('Helvetica').fontSize(10).moveDown(0.3);
    const b = a.result?.balancing;
    if (!b) {
      doc.text(`Not reconciled: ${a.notReconciled}`);
      continue;
    }
    doc.text(`Bank: opening ${b.opening} ${b.currency}, closing ${b.closing} ${b.currency} (${a.result!.statement.entries} entries).`);
    doc.text(`Books: ${b.ledgerBalance} ${b.currency} (${b.ledgerBalanceFrom}).`);
    doc.text(`Difference ${b.difference}: open at the bank ${b.openAtBank}, open in the books ${b.openInLedger}, accepted ${b.accepted}; unexplained ${b.unexplained}.`);
    doc.text(`Matches ${a.result!.matches.total} (${Object.entries(a.result!.matches.byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}); breaks opened ${a.result!.breaks.opened}, kept ${a.result!.breaks.kept}, closed ${a.result!.breaks.closed.length}.`);
    y = pdfBars(doc, 'Open breaks by class', BREAK_CLASSES.map((c) => [c, b.byClass[c].count, `${b.byClass[c].sum} ${b.currency}`]), doc.y + 12, classColour);
    pdfBars(doc, 'Open breaks by age (business days)', AGE_BUCKETS.map((g) => [g, b.byAge[g], 'breaks']), y, ageColour);
  }
}

const BREAK_COLUMNS = ['Break', 'Class', 'Date', 'Amount', 'Counterparty', 'Age', 'Reason'];
const breakRow = (b: AccountSection['openBreaks'][number]) => [b.id, b.class, b.date, `${b.amount} ${b.currency}`, b.counterparty, String(b.ageDays), b.reason];
/** A page id from an account (letters and digits). */
const pageId = (account: string) => `account-${account.replace(/[^A-Za-z0-9]/g, '')}`;

function accountPage(a: AccountSection): SummaryPage {
  const b = a.result?.balancing;
  return {
    id: pageId(a.account),
    title: `Account ${a.account}: ${flagText(a)}`,
    lines: b
      ? [
          `Bank: opening ${b.opening} ${b.currency}, closing ${b.closing} ${b.currency}. Books: ${b.ledgerBalance} ${b.currency} (${b.ledgerBalanceFrom}).`,
          `Difference ${b.difference} ${b.currency}; explained ${b.explained} (open at the bank ${b.openAtBank}, open in the books ${b.openInLedger}, accepted ${b.accepted}); unexplained ${b.unexplained}.`,
          `Matches ${a.result!.matches.total} (${Object.entries(a.result!.matches.byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}); breaks opened today ${a.result!.breaks.opened}, carried ${a.result!.breaks.kept}, closed ${a.result!.breaks.closed.length}. Each open break is an exception in the inbox.`,
        ]
      : [`Not reconciled: ${a.notReconciled}`],
    tables: [
      ...(b ? [{ caption: 'Open breaks by class', columns: ['Class', 'Breaks', `Sum ${b.currency}`], rows: BREAK_CLASSES.map((c) => [c, String(b.byClass[c].count), b.byClass[c].sum]) }] : []),
      ...(b ? [{ caption: 'Open breaks by age (business days)', columns: ['Age', 'Breaks'], rows: AGE_BUCKETS.map((g) => [g, String(b.byAge[g])]) }] : []),
      { caption: 'Open breaks', columns: BREAK_COLUMNS, ...capRows(a.openBreaks.map(breakRow), 'breaks') },
      ...(a.result?.breaks.closed.length ? [{ caption: 'Closed today', columns: ['Break', 'Why it closed'], ...capRows(a.result.breaks.closed.map((c) => [c.id, c.reason]), 'closed breaks') }] : []),
    ],
  };
}

function boardSummary(r: ReconciliationReport): RunSummaryFile {
  return {
    lines: [
      `Reconciliation of ${r.day} from ${r.ledgerFile}: ${r.totals.accounts} accounts, ${r.totals.reconciled} reconciled, ${r.totals.flagged} flagged (a difference the open breaks do not explain).`,
      `${r.totals.matches} matches; ${r.totals.opened} breaks opened, ${r.totals.closed} closed, ${r.totals.openBreaks} open. Each account has its page below.`,
    ],
    tables: [
      {
        caption: 'Daily balancing',
        columns: ['Account', 'Status', 'Opening', 'Closing', 'Books', 'Difference', 'Explained', 'Unexplained', 'Open breaks'],
        rows: r.accounts.map((a) => {
          const b = a.result?.balancing;
          return b ? [a.account, flagText(a), b.opening, b.closing, b.ledgerBalance, b.difference, b.explained, b.unexplained, String(b.openBreaks)] : [a.account, flagText(a), a.notReconciled ?? '', '', '', '', '', '', String(a.openBreaks.length)];
        }),
      },
    ],
    pages: r.accounts.map(accountPage),
  };
}

export async function writeReconciliationReport(dataDir: string, report: ReconciliationReport): Promise<{ json: string; xlsx: string; pdf: string }> {
  return writeRunReport(dataDir, report.runId, {
    json: report,
    summary: boardSummary(report),
    xlsx: (file) => writeXlsx(file, report),
    pdf: (file) => writePdf(file, `Reconciliation ${report.day}`, (doc) => drawPdf(doc, report)),
  });
}
