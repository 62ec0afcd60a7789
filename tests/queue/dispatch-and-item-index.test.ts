import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBot } from '../../bots/kit/define-bot.js';
import { BusinessRuleError } from '../../bots/kit/errors.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { itemIdFor } from '../../queue/item-index.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';

const bot = defineBot({
  name: 'indexed',
  input: z.object({ e2e: z.string(), fail: z.boolean().default(false) }),
  key: (i) => i.e2e,
  run: async (i) => {
    if (i.fail) throw new BusinessRuleError('unknown debit account');
    return 'ok';
  },
});
const rt = testRuntime({ bots: [bot] });
afterAll(() => rt.close());

describe('dispatch and the item index', () => {
  it('derives the item id from the business key, so dispatching twice creates one item', async () => {
    const first = await dispatchItem(rt, bot.name, { e2e: 'E2E/2026/0001' }, { runId: 'r1' });
    const second = await dispatchItem(rt, bot.name, { e2e: 'E2E/2026/0001' }, { runId: 'r2' });
    expect(first).toEqual({ itemId: itemIdFor('indexed', 'E2E/2026/0001'), businessKey: 'E2E/2026/0001', created: true });
    expect(second).toMatchObject({ itemId: first.itemId, created: false });
    expect(first.itemId).not.toContain(':');
    expect((await rt.queue(bot.name).getJobCounts('waiting')).waiting).toBe(1);
    const [item] = await rt.items.findByBusinessKey('E2E/2026/0001');
    expect(item).toMatchObject({ itemId: first.itemId, runId: 'r1', status: 'queued', bot: 'indexed' });
  });

  it('finds items and their exceptions by business key', async () => {
    const host = new WorkerHost(rt);
    await host.start();
    try {
      const ok = await dispatchItem(rt, bot.name, { e2e: 'E2E-OK' }, { runId: 'r3' });
      const bad = await dispatchItem(rt, bot.name, { e2e: 'E2E-BAD', fail: true }, { runId: 'r3' });
      await waitFor(async () => (await rt.items.get(ok.itemId))?.status === 'done', 'ok done');
      const [item] = await waitFor(async () => {
        const items = await rt.items.findByBusinessKey('E2E-BAD');
        return items[0]?.status === 'exception' && items;
      }, 'exception indexed');
      expect(item!.itemId).toBe(bad.itemId);
      const [exc] = await rt.exceptions.list({ itemId: item!.itemId });
      expect(exc).toMatchObject({ id: item!.exceptionId, reason: 'unknown debit account', businessKey: 'E2E-BAD' });
    } finally {
      await host.shutdown(1_000);
    }
  });
});
