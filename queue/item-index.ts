import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The last outcome known of an item. Running is not recorded here (it would cost a Redis
 * write per item on the hot path): BullMQ's job state says whether a queued item is active.
 */
export type ItemStatus = 'queued' | 'waiting-target' | 'retrying' | 'done' | 'exception' | 'rejected' | 'cancelled';

export const ITEM_STATUSES: readonly ItemStatus[] = ['queued', 'waiting-target', 'retrying', 'done', 'exception', 'rejected', 'cancelled'];
/** Statuses that are an outcome: a run whose items all have one is finished. */
export const OUTCOME_STATUSES: readonly ItemStatus[] = ['done', 'exception', 'rejected', 'cancelled'];

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

/** One change of an item's status. */
export interface ItemHistoryEntry {
  at: string;
  status: ItemStatus;
  note?: string;
}

/** A run's items counted by status (`total` = all items registered for it, its parent included). */
export type RunCounts = { total: number } & Partial<Record<ItemStatus, number>>;

/** Items that finished per hour (epoch hour = floor(ms / 3 600 000)), by outcome. */
export interface HourCount {
  hour: number;
  done: number;
  exception: number;
  rejected: number;
  cancelled: number;
}

/** What a run is, for lists: the bot that started it (a run's parent, or its first item's bot) and a label (a file name). */
export interface RunMeta {
  bot?: string;
  label?: string;
  /** Epoch ms when it may start, if it was dispatched for later. */
  notBefore?: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
  offset: number;
  limit: number;
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

const HOUR_MS = 3_600_000;
const HISTORY_MAX = 50;
const HOURLY_TTL_SEC = 3 * 24 * 3600;

// A run is active while fewer of its items have an outcome than it has items.
const UPDATE_ACTIVE = `
local function update_active(runKey, runId, activeKey, runsKey)
  local c = redis.call('HMGET', runKey .. ':counts', 'total', 'done', 'exception', 'rejected', 'cancelled')
  local finished = (tonumber(c[2]) or 0) + (tonumber(c[3]) or 0) + (tonumber(c[4]) or 0) + (tonumber(c[5]) or 0)
  if finished >= (tonumber(c[1]) or 0) then
    redis.call('ZREM', activeKey, runId)
  else
    redis.call('ZADD', activeKey, redis.call('ZSCORE', runsKey, runId) or 0, runId)
  end
end
`;

// KEYS: item hash, business-key set, business-key lex index, runs, active runs, history list.
// ARGV: itemId, bot, businessKey, runId, nowIso, nowMs, order, lexMember, runKey (<p>:run:<runId>), historyEntry
const REGISTER = `${UPDATE_ACTIVE}
if redis.call('HSETNX', KEYS[1], 'itemId', ARGV[1]) == 0 then
  redis.call('SADD', KEYS[2], ARGV[1])
  return 0
end
redis.call('HSET', KEYS[1], 'bot', ARGV[2], 'businessKey', ARGV[3], 'runId', ARGV[4], 'order', ARGV[7])
-- a worker may already have set the status of a just-added job: never overwrite it
redis.call('HSETNX', KEYS[1], 'status', 'queued')
redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[5])
redis.call('HSETNX', KEYS[1], 'updatedAt', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[8])
local status = redis.call('HGET', KEYS[1], 'status')
local run = ARGV[9]
redis.call('ZADD', run .. ':items', ARGV[7], ARGV[1])
redis.call('ZADD', run .. ':st:' .. status, ARGV[7], ARGV[1])
redis.call('HINCRBY', run .. ':counts', 'total', 1)
redis.call('HINCRBY', run .. ':counts', status, 1)
redis.call('ZADD', KEYS[4], 'NX', ARGV[6], ARGV[4])
update_active(run, ARGV[4], KEYS[5], KEYS[4])
-- the first entry of its history (after any status a worker already set)
redis.call('RPUSH', KEYS[6], ARGV[10])
return 1
`;

// KEYS: item hash, history list, hourly hash, runs, active runs.
// ARGV: itemId, status, nowIso, note|'', exceptionId|'', historyEntry, runPrefix (<p>:run:), historyMax, hourlyTtl, isOutcome
const SET_STATUS = `${UPDATE_ACTIVE}
local old = redis.call('HGET', KEYS[1], 'status')
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updatedAt', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'note', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'exceptionId', ARGV[5]) end
redis.call('LPUSH', KEYS[2], ARGV[6])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[8]) - 1)
if old == ARGV[2] then return 0 end
if ARGV[10] == '1' then
  redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
  redis.call('EXPIRE', KEYS[3], ARGV[9])
end
local runId = redis.call('HGET', KEYS[1], 'runId')
local order = redis.call('HGET', KEYS[1], 'order')
-- not registered yet: registering counts the status it finds
if not runId or not order then return 1 end
local run = ARGV[7] .. runId
if old then
  redis.call('ZREM', run .. ':st:' .. old, ARGV[1])
  redis.call('HINCRBY', run .. ':counts', old, -1)
end
redis.call('ZADD', run .. ':st:' .. ARGV[2], order, ARGV[1])
redis.call('HINCRBY', run .. ':counts', ARGV[2], 1)
update_active(run, runId, KEYS[5], KEYS[4])
return 1
`;

/**
 * Items by id, by business key and by run, with what the board pages need without loading
 * everything: a run's items in order and by status (sorted sets, paged with ZRANGE), its
 * counts by status, the runs newest first and those still in progress, each item's status
 * history (the last 50 changes), and items finished per hour (hashes that expire after 3 days).
 */
export class ItemIndex {
  /** Keeps the order of items registered in the same millisecond. */
  private seq = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  itemKey(itemId: string): string {
    return `${this.prefix}:item:${itemId}`;
  }
  businessKeyKey(businessKey: string): string {
    return `${this.prefix}:bk:${businessKey}`;
  }
  /** Sorted set of `<lower-case business key>\0<item id>`, for search by prefix (ZRANGEBYLEX). */
  get businessKeyLexKey(): string {
    return `${this.prefix}:bk-lex`;
  }
  /** `<key>:items`, `<key>:st:<status>` (sorted sets by registration order) and `<key>:counts` (hash). */
  runKey(runId: string): string {
    return `${this.prefix}:run:${runId}`;
  }
  /** Every run, scored by when its first item was registered. */
  get runsKey(): string {
    return `${this.prefix}:runs`;
  }
  /** Runs with items that have no outcome yet. */
  get activeRunsKey(): string {
    return `${this.prefix}:runs:active`;
  }
  historyKey(itemId: string): string {
    return `${this.prefix}:item-history:${itemId}`;
  }
  hourKey(hour: number): string {
    return `${this.prefix}:hourly:${hour}`;
  }
  static lexMember(businessKey: string, itemId: string): string {
    return `${businessKey.toLowerCase()}\u0000${itemId}`;
  }

