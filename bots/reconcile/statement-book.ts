/**
 * The statements fetched per account, by day (Redis): each day's opening and closing balance and where
 * its file is, so that the next statement's opening balance can be checked against the previous
 * closing one (a gap in the statement sequence is an exception, never reconciled past).
 */
import type { Redis } from 'ioredis';

export interface FetchedStatement {
  /** The period: a day (YYYY-MM-DD) or a month (YYYY-MM). */
  date: string;
  /** Balances as decimal text with their currency. */
  opening: string;
  closing: string;
  currency: string;
  file: string;
  sha256: string;
  entries: number;
  /** Which statement of the file (0 when absent). */
  index?: number;
}

/** A notification or interim report kept (camt.052, camt.054, MT942): entries without balances. */
export interface KeptReport {
  date: string;
  kind: string;
  file: string;
  sha256: string;
  /** Which report of the file. */
  index: number;
  entries: number;
}

export class StatementBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Days and months are two sequences: a month's statement is checked against the month before. */
  private key = (account: string, period = '') => `${this.prefix}${period.length === 7 ? 'stmt-months' : 'stmt'}:${account}`;
  private reportsKey = (account: string) => `${this.prefix}stmt-reports:${account}`;

  /** A notification or interim report of the account, once per file and report. */
  async recordReport(account: string, r: KeptReport): Promise<void> {
    await this.redis.hset(this.reportsKey(account), `${r.date}#${r.sha256}#${r.index}`, JSON.stringify(r));
  }

  /** The notifications and interim reports kept for the account's day. */
  async reports(account: string, date: string): Promise<KeptReport[]> {
    const all = await this.redis.hgetall(this.reportsKey(account));
    return Object.entries(all)
      .filter(([k]) => k.startsWith(`${date}#`))
      .map(([, v]) => JSON.parse(v) as KeptReport);
  }

  async record(account: string, s: FetchedStatement): Promise<void> {
    await this.redis.hset(this.key(account, s.date), s.date, JSON.stringify(s));
  }

  async get(account: string, date: string): Promise<FetchedStatement | null> {
    const raw = await this.redis.hget(this.key(account, date), date);
    return raw ? (JSON.parse(raw) as FetchedStatement) : null;
  }

  /** The latest statement before `date` (a day, or a month: the months' own sequence), if any was fetched. */
  async previous(account: string, date: string): Promise<FetchedStatement | null> {
    const days = (await this.redis.hkeys(this.key(account, date))).filter((d) => d < date).sort();
    const last = days[days.length - 1];
    return last ? this.get(account, last) : null;
  }
}
