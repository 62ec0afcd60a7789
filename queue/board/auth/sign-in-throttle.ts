/**
 * Sign-in throttling, counted in Redis (shared by every board process), by user name and source
 * address together, and by source address alone: after `freeFailures` failed sign-ins for one name
 * from one address, each further attempt from that address must wait a delay that doubles with
 * every failure (`baseDelayMs`, 2×, 4×…, at most `maxDelayMs`); an address that fails
 * `addressFreeFailures` times, whatever the names, waits the same way (password spraying). Nobody can
 * lock a user out from another address: the right password from the user's own address is let in.
 * Counts are forgotten `windowMs` after the last failure, and a sign-in forgets its name's count
 * from that address. Names that are no user are counted alike, so throttling says nothing about
 * who exists. Keys hold digests, never the name or the address.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../../lua-script.js';

export interface ThrottleLimits {
  freeFailures: number;
  addressFreeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

// KEYS: per name and address, per address. ARGV: now ms, window ms. Returns the two failure counts.
const FAIL_LUA = new LuaScript(`
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('HINCRBY', key, 'n', 1)
  redis.call('HSET', key, 'last', ARGV[1])
  redis.call('PEXPIRE', key, ARGV[2])
end
return out
`);

/** The wait after `failures` failures, `free` of them without one. */
export function throttleDelayMs(failures: number, free: number, base: number, max: number): number {
  if (failures < free) return 0;
  return Math.min(max, base * 2 ** Math.min(30, failures - free));
}

export class SignInThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limits: ThrottleLimits,
  ) {}

  private keys(username: string, address: string | undefined): [string, string] {
    const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
    const from = address ?? 'unknown';
    return [`${this.keyPrefix}:board:signin-throttle:${digest(`${username}\u0000${from}`)}`, `${this.keyPrefix}:board:signin-throttle-address:${digest(from)}`];
  }

  /** How long this name from this address must still wait before it may try again (0: it may now). */
  async waitMs(username: string, address: string | undefined, now = Date.now()): Promise<number> {
    const [pair, addr] = this.keys(username, address);
    const [[, p], [, a]] = (await this.redis.multi().hmget(pair, 'n', 'last').hmget(addr, 'n', 'last').exec()) as [[null, (string | null)[]], [null, (string | null)[]]];
    const l = this.limits;
    const wait = (v: (string | null)[], free: number) => (v[0] ? Math.max(0, Number(v[1]) + throttleDelayMs(Number(v[0]), free, l.baseDelayMs, l.maxDelayMs) - now) : 0);
    return Math.max(wait(p, l.freeFailures), wait(a, l.addressFreeFailures));
  }

  /** Counts a failed sign-in; returns the counts and the wait it now imposes. */
  async recordFailure(username: string, address: string | undefined, now = Date.now()): Promise<{ failures: number; addressFailures: number; waitMs: number }> {
    const l = this.limits;
    const [failures, addressFailures] = (await FAIL_LUA.run(this.redis, this.keys(username, address), [now, l.windowMs])) as [number, number];
    const waitMs = Math.max(throttleDelayMs(failures, l.freeFailures, l.baseDelayMs, l.maxDelayMs), throttleDelayMs(addressFailures, l.addressFreeFailures, l.baseDelayMs, l.maxDelayMs));
    return { failures, addressFailures, waitMs };
  }

  /** A successful sign-in forgets its name's failures from that address. */
  async clear(username: string, address: string | undefined): Promise<void> {
    await this.redis.del(this.keys(username, address)[0]);
  }
}
