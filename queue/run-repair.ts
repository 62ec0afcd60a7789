/**
 * A run checked against its plan, after Redis may have lost writes (a Sentinel failover: replication is
 * asynchronous, so what the old primary acknowledged last may not be on the new one). Every item the
 * plan names is looked up in the item index and in its queue: one the index no longer has, or one
 * without an outcome whose job is gone, is created again (its claim and its job, as its run's child).
 * One whose job survived but whose record did not is given the job's state. Nothing is posted twice
 * for it: an item run again finds its earlier posting through postOnce's search at the target.
 */
import type { Job } from 'bullmq';
import type { RunPlan } from '../bots/kit/index.js';
import { businessKeyOf } from './dispatch.js';
import { ensureFailedItemHasException } from './failed-items.js';
import type { ItemData } from './item-data.js';
import { itemIdFor, OUTCOME_STATUSES, type ItemRecord } from './item-index.js';
import { addRunItems, dispatchRun, runParentRef, type PendingItem } from './run-dispatch.js';
import type { Runtime } from './runtime.js';

const BATCH = 500;

export interface RunRepair {
  runId: string;
  /** Items the plan names that had to be created again (their claim, their job, or both). */
  recreated: string[];
  /** Items whose record was gone while their job had ended: the record now says how. */
  resynced: string[];
}

export async function repairRun(rt: Runtime, plan: RunPlan): Promise<RunRepair> {
  if (!(await rt.items.get(plan.runId))) {
    // The run itself is gone: dispatched again whole (what it still has is not added twice).
    const again = await dispatchRun(rt, plan);
    return { runId: plan.runId, recreated: again.items.map((i) => i.itemId), resynced: [] };
  }
  const parent = runParentRef(rt, plan.runId, plan.parent.bot);
  const repair: RunRepair = { runId: plan.runId, recreated: [], resynced: [] };
  let batch: PendingItem[] = [];
  const check = async (pending: PendingItem[]) => {
    const records = await rt.items.getMany(pending.map((p) => p.itemId));
    const byId = new Map(records.map((r) => [r.itemId, r]));
    const lost: PendingItem[] = [];
    const jobs = new Map<string, Job<ItemData>>();
    for (const p of pending) {
      const record = byId.get(p.itemId);
      if (record && OUTCOME_STATUSES.includes(record.status)) continue;
      const job = (await rt.queue(p.bot).getJob(p.itemId)) as Job<ItemData> | undefined;
      if (record && job) continue; // it is there, waiting or running
      if (job) jobs.set(p.itemId, job);
      lost.push(p);
    }
    if (lost.length === 0) return;
    await addRunItems(rt, plan.runId, parent, lost);
    for (const p of lost) {
      const job = jobs.get(p.itemId);
      if (job && (await recordJobOutcome(rt, p.itemId, job))) repair.resynced.push(p.itemId);
      else repair.recreated.push(p.itemId);
    }
  };
  for await (const child of plan.children) {
    const bot = rt.bot(child.bot);
    const businessKey = child.businessKey ?? businessKeyOf(bot, child.input);
    batch.push({ bot: bot.name, itemId: itemIdFor(bot.name, businessKey), businessKey, input: child.input });
    if (batch.length >= BATCH) {
      await check(batch);
      batch = [];
    }
  }
  if (batch.length) await check(batch);
  if (repair.recreated.length || repair.resynced.length) rt.log.warn({ runId: plan.runId, recreated: repair.recreated.length, resynced: repair.resynced.length }, 'run checked against its plan: items Redis had lost created again');
  return repair;
}

/** The item's record given its job's end (completed: done; failed: its exception); false while the job has not ended. */
async function recordJobOutcome(rt: Runtime, itemId: string, job: Job<ItemData>): Promise<boolean> {
  const state = await job.getState();
  if (state === 'completed') await rt.items.setStatus(itemId, 'done', { note: 'recorded again from its job after Redis lost the record' });
  else if (state === 'failed') await ensureFailedItemHasException(rt, job, new Error(job.failedReason ?? 'failed'));
  else return false;
  return true;
}

/**
 * Records without an outcome whose jobs have ended, given the job's outcome: a failover can keep a
 * job's completion and lose the record's last change (the completion, retried by BullMQ after the
 * reconnect, lands on the new primary; the record's change was on the old one). Returns the item ids
 * of the records given an outcome.
 */
export async function resyncFromJobs(rt: Runtime, records: readonly ItemRecord[]): Promise<string[]> {
  const resynced: string[] = [];
  for (const r of records) {
    if (OUTCOME_STATUSES.includes(r.status)) continue;
    const job = (await rt.queue(r.bot).getJob(r.itemId)) as Job<ItemData> | undefined;
    if (job && (await recordJobOutcome(rt, r.itemId, job))) resynced.push(r.itemId);
  }
  if (resynced.length) rt.log.warn({ runId: records[0]?.runId, resynced: resynced.length }, "records Redis had lost given their jobs' outcomes");
  return resynced;
}
