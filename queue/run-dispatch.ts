import { FlowProducer, type FlowJob } from 'bullmq';
import { businessKeyOf, itemJobOptions, notBefore, type Scheduling } from './dispatch.js';
import type { ItemData } from './item-data.js';
import { itemIdFor } from './item-index.js';
import type { Runtime } from './runtime.js';

/** A run to dispatch: a parent item (it runs when every child has an outcome, e.g. to write the report) and its items. */
export interface RunPlan {
  runId: string;
  parent: { bot: string; input: unknown };
  children: { bot: string; input: unknown; businessKey?: string }[];
}

export interface DispatchedRun {
  runId: string;
  /** False when the run already existed (the same file dispatched again): nothing was added. */
  created: boolean;
  items: { itemId: string; businessKey: string }[];
  /** Items whose business key another run already has: not dispatched again. */
  alreadyKnown: { itemId: string; businessKey: string; runId: string }[];
}

/**
 * Dispatches a run as one BullMQ flow: the parent job (id = run id) waits for all its
 * children, and a child that fails (an exception) does not block it. Items whose business
 * key is already known, in this run or another, are not dispatched again.
 */
export async function dispatchRun(rt: Runtime, plan: RunPlan, scheduling: Scheduling = {}): Promise<DispatchedRun> {
  const parentId = plan.runId;
  if (await rt.items.get(parentId)) {
    const items = (await rt.items.listByRun(plan.runId)).filter((i) => i.itemId !== parentId);
    return { runId: plan.runId, created: false, items: items.map(({ itemId, businessKey }) => ({ itemId, businessKey })), alreadyKnown: [] };
  }
  const items: DispatchedRun['items'] = [];
  const alreadyKnown: DispatchedRun['alreadyKnown'] = [];
  const children: FlowJob[] = [];
  const seen = new Set<string>();
  for (const child of plan.children) {
    const bot = rt.bot(child.bot);
    const businessKey = child.businessKey ?? businessKeyOf(bot, child.input);
    const itemId = itemIdFor(bot.name, businessKey);
    if (seen.has(itemId)) throw new Error(`run ${plan.runId} names business key ${businessKey} twice: the plan must make duplicates distinct`);
    seen.add(itemId);
    const existing = await rt.items.get(itemId);
    if (existing) {
      alreadyKnown.push({ itemId, businessKey, runId: existing.runId });
      continue;
    }
    const data: ItemData = { bot: bot.name, runId: plan.runId, businessKey, input: child.input };
    children.push({ name: bot.name, queueName: bot.name, data, opts: { ...itemJobOptions(rt, bot.name, itemId, scheduling), ignoreDependencyOnFailure: true } });
    items.push({ itemId, businessKey });
  }
  const parentData: ItemData = { bot: plan.parent.bot, runId: plan.runId, businessKey: plan.runId, input: plan.parent.input };
  const flows = new FlowProducer({ connection: rt.redis, prefix: rt.prefix });
  try {
    await flows.add({ name: plan.parent.bot, queueName: plan.parent.bot, data: parentData, opts: itemJobOptions(rt, plan.parent.bot, parentId, { priority: scheduling.priority }), children });
  } finally {
    await flows.close();
  }
  // Indexed after the flow is in Redis: a crash in between leaves jobs that a second dispatch finds by id.
  for (const { itemId, businessKey } of items) {
    await rt.items.register({ itemId, bot: children.find((c) => c.opts?.jobId === itemId)!.name, businessKey, runId: plan.runId });
  }
  await rt.items.register({ itemId: parentId, bot: plan.parent.bot, businessKey: plan.runId, runId: plan.runId });
  const file = (plan.parent.input as { file?: unknown } | null)?.file;
  await rt.items.setRunMeta(plan.runId, { bot: plan.parent.bot, label: typeof file === 'string' ? file : undefined, notBefore: notBefore(scheduling) });
  return { runId: plan.runId, created: true, items, alreadyKnown };
}
