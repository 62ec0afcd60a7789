import type { Decision, ExceptionRecord } from './exceptions-store.js';
import type { ItemData, ReleasedHold } from './item-data.js';
import type { Runtime } from './runtime.js';

export class ItemGone extends Error {
  readonly whatNext = 'The item\'s job is no longer in the queue (removed by an operator?): dispatch it again if the work is still to be done.';
  constructor(itemId: string) {
    super(`item ${itemId} is no longer in its queue, so it cannot be resumed`);
    this.name = 'ItemGone';
  }
}

/**
 * An exception handler's decision, carried out: recorded in the exceptions store (who, when),
 * then applied to the item. Resume (with the input as edited, if it was) and a completed
 * approval run the item again with fresh attempts; an approved compliance hold is released
 * for that item, so the same rule does not stop it again. Reject closes the item.
 */
export async function decideException(
  rt: Runtime,
  id: string,
  decision: Decision,
  by: string,
  options: { note?: string; editedInput?: unknown } = {},
): Promise<ExceptionRecord> {
  // The exception opens just before its job is moved to failed: wait for that, so the decision is never recorded
  // for an item that cannot be run again.
  const opened = await rt.exceptions.get(id);
  const job = await rt.queue(opened.bot).getJob(opened.itemId);
  if (!job) throw new ItemGone(opened.itemId);
  for (let i = 0; i < 50 && (await job.getState()) === 'active'; i++) await new Promise((r) => setTimeout(r, 100));
  const record = await rt.exceptions.decide(id, decision, by, options);
  if (record.status === 'open') return record; // the first of two approvals
  if (record.status === 'rejected') {
    await rt.items.setStatus(record.itemId, 'rejected', { note: `rejected by ${by}${options.note ? `: ${options.note}` : ''}` });
    return record;
  }
  const data: ItemData = { ...(job.data as ItemData) };
  if (options.editedInput !== undefined) data.input = options.editedInput;
  const rule = record.error.details?.rule;
  if (record.type === 'compliance' && record.status === 'approved' && typeof rule === 'string') {
    const release: ReleasedHold = { rule, exceptionId: record.id, approvedBy: record.approvals.map((a) => a.by) };
    data.released = [...(data.released ?? []), release];
  }
  await job.updateData(data);
  await job.retry('failed', { resetAttemptsMade: true });
  await rt.items.setStatus(record.itemId, 'queued', { note: `${record.status} by ${by}` });
  return record;
}
