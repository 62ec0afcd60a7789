import { Money } from '../../../banking/index.js';
import { AmlRules } from '../../../compliance/rules/engine.js';
import type { AmlTransaction } from '../../../compliance/rules/transaction.js';
import { complianceRules } from '../../../config/compliance-rules.js';
import { testRedis } from '../alerts/redis.js';

export const { redis, keyPrefix } = testRedis();

export const T0 = Date.parse('2025-03-10T10:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const DEBTOR = 'DE89370400440532013000';
export const BENEFICIARY = 'GB29NWBK60161331926819';

let seq = 0;
/** A transfer of `amount` EUR from customer C-1 to ACME LTD at T0, with a fresh id. */
export function tx(amount: string, over: Partial<Omit<AmlTransaction, 'amount'>> & { currency?: string } = {}): AmlTransaction {
  const { currency = 'EUR', ...rest } = over;
  return {
    id: `E2E-${++seq}`,
    debtorAccount: DEBTOR,
    debtorCustomerId: 'C-1',
    beneficiaryIban: BENEFICIARY,
    beneficiaryBic: 'NWBKGB2L',
    beneficiaryName: 'ACME LTD',
    amount: Money.of(amount, currency),
    kind: 'transfer',
    at: new Date(T0),
    ...rest,
  };
}

export const at = (offsetMs: number) => new Date(T0 + offsetMs);

/** Rules over a key prefix of their own (so that tests do not see each other's windows). */
export function rules(config: Record<string, unknown> = {}): AmlRules {
  return new AmlRules(redis, `${keyPrefix}${++seq}`, complianceRules.parse(config));
}

/** Records each transaction as posted. */
export async function history(r: AmlRules, list: AmlTransaction[]): Promise<void> {
  for (const t of list) await r.recordPosted(t);
}
