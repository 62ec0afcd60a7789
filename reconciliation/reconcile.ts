/**
 * A reconciliation: the bank side against the ledger side, the rules in their order, then every line
 * left open a classified break. Pure: no Redis, no browser, no clock (the day is the settings').
 */
import { Money } from '../banking/index.js';
import { BusinessDays } from './business-days.js';
import { classify } from './classify.js';
import type { BankLine, LedgerLine } from './lines.js';
import { prepare } from './prepare.js';
import type { Reconciliation } from './results.js';
import { matchByAmountDateName } from './rules/amount-date-name.js';
import type { RuleContext } from './rules/context.js';
import { matchFeeDifference } from './rules/fee-difference.js';
import { matchGrouped } from './rules/grouped.js';
import { matchByReference } from './rules/reference.js';
import type { ReconcileSettings, RuleName } from './settings.js';

const RULE_STEPS: Record<RuleName, (ctx: RuleContext) => void> = {
  reference: matchByReference,
  'amount-date-name': matchByAmountDateName,
  grouped: matchGrouped,
  'fee-difference': matchFeeDifference,
};

export function reconcile(bank: readonly BankLine[], ledger: readonly LedgerLine[], settings: ReconcileSettings): Reconciliation {
  const recs = prepare(bank, ledger);
  const days = new BusinessDays([settings.asOf, ...bank.map((l) => l.date), ...ledger.map((l) => l.date)], settings.holidays ?? []);
  const tolerance = new Map<string, number>();
  const ctx: RuleContext = {
    ...recs,
    settings,
    days,
    matches: [],
    cut: 0,
    tolerance: (currency) => {
      let t = tolerance.get(currency);
      if (t === undefined) {
        // The tolerance is set in one currency's units; another currency's lines get the same figure in theirs.
        t = Number(Money.of(settings.feeTolerance.toString(), currency).toMinorUnits());
        tolerance.set(currency, t);
      }
      return t;
    },
  };
  for (const rule of settings.rules) RULE_STEPS[rule](ctx);
  return { matches: ctx.matches, breaks: classify(ctx.bank, ctx.ledger, settings, days), searchesCut: ctx.cut };
}
