import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The last outcome known of an item. Running is not recorded here (it would cost a Redis
 * write per item on the hot path): BullMQ's job state says whether a queued item is active.
 */
export type ItemStatus = 'queued' | 'waiting-target' | 'retrying' | 'done' | 'exception' | 'rejected';

export interface ItemRecord {
  itemId: string;
  bot: string;
  businessKey: string;
  runId: string;
  status: ItemStatus;
  createdAt: string;
  updatedAt: string;
  /** Last note: the error of a retry, the reason of an exception, the outcome of a done item. */
  note?: string;
  exceptionId?: string;
}

/**
 * The item id derives from the bot and the business key, so dispatching the same
 * business item twice names the same item. Safe as a BullMQ job id (no colons).
 */
export function itemIdFor(bot: string, businessKey: string): string {
  const slug = businessKey.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 48);
  return `${bot}.${slug}.${letterHash(`${bot}\u0000${businessKey}`, 12)}`;
}

/**
 * A hash written in the letters a-p (hex digits shifted): an id made of it never holds a run
 * of digits, which the log masking would take for an account number.
 */
export function letterHash(text: string, length: number): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, length);
  return hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
}

/** Find items (and from them, their exceptions) by business key. */
export class ItemIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private itemKey(itemId: string): string {
    return `${this.prefix}:item:${itemId}`;
  }
  private businessKeyKey(businessKey: string): string {
    return `${this.prefix}:bk:${businessKey}`;
  }
  private runKey(runId: string): string {
    return `${this.prefix}:run-items:${runId}`;
  }

  /** Registers a new item; false when an item with that id already exists (a duplicate dispatch). */
  async register(item: { itemId: string; bot: string; businessKey: string; runId: string }): Promise<boolean> {
    const now = new Date().toISOString();
    const key = this.itemKey(item.itemId);
    // A worker may already have set the status of a just-added job: never overwrite it.
    const results = await this.redis
      .multi()
      .hsetnx(key, 'itemId', item.itemId)
      .hset(key, { bot: item.bot, businessKey: item.businessKey, runId: item.runId })
      .hsetnx(key, 'status', 'queued')
      .hsetnx(key, 'createdAt', now)
      .hsetnx(key, 'updatedAt', now)
      .sadd(this.businessKeyKey(item.businessKey), item.itemId)
      .sadd(this.runKey(item.runId), item.itemId)
      .exec();
    return results?.[0]?.[1] === 1;
  }

  async setStatus(itemId: string, status: ItemStatus, extra: { note?: string; exceptionId?: string } = {}): Promise<void> {
    const fields: Record<string, string> = { status, updatedAt: new Date().toISOString() };
    if (extra.note !== undefined) fields.note = extra.note.slice(0, 500);
    if (extra.exceptionId !== undefined) fields.exceptionId = extra.exceptionId;
    await this.redis.hset(this.itemKey(itemId), fields);
  }

  async get(itemId: string): Promise<ItemRecord | undefined> {
    const h = await this.redis.hgetall(this.itemKey(itemId));
    return h.itemId ? (h as unknown as ItemRecord) : undefined;
  }

  async findByBusinessKey(businessKey: string): Promise<ItemRecord[]> {
    return this.getMany(await this.redis.smembers(this.businessKeyKey(businessKey)));
  }

  /** The items a run dispatched. */
  async listByRun(runId: string): Promise<ItemRecord[]> {
    return this.getMany(await this.redis.smembers(this.runKey(runId)));
  }

  private async getMany(ids: string[]): Promise<ItemRecord[]> {
    const items = await Promise.all(ids.map((id) => this.get(id)));
    return items.filter((i): i is ItemRecord => i !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.itemId.localeCompare(b.itemId));
  }
}