  /** Registers a new item; false when an item with that id already exists (a duplicate dispatch). */
  async register(item: { itemId: string; bot: string; businessKey: string; runId: string }): Promise<boolean> {
    const now = Date.now();
    const order = now * 1000 + (this.seq = (this.seq + 1) % 1000);
    const at = new Date(now).toISOString();
    const created = await this.redis.eval(
      REGISTER,
      6,
      this.itemKey(item.itemId),
      this.businessKeyKey(item.businessKey),
      this.businessKeyLexKey,
      this.runsKey,
      this.activeRunsKey,
      this.historyKey(item.itemId),
      item.itemId,
      item.bot,
      item.businessKey,
      item.runId,
      at,
      now,
      order,
      ItemIndex.lexMember(item.businessKey, item.itemId),
      this.runKey(item.runId),
      JSON.stringify({ at, status: 'queued', note: `dispatched in run ${item.runId}` } satisfies ItemHistoryEntry),
    );
    return created === 1;
  }

  async setStatus(itemId: string, status: ItemStatus, extra: { note?: string; exceptionId?: string } = {}): Promise<void> {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const note = extra.note?.slice(0, 500);
    const entry: ItemHistoryEntry = { at, status, ...(note ? { note } : {}) };
    await this.redis.eval(
      SET_STATUS,
      5,
      this.itemKey(itemId),
      this.historyKey(itemId),
      this.hourKey(Math.floor(now / HOUR_MS)),
      this.runsKey,
      this.activeRunsKey,
      itemId,
      status,
      at,
      note ?? '',
      extra.exceptionId ?? '',
      JSON.stringify(entry),
      `${this.prefix}:run:`,
      HISTORY_MAX,
      HOURLY_TTL_SEC,
      OUTCOME_STATUSES.includes(status) ? '1' : '0',
    );
  }

  async get(itemId: string): Promise<ItemRecord | undefined> {
    return toRecord(await this.redis.hgetall(this.itemKey(itemId)));
  }

  async findByBusinessKey(businessKey: string): Promise<ItemRecord[]> {
    return sortByCreation(await this.getMany(await this.redis.smembers(this.businessKeyKey(businessKey))));
  }

  /** Items whose business key starts with `prefix` (case-insensitive), at most `limit`, in key order. */
  async searchByPrefix(prefix: string, limit = 50): Promise<ItemRecord[]> {
    const p = prefix.toLowerCase();
    if (!p) return [];
    // 0xff never occurs in UTF-8: every key that starts with the prefix sorts below prefix + 0xff.
    const upper = Buffer.concat([Buffer.from(`[${p}`), Buffer.from([0xff])]);
    const members = await this.redis.zrangebylex(this.businessKeyLexKey, `[${p}`, upper, 'LIMIT', 0, limit);
    return this.getMany(members.map((m) => m.slice(m.indexOf('\u0000') + 1)));
  }

  /** The items a run dispatched. */
  async listByRun(runId: string): Promise<ItemRecord[]> {
    return sortByCreation(await this.getMany(await this.redis.zrange(`${this.runKey(runId)}:items`, 0, -1)));
  }

