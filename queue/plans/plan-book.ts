/**
 * The nights of the plans (Redis): per night its start, deadline and end, each step's state and run,
 * whether the late alert went, and the morning summary; the nights under way; and per plan step what
 * the last night measured (items and time), for the next night's forecast.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { holdKey, type HeldKey } from '../../bots/kit/index.js';

export type StepState = 'waiting' | 'running' | 'succeeded' | 'partial' | 'failed' | 'stopped';
export const ENDED: readonly StepState[] = ['succeeded', 'partial', 'failed', 'stopped'];

export interface StepRecord {
  state: StepState;
  runId?: string;
  startedAt?: number;
  endedAt?: number;
  /** Items of its run (the parent not counted). */
  items?: number;
  /** Why it ended so (failed, partial, stopped), for people. */
  reason?: string;
  /** A failed or stopped step's exception in the inbox. */
  exceptionId?: string;
  /** Started again by a person: it runs whatever the steps before it ended with. */
  forced?: boolean;
}

/** What a step took on its last night: its items, the time, the bot most of its items were for. */
export interface Measured {
  items: number;
  ms: number;
  bot?: string;
}

export interface Night {
  id: string;
  plan: string;
  /** The night's local date. */
  day: string;
  plannedAt: number;
  startedAt: number;
  deadlineAt: number;
  endedAt?: number;
  via: 'tick' | 'catch-up' | 'trigger';
}

export interface NightState {
  night: Night;
  steps: Record<string, StepRecord>;
  lateAlertAt?: number;
}

export class PlanBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key = (id: string) => `${this.prefix}plan-night:${id}`;
  private allKey = () => `${this.prefix}plan-nights`;
  private activeKey = () => `${this.prefix}plan-nights:active`;
  private statsKey = (plan: string) => `${this.prefix}plan:${plan}:measured`;

  /** Records a night; false when it was recorded already (the same start delivered again). */
  async create(night: Night): Promise<boolean> {
    const created = (await this.redis.hsetnx(this.key(night.id), 'night', JSON.stringify(night))) === 1;
    if (created) await this.redis.multi().zadd(this.allKey(), night.plannedAt, night.id).sadd(this.activeKey(), night.id).exec();
    return created;
  }

  async get(id: string): Promise<NightState | undefined> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h.night) return undefined;
    const steps: Record<string, StepRecord> = {};
    for (const [k, v] of Object.entries(h)) if (k.startsWith('step:')) steps[k.slice(5)] = JSON.parse(v) as StepRecord;
    return { night: JSON.parse(h.night) as Night, steps, ...(h.late ? { lateAlertAt: Number(h.late) } : {}) };
  }

  async setStep(id: string, step: string, record: StepRecord): Promise<void> {
    await this.redis.hset(this.key(id), `step:${step}`, JSON.stringify(record));
  }

  async end(id: string, night: Night, endedAt: number): Promise<void> {
    await this.redis.multi().hset(this.key(id), 'night', JSON.stringify({ ...night, endedAt })).srem(this.activeKey(), id).exec();
  }

  /** Under way again (a step restarted): no end, no summary, under way. */
  async reopen(id: string, night: Night): Promise<void> {
    const { endedAt: _, ...open } = night;
    await this.redis.multi().hset(this.key(id), 'night', JSON.stringify(open)).hdel(this.key(id), 'summary').sadd(this.activeKey(), id).exec();
  }

  /** Marks the late alert sent; false when it was already. */
  async markLate(id: string, at: number): Promise<boolean> {
    return (await this.redis.hsetnx(this.key(id), 'late', String(at))) === 1;
  }

  /** Keeps the morning summary once; false when one was kept already. */
  async keepSummary(id: string, summary: unknown): Promise<boolean> {
    return (await this.redis.hsetnx(this.key(id), 'summary', JSON.stringify(summary))) === 1;
  }

  async summary<T>(id: string): Promise<T | undefined> {
    const raw = await this.redis.hget(this.key(id), 'summary');
    return raw ? (JSON.parse(raw) as T) : undefined;
  }

  async active(): Promise<string[]> {
    return this.redis.smembers(this.activeKey());
  }

  /** The nights, latest first. */
  async nights(limit = 30): Promise<NightState[]> {
    const ids = await this.redis.zrevrange(this.allKey(), 0, limit - 1);
    return (await Promise.all(ids.map((id) => this.get(id)))).filter((n): n is NightState => Boolean(n));
  }

  /** What a step's last night measured. */
  async measured(plan: string): Promise<Record<string, Measured>> {
    const h = await this.redis.hgetall(this.statsKey(plan));
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, JSON.parse(v) as Measured]));
  }

  async measure(plan: string, step: string, m: Measured): Promise<void> {
    await this.redis.hset(this.statsKey(plan), step, JSON.stringify(m));
  }

  /**
   * A short lock on a night, so that one process at a time moves it on (undefined: another holds it).
   * Renewed while held, so a long step start keeps it, and a lock whose release was lost (its holder
   * died, or a failover kept the lock and lost its release) stands in the way for at most `ms`.
   */
  async lock(id: string, ms: number): Promise<HeldKey | undefined> {
    const key = `${this.key(id)}:lock`;
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', ms, 'NX')) !== 'OK') return undefined;
    return holdKey(this.redis, key, token, ms);
  }
}
