import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { maskString } from '../logging/redact.js';
import { LuaScript } from './lua-script.js';
import { runKeys } from './run-keys.js';

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
/**
 * A run's items by status. The run's parent item (the one that writes its report, whose id is the
 * run id) is not one of them: it is `parent`, its status, when the run has one.
 */
export type RunCounts = { total: number } & Partial<Record<ItemStatus, number>> & { parent?: ItemStatus };

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
 * business item twice names the same item. Safe as a BullMQ job id (no colons). Its readable
 * part is the business key with IBANs and account numbers masked (the hash, of the whole key,
 * keeps ids apart), so an id never carries an account number and is never masked in a log.
 */
export function itemIdFor(bot: string, businessKey: string): string {
  // Masked only when it may hold an account number or an IBAN (a run of 8 digits, or letters and check digits).
  const shown = /\d{8}|[A-Za-z]{2}\d{2}/.test(businessKey) ? maskString(businessKey) : businessKey;
  const slug = shown.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 48);
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
/** At most this many status changes in one script call. */
const MAX_CHANGES_PER_CALL = 100;

// Outcome statuses, for the script.
const IS_OUTCOME = `local OUTCOME = { done = true, exception = true, rejected = true, cancelled = true }`;

// Items registered, one (a single dispatch) or a batch of a run at a time (its dispatch, before the
// jobs are added): each new item is registered queued, or with the status a worker already gave it
// (a job added before its item), and each known one answers which run has it.
// KEYS: business-key lex set, runs, active runs. ARGV: own key prefix, run id, run key, now (ISO),
// now (ms), then 5 per item: itemId, bot, businessKey, order, lex member. Returns, per item: '' (new,
// claimed now), '=' (this run's, still queued: its job may be missing, add it again), or the run
// that has it.
const CLAIM_MANY = new LuaScript(`
local p, runId, run, at, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local out = {}
for i = 6, #ARGV, 5 do
  local id = ARGV[i]
  local item = p .. ':item:' .. id
  local known = redis.call('HMGET', item, 'runId', 'status')
  if known[1] then
    if known[1] == runId and known[2] == 'queued' then out[#out + 1] = '=' else out[#out + 1] = known[1] end
  elseif known[2] then
    -- a status without a run: a worker got to it first (an item added before it was registered)
    redis.call('HSET', item, 'itemId', id, 'bot', ARGV[i + 1], 'businessKey', ARGV[i + 2], 'runId', runId, 'order', ARGV[i + 3])
    redis.call('HSETNX', item, 'createdAt', at)
    redis.call('HSETNX', item, 'updatedAt', at)
    redis.call('ZADD', KEYS[1], 0, ARGV[i + 4])
    redis.call('ZADD', run .. ':items', ARGV[i + 3], id)
    if known[2] ~= 'queued' then redis.call('ZADD', run .. ':st:' .. known[2], ARGV[i + 3], id) end
    out[#out + 1] = ''
  else
    redis.call('HSET', item, 'itemId', id, 'bot', ARGV[i + 1], 'businessKey', ARGV[i + 2], 'runId', runId, 'order', ARGV[i + 3], 'status', 'queued', 'createdAt', at, 'updatedAt', at)
    redis.call('ZADD', KEYS[1], 0, ARGV[i + 4])
    redis.call('ZADD', run .. ':items', ARGV[i + 3], id)
    out[#out + 1] = ''
  end
end
redis.call('ZADD', KEYS[2], 'NX', now, runId)
redis.call('ZADD', KEYS[3], 'NX', redis.call('ZSCORE', KEYS[2], runId), runId)
return out
`);

