/**
 * A night as a plan, with real workers on a real Redis: steps start when the steps they wait for have
 * ended; a step whose step before left an exception is stopped with the reason, unless it runs after
 * any end; a step whose file is not there fails, and starts again once it is; the night ends with a
 * morning summary (kept, and sent through the alert sinks) whose counts are the items'. The forecast
 * rests on the rates measured, and a night forecast past its deadline raises `plan-late` once, naming
 * the queue that needs workers. A target in a maintenance window holds its items without an attempt.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zonedParts } from '../../../banking/index.js';
import { ledgerRun, tally, tallyItem, tallyRun } from './tally.js';
import { defineBot } from '../../../bots/kit/index.js';
import { AlertFeed } from '../../../compliance/alerts/index.js';
import { ownKeys } from '../../../queue/keys.js';
import { forecastNight, PlanBook, resolvePlans, restartStep, startNight, watchNights, type MorningSummary } from '../../../queue/plans/index.js';
import { WorkerHost } from '../../../queue/worker-host.js';
import { dispatchItem } from '../../../queue/dispatch.js';
import { testConfig, testRuntime } from '../../helpers/runtime.js';
import { waitFor } from '../../helpers/wait.js';

const dir = await mkdtemp(path.join(tmpdir(), 'rpa-plan-'));
const config = testConfig({
  worker: { planCheckMs: 200 },
  plans: [
    {
      name: 'night',
      when: 'every business day at 01:00',
      timeZone: 'Europe/Luxembourg',
      deadline: '05:00',
      steps: [
        { name: 'fetch', run: 'tally', params: { count: 6 } },
        { name: 'reconcile', run: 'tally', params: { count: 5, failing: [3] }, after: ['fetch'] },
        { name: 'submit', run: 'tally', params: { count: 4 }, after: ['reconcile'] },
        { name: 'returns', run: 'tally', params: { count: 3 }, after: ['submit'] },
        { name: 'report', run: 'tally', params: { count: 2 }, after: ['reconcile'], needs: 'end' },
        { name: 'ledger', run: 'ledger-lines', params: { file: path.join(dir, 'ledger-{day}.csv') }, after: ['fetch'] },
      ],
    },
  ],
});
const rt = testRuntime({ bots: [tallyItem, tally], config, runs: [tallyRun, ledgerRun] });
const host = new WorkerHost(rt);
beforeAll(() => host.start());
afterAll(async () => {
  await host.shutdown();
  await rt.close();
});
const [plan] = resolvePlans(config);
const book = new PlanBook(rt.redis, ownKeys(rt.prefix));

describe('a night', () => {
  it('runs its steps in order, stops what waits for a step with an exception, fails a step whose file is missing, and starts it again once the file is there', async () => {
    const plannedAt = Date.parse('2027-02-09T00:00:00Z'); // Tuesday 9 February 2027, 01:00 in Luxembourg
    const { night, created } = await startNight(rt, plan!, plannedAt, 'tick');
    expect(created).toBe(true);
    expect(night).toMatchObject({ day: '2027-02-09', deadlineAt: Date.parse('2027-02-09T04:00:00Z') });
    expect((await startNight(rt, plan!, plannedAt, 'catch-up')).created).toBe(false);

    const settled = await waitFor(async () => {
      await watchNights(rt);
      const s = (await book.get(night.id))!;
      return ['reconcile', 'submit', 'returns', 'report', 'ledger'].every((k) => ['succeeded', 'partial', 'failed', 'stopped'].includes(s.steps[k]?.state ?? '')) && s;
    }, 'the night to settle', 20_000);
    expect(settled.steps.fetch).toMatchObject({ state: 'succeeded', items: 6 });
    expect(settled.steps.reconcile).toMatchObject({ state: 'partial', reason: '1 exception waiting' });
    expect(settled.steps.submit).toMatchObject({ state: 'stopped', reason: 'step reconcile ended partial (1 exception waiting)' });
    expect(settled.steps.returns).toMatchObject({ state: 'stopped', reason: 'step submit did not run' });
    expect(settled.steps.report).toMatchObject({ state: 'succeeded', items: 2 });
    expect(settled.steps.ledger?.state).toBe('failed');
    expect(settled.steps.ledger?.reason).toContain(`${path.join(dir, 'ledger-2027-02-09.csv')} is not there`);
    expect(settled.night.endedAt).toBeTypeOf('number');

    // Each step's run is its own, once: the items of the night, by step.
    const summary = (await book.summary<MorningSummary>(night.id))!;
    expect(summary.steps.map((s) => [s.name, s.state, s.counts.done, s.counts.exception])).toEqual([
      ['fetch', 'succeeded', 6, 0],
      ['reconcile', 'partial', 4, 1],
      ['submit', 'stopped', 0, 0],
      ['returns', 'stopped', 0, 0],
      ['report', 'succeeded', 2, 0],
      ['ledger', 'failed', 0, 0],
    ]);
    expect(summary.totals).toEqual({ done: 12, exception: 1, rejected: 0, cancelled: 0, open: 0 });
    expect(summary.byWork).toEqual([{ bot: 'tally-item', done: 12, exception: 1, rejected: 0, cancelled: 0, open: 0 }]);
    expect(summary.exceptionsWaiting).toMatchObject({ total: 1, underHalfSla: 1, overSla: 0 });
    expect(summary.steps[0]!.result).toMatchObject({ counts: { items: 6 } });
    const feed = await new AlertFeed(rt.redis, ownKeys(rt.prefix), 1000).latest(50);
    const types = feed.map((f) => f.alert.type);
    expect(types.filter((t) => t === 'morning-summary')).toHaveLength(1);
    expect(types.filter((t) => t === 'plan-step-stopped')).toHaveLength(2);
    expect(types).toContain('plan-step-failed');
    const mail = feed.find((f) => f.alert.type === 'morning-summary')!.alert;
    expect(mail.text).toContain('Night night of 2027-02-09');
    expect(mail.text).toContain('- submit (tally): stopped');

    // The file comes; the operator starts the step again; the night ends again with it.
    await writeFile(path.join(dir, 'ledger-2027-02-09.csv'), 'a\nb\nc\n');
    await expect(restartStep(rt, night.id, 'ledger', { username: 'hugo', roles: ['viewer'] })).rejects.toThrow(/needs the role operator/);
    await restartStep(rt, night.id, 'ledger', { username: 'ops.anna', roles: ['operator'] });
    const again = await waitFor(async () => {
      await watchNights(rt);
      const s = (await book.get(night.id))!;
      return s.night.endedAt && s.steps.ledger?.state === 'succeeded' && s;
    }, 'the ledger step to run', 20_000);
    expect(again.steps.ledger).toMatchObject({ state: 'succeeded', items: 3 });
    const after = (await book.summary<MorningSummary>(night.id))!;
    expect(after.totals.done).toBe(15);
    expect((await rt.audit.list({})).entries.map((e) => e.action)).toContain('plan-step-restarted');
    await expect(restartStep(rt, night.id, 'fetch', { username: 'ops.anna', roles: ['operator'] })).rejects.toThrow(/only a failed or stopped step starts again/);
  });

  it('forecasts from the rate measured, and a night past its deadline raises plan-late once, naming the queue', async () => {
    // Started now with a deadline a minute away, while the workers do nothing for the tally's items: all 6 wait.
    await host.shutdown();
    const now = Date.now();
    const { night } = await startNight(rt, plan!, now - 60_000, 'trigger', now);
    const state = (await book.get(night.id))!;
    expect(state.steps.fetch).toMatchObject({ state: 'running', items: 6 });
    // No item has ended yet: the forecast rests on what the first night measured for the step.
    const f = await forecastNight(rt, plan!, state, now);
    expect(f.steps[0]).toMatchObject({ step: 'fetch', basis: 'last-night', queue: 'tally-item', left: 6 });
    expect(f.steps.find((s) => s.step === 'submit')?.basis).toBe('none');
    expect(f.unknown).toEqual(['submit', 'returns']);
    // Half the items ended in a minute: 3 left at 3/min.
    const items = (await rt.runIndex.listByRun(state.steps.fetch!.runId!)).filter((i) => i.bot === 'tally-item').slice(0, 3);
    for (const i of items) await rt.items.setStatus(i.itemId, 'done');
    const measured = await forecastNight(rt, plan!, { ...state, steps: { ...state.steps, fetch: { ...state.steps.fetch!, startedAt: now - 60_000 } } }, now);
    expect(measured.steps[0]).toMatchObject({ basis: 'measured', left: 3, perMinute: 3 });
    expect(measured.steps[0]!.finishAt).toBe(now + 60_000);

    const late = { ...state, night: { ...state.night, deadlineAt: now - 1 } };
    await book.setStep(night.id, 'fetch', { ...state.steps.fetch!, startedAt: now - 60_000 });
    await rt.redis.hset(`${ownKeys(rt.prefix)}plan-night:${night.id}`, 'night', JSON.stringify(late.night));
    await watchNights(rt, now);
    await watchNights(rt, now + 1_000);
    const alerts = (await new AlertFeed(rt.redis, ownKeys(rt.prefix), 1000).latest(100)).filter((a) => a.alert.type === 'plan-late' && a.alert.facts.night === night.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert.text).toMatch(/Step fetch, queue tally-item: 3 items left at 3\/min/);
  });
});

describe('a target in maintenance', () => {
  it('holds its items without an attempt until the window ends', async () => {
    const { date: _d, minutes } = zonedParts('Europe/Luxembourg', new Date());
    const hhmm = (m: number) => `${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const window = `${hhmm(minutes)}-${hhmm(minutes + 2)}`;
    const mConfig = testConfig({ banking: { timeZone: 'Europe/Luxembourg' }, targets: { 'legacy-bank': { maintenance: [window] } } });
    const onTarget = defineBot({ name: 'on-target', input: z.object({ n: z.number() }), key: (i) => String(i.n), target: 'legacy-bank', run: async () => 'ran' });
    const mrt = testRuntime({ bots: [onTarget], config: mConfig });
    const mhost = new WorkerHost(mrt);
    await mhost.start();
    try {
      const d = await dispatchItem(mrt, 'on-target', { n: 1 }, { runId: 'maint' });
      const item = await waitFor(async () => {
        const i = await mrt.items.get(d.itemId);
        return i?.status === 'waiting-target' && i;
      }, 'the item to wait');
      expect(item.note).toMatch(/legacy-bank in maintenance until/);
      const job = (await mrt.queue('on-target').getJob(d.itemId))!;
      expect(job.attemptsMade).toBe(0);
      expect(await job.getState()).toBe('delayed');
      expect(job.delay + job.timestamp).toBeGreaterThan(Date.now());
    } finally {
      await mhost.shutdown();
      await mrt.close();
    }
  });
});
