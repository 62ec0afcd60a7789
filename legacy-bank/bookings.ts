/**
 * A booking on an account: appended to its history (oldest first, never dated before its last entry),
 * the balance moved, the running balance kept. Payments entered (TX01), and the credit of a creditor's
 * settled direct-debit file and its returns, are booked here; statements are made from the history.
 */
import type { Account, Transaction } from './seed.js';

export function bookOn(account: Account, today: string, entry: Omit<Transaction, 'seq' | 'date' | 'balanceAfter'>): Transaction {
  if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) throw new RangeError(`booking amount must be a non-zero integer of minor units: ${entry.amount}`);
  const last = account.transactions[account.transactions.length - 1];
  account.balance += entry.amount;
  const t: Transaction = { ...entry, seq: account.transactions.length + 1, date: last && last.date > today ? last.date : today, balanceAfter: account.balance };
  account.transactions.push(t);
  return t;
}
