/**
 * The audit trail: who did what to what, when, in Redis as a hash chain. Each entry holds the
 * SHA-256 of the previous entry (`prev`) and its own (`hash`, over its canonical JSON without
 * `hash`), so changing, removing or inserting an entry anywhere breaks the chain at that point,
 * and `verify()` names it.
 *
 * Appending is a compare-and-set in one Lua script: it writes only if the chain's head is still
 * the one the entry links to, so two board processes (or two requests) never fork the chain; the
 * loser reads the new head and tries again. Entries are numbered 1, 2, ... (`seq`) and their time
 * never goes backwards along the chain, so a time range is a range of sequence numbers.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../lua-script.js';
import { readIntersection } from '../sorted-set-intersection.js';
import { canonicalJson } from './canonical-json.js';
import { RpaError } from '../../banking/index.js';

/** What happened, as a caller reports it (the board's `AuditEvent`). */
export interface AuditEventInput {
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  /** ISO time, never earlier than the previous entry's. */
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  /** SHA-256 (hex) of the previous entry's canonical JSON; 64 zeros for the first. */
  prev: string;
  /** SHA-256 (hex) of this entry's canonical JSON without `hash`. */
  hash: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  /** Entries at or after this time. */
  from?: Date;
  /** Entries at or before this time. */
  to?: Date;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export type AuditVerdict = { ok: true; entries: number } | { ok: false; firstBroken: number; reason: string; entries: number };

export const GENESIS_HASH = '0'.repeat(64);
export const MAX_PAGE_SIZE = 500;
const BATCH = 1_000;

export class AuditAppendConflict extends RpaError {
  readonly whatNext = 'Too many processes appended to the audit log at once; try the action again.';
  constructor(attempts: number) {
    super(`the audit log's head kept moving: entry not appended after ${attempts} attempts`);
  }
}

/** The entry's hash: SHA-256 over its canonical JSON without `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, target, details, prev } = entry;
  return createHash('sha256').update(canonicalJson({ seq, at, actor, action, target, details, prev })).digest('hex');
}

// KEYS: head, entries, time index, then the filter indexes. ARGV: expected head hash, seq, hash, at (ms), entry JSON, time member.
const APPEND_LUA = new LuaScript(`
local cur = redis.call('HGET', KEYS[1], 'hash')
if not cur then cur = '${GENESIS_HASH}' end
if cur ~= ARGV[1] or redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'hash', ARGV[3], 'at', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[6])
for i = 4, #KEYS do redis.call('ZADD', KEYS[i], ARGV[2], ARGV[2]) end
return 1
`);

/** The time index's members sort as text among equal times: zero-padded, text order is number order. */
const timeMember = (seq: number) => String(seq).padStart(15, '0');

export class AuditLog {
  private readonly keys: { head: string; entries: string; time: string; index: (field: 'actor' | 'action' | 'target', value: string) => string };
  /** Appends from this process go one at a time (other processes are kept apart by the script). */
  private tail: Promise<unknown> = Promise.resolve();

  /** `keyPrefix`: our own key space (`ownKeys(config.redis.prefix)`). */
  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    const base = `${keyPrefix}:audit`;
    this.keys = {
      head: `${base}:head`,
      entries: `${base}:entries`,
      time: `${base}:by-time`,
      index: (field, value) => `${base}:by-${field}:${value}`,
    };
  }

  append(event: AuditEventInput): Promise<AuditEntry> {
    const next = this.tail.then(() => this.appendNow(event));
    this.tail = next.catch(() => {});
    return next;
  }

