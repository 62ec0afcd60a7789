/**
 * Breaks carried from day to day, per account, in Redis: each open break with the line it is about
 * (so that the next day's reconciliation sees the line again), the day it was first seen and its age.
 * Applying a day's reconciliation: a break still there is updated (its class may change: timing
 * becomes missing at the bank), a new one is added, and an open break whose line the day matched
 * closes itself with the match's rule and why. Applying the same day twice changes nothing the second
 * time, so a reconciliation run again after a crash never records a break twice.
 */
import type { Redis } from 'ioredis';
import type { BankLine, Break, LedgerLine, Reconciliation } from '../../reconciliation/index.js';
import { restoreLine, storeLine, type StoredLine } from './stored-line.js';


export interface CarriedBreak extends Break {
  account: string;
  firstSeen: string;
  lastSeen: string;
  lineData: StoredLine;
}

export interface ClosedBreak {
  id: string;
  account: string;
  class: Break['class'];
  firstSeen: string;
  closedOn: string;
  /** "matched on 2027-01-06 by rule reference (reference E2E-1)". */
  reason: string;
}

export interface AppliedDay {
  opened: number;
  kept: number;
  closed: ClosedBreak[];
  /** The breaks first seen this day (each becomes an item for a person). */
  openedIds?: string[];
}

/** What a person decided about a break (bots/reconcile-day's break items). */
export interface BreakResolution {
  /** "matched by hand with ledger:L7, ledger:L8", "accepted as a fee difference of 4.50 EUR". */
  reason: string;
  /** The day it was decided on (the break item's day). */
  day: string;
}


