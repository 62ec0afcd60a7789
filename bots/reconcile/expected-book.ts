/**
 * What our own bots did that the account's statement should show (Redis), per account and day: a
 * payment entered is a debit expected on its execution date; a collection file submitted, its
 * collections credited as one batch on the creditor's account (a rejected one withdrawn); a return,
 * a debit. The reconciliation's ledger side is the
 * ledger export's lines and these. Recorded under the line's id, so a bot run again records nothing twice.
 */
import type { Redis } from 'ioredis';
import { addDays, type LocalDate } from '../../banking/index.js';
import type { LedgerLine } from '../../reconciliation/index.js';
import { restoreLine, storeLine, type StoredLine } from './stored-line.js';

export class ExpectedBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key = (account: string, day: string) => `${this.prefix}recon:${account}:expected:${day}`;
  private taken = (account: string) => `${this.prefix}recon:${account}:expected-taken`;

  /**
   * Forward-dated lines the reconciliation of an earlier day took (the bank booked them early): each
   * belongs to the first day that took it, and no later day sees it again. Taken once (the day run
   * again takes the same lines).
   */
  async take(account: string, ids: string[], day: string): Promise<void> {
    for (const id of ids) await this.redis.hsetnx(this.taken(account), id, day);
  }

  /** Leaves out lines an earlier day took. */
  private async notTakenBefore(account: string, day: string, lines: LedgerLine[]): Promise<LedgerLine[]> {
    if (!lines.length) return lines;
    const taken = await this.redis.hmget(this.taken(account), ...lines.map((l) => l.id));
    return lines.filter((_, i) => !taken[i] || taken[i]! >= day);
  }

  /** A movement our bots caused on `account`, expected at the bank on the line's date. */
  async expect(account: string, line: LedgerLine): Promise<void> {
    await this.redis.hset(this.key(account, line.date), line.id, JSON.stringify(storeLine(line)));
  }

  /** An expectation that will not come true (a collection the debtor's bank rejected: never credited). */
  async withdraw(account: string, day: string, id: string): Promise<void> {
    await this.redis.hdel(this.key(account, day), id);
  }

  /** The lines expected on the days after `day`, up to `days` calendar days on (forward-dated ones the bank may book early). */
  async after(account: string, day: string, days: number): Promise<LedgerLine[]> {
    const out: LedgerLine[] = [];
    for (let d = 1; d <= days; d++) out.push(...(await this.ofDay(account, addDays(day as LocalDate, d))));
    return this.notTakenBefore(account, day, out);
  }

  async ofDay(account: string, day: string): Promise<LedgerLine[]> {
    const stored = Object.values(await this.redis.hgetall(this.key(account, day))).map((v) => JSON.parse(v) as StoredLine);
    return this.notTakenBefore(account, day, stored.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(restoreLine));
  }
}
