import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

/** A connection to the test run's redis-server and a key prefix of this test file's own. */
export function testRedis(): { redis: Redis; keyPrefix: string } {
  return { redis: new Redis(inject('redisUrl'), { maxRetriesPerRequest: null }), keyPrefix: `t${randomUUID().slice(0, 8)}:_` };
}
