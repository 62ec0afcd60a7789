/**
 * Proof, mandates under crashes: a sheet of new mandates (28 in npm test; PROOF_MANDATES sets the
 * size), then a sheet amending some of them, entered on the green-screen register by a worker
 * PROCESS (the real worker host, real Chromium) that is SIGKILLed and restarted: at random moments
 * while items run, and "mid-commit", the instant the register commits an add or an amendment and
 * before its answer reaches the terminal (the worst moment for exactly-once). Four kills: three
 * mid-commit (two adds, an amendment) and one at a random moment.
 *
 * Requirement: every UMR in the register once (one add attempt per key: the retry inquires first),
 * every amendment applied once (one amendment recorded per amended mandate), every item completed
 * or an exception, both runs' reports written.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mandateBatch, type MandateRunReport } from '../../bots/mandate-batch/index.js';
import { mandateEntry } from '../../bots/mandate-entry/index.js';
import { runRegistry } from '../../bots/registry.js';
import { mandateHostTarget } from '../../bots/targets/mandate-host/index.js';
import { Secrets } from '../../config/secrets.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import { createLogger } from '../../logging/logger.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { Runtime } from '../../queue/runtime.js';
import { LogCapture, testConfig } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/mandate-worker.ts', import.meta.url));
const MANDATES = Number(process.env.PROOF_MANDATES ?? 28);
const AMENDMENTS = Math.max(8, Math.round(MANDATES / 8));
const users = ['host1', 'host2', 'host3', 'host4', 'host5', 'host6'].map((username) => ({ username, password: randomBytes(9).toString('base64url') }));
const secretsEnv = Object.fromEntries(users.map((u) => [Secrets.envName(Secrets.accountPassword('mandate-host', u.username)), u.password]));
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-mandates-'));
const rand = (min: number, max: number) => min + Math.random() * (max - min);

let bank: LegacyBankHandle;
let rt: Runtime;
const workers: WorkerProcess[] = [];
/** Armed: the worker is killed the instant the register commits its next add or amendment. */
let armed: (() => void) | undefined;
const midCommitKills: string[] = [];

async function startWorker(): Promise<WorkerProcess> {
  const worker = startWorkerProcess(FIXTURE, { config: rt.config, env: secretsEnv, logFile: path.join(dir, `worker-${workers.length + 1}.log`) });
  workers.push(worker);
  await worker.ready;
  return worker;
}

beforeAll(async () => {
  // The keyboard lock shortened to 20–100 ms: this proof is about kills (the lock has its own tests and the terminal-faults proof).
  bank = await startLegacyBank({ port: 0, users, inspection: true, customers: 2, idleTimeoutSec: 600, hostLockMs: { min: 20, max: 100 } });
  const register = bank.state.host.register;
  const fire = (what: string) => {
    if (!armed) return;
    const kill = armed;
    armed = undefined;
    midCommitKills.push(what);
    kill();
  };
  const add = register.add.bind(register);
  register.add = (...args: Parameters<typeof register.add>) => {
    const r = add(...args);
    if (r) fire(`add ${args[0].umr}`);
    return r;
  };
  const amend = register.amend.bind(register);
  register.amend = (...args: Parameters<typeof register.amend>) => {
    const r = amend(...args);
    fire(`amend ${args[0].umr}`);
    return r;
  };
  const target = { baseUrl: bank.url, accounts: users.map(({ username }) => ({ username })), leaseTtlMs: 2_000, leaseWaitMs: 1_000, unavailableDelayMs: 300, breaker: { failureThreshold: 1_000_000, coolDownMs: 1_000 } };
  const config = testConfig({
    dataDir: path.join(dir, 'data'),
    log: { level: 'info' },
    worker: { shutdownGraceMs: 2_000, lockDurationMs: 4_000, stalledIntervalMs: 2_000 },
    bots: { 'mandate-entry': { concurrency: 6, attempts: 6, backoffMs: 200 }, 'mandate-batch': { attempts: 5, backoffMs: 200 } },
    targets: { 'mandate-host': target },
  });
  rt = new Runtime(config, Secrets.load(undefined, secretsEnv), inject('redisUrl'), createLogger({ level: 'info', destination: new LogCapture().stream }),
    new Map([mandateEntry, mandateBatch].map((b) => [b.name, b])), new Map([[mandateHostTarget.name, mandateHostTarget]]), runRegistry());
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await rt?.close();
  await bank?.close();
});

