/**
 * Following a run from the command line: the bar ends when the run's report is made, and a report
 * that ends without being made (its item an exception) ends the wait at once with what to do, rather
 * than after the hour's timeout.
 */
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { followRun, RunReportNotMade } from '../../cli/run-progress.js';
import { dispatchRun } from '../../queue/run-dispatch.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';
import { tally, tallyItem } from '../queue/plans/tally.js';

const rt = testRuntime({ bots: [tallyItem, tally] });
const items = new WorkerHost(rt, ['tally-item']);
afterAll(async () => {
  await items.shutdown(1_000);
  await rt.close();
});

const lines: string[] = [];
const out = new Writable({ write: (c, _e, next) => (lines.push(String(c)), next()) }) as NodeJS.WriteStream;

describe('following a run', () => {
  it('stops at once, saying what to do, when the run\'s report ends as an exception', async () => {
    await items.start();
    const children = [0, 1].map((n) => ({ bot: 'tally-item', input: { step: 'follow', n } }));
    const run = await dispatchRun(rt, { runId: 'follow-1', parent: { bot: 'tally', input: { step: 'follow' } }, children });
    await waitFor(async () => (await rt.runIndex.runCounts(run.runId)).done === 2, 'both items done');
    // No worker for the report: its item made an exception by hand, as a failing report would be.
    await rt.items.setStatus(run.runId, 'exception');
    const started = Date.now();
    const err = await followRun(rt, run.runId, out, 60_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunReportNotMade);
    expect((err as RunReportNotMade).message).toBe('run follow-1 ended without its report: the report item is exception');
    expect((err as RunReportNotMade).whatNext).toContain('rpa exceptions list --run follow-1');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines.join('')).toContain('2/2 with an outcome, 0 exception(s)');
  });
});