// KEYS: runs, active runs. ARGV: own key prefix, history max, hourly TTL, then 7 per change:
// itemId, status, nowIso, note|'', exceptionId|'', historyEntry, hour.
// The hot path of every item (bench/queue-overhead): a handful of commands; the run's sets change only
// when the status does, and the common path (queued, then done) writes no history entry.
const SET_STATUS = new LuaScript(`${IS_OUTCOME}
local p, historyMax, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
for i = 4, #ARGV, 7 do
  local id, status = ARGV[i], ARGV[i + 1]
  local item = p .. ':item:' .. id
  local h = redis.call('HMGET', item, 'status', 'runId', 'order')
  local old, runId, order = h[1], h[2], h[3]
  local fields = { 'status', status, 'updatedAt', ARGV[i + 2] }
  if ARGV[i + 3] ~= '' then fields[#fields + 1] = 'note'; fields[#fields + 1] = ARGV[i + 3] end
  if ARGV[i + 4] ~= '' then fields[#fields + 1] = 'exceptionId'; fields[#fields + 1] = ARGV[i + 4] end
  redis.call('HSET', item, unpack(fields))
  -- the common path (queued, then done) is told by the item's own times (see history()): no entry for it
  if not (status == 'done' and (old == 'queued' or not old)) then
    local history = p .. ':item-history:' .. id
    if redis.call('LPUSH', history, ARGV[i + 5]) > historyMax then redis.call('LTRIM', history, 0, historyMax - 1) end
  end
  if old ~= status then
    local isOutcome, wasOutcome = OUTCOME[status] == true, OUTCOME[old or ''] == true
    if isOutcome then
      local hourly = p .. ':hourly:' .. ARGV[i + 6]
      if redis.call('HINCRBY', hourly, status, 1) == 1 then redis.call('EXPIRE', hourly, ttl) end
    end
    -- not registered yet: registering counts the status it finds
    if runId and order then
      local run = p .. ':run:' .. runId
      if old and old ~= 'queued' then redis.call('ZREM', run .. ':st:' .. old, id) end
      if status ~= 'queued' then redis.call('ZADD', run .. ':st:' .. status, order, id) end
      -- an item that lost its outcome (resumed) puts its run back among those in progress
      if wasOutcome and not isOutcome then redis.call('ZADD', KEYS[2], redis.call('ZSCORE', KEYS[1], runId) or 0, runId) end
    end
  end
end
return 1
`);

/**
 * Items by id, by business key and by run, with what the board pages need without loading
 * everything: a run's items in order and by status (sorted sets, paged with ZRANGE), its
 * counts by status, the runs newest first and those still in progress, each item's status
 * history (the last 50 changes), and items finished per hour (hashes that expire after 3 days).
 */
