/**
 * A ledger export as a day's reconciliation: the day (a date in the file's name, else the file's
 * latest date), one reconcile-account item per bank account (the file's, and those the configuration
 * reconciles every day) carrying that account's ledger lines and the books' balance where the file
 * gives it, and the day's parent, which writes the balancing report. A row that cannot be read
 * refuses the whole file: a line of the books is never silently left out of a reconciliation.
 */
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { FileRejected, runIdFromDigest } from '../kit/index.js';
import { readLedgerFile, storeLine, type StoredLine } from '../reconcile/index.js';

/** A ledger file that is not reconciled at all. */
export class LedgerFileRejected extends FileRejected {}

export interface ReconcileDayInput {
  file: string;
  sha256: string;
  day: string;
  accounts: string[];
  lines: number;
}

export interface ReconcileAccountInput {
  account: string;
  day: string;
  /** The ledger file's name, for people. */
  ledgerFile: string;
  lines: StoredLine[];
  /** The books' balance at the end of the day, where the file gives a running balance (decimal text). */
  ledgerBalance?: string;
}

export interface ReconcileDayPlan {
  runId: string;
  parent: { bot: 'reconcile-day'; input: ReconcileDayInput };
  children: { bot: 'reconcile-account'; input: ReconcileAccountInput; businessKey: string }[];
}

/** Same file, same run. */
export const reconcileRunId = (sha256: string) => runIdFromDigest('rec', sha256);

/** The day a ledger export is of: a date in its name (2027-01-05, 20270105), else its latest line's. */
export function dayOfLedgerFile(file: string, dates: string[]): string | undefined {
  const name = path.basename(file);
  const m = /(20\d{2})-?([01]\d)-?([0-3]\d)/.exec(name);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return dates.length ? dates.reduce((a, b) => (b > a ? b : a)) : undefined;
}

export const accountItemKey = (account: string, day: string) => `${account}@${day}`;

export async function planReconcileDay(file: string, config: Config): Promise<ReconcileDayPlan> {
  const c = config.reconciliation.ledgerFiles;
  const read = await readLedgerFile(file, { dateFormat: c.dateFormat, amountLocale: c.amountLocale ?? config.banking.amountLocale, currency: c.currency, maxRows: c.maxRows });
  if (read.problems.length) {
    const shown = read.problems.slice(0, 10).map((p) => `row ${p.row}: ${p.message}`);
    throw new LedgerFileRejected(
      file,
      `${read.problems.length} row(s) cannot be read (${shown.join('; ')}${read.problems.length > 10 ? '; …' : ''})`,
      'Correct the export and give it again: nothing was reconciled (a line of the books left out would show as a break that is not one).',
      { problems: read.problems.slice(0, 100) },
    );
  }
  const day = dayOfLedgerFile(file, read.lines.map((l) => l.date));
  if (!day) throw new LedgerFileRejected(file, 'the file has no line and no date in its name, so the day to reconcile is unknown', 'Name the file with its day (ledger-2027-01-05.csv) or give one with its lines.');
  const configured = config.reconciliation.accounts;
  const byAccount = new Map<string, { lines: StoredLine[]; balance?: string }>();
  for (const a of configured) byAccount.set(a, { lines: [] });
  read.lines.forEach((line, i) => {
    const row = read.rows[i]!;
    const account = row.account ?? (configured.length === 1 ? configured[0] : undefined);
    if (!account) {
      throw new LedgerFileRejected(
        file,
        `row ${line.source?.at ?? i + 2} names no bank account, and the configuration does not name exactly one (reconciliation.accounts)`,
        'Export the ledger with an Account (or IBAN) column, or configure the one account this file is for.',
      );
    }
    const entry = byAccount.get(account) ?? { lines: [] };
    entry.lines.push(storeLine(line));
    if (row.balanceAfter && line.date <= day) entry.balance = row.balanceAfter.toString();
    byAccount.set(account, entry);
  });
  const sha256 = read.sha256;
  const runId = reconcileRunId(sha256);
  const name = path.basename(file);
  const accounts = [...byAccount.keys()].sort();
  return {
    runId,
    parent: { bot: 'reconcile-day', input: { file: name, sha256, day, accounts, lines: read.lines.length } },
    children: accounts.map((account) => {
      const e = byAccount.get(account)!;
      return { bot: 'reconcile-account', input: { account, day, ledgerFile: name, lines: e.lines, ...(e.balance ? { ledgerBalance: e.balance } : {}) }, businessKey: accountItemKey(account, day) };
    }),
  };
}
