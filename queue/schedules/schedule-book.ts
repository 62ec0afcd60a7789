/**
 * Each schedule's starts (Redis): when each start was planned, when it was taken up, and the run it
 * started. A planned start is recorded once, whatever delivers it again, so a run is started once per
 * start; the missed-start check reads what was planned against what started.
 */
import type { Redis } from 'ioredis';

export interface RecordedStart {
  /** The start as planned (epoch ms). */
  plannedAt: number;
  startedAt: number;
  runId: string;
  /** How it came: the scheduler's tick, a catch-up, an operator's trigger. */
  via: 'tick' | 'catch-up' | 'trigger';
}

export class ScheduleBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key = (schedule: string) => `${this.prefix}schedule:${schedule}:starts`;
  private sinceKey = () => `${this.prefix}schedules:since`;
  private missedKey = (schedule: string) => `${this.prefix}schedule:${schedule}:missed`;

  /** When the schedule was first synced (epoch ms): starts before it were never due. Set once. */
  async since(schedule: string, now = Date.now()): Promise<number> {
    await this.redis.hsetnx(this.sinceKey(), schedule, String(now));
    return Number(await this.redis.hget(this.sinceKey(), schedule));
  }

  private pausedKey = () => `${this.prefix}schedules:paused`;

  /** Pauses a schedule: its starts are not made until it is resumed (a trigger still starts it). */
  async pause(schedule: string, by: string, at = Date.now()): Promise<boolean> {
    return (await this.redis.hsetnx(this.pausedKey(), schedule, JSON.stringify({ by, at }))) === 1;
  }

  /** Resumes a schedule: the starts due while it was paused are not missed ones (it counts from now). */
  async resume(schedule: string, at = Date.now()): Promise<boolean> {
    const [[, removed]] = (await this.redis.multi().hdel(this.pausedKey(), schedule).hset(this.sinceKey(), schedule, String(at)).exec()) as [[unknown, number], unknown];
    return removed === 1;
  }

  /** The paused schedules: who paused each and when. */
  async paused(): Promise<Map<string, { by: string; at: number }>> {
    return new Map(Object.entries(await this.redis.hgetall(this.pausedKey())).map(([k, v]) => [k, JSON.parse(v) as { by: string; at: number }]));
  }

  /** Records a missed start once; false when it was recorded already. */
  async missed(schedule: string, plannedAt: number, noticedAt: number): Promise<boolean> {
    return (await this.redis.hsetnx(this.missedKey(schedule), String(plannedAt), String(noticedAt))) === 1;
  }

  /** The missed starts recorded, oldest first. */
  async missedStarts(schedule: string): Promise<{ plannedAt: number; noticedAt: number }[]> {
    return Object.entries(await this.redis.hgetall(this.missedKey(schedule)))
      .map(([p, n]) => ({ plannedAt: Number(p), noticedAt: Number(n) }))
      .sort((a, b) => a.plannedAt - b.plannedAt);
  }

  /** Records a start; false when this planned start was recorded already (it is not started again). */
  async start(schedule: string, s: RecordedStart): Promise<boolean> {
    return (await this.redis.hsetnx(this.key(schedule), String(s.plannedAt), JSON.stringify(s))) === 1;
  }

  async get(schedule: string, plannedAt: number): Promise<RecordedStart | undefined> {
    const raw = await this.redis.hget(this.key(schedule), String(plannedAt));
    return raw ? (JSON.parse(raw) as RecordedStart) : undefined;
  }

  /** The recorded starts, the latest first (at most `limit`). */
  async starts(schedule: string, limit = 50): Promise<RecordedStart[]> {
    const all = Object.values(await this.redis.hgetall(this.key(schedule))).map((v) => JSON.parse(v) as RecordedStart);
    return all.sort((a, b) => b.plannedAt - a.plannedAt).slice(0, limit);
  }
}
