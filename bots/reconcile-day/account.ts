/**
 * reconcile-account: one account's reconciliation for one day (`account@day`). The bank side is the
 * day's statement (fetched by statement-fetch, or dropped as a file; without one, the day's
 * notifications, e.g. a camt.054 of incoming payments, with no balancing) and the lines of breaks still open
 * from before; the books' side is the ledger export's lines for the account, what our own bots did
 * (payments entered) that the export does not already hold, and the open ledger lines from before.
 * The engine matches them; the day's breaks are recorded once (a day run again after a crash records
 * nothing twice and sees the same lines); breaks a later statement resolved close, and their items
 * close themselves; each new break, and each break marked timing whose day has come, becomes a
 * reconcile-break item for a person; the account's daily balancing is recorded.
 */
import { z } from 'zod';
import { Money } from '../../banking/index.js';
import { reconcile, type BankLine, type Break, type LedgerLine, type Match, type RuleName } from '../../reconciliation/index.js';
import { BusinessRuleError, defineBot, type BotContext, type RunChild } from '../kit/index.js';
import { accountKeysOf, balanceDay, bankLinesOf, reconcileService, storedLineSchema, reconcileSettings, restoreLine, storeLine, type CarriedBreak, type DailyBalancing, type LedgerBalanceSource, type StoredLine } from '../reconcile/index.js';
import { breakItemKey, type BreakInput, type OtherLine } from './break-item.js';
import { readKeptReport, readKeptStatement } from '../statement-file/index.js';
import { accountItemKey } from './plan.js';

/** The day's statement of the account has not been fetched (or dropped) yet. */
export class StatementMissing extends BusinessRuleError {
  override readonly whatNext = 'Fetch the statement first (rpa dispatch statement-fetch, or drop the bank\'s file in the statements inbox), then resume this item.';
}

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

/** A stored line as the break item's input holds it (its references as a plain record). */
const asInput = (l: StoredLine) => l as BreakInput['line'];

/** How many calendar days ahead a forward-dated outcome of ours is looked for on today's statement. */
const EARLY_DAYS = 10;

/** Candidates shown for a manual match. */
const CANDIDATES = 15;

export const reconcileAccount = defineBot({
  name: 'reconcile-account',
  input: reconcileAccountInput,
  key: (i) => accountItemKey(i.account, i.day),
  services: [reconcileService],
  run: async (input, ctx): Promise<ReconcileAccountResult> => {
    const { account, day } = input;
    const { statements, breaks, expected, balancing } = ctx.services.reconcile;
    // The bank side: the day's statement; without one, the day's notifications (camt.054, camt.052, MT942: incoming
    // payments against open receivables), reconciled the same way but with no balancing (they carry no balance).
    const fetched = await statements.get(account, day);
    const reports = fetched ? [] : await statements.reports(account, day);
    if (!fetched && !reports.length) throw new StatementMissing(`no statement of ${account} for ${day} has been fetched, and no notification of the day is kept`, { field: 'account', account, day });
    const statement = fetched ? await readKeptStatement(fetched) : undefined;
    const notified = await Promise.all(reports.map(readKeptReport));
    const todayBank = statement ? bankLinesOf(statement) : notified.flatMap((r, i) => bankLinesOf(r, reports[i]!.index + 1));
    const accountNames = statement ? accountKeysOf(statement.account) : notified.flatMap((r) => accountKeysOf(r.account));
    const carried = await breaks.carriedLines(account, day);
    const fromFile = input.lines.map(restoreLine).filter((l) => !carried.ledger.some((c) => c.id === l.id));
    // Our own outcomes, under whichever name of the account our bots used (a payment's account number, a creditor's IBAN).
    const names = [...new Set([account, ...accountNames])];
    // Forward-dated ones too (a payment for tomorrow), when the bank booked them today: their reference is on today's statement.
    const onStatement = new Set(todayBank.flatMap((l) => [l.references.endToEndId, l.references.ourReference].filter((r): r is string => !!r)));
    const early = async (n: string) => {
      const lines = (await expected.after(n, day, EARLY_DAYS)).filter((l) => [l.references.endToEndId, l.references.ourReference, l.batch].some((r) => r && onStatement.has(r)));
      await expected.take(n, lines.map((l) => l.id), day);
      return lines;
    };
    const ownByName = (await Promise.all(names.flatMap((n) => [expected.ofDay(n, day), early(n)]))).flat();
    const own = ownOutcomesNotInFile([...new Map(ownByName.map((l) => [l.id, l])).values()], fromFile);
    const lines = { bank: [...carried.bank, ...todayBank], ledger: [...carried.ledger, ...fromFile, ...own] };
    await ctx.progress(30, `${lines.bank.length} bank lines, ${lines.ledger.length} ledger lines`);

    const result = reconcile(lines.bank, lines.ledger, reconcileSettings(ctx.config, day));
    const applied = await breaks.applyDay(account, day, result, lines);
    const currency = statement?.closing.amount.currency ?? todayBank[0]?.amount.currency ?? ctx.config.reconciliation.ledgerFiles.currency;
    for (const m of result.matches) if (m.difference) await balancing.accept(account, `fee:${day}:${m.bank.join('+')}`, Money.of(m.difference, currency));
    await ctx.progress(60, `${result.matches.length} matches, ${result.breaks.length} breaks`);

    const open = await breaks.openBreaks(account);
    let balanced: DailyBalancing | undefined;
    if (statement) {
      // The books' balance: the export's running balance, else yesterday's carried on by today's lines.
      const before = await balancing.previous(account, day);
      const todayLedger = Money.sum([...fromFile, ...own].map((l) => l.amount), currency);
      const [ledgerBalance, from]: [Money, LedgerBalanceSource] = input.ledgerBalance
        ? [Money.of(input.ledgerBalance, currency), 'ledger file']
        : before
          ? [Money.of(before.ledgerBalance, currency).plus(todayLedger), "previous day and the day's lines"]
          : [statement.opening.amount.plus(todayLedger), "bank opening and the day's lines"];
      balanced = balanceDay({ account, day, opening: statement.opening.amount, closing: statement.closing.amount, ledgerBalance, ledgerBalanceFrom: from, open, accepted: await balancing.acceptedTotal(account, currency) });
      await balancing.record(balanced);
    }

    for (const c of applied.closed) await ctx.settleItem('reconcile-break', breakItemKey(account, c.id), `closed itself: ${c.reason}`);
    const breakItems = await addBreakItems(ctx, account, day, result.breaks, applied.openedIds ?? [], open, lines);
    ctx.log.info({ account, day, matches: result.matches.length, opened: applied.opened, closed: applied.closed.length, flagged: balanced?.flagged ?? null }, 'account reconciled');
    return {
      account,
      day,
      statement: fetched ? { file: fetched.file, entries: statement!.entries.length } : { file: reports.map((r) => r.file).join(', '), entries: todayBank.length, notificationsOnly: true },
      lines: { bank: todayBank.length, ledger: fromFile.length + own.length, carriedBank: carried.bank.length, carriedLedger: carried.ledger.length, ownOutcomes: own.length },
      matches: { total: result.matches.length, byRule: countByRule(result.matches) },
      breaks: { opened: applied.opened, kept: applied.kept, closed: applied.closed.map((c) => ({ id: c.id, reason: c.reason })), searchesCut: result.searchesCut },
      breakItems,
      ...(balanced ? { balancing: balanced } : {}),
    };
  },
});

