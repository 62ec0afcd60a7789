import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunItemOutcome } from '../../bots/kit/context.js';
import { defineBot } from '../../bots/kit/define-bot.js';
import { BusinessRuleError } from '../../bots/kit/errors.js';
import { itemIdFor } from '../../queue/item-index.js';
import { dispatchRun } from '../../queue/run-dispatch.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';

const reports: { runId: string; items: RunItemOutcome[] }[] = [];
const entry = defineBot({
  name: 'toy-entry',
  input: z.object({ ref: z.string(), ok: z.boolean() }),
  key: (i) => i.ref,
  run: async (i) => {
    if (!i.ok) throw new BusinessRuleError(`row ${i.ref} is invalid`);
    return { confirmation: `C-${i.ref}` };
  },
});
const report = defineBot({
  name: 'toy-report',
  input: z.object({ file: z.string() }),
  key: (i) => i.file,
  run: async (_i, ctx) => {
    reports.push({ runId: ctx.item.runId, items: await ctx.runItems() });
    return 'reported';
  },
});
const rt = testRuntime({ bots: [entry, report], config: testConfig({ bots: { 'toy-entry': { concurrency: 4 } } }) });
const host = new WorkerHost(rt);
beforeAll(() => host.start());
afterAll(async () => {
  await host.shutdown(1_000);
  await rt.close();
});

describe('a run as a BullMQ flow', () => {
  it('runs the parent once every item has an outcome, exceptions included, and dispatching it again adds nothing', async () => {
    const plan = {
      runId: 'run-flow-1',
      parent: { bot: 'toy-report', input: { file: 'a.csv' } },
      children: [
        { bot: 'toy-entry', input: { ref: 'A1', ok: true } },
        { bot: 'toy-entry', input: { ref: 'A2', ok: false } },
        { bot: 'toy-entry', input: { ref: 'A3', ok: true } },
      ],
    };
    const d = await dispatchRun(rt, plan);
    expect(d.created).toBe(true);
    expect(d.items.map((i) => i.businessKey)).toEqual(['A1', 'A2', 'A3']);
    const r = await waitFor(() => reports.find((x) => x.runId === 'run-flow-1'), 'the report');
    const byKey = Object.fromEntries(r.items.map((i) => [i.businessKey, i]));
    expect(byKey.A1).toMatchObject({ status: 'done', result: { confirmation: 'C-A1' }, input: { ref: 'A1', ok: true } });
    expect(byKey.A2).toMatchObject({ status: 'exception', exception: { type: 'business', status: 'open', reason: 'row A2 is invalid' } });
    expect(byKey.A3).toMatchObject({ status: 'done' });
    await waitFor(async () => (await rt.items.get('run-flow-1'))?.status === 'done', 'the run done');

    const again = await dispatchRun(rt, plan);
    expect(again.created).toBe(false);
    expect(again.items.map((i) => i.businessKey).sort()).toEqual(['A1', 'A2', 'A3']);
    expect((await rt.queue('toy-entry').getJobCounts('completed', 'failed', 'waiting'))).toMatchObject({ completed: 2, failed: 1, waiting: 0 });
  });

  it('an item another run already has is not dispatched again', async () => {
    const d = await dispatchRun(rt, {
      runId: 'run-flow-2',
      parent: { bot: 'toy-report', input: { file: 'b.csv' } },
      children: [
        { bot: 'toy-entry', input: { ref: 'A1', ok: true } },
        { bot: 'toy-entry', input: { ref: 'B1', ok: true } },
      ],
    });
    expect(d.items.map((i) => i.businessKey)).toEqual(['B1']);
    expect(d.alreadyKnown).toEqual([expect.objectContaining({ businessKey: 'A1', runId: 'run-flow-1' })]);
    const r = await waitFor(() => reports.find((x) => x.runId === 'run-flow-2'), 'the second report');
    expect(r.items.map((i) => i.businessKey)).toEqual(['B1']);
  });

  it('a dispatch that died after claiming items but before adding their jobs is finished by dispatching the run again', async () => {
    const children = ['C1', 'C2', 'C3'].map((ref) => ({ bot: 'toy-entry', input: { ref, ok: true } }));
    const plan = { runId: 'run-flow-3', parent: { bot: 'toy-report', input: { file: 'c.csv' } }, children };
    // The process dies while reading the source: the parent and its gate are in Redis, no item yet.
    const dying = (async function* () {
      throw new Error('the dispatching process died');
      yield children[0]!; // never reached
    })();
    await expect(dispatchRun(rt, { ...plan, children: dying })).rejects.toThrow('died');
    // ...or died between the claim of a batch and its jobs: C1 and C2 are claimed, with no job.
    const claimed = ['C1', 'C2'].map((ref) => ({ itemId: itemIdFor('toy-entry', ref), bot: 'toy-entry', businessKey: ref }));
    expect(await rt.items.claimMany('run-flow-3', claimed)).toEqual(['new', 'new']);
    expect(await rt.queue('toy-entry').getJob(claimed[0]!.itemId)).toBeUndefined();
    expect(reports.find((x) => x.runId === 'run-flow-3')).toBeUndefined();

    const d = await dispatchRun(rt, plan);
    expect(d.created).toBe(true);
    expect(d.items.map((i) => i.businessKey)).toEqual(['C1', 'C2', 'C3']);
    const r = await waitFor(() => reports.find((x) => x.runId === 'run-flow-3'), 'the third report');
    expect(r.items.map((i) => [i.businessKey, i.status]).sort()).toEqual([['C1', 'done'], ['C2', 'done'], ['C3', 'done']]);
  });
});
