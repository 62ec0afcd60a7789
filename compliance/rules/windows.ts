import type { Redis } from 'ioredis';
import type { ComplianceRulesConfig } from '../../config/compliance-rules.js';
import type { CheckedTransaction } from './transaction.js';
import { addMonths, DAY_MS, epochDay, HOUR_MS } from './time.js';

/** A recorded payment in a window. Amounts are integer minor units (bigint), never floats. */
export interface WindowEvent {
  txId: string;
  currency: string;
  minor: bigint;
  atMs: number;
}

/** What the windows held before this transaction: it never counts itself, even after it was recorded. */
export interface WindowSnapshot {
  /** recordPosted has already run for this transaction id. */
  alreadyRecorded: boolean;
  /** The debtor account's payments in the velocity window (all currencies). */
  debtorEvents: WindowEvent[];
  /** Payments to the beneficiary in the velocity window (all currencies). */
  beneficiaryEvents: WindowEvent[];
  /** The customer's payments in the structuring band within the structuring window. */
  nearThreshold: WindowEvent[];
  /** The customer's payments in this currency within the average window. */
  average: { count: bigint; sumMinor: bigint };
  /** The debtor account's last recorded activity (epoch ms). */
  lastActivityMs?: number;
  /** When the customer last paid this beneficiary, within the known-beneficiary window. */
  beneficiaryLastPaidMs?: number;
  /** Beneficiaries the customer paid within the known-beneficiary window. */
  knownBeneficiaries: number;
}

interface Spans {
  velocityMs: number;
  structuringMs: number;
  averageDays: number;
  knownForMonths: number;
  /** How long a recorded id is remembered: longer than every window whose sums it feeds. */
  markerTtlMs: number;
}

export function spans(cfg: ComplianceRulesConfig): Spans {
  const velocityMs = cfg.velocity.windowHours * HOUR_MS;
  const structuringMs = cfg.structuring.windowDays * DAY_MS;
  const averageDays = cfg.averageMultiple.windowDays;
  return {
    velocityMs,
    structuringMs,
    averageDays,
    knownForMonths: cfg.newBeneficiary.knownForMonths,
    markerTtlMs: Math.max(velocityMs, structuringMs, averageDays * DAY_MS) + 2 * DAY_MS,
  };
}

// KEYS: 1 marker, 2 debtor events, 3 beneficiary events, 4 near-threshold, 5 average buckets, 6 last activity, 7 known beneficiaries.
// ARGV: 1 at, 2 member, 3 marker ttl, 4 velocity cut, 5 velocity ttl, 6 near flag, 7 near cut, 8 near ttl,
//       9 day, 10 minor units, 11 first day kept, 12 average ttl, 13 debtor account, 14 beneficiary, 15 known cut, 16 known ttl
const RECORD = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local prevLast = redis.call('HGET', KEYS[6], ARGV[13]) or ''
local paidAt = redis.call('ZSCORE', KEYS[7], ARGV[14]) or ''
local known = redis.call('ZCOUNT', KEYS[7], ARGV[15], '+inf')
redis.call('SET', KEYS[1], prevLast .. '|' .. paidAt .. '|' .. known, 'PX', ARGV[3])
local function add(key, score, member, cut, ttl)
  redis.call('ZADD', key, score, member)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. cut)
  redis.call('PEXPIRE', key, ttl)
end
add(KEYS[2], ARGV[1], ARGV[2], ARGV[4], ARGV[5])
add(KEYS[3], ARGV[1], ARGV[2], ARGV[4], ARGV[5])
if ARGV[6] == '1' then add(KEYS[4], ARGV[1], ARGV[2], ARGV[7], ARGV[8]) end
local firstDay = tonumber(ARGV[11])
if tonumber(ARGV[9]) >= firstDay then
  redis.call('HINCRBY', KEYS[5], ARGV[9] .. ':s', ARGV[10])
  redis.call('HINCRBY', KEYS[5], ARGV[9] .. ':n', 1)
end
for _, f in ipairs(redis.call('HKEYS', KEYS[5])) do
  if tonumber(string.match(f, '^(%d+):')) < firstDay then redis.call('HDEL', KEYS[5], f) end