/** Our own outcomes the export does not already hold (the same end-to-end id or reference). */
function ownOutcomesNotInFile(own: LedgerLine[], fromFile: LedgerLine[]): LedgerLine[] {
  const known = new Set(fromFile.flatMap((l) => [l.references.endToEndId, l.references.ourReference].filter((r): r is string => !!r)));
  return own.filter((l) => ![l.references.endToEndId, l.references.ourReference].some((r) => r && known.has(r)));
}

function countByRule(matches: Match[]): Partial<Record<RuleName, number>> {
  const out: Partial<Record<RuleName, number>> = {};
  for (const m of matches) out[m.rule] = (out[m.rule] ?? 0) + 1;
  return out;
}

/** One item per break opened today, and one per break marked timing whose re-check day has come. */
async function addBreakItems(
  ctx: BotContext,
  account: string,
  day: string,
  found: Break[],
  openedIds: string[],
  open: CarriedBreak[],
  lines: { bank: BankLine[]; ledger: LedgerLine[] },
): Promise<number> {
  const { breaks } = ctx.services.reconcile;
  const byId = new Map<string, OtherLine>();
  for (const l of lines.bank) byId.set(`bank:${l.id}`, { id: `bank:${l.id}`, side: 'bank', line: asInput(storeLine(l)) });
  for (const l of lines.ledger) byId.set(`ledger:${l.id}`, { id: `ledger:${l.id}`, side: 'ledger', line: asInput(storeLine(l)) });
  const openById = new Map(open.map((b) => [b.id, b]));
  const foundById = new Map(found.map((b) => [b.id, b]));
  const children: RunChild[] = [];
  const item = (b: CarriedBreak, recheck: boolean): RunChild => {
    const related = (foundById.get(b.id)?.related ?? []).flatMap((id) => [byId.get(`bank:${id}`), byId.get(`ledger:${id}`)].filter((x): x is OtherLine => !!x));
    const input: BreakInput = {
      account,
      day,
      breakId: b.id,
      side: b.side,
      class: b.class,
      reason: b.reason,
      ageDays: b.ageDays,
      line: asInput(b.lineData),
      ...(recheck ? { recheck: true } : {}),
      related,
      candidates: candidatesFor(b, open),
    };
    return { bot: 'reconcile-break', input, businessKey: breakItemKey(account, b.id, recheck ? day : undefined) };
  };
  for (const id of openedIds) {
    const b = openById.get(id);
    if (b) children.push(item(b, false));
  }
  for (const due of await breaks.dueForRecheck(account, day)) {
    const b = openById.get(due.id);
    if (b && !openedIds.includes(due.id)) children.push(item(b, true));
  }
  if (children.length) await ctx.addItems(children);
  return children.length;
}

/** The account's other open lines a person could match this one with: the other side first, closest amount first. */
function candidatesFor(b: CarriedBreak, open: CarriedBreak[]): OtherLine[] {
  const amount = Number(b.lineData.amount.amount); // ordering only: no amount is computed from it
  return open
    .filter((o) => o.id !== b.id && o.lineData.amount.currency === b.lineData.amount.currency)
    .sort((x, y) => (x.side === y.side ? 0 : x.side === b.side ? 1 : -1) || Math.abs(Number(x.lineData.amount.amount) - amount) - Math.abs(Number(y.lineData.amount.amount) - amount))
    .slice(0, CANDIDATES)
    .map((o) => ({ id: o.id, side: o.side, line: asInput(o.lineData) }));
}
