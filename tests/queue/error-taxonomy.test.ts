import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBot, type AnyBot } from '../../bots/kit/define-bot.js';
import { NoFreeAccount } from '../../bots/kit/account-leases.js';
import { BusinessRuleError, ComplianceHold, TargetUnavailable } from '../../bots/kit/errors.js';
import { PostingInProgress } from '../../bots/kit/post-once.js';
import { Money } from '../../banking/index.js';
import { dispatchItem } from '../../queue/dispatch.js';
import type { Runtime } from '../../queue/runtime.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { LogCapture, testConfig, testRuntime } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';

const input = z.object({ ref: z.string().min(1), amount: z.string().regex(/^\d+\.\d\d$/) });
let rt: Runtime | undefined;
let host: WorkerHost | undefined;
afterEach(async () => {
  await host?.shutdown(1_000);
  await rt?.close();
  host = rt = undefined;
});

async function start(bot: AnyBot, config = testConfig({ bots: { [bot.name]: { attempts: 3, backoffMs: 50 } } }), log?: LogCapture) {
  rt = testRuntime({ bots: [bot], config, ...(log ? { log } : {}) });
  host = new WorkerHost(rt);
  await host.start();
  return rt;
}

/** What a stall or a failover leads to, done by hand from inside the running attempt: its lock is gone, and another attempt recorded `status`. */
async function anotherAttemptTookIt(queue: string, status: 'done' | 'exception'): Promise<void> {
  const [job] = await rt!.queue(queue).getJobs(['active']);
  if (!job) throw new Error('no active job');
  await rt!.redis.del(`${job.queueQualifiedName}:${job.id}:lock`);
  await rt!.items.setStatus(job.id!, status, { note: 'the other attempt' });
}

