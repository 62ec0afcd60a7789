/**
 * reconcile-account: one account's reconciliation for one day (`account@day`).
 * 1. The bank side: the day's statement, however it came (without one, the day's notifications, e.g.
 *    a camt.054 of incoming payments, with no balancing), and the bank lines of breaks still open.
 * 2. The books' side: the ledger export's lines for the account, what our own bots did that the export
 *    does not hold (payments entered, collections, returns), and the ledger lines of breaks still open.
 * 3. The engine matches them; the day's breaks are recorded once (a day run again after a crash sees
 *    the same lines and records nothing twice); fee differences matched are accepted differences.
 * 4. The daily balancing: the bank's balances against the books', the difference explained or flagged.
 * 5. Breaks a later statement resolved close, and their items close themselves; each new break, and
 *    each break marked timing whose day has come, becomes a reconcile-break item for a person.
 */
import { z } from 'zod';
import { Money } from '../../banking/index.js';
import { reconcile, type Match, type RuleName } from '../../reconciliation/index.js';
import { defineBot } from '../kit/index.js';
import { balanceDay, booksBalance, reconcileService, reconcileSettings, restoreLine, storedLineSchema, type DailyBalancing } from '../reconcile/index.js';
import { bankSideOf } from './bank-side.js';
import { breakItemKey } from './break-item.js';
import { breakItems } from './break-items.js';
import { ourOutcomes } from './our-outcomes.js';
import { accountItemKey } from './plan.js';

export { StatementMissing } from './bank-side.js';

export const reconcileAccountInput = z.object({
  account: z.string().min(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  ledgerFile: z.string(),
  lines: z.array(storedLineSchema),
  ledgerBalance: z.string().optional(),
});

export interface ReconcileAccountResult {
  account: string;
  day: string;
  /** The statement reconciled; `notificationsOnly` when the day had no statement, only notifications (no balancing then). */
  statement: { file: string; entries: number; notificationsOnly?: boolean };
  lines: { bank: number; ledger: number; carriedBank: number; carriedLedger: number; ownOutcomes: number };
  matches: { total: number; byRule: Partial<Record<RuleName, number>> };
  breaks: { opened: number; kept: number; closed: { id: string; reason: string }[]; searchesCut: number };
  /** The items made for people: new breaks and re-checks. */
  breakItems: number;
  /** The daily balancing; absent when only notifications were there (they carry no balance). */
  balancing?: DailyBalancing;
}

function countByRule(matches: Match[]): Partial<Record<RuleName, number>> {
  const out: Partial<Record<RuleName, number>> = {};
  for (const m of matches) out[m.rule] = (out[m.rule] ?? 0) + 1;
  return out;
}

export const reconcileAccount = defineBot({
  name: 'reconcile-account',
  input: reconcileAccountInput,
  key: (i) => accountItemKey(i.account, i.day),
  services: [reconcileService],
  run: async (input, ctx): Promise<ReconcileAccountResult> => {
    const { account, day } = input;
    const { statements, breaks, expected, balancing } = ctx.services.reconcile;

    const bank = await bankSideOf(statements, account, day);
    const carried = await breaks.carriedLines(account, day);
    const carriedIds = new Set(carried.ledger.map((c) => c.id));
    const fromExport = input.lines.map(restoreLine).filter((l) => !carriedIds.has(l.id));
    const own = await ourOutcomes(expected, [...new Set([account, ...bank.names])], day, bank.lines, fromExport);
    const lines = { bank: [...carried.bank, ...bank.lines], ledger: [...carried.ledger, ...fromExport, ...own] };
    await ctx.progress(30, `${lines.bank.length} bank lines, ${lines.ledger.length} ledger lines`);

    const result = reconcile(lines.bank, lines.ledger, reconcileSettings(ctx.config, day));
    const applied = await breaks.applyDay(account, day, result, lines);
    const currency = bank.statement?.closing.amount.currency ?? bank.lines[0]?.amount.currency ?? ctx.config.reconciliation.ledgerFiles.currency;
    for (const m of result.matches) if (m.difference) await balancing.accept(account, `fee:${day}:${m.bank.join('+')}`, Money.of(m.difference, currency));
    await ctx.progress(60, `${result.matches.length} matches, ${result.breaks.length} breaks`);

    const open = await breaks.openBreaks(account);
    let balanced: DailyBalancing | undefined;
    if (bank.statement) {
      const previous = await balancing.previous(account, day);
      const books = booksBalance({
        ...(input.ledgerBalance ? { fromExport: Money.of(input.ledgerBalance, currency) } : {}),
        ...(previous ? { previous: Money.of(previous.ledgerBalance, currency) } : {}),
        bankOpening: bank.statement.opening.amount,
        dayLines: Money.sum([...fromExport, ...own].map((l) => l.amount), currency),
      });
      const accepted = await balancing.acceptedTotal(account, currency);
      balanced = balanceDay({ account, day, opening: bank.statement.opening.amount, closing: bank.statement.closing.amount, ledgerBalance: books.balance, ledgerBalanceFrom: books.from, open, accepted });
      await balancing.record(balanced);
    }

    for (const c of applied.closed) await ctx.settleItem('reconcile-break', breakItemKey(account, c.id), `closed itself: ${c.reason}`);
    const items = breakItems({ account, day }, result.breaks, applied.openedIds ?? [], await breaks.dueForRecheck(account, day), open, lines);
    if (items.length) await ctx.addItems(items);
    ctx.log.info({ account, day, matches: result.matches.length, opened: applied.opened, closed: applied.closed.length, flagged: balanced?.flagged ?? null }, 'account reconciled');
    return {
      account,
      day,
      statement: bank.source,
      lines: { bank: bank.lines.length, ledger: fromExport.length + own.length, carriedBank: carried.bank.length, carriedLedger: carried.ledger.length, ownOutcomes: own.length },
      matches: { total: result.matches.length, byRule: countByRule(result.matches) },
      breaks: { opened: applied.opened, kept: applied.kept, closed: applied.closed.map((c) => ({ id: c.id, reason: c.reason })), searchesCut: result.searchesCut },
      breakItems: items.length,
      ...(balanced ? { balancing: balanced } : {}),
    };
  },
});
