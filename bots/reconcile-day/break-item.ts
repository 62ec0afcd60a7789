/**
 * reconcile-break: one break of an account's reconciliation, in front of a person. It stops first as
 * an exception with both sides' evidence (BreakToDecide); the handler's decision comes back as its
 * `resolution` (edit and resume) and is carried out here:
 *   match      — the lines named (this one and others of the account still open, either side) must
 *                add up to the cent, bank against books; they close together;
 *   fee / write-off — the break's amount is accepted as a difference; above
 *                reconciliation.fourEyesAbove a second person approves it first (a four-eyes hold);
 *   timing     — left open and looked at again on the next business day (a new item then, if still open);
 *   escalate   — stays an exception, marked high, with the note.
 * A break closed meanwhile (a later statement matched it, or someone else decided it) ends the item
 * with that reason: run again by the day that closed it, it closes itself.
 */
import { z } from 'zod';
import { Money, nextBusinessDay, parseLocalDate } from '../../banking/index.js';
import { ComplianceHold, defineBot, moneyOrNone, type BotContext } from '../kit/index.js';
import { reconcileService, storedLineSchema, type CarriedBreak, type StoredLine } from '../reconcile/index.js';
import { BreakEscalated, BreakToDecide, ManualMatchRefused } from './break-errors.js';
import { breakPresentation } from './break-presentation.js';

/** The four-eyes rule a large fee or write-off is held under. */
export const WRITE_OFF_RULE = 'reconciliation.four-eyes';

/** Another line of the account, by its break id (`bank:…`, `ledger:…`): what a manual match names. */
const otherLine = z.object({ id: z.string(), side: z.enum(['bank', 'ledger']), line: storedLineSchema });
export type OtherLine = z.infer<typeof otherLine>;

export const breakInput = z.object({
  account: z.string(),
  /** The day it was seen (opened, or re-checked). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  breakId: z.string(),
  side: z.enum(['bank', 'ledger']),
  class: z.string(),
  reason: z.string(),
  ageDays: z.number().int(),
  line: storedLineSchema,
  /** Set on the item of a re-check (a break marked timing, still open). */
  recheck: z.boolean().optional(),
  /** Lines the engine relates to it (the line it duplicates, the one whose amount differs). */
  related: z.array(otherLine).default([]),
  /** Open lines of the account that could match it by hand, closest amount first. */
  candidates: z.array(otherLine).default([]),
  /** The person's decision (edited on the exception page). */
  resolution: z
    .object({
      action: z.enum(['match', 'fee', 'write-off', 'timing', 'escalate']),
      /** Ids of the other lines of a manual match (bank:… or ledger:…), separated by commas or spaces. */
      lines: z.string().optional(),
      note: z.string().max(2_000).optional(),
    })
    .optional(),
});
export type BreakInput = z.infer<typeof breakInput>;

export const breakItemKey = (account: string, breakId: string, recheckDay?: string) => `${account}:${breakId}${recheckDay ? `@${recheckDay}` : ''}`;

export interface BreakResult {
  outcome: 'closed' | 'matched' | 'accepted' | 'timing';
  reason: string;
  recheckOn?: string;
}

const amountOf = (l: StoredLine) => Money.of(l.amount.amount, l.amount.currency);
/** "12.15 EUR on 2027-01-05, Kartenservice Nord (INTEREST Q4)": the line, for the person deciding. */
const describeLine = (b: CarriedBreak) => {
  const l = b.lineData;
  const text = l.references.text?.trim();
  return `${l.amount.amount} ${l.amount.currency} on ${l.date}${l.counterparty ? `, ${l.counterparty}` : ''}${text ? ` (${text.slice(0, 60)})` : ''}`;
};
const describe = (b: CarriedBreak) => `${b.id} (${b.lineData.amount.amount} ${b.lineData.amount.currency}, ${b.lineData.date}${b.lineData.counterparty ? `, ${b.lineData.counterparty}` : ''})`;