const HEADER = 'Mandate reference;Creditor identifier;Creditor name;Debtor name;Street;Town;Country;IBAN;BIC;Scheme;Type;Date of signature;Place of signature;Action';
const IBANS = ['DE89370400440532013000', 'DE02120300000000202051', 'NL91ABNA0417164300'];
const row = (i: number, iban: string, action = '') =>
  [`CRASH-${String(i).padStart(3, '0')}`, 'DE98ZZZ09999999999', 'Stadtwerke Musterstadt GmbH', `Debtor ${i}`, `Street ${i}`, '10115 Berlin', 'DE', iban, '', 'CORE', 'RCUR', '01.11.2026', 'Berlin', action].join(';');

/** Runs a sheet to its report under kills: `random` ones once items run, `midCommit` ones at the next commit. */
async function runUnderKills(file: string, kills: ('random' | 'mid-commit')[]): Promise<MandateRunReport> {
  const run = await dispatchFile(rt, 'mandate-batch', file);
  let worker = await startWorker();
  for (const how of kills) {
    await waitFor(async () => (await rt.queue('mandate-entry').getActiveCount()) > 0, 'items in progress', 60_000);
    const victim = worker;
    if (how === 'random') {
      await sleep(rand(1_000, 3_000));
      victim.child.kill('SIGKILL');
    } else armed = () => victim.child.kill('SIGKILL');
    await victim.exited;
    expect(victim.child.signalCode).toBe('SIGKILL');
    worker = await startWorker();
  }
  const job = await waitFor(async () => {
    const j = await rt.queue('mandate-batch').getJob(run.runId);
    return j?.returnvalue && j;
  }, 'the run report', 420_000, 250);
  worker.child.kill('SIGTERM');
  await worker.exited;
  return JSON.parse(readFileSync(job.returnvalue.report.json, 'utf8')) as MandateRunReport;
}

describe('proof: mandates on the green screen with a worker killed at random moments', () => {
  it(`enters each of ${MANDATES} mandates once and applies each of ${AMENDMENTS} amendments once`, { timeout: 900_000 }, async () => {
    const adds = path.join(dir, 'mandates.csv');
    writeFileSync(adds, [HEADER, ...Array.from({ length: MANDATES }, (_, i) => row(i + 1, IBANS[i % IBANS.length]!))].join('\n') + '\n');
    const first = await runUnderKills(adds, ['mid-commit', 'random', 'mid-commit']);

    const amend = path.join(dir, 'amendments.csv');
    writeFileSync(amend, [HEADER, ...Array.from({ length: AMENDMENTS }, (_, i) => row(i + 1, 'DE62370400440532013001', 'amendment'))].join('\n') + '\n');
    const second = await runUnderKills(amend, ['mid-commit']);
    console.log(JSON.stringify({ proof: 'mandate-crash', mandates: MANDATES, amendments: AMENDMENTS, kills: 4, midCommitKills, first: first.counts, second: second.counts }));

    // Four kills, three of them the instant the register committed.
    expect(midCommitKills.filter((k) => k.startsWith('add')).length).toBeGreaterThanOrEqual(2);
    expect(midCommitKills.some((k) => k.startsWith('amend'))).toBe(true);
    // The register is the truth: every UMR once, added once; every amendment once.
    const register = (await (await fetch(`${bank.url}/_inspect/mandates`)).json()) as { mandates: { umr: string; iban: string; amendments: unknown[] }[]; addAttempts: Record<string, number> };
    expect(register.mandates.map((m) => m.umr).sort()).toEqual(Array.from({ length: MANDATES }, (_, i) => `CRASH-${String(i + 1).padStart(3, '0')}`));
    const twice = Object.entries(register.addAttempts).filter(([, n]) => n !== 1);
    expect(twice, 'keys added more than once').toEqual([]);
    const amended = register.mandates.filter((m) => m.amendments.length > 0);
    expect(amended).toHaveLength(AMENDMENTS);
    expect(amended.every((m) => m.amendments.length === 1 && m.iban === 'DE62370400440532013001')).toBe(true);
    // Both runs account for every item.
    expect(first.counts).toMatchObject({ items: MANDATES, pending: 0, exceptions: 0 });
    expect(first.counts.entered + first.counts.alreadyEntered).toBe(MANDATES);
    expect(second.counts).toMatchObject({ items: AMENDMENTS, pending: 0, exceptions: 0 });
    expect(second.counts.amended + second.counts.alreadyAmended).toBe(AMENDMENTS);
  });
});