describe('error taxonomy against real Redis', () => {
  it('BusinessRuleError: no retry, an exception with reason, item reference and evidence', async () => {
    let calls = 0;
    const bot = defineBot({
      name: 'rule-breaker', input, key: (i) => i.ref,
      run: async (_i, ctx) => {
        calls++;
        await ctx.evidence.save('form.txt', 'what the form showed');
        throw new BusinessRuleError('amount over the limit', { limit: '1000.00' });
      },
    });
    const r = await start(bot);
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'E2E-1', amount: '5000.00' }, { runId: 'run-1' });
    const [exc] = await waitFor(() => r.exceptions.list({ runId: 'run-1' }).then((l) => l.length && l), 'the exception');
    expect(calls).toBe(1);
    expect(exc).toMatchObject({ type: 'business', status: 'open', reason: 'amount over the limit', itemId, businessKey: 'E2E-1', bot: 'rule-breaker' });
    expect(exc!.error.details).toEqual({ limit: '1000.00' });
    expect(exc!.evidence.map((e) => e.name)).toEqual(['form.txt']);
    const job = await r.queue(bot.name).getJob(itemId);
    await waitFor(async () => (await job!.getState()) === 'failed', 'job failed');
    await sleep(300);
    expect(calls).toBe(1);
    expect((await r.items.get(itemId))?.status).toBe('exception');
  });

  it('a banking rule error that escapes a bot (Money.of on a bad amount) is a business exception naming the field, never retried', async () => {
    let calls = 0;
    const bot = defineBot({
      name: 'sums-amounts', input, key: (i) => i.ref,
      run: async () => {
        calls++;
        Money.of('12.345', 'EUR'); // three decimals for a two-decimal currency: InvalidAmount
      },
    });
    const r = await start(bot);
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'E2E-1B', amount: '12.34' }, { runId: 'run-1b' });
    const [exc] = await waitFor(() => r.exceptions.list({ runId: 'run-1b' }).then((l) => l.length && l), 'the exception');
    expect(exc).toMatchObject({ type: 'business', status: 'open', itemId, error: { name: 'InvalidAmount' } });
    expect(exc!.error.details).toMatchObject({ field: expect.any(String) });
    expect(exc!.error.whatNext).toMatch(/amount/i);
    await sleep(300);
    expect(calls).toBe(1);
    expect((await r.items.get(itemId))?.status).toBe('exception');
  });

  it('input that fails the schema never reaches run: a BusinessRuleError exception', async () => {
    let calls = 0;
    const bot = defineBot({ name: 'strict-input', input, key: (i) => i.ref, run: async () => void calls++ });
    const r = await start(bot);
    const { businessKey } = await dispatchItem(r, bot.name, { ref: 'E2E-2', amount: '12,5' }, { runId: 'run-2' });
    const [exc] = await waitFor(() => r.exceptions.list({ runId: 'run-2' }).then((l) => l.length && l), 'the exception');
    expect(calls).toBe(0);
    expect(exc!.type).toBe('business');
    expect(exc!.reason).toMatch(/amount/);
    expect(businessKey).toMatch(/^invalid-/);
  });

  it('ComplianceHold: no retry, an exception whose release needs two different approvers', async () => {
    let calls = 0;
    const bot = defineBot({
      name: 'screened', input, key: (i) => i.ref,
      run: async () => {
        calls++;
        throw new ComplianceHold('beneficiary matches a sanctions list entry', 'sanctions.ofac', { score: 0.97 });
      },
    });
    const r = await start(bot);
    await dispatchItem(r, bot.name, { ref: 'E2E-3', amount: '10.00' }, { runId: 'run-3' });
    const [exc] = await waitFor(() => r.exceptions.list({ type: 'compliance' }).then((l) => l.length && l), 'the exception');
    expect(calls).toBe(1);
    const alice = { username: 'alice', roles: ['approver'] };
    const first = await r.exceptions.decide(exc!.id, 'recommend', alice, { note: 'false positive' });
    expect(first.status).toBe('open');
    await expect(r.exceptions.decide(exc!.id, 'approve', alice)).rejects.toThrow(/second, different approver/);
    const second = await r.exceptions.decide(exc!.id, 'approve', { username: 'bob', roles: ['approver'] });
    expect(second.status).toBe('approved');
    expect(second.approvals.map((a) => a.by)).toEqual(['alice', 'bob']);
    expect(second.decision).toMatchObject({ decision: 'approve', by: 'bob' });
  });

  it('a system error is retried with backoff up to the attempts, then an exception with the error and the evidence', async () => {
    const seen: number[] = [];
    const bot = defineBot({
      name: 'flaky', input, key: (i) => i.ref,
      run: async (_i, ctx) => {
        seen.push(ctx.item.attempt);
        await ctx.evidence.save('trace.txt', `attempt ${ctx.item.attempt}`);
        throw new Error('selector #amount not found');
      },
    });
    const r = await start(bot);
    const started = Date.now();
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'E2E-4', amount: '1.00' }, { runId: 'run-4' });
    const [exc] = await waitFor(() => r.exceptions.list({ runId: 'run-4' }).then((l) => l.length && l), 'the exception');
    expect(seen).toEqual([1, 2, 3]);
    // Backoff 50 ms doubling with up to 50% jitter: at least 25 + 50 ms between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(exc).toMatchObject({ type: 'system', attempt: 3, itemId, reason: 'selector #amount not found' });
    expect(exc!.error.name).toBe('Error');
    expect(exc!.evidence.map((e) => e.path)).toEqual([expect.stringMatching(/\/3-[a-z0-9]+-trace\.txt$/)]);
    const job = await waitFor(async () => {
      const j = await r.queue(bot.name).getJob(itemId);
      return j?.finishedOn && j;
    }, 'job failed');
    expect(job.attemptsMade).toBe(3);
  });

  it('a system error that succeeds on retry opens no exception', async () => {
    let n = 0;
    const bot = defineBot({
      name: 'recovers', input, key: (i) => i.ref,
      run: async () => {
        if (++n < 2) throw new Error('timeout');
        return 'ok';
      },
    });
    const r = await start(bot);
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'E2E-5', amount: '1.00' }, { runId: 'run-5' });
    await waitFor(async () => (await r.items.get(itemId))?.status === 'done', 'item done');
    expect(n).toBe(2);
    expect(await r.exceptions.list({ runId: 'run-5' })).toEqual([]);
  });

  it('TargetUnavailable delays the item without using an attempt, opens the circuit after N failures, and items wait while it is open', async () => {
    let down = true;
    const runs: string[] = [];
    const bot = defineBot({
      name: 'needs-target', input, key: (i) => i.ref, target: 'legacy-bank',
      run: async (i) => {
        runs.push(i.ref);
        if (down) throw new TargetUnavailable('legacy-bank', 'SYSTEM UNAVAILABLE - END OF DAY PROCESSING');
        return 'posted';
      },
    });
    const config = testConfig({
      bots: { 'needs-target': { attempts: 2, backoffMs: 50, concurrency: 1 } },
      targets: { 'legacy-bank': { unavailableDelayMs: 100, breaker: { failureThreshold: 3, coolDownMs: 1_500 } } },
    });
    const r = await start(bot, config);
    const a = await dispatchItem(r, bot.name, { ref: 'A', amount: '1.00' }, { runId: 'run-6' });
    // Three consecutive failures (more than the 2 attempts) open the circuit; none used an attempt.
    await waitFor(async () => (await r.breaker.state('legacy-bank')).state === 'open', 'circuit open', 10_000);
    expect(runs.length).toBe(3);
    const job = await r.queue(bot.name).getJob(a.itemId);
    expect(job!.attemptsMade).toBe(0);
    expect(await job!.getState()).toBe('delayed');
    expect((await r.items.get(a.itemId))?.status).toBe('waiting-target');
    // While open, a new item waits instead of running or failing.
    const b = await dispatchItem(r, bot.name, { ref: 'B', amount: '1.00' }, { runId: 'run-6' });
    await sleep(500);
    expect(runs).not.toContain('B');
    expect(await (await r.queue(bot.name).getJob(b.itemId))!.getState()).toBe('delayed');
    // After the cool-down one trial goes through (half-open); its success closes the circuit and both complete.
    down = false;
    await waitFor(async () => (await r.items.get(a.itemId))?.status === 'done' && (await r.items.get(b.itemId))?.status === 'done', 'both done', 15_000);
    expect((await r.breaker.state('legacy-bank')).state).toBe('closed');
    expect(await r.exceptions.list({ runId: 'run-6' })).toEqual([]);
    // BullMQ counts the successful run as the one attempt made: the delays used none.
    const finished = await waitFor(async () => {
      const job = await r.queue(bot.name).getJob(a.itemId);
      return job?.finishedOn && job;
    }, 'job finished');
    expect(finished.attemptsMade).toBe(1);
  });

  it('a failed half-open trial opens the circuit again', async () => {
    const r = testRuntime({ bots: [] });
    rt = r;
    const t = 'legacy-bank';
    for (let i = 0; i < 3; i++) await r.breaker.recordFailure(t, { threshold: 3, coolDownMs: 200 });
    expect((await r.breaker.check(t, 200, 'x')).allowed).toBe(false);
    await sleep(250);
    const trial = await r.breaker.check(t, 200, 'x');
    expect(trial).toMatchObject({ allowed: true, state: 'half-open', trial: true });
    // Only one trial at a time.
    expect((await r.breaker.check(t, 200, 'y')).allowed).toBe(false);
    expect((await r.breaker.recordFailure(t, { threshold: 3, coolDownMs: 200 })).state).toBe('open');
    expect((await r.breaker.check(t, 200, 'z')).allowed).toBe(false);
  });

  it('an item that runs past its timeout is aborted (its signal fires) and counts as a system failure', async () => {
    const signals: boolean[] = [];
    const bot = defineBot({
      name: 'slowpoke', input, key: (i) => i.ref,
      run: async (_i, ctx) => {
        const signal = ctx.signal;
        await new Promise((r) => setTimeout(r, 1_000));
        signals.push(signal.aborted);
      },
    });
    const r = await start(bot, testConfig({ bots: { slowpoke: { attempts: 2, backoffMs: 20, timeoutMs: 200 } } }));
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'SLOW', amount: '1.00' }, { runId: 'run-7' });
    const [exc] = await waitFor(() => r.exceptions.list({ runId: 'run-7' }).then((l) => l.length && l), 'the exception');
    expect(exc).toMatchObject({ type: 'system', attempt: 2, reason: 'item timed out after 200 ms', itemId });
    await waitFor(() => signals.length >= 1, 'the first run to end');
    expect(signals[0]).toBe(true);
  });

  it('waits that say nothing about the target (no free bot account, a posting in progress elsewhere) do not count for its circuit breaker', async () => {
    let n = 0;
    const bot = defineBot({
      name: 'busy-elsewhere', input, key: (i) => i.ref, target: 'legacy-bank',
      run: async (i) => {
        n++;
        if (n <= 2) throw new NoFreeAccount('legacy-bank', 4, 0);
        if (n <= 4) throw new PostingInProgress('legacy-bank', i.ref);
        return 'ok';
      },
    });
    const config = testConfig({
      bots: { 'busy-elsewhere': { attempts: 1 } },
      targets: { 'legacy-bank': { unavailableDelayMs: 50, breaker: { failureThreshold: 2, coolDownMs: 60_000 } } },
    });
    const r = await start(bot, config);
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'WAIT-1', amount: '1.00' }, { runId: 'run-8' });
    await waitFor(async () => (await r.items.get(itemId))?.status === 'done', 'item done', 20_000);
    expect(n).toBe(5);
    expect(await r.breaker.state('legacy-bank')).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('an attempt that lost its lock records nothing over what another attempt recorded (a stall, a failover)', async () => {
    let calls = 0;
    const log = new LogCapture();
    const bot = defineBot({
      name: 'lost-its-lock', input, key: (i) => i.ref,
      run: async () => {
        calls++;
        if (calls > 1) return 'done on its second run';
        // Meanwhile another worker took the item and finished it; this attempt's lock is gone.
        await anotherAttemptTookIt('lost-its-lock', 'done');
        throw new TargetUnavailable('legacy-bank', 'SYSTEM UNAVAILABLE - END OF DAY PROCESSING');
      },
    });
    const r = await start(bot, testConfig({ bots: { [bot.name]: { attempts: 3, backoffMs: 50 } }, worker: { stalledIntervalMs: 60_000 } }), log);
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'LOCK-1', amount: '1.00' }, { runId: 'run-lock' });
    await waitFor(() => log.text.includes('this attempt no longer holds the item'), 'the stale attempt to stand back');
    await sleep(300);
    expect(await r.items.get(itemId)).toMatchObject({ status: 'done', note: 'the other attempt' });
    expect(await r.exceptions.list({ runId: 'run-lock' })).toEqual([]);
    expect((await r.breaker.state('legacy-bank')).failures).toBe(0);
  });

  it('an attempt that lost its lock and then succeeds records no "done" over the other attempt\'s exception', async () => {
    const log = new LogCapture();
    const bot = defineBot({
      name: 'stale-success', input, key: (i) => i.ref,
      run: async () => {
        await anotherAttemptTookIt('stale-success', 'exception');
        // Only an attempt that ran for half its lock's duration or longer can have lost its lock unnoticed.
        await sleep(600);
        return 'entered by the stale attempt';
      },
    });
    const r = await start(bot, testConfig({ bots: { [bot.name]: { attempts: 3, backoffMs: 50 } }, worker: { stalledIntervalMs: 60_000, lockDurationMs: 1_000 } }), log);
    const { itemId } = await dispatchItem(r, bot.name, { ref: 'LOCK-2', amount: '1.00' }, { runId: 'run-lock-2' });
    await waitFor(() => log.text.includes('this attempt no longer holds the item'), 'the stale attempt to stand back');
    await sleep(300);
    expect(await r.items.get(itemId)).toMatchObject({ status: 'exception', note: 'the other attempt' });
  });
});
