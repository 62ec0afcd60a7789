/**
 * What an item returned, for a reader who saw its record say 'done'. The attempt writes that record
 * itself, and BullMQ stores the result only when the attempt has returned (after its lease is released
 * and a replica has its writes): for a moment the record says 'done' while the job has no result yet.
 * A reader that needs the result (a run's report, a step's figures) asks here, and looks again while
 * the answer is undefined.
 */
import type { Runtime } from './runtime.js';

/** The item's result once its job has completed; undefined while it has not. A job removed after its retention: an empty result. */
export async function doneResult(rt: Runtime, bot: string, itemId: string): Promise<{ result: unknown } | undefined> {
  const job = await rt.queue(bot).getJob(itemId);
  if (!job) return { result: undefined };
  return (await job.isCompleted()) ? { result: job.returnvalue } : undefined;
}
