/**
 * A statement read and checked (it adds up: the reader refuses one that does not) kept for the
 * reconciliation, whichever way it came (fetched from the bank's screen, dropped as a file): recorded
 * per account and day with its balances and file, under every name the account goes by (its IBAN, the
 * bank's id, the local number), after the sequence check: a statement that does not open where the
 * previous one closed is a gap, never reconciled past.
 */
import { extractIBAN } from 'ibantools';
import { BusinessRuleError, Money } from '../../banking/index.js';
import type { Statement, StatementAccount } from '../../extractors/statement/index.js';
import type { FetchedStatement, StatementBook } from './statement-book.js';

/** A gap in the statement sequence: a statement is missing, or the bank sent a wrong one. */
export class StatementSequenceGap extends BusinessRuleError {
  override readonly whatNext = 'Get the missing statement (or a corrected one) from the bank and give it first; then resume this item.';
}

/**
 * The names an account goes by in a statement: its IBAN, the source's id, the local number after a
 * bank code (`BANKDEFF/4711`), and the account number inside the IBAN where the country's IBAN has one
 * (so a PDF that prints the number and a camt.053 that gives the IBAN are one sequence).
 */
export function accountKeysOf(account: StatementAccount): string[] {
  const norm = (s: string) => s.replace(/\s/g, '').toUpperCase();
  const iban = account.iban ?? (/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(norm(account.id)) ? norm(account.id) : undefined);
  const inIban = iban ? extractIBAN(iban) : undefined;
  const keys = [account.iban, account.id, account.id.includes('/') ? account.id.slice(account.id.lastIndexOf('/') + 1) : undefined, inIban?.valid ? inIban.accountNumber : undefined];
  return [...new Set(keys.filter((k): k is string => !!k && /^[A-Z0-9]{4,34}$/.test(norm(k))).map(norm))];
}

/** The day a statement is of: its closing balance's date, else its last entry's booking date. */
export function statementDay(s: Statement): string | undefined {
  return s.closing.date ?? s.entries.map((e) => e.bookingDate ?? e.valueDate).filter((d): d is string => !!d).sort().pop();
}

export async function keepStatement(book: StatementBook, s: Statement, kept: { file: string; sha256: string; day: string; accounts: string[]; index?: number }): Promise<FetchedStatement> {
  const opening = s.opening.amount;
  const [first] = kept.accounts;
  if (!first) throw new BusinessRuleError(`the statement ${s.id} names no account we can keep it under`, { field: 'account', statement: s.id });
  // The latest statement before the day under any of the account's names (a PDF kept under the number, a camt.053 under both).
  const previous = await Promise.all(kept.accounts.map((a) => book.previous(a, kept.day)));
  const before = previous.reduce<FetchedStatement | null>((latest, p) => (p && (!latest || p.date > latest.date) ? p : latest), null);
  if (before && !Money.of(before.closing, before.currency).equals(opening)) {
    throw new StatementSequenceGap(
      `gap in the statement sequence of ${first}: the statement of ${kept.day} opens with ${opening.toString()} ${opening.currency}, the one of ${before.date} closed with ${before.closing} ${before.currency}`,
      { field: 'opening', account: first, date: kept.day, previous: before.date, opening: opening.toString(), previousClosing: before.closing },
    );
  }
  const fetched: FetchedStatement = { date: kept.day, opening: opening.toString(), closing: s.closing.amount.toString(), currency: opening.currency, file: kept.file, sha256: kept.sha256, entries: s.entries.length, ...(kept.index ? { index: kept.index } : {}) };
  for (const account of kept.accounts) await book.record(account, fetched);
  return fetched;
}
