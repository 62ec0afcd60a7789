/** An item's page (its record, job, history, log lines, evidence, exceptions) and the operator's retry and cancel. */
import type { Job, JobState } from 'bullmq';
import type { Actor } from '../../actor.js';
import { hasAnyRole, NotAllowed } from '../../actor.js';
import { decideException } from '../../decisions.js';
import type { ExceptionRecord } from '../../exceptions-store.js';
import type { ItemData } from '../../item-data.js';
import type { ItemHistoryEntry, ItemRecord } from '../../item-index.js';
import type { ItemLogLine } from '../../item-logs.js';
import type { Runtime } from '../../runtime.js';
import { listItemEvidence, type EvidenceFile } from './evidence-files.js';
import { RpaError } from '../../../banking/index.js';

export interface JobView {
  state: JobState | 'unknown';
  attemptsMade: number;
  attempts: number;
  progress?: { pct: number; note?: string };
  input: unknown;
  result?: unknown;
  failedReason?: string;
  createdAt?: number;
  processedAt?: number;
  finishedAt?: number;
  /** When a delayed job may run (epoch ms). */
  runAt?: number;
  priority?: number;
}

export interface ItemDetail {
  item: ItemRecord;
  job?: JobView;
  history: ItemHistoryEntry[];
  logs: ItemLogLine[];
  evidence: EvidenceFile[];
  exceptions: ExceptionRecord[];
}

export function progressValue(progress: unknown): { pct: number; note?: string } | undefined {
  if (typeof progress === 'number') return { pct: progress };
  if (progress && typeof progress === 'object' && typeof (progress as { pct?: unknown }).pct === 'number') {
    const p = progress as { pct: number; note?: unknown };
    return { pct: p.pct, note: typeof p.note === 'string' ? p.note : undefined };
  }
  return undefined;
}

export async function jobView(job: Job | undefined): Promise<JobView | undefined> {
  if (!job) return undefined;
  const state = await job.getState();
  return {
    state,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    progress: progressValue(job.progress),
    input: (job.data as ItemData).input,
    result: job.returnvalue ?? undefined,
    failedReason: job.failedReason || undefined,
    createdAt: job.timestamp,
    processedAt: job.processedOn,
    finishedAt: job.finishedOn,
    runAt: state === 'delayed' ? job.timestamp + (job.delay ?? 0) : undefined,
    priority: job.priority || undefined,
  };
}

export async function itemDetail(rt: Runtime, itemId: string): Promise<ItemDetail | undefined> {
  const item = await rt.items.get(itemId);
  if (!item) return undefined;
  const job = rt.bots.has(item.bot) ? await rt.queue(item.bot).getJob(itemId) : undefined;
  const [view, history, logs, evidence, exceptions] = await Promise.all([
    jobView(job),
    rt.items.history(itemId),
    rt.itemLogs.tail(itemId, 200),
    listItemEvidence(rt.config.dataDir, item),
    rt.exceptions.list({ itemId, limit: 20 }),
  ]);
  return { item, job: view, history, logs, evidence, exceptions };
}

export class CannotDoThatNow extends RpaError {
  constructor(
    message: string,
    readonly whatNext: string,
  ) {
    super(message);
  }
}

/**
 * Retry an item: one that failed for good is resumed through its open exception (so the store
 * checks the user's roles for that exception type); one that waits (delayed, backing off) is
 * promoted to run now.
 */
export async function retryItem(rt: Runtime, itemId: string, actor: Actor): Promise<string> {
  const item = await rt.items.get(itemId);
  const job = item && (await rt.queue(item.bot).getJob(itemId));
  if (!item || !job) throw new CannotDoThatNow(`item ${itemId} has no job in its queue`, 'Dispatch it again if the work is still to be done.');
  const state = await job.getState();
  if (state === 'failed') {
    const open = (await rt.exceptions.list({ itemId, status: 'open', limit: 1 }))[0];
    if (!open) throw new CannotDoThatNow(`item ${itemId} failed and has no open exception`, 'Its exception was decided already; reload the page.');
    await decideException(rt, open.id, 'resume', actor, { note: 'retried from the item page' });
    return `resumed (exception ${open.id})`;
  }
  if (state === 'delayed') {
    if (!hasAnyRole(actor, ['operator'])) throw new NotAllowed(`${actor.username} may not start items early`, 'Ask an operator.');
    await job.promote();
    return 'promoted: it runs as soon as a worker is free';
  }
  throw new CannotDoThatNow(`item ${itemId} is ${state}: there is nothing to retry`, state === 'completed' ? 'It is done.' : 'It is queued or running already.');
}

/** Cancel an item that has not started (waiting, delayed, prioritised): its job is removed and the item marked cancelled. */
export async function cancelItem(rt: Runtime, itemId: string, actor: Actor, reason: string): Promise<void> {
  if (!hasAnyRole(actor, ['operator'])) throw new NotAllowed(`${actor.username} may not cancel items`, 'Ask an operator.');
  const item = await rt.items.get(itemId);
  const job = item && (await rt.queue(item.bot).getJob(itemId));
  if (!item || !job) throw new CannotDoThatNow(`item ${itemId} has no job in its queue`, 'Nothing to cancel.');
  const state = await job.getState();
  if (!['waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'].includes(state)) {
    throw new CannotDoThatNow(
      `item ${itemId} is ${state}: only items that have not started can be cancelled`,
      state === 'failed' ? 'Reject its exception instead (the exception page).' : state === 'active' ? 'Wait for it to finish, or pause its queue.' : 'It has finished.',
    );
  }
  await job.remove();
  await rt.items.setStatus(itemId, 'cancelled', { note: `cancelled by ${actor.username}${reason ? `: ${reason}` : ''}` });
}
