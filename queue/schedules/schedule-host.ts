/**
 * The schedules at work in a worker process: the job schedulers synced with the configuration, and a
 * BullMQ worker taking the ticks (each a start of a schedule, started as its run once), and the
 * missed-start check every minute. Every worker
 * process may run one: a tick is one job, taken by one of them; a start delivered again starts nothing
 * more (startScheduledRun).
 */
import { Worker, type Job, type Queue } from 'bullmq';
import type { Runtime } from '../runtime.js';
import { resolveSchedules, type Schedule } from './schedule.js';
import { SCHEDULE_QUEUE, scheduleQueue, scheduleRepeatStrategy, syncSchedulers, type ScheduleTick } from './scheduler.js';
import { SchedulePaused, startScheduledRun } from './start-run.js';
import { watchNights } from '../plans/watch-nights.js';
import { checkMissedStarts } from './missed-starts.js';

/** A tick's data: the schedule; a trigger by an operator also says the start it stands for. */
export interface TickData extends ScheduleTick {
  plannedAt?: number;
  via?: 'tick' | 'catch-up' | 'trigger';
}

export class ScheduleHost {
  private queue?: Queue;
  private worker?: Worker<TickData>;
  private timer?: NodeJS.Timeout;
  private nightTimer?: NodeJS.Timeout;
  readonly schedules: Schedule[];

  constructor(private readonly rt: Runtime) {
    this.schedules = resolveSchedules(rt.config);
  }

  /** Syncs the schedulers and starts taking ticks; the next start of each schedule, for the log. */
  async start(): Promise<Map<string, number | undefined>> {
    const rt = this.rt;
    this.queue = scheduleQueue(rt.redis, rt.prefix, this.schedules);
    const next = await syncSchedulers(this.queue, this.schedules);
    const byName = new Map(this.schedules.map((s) => [s.name, s]));
    this.worker = new Worker<TickData>(
      SCHEDULE_QUEUE,
      async (job: Job<TickData>) => {
        const s = byName.get(job.data.schedule);
        if (!s) throw new Error(`a tick of schedule "${job.data.schedule}", which the configuration no longer has`);
        const plannedAt = job.data.plannedAt ?? (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp;
        try {
          const run = await startScheduledRun(rt, s, plannedAt, job.data.via ?? 'tick');
          return { runId: run.runId, items: run.items.length, created: run.created };
        } catch (err) {
          if (!(err instanceof SchedulePaused)) throw err;
          rt.log.info({ schedule: s.name, plannedAt: new Date(plannedAt).toISOString() }, 'schedule paused: start not made');
          return { paused: true };
        }
      },
      { connection: rt.redis, prefix: rt.prefix, concurrency: 1, settings: { repeatStrategy: scheduleRepeatStrategy(this.schedules) } },
    );
    this.worker.on('failed', (job, err) => rt.log.error({ err, schedule: job?.data.schedule }, 'a scheduled start failed'));
    // Missed starts, checked every minute (and now): a watchdog beside BullMQ's own schedulers.
    const check = () => checkMissedStarts(rt, this.schedules).catch((err: unknown) => rt.log.error({ err }, 'the missed-start check failed'));
    await check();
    this.timer = setInterval(() => void check(), 60_000);
    this.timer.unref();
    // The nights under way: moved on and forecast (a step starts within planCheckMs of the steps before it ending).
    let watching = false;
    let outagesSeen = rt.redisHealth.outages;
    this.nightTimer = setInterval(() => {
      if (watching || this.rt.config.plans.length === 0) return;
      watching = true;
      // After an outage (a restart, a failover) the running steps' runs are checked against their plans.
      const outages = rt.redisHealth.outages;
      watchNights(rt, Date.now(), { checkRuns: outages !== outagesSeen })
        .then(() => (outagesSeen = outages))
        .catch((err: unknown) => rt.log.error({ err }, 'the look at the nights under way failed'))
        .finally(() => (watching = false));
    }, rt.config.worker.planCheckMs);
    this.nightTimer.unref();
    for (const [name, at] of next) rt.log.info({ schedule: name, nextStart: at ? new Date(at).toISOString() : null }, 'schedule synced');
    return next;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.nightTimer) clearInterval(this.nightTimer);
    await this.worker?.close();
    await this.queue?.close();
  }
}
