import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SEVERITIES, type Severity } from '../config/compliance-alerts.js';
import type { EvidenceRef } from '../bots/kit/index.js';
import { NotAllowed, type Actor } from './actor.js';
import { canonicalJson } from './canonical-json.js';
import { LuaScript } from './lua-script.js';
import { readIntersection } from './sorted-set-intersection.js';
import { requireRole, type Decision, type ExceptionAction, type ExceptionType } from './exception-permissions.js';
import { RpaError } from '../banking/index.js';

export type { Decision, ExceptionAction, ExceptionType } from './exception-permissions.js';
export type { Severity } from '../config/compliance-alerts.js';
export type ExceptionStatus = 'open' | 'approved' | 'rejected' | 'resumed';
export const EXCEPTION_TYPES: readonly ExceptionType[] = ['business', 'compliance', 'system'];
export const EXCEPTION_STATUSES: readonly ExceptionStatus[] = ['open', 'approved', 'rejected', 'resumed'];

/** One thing a person did to an exception: assigned it, commented, recommended, decided. */
export interface ExceptionEvent {
  at: string;
  by: string;
  action: ExceptionAction | 'unassign';
  note?: string;
}

export interface ExceptionRecord {
  id: string;
  type: ExceptionType;
  status: ExceptionStatus;
  /** How urgent: from the error's details (a compliance rule's severity), else by type (see `defaultSeverity`). */
  severity?: Severity;
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
  /** Four-eyes for compliance releases: the recommendation (`as: 'recommend'`), then the approval by someone else. */
  approvals: { by: string; at: string; note?: string; as?: 'recommend' | 'approve'; editedInput?: unknown }[];
  decision?: { decision: Decision; by: string; at: string; note?: string; editedInput?: unknown };
  /** Who is working on it. */
  assignee?: string;
  /** Assignments, comments, recommendations and decisions, oldest first (at most 200). */
  history?: ExceptionEvent[];
}

export type NewException = Omit<ExceptionRecord, 'id' | 'status' | 'openedAt' | 'approvals' | 'decision' | 'severity' | 'assignee' | 'history'> & {
  severity?: Severity;
};

/** The inbox's filters: every one is applied in Redis (sorted sets by the time the exception opened). */
export interface ExceptionFilter {
  /** Default open. */
  status?: ExceptionStatus;
  type?: ExceptionType;
  severity?: Severity;
  runId?: string;
  assignee?: string;
  /** Only exceptions opened at least this long ago. */
  olderThanMs?: number;
  /** Only exceptions opened at most this long ago. */
  newerThanMs?: number;
  /** Default oldest first. */
  order?: 'oldest' | 'newest';
  offset?: number;
  limit?: number;
}

const HISTORY_MAX = 200;
const COMMENT_MAX = 2_000;

export function defaultSeverity(type: ExceptionType): Severity {
  return type === 'compliance' ? 'high' : type === 'system' ? 'medium' : 'low';
}

export function severityOf(record: Pick<ExceptionRecord, 'severity' | 'type'>): Severity {
  return record.severity ?? defaultSeverity(record.type);
}

export class ExceptionNotFound extends RpaError {
  readonly whatNext = 'Check the exception id (rpa exceptions list shows open ones).';
  constructor(id: string) {
    super(`exception ${id} does not exist`);
  }
}

export class ExceptionAlreadyDecided extends RpaError {
  readonly whatNext = 'Nothing to do: someone decided it first. Reload to see their decision.';
  constructor(id: string, status: ExceptionStatus, by?: string) {
    super(`exception ${id} is already ${status}${by ? ` by ${by}` : ''}`);
  }
}

export class FourEyesRequired extends NotAllowed {
  constructor(id: string, by: string) {
    super(
      `exception ${id}: ${by} recommended this release; a release needs a second, different approver`,
      'A second person, other than the one who recommended the release, must approve it.',
    );
    this.name = 'FourEyesRequired';
  }
}

/**
 * A compliance hold is ended only by a two-person release (recommend, then approve by someone else)
 * or by a rejection: resuming it, with or without edited data, would let one person release it.
 */