end
redis.call('PEXPIRE', KEYS[5], ARGV[12])
if prevLast == '' or tonumber(ARGV[1]) > tonumber(prevLast) then redis.call('HSET', KEYS[6], ARGV[13], ARGV[1]) end
redis.call('ZADD', KEYS[7], 'GT', ARGV[1], ARGV[14])
redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', '(' .. ARGV[15])
redis.call('PEXPIRE', KEYS[7], ARGV[16])
return 1
`;

/** `EUR:950000:E2E-1` → an event (the id may contain colons). */
function parseMember(member: string, atMs: number): WindowEvent {
  const a = member.indexOf(':');
  const b = member.indexOf(':', a + 1);
  return { currency: member.slice(0, a), minor: BigInt(member.slice(a + 1, b)), txId: member.slice(b + 1), atMs };
}

function events(withScores: string[], exceptTxId: string): WindowEvent[] {
  const out: WindowEvent[] = [];
  for (let i = 0; i < withScores.length; i += 2) {
    const e = parseMember(withScores[i]!, Number(withScores[i + 1]));
    if (e.txId !== exceptTxId) out.push(e);
  }
  return out;
}

const optionalNumber = (s: string | null | undefined) => (s ? Number(s) : undefined);

/**
 * The AML windows in Redis, shared by every worker, under `<keyPrefix>:aml:`. Per debtor account
 * and per beneficiary: the payments of the velocity window (sorted sets, scored by booking time,
 * trimmed on every write). Per customer: the payments in the structuring band, daily sums and
 * counts per currency for the average (hash of day buckets, old days dropped), the beneficiaries
 * paid with when (sorted set, trimmed). Per account: the last activity (one hash field per
 * account, kept: dormancy needs the old ones). Every key but the last-activity hash has a TTL.
 *
 * `record` changes them once per transaction id: one Lua script checks the id's marker and
 * updates everything, atomically, so a retried or concurrent second call changes nothing. The
 * marker keeps what the windows said before the transaction, so that evaluating it again
 * afterwards gives the same answer. For Redis Cluster the key prefix needs a hash tag.
 */
export class AmlWindows {
  private readonly base: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.base = `${keyPrefix}:aml`;
  }

  private keys(t: CheckedTransaction) {
    const b = this.base;
    return {
      marker: `${b}:tx:${t.id}`,
      debtorEvents: `${b}:vel:acct:${t.debtorAccount}`,
      beneficiaryEvents: `${b}:vel:benef:${t.beneficiaryIban}`,
      nearThreshold: `${b}:near:${t.customerKey}`,
      average: `${b}:avg:${t.amount.currency}:${t.customerKey}`,
      lastActivity: `${b}:last-activity`,
      payees: `${b}:payees:${t.customerKey}`,
    };
  }

  /** True when this call recorded the transaction; false when its id was recorded before. */
  async record(t: CheckedTransaction, cfg: ComplianceRulesConfig, nearThreshold: boolean): Promise<boolean> {
    const s = spans(cfg);
    const day = epochDay(t.atMs);
    const firstDay = day - s.averageDays + 1;
    const knownCut = addMonths(t.atMs, -s.knownForMonths);
    const args = [
      t.atMs,
      `${t.amount.currency}:${t.amount.toMinorUnits()}:${t.id}`,
      s.markerTtlMs,
      t.atMs - s.velocityMs,
      s.velocityMs + DAY_MS,
      nearThreshold ? '1' : '0',
      t.atMs - s.structuringMs,
      s.structuringMs + DAY_MS,
      day,
      t.amount.toMinorUnits().toString(),
      firstDay,
      (s.averageDays + 1) * DAY_MS,
      t.debtorAccount,
      t.beneficiaryIban,
      knownCut,
      t.atMs - knownCut + DAY_MS,
    ].map(String);
    const k = this.keys(t);
    const keys = [k.marker, k.debtorEvents, k.beneficiaryEvents, k.nearThreshold, k.average, k.lastActivity, k.payees];
    return (await this.redis.eval(RECORD, keys.length, ...keys, ...args)) === 1;
  }

  async read(t: CheckedTransaction, cfg: ComplianceRulesConfig): Promise<WindowSnapshot> {
    const s = spans(cfg);
    const k = this.keys(t);
    const knownCut = addMonths(t.atMs, -s.knownForMonths);
    const res = await this.redis
      .pipeline()
      .get(k.marker)
      .zrangebyscore(k.debtorEvents, `(${t.atMs - s.velocityMs}`, t.atMs, 'WITHSCORES')
      .zrangebyscore(k.beneficiaryEvents, `(${t.atMs - s.velocityMs}`, t.atMs, 'WITHSCORES')
      .zrangebyscore(k.nearThreshold, `(${t.atMs - s.structuringMs}`, t.atMs, 'WITHSCORES')
      .hgetall(k.average)
      .hget(k.lastActivity, t.debtorAccount)
      .zscore(k.payees, t.beneficiaryIban)
      .zcount(k.payees, knownCut, '+inf')
      .exec();
    const value = (i: number): unknown => {
      const [err, v] = res![i]!;
      if (err) throw err;
      return v;
    };
    const recorded = value(0) as string | null;
    const average = this.average(value(4) as Record<string, string>, t, s.averageDays, recorded !== null);
    let lastActivityMs = optionalNumber(value(5) as string | null);
    let beneficiaryLastPaidMs = optionalNumber(value(6) as string | null);
    let knownBeneficiaries = Number(value(7));
    if (recorded !== null) {
      // Recorded already (a retry after recordPosted): what the windows said before it.
      const [prevLast, paidAt, known] = recorded.split('|');
      lastActivityMs = optionalNumber(prevLast);
      beneficiaryLastPaidMs = optionalNumber(paidAt);
      knownBeneficiaries = Number(known);
    }
    if (beneficiaryLastPaidMs !== undefined && beneficiaryLastPaidMs < knownCut) beneficiaryLastPaidMs = undefined;
    return {
      alreadyRecorded: recorded !== null,
      debtorEvents: events(value(1) as string[], t.id),
      beneficiaryEvents: events(value(2) as string[], t.id),
      nearThreshold: events(value(3) as string[], t.id),
      average,
      lastActivityMs,
      beneficiaryLastPaidMs,
      knownBeneficiaries,
    };
  }

  /** Sums the day buckets of the window (the transaction's own day included), less the transaction itself when recorded. */
  private average(buckets: Record<string, string>, t: CheckedTransaction, days: number, recorded: boolean): WindowSnapshot['average'] {
    const today = epochDay(t.atMs);
    let count = 0n;
    let sumMinor = 0n;
    for (const [field, v] of Object.entries(buckets)) {
      const [day, kind] = field.split(':');
      const d = Number(day);
      if (d > today || d <= today - days) continue;
      if (kind === 's') sumMinor += BigInt(v);
      else count += BigInt(v);
    }
    if (recorded) {
      count -= 1n;
      sumMinor -= t.amount.toMinorUnits();
    }
    return { count, sumMinor };
  }
}
