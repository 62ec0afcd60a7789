/**
 * Proof 1, crash: a file of valid payments (80 in npm test, 200 in npm run proofs) is entered by a worker PROCESS (the real worker
 * host, payment-entry + payment-batch, real Chromium) that is SIGKILLed at random moments, at
 * least five times (six), and restarted each time. Four kills come at a random moment 1-4 s after
 * the restarted worker has items in progress; two are "mid-posting": armed in the simulator, they
 * fire the instant TX01 commits a posting, before its result page reaches the browser (the worst
 * moment for exactly-once: the payment exists, the worker never learns it).
 *
 * A second case kills the worker three times while one item runs: BullMQ then fails the item
 * itself (maxStalledCount 2 in the worker host), and the requirement says it must still end as
 * an exception for a person. It FAILS today: see the report that came with this proof.
 *
 * Requirement (DESIGN.md, "Exactly once"; README, "What happens to an item"):
 * - every reference is on the target exactly once (none missing, none twice);
 * - every item ends completed, or as an exception for a person (never silently failed/pending);
 * - the run's report is written.
 *
 * The simulator runs in this test process (it survives the kills); Redis is the suite's.
 * Worker timings are short so that a dead worker's items and bot-account leases come free fast:
 * lockDurationMs 2000 / stalledIntervalMs 1000, leaseTtlMs 2000.
 *
 * The circuit breaker's threshold is set out of reach here. An item picked up again after its
 * worker died meets its own posting lock (PostingInProgress, a TargetUnavailable), and the worker
 * host counts that as a failure of the whole target: a few of them in a row open the circuit and
 * every item of the run waits, cool-down after cool-down, until the dead worker's lock expires
 * (60 s). That is a throughput bug reported with this proof (it does not break exactly-once),
 * kept out of this proof so that it stays about exactly-once and runs in bounded time.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, nextBusinessDay, todayIn } from '../../banking/index.js';
import { paymentBatch, type RunReport } from '../../bots/payment-batch/index.js';
import { paymentEntry } from '../../bots/payment-entry/index.js';
import { legacyBankTarget } from '../../bots/targets/legacy-bank/index.js';
import { writeSamplePaymentFile } from '../../cli/sample-payment-file.js';
import { Secrets } from '../../config/secrets.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import { createLogger } from '../../logging/logger.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { ownKeys } from '../../queue/keys.js';
import { Runtime } from '../../queue/runtime.js';
import { runRegistry } from '../../bots/registry.js';
import { LogCapture, testConfig } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/payment-worker.ts', import.meta.url));
/**
 * 80 in `npm test`, with the same six kills; 200, as the issue asked, with `npm run proofs`. A
 * payment costs about 1.5 s of CPU (Chromium and node together, see bench/results/payment-entry.json),
 * so on 2 cores 200 need 2.5 minutes at the very least. PROOF_CRASH_PAYMENTS sets the size.
 */
const PAYMENTS = Number(process.env.PROOF_CRASH_PAYMENTS ?? 50);
const KILLS = 6;
const users = ['bot1', 'bot2', 'bot3', 'bot4'].map((username) => ({ username, password: randomBytes(9).toString('base64url') }));
const secretsEnv = Object.fromEntries(users.map((u) => [Secrets.envName(Secrets.accountPassword('legacy-bank', u.username)), u.password]));
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-crash-'));
console.log(`crash proof: worker logs in ${dir}`);
const rand = (min: number, max: number) => min + Math.random() * (max - min);

let bank: LegacyBankHandle;
let rt: Runtime;

const workers: WorkerProcess[] = [];

/** Kill hook in the simulator: when armed, the worker is SIGKILLed the instant a posting is committed. */
let armed: { kill: () => void } | undefined;
const midPostingKills: string[] = [];
/** Kill hook in the simulator: the worker is SIGKILLed when it searches the postings for this reference. */
let onSearch: { reference: string; kill: () => void } | undefined;

