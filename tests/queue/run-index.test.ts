/** The item index's run views: counts by status, active runs, paging by status, status history, hourly outcomes, prefix search, run labels. */
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBot } from '../../bots/kit/define-bot.js';
import { ItemLogs, recordingLogger } from '../../queue/item-logs.js';
import { createLogger } from '../../logging/logger.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { LogCapture, testRuntime } from '../helpers/runtime.js';

const noop = defineBot({ name: 'noop', input: z.object({ k: z.string() }), key: (i) => i.k, run: async () => null });
const rt = testRuntime({ bots: [noop] });
afterAll(() => rt.close());

const items = rt.items;
const runs = rt.runIndex;
const reg = (itemId: string, runId: string, businessKey = itemId) => items.register({ itemId, bot: 'noop', businessKey, runId });

describe('runs in the item index', () => {
  it('counts a run\'s items by status, keeps the run active until every item has an outcome, and pages its items by status', async () => {
    for (const id of ['a1', 'a2', 'a3']) expect(await reg(id, 'run-a')).toBe(true);
    expect(await reg('a1', 'run-a')).toBe(false);
    expect(await runs.runCounts('run-a')).toEqual({ total: 3, queued: 3 });
    expect((await runs.pageRuns({ active: true })).rows.map((r) => r.runId)).toContain('run-a');

    await items.setStatus('a1', 'done');
    await items.setStatus('a2', 'retrying', { note: 'timeout' });
    await items.setStatus('a2', 'exception', { note: 'bad IBAN', exceptionId: 'exc-1' });
    expect(await runs.runCounts('run-a')).toEqual({ total: 3, queued: 1, done: 1, exception: 1 });
    expect((await runs.pageByRun('run-a', { status: 'exception' })).rows.map((i) => i.itemId)).toEqual(['a2']);
    expect(await runs.pageByRun('run-a', { status: 'queued' })).toMatchObject({ total: 1, rows: [{ itemId: 'a3' }] });
    const page = await runs.pageByRun('run-a', { offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(page.rows.map((i) => i.itemId)).toEqual(['a2']);

    await items.setStatus('a3', 'cancelled');
    expect((await runs.pageRuns({ active: true })).rows.map((r) => r.runId)).not.toContain('run-a');
    // A resumed item makes its run active again.
    await items.setStatus('a2', 'queued', { note: 'resumed by dave' });
    expect((await runs.pageRuns({ active: true })).rows.map((r) => r.runId)).toContain('run-a');
    expect(await runs.runCounts('run-a')).toEqual({ total: 3, queued: 1, done: 1, cancelled: 1 });

    expect((await items.history('a2')).map((h) => [h.status, h.note])).toEqual([
      ['queued', 'resumed by dave'],
      ['exception', 'bad IBAN'],
      ['retrying', 'timeout'],
      ['queued', 'dispatched in run run-a'],
    ]);
    expect(await items.get('a2')).toMatchObject({ status: 'queued', exceptionId: 'exc-1', note: 'resumed by dave' });
    // Straight from queued to done, nothing is written to the history list: it is told by the item's own times.
    expect(await rt.redis.exists(items.historyKey('a1'))).toBe(0);
    const a1 = (await items.get('a1'))!;
    expect(await items.history('a1')).toEqual([
      { at: a1.updatedAt, status: 'done' },
      { at: a1.createdAt, status: 'queued', note: 'dispatched in run run-a' },
    ]);
  });

  it('counts a status a worker set before the item was registered (a job that ran at once)', async () => {
    await items.setStatus('b1', 'done');
    await reg('b1', 'run-b');
    await reg('b2', 'run-b');
    expect(await runs.runCounts('run-b')).toEqual({ total: 2, done: 1, queued: 1 });
    expect((await runs.pageByRun('run-b', { status: 'done' })).rows.map((i) => i.itemId)).toEqual(['b1']);
  });

  it('counts outcomes per hour, once per change', async () => {
    const before = (await items.hourly(1))[0]!;
    await reg('c1', 'run-c');
    await reg('c2', 'run-c');
    await items.setStatus('c1', 'done');
    await items.setStatus('c1', 'done'); // no change: not counted again
    await items.setStatus('c2', 'exception');
    await items.setStatus('c2', 'rejected');
    const after = (await items.hourly(1))[0]!;
    expect([after.done - before.done, after.exception - before.exception, after.rejected - before.rejected]).toEqual([1, 1, 1]);
    const day = await items.hourly(24);
    expect(day).toHaveLength(24);
    expect(day[23]!.hour).toBe(Math.floor(Date.now() / 3_600_000));
    expect(await rt.redis.ttl(items.hourKey(day[23]!.hour))).toBeGreaterThan(2 * 24 * 3600);
  });

  it('finds items by the start of their business key, case-insensitively, across bots', async () => {
    await items.register({ itemId: 'p1', bot: 'noop', businessKey: 'E2E/2026/0001', runId: 'run-p' });
    await items.register({ itemId: 'p2', bot: 'other', businessKey: 'e2e/2026/0002', runId: 'run-p' });
    await items.register({ itemId: 'p3', bot: 'noop', businessKey: 'E2F-9', runId: 'run-p' });
    await items.register({ itemId: 'p4', bot: 'noop', businessKey: 'E2E/2026/ÄÖ', runId: 'run-p' });
    expect((await items.searchByPrefix('e2e/2026/')).map((i) => i.itemId).sort()).toEqual(['p1', 'p2', 'p4']);
    expect((await items.searchByPrefix('E2E/2026/000', 1)).map((i) => i.itemId)).toEqual(['p1']);
    expect(await items.searchByPrefix('')).toEqual([]);
  });

  it('labels a run with its bot and first label, and knows when a delayed one may start', async () => {
    const d = await dispatchItem(rt, 'noop', { k: 'late-1' }, { runId: 'run-late', delayMs: 60_000, priority: 5 });
    await dispatchItem(rt, 'noop', { k: 'late-2' }, { runId: 'run-late' });
    const [meta] = await runs.runMetas(['run-late']);
    expect(meta).toMatchObject({ bot: 'noop', label: 'late-1' });
    expect(meta!.notBefore! - Date.now()).toBeGreaterThan(50_000);
    const job = (await rt.queue('noop').getJob(d.itemId))!;
    expect(job.opts).toMatchObject({ priority: 5, delay: 60_000 });
    expect(await job.getState()).toBe('delayed');
  });
});

describe('status changes of items finishing together', () => {
  it('go to Redis in one script call, in the order they were asked for, and each promise settles once its change is stored', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `t${i}`);
    for (const id of ids) await reg(id, 'run-t');
    const calls: number[] = [];
    const redis = rt.redis as unknown as { evalsha: (...a: unknown[]) => Promise<unknown> };
    const original = redis.evalsha.bind(rt.redis);
    redis.evalsha = (...a: unknown[]) => {
      calls.push(a.length);
      return original(...a);
    };
    try {
      // the same turn of the event loop: retrying then done for every item, 500 changes
      await Promise.all(ids.flatMap((id) => [items.setStatus(id, 'retrying', { note: 'first try failed' }), items.setStatus(id, 'done')]));
    } finally {
      redis.evalsha = original;
    }
    expect(calls.length).toBe(5); // at most 100 changes a call
    expect(await runs.runCounts('run-t')).toEqual({ total: 250, done: 250 });
    expect((await items.history('t7')).map((h) => h.status)).toEqual(expect.arrayContaining(['retrying', 'done']));
  });
});

