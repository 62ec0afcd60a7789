/**
 * An item's record says 'done' a moment before BullMQ has its result (the attempt writes the record,
 * then releases its lease and waits for a replica; BullMQ stores the result when it returns). Readers
 * that need the result wait for the job: held here by starting no worker for the parent, so the
 * moment lasts as long as the test needs. A night's step is not counted as ended, and a run is not
 * followed to its end, before its report's result is there.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { followRun } from '../../cli/run-progress.js';
import { ownKeys } from '../../queue/keys.js';
import { doneResult } from '../../queue/item-result.js';
import { advanceNight, PlanBook, resolvePlans, startNight, type MorningSummary } from '../../queue/plans/index.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';
import { tally, tallyItem, tallyRun } from './plans/tally.js';

const config = testConfig({
  plans: [{ name: 'short', when: 'every business day at 01:00', timeZone: 'Europe/Luxembourg', deadline: '05:00', steps: [{ name: 'count', run: 'tally', params: { count: 3 } }] }],
});
const rt = testRuntime({ bots: [tallyItem, tally], config, runs: [tallyRun] });
const items = new WorkerHost(rt, ['tally-item']);
const parents = new WorkerHost(rt, ['tally']);
afterAll(async () => {
  await items.shutdown(1_000);
  await parents.shutdown(1_000);
  await rt.close();
});

const quiet = () => new Writable({ write: (_c, _e, next) => next() });

describe('an item\'s result', () => {
  it('is there only once BullMQ has it; until then a step is not ended and a run not followed to its end', async () => {
    const [plan] = resolvePlans(config);
    await items.start();
    const { night } = await startNight(rt, plan!, Date.parse('2027-02-09T00:00:00Z'), 'tick');
    const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
    const runId = (await book.get(night.id))!.steps.count!.runId!;
    await waitFor(async () => (await rt.runIndex.runCounts(runId)).done === 3, 'the three items done');

    // The moment between the report's record and its job's completion, held: the record says 'done', the job waits.
    await rt.items.setStatus(runId, 'done');
    await waitFor(async () => (await rt.items.get(runId))?.status === 'done', 'the record');
    expect(await doneResult(rt, 'tally', runId)).toBeUndefined();
    expect((await advanceNight(rt, plan!, night.id))!.steps.count).toMatchObject({ state: 'running' });
    let followed = false;
    const following = followRun(rt, runId, quiet() as NodeJS.WriteStream, 60_000).then(() => (followed = true));
    await new Promise((r) => setTimeout(r, 1_200));
    expect(followed).toBe(false);

    await parents.start();
    expect(await waitFor(() => doneResult(rt, 'tally', runId), 'the report\'s result')).toEqual({ result: { counts: expect.objectContaining({ items: 3 }) } });
    await following;
    const ended = (await advanceNight(rt, plan!, night.id))!;
    expect(ended.steps.count).toMatchObject({ state: 'succeeded', items: 3 });
    expect((await book.summary<MorningSummary>(night.id))!.steps[0]!.result).toMatchObject({ counts: { items: 3 } });
  });
});
