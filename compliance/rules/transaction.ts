import { BusinessRuleError, maskIban, Money } from '../../banking/index.js';

/** One payment as the AML rules see it. */
export interface AmlTransaction {
  /** The business key (end-to-end id): the windows record a transaction once per id. */
  id: string;
  /** The debtor's IBAN. */
  debtorAccount: string;
  /** The debtor's customer number; without one the account stands for the customer. */
  debtorCustomerId?: string;
  beneficiaryIban: string;
  beneficiaryBic?: string;
  beneficiaryName: string;
  /** The beneficiary's country as stated in its address (ISO 3166 alpha-2), if known. */
  beneficiaryCountry?: string;
  /** In the account currency. Positive. */
  amount: Money;
  kind: 'transfer' | 'cash';
  /** When it is booked: the rules' clock (windows are measured back from it). */
  at: Date | string;
  /** When the core system last saw activity on the debtor account, if it says (the later of this and our own record counts). */
  debtorLastActivityAt?: Date | string;
}

/** A transaction checked and put in the form the windows use. */
export interface CheckedTransaction {
  tx: AmlTransaction;
  id: string;
  debtorAccount: string;
  beneficiaryIban: string;
  beneficiaryBic?: string;
  amount: Money;
  atMs: number;
  debtorLastActivityMs?: number;
  /** `c:<customer id>` or `a:<debtor IBAN>`: whose structuring, average and known beneficiaries. */
  customerKey: string;
  /** For explanations: `customer 4711` or `account DE…3000`. */
  customerLabel: string;
}

const compact = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();

function instant(value: Date | string, field: string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new BusinessRuleError(`${field} is not a point in time: "${String(value).slice(0, 40)}"`, { field });
  return ms;
}

export function checkTransaction(tx: AmlTransaction): CheckedTransaction {
  if (!tx.id) throw new BusinessRuleError('a transaction needs its business key (id) for the AML windows', { field: 'id' });
  if (!Money.isMoney(tx.amount)) throw new BusinessRuleError('amount must be Money', { field: 'amount' });
  if (!tx.amount.isPositive()) throw new BusinessRuleError(`amount must be positive, not ${tx.amount.toString()}`, { field: 'amount' });
  const debtorAccount = compact(tx.debtorAccount);
  const customer = tx.debtorCustomerId?.trim();
  return {
    tx,
    id: tx.id,
    debtorAccount,
    beneficiaryIban: compact(tx.beneficiaryIban),
    beneficiaryBic: tx.beneficiaryBic ? compact(tx.beneficiaryBic) : undefined,
    amount: tx.amount,
    atMs: instant(tx.at, 'at'),
    debtorLastActivityMs: tx.debtorLastActivityAt === undefined ? undefined : instant(tx.debtorLastActivityAt, 'debtorLastActivityAt'),
    customerKey: customer ? `c:${customer}` : `a:${debtorAccount}`,
    customerLabel: customer ? `customer ${customer}` : `account ${maskIban(debtorAccount)}`,
  };
}
