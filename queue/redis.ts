import { Redis, type RedisOptions } from 'ioredis';
import { redisRetryDelayMs } from './redis-health.js';

/**
 * A Redis connection as BullMQ needs it (no per-command retry limit, so that blocking
 * commands survive reconnects). Sentinel or Cluster: pass ioredis options.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: redisRetryDelayMs, ...options });
}

export type { Redis };