export const reconcileBreak = defineBot({
  name: 'reconcile-break',
  input: breakInput,
  key: (i) => breakItemKey(i.account, i.breakId, i.recheck ? i.day : undefined),
  services: [reconcileService],
  presentation: breakPresentation,
  amount: (i) => moneyOrNone(() => Money.fromJSON(i.line.amount)),
  run: async (input, ctx): Promise<BreakResult> => {
    const { breaks, balancing } = ctx.services.reconcile;
    const open = await breaks.openBreak(input.account, input.breakId);
    if (!open) {
      const reason = (await breaks.closedReason(input.account, input.breakId)) ?? 'no longer open';
      return { outcome: 'closed', reason: `closed itself: ${reason}` };
    }
    const limit = ctx.config.reconciliation.fourEyesAbove;
    const r = input.resolution;
    const note = r?.note?.trim() ? `: ${r.note.trim()}` : '';
    if (!r) {
      throw new BreakToDecide(
        `${input.account}: ${open.class}, ${describeLine(open)} — ${open.reason}`,
        { field: 'resolution.action', account: input.account, class: open.class, side: open.side, ageDays: open.ageDays, firstSeen: open.firstSeen, line: open.lineData },
        `${limit} ${open.lineData.amount.currency}`,
      );
    }
    switch (r.action) {
      case 'timing': {
        const recheckOn: string = nextBusinessDay(parseLocalDate(input.day, 'day'), { holidays: ctx.config.banking.holidays });
        await breaks.markTiming(input.account, input.breakId, recheckOn);
        return { outcome: 'timing', reason: `marked as timing${note}; looked at again on ${recheckOn}`, recheckOn };
      }
      case 'escalate':
        throw new BreakEscalated(`${input.account}: ${open.class} escalated${note || ' (no note)'} — ${open.reason}`, { field: 'resolution.action', severity: 'high', account: input.account, class: open.class });
      case 'match':
        return matchByHand(input, open, note, ctx);
      case 'fee':
      case 'write-off': {
        const amount = amountOf(open.lineData);
        const difference = open.side === 'bank' ? amount : amount.negate();
        if (amount.abs().compare(Money.of(limit, amount.currency)) > 0 && !ctx.item.releasedRules.includes(WRITE_OFF_RULE)) {
          throw new ComplianceHold(`${input.account}: ${r.action} of ${amount.abs().toString()} ${amount.currency} is above ${limit}: a second person approves it${note}`, WRITE_OFF_RULE, {
            severity: 'medium',
            account: input.account,
            breakId: input.breakId,
            amount: amount.abs().toString(),
            limit,
          });
        }
        const reason = `accepted as ${r.action === 'fee' ? 'a fee' : 'a write-off'} of ${difference.toString()} ${difference.currency} on ${input.day}${note}`;
        if (!(await breaks.resolve(input.account, [input.breakId], { reason, day: input.day }))) {
          return { outcome: 'closed', reason: `closed itself: ${(await breaks.closedReason(input.account, input.breakId)) ?? 'closed meanwhile'}` };
        }
        await balancing.accept(input.account, `decided:${input.breakId}`, difference);
        ctx.log.info({ account: input.account, breakId: input.breakId, action: r.action }, 'break accepted');
        return { outcome: 'accepted', reason };
      }
    }
  },
});

async function matchByHand(input: BreakInput, open: CarriedBreak, note: string, ctx: BotContext): Promise<BreakResult> {
  const books = ctx.services.reconcile;
  const ids = [...new Set((input.resolution?.lines ?? '').split(/[\s,;]+/).filter(Boolean))].filter((id) => id !== input.breakId);
  if (ids.length === 0) throw new ManualMatchRefused(`${input.account}: a match names the other lines (bank:… or ledger:…)`, { field: 'resolution.lines' });
  const all = new Map((await books.breaks.openBreaks(input.account)).map((b) => [b.id, b]));
  const unknown = ids.filter((id) => !all.has(id));
  if (unknown.length) throw new ManualMatchRefused(`${input.account}: not an open line of this account: ${unknown.join(', ')}`, { field: 'resolution.lines', unknown });
  const group = [open, ...ids.map((id) => all.get(id)!)];
  const ccy = open.lineData.amount.currency;
  if (group.some((b) => b.lineData.amount.currency !== ccy)) throw new ManualMatchRefused(`${input.account}: the lines are in different currencies`, { field: 'resolution.lines' });
  const sum = (side: 'bank' | 'ledger') => Money.sum(group.filter((b) => b.side === side).map((b) => amountOf(b.lineData)), ccy);
  const bank = sum('bank');
  const books_ = sum('ledger');
  if (!group.some((b) => b.side === 'bank') || !group.some((b) => b.side === 'ledger') || !bank.equals(books_)) {
    throw new ManualMatchRefused(
      `${input.account}: the lines do not add up: bank ${bank.toString()}, books ${books_.toString()} ${ccy} (difference ${bank.minus(books_).toString()}); a match needs lines of both sides with equal sums`,
      { field: 'resolution.lines', bank: bank.toString(), ledger: books_.toString() },
    );
  }
  const reason = `matched by hand on ${input.day} with ${group.map(describe).join('; ')}${note}`;
  if (!(await books.breaks.resolve(input.account, group.map((b) => b.id), { reason, day: input.day }))) {
    throw new ManualMatchRefused(`${input.account}: one of the lines was closed meanwhile; look at the lines again`, { field: 'resolution.lines' });
  }
  // The other lines' own items, waiting in the inbox, close with this match.
  for (const id of ids) await ctx.settleItem('reconcile-break', breakItemKey(input.account, id), `closed: ${reason}`);
  return { outcome: 'matched', reason };
}
