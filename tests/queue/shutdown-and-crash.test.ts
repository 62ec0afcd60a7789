import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { defineBot } from '../../bots/kit/define-bot.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { ownKeys } from '../../queue/keys.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/worker-process.ts', import.meta.url));
// The dispatching side only needs the bot's name, schema and key.
const bot = defineBot({ name: 'slow-item', input: z.object({ ref: z.string(), sleepMs: z.number().int() }), key: (i) => i.ref, run: async () => undefined });
const config = testConfig({ bots: { 'slow-item': { attempts: 3 } } });
const rt = testRuntime({ bots: [bot], config });
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
afterAll(() => rt.close());

const counter = async (what: string, ref: string) => Number((await rt.redis.get(`${ownKeys(config.redis.prefix)}:test:${what}:${ref}`)) ?? 0);

async function startWorker(graceMs = 5_000): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, REDIS_URL: inject('redisUrl'), PREFIX: config.redis.prefix, DATA_DIR: config.dataDir, GRACE_MS: String(graceMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${stderr}`)));
  });
  return { child, exited };
}

describe('worker processes: graceful shutdown and crashes', () => {
  it('on SIGTERM takes no new items, lets the running one finish, and exits 0', async () => {
    const { child, exited } = await startWorker(10_000);
    const ref = `term-${randomUUID()}`;
    const a = await dispatchItem(rt, bot.name, { ref, sleepMs: 1_500 }, { runId: 'shutdown' });
    await waitFor(() => counter('started', ref), 'item started');
    child.kill('SIGTERM');
    await sleep(200);
    const late = await dispatchItem(rt, bot.name, { ref: `${ref}-late`, sleepMs: 0 }, { runId: 'shutdown' });
    expect(await exited).toBe(0);
    expect(await counter('finished', ref)).toBe(1);
    expect(await (await rt.queue(bot.name).getJob(a.itemId))!.getState()).toBe('completed');
    expect(await (await rt.queue(bot.name).getJob(late.itemId))!.getState()).toBe('waiting');
    expect(await counter('started', `${ref}-late`)).toBe(0);
    await rt.queue(bot.name).remove(late.itemId);
  });

  it('past the grace period, a running item is returned to the queue without using an attempt', async () => {
    const { child, exited } = await startWorker(300);
    const ref = `grace-${randomUUID()}`;
    const a = await dispatchItem(rt, bot.name, { ref, sleepMs: 4_000 }, { runId: 'grace' });
    await waitFor(() => counter('started', ref), 'item started');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const job = (await rt.queue(bot.name).getJob(a.itemId))!;
    expect(['delayed', 'waiting']).toContain(await job.getState());
    expect(job.attemptsMade).toBe(0);
    // A new worker completes it.
    const next = await startWorker();
    await waitFor(async () => (await rt.queue(bot.name).getJob(a.itemId))!.getState().then((s) => s === 'completed'), 'completed', 15_000);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });

  it('a worker killed with SIGKILL mid-item loses nothing: the item is picked up again and completed once, and its lease is freed', async () => {
    const first = await startWorker();
    const ref = `kill-${randomUUID()}`;
    const a = await dispatchItem(rt, bot.name, { ref, sleepMs: 1_500 }, { runId: 'crash' });
    await waitFor(() => counter('started', ref), 'item started');
    first.child.kill('SIGKILL');
    await first.exited;
    // The dead worker's lease on the bot account is still there until its TTL runs out.
    expect(await rt.leases.holderOf('sim', 'bot1')).not.toBeNull();
    const second = await startWorker();
    const job = await waitFor(async () => {
      const j = (await rt.queue(bot.name).getJob(a.itemId))!;
      return (await j.getState()) === 'completed' && j;
    }, 'item completed by the second worker', 20_000);
    expect(await counter('started', ref)).toBe(2);
    expect(await counter('finished', ref)).toBe(1);
    expect(job.returnvalue).toBe(`done by ${second.child.pid}`);
    expect(await rt.leases.holderOf('sim', 'bot1')).toBeNull();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
