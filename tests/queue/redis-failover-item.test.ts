/**
 * An item that ran across a Sentinel failover: what it wrote just before the old primary died was not
 * replicated, so the new primary lacks it. Its outcome is not recorded from that attempt (the item's
 * "done" would stand on a write that is gone): it runs again, without using an attempt, and its write
 * is made again. Seen in the night soak: a collection planned in an item straddling the failover was
 * missing from the ledger, and the cycle's file could not be sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBot } from '../../bots/kit/define-bot.js';
import { Secrets } from '../../config/secrets.js';
import { createLogger } from '../../logging/logger.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { doneResult } from '../../queue/item-result.js';
import { Runtime } from '../../queue/runtime.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { SENTINEL_MASTER, startSentinelSet, type SentinelSet } from '../helpers/sentinel-set.js';
import { LogCapture, testConfig } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-failover-item-'));
let set: SentinelSet | undefined;
let rt: Runtime | undefined;
let host: WorkerHost | undefined;
afterAll(async () => {
  await host?.shutdown(1_000);
  await rt?.close(2_000);
  await set?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A gate the test opens. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('an item that ran across a Redis failover', () => {
  it('is run again, without using an attempt, and what it wrote before the failover is written again', { timeout: 120_000 }, async () => {
    set = await startSentinelSet(dir);
    const record = 'test:failover:record';
    const calls: number[] = [];
    const replicaHeld = gate();
    const written = gate();
    const failedOver = gate();
    const bot = defineBot({
      name: 'keeps-a-record',
      input: z.object({ ref: z.string() }),
      key: (i) => i.ref,
      run: async (i) => {
        calls.push(calls.length + 1);
        const call = calls.length;
        if (call === 1) await replicaHeld.opened;
        await rt!.redis.hset(record, i.ref, `written by call ${call}`);
        if (call === 1) {
          written.open();
          await failedOver.opened;
        }
        return { call };
      },
    });
    const log = new LogCapture();
    // A lock that outlives the failover (as the default 30 s does): the attempt still holds the item when it ends.
    const config = testConfig({ redis: { sentinel: { name: SENTINEL_MASTER, nodes: set.nodes } }, worker: { lockDurationMs: 30_000, stalledIntervalMs: 30_000 }, bots: { [bot.name]: { attempts: 3, backoffMs: 50 } } });
    rt = new Runtime(config, Secrets.load(undefined, {}), 'redis://127.0.0.1/0', createLogger({ level: 'info', pretty: 'never', destination: log.stream }), new Map([[bot.name, bot]]), new Map(), new Map());
    host = new WorkerHost(rt);
    await host.start();

    const { itemId } = await dispatchItem(rt, bot.name, { ref: 'R-1' }, { runId: 'failover-run' });
    await waitFor(() => calls.length === 1, 'the item to start');
    // The replica stops reading: what the primary takes now is acknowledged to the bot but not replicated.
    await set.stallReplica(2_500);
    replicaHeld.open();
    await written.opened;
    expect(await rt.redis.hget(record, 'R-1')).toBe('written by call 1');
    const failover = await set.killPrimary();
    expect(failover.promoted).not.toBe(failover.killed);
    // The write is gone with the old primary: this is the loss the item must not hide.
    expect(await rt.redis.hget(record, 'R-1')).toBeNull();
    failedOver.open();

    const done = await waitFor(async () => (await rt!.items.get(itemId))?.status === 'done' && (await doneResult(rt!, bot.name, itemId)) && (await rt!.items.get(itemId)), 'the item to be done', 60_000, 200);
    expect(calls).toEqual([1, 2]);
    expect(await rt.redis.hget(record, 'R-1')).toBe('written by call 2');
    const job = (await rt.queue(bot.name).getJob(itemId))!;
    expect(job.returnvalue).toEqual({ call: 2 });
    expect(job.attemptsMade).toBe(1); // BullMQ counts the run that completed; the one across the failover used none
    expect(done.status).toBe('done');
    expect(log.text).toMatch(/redis may lose what the item wrote: it runs again/);
  });
});