async function startWorker(): Promise<WorkerProcess> {
  const worker = startWorkerProcess(FIXTURE, { config: rt.config, env: secretsEnv, logFile: path.join(dir, `worker-${workers.length + 1}.log`) });
  workers.push(worker);
  await worker.ready;
  return worker;
}

beforeAll(async () => {
  bank = await startLegacyBank({ port: 0, users, inspection: true, customers: 3, idleTimeoutSec: 600 });
  // Wrap the posting book: an armed kill fires synchronously inside the TX01 confirm request,
  // after the posting is committed and before the result page is sent.
  const book = bank.state.postings;
  const post = book.post.bind(book);
  book.post = (...args: Parameters<typeof book.post>) => {
    const posting = post(...args);
    if (armed) {
      const a = armed;
      armed = undefined;
      midPostingKills.push(posting.reference);
      a.kill();
    }
    return posting;
  };
  const byReference = book.byReference.bind(book);
  book.byReference = (reference: string) => {
    if (onSearch?.reference === reference) {
      const s = onSearch;
      onSearch = undefined;
      s.kill();
    }
    return byReference(reference);
  };
  const config = testConfig({
    dataDir: path.join(dir, 'data'),
    log: { level: 'info' },
    worker: { shutdownGraceMs: 2_000, lockDurationMs: 4_000, stalledIntervalMs: 2_000 },
    bots: {
      'payment-entry': { concurrency: 4, attempts: 5, backoffMs: 200 },
      'payment-batch': { attempts: 5, backoffMs: 200 },
    },
    targets: {
      'legacy-bank': {
        baseUrl: bank.url,
        accounts: users.map(({ username }) => ({ username })),
        leaseTtlMs: 2_000,
        leaseWaitMs: 1_000,
        unavailableDelayMs: 300,
        breaker: { failureThreshold: 1_000_000, coolDownMs: 1_000 },
      },
    },
  });
  // The test's own runtime only dispatches and inspects (it runs no worker).
  rt = new Runtime(config, Secrets.load(undefined, secretsEnv), inject('redisUrl'), createLogger({ level: 'info', destination: new LogCapture().stream }),
    new Map([paymentEntry, paymentBatch].map((b) => [b.name, b])), new Map([[legacyBankTarget.name, legacyBankTarget]]), runRegistry());
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await rt?.close();
  await bank?.close();
});

const postedCount = () => bank.state.postings.list().length;

