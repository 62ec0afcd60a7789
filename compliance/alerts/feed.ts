import type { Redis } from 'ioredis';
import type { Alert } from './alert.js';
import type { AlertSink } from './sink.js';

export interface FeedEntry {
  /** The stream entry id (`<ms>-<seq>`): pass it to `since` to read what came after. */
  id: string;
  alert: Alert;
}

/**
 * The alerts feed for the board: a capped Redis stream `<keyPrefix>:alerts:feed` (XADD MAXLEN ~),
 * shared by every worker. As a sink it appends; `latest` and `since` read it.
 */
export class AlertFeed implements AlertSink {
  readonly name = 'feed';
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly maxLength = 10_000,
  ) {
    this.key = `${keyPrefix}:alerts:feed`;
  }

  async send(alert: Alert): Promise<void> {
    await this.redis.xadd(this.key, 'MAXLEN', '~', String(this.maxLength), '*', 'alert', JSON.stringify(alert));
  }

  /** The newest `count` alerts, newest first. */
  async latest(count = 50): Promise<FeedEntry[]> {
    return entries(await this.redis.xrevrange(this.key, '+', '-', 'COUNT', count));
  }

  /** Up to `count` alerts added after the entry `id` (exclusive), oldest first; `0` reads from the start. */
  async since(id: string, count = 100): Promise<FeedEntry[]> {
    return entries(await this.redis.xrange(this.key, id === '0' ? '-' : `(${id}`, '+', 'COUNT', count));
  }

  async length(): Promise<number> {
    return this.redis.xlen(this.key);
  }
}

function entries(raw: [string, string[]][]): FeedEntry[] {
  return raw.map(([id, fields]) => {
    const at = fields.indexOf('alert');
    return { id, alert: JSON.parse(fields[at + 1] ?? 'null') as Alert };
  });
}
