/**
 * A run checked against its plan after Redis lost writes: an item whose record and job are gone is
 * created again and runs; one whose job is gone while it waited gets its job back; one whose record is
 * gone while its job had completed is recorded as done from its job, not run again; a run with
 * nothing lost is left as it is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { queueName } from '../../queue/keys.js';
import { dispatchRun } from '../../queue/run-dispatch.js';
import { repairRun, resyncFromJobs } from '../../queue/run-repair.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';
import { tally, tallyItem, tallyRun } from './plans/tally.js';

const rt = testRuntime({ bots: [tallyItem, tally], config: testConfig(), runs: [tallyRun] });
afterAll(() => rt.close());

describe('a run checked against its plan', () => {
  it('creates again what Redis lost, and only that', async () => {
    const plan = async () => ({ ...(await tallyRun.fromSchedule!({ count: 4 }, { schedule: 'repair', at: '2027-01-01T00:00:00.000Z', day: '2027-01-01' }, rt.config)), runId: 'repair-run' });
    const run = await dispatchRun(rt, await plan());
    const [a, b, c, d] = run.items.map((i) => i.itemId) as [string, string, string, string];
    expect(await repairRun(rt, await plan())).toMatchObject({ recreated: [], resynced: [] });

    // a and b are taken and completed (by hand: a worker that takes two jobs and stops).
    const manual = new Worker(queueName('tally-item'), null, { connection: rt.redis.duplicate(), prefix: rt.prefix });
    for (const id of [a, b]) {
      const job = (await manual.getNextJob('tok'))!;
      expect(job.id).toBe(id);
      await job.moveToCompleted({ n: 0 }, 'tok', false);
      await rt.items.setStatus(id, 'done');
    }
    await manual.close();
    // What a failover could lose: c's record and job (just dispatched), d's job (waiting), b's record (its job completed).
    const q = (k: string) => `${rt.prefix}:${queueName('tally-item')}:${k}`;
    await rt.redis.multi().del(q(c), rt.items.itemKey(c), q(d), rt.items.itemKey(b)).lrem(q('wait'), 0, c).lrem(q('wait'), 0, d).exec();

    const repair = await repairRun(rt, await plan());
    expect(repair.recreated.sort()).toEqual([c, d].sort());
    expect(repair.resynced).toEqual([b]);
    expect((await rt.items.get(b))?.status).toBe('done');
    const again = new WorkerHost(rt);
    await again.start();
    try {
      await waitFor(async () => (await rt.items.getMany([a, b, c, d])).every((i) => i.status === 'done'), 'every item done');
    } finally {
      await again.shutdown();
    }
    expect((await rt.queue('tally-item').getJob(b))?.attemptsMade).toBe(1);
  });

  it("gives records whose last change Redis lost the outcome their jobs ended with (the run's parent too)", async () => {
    const plan = async () => ({ ...(await tallyRun.fromSchedule!({ count: 2 }, { schedule: 'resync', at: '2027-01-02T00:00:00.000Z', day: '2027-01-02' }, rt.config)), runId: 'resync-run' });
    const run = await dispatchRun(rt, await plan());
    const host = new WorkerHost(rt);
    await host.start();
    try {
      await waitFor(async () => (await rt.items.get('resync-run'))?.status === 'done', 'the run done');
    } finally {
      await host.shutdown();
    }
    // A failover kept the jobs' completions and lost the records' last change.
    const [first] = run.items.map((i) => i.itemId) as [string];
    await rt.items.setStatus('resync-run', 'queued');
    await rt.items.setStatus(first, 'retrying');
    expect(await rt.runIndex.runCounts('resync-run')).toMatchObject({ parent: 'queued', retrying: 1 });
    const resynced = await resyncFromJobs(rt, await rt.runIndex.listByRun('resync-run'));
    expect(resynced.sort()).toEqual([first, 'resync-run'].sort());
    expect(await rt.runIndex.runCounts('resync-run')).toEqual({ total: 2, done: 2, parent: 'done' });
    expect((await rt.items.history(first))[0]?.note).toMatch(/recorded again from its job/);
    // Nothing to give when the records agree with the jobs.
    expect(await resyncFromJobs(rt, await rt.runIndex.listByRun('resync-run'))).toEqual([]);
  });
});
