/**
 * A day's (or month's) statement built from the bank's transaction history screens, for an account whose statements
 * screen offers no file: the day's entries (the screens list newest first), the opening balance from
 * the entry before the day (or the first of the day, less its amount), the closing balance from the
 * day's last entry. Each entry's running balance is checked against the one before it, and the whole
 * against its balances (checkedStatement): what the screens show must add up like a file.
 */
import { Money } from '../../banking/index.js';
import { checkedStatement, type Statement, type StatementEntry } from '../../extractors/statement/index.js';
import type { AccountDetails, HistoryEntry } from '../targets/legacy-bank/index.js';
import { BusinessRuleError } from '../kit/index.js';

/** The first and last day of a period: a day (YYYY-MM-DD) is both; a month (YYYY-MM) runs from the 1st to its last day. */
export function periodDays(period: string): { from: string; to: string } {
  if (period.length !== 7) return { from: period, to: period };
  const [y, m] = period.split('-').map(Number) as [number, number];
  return { from: `${period}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
}

export function statementFromHistory(newestFirst: HistoryEntry[], account: AccountDetails, day: string, file: string, sha256: string): Statement {
  const { from, to } = periodDays(day);
  const inPeriod = (d: string) => d >= from && d <= to;
  const ccy = account.currency;
  const signed = (e: HistoryEntry) => (e.credit ? Money.of(e.credit, ccy) : Money.of(e.debit ?? '0', ccy).negate());
  const oldestFirst = [...newestFirst].reverse();
  const first = oldestFirst.findIndex((e) => inPeriod(e.date));
  const before = [...oldestFirst].reverse().find((e) => e.date < from);
  const ofDay = oldestFirst.filter((e) => inPeriod(e.date));
  if (!before && first < 0) throw new BusinessRuleError(`the history of ${account.accountNumber} shows nothing on or before ${day}`, { field: 'date', account: account.accountNumber, day });
  const opening = before ? Money.of(before.balance, ccy) : Money.of(ofDay[0]!.balance, ccy).minus(signed(ofDay[0]!));
  let running = opening;
  const source = { file, sha256 };
  const entries: StatementEntry[] = ofDay.map((e, i) => {
    running = running.plus(signed(e));
    if (!running.equals(Money.of(e.balance, ccy))) {
      throw new BusinessRuleError(`the history of ${account.accountNumber} on ${day} does not add up at entry ${i + 1}: ${running.toString()} expected, the screen shows ${e.balance}`, { field: 'date', account: account.accountNumber, day });
    }
    return { bookingDate: e.date, valueDate: e.date, amount: signed(e), references: {}, remittance: e.description, provenance: { ...source, line: i + 1, source: `history entry ${i + 1} of ${day}` } };
  });
  const closing = ofDay.length ? Money.of(ofDay[ofDay.length - 1]!.balance, ccy) : opening;
  return checkedStatement({
    format: 'screen',
    id: `${account.accountNumber}-${day}`,
    account: { id: account.accountNumber, iban: account.iban, owner: account.holder },
    currency: ccy,
    opening: { amount: opening, date: from, type: 'OPBD', provenance: { ...source, source: 'history: the balance before the day' } },
    closing: { amount: closing, date: to, type: 'CLBD', provenance: { ...source, source: "history: the day's last balance" } },
    otherBalances: [],
    entries,
    provenance: { ...source, source: `history screens of ${account.accountNumber}` },
  });
}

/** What statement-fetch keeps of the history screens it read (the file a screen-built statement is read from again). */
export interface KeptHistory {
  details: AccountDetails;
  day: string;
  readAt: string;
  newestFirst: HistoryEntry[];
}
