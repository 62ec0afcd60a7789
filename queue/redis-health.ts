import type { Redis } from 'ioredis';
import { RpaError } from '../banking/index.js';
import type { Logger } from '../logging/logger.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED', 'NR_CLOSED']);
const CONNECTION_MESSAGE = /connection is closed|socket closed|ECONNREFUSED|ECONNRESET|stream isn't writeable|reached the max retries|connect ETIMEDOUT|LOADING/i;

/** An error that says the Redis connection is gone (not what a command did). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  return (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) || (typeof e?.message === 'string' && CONNECTION_MESSAGE.test(e.message));
}

/** How the process's Redis connections retry: 0.1 s, 0.2 s, 0.4 s… at most 5 s between attempts. */
export const redisRetryDelayMs = (attempt: number) => Math.min(5_000, 100 * 2 ** Math.min(6, attempt - 1));

const REMIND_EVERY_MS = 60_000;

/**
 * The state of this process's Redis connection, told once per change: "down" (with the first
 * error), "back" (with how long it was down and how many errors were swallowed meanwhile), and a
 * reminder every minute while it stays down. Connection errors from every connection of the
 * process (the runtime's, each BullMQ worker's and queue's) come here instead of one log line each.
 */
export class RedisHealth {
  private downSince?: number;
  private swallowed = 0;
  private reminder?: NodeJS.Timeout;
  /** Outages this process saw end (a restart, a failover): what was written just before may be lost. */
  outages = 0;
  /**
   * Counts the times a connection of the process was seen lost (closed, or failing). Work that wrote to
   * Redis before a change of it cannot know that its writes are on the Redis serving now: after a
   * failover, the new primary lacks what the old one had not yet replicated.
   */
  epoch = 0;

  constructor(private readonly log: Logger) {}

  get isDown(): boolean {
    return this.downSince !== undefined;
  }

  /** Follows the main connection: its errors, its closing and its ready events. */
  watch(redis: Redis): void {
    redis.on('error', (err) => this.connectionError(err));
    redis.on('close', () => this.epoch++);
    redis.on('ready', () => this.back());
  }

  /** Whether a connection was lost since `epoch` (read when the work began), or is down now. */
  brokenSince(epoch: number): boolean {
    return this.epoch !== epoch || this.isDown;
  }

  /** A connection error from any connection of the process. Other errors are not this class's. */
  connectionError(err: unknown): void {
    if (this.downSince !== undefined) {
      this.swallowed++;
      return;
    }
    this.epoch++;
    this.downSince = Date.now();
    this.swallowed = 0;
    this.log.warn({ err: String((err as Error)?.message ?? err) }, `redis down: reconnecting with backoff (${redisRetryDelayMs(1)} ms, doubling, at most ${redisRetryDelayMs(99)} ms between attempts); items wait`);
    this.reminder = setInterval(() => {
      this.log.warn({ downForSec: Math.round((Date.now() - this.downSince!) / 1000), errors: this.swallowed }, 'redis still down: reconnecting');
    }, REMIND_EVERY_MS);
    this.reminder.unref();
  }

  back(): void {
    if (this.downSince === undefined) return;
    this.log.info({ downForMs: Date.now() - this.downSince, errorsWhileDown: this.swallowed }, 'redis back: items go on');
    this.downSince = undefined;
    this.outages++;
    if (this.reminder) clearInterval(this.reminder);
    this.reminder = undefined;
  }

  close(): void {
    if (this.reminder) clearInterval(this.reminder);
  }
}

/**
 * What a piece of work wrote to Redis may be missing, or may go missing, after a failover (the new
 * primary lacks what the old one had not yet replicated): the connection was lost while it ran, or
 * no replica confirmed its writes (replica-ack.ts). Its outcome is not recorded: the work is done
 * again, without using an attempt.
 */
export class RedisLostDuringWork extends RpaError {
  readonly whatNext = 'Nothing: the item is run again. What it posted is not posted twice: postOnce finds it at the target.';
  constructor(
    readonly work: string,
    why = 'the connection to Redis was lost while it ran',
  ) {
    super(`${work}: ${why}; what it wrote may be missing after a failover, so it runs again`);
  }
}
