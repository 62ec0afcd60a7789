import type { Redis } from 'ioredis';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerGate {
  allowed: boolean;
  state: BreakerState;
  /** When not allowed: when to try again (epoch ms). */
  retryAt?: number;
  /** When allowed in half-open: this item is the trial. */
  trial?: boolean;
}

// KEYS[1] breaker hash, KEYS[2] trial key. ARGV: now, coolDownMs, holder
const CHECK = `
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'closed' then return {1, 'closed', 0, 0} end
local now = tonumber(ARGV[1])
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
if now < openUntil then return {0, 'open', openUntil, 0} end
if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[2]) then
  redis.call('HSET', KEYS[1], 'state', 'half-open')
  return {1, 'half-open', 0, 1}
end
return {0, 'half-open', now + math.floor(tonumber(ARGV[2]) / 4) + 1, 0}
`;
// KEYS[1] breaker hash, KEYS[2] trial key. ARGV: now, coolDownMs, threshold
const FAILURE = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state == 'half-open' or failures >= tonumber(ARGV[3]) then
  local openUntil = tonumber(ARGV[1]) + tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'state', 'open', 'openUntil', openUntil, 'openedAt', ARGV[1])
  redis.call('DEL', KEYS[2])
  return {'open', failures}
end
return {state, failures}
`;
const SUCCESS = `
redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0)
redis.call('DEL', KEYS[2])
return 1
`;

/**
 * A per-target circuit breaker whose state is in Redis, shared by all workers. It opens
 * after N consecutive TargetUnavailable failures; after the cool-down one trial item is let
 * through (half-open): its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(target: string): [string, string] {
    return [`${this.prefix}:breaker:${target}`, `${this.prefix}:breaker:${target}:trial`];
  }

  async check(target: string, coolDownMs: number, holder: string): Promise<BreakerGate> {
    const [allowed, state, retryAt, trial] = (await this.redis.eval(CHECK, 2, ...this.keys(target), Date.now(), coolDownMs, holder)) as [
      number, BreakerState, number, number,
    ];
    return { allowed: allowed === 1, state, retryAt: retryAt || undefined, trial: trial === 1 };
  }

  async recordFailure(target: string, options: { threshold: number; coolDownMs: number }): Promise<{ state: BreakerState; failures: number }> {
    const [state, failures] = (await this.redis.eval(FAILURE, 2, ...this.keys(target), Date.now(), options.coolDownMs, options.threshold)) as [
      BreakerState, number,
    ];
    return { state, failures };
  }

  async recordSuccess(target: string): Promise<void> {
    await this.redis.eval(SUCCESS, 2, ...this.keys(target));
  }

  async state(target: string): Promise<{ state: BreakerState; failures: number; openUntil?: number }> {
    const h = await this.redis.hgetall(this.keys(target)[0]);
    return { state: (h.state as BreakerState) ?? 'closed', failures: Number(h.failures ?? 0), openUntil: h.openUntil ? Number(h.openUntil) : undefined };
  }

  async reset(target: string): Promise<void> {
    await this.redis.del(...this.keys(target));
  }
}
