/** The audit trail's hash chain: append, filters and pages, verification, tampering found, no fork under concurrent appenders, CSV. */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { AuditLog, entryHash, GENESIS_HASH, type AuditEntry } from '../../../queue/audit/audit-log.js';
import { auditCsv, csvCell } from '../../../queue/audit/audit-csv.js';
import { canonicalJson } from '../../../queue/audit/canonical-json.js';
import { createRedis } from '../../../queue/redis.js';

const redis = createRedis(inject('redisUrl'));
const others = [createRedis(inject('redisUrl')), createRedis(inject('redisUrl'))];
afterAll(async () => {
  for (const r of [redis, ...others]) await r.quit();
});

/** A fresh log under its own key prefix. */
function freshLog(now?: () => Date) {
  const prefix = `t${randomUUID().slice(0, 8)}:_`;
  return { log: new AuditLog(redis, prefix, now), prefix, entriesKey: `${prefix}:audit:entries` };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('the audit log', () => {
  it('chains each entry to the one before by SHA-256 and verifies the chain', async () => {
    const { log } = freshLog();
    const a = await log.append({ actor: 'ann', action: 'sign-in', details: { ip: '10.0.0.1' } });
    const b = await log.append({ actor: 'ann', action: 'dispatch', target: 'run-1', details: { bot: 'payment-batch', at: undefined } });
    expect(a).toMatchObject({ seq: 1, prev: GENESIS_HASH, target: null });
    expect(b.seq).toBe(2);
    expect(b.prev).toBe(a.hash);
    expect(b.details).toEqual({ bot: 'payment-batch' });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(b)).toBe(b.hash);
    expect(await log.get(2)).toEqual(b);
    expect(await log.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('names the first broken entry when an entry is changed directly in Redis', async () => {
    const { log, entriesKey } = freshLog();
    for (let i = 1; i <= 5; i++) await log.append({ actor: `user${i}`, action: 'retry', target: `item-${i}` });
    const third = JSON.parse((await redis.hget(entriesKey, '3'))!) as AuditEntry;
    await redis.hset(entriesKey, '3', JSON.stringify({ ...third, actor: 'mallory' }));
    expect(await log.verify()).toMatchObject({ ok: false, firstBroken: 3, reason: expect.stringMatching(/does not match its hash/) });

    // Changed and re-hashed: the next entry no longer follows it.
    const forged = { ...third, actor: 'mallory' };
    await redis.hset(entriesKey, '3', JSON.stringify({ ...forged, hash: entryHash(forged) }));
    expect(await log.verify()).toMatchObject({ ok: false, firstBroken: 4, reason: expect.stringMatching(/does not follow entry 3/) });
  });

  it('finds a removed entry, a removed tail and an entry added past the head', async () => {
    const removed = freshLog();
    for (let i = 0; i < 4; i++) await removed.log.append({ actor: 'a', action: 'x' });
    await redis.hdel(removed.entriesKey, '2');
    expect(await removed.log.verify()).toMatchObject({ ok: false, firstBroken: 2, reason: 'the entry is missing' });

    const tail = freshLog();
    for (let i = 0; i < 3; i++) await tail.log.append({ actor: 'a', action: 'x' });
    await redis.hdel(tail.entriesKey, '3');
    expect(await tail.log.verify()).toMatchObject({ ok: false, firstBroken: 3 });

    const extra = freshLog();
    const last = await extra.log.append({ actor: 'a', action: 'x' });
    const body = { seq: 2, at: last.at, actor: 'b', action: 'y', target: null, details: {}, prev: last.hash };
    await redis.hset(extra.entriesKey, '2', JSON.stringify({ ...body, hash: entryHash(body) }));
    expect(await extra.log.verify()).toMatchObject({ ok: false, firstBroken: 2, reason: expect.stringMatching(/beyond the chain's head/) });
  });

  it('never forks when several processes append at once', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:_`;
    const logs = [new AuditLog(redis, prefix), new AuditLog(others[0]!, prefix), new AuditLog(others[1]!, prefix)];
    const appended = await Promise.all(Array.from({ length: 90 }, (_, i) => logs[i % 3]!.append({ actor: `p${i % 3}`, action: 'dispatch', target: `item-${i}` })));
    expect(new Set(appended.map((e) => e.seq)).size).toBe(90);
    expect(Math.max(...appended.map((e) => e.seq))).toBe(90);
    expect(await logs[1]!.verify()).toEqual({ ok: true, entries: 90 });
  });

  it('keeps time from going backwards along the chain, and lists by actor, action, target and time, newest first, in pages', async () => {
    let t = Date.parse('2026-11-20T10:00:00Z');
    const { log } = freshLog(() => new Date(t));
    for (let i = 0; i < 30; i++) {
      t += 60_000;
      await log.append({ actor: i % 2 ? 'ann' : 'bob', action: i % 3 ? 'retry' : 'dispatch', target: `run-${i % 5}` });
    }
    t -= 3_600_000; // a clock that jumps back
    const late = await log.append({ actor: 'ann', action: 'pause' });
    expect(Date.parse(late.at)).toBe(Date.parse('2026-11-20T10:30:00Z'));

    const all = await log.list({ pageSize: 10 });
    expect(all).toMatchObject({ total: 31, pages: 4, page: 1 });
    expect(all.entries.map((e) => e.seq)).toEqual([31, 30, 29, 28, 27, 26, 25, 24, 23, 22]);
    expect((await log.list({ pageSize: 10, page: 4 })).entries.map((e) => e.seq)).toEqual([1]);

    const ann = await log.list({ actor: 'ann', pageSize: 100 });
    expect(ann.total).toBe(16);
    expect(ann.entries.every((e) => e.actor === 'ann')).toBe(true);

    const annRetries = await log.list({ actor: 'ann', action: 'retry', pageSize: 3, page: 2 });
    const expected = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 2 && i % 3).map((i) => i + 1).reverse();
    expect(annRetries.total).toBe(expected.length);
    expect(annRetries.entries.map((e) => e.seq)).toEqual(expected.slice(3, 6));

    const window = await log.list({ from: new Date('2026-11-20T10:05:00Z'), to: new Date('2026-11-20T10:09:59Z'), pageSize: 50 });
    expect(window.entries.map((e) => e.seq)).toEqual([9, 8, 7, 6, 5]);
    const windowed = await log.list({ target: 'run-0', from: new Date('2026-11-20T10:05:00Z'), to: new Date('2026-11-20T10:20:00Z') });
    expect(windowed.entries.map((e) => e.seq)).toEqual([16, 11, 6]);
    expect((await log.list({ from: new Date('2027-01-01') })).total).toBe(0);

    const exported = await collect(log.entries({ actor: 'ann', target: 'run-1' }));
    expect(exported.map((e) => e.seq)).toEqual([2, 12, 22]);
  });
});

describe('the CSV export', () => {
  it('quotes cells with commas, quotes and line breaks, and keeps formulas from running', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', ' =1']) expect(csvCell(f).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('writes a header and one row per entry, details as JSON', async () => {
    const { log } = freshLog();
    await log.append({ actor: '=cmd|" /C calc"!A0', action: 'comment', target: 'exc,1', details: { note: 'line 1\nline 2' } });
    const text = (await collect(auditCsv(log.entries()))).join('');
    const [header, row] = text.split('\r\n');
    expect(header).toBe('seq,at,actor,action,target,details,prev,hash');
    expect(row).toMatch(/^1,\d{4}-\d\d-\d\dT[^,]+,/);
    expect(row).toContain(`,"'=cmd|"" /C calc""!A0",comment,"exc,1","{""note"":""line 1\\nline 2""}",${'0'.repeat(64)},`);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined, so equal values hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 'é"' })).toBe(JSON.stringify({ x: 'é"' }));
  });
});