export class BreakBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private open = (account: string) => `${this.prefix}recon:${account}:open`;
  private closed = (account: string) => `${this.prefix}recon:${account}:closed`;
  private days = (account: string) => `${this.prefix}recon:${account}:days`;
  private before = (account: string) => `${this.prefix}recon:${account}:before`;
  private resolved = (account: string) => `${this.prefix}recon:${account}:resolved`;
  private timing = (account: string) => `${this.prefix}recon:${account}:timing`;

  async openBreaks(account: string): Promise<CarriedBreak[]> {
    return Object.values(await this.redis.hgetall(this.open(account))).map((v) => JSON.parse(v) as CarriedBreak);
  }

  /** An open break, if it is still open. */
  async openBreak(account: string, id: string): Promise<CarriedBreak | undefined> {
    const raw = await this.redis.hget(this.open(account), id);
    return raw ? (JSON.parse(raw) as CarriedBreak) : undefined;
  }

  /** Why a break is no longer open: the match that closed it or a person's decision (the latest). */
  async closedReason(account: string, id: string): Promise<string | undefined> {
    const decided = await this.redis.hget(this.resolved(account), id);
    if (decided) return (JSON.parse(decided) as BreakResolution).reason;
    const fields = (await this.redis.hkeys(this.closed(account))).filter((f) => f.startsWith(`${id}@`)).sort();
    const last = fields[fields.length - 1];
    return last ? (JSON.parse((await this.redis.hget(this.closed(account), last))!) as ClosedBreak).reason : undefined;
  }

  /**
   * The lines of the breaks open before `day`, for its reconciliation to see again: taken once per
   * account and day, so that the day reconciled again (after a crash, after its breaks were recorded)
   * sees the same lines as the first time.
   */
  async carriedLines(account: string, day: string): Promise<{ bank: BankLine[]; ledger: LedgerLine[] }> {
    let snapshot = await this.redis.hget(this.before(account), day);
    if (snapshot === null) {
      await this.redis.hsetnx(this.before(account), day, JSON.stringify(await this.openBreaks(account)));
      snapshot = (await this.redis.hget(this.before(account), day))!;
    }
    const open = JSON.parse(snapshot) as CarriedBreak[];
    return {
      bank: open.filter((b) => b.side === 'bank').map((b) => restoreLine(b.lineData) as BankLine),
      ledger: open.filter((b) => b.side === 'ledger').map((b) => restoreLine(b.lineData)),
    };
  }

  /**
   * Records a day's reconciliation of an account (its lines: today's and the carried ones). Once per
   * account and day: the same day applied again returns what it did the first time.
   */
  async applyDay(account: string, day: string, result: Reconciliation, lines: { bank: readonly BankLine[]; ledger: readonly LedgerLine[] }): Promise<AppliedDay> {
    const done = await this.redis.hget(this.days(account), day);
    if (done) return JSON.parse(done) as AppliedDay;
    const before = new Map((await this.openBreaks(account)).map((b) => [b.id, b]));
    const byId = new Map<string, BankLine | LedgerLine>([...lines.bank.map((l) => [`bank:${l.id}`, l] as const), ...lines.ledger.map((l) => [`ledger:${l.id}`, l] as const)]);
    const matchOf = new Map<string, string>();
    for (const m of result.matches) for (const id of [...m.bank.map((x) => `bank:${x}`), ...m.ledger.map((x) => `ledger:${x}`)]) matchOf.set(id, `matched on ${day} by rule ${m.rule} (${m.why})`);
    const next: Record<string, string> = {};
    let opened = 0;
    let kept = 0;
    const decided = new Set(await this.redis.hkeys(this.resolved(account)));
    const openedIds: string[] = [];
    for (const b of result.breaks) {
      const line = byId.get(b.id);
      if (!line || decided.has(b.id)) continue;
      const was = before.get(b.id);
      if (was) kept++;
      else {
        opened++;
        openedIds.push(b.id);
      }
      const carried: CarriedBreak = { ...b, account, firstSeen: was?.firstSeen ?? day, lastSeen: day, lineData: storeLine(line) };
      next[b.id] = JSON.stringify(carried);
    }
    const closed: ClosedBreak[] = [];
    for (const [id, b] of before) {
      if (next[id]) continue;
      closed.push({ id, account, class: b.class, firstSeen: b.firstSeen, closedOn: day, reason: matchOf.get(id) ?? `no longer seen on ${day}` });
    }
    const applied: AppliedDay = { opened, kept, closed, openedIds };
    const m = this.redis.multi().del(this.open(account));
    const older = (await this.redis.hkeys(this.before(account))).filter((d) => d < day);
    if (older.length) m.hdel(this.before(account), ...older);
    if (Object.keys(next).length) m.hset(this.open(account), next);
    for (const c of closed) m.hset(this.closed(account), `${c.id}@${day}`, JSON.stringify(c));
    m.hset(this.days(account), day, JSON.stringify(applied));
    await m.exec();
    return applied;
  }

  /**
   * Closes open breaks by a person's decision (a match by hand, a fee or write-off accepted): they are
   * no longer carried, and a later day never opens them again. False, and nothing changed, when one
   * of them is no longer open (someone, or a later statement, closed it first).
   */
  async resolve(account: string, ids: string[], resolution: BreakResolution): Promise<boolean> {
    const key = this.open(account);
    for (;;) {
      await this.redis.watch(key);
      const present = await this.redis.hmget(key, ...ids);
      if (present.some((p) => p === null)) {
        await this.redis.unwatch();
        return false;
      }
      const m = this.redis.multi().hdel(key, ...ids);
      for (const id of ids) {
        const b = JSON.parse(present[ids.indexOf(id)]!) as CarriedBreak;
        m.hset(this.resolved(account), id, JSON.stringify(resolution));
        m.hset(this.closed(account), `${id}@${resolution.day}`, JSON.stringify({ id, account, class: b.class, firstSeen: b.firstSeen, closedOn: resolution.day, reason: resolution.reason } satisfies ClosedBreak));
      }
      if (await m.exec()) return true;
    }
  }

  /** A break a person marked as timing: looked at again on `recheckOn` if it is still open then. */
  async markTiming(account: string, id: string, recheckOn: string): Promise<void> {
    await this.redis.hset(this.timing(account), id, recheckOn);
  }

  /** Open breaks marked as timing whose re-check day has come by `day`, with that day. */
  async dueForRecheck(account: string, day: string): Promise<{ id: string; recheckOn: string }[]> {
    const marked = await this.redis.hgetall(this.timing(account));
    const open = new Set(await this.redis.hkeys(this.open(account)));
    return Object.entries(marked)
      .filter(([id, on]) => on <= day && open.has(id))
      .map(([id, recheckOn]) => ({ id, recheckOn }));
  }
}