  private async appendNow(event: AuditEventInput): Promise<AuditEntry> {
    // What is hashed is exactly what is stored: details as JSON gives them back.
    const details = JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>;
    const target = event.target ?? null;
    for (let attempt = 1; attempt <= 50; attempt++) {
      const head = await this.head();
      const atMs = Math.max(this.now().getTime(), head.atMs);
      const body = { seq: head.seq + 1, at: new Date(atMs).toISOString(), actor: event.actor, action: event.action, target, details, prev: head.hash };
      const entry: AuditEntry = { ...body, hash: entryHash(body) };
      const indexKeys = [this.keys.index('actor', entry.actor), this.keys.index('action', entry.action)];
      if (target !== null) indexKeys.push(this.keys.index('target', target));
      const written = await APPEND_LUA.run(
        this.redis,
        [this.keys.head, this.keys.entries, this.keys.time, ...indexKeys],
        [head.hash, String(entry.seq), entry.hash, String(atMs), JSON.stringify(entry), timeMember(entry.seq)],
      );
      if (written === 1) return entry;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
    throw new AuditAppendConflict(50);
  }

  /** The last entry's number, hash and time (seq 0 and 64 zeros when empty). */
  async head(): Promise<{ seq: number; hash: string; atMs: number }> {
    const [seq, hash, at] = await this.redis.hmget(this.keys.head, 'seq', 'hash', 'at');
    return { seq: Number(seq ?? 0), hash: hash ?? GENESIS_HASH, atMs: Number(at ?? 0) };
  }

  async get(seq: number): Promise<AuditEntry | undefined> {
    const raw = await this.redis.hget(this.keys.entries, String(seq));
    return raw ? (JSON.parse(raw) as AuditEntry) : undefined;
  }

  /** One page of the entries that match, newest first. */
  async list(query: AuditQuery = {}): Promise<AuditPage> {
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const offset = (page - 1) * pageSize;
    const [lo, hi] = await this.seqRange(query);
    const sets = this.filterKeys(query);
    let total = 0;
    let seqs: number[] = [];
    if (hi >= lo && sets.length === 0) {
      total = hi - lo + 1;
      for (let s = hi - offset; s >= lo && seqs.length < pageSize; s--) seqs.push(s);
    } else if (hi >= lo) {
      const [count, members] = await readIntersection(this.redis, sets, `${this.keys.head}:tmp`, (tx, key) => tx.zcount(key, lo, hi).zrevrangebyscore(key, hi, lo, 'LIMIT', offset, pageSize));
      total = Number(count);
      seqs = (members as string[]).map(Number);
    }
    return { entries: await this.load(seqs), total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
  }

  /** Every entry that matches, oldest first, read in batches (for exports). */
  async *entries(query: Omit<AuditQuery, 'page' | 'pageSize'> = {}): AsyncGenerator<AuditEntry> {
    const [lo, hi] = await this.seqRange(query);
    const matches = (e: AuditEntry) =>
      (query.actor === undefined || e.actor === query.actor) &&
      (query.action === undefined || e.action === query.action) &&
      (query.target === undefined || e.target === query.target);
    // Walk the smallest filter index (or the plain sequence) and check the other filters on the entries.
    const sets = this.filterKeys(query);
    const sizes = await Promise.all(sets.map((k) => this.redis.zcount(k, lo, hi)));
    const smallest = sets[sizes.indexOf(Math.min(...sizes))];
    for (let from = lo; from <= hi; ) {
      let seqs: number[];
      if (smallest === undefined) {
        seqs = [];
        for (let s = from; s <= hi && seqs.length < BATCH; s++) seqs.push(s);
      } else {
        seqs = (await this.redis.zrangebyscore(smallest, from, hi, 'LIMIT', 0, BATCH)).map(Number);
      }
      if (seqs.length === 0) return;
      for (const e of await this.load(seqs)) if (matches(e)) yield e;
      from = seqs[seqs.length - 1]! + 1;
    }
  }

  /** Walks the whole chain: every entry present, numbered in order, linked to the one before, and unchanged. */
  async verify(): Promise<AuditVerdict> {
    const head = await this.head();
    let prev = GENESIS_HASH;
    for (let from = 1; from <= head.seq; from += BATCH) {
      const seqs: string[] = [];
      for (let s = from; s < from + BATCH && s <= head.seq; s++) seqs.push(String(s));
      const raws = await this.redis.hmget(this.keys.entries, ...seqs);
      for (let i = 0; i < seqs.length; i++) {
        const seq = Number(seqs[i]);
        const broken = (reason: string): AuditVerdict => ({ ok: false, firstBroken: seq, reason, entries: head.seq });
        const raw = raws[i];
        if (raw === null || raw === undefined) return broken('the entry is missing');
        let e: AuditEntry;
        try {
          e = JSON.parse(raw) as AuditEntry;
        } catch {
          return broken('the entry is not valid JSON');
        }
        if (e.seq !== seq) return broken(`the entry says it is number ${String(e.seq)}`);
        if (e.prev !== prev) return broken(seq === 1 ? 'the first entry does not start the chain' : `it does not follow entry ${seq - 1} (its prev is not that entry's hash): one of the two was changed`);
        if (entryHash(e) !== e.hash) return broken('its content does not match its hash: it was changed after it was written');
        prev = e.hash;
      }
    }
    if (head.hash !== prev) return { ok: false, firstBroken: head.seq, reason: "the chain's head does not match its last entry", entries: head.seq };
    const stored = await this.redis.hlen(this.keys.entries);
    if (stored > head.seq) return { ok: false, firstBroken: head.seq + 1, reason: `${stored - head.seq} entry(ies) stored beyond the chain's head`, entries: head.seq };
    return { ok: true, entries: head.seq };
  }

  private filterKeys(query: AuditQuery): string[] {
    const keys: string[] = [];
    if (query.actor !== undefined) keys.push(this.keys.index('actor', query.actor));
    if (query.action !== undefined) keys.push(this.keys.index('action', query.action));
    if (query.target !== undefined) keys.push(this.keys.index('target', query.target));
    return keys;
  }

  /** The sequence numbers [lo, hi] of the query's time range (times never go backwards along the chain). */
  private async seqRange(query: AuditQuery): Promise<[number, number]> {
    let lo = 1;
    let hi = (await this.head()).seq;
    if (query.from) {
      const [first] = await this.redis.zrangebyscore(this.keys.time, query.from.getTime(), '+inf', 'LIMIT', 0, 1);
      lo = first === undefined ? hi + 1 : Number(first);
    }
    if (query.to) {
      const [last] = await this.redis.zrevrangebyscore(this.keys.time, query.to.getTime(), '-inf', 'LIMIT', 0, 1);
      hi = last === undefined ? 0 : Math.min(hi, Number(last));
    }
    return [lo, hi];
  }

  private async load(seqs: number[]): Promise<AuditEntry[]> {
    if (seqs.length === 0) return [];
    const raws = await this.redis.hmget(this.keys.entries, ...seqs.map(String));
    return raws.flatMap((r) => (r ? [JSON.parse(r) as AuditEntry] : []));
  }
}
