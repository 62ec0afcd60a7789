/**
 * Rule 3: one line on one side against several on the other.
 * - A batch booking: one bank entry for a batch of ledger lines (a direct-debit file, a salary run),
 *   found by the batch's reference on the bank line; all its open lines when they add up, else the
 *   subset that does.
 * - A bank entry for several ledger lines of one counterparty, within the date window.
 * - Instalments: several bank entries (one counterparty or one reference) paying one ledger line,
 *   within the instalment window.
 * The subset-sum search is bounded (settings.subsetSearch); a search cut short is counted, its lines
 * stay breaks.
 */
import { indexBy, type Rec } from '../prepare.js';
import { subsetSum } from '../subset-sum.js';
import { NameBlocks } from './blocking.js';
import { apart, nameScore, take, type RuleContext } from './context.js';

const sameWay = (a: Rec, b: Rec) => a.currency === b.currency && Math.sign(a.minor) === Math.sign(b.minor) && Math.abs(b.minor) < Math.abs(a.minor);

function pickSubset(ctx: RuleContext, one: Rec, candidates: Rec[]): Rec[] | null {
  const bounds = ctx.settings.subsetSearch;
  const pool = candidates.slice(0, bounds.maxCandidates);
  const found = subsetSum(
    one.minor,
    pool.map((c) => c.minor),
    bounds,
  );
  if (found.cut) ctx.cut++;
  return found.pick && found.pick.length >= 2 ? found.pick.map((i) => pool[i]!) : null;
}

export function matchGrouped(ctx: RuleContext): void {
  const s = ctx.settings;
  // Batch bookings, by the batch's reference on the bank line.
  const batches = indexBy(
    ctx.ledger.filter((r) => r.open && r.batch),
    (r) => [r.batch!],
  );
  for (const b of ctx.bank) {
    if (!b.open) continue;
    for (const ref of b.refs) {
      const members = (batches.get(ref) ?? []).filter((l) => l.open && l.currency === b.currency);
      if (members.length < 2) continue;
      const sum = members.reduce((t, l) => t + l.minor, 0);
      const group = sum === b.minor ? members : pickSubset(ctx, b, members.filter((l) => sameWay(b, l)));
      if (group) {
        take(ctx, 'grouped', 1, [b], group, `batch ${ref}: ${group.length} lines booked as one`);
        break;
      }
    }
  }
  // One bank entry for several ledger lines of one counterparty.
  const ledgerNames = new NameBlocks(ctx.ledger.filter((r) => r.open && r.name));
  for (const b of ctx.bank) {
    if (!b.open || !b.name) continue;
    const candidates = ledgerNames
      .near(b.name)
      .filter((l) => l.open && sameWay(b, l) && apart(ctx, b, l) <= s.dateWindowDays && (nameScore(ctx, b, l) ?? 0) >= s.nameThreshold)
      .sort((x, y) => apart(ctx, b, x) - apart(ctx, b, y));
    if (candidates.length < 2) continue;
    const group = pickSubset(ctx, b, candidates);
    if (group) take(ctx, 'grouped', 0.9, [b], group, `${group.length} ledger lines of "${b.name}" paid as one`);
  }
  // Instalments: several bank entries for one ledger line.
  const bankNames = new NameBlocks(ctx.bank.filter((r) => r.open && r.name));
  const bankByRef = indexBy(
    ctx.bank.filter((r) => r.open),
    (r) => r.refs,
  );
  for (const l of ctx.ledger) {
    if (!l.open) continue;
    const window = (b: Rec) => {
      const d = ctx.days.between(l.date, b.date);
      return d >= -s.dateWindowDays && d <= s.instalmentWindowDays;
    };
    // The cheap tests first: a name is scored only for a line that could be an instalment.
    const fits = (b: Rec) => b.open && sameWay(l, b) && window(b);
    const byRef = l.refs.flatMap((ref) => bankByRef.get(ref) ?? []).filter(fits);
    const byName = l.name ? bankNames.near(l.name).filter((b) => fits(b) && (nameScore(ctx, l, b) ?? 0) >= s.nameThreshold) : [];
    const candidates = [...new Set([...byRef, ...byName])].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
    if (candidates.length < 2) continue;
    const group = pickSubset(ctx, l, candidates);
    if (group) take(ctx, 'grouped', byRef.length ? 1 : 0.85, group, [l], `paid in ${group.length} instalments`);
  }
}