export class ComplianceHoldNotResumable extends NotAllowed {
  constructor(id: string) {
    super(
      `exception ${id} is a compliance hold: it cannot be resumed, only released by two people or rejected`,
      'To correct the data, recommend the release with the corrected data; a different approver then approves it, and the item is screened again with those data.',
    );
    this.name = 'ComplianceHoldNotResumable';
  }
}

/** The approver of a compliance release approves the recommendation as it is, edit included. */
export class ApprovalMustMatchRecommendation extends NotAllowed {
  constructor(id: string, by: string) {
    super(
      `exception ${id}: the approval must approve the data ${by} recommended, unchanged`,
      'Approve the recommendation as it is, or reject it with a reason; a different change needs a new recommendation.',
    );
    this.name = 'ApprovalMustMatchRecommendation';
  }
}

export class RecommendationRequired extends NotAllowed {
  constructor(id: string) {
    super(`exception ${id}: a compliance release is approved only after someone has recommended it`, 'Recommend the release first; then a different approver approves it.');
    this.name = 'RecommendationRequired';
  }
}

/** A rejection without a reason, an empty comment: nothing is recorded. */
export class TextRequired extends RpaError {
  readonly whatNext = 'Write it in the note, so the next person knows why.';
  constructor(id: string, what: string) {
    super(`exception ${id}: ${what}`);
  }
}

