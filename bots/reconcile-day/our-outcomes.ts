/**
 * What our own bots did that an account's day should show (the books' side beside the ledger export):
 * the expectations of the day under every name of the account (a payment's account number, a
 * creditor's IBAN), and forward-dated ones (a payment for tomorrow) the bank booked early, recognised
 * by their reference on the day's statement and taken by this day only. Those the export already holds
 * (the same end-to-end id or reference) are left out.
 */
import type { BankLine, LedgerLine } from '../../reconciliation/index.js';
import type { ExpectedBook } from '../reconcile/index.js';

/** How many calendar days ahead a forward-dated outcome of ours is looked for on the day's statement. */
const EARLY_DAYS = 10;

const refsOf = (l: BankLine | LedgerLine) => [l.references.endToEndId, l.references.ourReference].filter((r): r is string => !!r);

export async function ourOutcomes(expected: ExpectedBook, names: readonly string[], day: string, todayBank: readonly BankLine[], fromExport: readonly LedgerLine[]): Promise<LedgerLine[]> {
  const onStatement = new Set(todayBank.flatMap(refsOf));
  const early = async (name: string) => {
    const lines = (await expected.after(name, day, EARLY_DAYS)).filter((l) => [...refsOf(l), l.batch].some((r) => r && onStatement.has(r)));
    await expected.take(name, lines.map((l) => l.id), day);
    return lines;
  };
  const all = (await Promise.all(names.flatMap((n) => [expected.ofDay(n, day), early(n)]))).flat();
  const known = new Set(fromExport.flatMap(refsOf));
  return [...new Map(all.map((l) => [l.id, l])).values()].filter((l) => !refsOf(l).some((r) => known.has(r)));
}
