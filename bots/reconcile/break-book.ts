/**
 * Breaks carried from day to day, per account, in Redis: each open break with the line it is about
 * (so that the next day's reconciliation sees the line again), the day it was first seen and its age.
 * Applying a day's reconciliation: a break still there is updated (its class may change: timing
 * becomes missing at the bank), a new one is added, and an open break whose line the day matched
 * closes itself with the match's rule and why. Applying the same day twice changes nothing the second
 * time, so a reconciliation run again after a crash never records a break twice.
 */
import type { Redis } from 'ioredis';
import { Money } from '../../banking/index.js';
import type { BankLine, Break, LedgerLine, Reconciliation } from '../../reconciliation/index.js';

type StoredLine = Omit<BankLine, 'amount'> & { amount: { amount: string; currency: string }; batch?: string };

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
}

const store = (l: BankLine | LedgerLine): StoredLine => ({ ...l, amount: { amount: l.amount.toString(), currency: l.amount.currency } });
const restore = (l: StoredLine) => ({ ...l, amount: Money.of(l.amount.amount, l.amount.currency) });

export class BreakBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private open = (account: string) => `${this.prefix}recon:${account}:open`;
  private closed = (account: string) => `${this.prefix}recon:${account}:closed`;
  private days = (account: string) => `${this.prefix}recon:${account}:days`;

  async openBreaks(account: string): Promise<CarriedBreak[]> {
    return Object.values(await this.redis.hgetall(this.open(account))).map((v) => JSON.parse(v) as CarriedBreak);
  }

  /** The lines of yesterday's open breaks, for today's reconciliation to see again. */
  async carriedLines(account: string): Promise<{ bank: BankLine[]; ledger: LedgerLine[] }> {
    const open = await this.openBreaks(account);
    return {
      bank: open.filter((b) => b.side === 'bank').map((b) => restore(b.lineData) as BankLine),
      ledger: open.filter((b) => b.side === 'ledger').map((b) => restore(b.lineData) as LedgerLine),
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
    for (const b of result.breaks) {
      const line = byId.get(b.id);
      if (!line) continue;
      const was = before.get(b.id);
      if (was) kept++;
      else opened++;
      const carried: CarriedBreak = { ...b, account, firstSeen: was?.firstSeen ?? day, lastSeen: day, lineData: store(line) };
      next[b.id] = JSON.stringify(carried);
    }
    const closed: ClosedBreak[] = [];
    for (const [id, b] of before) {
      if (next[id]) continue;
      closed.push({ id, account, class: b.class, firstSeen: b.firstSeen, closedOn: day, reason: matchOf.get(id) ?? `no longer seen on ${day}` });
    }
    const applied: AppliedDay = { opened, kept, closed };
    const m = this.redis.multi().del(this.open(account));
    if (Object.keys(next).length) m.hset(this.open(account), next);
    for (const c of closed) m.hset(this.closed(account), `${c.id}@${day}`, JSON.stringify(c));
    m.hset(this.days(account), day, JSON.stringify(applied));
    await m.exec();
    return applied;
  }
}
