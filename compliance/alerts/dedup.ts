import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Alert } from './alert.js';

// Deletes the claim only if it is still ours.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** What makes two alerts the same: its own dedup key, else type + business key, else type + title. */
export function dedupKeyOf(alert: Alert): string {
  return alert.dedupKey ?? `${alert.type}|${alert.businessKey ?? alert.title}`;
}

/**
 * De-duplication and throttling across workers: the first alert with a key claims it for the
 * window (SET NX PX); the same alert within the window finds it taken and is not sent again.
 */
export class AlertDedup {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    readonly windowMs: number,
  ) {}

  private key(alert: Alert): string {
    return `${this.keyPrefix}:alerts:dedup:${createHash('sha256').update(dedupKeyOf(alert)).digest('hex').slice(0, 32)}`;
  }

  /** True when this alert may be sent (no same alert within the window). */
  async claim(alert: Alert): Promise<boolean> {
    return (await this.redis.set(this.key(alert), alert.id, 'PX', this.windowMs, 'NX')) === 'OK';
  }

  /** Gives the claim back (nothing was delivered), so that the next same alert is sent. */
  async release(alert: Alert): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(alert), alert.id);
  }
}
