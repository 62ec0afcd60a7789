/**
 * An account's bank side for a day: the day's statement kept (however it came); without one, the
 * day's notifications (a camt.054 of incoming payments), which reconcile the same way but carry no
 * balance to balance the day with.
 */
import { BusinessRuleError } from '../../banking/index.js';
import type { Statement } from '../../extractors/statement/index.js';
import type { BankLine } from '../../reconciliation/index.js';
import { accountKeysOf, bankLinesOf, type StatementBook } from '../reconcile/index.js';
import { readKeptReport, readKeptStatement } from '../statement-file/index.js';

/** The day's statement of the account has not been fetched (or dropped) yet. */
export class StatementMissing extends BusinessRuleError {
  override readonly whatNext = 'Fetch the statement first (rpa dispatch statement-fetch, or drop the bank\'s file in the statements inbox), then resume this item.';
}

export interface BankSide {
  /** The statement, when there is one (the balancing needs it). */
  statement?: Statement;
  lines: BankLine[];
  /** The names the bank gives the account (for our own outcomes recorded under another). */
  names: string[];
  source: { file: string; entries: number; notificationsOnly?: boolean };
}

export async function bankSideOf(statements: StatementBook, account: string, day: string): Promise<BankSide> {
  const fetched = await statements.get(account, day);
  if (fetched) {
    const statement = await readKeptStatement(fetched);
    return { statement, lines: bankLinesOf(statement), names: accountKeysOf(statement.account), source: { file: fetched.file, entries: statement.entries.length } };
  }
  const kept = await statements.reports(account, day);
  if (!kept.length) throw new StatementMissing(`no statement of ${account} for ${day} has been fetched, and no notification of the day is kept`, { field: 'account', account, day });
  const reports = await Promise.all(kept.map(readKeptReport));
  const lines = reports.flatMap((r, i) => bankLinesOf(r, kept[i]!.index + 1));
  return { lines, names: reports.flatMap((r) => accountKeysOf(r.account)), source: { file: kept.map((r) => r.file).join(', '), entries: lines.length, notificationsOnly: true } };
}
