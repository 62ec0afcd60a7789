/** A bank or ledger line as kept in Redis (its amount as decimal text with its currency) and back. */
import { z } from 'zod';
import { Money } from '../../banking/index.js';
import type { BankLine, LedgerLine } from '../../reconciliation/index.js';

export type StoredLine = Omit<LedgerLine, 'amount'> & { amount: { amount: string; currency: string } };

export const storeLine = (l: BankLine | LedgerLine): StoredLine => ({ ...l, amount: { amount: l.amount.toString(), currency: l.amount.currency } });

export const restoreLine = (l: StoredLine): LedgerLine => ({ ...l, amount: Money.of(l.amount.amount, l.amount.currency) });

/** A stored line in an item's input (its references as a plain record). */
export const storedLineSchema = z.object({
  id: z.string(),
  amount: z.object({ amount: z.string(), currency: z.string() }),
  date: z.string(),
  counterparty: z.string().optional(),
  references: z.record(z.string(), z.string()),
  batch: z.string().optional(),
  source: z.object({ file: z.string(), at: z.number().optional(), where: z.string().optional() }).optional(),
});
