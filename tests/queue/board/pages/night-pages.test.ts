/**
 * The Schedules and Nights pages over HTTP: every signed-in user sees the schedules and the plans'
 * starts; only operators pause, resume and start one now (audited); a night's page shows the timeline
 * against the deadline, each step with its state and reason, and the morning summary; a stopped step
 * is an exception in the inbox, linked to and from the night; an operator starts a stopped step again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownKeys } from '../../../../queue/keys.js';
import { PlanBook, watchNights } from '../../../../queue/plans/index.js';
import { WorkerHost } from '../../../../queue/worker-host.js';
import { testConfig, testRuntime } from '../../../helpers/runtime.js';
import { waitFor } from '../../../helpers/wait.js';
import { ledgerRun, tally, tallyItem, tallyRun } from '../../plans/tally.js';
import { boardUsers, usePagesBoard } from './fixture.js';

const users = await boardUsers();
const config = testConfig({
  board: { users },
  plans: [
    {
      name: 'night',
      when: 'every business day at 01:00',
      deadline: '05:00',
      steps: [
        { name: 'fetch', run: 'tally', params: { count: 3, failing: [1] } },
        { name: 'reconcile', run: 'tally', params: { count: 2 }, after: ['fetch'] },
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
const board = usePagesBoard({ over: () => rt });
const book = new PlanBook(rt.redis, ownKeys(rt.prefix));

describe('schedules and nights on the board', () => {
  it('lists the plan start, lets only operators pause and start it, and shows the night with its timeline, steps and morning summary', async () => {
    const viewer = await board.get('/schedules', 'viewer');
    expect(viewer.status).toBe(200);
    expect(viewer.text).toContain('the night of plan night');
    expect(viewer.text).toContain('every business day at 01:00');
    expect(viewer.text).not.toContain('Start now');
    expect((await board.get('/schedules', 'operator')).text).toContain('Start now');

    expect((await board.post('/schedules/night/pause', 'viewer')).status).toBe(403);
    expect((await board.post('/schedules/night/pause', 'handler')).status).toBe(403);
    expect((await board.post('/schedules/nope/pause', 'operator')).status).toBe(404);
    expect((await board.post('/schedules/night/pause', 'operator')).location).toBe('/schedules?done=paused');
    expect((await board.get('/schedules', 'viewer')).text).toMatch(/<strong>night<\/strong> <span class="badge warn">paused<\/span>/);
    expect((await board.post('/schedules/night/resume', 'operator')).location).toBe('/schedules?done=resumed');

    expect((await board.post('/schedules/night/trigger', 'viewer')).status).toBe(403);
    expect((await board.post('/schedules/night/trigger', 'operator')).location).toBe('/schedules?done=started');
    const [started] = await book.nights(1);
    const id = started!.night.id;
    const night = await waitFor(async () => {
      await watchNights(rt);
      const s = (await book.get(id))!;
      return s.night.endedAt && s;
    }, 'the night to end', 20_000);
    expect(night.steps.reconcile).toMatchObject({ state: 'stopped', reason: 'step fetch ended partial (1 exception waiting)' });

    const list = await board.get('/nights', 'viewer');
    expect(list.text).toContain(`/nights/${id}`);
    expect(list.text).toMatch(/fetch: partial/);
    const nightPage = await board.get(`/nights/${id}`, 'viewer');
    expect(nightPage.status).toBe(200);
    expect(nightPage.text).toContain('<svg');
    expect(nightPage.text).toMatch(/deadline \d\d:\d\d/);
    expect(nightPage.text).toContain('step fetch ended partial (1 exception waiting)');
    expect(nightPage.text).toContain('Morning summary');
    expect(nightPage.text).toMatch(/<strong>Items:<\/strong> 2 done · 1 exceptions/);
    expect(nightPage.text).toContain('Money by outcome');
    expect(nightPage.text).toContain('done EUR 23.00 in 2, exceptions EUR 11.50 in 1');
    expect(nightPage.text).not.toContain('Start again');
    expect((await board.get(`/nights/${id}`, 'operator')).text).toContain('Start again');
    expect((await board.get('/nights/pln-nope', 'viewer')).status).toBe(404);

    // The stopped step is an exception in the inbox, linked both ways; a handler may start the step from it.
    const excId = night.steps.reconcile!.exceptionId!;
    expect(nightPage.text).toContain(`/exceptions/${excId}`);
    expect((await board.get('/inbox', 'handler')).text).toContain(`/exceptions/${excId}`);
    const excPage = await board.get(`/exceptions/${excId}`, 'handler');
    expect(excPage.status).toBe(200);
    expect(excPage.text).toMatch(/Night night of \d{4}-\d\d-\d\d · step <strong>reconcile<\/strong> \(tally\) stopped/);
    expect(excPage.text).toContain(`href="/nights/${id}"`);
    expect(excPage.text).toContain('step reconcile was not started: step fetch ended partial (1 exception waiting)');
    expect(excPage.text).toContain('Start the step');
    expect((await board.get(`/exceptions/${excId}`, 'viewer')).text).not.toContain('Start the step');

    expect((await board.post(`/nights/${id}/steps/reconcile/restart`, 'viewer')).status).toBe(403);
    expect((await board.post(`/nights/${id}/steps/fetch/restart`, 'operator')).status).toBe(409);
    expect((await board.post(`/nights/${id}/steps/reconcile/restart`, 'operator')).location).toBe(`/nights/${id}?done=restarted`);
    expect(await rt.exceptions.get(excId)).toMatchObject({ status: 'resumed', decision: { by: 'operator' } });
    const audit = (await board.audit.list({ page: 1, pageSize: 100 })).entries.map((e) => `${e.actor} ${e.action} ${e.target ?? ''}`);
    expect(audit).toEqual(expect.arrayContaining(['operator schedule-paused night', 'operator schedule-resumed night', 'operator schedule-triggered night', `operator plan-step-restarted ${id}`]));
  });
});
