/**
 * The items a day's reconciliation of an account puts in front of people: one per break opened that
 * day, and one per break marked timing whose re-check day has come. Each carries the break's line, the
 * lines the engine relates to it, and the account's open lines a person could match it with.
 */
import type { BankLine, Break, LedgerLine } from '../../reconciliation/index.js';
import type { RunChild } from '../kit/index.js';
import { storeLine, type CarriedBreak, type StoredLine } from '../reconcile/index.js';
import { breakItemKey, type BreakInput, type OtherLine } from './break-item.js';

/** Candidates shown for a manual match. */
const CANDIDATES = 15;

/** A stored line as the break item's input holds it (its references as a plain record). */
const asInput = (l: StoredLine) => l as BreakInput['line'];

export function breakItems(
  at: { account: string; day: string },
  found: readonly Break[],
  openedIds: readonly string[],
  due: readonly { id: string }[],
  open: readonly CarriedBreak[],
  lines: { bank: readonly BankLine[]; ledger: readonly LedgerLine[] },
): RunChild[] {
  const byId = new Map<string, OtherLine>();
  for (const l of lines.bank) byId.set(`bank:${l.id}`, { id: `bank:${l.id}`, side: 'bank', line: asInput(storeLine(l)) });
  for (const l of lines.ledger) byId.set(`ledger:${l.id}`, { id: `ledger:${l.id}`, side: 'ledger', line: asInput(storeLine(l)) });
  const openById = new Map(open.map((b) => [b.id, b]));
  const foundById = new Map(found.map((b) => [b.id, b]));
  const item = (b: CarriedBreak, recheck: boolean): RunChild => {
    const related = (foundById.get(b.id)?.related ?? []).flatMap((id) => [byId.get(`bank:${id}`), byId.get(`ledger:${id}`)].filter((x): x is OtherLine => !!x));
    const input: BreakInput = {
      account: at.account,
      day: at.day,
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
    return { bot: 'reconcile-break', input, businessKey: breakItemKey(at.account, b.id, recheck ? at.day : undefined) };
  };
  const opened = openedIds.flatMap((id) => (openById.has(id) ? [item(openById.get(id)!, false)] : []));
  const rechecks = due.flatMap((d) => (openById.has(d.id) && !openedIds.includes(d.id) ? [item(openById.get(d.id)!, true)] : []));
  return [...opened, ...rechecks];
}

/** The account's other open lines a person could match this one with: the other side first, closest amount first. */
function candidatesFor(b: CarriedBreak, open: readonly CarriedBreak[]): OtherLine[] {
  const amount = Number(b.lineData.amount.amount); // ordering only: no amount is computed from it
  return open
    .filter((o) => o.id !== b.id && o.lineData.amount.currency === b.lineData.amount.currency)
    .sort((x, y) => (x.side === y.side ? 0 : x.side === b.side ? 1 : -1) || Math.abs(Number(x.lineData.amount.amount) - amount) - Math.abs(Number(y.lineData.amount.amount) - amount))
    .slice(0, CANDIDATES)
    .map((o) => ({ id: o.id, side: o.side, line: asInput(o.lineData) }));
}
