import { maskIban } from '../../../banking/index.js';
import { show } from '../amounts.js';
import { addMonths, isoDay, monthsBetween } from '../time.js';
import type { Check } from './context.js';

/**
 * An account with no activity for N months that pays out. Activity is what the windows recorded
 * (or the core system's date, when given: the later counts). An account never seen is not judged.
 */
export const dormantAccount: Check = ({ t, w, cfg }) => {
  const known = [w.lastActivityMs, t.debtorLastActivityMs].filter((x): x is number => x !== undefined);
  if (known.length === 0) return undefined;
  const last = Math.max(...known);
  const { months } = cfg.dormantAccount;
  if (addMonths(last, months) > t.atMs) return undefined;
  const idle = monthsBetween(last, t.atMs);
  return {
    explanation: `account ${maskIban(t.debtorAccount)} had no activity for ${idle} months (last on ${isoDay(last)}) and pays out ${show(t.amount)}; dormant after ${months} months`,
    facts: { lastActivity: new Date(last).toISOString(), idleMonths: idle, dormantAfterMonths: months, amount: t.amount.toString(), currency: t.amount.currency },
  };
};
