import type { Redis } from 'ioredis';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface HeldKey {
  /** Set when a renewal found the key gone or taken (it expired while this process was stalled). */
  readonly lost: boolean;
  /** Stops renewing and deletes the key, if it is still ours. */
  release(): Promise<void>;
}

/**
 * Keeps a key this holder has set (SET NX PX) alive: renewed every third of its TTL while
 * held, so that it outlives the holder by at most one TTL. Release deletes it only if it is
 * still the holder's, never someone else's who took it after it expired.
 */
export function holdKey(redis: Redis, key: string, holder: string, ttlMs: number): HeldKey {
  let lost = false;
  const timer = setInterval(() => {
    redis
      .eval(RENEW, 1, key, holder, ttlMs)
      .then((r) => {
        if (r === 0) lost = true;
      })
      .catch(() => undefined);
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    release: async () => {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, holder);
    },
  };
}
