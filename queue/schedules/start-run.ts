/**
 * A schedule's start carried out: the run it names planned from the schedule's parameters and the
 * start, under the start's own run id, and dispatched. Delivered twice (a tick taken again after a
 * worker died, a catch-up racing a late tick), it starts nothing the second time: the start is
 * recorded once and the run id is the same.
 */
import { RpaError, todayIn } from '../../banking/index.js';
import { runIdFromDigest, type ScheduledStart } from '../../bots/kit/index.js';
import { createHash } from 'node:crypto';
import { ownKeys } from '../keys.js';
import { dispatchRun, type DispatchedRun } from '../run-dispatch.js';
import { runOf } from '../run-sources.js';
import type { Runtime } from '../runtime.js';
import type { Schedule } from './schedule.js';
import { ScheduleBook, type RecordedStart } from './schedule-book.js';
import { resolvePlan } from '../plans/plan.js';
import { startNight } from '../plans/start-night.js';

/** A schedule names a run that takes files only. */
export class RunNotSchedulable extends RpaError {
  readonly whatNext: string;
  constructor(schedule: string, run: string) {
    super(`schedule ${schedule} names the run "${run}", which a schedule cannot start (it takes files)`);
    this.whatNext = `Name a run that can be scheduled in schedules.${schedule}.run, or give the files to "${run}" through its drop folder.`;
  }
}

/** One run id per schedule and planned start. */
export const scheduledRunId = (schedule: string, plannedAt: number) => runIdFromDigest('sch', createHash('sha256').update(`${schedule}@${plannedAt}`).digest('hex'));

/** A start of a paused schedule, delivered by its tick or a catch-up: nothing is started. */
export class SchedulePaused extends RpaError {
  readonly whatNext: string;
  constructor(schedule: string) {
    super(`schedule ${schedule} is paused: its start was not made`);
    this.whatNext = `Resume it (rpa schedules resume ${schedule}, or the board's Schedules page), or start this once with trigger.`;
  }
}

/** A planned start of a schedule, once: the run it names, or the night of its plan. A paused schedule's tick or catch-up starts nothing. */
export async function startScheduledRun(rt: Runtime, schedule: Schedule, plannedAt: number, via: RecordedStart['via'] = 'tick'): Promise<DispatchedRun> {
  const book = new ScheduleBook(rt.redis, ownKeys(rt.prefix));
  if (via !== 'trigger' && (await book.paused()).has(schedule.name)) throw new SchedulePaused(schedule.name);
  if (schedule.plan) {
    const config = rt.config.plans.find((p) => p.name === schedule.plan)!;
    const { night, created } = await startNight(rt, resolvePlan(rt.config, config), plannedAt, via);
    await book.start(schedule.name, { plannedAt, startedAt: Date.now(), runId: night.id, via });
    return { runId: night.id, created, items: [], alreadyKnown: [] };
  }
  const run = runOf(rt, schedule.run);
  if (!run.fromSchedule) throw new RunNotSchedulable(schedule.name, schedule.run);
  const start: ScheduledStart = { schedule: schedule.name, at: new Date(plannedAt).toISOString(), day: todayIn(schedule.clock.timeZone, new Date(plannedAt)) };
  const plan = { ...(await run.fromSchedule(schedule.params, start, rt.config)), runId: scheduledRunId(schedule.name, plannedAt) };
  await book.start(schedule.name, { plannedAt, startedAt: Date.now(), runId: plan.runId, via });
  // Dispatched whether or not the start was recorded just now: a dispatch cut short is completed, a whole one adds nothing.
  const dispatched = await dispatchRun(rt, plan);
  rt.log.info({ schedule: schedule.name, plannedAt: start.at, runId: plan.runId, items: dispatched.items.length, created: dispatched.created, via }, 'scheduled run started');
  return dispatched;
}
