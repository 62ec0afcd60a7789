/** What every rule works on: the open lines of both sides, the settings, the business days, and where matches go. */
import { Money } from '../../banking/index.js';
import type { BusinessDays } from '../business-days.js';
import type { Rec } from '../prepare.js';
import type { Match } from '../results.js';
import type { ReconcileSettings, RuleName } from '../settings.js';

export interface RuleContext {
  bank: Rec[];
  ledger: Rec[];
  settings: ReconcileSettings;
  days: BusinessDays;
  matches: Match[];
  /** Grouped searches cut short by their bounds. */
  cut: number;
  /** The fee tolerance in minor units of a currency. */
  tolerance(currency: string): number;
}

/** Records a match and closes its lines. */
export function take(ctx: RuleContext, rule: RuleName, score: number, bank: Rec[], ledger: Rec[], why: string): void {
  for (const r of [...bank, ...ledger]) r.open = false;
  const diff = bank.reduce((s, r) => s + r.minor, 0) - ledger.reduce((s, r) => s + r.minor, 0);
  const currency = bank[0]?.currency ?? ledger[0]!.currency;
  ctx.matches.push({
    rule,
    score: Math.round(score * 1000) / 1000,
    bank: bank.map((r) => r.id),
    ledger: ledger.map((r) => r.id),
    ...(diff ? { difference: Money.fromMinorUnits(BigInt(diff), currency).toString() } : {}),
    why,
  });
}

/** How alike the two lines' counterparties are; null when either has none. */
export function nameScore(ctx: RuleContext, a: Rec, b: Rec): number | null {
  return a.name && b.name ? ctx.settings.nameSimilarity(a.name, b.name) : null;
}

/** Business days between the two lines' dates, unsigned. */
export const apart = (ctx: RuleContext, a: Rec, b: Rec) => Math.abs(ctx.days.between(a.date, b.date));
