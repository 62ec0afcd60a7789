/**
 * Proof, collections under crashes: a cycle over a few hundred mandates and the bank's answers to it,
 * run by a worker PROCESS (the real worker host, real Chromium) that is SIGKILLed and restarted:
 * - while the claims are planned (at a random moment);
 * - the instant the bank accepted the upload of the cycle's file, before its answer reaches the
 *   browser (the worst moment for exactly-once: the bank holds the file, we have no reference);
 * - twice while the answers (a pain.002 with rejects, a camt.054 with settlements and returns) are
 *   applied.
 *
 * Requirement: the file uploaded once; every answer applied once (each collection's history holds
 * each state once, each stopped mandate stopped once, each AM04 due for re-presentation once); every
 * item with an outcome. PROOF_COLLECTIONS sets the size (default 200).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeIBAN } from 'ibantools';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkMandateTerms, mandateKey, type LocalDate } from '../../banking/index.js';
import { collectionCycle, collectionPlan, type CollectionCycleResult } from '../../bots/collection-cycle/index.js';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { collectionAnswers, collectionReturn } from '../../bots/collection-return/index.js';
import { runRegistry } from '../../bots/registry.js';
import { legacyBankTarget } from '../../bots/targets/legacy-bank/index.js';
import { Secrets } from '../../config/secrets.js';
import type { DebtorOutcome } from '../../legacy-bank/collection-settlement.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import { createLogger } from '../../logging/logger.js';
import { ownKeys } from '../../queue/keys.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { Runtime } from '../../queue/runtime.js';
import { LogCapture, testConfig } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/collection-worker.ts', import.meta.url));
const COLLECTIONS = Number(process.env.PROOF_COLLECTIONS ?? 200);
const CREDITOR = { id: 'DE98ZZZ09999999999', name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051' };
const users = ['dd1', 'dd2', 'dd3'].map((username) => ({ username, password: randomBytes(9).toString('base64url') }));
const secretsEnv = Object.fromEntries(users.map((u) => [Secrets.envName(Secrets.accountPassword('legacy-bank', u.username)), u.password]));
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-collections-'));

let bank: LegacyBankHandle;
let rt: Runtime;
let ledger: CollectionLedger;
const workers: WorkerProcess[] = [];
/** Armed: the worker is killed the instant the bank accepts the next upload. */
let armed: (() => void) | undefined;
const kills: string[] = [];

const iban = (k: number) => composeIBAN({ countryCode: 'DE', bban: `${String(50010517 + (k % 5)).padStart(8, '0')}${String(100_000_000 + k * 13).padStart(10, '0')}` })!;
const umr = (k: number) => `CRASH-DD-${String(k).padStart(4, '0')}`;
/** Every tenth debtor's bank answers with a reason; the others settle. */
const OUTCOMES: DebtorOutcome[] = ['closed', 'blocked', 'no-mandate', 'deceased', 'refuses', 'refunds', 'insufficient-funds'];
const outcomeOf = (k: number): DebtorOutcome | undefined => (k % 10 === 3 ? OUTCOMES[Math.floor(k / 10) % OUTCOMES.length] : undefined);

async function startWorker(): Promise<WorkerProcess> {
  const worker = startWorkerProcess(FIXTURE, { config: rt.config, env: secretsEnv, logFile: path.join(dir, `worker-${workers.length + 1}.log`) });
  workers.push(worker);
  await worker.ready;
  return worker;
}

async function kill(worker: WorkerProcess, why: string): Promise<WorkerProcess> {
  worker.child.kill('SIGKILL');
  await worker.exited;
  expect(worker.child.signalCode).toBe('SIGKILL');
  kills.push(why);
  return startWorker();
}

beforeAll(async () => {
  bank = await startLegacyBank({ port: 0, users, inspection: true, customers: 2, idleTimeoutSec: 600 });
  const files = bank.state.collectionFiles;
  const add = files.add.bind(files);
  files.add = (...args: Parameters<typeof files.add>) => {
    const accepted = add(...args);
    const fire = armed;
    armed = undefined;
    fire?.();
    return accepted;
  };
  for (let k = 0; k < COLLECTIONS; k++) {
    const o = outcomeOf(k);
    if (o) files.debtorOutcomes.set(iban(k), o);
  }
  const target = { baseUrl: bank.url, accounts: users.map(({ username }) => ({ username })), leaseTtlMs: 2_000, leaseWaitMs: 1_000, unavailableDelayMs: 300, breaker: { failureThreshold: 1_000_000, coolDownMs: 1_000 } };
  const config = testConfig({
    dataDir: path.join(dir, 'data'),
    log: { level: 'info' },
    worker: { shutdownGraceMs: 2_000, lockDurationMs: 4_000, stalledIntervalMs: 2_000 },
    directDebits: { creditors: [CREDITOR] },
    bots: {
      'collection-plan': { concurrency: 4, attempts: 6, backoffMs: 200 },
      'collection-cycle': { attempts: 6, backoffMs: 200 },
      'collection-return': { concurrency: 4, attempts: 6, backoffMs: 200 },
      'collection-answers': { attempts: 6, backoffMs: 200 },
    },
    targets: { 'legacy-bank': target },
  });
  const bots = [collectionPlan, collectionCycle, collectionAnswers, collectionReturn];
  rt = new Runtime(config, Secrets.load(undefined, secretsEnv), inject('redisUrl'), createLogger({ level: 'info', destination: new LogCapture().stream }), new Map(bots.map((b) => [b.name, b])), new Map([[legacyBankTarget.name, legacyBankTarget]]), runRegistry());
  ledger = new CollectionLedger(rt.redis, ownKeys(rt.prefix));
  for (let k = 0; k < COLLECTIONS; k++) {
    const terms = checkMandateTerms(
      { umr: umr(k), creditorId: CREDITOR.id, creditorName: CREDITOR.name, debtorName: `Debtor ${k}`, debtorAddress: [], debtorIban: iban(k), scheme: 'CORE', type: 'recurrent', signedOn: '2026-10-01', signedAt: 'Berlin' },
      { today: '2026-12-01' as LocalDate },
    );
    await ledger.mandates.record(mandateKey(terms), terms, 'proof: the register');
  }
});

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await rt?.close();
  await bank?.close();
});

