/**
 * Missed starts: every start a schedule should have made since it was first synced, later than its
 * grace time, with no start recorded (no worker was up, Redis was down, a scheduler stopped silently).
 * Each is recorded, logged as an error and alerted (type `schedule-missed`) once; a paused schedule misses nothing; with `catchUp: once`, the latest of them is started,
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
  const paused = await book.paused();
  for (const s of schedules) {
    if (paused.has(s.name)) continue;
    const since = await book.since(s.name, now);
    const due = startsBetween(s, since, now - s.graceMs);
    const missed: number[] = [];
    for (const plannedAt of due) if (!(await book.get(s.name, plannedAt)) && (await book.missed(s.name, plannedAt, now))) missed.push(plannedAt);
    for (const plannedAt of missed) {
      const at = new Date(plannedAt).toISOString();
      rt.log.error({ schedule: s.name, plannedAt: at, graceMinutes: s.graceMs / 60_000 }, 'a scheduled start was missed');
      await rt.alerts.send({
        type: 'schedule-missed',
        severity: 'high',
        title: `Schedule ${s.name} missed its start of ${at}`,
        text: `The start of ${s.plan ? 'plan' : 'run'} ${s.plan ?? s.run} planned for ${at} did not happen within ${s.graceMs / 60_000} min (no worker up, Redis down, or the scheduler stopped). ${s.catchUp === 'once' ? 'It is caught up once now.' : 'It is not caught up (catchUp: none): start it by hand if it is needed (rpa schedules trigger).'}`,
        dedupKey: `schedule-missed:${s.name}:${plannedAt}`,
        facts: { schedule: s.name, plannedAt: at, catchUp: s.catchUp },
      });
    }
    const latest = missed[missed.length - 1];
    for (const plannedAt of missed) {
      const entry: MissedStart = { schedule: s.name, plannedAt };
      if (plannedAt === latest && s.catchUp === 'once') entry.caughtUpBy = (await startScheduledRun(rt, s, plannedAt, 'catch-up')).runId;
      found.push(entry);
    }
  }
  return found;
}
