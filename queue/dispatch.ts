import { createHash, randomUUID } from 'node:crypto';
import { botConfig } from '../config/schema.js';
import type { ItemData } from './item-data.js';
import { itemIdFor } from './item-index.js';
import type { Runtime } from './runtime.js';

export interface Dispatched {
  itemId: string;
  businessKey: string;
  /** False when the item already existed: dispatching the same business item twice creates nothing. */
  created: boolean;
}

export function newRunId(label = 'run'): string {
  // e.g. demo-2026-11-23-045714-1a2b3c4d: no long run of digits, which the log masking would take for an account number.
  const t = new Date().toISOString();
  return `${label}-${t.slice(0, 10)}-${t.slice(11, 19).replace(/:/g, '')}-${randomUUID().slice(0, 8)}`;
}

/**
 * Queues one item for a bot. The item id derives from the business key (from the bot's
 * `key` on valid input). Input that fails the schema is still queued, so that it becomes an
 * exception with its reason instead of vanishing.
 */
export async function dispatchItem(rt: Runtime, botName: string, input: unknown, options: { runId: string; businessKey?: string }): Promise<Dispatched> {
  const bot = rt.bot(botName);
  const parsed = bot.input.safeParse(input);
  const businessKey =
    options.businessKey ??
    (parsed.success ? bot.key(parsed.data) : `invalid-${createHash('sha256').update(JSON.stringify(input) ?? 'undefined').digest('hex').slice(0, 16)}`);
  const itemId = itemIdFor(bot.name, businessKey);
  // Known item: nothing to do. Else add the job first (idempotent by job id), then index it,
  // so that a crash between the two leaves a job the next dispatch finds, never an index entry without a job.
  if (await rt.items.get(itemId)) return { itemId, businessKey, created: false };
  const cfg = botConfig(rt.config, bot.name);
  const data: ItemData = { bot: bot.name, runId: options.runId, businessKey, input };
  await rt.queue(bot.name).add(bot.name, data, {
    jobId: itemId,
    attempts: cfg.attempts,
    backoff: { type: 'exponential', delay: cfg.backoffMs, jitter: cfg.backoffJitter },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: false,
  });
  const created = await rt.items.register({ itemId, bot: bot.name, businessKey, runId: options.runId });
  return { itemId, businessKey, created };
}