describe('per-item log lines', () => {
  it('keeps what an item\'s logger writes at enabled levels, masked and bounded', async () => {
    const capture = new LogCapture();
    const lines: Record<string, unknown>[] = [];
    const log = recordingLogger(createLogger({ level: 'info', destination: capture.stream }).child({ itemId: 'x' }), (l) => lines.push(l));
    log.debug('not kept: below the level');
    log.info({ iban: 'DE89370400440532013000', n: 1 }, 'read the account');
    log.child({ step: 2 }).warn(new Error('slow page'));
    expect(capture.records.map((r) => r.msg)).toEqual(['read the account', 'slow page']);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'read the account'],
      ['warn', 'slow page'],
    ]);
    const logs = new ItemLogs(rt.redis, `${rt.prefix}:_`, 3);
    await logs.append('x', lines as never);
    await logs.append('x', [{ time: 1, level: 'info', msg: 'three' }, { time: 2, level: 'info', msg: 'four' }]);
    const kept = await logs.tail('x');
    expect(kept.map((l) => l.msg)).toEqual(['slow page', 'three', 'four']);
    expect(JSON.stringify(await logs.tail('x', 10))).not.toContain('0532013000');
    const first = new ItemLogs(rt.redis, `${rt.prefix}:_`);
    await first.append('y', lines as never);
    expect((await first.tail('y'))[0]).toMatchObject({ level: 'info', msg: 'read the account', n: 1, iban: expect.stringMatching(/^DE\*+3000$|^DE.*3000$/) });
  });
});
