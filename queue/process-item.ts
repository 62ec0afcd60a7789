import type { Job } from 'bullmq';
import { botConfig, type BotConfig } from '../config/schema.js';
import type { AnyBot } from '../bots/kit/index.js';
import { failAttempt, waitIfCircuitOpen, waitIfInMaintenance } from './failure-policy.js';
import type { ItemData } from './item-data.js';
import { ItemAborted, ItemRun, type RunningItems } from './item-run.js';
import type { Runtime } from './runtime.js';

export { ItemAborted, ItemRun, type RunningItems } from './item-run.js';

/** The processor every bot queue runs: validation, sessions, the error taxonomy, exceptions. */
export function makeProcessor(rt: Runtime, bot: AnyBot, running: RunningItems) {
  const cfg: BotConfig = botConfig(rt.config, bot.name);
  return async (job: Job<ItemData>, token?: string): Promise<unknown> => {
    const run = new ItemRun(rt, bot, job, token);
    await waitIfInMaintenance(run);
    await waitIfCircuitOpen(run);
    running.add(run);
    const timer = setTimeout(() => run.abort(new ItemAborted('timeout', cfg.timeoutMs)), cfg.timeoutMs);
    try {
      const result = await run.run();
      // Before BullMQ records the outcome: what the attempt held is released, its writes are on a replica, and Redis is still the one it began on.
      await run.finish();
      await rt.replicaAck.confirm(`item ${run.item.itemId}`);
      run.assertRedisUnbroken();
      return result;
    } catch (err) {
      return await failAttempt(run, err);
    } finally {
      clearTimeout(timer);
      running.delete(run);
      await run.finish();
    }
  };
}
