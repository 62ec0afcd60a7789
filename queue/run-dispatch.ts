import { FlowProducer, Job, type JobsOptions } from 'bullmq';
import { businessKeyOf, itemJobOptions, notBefore, type Scheduling } from './dispatch.js';
import type { ItemData } from './item-data.js';
import { itemIdFor } from './item-index.js';
import { reclaimHeap } from './heap-reclaim.js';
import { queueName } from './keys.js';
import type { Runtime } from './runtime.js';
import type { RunPlan } from '../bots/kit/index.js';

export type { RunPlan, RunChild } from '../bots/kit/index.js';

export interface DispatchedRun {
  runId: string;
  /** False when the run already existed (the same file dispatched again): nothing was added. */
  created: boolean;
  items: { itemId: string; businessKey: string }[];
  /** Items whose business key another run already has: not dispatched again. */
  alreadyKnown: { itemId: string; businessKey: string; runId: string }[];
}

/**
 * The queue of run gates: one job per run being dispatched, in no bot's queue, so that no worker
 * ever takes it. It is the parent's first child: while it is there the parent cannot run, whatever
 * the items already dispatched do.
 */
export const RUN_GATE_QUEUE = 'run-gate';
const gateId = (runId: string) => `gate.${runId}`;

/** Items added to Redis per round trip. */
const BATCH = 1_000;
/** Batches on their way to Redis at once. */
const IN_FLIGHT = 2;

/**
 * Dispatches a run: the parent job (id = run id) waits for all its children, and a child that
 * fails (an exception) does not block it. Items whose business key is already known, in this run
 * or another, are not dispatched again.
 *
 * The items are added in batches of BATCH as they come (a file of 200,000 rows is never held in
 * memory): first the parent with one child, the run's gate, so that the parent cannot run while
 * items are still being added; then each batch, as children of the parent; then the gate is taken
 * away and the parent runs once every item has an outcome. A dispatch that stops half-way (the
 * process died) leaves the gate: dispatching the same run again adds the items still missing and
 * takes the gate away.
 */
export async function dispatchRun(rt: Runtime, plan: RunPlan, scheduling: Scheduling = {}): Promise<DispatchedRun> {
  const parentId = plan.runId;
  const gates = rt.queue(RUN_GATE_QUEUE);
  const gate = await Job.fromId(gates, gateId(plan.runId));
  if ((await rt.items.get(parentId)) && !gate) {
    const items = (await rt.runIndex.listByRun(plan.runId)).filter((i) => i.itemId !== parentId);
    return { runId: plan.runId, created: false, items: items.map(({ itemId, businessKey }) => ({ itemId, businessKey })), alreadyKnown: [] };
  }
  const parentBot = rt.bot(plan.parent.bot);
  if (!gate) {
    const parentData: ItemData = { bot: parentBot.name, runId: plan.runId, businessKey: plan.runId, input: plan.parent.input };
    const flows = new FlowProducer({ connection: rt.redis, prefix: rt.prefix });
    try {
      await flows.add({
        name: parentBot.name,
        queueName: queueName(parentBot.name),
        data: parentData,
        opts: itemJobOptions(rt, parentBot.name, parentId, { priority: scheduling.priority }),
        children: [{ name: 'gate', queueName: RUN_GATE_QUEUE, data: { runId: plan.runId }, opts: { jobId: gateId(plan.runId), removeOnComplete: true } }],
      });
    } finally {
      await flows.close();
    }
    await rt.items.register({ itemId: parentId, bot: parentBot.name, businessKey: plan.runId, runId: plan.runId });
  }
  const file = (plan.parent.input as { file?: unknown } | null)?.file;
  await rt.runIndex.setRunMeta(plan.runId, { bot: parentBot.name, label: typeof file === 'string' ? file : undefined, notBefore: notBefore(scheduling) });

  const parent = runParentRef(rt, plan.runId, parentBot.name);
  const items: DispatchedRun['items'] = [];
  const alreadyKnown: DispatchedRun['alreadyKnown'] = [];
  const seen = new Set<string>();
  let batch: PendingItem[] = [];
  const flush = async (batch: PendingItem[]): Promise<void> => {
    const added = await addRunItems(rt, plan.runId, parent, batch, scheduling);
    items.push(...added.items);
    alreadyKnown.push(...added.alreadyKnown);
  };

  // Batches go to Redis while the next are read from the file (Redis and the reader work side by
  // side); at most IN_FLIGHT at once. Batches share no item, so their order in Redis does not matter.
  const inFlight: Promise<void>[] = [];
  const send = async () => {
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    const sending = flush(batch);
    sending.catch(() => undefined); // awaited in turn
    inFlight.push(sending);
    batch = [];
  };

  for await (const child of plan.children) {
    const bot = rt.bot(child.bot);
    const businessKey = child.businessKey ?? businessKeyOf(bot, child.input);
    const itemId = itemIdFor(bot.name, businessKey);
    if (seen.has(itemId)) throw new Error(`run ${plan.runId} names business key ${businessKey} twice: the plan must make duplicates distinct`);
    seen.add(itemId);
    batch.push({ bot: bot.name, itemId, businessKey, input: child.input });
    if (batch.length >= BATCH) {
      await send();
      reclaimHeap(); // a large run's garbage is collected as it goes (see heap-reclaim.ts)
    }
  }
  if (batch.length) await send();
  for (const sending of inFlight) await sending;

  // Every item is in: the gate goes, and the parent runs once every item has an outcome.
  const open = await Job.fromId(gates, gateId(plan.runId));
  if (open) {
    await open.removeChildDependency();
    await open.remove();
  }
  return { runId: plan.runId, created: true, items, alreadyKnown };
}

