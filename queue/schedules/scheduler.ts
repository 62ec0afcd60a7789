/**
 * Schedules as BullMQ job schedulers: one per schedule, in the queue of schedule ticks, its pattern
 * `schedule:<name>`. BullMQ asks our repeat strategy for each next start (the schedule's "when" on its
 * calendar and time zone, nextRun), so there is no timer loop of ours: a start is a delayed job in
 * Redis, whichever worker is up takes it. The same strategy is given to the queue that upserts the
 * schedulers and to the worker that takes the ticks (BullMQ computes the next start in both).
 */
import { Queue, type RepeatStrategy } from 'bullmq';
import type { Redis } from 'ioredis';
import { RpaError } from '../../banking/index.js';
import { nextRun } from './next-run.js';
import type { Schedule } from './schedule.js';

/** The queue the schedules' ticks are in (no bot's). */
export const SCHEDULE_QUEUE = 'schedule-ticks';
const PATTERN = 'schedule:';

export const schedulePattern = (name: string) => `${PATTERN}${name}`;

export class UnknownSchedulePattern extends RpaError {
  readonly whatNext = 'A job scheduler names a schedule the configuration no longer has: it is removed at the next start of a worker (syncSchedulers).';
  constructor(pattern: string) {
    super(`no schedule for the job scheduler pattern "${pattern}"`);
  }
}

/** BullMQ's repeat strategy for our schedules: the next start after `millis`, undefined to stop. */
export function scheduleRepeatStrategy(schedules: readonly Schedule[]): RepeatStrategy {
  const byName = new Map(schedules.map((s) => [s.name, s]));
  return (millis, opts) => {
    const pattern = opts.pattern ?? '';
    const s = pattern.startsWith(PATTERN) ? byName.get(pattern.slice(PATTERN.length)) : undefined;
    if (!s) throw new UnknownSchedulePattern(pattern);
    return nextRun(s.clock, millis);
  };
}

export interface ScheduleTick {
  schedule: string;
}

/**
 * Makes Redis hold exactly the configured schedules: each upserted (its next start computed by the
 * strategy), a scheduler of a schedule no longer configured removed. Returns each schedule's next start.
 */
export async function syncSchedulers(queue: Queue, schedules: readonly Schedule[]): Promise<Map<string, number | undefined>> {
  const next = new Map<string, number | undefined>();
  for (const s of schedules) {
    const job = await queue.upsertJobScheduler(s.name, { pattern: schedulePattern(s.name) }, { name: 'tick', data: { schedule: s.name } satisfies ScheduleTick });
    next.set(s.name, job ? job.timestamp + (job.opts.delay ?? 0) : undefined);
  }
  const names = new Set(schedules.map((s) => s.name));
  for (const existing of await queue.getJobSchedulers(0, -1)) {
    if (existing.key && !names.has(existing.key)) await queue.removeJobScheduler(existing.key);
  }
  return next;
}

/** The queue of ticks, with the strategy (the schedulers are upserted through it). */
export function scheduleQueue(connection: Redis, prefix: string, schedules: readonly Schedule[]): Queue {
  return new Queue(SCHEDULE_QUEUE, { connection, prefix, settings: { repeatStrategy: scheduleRepeatStrategy(schedules) } });
}