export class ItemIndex {
  /** Keeps the order of items registered in the same millisecond. */
  private seq = 0;
  /** Status changes waiting for this turn of the event loop to end (see setStatus). */
  private pendingChanges: { change: (string | number)[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private flushScheduled?: NodeJS.Immediate;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  itemKey(itemId: string): string {
    return `${this.prefix}:item:${itemId}`;
  }
  /** Sorted set of `<lower-case business key>\0<item id>`: items by business key, exactly or by prefix (ZRANGEBYLEX). */
  get businessKeyLexKey(): string {
    return `${this.prefix}:bk-lex`;
  }
  /** The keys of runs, which registration and status changes keep (see run-keys.ts). */
  private runKey(runId: string): string {
    return runKeys(this.prefix).run(runId);
  }
  private get runsKey(): string {
    return runKeys(this.prefix).runs;
  }
  private get activeRunsKey(): string {
    return runKeys(this.prefix).activeRuns;
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
    return (await this.claimMany(item.runId, [item]))[0] === 'new';
  }

  /**
   * Claims a batch of a run's items in one script call, before their jobs are added: new items are
   * registered (queued). Per item: 'new' (claimed now), 'again' (this run's and still queued: an
   * interrupted dispatch may not have added its job) or the id of the run that already has it.
   */
  async claimMany(runId: string, items: { itemId: string; bot: string; businessKey: string }[]): Promise<('new' | 'again' | { runId: string })[]> {
    if (!items.length) return [];
    const now = Date.now();
    const args: (string | number)[] = [this.prefix, runId, this.runKey(runId), new Date(now).toISOString(), now];
    for (const item of items) {
      const order = now * 1000 + (this.seq = (this.seq + 1) % 1000);
      args.push(item.itemId, item.bot, item.businessKey, order, ItemIndex.lexMember(item.businessKey, item.itemId));
    }
    const res = (await CLAIM_MANY.run(this.redis, [this.businessKeyLexKey, this.runsKey, this.activeRunsKey], args)) as string[];
    return res.map((r) => (r === '' ? 'new' : r === '=' ? 'again' : { runId: r }));
  }

  /**
   * Sets an item's status (and note, exception id), keeps its history, the hour's outcomes and its run's sets.
   * The changes asked for in the same turn of the event loop (items of a busy worker finishing together)
   * go to Redis in one script call: the item index's share of an item's cost stays small (bench/queue-overhead).
   * The promise settles when the change is in Redis.
   */
  setStatus(itemId: string, status: ItemStatus, extra: { note?: string; exceptionId?: string } = {}): Promise<void> {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const note = extra.note?.slice(0, 500);
    const entry: ItemHistoryEntry = { at, status, ...(note ? { note } : {}) };
    const change = [itemId, status, at, note ?? '', extra.exceptionId ?? '', JSON.stringify(entry), Math.floor(now / HOUR_MS)];
    return new Promise<void>((resolve, reject) => {
      this.pendingChanges.push({ change, resolve, reject });
      if (this.pendingChanges.length >= MAX_CHANGES_PER_CALL) this.flushChanges();
      else this.flushScheduled ??= setImmediate(() => this.flushChanges());
    });
  }

  private flushChanges(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    const batch = this.pendingChanges.splice(0);
    if (batch.length === 0) return;
    const args = [this.prefix, HISTORY_MAX, HOURLY_TTL_SEC, ...batch.flatMap((b) => b.change)];
    SET_STATUS.run(this.redis, [this.runsKey, this.activeRunsKey], args).then(
      () => batch.forEach((b) => b.resolve()),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  }

  async get(itemId: string): Promise<ItemRecord | undefined> {
    return toRecord(await this.redis.hgetall(this.itemKey(itemId)));
  }

  /** The items of a business key, exactly as written (the lex index folds case; the items' own keys decide). */
  async findByBusinessKey(businessKey: string): Promise<ItemRecord[]> {
    const lower = `${businessKey.toLowerCase()}\u0000`;
    // 0xff never occurs in UTF-8: every member `<key>\0<item id>` sorts below key + \0 + 0xff.
    const upper = Buffer.concat([Buffer.from(`[${lower}`), Buffer.from([0xff])]);
    const members = await this.redis.zrangebylex(this.businessKeyLexKey, `[${lower}`, upper);
    const items = await this.getMany(members.map((m) => m.slice(lower.length)));
    return sortByCreation(items.filter((i) => i.businessKey === businessKey));
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

  /**
   * The last changes of an item's status, newest first, ending with its dispatch. A change from
   * queued straight to done is not written on the hot path: it is the item's own last update.
   */
  async history(itemId: string): Promise<ItemHistoryEntry[]> {
    const [item, raw] = await Promise.all([this.get(itemId), this.redis.lrange(this.historyKey(itemId), 0, HISTORY_MAX - 1)]);
    const entries = raw.map((s) => JSON.parse(s) as ItemHistoryEntry);
    if (!item) return entries;
    if (entries[0]?.status !== item.status) entries.unshift({ at: item.updatedAt, status: item.status, ...(item.note ? { note: item.note } : {}) });
    if (entries.length < HISTORY_MAX) entries.push({ at: item.createdAt, status: 'queued', note: `dispatched in run ${item.runId}` });
    return entries;
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

export function sortByCreation(items: ItemRecord[]): ItemRecord[] {
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.itemId.localeCompare(b.itemId));
}
