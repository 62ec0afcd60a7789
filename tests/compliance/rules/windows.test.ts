import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { AmlRules } from '../../../compliance/rules/engine.js';
import { complianceRules } from '../../../config/compliance-rules.js';
import { testRedis } from '../alerts/redis.js';
import { at, DAY, DEBTOR, history, HOUR, tx } from './helpers.js';

// This file's own connections (the helpers' one is rules.test.ts's, which closes it).
const { redis, keyPrefix } = testRedis();
const second = new Redis(inject('redisUrl')); // another worker's connection
afterAll(async () => {
  await second.quit();
  await redis.quit();
});

let n = 0;
function pair(config: Record<string, unknown> = {}) {
  const prefix = `${keyPrefix}w${++n}`;
  const cfg = complianceRules.parse(config);
  return { a: new AmlRules(redis, prefix, cfg), b: new AmlRules(second, prefix, cfg), prefix };
}

/** Everything the windows hold under a prefix, for comparing before and after. */
async function dump(prefix: string): Promise<Record<string, unknown>> {
  const keys = (await redis.keys(`${prefix}:aml:*`)).filter((k) => !k.includes(':aml:tx:')).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const type = await redis.type(k);
    out[k] = type === 'zset' ? await redis.zrange(k, 0, -1, 'WITHSCORES') : await redis.hgetall(k);
  }
  return out;
}

describe('AML windows: exactly once per transaction id', () => {
  it('a retried recordPosted changes nothing', async () => {
    const { a, prefix } = pair();
    const t = tx('9500.00');
    expect(await a.recordPosted(t)).toBe(true);
    const once = await dump(prefix);
    expect(await a.recordPosted(t)).toBe(false);
    expect(await a.recordPosted({ ...t })).toBe(false);
    expect(await dump(prefix)).toEqual(once);
    // The average holds one payment of 9,500.00 (minor units, exact).
    const avg = Object.entries(once).find(([k]) => k.includes(':avg:EUR:c:C-1'))![1] as Record<string, string>;
    expect(Object.values(avg).sort()).toEqual(['1', '950000']);
  });

  it('concurrent double calls from two workers: exactly one records', async () => {
    const { a, b, prefix } = pair();
    const list = Array.from({ length: 20 }, (_, i) => tx('9500.00', { at: at(-i * HOUR) }));
    const results = await Promise.all(list.flatMap((t) => [a.recordPosted(t), b.recordPosted(t), a.recordPosted(t), b.recordPosted({ ...t })]));
    expect(results.filter(Boolean)).toHaveLength(20);
    const twice = await dump(prefix);
    const { a: single, prefix: singlePrefix } = pair();
    await history(single, list);
    const rename = (d: Record<string, unknown>, from: string) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k.replace(from, 'P'), v]));
    expect(rename(twice, prefix)).toEqual(rename(await dump(singlePrefix), singlePrefix));
  });

  it('evaluating a transaction again after it was recorded gives the same answer (a retry after posting never holds it for its own history)', async () => {
    const { a, b } = pair();
    await history(a, [
      tx('9500.00', { at: at(-3 * DAY) }),
      tx('9800.00', { at: at(-2 * DAY), beneficiaryIban: 'FR1420041010050500013M02606' }),
      ...Array.from({ length: 5 }, (_, i) => tx('1000.00', { at: at(-(10 + i) * DAY) })),
      tx('100.00', { at: at(-200 * DAY), debtorAccount: 'NL91ABNA0417164300', debtorCustomerId: 'C-2' }),
    ]);
    const cases = [
      tx('9600.00', { beneficiaryIban: 'NL91ABNA0417164300', beneficiaryName: 'NEW CO BV' }), // structuring, new beneficiary
      tx('9000.00', { debtorAccount: 'NL91ABNA0417164300', debtorCustomerId: 'C-2' }), // dormant
    ];
    for (const t of cases) {
      const before = await a.evaluateRules(t);
      expect(before.hits.length).toBeGreaterThan(0);
      await a.recordPosted(t);
      const after = await b.evaluateRules(t);
      expect(after.alreadyRecorded).toBe(true);
      expect({ ...after, alreadyRecorded: false }).toEqual(before);
    }
    expect((await a.evaluateRules(cases[0]!)).hits.map((h) => h.rule)).toEqual(['aml:structuring', 'aml:new-beneficiary']);
    // The next payment does see the recorded one.
    const next = await a.evaluateRules(tx('9700.00', { at: at(HOUR) }));
    expect(next.hits.find((h) => h.rule === 'aml:structuring')!.explanation).toMatch(/^4 payments/);
  });

  it('memory stays bounded: old events are trimmed, day buckets dropped, every window key has a TTL', async () => {
    const { a, prefix } = pair();
    await history(a, [tx('9500.00', { at: at(-40 * DAY) }), tx('9600.00', { at: at(-10 * DAY) }), tx('100.00', { at: at(-2 * DAY) })]);
    await a.recordPosted(tx('9700.00'));
    const k = (s: string) => `${prefix}:aml:${s}`;
    expect(await redis.zcard(k(`vel:acct:${DEBTOR}`))).toBe(1); // only the last 24 hours
    expect(await redis.zcard(k('near:c:C-1'))).toBe(1); // only the last 7 days
    // Day buckets (days since 1970, UTC) of the last 30 days only: the payment 40 days back is gone.
    const days = [-10, -2, 0].map((d) => Math.floor(at(d * DAY).getTime() / DAY));
    expect((await redis.hkeys(k('avg:EUR:c:C-1'))).sort()).toEqual(days.flatMap((d) => [`${d}:n`, `${d}:s`]).sort());
    for (const key of await redis.keys(`${prefix}:aml:*`)) {
      const ttl = await redis.pttl(key);
      if (key.endsWith(':last-activity')) expect(ttl).toBe(-1); // one field per account, kept for dormancy
      else expect(ttl).toBeGreaterThan(0);
    }
    expect(await redis.pttl(k('tx:E2E-1'))).toBeLessThanOrEqual((30 + 2) * DAY);
  });
});