  /** A page of a run's items in the order they were dispatched, all or those with one status. */
  async pageByRun(runId: string, options: { status?: ItemStatus; offset?: number; limit?: number } = {}): Promise<Page<ItemRecord>> {
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(1, options.limit ?? 50);
    const key = options.status ? `${this.runKey(runId)}:st:${options.status}` : `${this.runKey(runId)}:items`;
    const [ids, total] = await Promise.all([this.redis.zrange(key, offset, offset + limit - 1), this.redis.zcard(key)]);
    return { rows: await this.getMany(ids), total, offset, limit };
  }

  /** Ids of a run's items with a status, in dispatch order, `count` at a time from `offset`. */
  idsByRunStatus(runId: string, status: ItemStatus, offset: number, count: number): Promise<string[]> {
    return this.redis.zrange(`${this.runKey(runId)}:st:${status}`, offset, offset + count - 1);
  }

  async runCounts(runId: string): Promise<RunCounts> {
    return toCounts(await this.redis.hgetall(`${this.runKey(runId)}:counts`));
  }

  async runCountsMany(runIds: string[]): Promise<RunCounts[]> {
    if (runIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of runIds) pipe.hgetall(`${this.runKey(id)}:counts`);
    const res = (await pipe.exec()) ?? [];
    return res.map(([, h]) => toCounts((h ?? {}) as Record<string, string>));
  }

  /** Runs newest first (or only those in progress), with when their first item was registered. */
  async pageRuns(options: { active?: boolean; offset?: number; limit?: number } = {}): Promise<Page<{ runId: string; startedAt: number }>> {
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(1, options.limit ?? 50);
    const key = options.active ? this.activeRunsKey : this.runsKey;
    const [flat, total] = await Promise.all([this.redis.zrevrange(key, offset, offset + limit - 1, 'WITHSCORES'), this.redis.zcard(key)]);
    const rows: { runId: string; startedAt: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) rows.push({ runId: flat[i]!, startedAt: Number(flat[i + 1]) });
    return { rows, total, offset, limit };
  }

  /** Records what a run is; the first call wins (a run dispatched item by item keeps its first label). */
  async setRunMeta(runId: string, meta: RunMeta): Promise<void> {
    const key = `${this.runKey(runId)}:meta`;
    const tx = this.redis.multi();
    for (const [k, v] of Object.entries(meta)) if (v !== undefined) tx.hsetnx(key, k, String(v));
    await tx.exec();
  }

  async runMetas(runIds: string[]): Promise<RunMeta[]> {
    if (runIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of runIds) pipe.hgetall(`${this.runKey(id)}:meta`);
    const res = (await pipe.exec()) ?? [];
    return res.map(([, h]) => {
      const m = (h ?? {}) as Record<string, string>;
      return { bot: m.bot, label: m.label, notBefore: m.notBefore ? Number(m.notBefore) : undefined };
    });
  }

  async runStartedAt(runId: string): Promise<number | undefined> {
    const s = await this.redis.zscore(this.runsKey, runId);
    return s === null ? undefined : Number(s);
  }

  /** The last changes of an item's status, newest first. */
  async history(itemId: string): Promise<ItemHistoryEntry[]> {
    return (await this.redis.lrange(this.historyKey(itemId), 0, HISTORY_MAX - 1)).map((s) => JSON.parse(s) as ItemHistoryEntry);
  }

  /** Items finished in each of the last `hours` hours (oldest first), by outcome. */
  async hourly(hours = 24, now = Date.now()): Promise<HourCount[]> {
    const last = Math.floor(now / HOUR_MS);
    const pipe = this.redis.pipeline();
    const wanted = Array.from({ length: hours }, (_, i) => last - hours + 1 + i);
    for (const h of wanted) pipe.hgetall(this.hourKey(h));
    const res = (await pipe.exec()) ?? [];
    return wanted.map((hour, i) => {
      const h = (res[i]?.[1] ?? {}) as Record<string, string>;
      return { hour, done: Number(h.done ?? 0), exception: Number(h.exception ?? 0), rejected: Number(h.rejected ?? 0), cancelled: Number(h.cancelled ?? 0) };
    });
  }

  async getMany(ids: string[]): Promise<ItemRecord[]> {
    if (ids.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(this.itemKey(id));
    const res = (await pipe.exec()) ?? [];
    return res.map(([, h]) => toRecord((h ?? {}) as Record<string, string>)).filter((i): i is ItemRecord => i !== undefined);
  }
}

function toRecord(h: Record<string, string>): ItemRecord | undefined {
  if (!h.itemId) return undefined;
  const { order: _order, ...rest } = h;
  return rest as unknown as ItemRecord;
}

function toCounts(h: Record<string, string>): RunCounts {
  const counts: RunCounts = { total: Number(h.total ?? 0) };
  for (const s of ITEM_STATUSES) if (h[s] !== undefined && Number(h[s]) !== 0) counts[s] = Number(h[s]);
  return counts;
}

function sortByCreation(items: ItemRecord[]): ItemRecord[] {
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.itemId.localeCompare(b.itemId));
}
