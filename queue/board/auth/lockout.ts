/**
 * Sign-in lock-out, counted in Redis (shared by every board process): `maxFailures` failed
 * sign-ins for one user name within `windowMs` lock that name for `lockMs`, even with the right
 * password. Names that are no user are counted the same way, so the lock-out says nothing about
 * whether a user exists. Keys hold a digest of the name, never the name.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../../lua-script.js';

export interface LockoutLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

// KEYS: failures, locked. ARGV: window ms, max failures, lock ms. Returns [failures, locked now (1/0)].
const FAIL_LUA = new LuaScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {n, 1}
end
return {n, 0}
`);

export class SignInLockout {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limits: LockoutLimits,
  ) {}

  private keys(username: string): [string, string] {
    const id = createHash('sha256').update(username).digest('hex').slice(0, 32);
    return [`${this.keyPrefix}:board:signin-failures:${id}`, `${this.keyPrefix}:board:signin-locked:${id}`];
  }

  async isLocked(username: string): Promise<boolean> {
    return (await this.redis.exists(this.keys(username)[1])) === 1;
  }

  /** Counts a failed sign-in; `lockedNow` when this one locked the name. */
  async recordFailure(username: string): Promise<{ failures: number; lockedNow: boolean }> {
    const [failures, locked] = (await FAIL_LUA.run(this.redis, this.keys(username), [this.limits.windowMs, this.limits.maxFailures, this.limits.lockMs])) as [number, number];
    return { failures, lockedNow: locked === 1 };
  }

  /** A successful sign-in forgets the earlier failures. */
  async clear(username: string): Promise<void> {
    await this.redis.del(this.keys(username)[0]);
  }
}
