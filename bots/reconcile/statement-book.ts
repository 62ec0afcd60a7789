/**
 * The statements fetched per account, by day (Redis): each day's opening and closing balance and where
 * its file is, so that the next statement's opening balance can be checked against the previous
 * closing one (a gap in the statement sequence is an exception, never reconciled past).
 */
import type { Redis } from 'ioredis';

export interface FetchedStatement {
  date: string;
  /** Balances as decimal text with their currency. */
  opening: string;
  closing: string;
  currency: string;
  file: string;
  sha256: string;
  entries: number;
}

export class StatementBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key = (account: string) => `${this.prefix}stmt:${account}`;

  async record(account: string, s: FetchedStatement): Promise<void> {
    await this.redis.hset(this.key(account), s.date, JSON.stringify(s));
  }

  async get(account: string, date: string): Promise<FetchedStatement | null> {
    const raw = await this.redis.hget(this.key(account), date);
    return raw ? (JSON.parse(raw) as FetchedStatement) : null;
  }

  /** The latest statement before `date`, if any was fetched. */
  async previous(account: string, date: string): Promise<FetchedStatement | null> {
    const days = (await this.redis.hkeys(this.key(account))).filter((d) => d < date).sort();
    const last = days[days.length - 1];
    return last ? this.get(account, last) : null;
  }
}
