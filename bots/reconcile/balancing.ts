/**
 * An account's daily balancing: the bank's opening and closing balance, the books' balance, their
 * difference, and what explains it: the breaks still open (a bank line the books lack adds to the
 * bank's side, a ledger line the bank lacks to the books') and the differences people or the fee rule
 * accepted. What the open breaks and accepted differences do not explain flags the account: a person
 * must find it (a movement in the books that reached neither side of the reconciliation).
 */
import { Money } from '../../banking/index.js';
import { BREAK_CLASSES, type BreakClass } from '../../reconciliation/index.js';
import type { CarriedBreak } from './break-book.js';

/** Where the books' balance came from. */
export type LedgerBalanceSource = 'ledger file' | 'previous day and the day\'s lines' | 'bank opening and the day\'s lines';

/** Buckets of a break's age in business days, for the report's chart. */
export const AGE_BUCKETS = ['0', '1-2', '3-5', '6-10', '11+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export const ageBucket = (days: number): AgeBucket => (days <= 0 ? '0' : days <= 2 ? '1-2' : days <= 5 ? '3-5' : days <= 10 ? '6-10' : '11+');

export interface DailyBalancing {
  account: string;
  day: string;
  currency: string;
  /** The bank's statement of the day, as decimal text. */
  opening: string;
  closing: string;
  ledgerBalance: string;
  ledgerBalanceFrom: LedgerBalanceSource;
  /** Bank closing balance minus the books' balance. */
  difference: string;
  /** Σ open bank-side breaks − Σ open ledger-side breaks + accepted differences. */
  explained: string;
  openAtBank: string;
  openInLedger: string;
  accepted: string;
  /** Difference minus explained: not zero flags the account. */
  unexplained: string;
  flagged: boolean;
  openBreaks: number;
  byClass: Record<BreakClass, { count: number; sum: string }>;
  byAge: Record<AgeBucket, number>;
}

export interface BalancingInput {
  account: string;
  day: string;
  opening: Money;
  closing: Money;
  ledgerBalance: Money;
  ledgerBalanceFrom: LedgerBalanceSource;
  /** The account's breaks open after the day. */
  open: readonly CarriedBreak[];
  /** Differences accepted so far (fee differences matched, fees and write-offs decided): bank minus books. */
  accepted: Money;
}

export function balanceDay(i: BalancingInput): DailyBalancing {
  const ccy = i.closing.currency;
  const sumOf = (side: 'bank' | 'ledger') => Money.sum(i.open.filter((b) => b.side === side).map((b) => Money.of(b.lineData.amount.amount, b.lineData.amount.currency)), ccy);
  const openAtBank = sumOf('bank');
  const openInLedger = sumOf('ledger');
  const explained = openAtBank.minus(openInLedger).plus(i.accepted);
  const difference = i.closing.minus(i.ledgerBalance);
  const unexplained = difference.minus(explained);
  const byClass = Object.fromEntries(BREAK_CLASSES.map((c) => [c, { count: 0, sum: Money.zero(ccy) }])) as Record<BreakClass, { count: number; sum: Money }>;
  const byAge = Object.fromEntries(AGE_BUCKETS.map((a) => [a, 0])) as Record<AgeBucket, number>;
  for (const b of i.open) {
    byClass[b.class].count++;
    byClass[b.class].sum = byClass[b.class].sum.plus(Money.of(b.lineData.amount.amount, b.lineData.amount.currency));
    byAge[ageBucket(b.ageDays)]++;
  }
  return {
    account: i.account,
    day: i.day,
    currency: ccy,
    opening: i.opening.toString(),
    closing: i.closing.toString(),
    ledgerBalance: i.ledgerBalance.toString(),
    ledgerBalanceFrom: i.ledgerBalanceFrom,
    difference: difference.toString(),
    explained: explained.toString(),
    openAtBank: openAtBank.toString(),
    openInLedger: openInLedger.toString(),
    accepted: i.accepted.toString(),
    unexplained: unexplained.toString(),
    flagged: !unexplained.isZero(),
    openBreaks: i.open.length,
    byClass: Object.fromEntries(Object.entries(byClass).map(([c, v]) => [c, { count: v.count, sum: v.sum.toString() }])) as DailyBalancing['byClass'],
    byAge,
  };
}

/**
 * The books' balance at the end of the day: the export's running balance when it gives one; else the
 * previous day's books' balance carried on by the day's lines; else (the first day) the bank's opening
 * balance carried on by them.
 */
export function booksBalance(i: { fromExport?: Money; previous?: Money; bankOpening: Money; dayLines: Money }): { balance: Money; from: LedgerBalanceSource } {
  if (i.fromExport) return { balance: i.fromExport, from: 'ledger file' };
  if (i.previous) return { balance: i.previous.plus(i.dayLines), from: "previous day and the day's lines" };
  return { balance: i.bankOpening.plus(i.dayLines), from: "bank opening and the day's lines" };
}
