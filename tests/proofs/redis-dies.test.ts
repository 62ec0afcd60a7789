/**
 * Proof: Redis is SIGKILLed in the middle of a payment run and comes back by itself.
 *
 * The run's Redis is a private, supervised redis-server of this test (the suite's Redis must not
 * die): it is killed with SIGKILL twice while payments are being entered by the real worker host
 * (payment-entry + payment-batch, real Chromium, the simulator over HTTP). Nobody restarts it: the
 * supervisor does, from its append-only file, on the same port. The workers reconnect on their own.
 *
 * Requirement (issue 11, "Redis dies, and comes back"): it comes back by itself; every payment is
 * posted exactly once, none lost; every item ends completed (or as an exception for a person); the
 * run's report is written; the worker says "redis down" and "redis back" once per outage.
 *
 * PROOF_REDIS_PAYMENTS (default 24) sets the run's size.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, nextBusinessDay, todayIn } from '../../banking/index.js';
import { paymentBatch, type RunReport } from '../../bots/payment-batch/index.js';
import { paymentEntry } from '../../bots/payment-entry/index.js';
import { legacyBankTarget } from '../../bots/targets/legacy-bank/index.js';
import { writeSamplePaymentFile } from '../../cli/sample-payment-file.js';
import { Secrets } from '../../config/secrets.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import { createLogger } from '../../logging/logger.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../queue/embedded-redis.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { Runtime } from '../../queue/runtime.js';
import { runRegistry } from '../../bots/registry.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { LogCapture, testConfig } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';

const PAYMENTS = Number(process.env.PROOF_REDIS_PAYMENTS ?? 24);
const users = ['bot1', 'bot2'].map((username) => ({ username, password: randomBytes(9).toString('base64url') }));
const secretsEnv = Object.fromEntries(users.map((u) => [Secrets.envName(Secrets.accountPassword('legacy-bank', u.username)), u.password]));
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-redis-'));
const supervisorLines: string[] = [];
const workerLog = new LogCapture();

let bank: LegacyBankHandle;
let redis: EmbeddedRedis;
let rt: Runtime;
let host: WorkerHost;

beforeAll(async () => {
  bank = await startLegacyBank({ port: 0, users, inspection: true, customers: 2, idleTimeoutSec: 600 });
  redis = await startEmbeddedRedis({
    dataDir: dir,
    name: 'proof-redis',
    log: {
      info: (_o, msg) => void supervisorLines.push(msg),
      warn: (_o, msg) => void supervisorLines.push(msg),
      error: (_o, msg) => void supervisorLines.push(msg),
    },
  });
  const config = testConfig({
    dataDir: path.join(dir, 'data'),
    log: { level: 'info' },
    worker: { shutdownGraceMs: 3_000, lockDurationMs: 3_000, stalledIntervalMs: 1_500 },
    bots: { 'payment-entry': { concurrency: 2, attempts: 8, backoffMs: 300 }, 'payment-batch': { attempts: 8, backoffMs: 300 } },
    targets: {
      'legacy-bank': {
        baseUrl: bank.url,
        accounts: users.map(({ username }) => ({ username })),
        leaseTtlMs: 3_000,
        leaseWaitMs: 2_000,
        unavailableDelayMs: 300,
        breaker: { failureThreshold: 1_000_000, coolDownMs: 1_000 },
      },
    },
  });
  rt = new Runtime(config, Secrets.load(undefined, secretsEnv), redis.url, createLogger({ level: 'info', pretty: 'never', destination: workerLog.stream }),
    new Map([paymentEntry, paymentBatch].map((b) => [b.name, b])), new Map([[legacyBankTarget.name, legacyBankTarget]]), runRegistry());
  host = new WorkerHost(rt);
  await host.start();
});

afterAll(async () => {
  await host?.shutdown(2_000);
  await rt?.close();
  await redis?.stop();
  await bank?.close();
  rmSync(dir, { recursive: true, force: true });
});

const posted = () => bank.state.postings.list().length;

describe('proof: Redis killed in the middle of a payment run', () => {
  it(`comes back by itself, and each of ${PAYMENTS} payments is posted exactly once`, { timeout: 420_000 }, async () => {
    const file = path.join(dir, 'redis-dies.xlsx');
    const executionDate = nextBusinessDay(addDays(todayIn('Europe/Berlin', new Date()), 2));
    const sample = await writeSamplePaymentFile(file, { count: PAYMENTS, debitAccount: bank.state.accounts[0]!.accountNumber, executionDate, prefix: 'RD' });
    const run = await dispatchFile(rt, 'payment-batch', file);
    expect(run.items).toHaveLength(PAYMENTS);

    const kills: { pid: number; postedBefore: number }[] = [];
    for (const after of [Math.ceil(PAYMENTS / 5), Math.ceil(PAYMENTS / 2)]) {
      await waitFor(() => posted() >= after, `${after} postings`, 180_000, 100);
      const pid = redis.pid!;
      kills.push({ pid, postedBefore: posted() });
      process.kill(pid, 'SIGKILL');
      // It comes back by itself (nobody here restarts it), on the same port.
      await waitFor(() => redis.restarts >= kills.length && redis.pid !== pid, 'the supervisor to start Redis again', 30_000);
      await sleep(500);
    }
    expect(kills.every((k) => k.postedBefore < PAYMENTS)).toBe(true);

    const batch = await waitFor(async () => {
      const j = await rt.queue('payment-batch').getJob(run.runId);
      return (await j?.getState()) === 'completed' && (await rt.queue('payment-batch').getJob(run.runId))!;
    }, 'the run to finish', 300_000, 250);

    // Exactly once, none lost: the target is the truth.
    const counts = ((await (await fetch(`${bank.url}/_inspect/postings`)).json()) as { countByReference: Record<string, number> }).countByReference;
    const wrong = sample.references.filter((ref) => counts[ref] !== 1).map((ref) => `${ref}: ${counts[ref] ?? 0}`);
    expect(wrong, 'references not posted exactly once').toEqual([]);
    expect(Object.keys(counts).sort()).toEqual([...sample.references].sort());

    // Every item completed; the report accounts for each.
    const items = (await rt.runIndex.listByRun(run.runId)).filter((i) => i.itemId !== run.runId);
    expect(items.filter((i) => i.status !== 'done').map((i) => `${i.businessKey}: ${i.status}`)).toEqual([]);
    const report = JSON.parse(readFileSync(batch.returnvalue.report.json, 'utf8')) as RunReport;
    expect(report.counts.items).toBe(PAYMENTS);
    expect(report.counts.posted + report.counts.alreadyPosted).toBe(PAYMENTS);

    // Said once per outage, by the supervisor and by the worker.
    expect(supervisorLines.filter((l) => l.startsWith('redis-server died')).length).toBe(2);
    expect(supervisorLines.filter((l) => l === 'redis-server is back').length).toBe(2);
    const msgs = workerLog.records.map((r) => String(r.msg));
    expect(msgs.filter((m) => m.startsWith('redis down')).length).toBe(2);
    expect(msgs.filter((m) => m.startsWith('redis back')).length).toBe(2);
    console.log(JSON.stringify({ proof: 'redis-dies', payments: PAYMENTS, kills, restarts: redis.restarts, workerLines: workerLog.lines.length }));
  });
});
