import { z } from 'zod';
import { defineBot } from '../kit/index.js';
import { findAccount } from '../targets/legacy-bank/index.js';

export const balanceCheckInput = z.object({
  /** Account number or IBAN, as the bank's screens accept it. */
  account: z.string().trim().min(4).max(40),
  /** When the balance is wanted for: part of the business key (account + as-of). */
  asOf: z.iso.datetime(),
});

export interface BalanceCheckResult {
  accountNumber: string;
  iban: string;
  holder: string;
  currency: string;
  /** Decimal string as shown on the screen, e.g. "-1234.56". */
  balance: string;
  /** The bot account whose session read it. */
  botAccount: string;
}

/** Reads an account's balance from the legacy bank's account enquiry screen. */
export const balanceCheck = defineBot({
  name: 'balance-check',
  input: balanceCheckInput,
  key: (i) => `${i.account.replace(/\s+/g, '')}@${i.asOf}`,
  target: 'legacy-bank',
  run: async (input, ctx) => {
    const session = await ctx.session();
    await ctx.progress(10, 'session ready');
    const account = await session.use((page) => findAccount(page, session.baseUrl, input.account));
    await ctx.progress(100, 'balance read');
    ctx.log.info({ currency: account.currency }, 'balance read');
    return {
      accountNumber: account.accountNumber,
      iban: account.iban,
      holder: account.holder,
      currency: account.currency,
      balance: account.balance,
      botAccount: session.account,
    } satisfies BalanceCheckResult;
  },
});