describe('proof: a collection cycle and its answers with a worker killed at the worst moments', () => {
  it(`uploads the file of ${COLLECTIONS} collections once and applies every answer once`, { timeout: 600_000 }, async () => {
    const started = Date.now();
    const claims = path.join(dir, 'claims.csv');
    writeFileSync(claims, ['Mandate reference;Amount;Collection date;Pre-notification date', ...Array.from({ length: COLLECTIONS }, (_, k) => `${umr(k)};${10 + (k % 90)},${String(k % 100).padStart(2, '0')};05.01.2027;01.12.2026`)].join('\n') + '\n');
    const run = await dispatchFile(rt, 'collection-cycle', claims);
    let worker = await startWorker();
    // Killed while the claims are planned, then the instant the bank accepts the file.
    await waitFor(async () => (await rt.queue('collection-plan').getActiveCount()) > 0, 'claims being planned', 60_000);
    await sleep(300 + Math.random() * 700);
    worker = await kill(worker, 'planning');
    const uploaded = new Promise<void>((resolve) => (armed = resolve));
    await uploaded;
    worker = await kill(worker, 'upload accepted, answer not yet read');
    const cycle = (await waitFor(async () => (await rt.queue('collection-cycle').getJob(run.runId))?.returnvalue, 'the cycle', 300_000, 250)) as CollectionCycleResult;
    expect(cycle.counts).toMatchObject({ claims: COLLECTIONS, planned: COLLECTIONS, exceptions: 0, pending: 0 });
    expect(cycle.file?.submitted.outcome).toBe('already-submitted');
    expect(bank.state.collectionFiles.byMessageId(run.runId)).toHaveLength(1);

    // The bank's answers, applied under two kills.
    const answers = bank.state.collectionFiles.settle(Date.now(), () => false).sort((a, b) => (a.kind < b.kind ? 1 : -1));
    const runs = [];
    for (const a of answers) {
      const file = path.join(dir, a.name);
      writeFileSync(file, a.xml);
      runs.push(await dispatchFile(rt, 'collection-answers', file));
    }
    // Killed once a quarter of the collections have their answer, and again at 60%.
    const answered = async () => (await ledger.ofRun(run.runId)).filter((c) => c.state !== 'submitted').length;
    for (const share of [0.25, 0.6]) {
      await waitFor(async () => (await answered()) >= COLLECTIONS * share || undefined, `${share * 100}% answered`, 120_000, 20);
      const done = await answered();
      worker = await kill(worker, `applying answers: ${done} of ${COLLECTIONS} collections answered`);
      expect(done).toBeLessThan(COLLECTIONS);
    }
    for (const r of runs) await waitFor(async () => (await rt.queue('collection-answers').getJob(r.runId))?.returnvalue, 'the answers report', 300_000, 250);
    worker.child.kill('SIGTERM');
    await worker.exited;

    // Every answer once: each collection's history has each state once; what came back is where it should be.
    const collections = await ledger.ofRun(run.runId);
    expect(collections).toHaveLength(COLLECTIONS);
    const twice = collections.filter((c) => new Set(c.history.map((h) => h.state)).size !== c.history.length).map((c) => c.endToEndId);
    expect(twice, 'collections with a state applied twice').toEqual([]);
    const expected = (k: number) => ({ closed: 'rejected', blocked: 'rejected', 'no-mandate': 'rejected', deceased: 'returned', refuses: 'returned', refunds: 'refunded', 'insufficient-funds': 're-presented' })[outcomeOf(k) ?? 'settled' as never] ?? 'settled';
    const wrong = collections.filter((c) => c.state !== expected(Number(c.umr.slice(-4)))).map((c) => `${c.umr}: ${c.state}`);
    expect(wrong).toEqual([]);
    const stopped = await Promise.all(Array.from({ length: COLLECTIONS }, (_, k) => ledger.mandateState(mandateKey({ creditorId: CREDITOR.id, umr: umr(k) }))));
    expect(stopped.filter((s) => s.stopped).length).toBe(Array.from({ length: COLLECTIONS }, (_, k) => outcomeOf(k)).filter((o) => ['closed', 'blocked', 'no-mandate', 'deceased'].includes(o ?? '')).length);
    const due = await rt.redis.smembers(`${ownKeys(rt.prefix)}dd:represent-due`);
    expect(due.sort()).toEqual(collections.filter((c) => c.state === 're-presented').map((c) => c.endToEndId).sort());
    console.log(JSON.stringify({ proof: 'collection-crash', collections: COLLECTIONS, kills, uploads: bank.state.collectionFiles.byMessageId(run.runId).length, seconds: Math.round((Date.now() - started) / 1000) }));
    expect(kills).toHaveLength(4);
  });
});
