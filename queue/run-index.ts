/**
 * The runs: a run's items page by page and by status, its counts (constant time, from the sorted sets
 * that registration and status changes keep, see item-index.ts), the runs newest first or in
 * progress, and what each run is (its meta). The items themselves are the item index's.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ITEM_STATUSES, OUTCOME_STATUSES, sortByCreation, type ItemIndex, type ItemRecord, type ItemStatus, type Page, type RunCounts, type RunMeta } from './item-index.js';
import { runKeys, type RunKeys } from './run-keys.js';

export class RunIndex {
  readonly keys: RunKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly items: ItemIndex,
  ) {
    this.keys = runKeys(prefix);
  }

  /** The items a run dispatched. */
  async listByRun(runId: string): Promise<ItemRecord[]> {
    return sortByCreation(await this.items.getMany(await this.redis.zrange(`${this.keys.run(runId)}:items`, 0, -1)));
  }

  /**
   * A page of a run's items in the order they were dispatched, all or those with one status. Queued
   * items are those in no status set: their page is a ZDIFFSTORE of the run's items (one run, bounded).
   */
  async pageByRun(runId: string, options: { status?: ItemStatus; offset?: number; limit?: number } = {}): Promise<Page<ItemRecord>> {
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(1, options.limit ?? 50);
    const run = this.keys.run(runId);
    let ids: string[];
    let total: number;
    if (options.status === 'queued') {
      const tmp = `${run}:tmp:${randomUUID()}`;
      const others = ITEM_STATUSES.filter((s) => s !== 'queued').map((s) => `${run}:st:${s}`);
      const res = (await this.redis.multi().zdiffstore(tmp, 1 + others.length, `${run}:items`, ...others).zrange(tmp, offset, offset + limit - 1).del(tmp).exec()) ?? [];
      total = Number(res[0]?.[1] ?? 0);
      ids = (res[1]?.[1] ?? []) as string[];
    } else {
      const key = options.status ? `${run}:st:${options.status}` : `${run}:items`;
      [ids, total] = await Promise.all([this.redis.zrange(key, offset, offset + limit - 1), this.redis.zcard(key)]);
    }
    return { rows: await this.items.getMany(ids), total, offset, limit };
  }

  async runCounts(runId: string): Promise<RunCounts> {
    return (await this.runCountsMany([runId]))[0]!;
  }

  /**
   * Counts by status of each run's items: the sizes of its sorted sets (ZCARD, constant time) in one
   * pipeline; queued = the rest. The parent item (id = run id, it writes the report) is taken out
   * and given as `parent`: the board and the run's report count the same items.
   */
  async runCountsMany(runIds: string[]): Promise<RunCounts[]> {
    if (runIds.length === 0) return [];
    const sets = ITEM_STATUSES.filter((s) => s !== 'queued');
    const pipe = this.redis.pipeline();
    for (const id of runIds) {
      const run = this.keys.run(id);
      pipe.zcard(`${run}:items`);
      for (const s of sets) pipe.zcard(`${run}:st:${s}`);
      pipe.zscore(`${run}:items`, id);
      pipe.hget(this.items.itemKey(id), 'status');
    }
    const res = (await pipe.exec()) ?? [];
    const per = sets.length + 3;
    return runIds.map((_, r) => {
      const n = (i: number) => Number(res[r * per + i]?.[1] ?? 0);
      const parentIn = res[r * per + sets.length + 1]?.[1] != null;
      const parentStatus = parentIn ? ((res[r * per + sets.length + 2]?.[1] as ItemStatus | null) ?? 'queued') : undefined;
      const counts: RunCounts = { total: n(0) - (parentIn ? 1 : 0) };
      let placed = 0;
      sets.forEach((s, i) => {
        const k = n(i + 1) - (parentStatus === s ? 1 : 0);
        if (k) counts[s] = k;
        placed += k;
      });
      if (counts.total - placed > 0) counts.queued = counts.total - placed;
      if (parentStatus) counts.parent = parentStatus;
      return counts;
    });
  }

  /** Runs newest first (or only those in progress), with when their first item was registered. */
  async pageRuns(options: { active?: boolean; offset?: number; limit?: number } = {}): Promise<Page<{ runId: string; startedAt: number }>> {
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(1, options.limit ?? 50);
    if (options.active) return this.pageActiveRuns(offset, limit);
    const [flat, total] = await Promise.all([this.redis.zrevrange(this.keys.runs, offset, offset + limit - 1, 'WITHSCORES'), this.redis.zcard(this.keys.runs)]);
    return { rows: pairs(flat), total, offset, limit };
  }

  /**
   * Runs in progress, newest first. The set is not kept exact on the hot path: a run whose items all
   * have an outcome is dropped here when found (at most 1,000 looked at per call).
   */
  private async pageActiveRuns(offset: number, limit: number): Promise<Page<{ runId: string; startedAt: number }>> {
    const rows: { runId: string; startedAt: number }[] = [];
    const finished: string[] = [];
    let skip = offset;
    for (let start = 0; rows.length < limit && start < 1_000; start += 100) {
      const batch = pairs(await this.redis.zrevrange(this.keys.activeRuns, start, start + 99, 'WITHSCORES'));
      if (batch.length === 0) break;
      const counts = await this.runCountsMany(batch.map((r) => r.runId));
      batch.forEach((r, i) => {
        const c = counts[i]!;
        const done = OUTCOME_STATUSES.reduce((n, st) => n + (c[st] ?? 0), 0);
        // Finished: every item has an outcome, and so has the parent (its report is written).
        if (c.total > 0 && done >= c.total && (c.parent === undefined || OUTCOME_STATUSES.includes(c.parent))) finished.push(r.runId);
        else if (skip > 0) skip--;
        else if (rows.length < limit) rows.push(r);
      });
    }
    if (finished.length) await this.redis.zrem(this.keys.activeRuns, ...finished);
    return { rows, total: await this.redis.zcard(this.keys.activeRuns), offset, limit };
  }

  /** Records what a run is; the first call wins (a run dispatched item by item keeps its first label). */
  async setRunMeta(runId: string, meta: RunMeta): Promise<void> {
    const key = `${this.keys.run(runId)}:meta`;
    const tx = this.redis.multi();
    for (const [k, v] of Object.entries(meta)) if (v !== undefined) tx.hsetnx(key, k, String(v));
    await tx.exec();
  }

  async runMetas(runIds: string[]): Promise<RunMeta[]> {
    if (runIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of runIds) pipe.hgetall(`${this.keys.run(id)}:meta`);
    const res = (await pipe.exec()) ?? [];
    return res.map(([, h]) => {
      const m = (h ?? {}) as Record<string, string>;
      return { bot: m.bot, label: m.label, notBefore: m.notBefore ? Number(m.notBefore) : undefined };
    });
  }

  async runStartedAt(runId: string): Promise<number | undefined> {
    const s = await this.redis.zscore(this.keys.runs, runId);
    return s === null ? undefined : Number(s);
  }
}

function pairs(flat: string[]): { runId: string; startedAt: number }[] {
  const out: { runId: string; startedAt: number }[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ runId: flat[i]!, startedAt: Number(flat[i + 1]) });
  return out;
}
