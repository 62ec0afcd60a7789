import { maskIban } from '../../../banking/index.js';
import { amountIn, show } from '../amounts.js';
import type { Check } from './context.js';

/** A first payment (within `knownForMonths`) to a beneficiary, at or above `largeFirst`; customers new to us are not judged unless told. */
export const newBeneficiary: Check = ({ t, w, cfg, unconfigured }) => {
  const { knownForMonths, requireHistory } = cfg.newBeneficiary;
  const limit = amountIn(cfg.newBeneficiary.largeFirst, t.amount.currency);
  if (!limit) return unconfigured('newBeneficiary.largeFirst');
  if (w.beneficiaryLastPaidMs !== undefined) return undefined;
  if (requireHistory && w.knownBeneficiaries === 0) return undefined;
  if (t.amount.compare(limit) < 0) return undefined;
  const others = w.knownBeneficiaries;
  return {
    explanation: `first payment from ${t.customerLabel} to ${t.tx.beneficiaryName} (${maskIban(t.beneficiaryIban)}) within ${knownForMonths} months: ${show(t.amount)}, at or above ${show(limit)}; ${others} other beneficiar${others === 1 ? 'y' : 'ies'} paid in that time`,
    facts: { amount: t.amount.toString(), currency: t.amount.currency, largeFirst: limit.toString(), knownBeneficiaries: others, knownForMonths },
  };
};
