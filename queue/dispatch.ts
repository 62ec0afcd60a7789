import { createHash, randomUUID } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { botConfig } from '../config/schema.js';
import type { AnyBot } from '../bots/kit/index.js';
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

/** When and how urgently to run what is dispatched (BullMQ's priority and delay). */
export interface Scheduling {
  /** BullMQ priority: 1 is the highest; unset items run before any prioritised one. */
  priority?: number;
  /** Not before this many milliseconds from now. */
  delayMs?: number;
}

/** When a delayed dispatch may start (epoch ms), or undefined for now. */
export function notBefore(scheduling: Scheduling): number | undefined {
  return scheduling.delayMs && scheduling.delayMs > 0 ? Date.now() + Math.round(scheduling.delayMs) : undefined;
}

/** BullMQ options of an item's job: its id, the bot's attempts and backoff; failed jobs are kept for their exceptions. */
export function itemJobOptions(rt: Runtime, bot: string, itemId: string, scheduling: Scheduling = {}): JobsOptions {
  const cfg = botConfig(rt.config, bot);
  return {
    jobId: itemId,
    attempts: cfg.attempts,
    backoff: { type: 'exponential', delay: cfg.backoffMs, jitter: cfg.backoffJitter },
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: false,
    ...(scheduling.priority ? { priority: scheduling.priority } : {}),
    ...(scheduling.delayMs && scheduling.delayMs > 0 ? { delay: Math.round(scheduling.delayMs) } : {}),
  };
}

/** The business key of an input: the bot's own on valid input, else one derived from the input's content. */
export function businessKeyOf(bot: AnyBot, input: unknown): string {
  const parsed = bot.input.safeParse(input);
  return parsed.success ? bot.key(parsed.data) : `invalid-${createHash('sha256').update(JSON.stringify(input) ?? 'undefined').digest('hex').slice(0, 16)}`;
}

/**
 * Queues one item for a bot. The item id derives from the business key (from the bot's
 * `key` on valid input). Input that fails the schema is still queued, so that it becomes an
 * exception with its reason instead of vanishing.
 */
export async function dispatchItem(rt: Runtime, botName: string, input: unknown, options: { runId: string; businessKey?: string } & Scheduling): Promise<Dispatched> {
  const bot = rt.bot(botName);
  const businessKey = options.businessKey ?? businessKeyOf(bot, input);
  const itemId = itemIdFor(bot.name, businessKey);
  // Known item: nothing to do. Else add the job first (idempotent by job id), then index it,
  // so that a crash between the two leaves a job the next dispatch finds, never an index entry without a job.
  if (await rt.items.get(itemId)) return { itemId, businessKey, created: false };
  const data: ItemData = { bot: bot.name, runId: options.runId, businessKey, input };
  await rt.queue(bot.name).add(bot.name, data, itemJobOptions(rt, bot.name, itemId, options));
  const created = await rt.items.register({ itemId, bot: bot.name, businessKey, runId: options.runId });
  if (created) await rt.runIndex.setRunMeta(options.runId, { bot: bot.name, label: businessKey, notBefore: notBefore(options) });
  return { itemId, businessKey, created };
}