describe('proof: a worker process killed at random moments', () => {
  it(`posts each of ${PAYMENTS} payments exactly once, and every item ends completed or as an exception`, { timeout: 600_000 }, async () => {
    const file = path.join(dir, `crash-${PAYMENTS}.xlsx`);
    const executionDate = nextBusinessDay(addDays(todayIn('Europe/Berlin', new Date()), 2));
    const debitAccount = bank.state.accounts[0]!.accountNumber;
    const sample = await writeSamplePaymentFile(file, { count: PAYMENTS, debitAccount, executionDate, prefix: 'CR' });
    expect(new Set(sample.references).size).toBe(PAYMENTS);
    const run = await dispatchFile(rt, 'payment-batch', file);
    expect(run.items).toHaveLength(PAYMENTS);
    const started = Date.now();

    let worker = await startWorker();
    const kills: { at: number; how: 'random' | 'mid-posting'; postedBefore: number }[] = [];
    await waitFor(() => postedCount() >= 3, 'the first postings', 60_000);
    for (let k = 0; k < KILLS; k++) {
      // Once the restarted worker has items in progress, a random moment 1-4 s later.
      await waitFor(async () => (await rt.queue('payment-entry').getActiveCount()) > 0, 'items in progress', 60_000);
      const victim = worker;
      const kill = () => victim.child.kill('SIGKILL');
      await sleep(rand(1_000, 4_000));
      // Kills 1 and 3 are mid-posting: they fire at the next posting the target commits. They come
      // first because the item whose posting was cut keeps its posting lock until the lock's TTL
      // (60 s) runs out, and the run should not have to wait for that at its end.
      const how = k === 0 || k === 2 ? 'mid-posting' : 'random';
      kills.push({ at: Date.now() - started, how, postedBefore: postedCount() });
      if (how === 'random') kill();
      else armed = { kill };
      await victim.exited;
      expect(victim.child.signalCode).toBe('SIGKILL');
      worker = await startWorker();
    }
    expect(postedCount()).toBeLessThan(PAYMENTS); // the kills happened while the run was under way

    // The last worker finishes the run: the parent item writes the report.
    const batch = await waitFor(async () => {
      const j = await rt.queue('payment-batch').getJob(run.runId);
      const state = await j?.getState();
      // Fetched again: the job read before its state may predate its completion.
      return (state === 'completed' || state === 'failed') && { job: (await rt.queue('payment-batch').getJob(run.runId))!, state };
    }, 'the payment-batch item to finish', 480_000, 250).catch(async (err: unknown) => {
      const j = await rt.queue('payment-batch').getJob(run.runId);
      return { job: j!, state: `${await j?.getState()} (${String(err)})` };
    });
    const elapsed = Date.now() - started;
    worker.child.kill('SIGTERM');
    await worker.exited;

    // Evidence for the report of this proof.
    const logs = workers.map((w) => w.stderr()).join('');
    const stalledLines = logs.split('\n').filter((l) => l.includes('item stalled'));
    const entries = await Promise.all(run.items.map((i) => rt.queue('payment-entry').getJob(i.itemId)));
    const states = await Promise.all(entries.map(async (j) => ({ job: j!, state: await j!.getState() })));
    const stateCounts = states.reduce<Record<string, number>>((acc, s) => ((acc[s.state] = (acc[s.state] ?? 0) + 1), acc), {});
    const failed = states.filter((s) => s.state !== 'completed').map((s) => ({ id: s.job.id, state: s.state, reason: s.job.failedReason, stalledCount: s.job.stalledCounter, attemptsMade: s.job.attemptsMade, delayUntil: s.job.delay ? new Date(s.job.timestamp + s.job.delay).toISOString() : undefined }));
    const batchDeps = await batch.job?.getDependenciesCount().catch(() => undefined);
    console.log(JSON.stringify({ proof: 'crash', elapsedMs: elapsed, kills, midPostingKills, stalledEvents: stalledLines.length, jobStates: stateCounts, batch: batch.state, batchDeps, notCompleted: failed }, null, 1));

    // 1. At least five kills, some of them the instant a posting was committed.
    expect(kills.length).toBeGreaterThanOrEqual(5);
    expect(midPostingKills.length).toBeGreaterThanOrEqual(2);
    expect(stalledLines.length).toBeGreaterThan(0); // the killed workers' items were picked up again

    // 2. The target is the truth: every reference exactly once, none missing, none extra.
    const counts = ((await (await fetch(`${bank.url}/_inspect/postings`)).json()) as { countByReference: Record<string, number> }).countByReference;
    const wrong = sample.references.filter((ref) => counts[ref] !== 1).map((ref) => `${ref}: ${counts[ref] ?? 0}`);
    expect(wrong, 'references not posted exactly once').toEqual([]);
    expect(Object.keys(counts).sort()).toEqual([...sample.references].sort());
    for (const ref of midPostingKills) expect(counts[ref], `${ref} (its worker was killed as it was posted)`).toBe(1);

    // 3. Every item completed or an exception: in the item index, in BullMQ, with an exception record.
    const items = (await rt.runIndex.listByRun(run.runId)).filter((i) => i.itemId !== run.runId);
    expect(items).toHaveLength(PAYMENTS);
    const outcomes = await Promise.all(
      items.map(async (i) => {
        const job = await rt.queue('payment-entry').getJob(i.itemId);
        const state = await job?.getState();
        const exceptions = await rt.exceptions.list({ itemId: i.itemId, limit: 1 });
        return { key: i.businessKey, status: i.status, state, failedReason: job?.failedReason, exception: exceptions[0]?.id };
      }),
    );
    const neither = outcomes.filter((o) => !((o.status === 'done' && o.state === 'completed') || (o.status === 'exception' && o.exception !== undefined)));
    expect(neither, 'items that are neither completed nor an exception').toEqual([]);

    // 4. The run's report exists and accounts for every item.
    expect(batch.state).toBe('completed');
    const report = JSON.parse(readFileSync(batch.job.returnvalue.report.json, 'utf8')) as RunReport;
    expect(existsSync(batch.job.returnvalue.report.xlsx)).toBe(true);
    expect(report.counts.items).toBe(PAYMENTS);
    expect(report.counts.pending).toBe(0);
    expect(report.counts.posted + report.counts.alreadyPosted + report.counts.exceptions).toBe(PAYMENTS);
  });

  it('an item whose worker is killed three times while it runs still ends completed or as an exception', { timeout: 120_000 }, async () => {
    // BullMQ counts the times an item stalls; the worker host allows 2 (maxStalledCount), and at the
    // third BullMQ fails the item itself, without running the processor: no exception is opened.
    const file = path.join(dir, 'stall-1.xlsx');
    const executionDate = nextBusinessDay(addDays(todayIn('Europe/Berlin', new Date()), 2));
    const sample = await writeSamplePaymentFile(file, { count: 1, debitAccount: bank.state.accounts[1]!.accountNumber, executionDate, prefix: 'ST' });
    const reference = sample.references[0]!;
    const run = await dispatchFile(rt, 'payment-batch', file);
    const itemId = run.items[0]!.itemId;
    const lockKey = `${ownKeys(rt.prefix)}:post:legacy-bank:${reference}:lock`;
    for (let k = 0; k < 3; k++) {
      // The worker dies as the item asks the target whether the payment is there (postOnce's check).
      const worker = await startWorker();
      onSearch = { reference, kill: () => worker.child.kill('SIGKILL') };
      await Promise.race([worker.exited, sleep(30_000).then(() => Promise.reject(new Error(`attempt ${k + 1}: the item never searched the target`)))]);
      expect(worker.child.signalCode).toBe('SIGKILL');
      // The dead worker's posting lock would block the item for its 60 s TTL: let that time pass.
      await rt.redis.del(lockKey);
    }
    onSearch = undefined;
    const last = await startWorker();
    const batch = await waitFor(async () => {
      const j = await rt.queue('payment-batch').getJob(run.runId);
      return j?.returnvalue && j;
    }, 'the run to finish', 60_000, 250);
    const job = (await rt.queue('payment-entry').getJob(itemId))!;
    const state = await job.getState();
    const item = (await rt.items.get(itemId))!;
    const exceptions = await rt.exceptions.list({ itemId });
    const count = ((await (await fetch(`${bank.url}/_inspect/postings/${encodeURIComponent(reference)}`)).json()) as { count: number }).count;
    const report = JSON.parse(readFileSync(batch.returnvalue.report.json, 'utf8')) as RunReport;
    console.log(JSON.stringify({ proof: 'crash/stalled-thrice', state, failedReason: job.failedReason, stalledCounter: job.stalledCounter, itemStatus: item.status, exceptions: exceptions.length, postings: count, reportCounts: report.counts }));
    last.child.kill('SIGTERM');
    await last.exited;

    expect(count).toBeLessThanOrEqual(1); // never twice
    const completed = state === 'completed' && item.status === 'done' && count === 1;
    const exception = item.status === 'exception' && exceptions.length === 1;
    expect(completed || exception, `the item ended as: job ${state} (${job.failedReason ?? 'no reason'}), index status ${item.status}, ${exceptions.length} exception(s)`).toBe(true);
    expect(report.counts.pending).toBe(0);
  });
});
