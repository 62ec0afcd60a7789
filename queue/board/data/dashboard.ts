/**
 * What the dashboard shows, each read in a few Redis round trips whatever the volume: queue counts
 * by state (BullMQ's own counters), the runs in progress (a sorted set) with their counts (a hash
 * each), items finished per hour (one hash per hour), and each target's circuit breaker and leases.
 */
import type { JobType } from 'bullmq';
import { OUTCOME_STATUSES, type HourCount, type RunCounts, type RunMeta } from '../../item-index.js';
import type { Runtime } from '../../runtime.js';

export const QUEUE_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children', 'completed', 'failed', 'paused'] as const satisfies readonly JobType[];

export interface QueueSummary {
  name: string;
  paused: boolean;
  counts: Record<(typeof QUEUE_STATES)[number], number>;
}

export async function queueSummaries(rt: Runtime): Promise<QueueSummary[]> {
  return Promise.all(
    [...rt.bots.keys()].sort().map(async (name) => {
      const q = rt.queue(name);
      const [counts, paused] = await Promise.all([q.getJobCounts(...QUEUE_STATES), q.isPaused()]);
      return { name, paused, counts: counts as QueueSummary['counts'] };
    }),
  );
}

export interface RunSummary {
  runId: string;
  startedAt: number;
  meta: RunMeta;
  counts: RunCounts;
  /** Items with an outcome (done, exception, rejected, cancelled). */
  finished: number;
  /** The run's items (its parent, which writes the report, is not one). */
  total: number;
  /** Every item and the parent have an outcome. */
  complete: boolean;
}

export const finishedOf = (c: RunCounts) => OUTCOME_STATUSES.reduce((n, s) => n + (c[s] ?? 0), 0);

/** A run is complete when every item has an outcome and so has its parent (the report is written). */
export const completeOf = (c: RunCounts) => c.total > 0 && finishedOf(c) >= c.total && (c.parent === undefined || OUTCOME_STATUSES.includes(c.parent));

/** Runs, newest first (only those in progress with `active`), with their counts: one ZRANGE and two pipelines. */
export async function runSummaries(rt: Runtime, options: { active?: boolean; offset?: number; limit?: number } = {}): Promise<{ rows: RunSummary[]; total: number }> {
  const page = await rt.runIndex.pageRuns(options);
  const ids = page.rows.map((r) => r.runId);
  const [counts, metas] = await Promise.all([rt.runIndex.runCountsMany(ids), rt.runIndex.runMetas(ids)]);
  return {
    total: page.total,
    rows: page.rows.map((r, i) => {
      const c = counts[i] ?? { total: 0 };
      return { runId: r.runId, startedAt: r.startedAt, meta: metas[i] ?? {}, counts: c, finished: finishedOf(c), total: c.total, complete: completeOf(c) };
    }),
  };
}

/** A run's progress, as the live bars take it. */
export function progressOf(r: { counts: RunCounts }): { done: number; total: number; complete: boolean; label: string } {
  const finished = finishedOf(r.counts);
  const exc = r.counts.exception ?? 0;
  const complete = completeOf(r.counts);
  const writing = finished >= r.counts.total && r.counts.total > 0 && !complete ? ' · report being written' : '';
  return { done: finished, total: r.counts.total, complete, label: `${finished} / ${r.counts.total}${exc ? ` · ${exc} exception${exc === 1 ? '' : 's'}` : ''}${writing}` };
}

export interface TargetHealth {
  target: string;
  breaker: { state: string; failures: number; openUntil?: number };
  accounts: number;
  /** Bot accounts leased right now (sessions in use). */
  inUse: number;
}

export async function targetHealth(rt: Runtime): Promise<TargetHealth[]> {
  return Promise.all(
    Object.entries(rt.config.targets).map(async ([target, t]) => {
      const [breaker, holders] = await Promise.all([
        rt.breaker.state(target),
        t.accounts.length ? rt.redis.mget(t.accounts.map((a) => rt.leases.key(target, a.username))) : Promise.resolve([]),
      ]);
      return { target, breaker, accounts: t.accounts.length, inUse: holders.filter((h) => h !== null).length };
    }),
  );
}

export interface Dashboard {
  queues: QueueSummary[];
  active: { rows: RunSummary[]; total: number };
  hourly: HourCount[];
  targets: TargetHealth[];
  openExceptions: number;
}

export async function dashboard(rt: Runtime, now = Date.now()): Promise<Dashboard> {
  const [queues, active, hourly, targets, openExceptions] = await Promise.all([
    queueSummaries(rt),
    runSummaries(rt, { active: true, limit: 20 }),
    rt.items.hourly(24, now),
    targetHealth(rt),
    rt.exceptions.countOpen(),
  ]);
  return { queues, active, hourly, targets, openExceptions };
}
