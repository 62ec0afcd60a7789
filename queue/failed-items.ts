import type { Job } from 'bullmq';
import type { ItemData } from './item-data.js';
import type { Runtime } from './runtime.js';

/**
 * An item BullMQ has failed for good must be an exception for a person. Our processor opens
 * one itself; this covers the failures it never sees (an item that stalled too often, failed by
 * BullMQ's stall check). Idempotent: nothing happens for an item that already has its exception.
 * Returns the item's status afterwards.
 */
export async function ensureFailedItemHasException(rt: Runtime, job: Job<ItemData>, err: Error): Promise<string | undefined> {
  const itemId = job.id!;
  const item = await rt.items.get(itemId);
  if ((await job.getState()) !== 'failed') return item?.status; // it will be retried
  if (item && (item.status === 'exception' || item.status === 'rejected')) return item.status;
  const stalled = /stalled more than allowable limit/.test(err.message);
  const reason = stalled
    ? `the worker running this item stopped (crashed or was killed) ${job.stalledCounter} times; it was not finished`
    : `the item failed outside its bot: ${err.message}`;
  const record = await rt.exceptions.open({
    type: 'system',
    reason,
    error: {
      name: stalled ? 'ItemStalled' : err.name,
      message: err.message,
      whatNext: 'Resume it: a posting it may have made is found by its search before anything is written again. If workers keep dying, look at their logs first.',
    },
    bot: job.data.bot,
    itemId,
    runId: job.data.runId,
    businessKey: job.data.businessKey,
    attempt: job.attemptsMade,
    evidence: [],
  });
  await rt.items.setStatus(itemId, 'exception', { note: reason, exceptionId: record.id });
  rt.log.warn({ itemId, runId: job.data.runId, bot: job.data.bot, businessKey: job.data.businessKey, exceptionId: record.id }, 'exception opened for an item BullMQ failed');
  return 'exception';
}