/** An item to add to a run, its id and business key already derived. */
export interface PendingItem {
  bot: string;
  itemId: string;
  businessKey: string;
  input: unknown;
}

/** The parent job of a run's items: its id and its queue's key. */
export interface RunParentRef {
  id: string;
  queue: string;
}

/** The parent of a run's items, from the run id and the parent's bot. */
export const runParentRef = (rt: Runtime, runId: string, parentBot: string): RunParentRef => ({ id: runId, queue: `${rt.prefix}:${queueName(parentBot)}` });

/**
 * Adds items to a run, as children of its parent. The batch is claimed in the item index first,
 * then its new items are added as jobs. A dispatch that dies in between leaves claimed items without
 * jobs: they are this run's and still queued, so adding them again adds their jobs (adding a job
 * whose id exists changes nothing). Items another run already has are not added.
 */
export async function addRunItems(
  rt: Runtime,
  runId: string,
  parent: RunParentRef,
  batch: PendingItem[],
  scheduling: Scheduling = {},
): Promise<Pick<DispatchedRun, 'items' | 'alreadyKnown'>> {
  const items: DispatchedRun['items'] = [];
  const alreadyKnown: DispatchedRun['alreadyKnown'] = [];
  const claims = await rt.items.claimMany(runId, batch);
  const toAdd = new Map<string, PendingItem[]>();
  batch.forEach((b, i) => {
    const claim = claims[i]!;
    if (typeof claim === 'object') {
      if (claim.runId !== runId) return void alreadyKnown.push({ itemId: b.itemId, businessKey: b.businessKey, runId: claim.runId });
    } else {
      const list = toAdd.get(b.bot);
      if (list) list.push(b);
      else toAdd.set(b.bot, [b]);
    }
    items.push({ itemId: b.itemId, businessKey: b.businessKey });
  });
  for (const [bot, jobs] of toAdd) {
    await rt.queue(bot).addBulk(
      jobs.map((b) => {
        const data: ItemData = { bot, runId, businessKey: b.businessKey, input: b.input };
        const opts: JobsOptions = { ...itemJobOptions(rt, bot, b.itemId, scheduling), parent, ignoreDependencyOnFailure: true };
        return { name: bot, data, opts };
      }),
    );
  }
  return { items, alreadyKnown };
}
