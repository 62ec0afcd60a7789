import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EvidenceRef } from '../bots/kit/evidence.js';

export type ExceptionType = 'business' | 'compliance' | 'system';
export type ExceptionStatus = 'open' | 'approved' | 'rejected' | 'resumed';
export type Decision = 'approve' | 'reject' | 'resume';

export interface ExceptionRecord {
  id: string;
  type: ExceptionType;
  status: ExceptionStatus;
  /** Why the item stopped, in words an exception handler understands. */
  reason: string;
  /** The error class and what to do next. */
  error: { name: string; message: string; whatNext?: string; details?: Record<string, unknown> };
  bot: string;
  itemId: string;
  runId: string;
  businessKey: string;
  attempt: number;
  evidence: EvidenceRef[];
  openedAt: string;
  /** Four-eyes: compliance releases need two different people. */
  approvals: { by: string; at: string; note?: string }[];
  decision?: { decision: Decision; by: string; at: string; note?: string; editedInput?: unknown };
}

export type NewException = Omit<ExceptionRecord, 'id' | 'status' | 'openedAt' | 'approvals' | 'decision'>;

export class ExceptionNotFound extends Error {
  readonly whatNext = 'Check the exception id (rpa exceptions list shows open ones).';
  constructor(id: string) {
    super(`exception ${id} does not exist`);
    this.name = 'ExceptionNotFound';
  }
}

export class ExceptionAlreadyDecided extends Error {
  readonly whatNext = 'Nothing to do: someone decided it first. Reload to see their decision.';
  constructor(id: string, status: ExceptionStatus, by?: string) {
    super(`exception ${id} is already ${status}${by ? ` by ${by}` : ''}`);
    this.name = 'ExceptionAlreadyDecided';
  }
}

export class FourEyesRequired extends Error {
  readonly whatNext = 'A second person, other than the first approver, must approve the release.';
  constructor(id: string, by: string) {
    super(`exception ${id}: ${by} has already approved; a release needs a second, different approver`);
    this.name = 'FourEyesRequired';
  }
}

// KEYS[1] record key. ARGV: expected JSON (compare-and-set), new JSON
const CAS = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end`;

/**
 * Exceptions in Redis: one JSON record per exception, with indexes by status, type,
 * run and item. At most one open exception per item: opening again returns the open one.
 */
export class ExceptionsStore {
  /** Strictly increasing list order within a process, even for exceptions opened in the same millisecond. */
  private lastScore = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private k(...parts: string[]): string {
    return [this.prefix, 'exc', ...parts].join(':');
  }

  async open(input: NewException): Promise<ExceptionRecord> {
    const id = `exc-${randomUUID()}`;
    const claimed = await this.redis.set(this.k('open-for-item', input.itemId), id, 'NX');
    if (claimed !== 'OK') {
      const existing = await this.redis.get(this.k('open-for-item', input.itemId));
      const record = existing ? await this.get(existing).catch(() => undefined) : undefined;
      if (record && record.status === 'open') return record;
      await this.redis.set(this.k('open-for-item', input.itemId), id);
    }
    const record: ExceptionRecord = { ...input, id, status: 'open', openedAt: new Date().toISOString(), approvals: [] };
    const score = (this.lastScore = Math.max(Date.now(), this.lastScore + 1));
    await this.redis
      .multi()
      .set(this.k('record', id), JSON.stringify(record))
      .zadd(this.k('all'), score, id)
      .zadd(this.k('status', 'open'), score, id)
      .zadd(this.k('type', record.type), score, id)
      .zadd(this.k('run', record.runId), score, id)
      .zadd(this.k('item', record.itemId), score, id)
      .exec();
    return record;
  }

  async get(id: string): Promise<ExceptionRecord> {
    const raw = await this.redis.get(this.k('record', id));
    if (!raw) throw new ExceptionNotFound(id);
    return JSON.parse(raw) as ExceptionRecord;
  }

  /** Newest first. Filters combine (all must hold). */
  async list(filter: { status?: ExceptionStatus; type?: ExceptionType; runId?: string; itemId?: string; limit?: number } = {}): Promise<ExceptionRecord[]> {
    const sets = [
      filter.status && this.k('status', filter.status),
      filter.type && this.k('type', filter.type),
      filter.runId && this.k('run', filter.runId),
      filter.itemId && this.k('item', filter.itemId),
    ].filter((s): s is string => Boolean(s));
    const limit = filter.limit ?? 1000;
    let ids: string[];
    if (sets.length <= 1) {
      ids = await this.redis.zrevrange(sets[0] ?? this.k('all'), 0, limit - 1);
    } else {
      const tmp = this.k('tmp', randomUUID());
      await this.redis.zinterstore(tmp, sets.length, ...sets, 'AGGREGATE', 'MAX');
      ids = await this.redis.zrevrange(tmp, 0, limit - 1);
      await this.redis.del(tmp);
    }
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.k('record', id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ExceptionRecord);
  }

  /**
   * Records a decision with who and when. A compliance release (approve) needs two
   * different approvers: the first approval is recorded and the exception stays open.
   */
  async decide(id: string, decision: Decision, by: string, options: { note?: string; editedInput?: unknown } = {}): Promise<ExceptionRecord> {
    for (let tries = 0; tries < 10; tries++) {
      const raw = await this.redis.get(this.k('record', id));
      if (!raw) throw new ExceptionNotFound(id);
      const record = JSON.parse(raw) as ExceptionRecord;
      if (record.status !== 'open') throw new ExceptionAlreadyDecided(id, record.status, record.decision?.by);
      const at = new Date().toISOString();
      const next: ExceptionRecord = structuredClone(record);
      if (decision === 'approve' && record.type === 'compliance') {
        if (record.approvals.some((a) => a.by === by)) throw new FourEyesRequired(id, by);
        next.approvals.push({ by, at, note: options.note });
        if (next.approvals.length < 2) {
          if ((await this.redis.eval(CAS, 1, this.k('record', id), raw, JSON.stringify(next))) === 1) return next;
          continue;
        }
      }
      next.status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'resumed';
      next.decision = { decision, by, at, note: options.note, editedInput: options.editedInput };
      if ((await this.redis.eval(CAS, 1, this.k('record', id), raw, JSON.stringify(next))) !== 1) continue;
      await this.redis
        .multi()
        .zrem(this.k('status', 'open'), id)
        .zadd(this.k('status', next.status), Date.now(), id)
        .del(this.k('open-for-item', record.itemId))
        .exec();
      return next;
    }
    throw new Error(`exception ${id}: too many concurrent updates, try again`);
  }
}
