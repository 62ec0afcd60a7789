/**
 * The daily balancing per account (Redis): each day's balancing, so the next day's books' balance can
 * carry on from it, and the differences accepted so far (bank minus books), each under its own key
 * (a fee difference matched on a day, a break a person accepted) so that one recorded twice counts once.
 */
import type { Redis } from 'ioredis';
import { Money } from '../../banking/index.js';
import type { DailyBalancing } from './balancing.js';

export class BalancingBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private days = (account: string) => `${this.prefix}recon:${account}:balancing`;
  private acceptedKey = (account: string) => `${this.prefix}recon:${account}:accepted`;

  async record(b: DailyBalancing): Promise<void> {
    await this.redis.hset(this.days(b.account), b.day, JSON.stringify(b));
  }

  async get(account: string, day: string): Promise<DailyBalancing | undefined> {
    const raw = await this.redis.hget(this.days(account), day);
    return raw ? (JSON.parse(raw) as DailyBalancing) : undefined;
  }

  /** The latest balancing before `day`, if any. */
  async previous(account: string, day: string): Promise<DailyBalancing | undefined> {
    const days = (await this.redis.hkeys(this.days(account))).filter((d) => d < day).sort();
    const last = days[days.length - 1];
    return last ? this.get(account, last) : undefined;
  }

  /** A difference accepted (bank minus books), once per key. */
  async accept(account: string, key: string, amount: Money): Promise<void> {
    await this.redis.hsetnx(this.acceptedKey(account), key, JSON.stringify(amount.toJSON()));
  }

  async acceptedTotal(account: string, currency: string): Promise<Money> {
    const all = Object.values(await this.redis.hgetall(this.acceptedKey(account))).map((v) => Money.fromJSON(JSON.parse(v)));
    return Money.sum(all, currency);
  }
}
