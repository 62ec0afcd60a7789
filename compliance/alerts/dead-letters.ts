import type { Redis } from 'ioredis';
import type { Alert } from './alert.js';

/** An alert that a sink gave up on, with why. */
export interface DeadLetter {
  alert: Alert;
  sink: string;
  /** The last attempt's error (HTTP status or network error). */
  error: string;
  /** Attempts made in all, redrives included. */
  attempts: number;
  /** ISO instant it (last) went dead. */
  deadAt: string;
}

// KEYS[1] index (zset alertId → dead-at ms), KEYS[2] data (hash alertId → JSON), KEYS[3] in-flight hash.
// ARGV: alertId, dead-at ms, JSON, max kept
const ADD = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HDEL', KEYS[3], ARGV[1])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then
  local old = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
  redis.call('HDEL', KEYS[2], unpack(old))
end
return 1
`;

/**
 * The dead-letter list of one sink, in Redis (`<keyPrefix>:alerts:<sink>:dead`), newest first,
 * at most `max` kept. Also the sink's in-flight deliveries, so that an alert whose worker died
 * mid-retry can still be found (`sweepInFlight`) and does not vanish.
 */
export class DeadLetters {
  private readonly index: string;
  private readonly data: string;
  private readonly inFlight: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    readonly sink: string,
    private readonly max = 10_000,
  ) {
    const base = `${keyPrefix}:alerts:${sink}`;
    this.index = `${base}:dead`;
    this.data = `${base}:dead:data`;
    this.inFlight = `${base}:in-flight`;
  }

  async add(letter: Omit<DeadLetter, 'sink' | 'deadAt'> & { deadAt?: string }): Promise<DeadLetter> {
    const full: DeadLetter = { ...letter, sink: this.sink, deadAt: letter.deadAt ?? new Date().toISOString() };
    await this.redis.eval(ADD, 3, this.index, this.data, this.inFlight, full.alert.id, Date.parse(full.deadAt), JSON.stringify(full), this.max);
    return full;
  }

  /** Newest first. */
  async list(options: { limit?: number; offset?: number } = {}): Promise<DeadLetter[]> {
    const offset = options.offset ?? 0;
    const ids = await this.redis.zrevrange(this.index, offset, offset + (options.limit ?? 100) - 1);
    if (ids.length === 0) return [];
    const raw = await this.redis.hmget(this.data, ...ids);
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as DeadLetter);
  }

  async get(alertId: string): Promise<DeadLetter | undefined> {
    const raw = await this.redis.hget(this.data, alertId);
    return raw ? (JSON.parse(raw) as DeadLetter) : undefined;
  }

  async remove(alertId: string): Promise<boolean> {
    const [[, removed]] = (await this.redis.multi().zrem(this.index, alertId).hdel(this.data, alertId).exec()) as [[unknown, number]];
    return removed === 1;
  }

  async count(): Promise<number> {
    return this.redis.zcard(this.index);
  }

  /** Notes that a delivery has started (cleared by `done` or `add`). */
  async started(alert: Alert): Promise<void> {
    await this.redis.hset(this.inFlight, alert.id, JSON.stringify({ alert, startedAt: Date.now() }));
  }

  async done(alertId: string): Promise<void> {
    await this.redis.hdel(this.inFlight, alertId);
  }

  /**
   * Deliveries started more than `olderThanMs` ago and never finished (the process stopped
   * mid-retry) become dead letters, so that they can be redriven. Returns how many.
   */
  async sweepInFlight(olderThanMs: number, now = Date.now()): Promise<number> {
    const all = await this.redis.hgetall(this.inFlight);
    let moved = 0;
    for (const raw of Object.values(all)) {
      const { alert, startedAt } = JSON.parse(raw) as { alert: Alert; startedAt: number };
      if (now - startedAt < olderThanMs) continue;
      await this.add({ alert, error: 'delivery interrupted: the process stopped before it finished', attempts: 0 });
      moved++;
    }
    return moved;
  }
}