// KEYS[1] record key. ARGV: expected JSON (compare-and-set), new JSON
const CAS = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end`);

/**
 * Exceptions in Redis: one JSON record per exception, with indexes by status, type, severity,
 * run, item and assignee (sorted sets scored by the time it opened). At most one open exception
 * per item: opening again returns the open one. Every action is checked here, against the acting
 * user's roles and the four-eyes rule, so no caller (a page, a direct POST, the CLI) gets round it.
 */
export class ExceptionsStore {
  /** Strictly increasing list order within a process, even for exceptions opened in the same millisecond. */
  private lastScore = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The key of a record or an index: `record:<id>`, `all`, `status:<s>`, `type:<t>`, `severity:<s>`, `run:<id>`, `item:<id>`, `assignee:<u>`, `run-errors:<id>`. */
  k(...parts: string[]): string {
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
    const detailSeverity = input.error.details?.severity;
    const severity =
      input.severity ?? (SEVERITIES.includes(detailSeverity as Severity) ? (detailSeverity as Severity) : defaultSeverity(input.type));
    const record: ExceptionRecord = { ...input, id, status: 'open', severity, openedAt: new Date().toISOString(), approvals: [], history: [] };
    const score = (this.lastScore = Math.max(Date.now(), this.lastScore + 1));
    await this.redis
      .multi()
      .set(this.k('record', id), JSON.stringify(record))
      .zadd(this.k('all'), score, id)
      .zadd(this.k('status', 'open'), score, id)
      .zadd(this.k('type', record.type), score, id)
      .zadd(this.k('severity', severity), score, id)
      .zadd(this.k('run', record.runId), score, id)
      .zadd(this.k('item', record.itemId), score, id)
      .hincrby(this.k('run-errors', record.runId), record.error.name, 1)
      .exec();
    return record;
  }

  async get(id: string): Promise<ExceptionRecord> {
    const raw = await this.redis.get(this.k('record', id));
    if (!raw) throw new ExceptionNotFound(id);
    return JSON.parse(raw) as ExceptionRecord;
  }

  async getMany(ids: string[]): Promise<ExceptionRecord[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.k('record', id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ExceptionRecord);
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
    const [ids] = await readIntersection(this.redis, sets.length ? sets : [this.k('all')], this.k('tmp'), (tx, key) => tx.zrevrange(key, 0, limit - 1), 'MAX');
    return this.getMany(ids as string[]);
  }

  /**
   * A page of exceptions for the inbox: filtered and ordered by the time they opened, entirely in
   * Redis (one ZINTERSTORE of the filters' sorted sets, then ZRANGEBYSCORE with LIMIT), so it
   * costs the same with 5,000 open exceptions as with 5.
   */
  async page(filter: ExceptionFilter = {}, now = Date.now()): Promise<{ rows: ExceptionRecord[]; total: number; offset: number; limit: number }> {
    const offset = Math.max(0, filter.offset ?? 0);
    const limit = Math.min(500, Math.max(1, filter.limit ?? 50));
    const sets = [
      this.k('status', filter.status ?? 'open'),
      filter.type && this.k('type', filter.type),
      filter.severity && this.k('severity', filter.severity),
      filter.runId && this.k('run', filter.runId),
      filter.assignee && this.k('assignee', filter.assignee),
    ].filter((s): s is string => Boolean(s));
    const min = filter.newerThanMs !== undefined ? String(now - filter.newerThanMs) : '-inf';
    const max = filter.olderThanMs !== undefined ? String(now - filter.olderThanMs) : '+inf';
    const newest = filter.order === 'newest';
    // The status set of a decided exception is scored by its decision time; MIN keeps the time it opened.
    const [ids, total] = await readIntersection(this.redis, sets, this.k('tmp'), (tx, key) => {
      if (newest) tx.zrevrangebyscore(key, max, min, 'LIMIT', offset, limit);
      else tx.zrangebyscore(key, min, max, 'LIMIT', offset, limit);
      tx.zcount(key, min, max);
    });
    return { rows: await this.getMany(ids as string[]), total: Number(total), offset, limit };
  }

  async countOpen(): Promise<number> {
    return this.redis.zcard(this.k('status', 'open'));
  }

  /** Open exceptions of a run by error class (the error's name), for "retry the failed items with this error". */
  async openErrorsOfRun(runId: string): Promise<{ name: string; count: number }[]> {
    const h = await this.redis.hgetall(this.k('run-errors', runId));
    return Object.entries(h)
      .map(([name, n]) => ({ name, count: Number(n) }))
      .filter((e) => e.count > 0)
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }

  /** Ids of a run's open exceptions, oldest first, `count` at a time from `offset`. */
  async openIdsOfRun(runId: string, offset: number, count: number): Promise<string[]> {
    const [ids] = await readIntersection(this.redis, [this.k('run', runId), this.k('status', 'open')], this.k('tmp'), (tx, key) => tx.zrange(key, offset, offset + count - 1));
    return ids as string[];
  }

  /** Takes an open exception to work on (`to` the actor) or gives it back (`to` null: one's own, or any as an admin or approver). */
  async assign(id: string, actor: Actor, to: string | null): Promise<ExceptionRecord> {
    const { prev, next } = await this.mutate(id, (record, at) => {
      requireRole(actor, 'assign', record.type, id);
      if (record.status !== 'open') throw new ExceptionAlreadyDecided(id, record.status, record.decision?.by);
      // Handlers take work themselves; approvers and admins (who lead the team) also hand it to someone else.
      if (to !== null && to !== actor.username && !actor.roles.some((r) => r === 'admin' || r === 'approver')) {
        throw new NotAllowed(`${actor.username} may assign exception ${id} only to themselves`, 'Ask the person to take it themselves, or an approver to hand it over.');
      }
      if (to === null && record.assignee && record.assignee !== actor.username && !actor.roles.some((r) => r === 'admin' || r === 'approver')) {
        throw new NotAllowed(`exception ${id} is assigned to ${record.assignee}; only they, an approver or an admin can give it back`, 'Ask them to give it back.');
      }
      const next = structuredClone(record);
      if (to === null) delete next.assignee;
      else next.assignee = to;
      pushEvent(next, { at, by: actor.username, action: to === null ? 'unassign' : 'assign', note: to === null && record.assignee ? `was ${record.assignee}` : undefined });
      return next;
    });
    const score = await this.redis.zscore(this.k('all'), id);
    const tx = this.redis.multi();
    if (prev.assignee) tx.zrem(this.k('assignee', prev.assignee), id);
    if (next.assignee) tx.zadd(this.k('assignee', next.assignee), score ?? Date.parse(next.openedAt), id);
    await tx.exec();
    return next;
  }

  async comment(id: string, actor: Actor, text: string): Promise<ExceptionRecord> {
    const note = text.trim();
    if (!note) throw new TextRequired(id, 'a comment needs some text');
    return (
      await this.mutate(id, (record, at) => {
        requireRole(actor, 'comment', record.type, id);
        const next = structuredClone(record);
        pushEvent(next, { at, by: actor.username, action: 'comment', note: note.slice(0, COMMENT_MAX) });
        return next;
      })
    ).next;
  }

  /**
   * Records a decision with who and when, if the actor's roles allow it. A compliance hold ends only
   * by a release in two steps or by a rejection: `recommend` (a handler or an approver; the exception
   * stays open; it may propose corrected data), then `approve` by a different approver, who approves
   * the recommendation as it is, its edit included (`decision.editedInput`). A compliance hold is
   * never resumed. Reject needs a reason.
   */
  async decide(id: string, decision: Decision, actor: Actor, options: { note?: string; editedInput?: unknown } = {}): Promise<ExceptionRecord> {
    const by = actor.username;
    const { next } = await this.mutate(id, (record, at) => {
      if (record.status !== 'open') throw new ExceptionAlreadyDecided(id, record.status, record.decision?.by);
      if (record.type === 'compliance' && decision === 'resume') throw new ComplianceHoldNotResumable(id);
      requireRole(actor, decision, record.type, id);
      const next: ExceptionRecord = structuredClone(record);
      const event: ExceptionEvent = { at, by, action: decision, note: options.note };
      let editedInput = options.editedInput;
      if (decision === 'recommend') {
        if (record.type !== 'compliance') {
          throw new NotAllowed(`exception ${id} is a ${record.type} exception: only compliance holds are recommended for release`, 'Resume, approve or reject it instead.');
        }
        const existing = recommendationOf(record);
        if (existing) throw new NotAllowed(`exception ${id}: ${existing.by} has already recommended the release`, 'A different approver now approves or rejects it.');
        next.approvals.push({ by, at, note: options.note, as: 'recommend', ...(editedInput !== undefined ? { editedInput } : {}) });
        pushEvent(next, { ...event, note: editedInput !== undefined ? `${options.note ?? ''}${options.note ? ' ' : ''}(with corrected data)` : options.note });
        return next;
      }
      if (record.type === 'compliance') {
        if (decision === 'approve') {
          const recommended = recommendationOf(record);
          if (!recommended) throw new RecommendationRequired(id);
          if (recommended.by === by) throw new FourEyesRequired(id, by);
          if (editedInput !== undefined && canonicalJson(editedInput) !== canonicalJson(recommended.editedInput)) throw new ApprovalMustMatchRecommendation(id, recommended.by);
          editedInput = recommended.editedInput;
          next.approvals.push({ by, at, note: options.note, as: 'approve' });
        } else if (editedInput !== undefined) {
          throw new NotAllowed(`exception ${id}: a rejection carries no data`, 'Reject without data, or recommend the release with the corrected data.');
        }
      }
      if (decision === 'reject' && !options.note?.trim()) throw new TextRequired(id, 'a rejection needs a reason');
      next.status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'resumed';
      next.decision = { decision, by, at, note: options.note, ...(editedInput !== undefined ? { editedInput } : {}) };
      pushEvent(next, event);
      return next;
    });
    if (next.status !== 'open') {
      await this.redis
        .multi()
        .zrem(this.k('status', 'open'), id)
        .zadd(this.k('status', next.status), Date.now(), id)
        .del(this.k('open-for-item', next.itemId))
        .hincrby(this.k('run-errors', next.runId), next.error.name, -1)
        .exec();
    }
    return next;
  }

  /** Read, change and write back one record, compare-and-set, so two people acting at once never lose an update. */
  private async mutate(id: string, change: (record: ExceptionRecord, at: string) => ExceptionRecord): Promise<{ prev: ExceptionRecord; next: ExceptionRecord }> {
    for (let tries = 0; tries < 10; tries++) {
      const raw = await this.redis.get(this.k('record', id));
      if (!raw) throw new ExceptionNotFound(id);
      const prev = JSON.parse(raw) as ExceptionRecord;
      const next = change(prev, new Date().toISOString());
      if ((await CAS.run(this.redis, [this.k('record', id)], [raw, JSON.stringify(next)])) === 1) return { prev, next };
    }
    throw new Error(`exception ${id}: too many concurrent updates, try again`);
  }
}

/** The recommendation of a compliance release (records from before recommendations counted their first approval as one). */
export function recommendationOf(record: ExceptionRecord): ExceptionRecord['approvals'][number] | undefined {
  return record.approvals.find((a) => a.as === 'recommend') ?? record.approvals.find((a) => a.as === undefined);
}

function pushEvent(record: ExceptionRecord, event: ExceptionEvent): void {
  const history = [...(record.history ?? []), event];
  record.history = history.slice(-HISTORY_MAX);
}
