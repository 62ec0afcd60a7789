/**
 * What our own bots did that the account's statement should show (Redis), per account and day: a
 * payment entered is a debit expected on its execution date; a collection file submitted, its
 * collections credited as one batch on the creditor's account (a rejected one withdrawn); a return,
 * a debit. The reconciliation's ledger side is the
 * ledger export's lines and these. Recorded under the line's id, so a bot run again records nothing twice.
 */
import type { Redis } from 'ioredis';
import type { LedgerLine } from '../../reconciliation/index.js';
import { restoreLine, storeLine, type StoredLine } from './stored-line.js';

export class ExpectedBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key = (account: string, day: string) => `${this.prefix}recon:${account}:expected:${day}`;

  /** A movement our bots caused on `account`, expected at the bank on the line's date. */
  async expect(account: string, line: LedgerLine): Promise<void> {
    await this.redis.hset(this.key(account, line.date), line.id, JSON.stringify(storeLine(line)));
  }

  /** An expectation that will not come true (a collection the debtor's bank rejected: never credited). */
  async withdraw(account: string, day: string, id: string): Promise<void> {
    await this.redis.hdel(this.key(account, day), id);
  }

  async ofDay(account: string, day: string): Promise<LedgerLine[]> {
    const stored = Object.values(await this.redis.hgetall(this.key(account, day))).map((v) => JSON.parse(v) as StoredLine);
    return stored.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(restoreLine);
  }
}
