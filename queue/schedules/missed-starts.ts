/**
 * Missed starts: every start a schedule should have made since it was first synced, later than its
 * grace time, with no start recorded (no worker was up, Redis was down, a scheduler stopped silently).
 * Each is recorded and logged as an error once; with `catchUp: once`, the latest of them is started,
 * once (a late tick of the same start then starts nothing more).
 */
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import { nextRun } from './next-run.js';
import type { Schedule } from './schedule.js';
import { ScheduleBook } from './schedule-book.js';
import { startScheduledRun } from './start-run.js';

export interface MissedStart {
  schedule: string;
  plannedAt: number;
  /** The run a catch-up started, if one did. */
  caughtUpBy?: string;
}

/** The starts due between `from` and `to` (epoch ms), in order (at most `max`). */
export function startsBetween(s: Schedule, from: number, to: number, max = 1_000): number[] {
  const out: number[] = [];
  for (let at = nextRun(s.clock, from); at !== undefined && at <= to && out.length < max; at = nextRun(s.clock, at)) out.push(at);
  return out;
}

/** Checks the schedules for missed starts at `now`: records and logs the new ones, and catches up as configured. */
export async function checkMissedStarts(rt: Runtime, schedules: readonly Schedule[], now = Date.now()): Promise<MissedStart[]> {
  const book = new ScheduleBook(rt.redis, ownKeys(rt.prefix));
  const found: MissedStart[] = [];
  for (const s of schedules) {
    const since = await book.since(s.name, now);
    const due = startsBetween(s, since, now - s.graceMs);
    const missed: number[] = [];
    for (const plannedAt of due) if (!(await book.get(s.name, plannedAt)) && (await book.missed(s.name, plannedAt, now))) missed.push(plannedAt);
    for (const plannedAt of missed) rt.log.error({ schedule: s.name, plannedAt: new Date(plannedAt).toISOString(), graceMinutes: s.graceMs / 60_000 }, 'a scheduled start was missed');
    const latest = missed[missed.length - 1];
    for (const plannedAt of missed) {
      const entry: MissedStart = { schedule: s.name, plannedAt };
      if (plannedAt === latest && s.catchUp === 'once') entry.caughtUpBy = (await startScheduledRun(rt, s, plannedAt, 'catch-up')).runId;
      found.push(entry);
    }
  }
  return found;
}
