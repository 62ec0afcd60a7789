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
import { forecastNight, PlanBook, resolvePlans, restartStep, startNight, watchNights, type MorningSummary, type NightState } from '../../../queue/plans/index.js';
import { WorkerHost } from '../../../queue/worker-host.js';
import { dispatchItem } from '../../../queue/dispatch.js';
import { decideException } from '../../../queue/decisions.js';
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
/** The night once `done` holds, moving it on (as a worker's watch does) while it waits. */
const nightWhen = (id: string, done: (s: NightState) => boolean, what: string) =>
  waitFor(async () => {
    await watchNights(rt);
    const s = (await book.get(id))!;
    return done(s) && s;
  }, what, 20_000);

describe('a night', () => {
  it('runs its steps in order, stops what waits for a step with an exception, fails a step whose file is missing, and starts it again once the file is there', async () => {
    const plannedAt = Date.parse('2027-02-09T00:00:00Z'); // Tuesday 9 February 2027, 01:00 in Luxembourg
    const { night, created } = await startNight(rt, plan!, plannedAt, 'tick');
    expect(created).toBe(true);
    expect(night).toMatchObject({ day: '2027-02-09', deadlineAt: Date.parse('2027-02-09T04:00:00Z') });
    expect((await startNight(rt, plan!, plannedAt, 'catch-up')).created).toBe(false);

    const settled = await nightWhen(night.id, (s) => ['reconcile', 'submit', 'returns', 'report', 'ledger'].every((k) => ['succeeded', 'partial', 'failed', 'stopped'].includes(s.steps[k]?.state ?? '')), 'the night to settle');
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
    // Money by outcome, from each item's amount (fetch's item 5 has none that can be read).
    expect(summary.byWork).toEqual([
      {
        bot: 'tally-item', done: 12, exception: 1, rejected: 0, cancelled: 0, open: 0,
        money: [{ outcome: 'done', currency: 'EUR', amount: '133.50', count: 11 }, { outcome: 'exception', currency: 'EUR', amount: '13.50', count: 1 }],
        moneyUnread: 1,
      },
    ]);
    // The reconcile item's exception, and one per step that did not run (two stopped, one failed).
    expect(summary.exceptionsWaiting).toMatchObject({ total: 4, underHalfSla: 4, overSla: 0, steps: 3 });
    const stepExceptions = await rt.exceptions.list({ status: 'open', runId: night.id });
    expect(stepExceptions.map((e) => [e.bot, e.type, e.error.name, e.reason]).sort()).toEqual([
      ['plan-step', 'system', 'PlanStepFailed', expect.stringMatching(/^Night night of 2027-02-09: step ledger failed: .*ledger-2027-02-09\.csv is not there/)],
      ['plan-step', 'system', 'PlanStepStopped', 'Night night of 2027-02-09: step returns was not started: step submit did not run'],
      ['plan-step', 'system', 'PlanStepStopped', 'Night night of 2027-02-09: step submit was not started: step reconcile ended partial (1 exception waiting)'],
    ]);
    expect(settled.steps.submit?.exceptionId).toBe(stepExceptions.find((e) => e.reason.includes('step submit was'))!.id);
    expect(summary.steps[0]!.result).toMatchObject({ counts: { items: 6 } });
    const feed = await new AlertFeed(rt.redis, ownKeys(rt.prefix), 1000).latest(50);
    const types = feed.map((f) => f.alert.type);
    expect(types.filter((t) => t === 'morning-summary')).toHaveLength(1);
    expect(types.filter((t) => t === 'plan-step-stopped')).toHaveLength(2);
    expect(types).toContain('plan-step-failed');
    const mail = feed.find((f) => f.alert.type === 'morning-summary')!.alert;
    expect(mail.text).toContain('Night night of 2027-02-09');
    expect(mail.text).toContain('- submit (tally): stopped');
    expect(mail.text).toContain('3 of them are steps of this night that did not run');
    expect(mail.text).toContain('- tally-item: 12 done, 1 exceptions; done EUR 133.50 in 11, exceptions EUR 13.50 in 1 (1 without an amount read)');

    // The file comes; the operator starts the step again; the night ends again with it.
    await writeFile(path.join(dir, 'ledger-2027-02-09.csv'), 'a\nb\nc\n');
    await expect(restartStep(rt, night.id, 'ledger', { username: 'hugo', roles: ['viewer'] })).rejects.toThrow(/needs the role operator/);
    await restartStep(rt, night.id, 'ledger', { username: 'ops.anna', roles: ['operator'] });
    // Its exception is settled by the start.
    const ledgerException = await rt.exceptions.get(settled.steps.ledger!.exceptionId!);
    expect(ledgerException).toMatchObject({ status: 'resumed', decision: { decision: 'resume', by: 'ops.anna' } });
    const again = await nightWhen(night.id, (s) => !!s.night.endedAt && s.steps.ledger?.state === 'succeeded', 'the ledger step to run');
    expect(again.steps.ledger).toMatchObject({ state: 'succeeded', items: 3 });
    const after = (await book.summary<MorningSummary>(night.id))!;
    expect(after.totals.done).toBe(15);
    expect((await rt.audit.list({})).entries.map((e) => e.action)).toContain('plan-step-restarted');
    await expect(restartStep(rt, night.id, 'fetch', { username: 'ops.anna', roles: ['operator'] })).rejects.toThrow(/only a failed or stopped step starts again/);

    // A handler resumes the stopped step's exception in the inbox: submit and returns (stopped after it) run, their exceptions closed.
    const submitException = settled.steps.submit!.exceptionId!;
    await expect(restartStep(rt, night.id, 'returns', { username: 'ops.anna', roles: ['operator'] })).rejects.toThrow(/waits for submit, which has not run/);
    await expect(decideException(rt, submitException, 'resume', { username: 'viewer.vic', roles: ['viewer'] })).rejects.toThrow(/needs the role/);
    await decideException(rt, submitException, 'resume', { username: 'hana', roles: ['handler'] }, { note: 'reconcile break worked', via: 'board' });
    const resumed = await nightWhen(night.id, (s) => !!s.night.endedAt && s.steps.returns?.state === 'succeeded', 'the stopped steps to run');
    expect(resumed.steps.submit).toMatchObject({ state: 'succeeded', items: 4 });
    expect(resumed.steps.returns).toMatchObject({ state: 'succeeded', items: 3 });
    expect(await rt.exceptions.list({ status: 'open', runId: night.id })).toEqual([]);
    expect(await rt.exceptions.get(resumed.steps.returns!.exceptionId ?? settled.steps.returns!.exceptionId!)).toMatchObject({ status: 'resumed', decision: { by: 'hana', note: 'started again with step submit by hana' } });
    expect((await book.summary<MorningSummary>(night.id))!.totals.done).toBe(22);
    const decisions = (await rt.audit.list({})).entries.filter((e) => e.action === 'decision' && e.target === `exception:${submitException}`);
    expect(decisions).toHaveLength(1);
    // Decided: a second decision is refused, and the step is not started twice.
    await expect(decideException(rt, submitException, 'resume', { username: 'hana', roles: ['handler'] })).rejects.toThrow();
  });

  it('a step left out by a handler stays out: reject closes its exception and starts nothing', async () => {
    const plannedAt = Date.parse('2027-02-10T00:00:00Z');
    const { night } = await startNight(rt, plan!, plannedAt, 'tick');
    const settled = await nightWhen(night.id, (s) => !!s.night.endedAt, 'the night to end');
    expect(settled.steps.submit?.state).toBe('stopped');
    const id = settled.steps.submit!.exceptionId!;
    await decideException(rt, id, 'reject', { username: 'hana', roles: ['handler'] }, { note: 'submitted by hand' });
    await watchNights(rt);
    const after = (await book.get(night.id))!;
    expect(after.steps.submit).toMatchObject({ state: 'stopped' });
    expect(after.night.endedAt).toBe(settled.night.endedAt);
    expect(await rt.exceptions.get(id)).toMatchObject({ status: 'rejected', decision: { decision: 'reject', by: 'hana', note: 'submitted by hand' } });
  });

  it('forecasts from the rate measured, and a night past its deadline raises plan-late once, naming the queue', async () => {
    // Started now with a deadline a minute away, while the workers do nothing for the tally's items: all 6 wait.
    await host.shutdown();
    // Submit and returns as on a night before they ever ran (the first test ran them in the end).
    await rt.redis.hdel(`${ownKeys(rt.prefix)}plan:night:measured`, 'submit', 'returns');
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
