/**
 * A schedule's start as a run: the statements of the business day before the start, one
 * statement-fetch item per account; the same planned start delivered again starts nothing more; a
 * schedule naming a run that takes files is refused with what to do; the schedule host syncs the
 * schedulers and takes ticks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { statementFetch, statementsOfDay } from '../../../bots/statement-fetch/index.js';
import { ownKeys } from '../../../queue/keys.js';
import { Queue } from 'bullmq';
import { resolveSchedules, RunNotSchedulable, SCHEDULE_QUEUE, ScheduleBook, ScheduleHost, startScheduledRun } from '../../../queue/schedules/index.js';
import { waitFor } from '../../helpers/wait.js';
import { testConfig, testRuntime } from '../../helpers/runtime.js';

const config = testConfig({
  schedules: [
    { name: 'statements', run: 'statements-of-day', params: { accounts: ['4711000001', 'DE02100200300000202051'], format: 'mt940' }, when: 'every business day at 01:00', timeZone: 'Europe/Luxembourg' },
    { name: 'wrong', run: 'payment-batch', when: 'every business day at 02:00' },
  ],
});
const rt = testRuntime({ bots: [statementFetch, statementsOfDay], config });
afterAll(() => rt.close());
const [statements, wrong] = resolveSchedules(config) as [ReturnType<typeof resolveSchedules>[number], ReturnType<typeof resolveSchedules>[number]];

describe('a scheduled start', () => {
  it('a 01:00 start fetches the previous business day\'s statement of each account; the same start again starts nothing more', async () => {
    const plannedAt = Date.parse('2027-03-30T23:00:00Z'); // Wednesday 31 March, 01:00 in Luxembourg (Tuesday the 30th is the day before)
    const first = await startScheduledRun(rt, statements, plannedAt);
    expect(first.created).toBe(true);
    expect(first.items.map((i) => i.businessKey).sort()).toEqual(['4711000001@2027-03-30', 'DE02100200300000202051@2027-03-30']);
    const again = await startScheduledRun(rt, statements, plannedAt, 'catch-up');
    expect(again).toMatchObject({ runId: first.runId, created: false });
    expect(await new ScheduleBook(rt.redis, ownKeys(rt.prefix)).starts('statements')).toEqual([expect.objectContaining({ plannedAt, runId: first.runId, via: 'tick' })]);
    // Tuesday 30 March 2027, 01:00: Easter Monday and Good Friday are TARGET2 holidays, so the previous business day is Thursday the 25th.
    const tuesday = await startScheduledRun(rt, statements, Date.parse('2027-03-29T23:00:00Z'));
    expect(tuesday.items.map((i) => i.businessKey.split('@')[1])).toEqual(['2027-03-25', '2027-03-25']);
  });

  it('a schedule naming a run that takes files is refused, saying what to do', async () => {
    await expect(startScheduledRun(rt, wrong, Date.now())).rejects.toThrow(RunNotSchedulable);
  });
});

describe('the schedule host', () => {
  it('syncs the schedulers and takes a tick: its start becomes the run, once, whoever delivers it again', async () => {
    const host = new ScheduleHost(rt);
    const next = await host.start();
    try {
      expect([...next.keys()].sort()).toEqual(['statements', 'wrong']);
      // An operator's trigger for a planned start, delivered twice: one run.
      const plannedAt = Date.parse('2027-04-06T23:00:00Z');
      const queue = new Queue(SCHEDULE_QUEUE, { connection: rt.redis, prefix: rt.prefix });
      try {
        for (const id of ['t1', 't2']) await queue.add('tick', { schedule: 'statements', plannedAt, via: 'trigger' }, { jobId: id });
        const book = new ScheduleBook(rt.redis, ownKeys(rt.prefix));
        const started = await waitFor(async () => (await book.get('statements', plannedAt)) ?? null, 'the triggered start');
        expect(started).toMatchObject({ via: 'trigger' });
        await waitFor(async () => (await queue.getCompletedCount()) === 2, 'both deliveries taken');
        expect((await rt.runIndex.listByRun(started.runId)).filter((i) => i.bot === 'statement-fetch').map((i) => i.businessKey).sort()).toEqual(['4711000001@2027-04-06', 'DE02100200300000202051@2027-04-06']);
      } finally {
        await queue.close();
      }
    } finally {
      await host.stop();
    }
  });
});
