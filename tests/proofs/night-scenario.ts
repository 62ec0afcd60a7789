/**
 * The accelerated night of the soak proofs (night-soak.test.ts on a supervised Redis, night-sentinel
 * .test.ts on Redis under Sentinel): a plan of more than 1,000 items over the night's run kinds (the
 * day's statements, a payment file, a creditor's collections and the bank's two answers to them, the
 * day's reconciliation), started by its schedule in a scheduler process and run by three worker
 * processes (the real worker host, real Chromium, the simulator over HTTP). During the night Redis goes
 * down (the variant says how), a worker process is SIGKILLed and another started, and the bank goes
 * into maintenance for a few seconds. The bank's answers to the collection file come as files while
 * the night runs; their steps wait for them.
 *
 * Requirement (issue 16): every scheduled run started exactly once; every item with exactly one
 * outcome; nothing posted, uploaded or applied twice; the morning summary's counts equal what the
 * simulator's inspection API reports.
 *
 * PROOF_NIGHT_PAYMENTS (default 40) and PROOF_NIGHT_COLLECTIONS (default 530) set the size.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeIBAN } from 'ibantools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, BankCalendar, checkMandateTerms, mandateKey, todayIn, zonedParts, type LocalDate } from '../../banking/index.js';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { runRegistry, targetRegistry, BOTS } from '../../bots/registry.js';
import { writeSamplePaymentFile } from '../../cli/sample-payment-file.js';
import { Secrets } from '../../config/secrets.js';
import type { DebtorOutcome } from '../../legacy-bank/collection-settlement.js';
import { startLegacyBank, type LegacyBankHandle } from '../../legacy-bank/server.js';
import { createLogger } from '../../logging/logger.js';
import { OUTCOME_STATUSES, type ItemRecord } from '../../queue/item-index.js';
import { ownKeys } from '../../queue/keys.js';
import { PlanBook, type MorningSummary } from '../../queue/plans/index.js';
import { Runtime } from '../../queue/runtime.js';
import { ScheduleBook } from '../../queue/schedules/index.js';
import { LogCapture, testConfig } from '../helpers/runtime.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/night-worker.ts', import.meta.url));

/** The night's Redis: where it is, and how it goes down in the middle of the night. */
export interface NightRedis {
  url: string;
  /** Set for Redis under Sentinel: the workers connect through the sentinels. */
  sentinel?: { name: string; nodes: { host: string; port: number }[] };
  /** Takes Redis down (SIGKILL) and resolves once it is back or failed over, saying what happened. */
  kill(): Promise<string>;
  /** Checks at the end (the supervisor's log, the failover). */
  verify(): void;
  stop(): Promise<void>;
}
const PAYMENTS = Number(process.env.PROOF_NIGHT_PAYMENTS ?? 40);
const COLLECTIONS = Number(process.env.PROOF_NIGHT_COLLECTIONS ?? 530);
const TZ = 'Europe/Luxembourg';
const CREDITOR = { id: 'DE98ZZZ09999999999', name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051' };
const users = ['n1', 'n2', 'n3', 'n4'].map((username) => ({ username, password: randomBytes(9).toString('base64url') }));
const secretsEnv = Object.fromEntries(users.map((u) => [Secrets.envName(Secrets.accountPassword('legacy-bank', u.username)), u.password]));
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-night-'));

const iban = (k: number) => composeIBAN({ countryCode: 'DE', bban: `${String(50010517 + (k % 5)).padStart(8, '0')}${String(100_000_000 + k * 13).padStart(10, '0')}` })!;
const umr = (k: number) => `NIGHT-DD-${String(k).padStart(5, '0')}`;
const OUTCOMES: DebtorOutcome[] = ['closed', 'deceased', 'refuses', 'insufficient-funds'];
const outcomeOf = (k: number): DebtorOutcome | undefined => (k % 20 === 7 ? OUTCOMES[Math.floor(k / 20) % OUTCOMES.length] : undefined);
const dmy = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

let bank: LegacyBankHandle;
let redis: NightRedis;
let rt: Runtime;
const processes: WorkerProcess[] = [];
const events: string[] = [];
let began = 0;
const note = (what: string) => events.push(`${Math.round((Date.now() - began) / 1000)} s: ${what}`);

function start(role: 'worker' | 'scheduler'): WorkerProcess {
  const p = startWorkerProcess(FIXTURE, { config: rt.config, env: { ...secretsEnv, NIGHT_ROLE: role }, logFile: path.join(dir, `${role}-${processes.length + 1}.log`), redisUrl: redis.url });
  processes.push(p);
  return p;
}

const calendar = new BankCalendar({});
/** The night's start (set once the rest is ready): the next whole minute at least 12 s away, the processes start in the meantime. */
let startAt = 0;
let day = '' as LocalDate;
const hhmm = (m: number) => `${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const cron = (m: number) => `cron ${m % 60} ${Math.floor((m % 1440) / 60)} * * *`;

export function nightSoak(variant: string, makeRedis: (dir: string) => Promise<NightRedis>): void {
beforeAll(async () => {
  bank = await startLegacyBank({ port: 0, users, inspection: true, customers: 4, idleTimeoutSec: 900 });
  for (let k = 0; k < COLLECTIONS; k++) {
    const o = outcomeOf(k);
    if (o) bank.state.collectionFiles.debtorOutcomes.set(iban(k), o);
  }
  redis = await makeRedis(path.join(dir, 'redis'));
  const accounts = bank.state.accounts.slice(0, 4).map((a) => a.accountNumber);
  const minutes = 0; // placeholders: the times are set below, once the register is seeded
  const input = path.join(dir, 'night-input');
  mkdirSync(path.join(input, 'answers'), { recursive: true });
  const config = testConfig({
    dataDir: path.join(dir, 'data'),
    log: { level: 'info' },
    ...(redis.sentinel ? { redis: { sentinel: redis.sentinel } } : {}),
    banking: { timeZone: TZ },
    worker: { shutdownGraceMs: 3_000, lockDurationMs: 10_000, stalledIntervalMs: 5_000, planCheckMs: 500 },
    directDebits: { creditors: [CREDITOR] },
    bots: Object.fromEntries(BOTS.map((b) => [b.name, { concurrency: ['payment-entry', 'collection-plan', 'collection-return', 'reconcile-break'].includes(b.name) ? 3 : 1, attempts: 8, backoffMs: 300 }])),
    targets: { 'legacy-bank': { baseUrl: bank.url, accounts: users.map(({ username }) => ({ username })), leaseTtlMs: 5_000, leaseWaitMs: 3_000, unavailableDelayMs: 500, breaker: { failureThreshold: 1_000_000, coolDownMs: 1_000 } } },
    schedules: [{ name: 'statements-check', run: 'statements-of-day', params: { accounts: accounts.slice(0, 1), day: 'same-day' }, when: cron(minutes + 1), timeZone: TZ, onNonBusinessDay: 'run', graceMinutes: 2 }],
    plans: [
      {
        name: 'night',
        when: cron(minutes),
        timeZone: TZ,
        onNonBusinessDay: 'run',
        graceMinutes: 2,
        deadline: hhmm(minutes + 45),
        steps: [
          { name: 'statements', run: 'statements-of-day', params: { accounts, format: 'camt053' } },
          { name: 'payments', run: 'payment-batch', params: { file: path.join(input, 'payments-{day}.xlsx') } },
          { name: 'collections', run: 'collection-cycle', params: { file: path.join(input, 'claims-{day}.csv') } },
          { name: 'status-report', run: 'collection-answers', params: { file: path.join(input, 'answers', 'pain002-{day}.xml') }, after: ['collections'], waitForFileMinutes: 10 },
          { name: 'settlements', run: 'collection-answers', params: { file: path.join(input, 'answers', 'camt054-{day}.xml') }, after: ['status-report'], needs: 'end', waitForFileMinutes: 10 },
          { name: 'reconcile', run: 'reconcile-day', params: { file: path.join(input, 'ledger-{previousBusinessDay}.csv') }, after: ['statements'], needs: 'end' },
        ],
      },
    ],
  });
  rt = new Runtime(config, Secrets.load(undefined, secretsEnv), redis.url, createLogger({ level: 'warn', destination: new LogCapture().stream }), new Map(BOTS.map((b) => [b.name, b])), targetRegistry(), runRegistry());

  const ledger = new CollectionLedger(rt.redis, ownKeys(rt.prefix));
  for (let k = 0; k < COLLECTIONS; k++) {
    const terms = checkMandateTerms(
      { umr: umr(k), creditorId: CREDITOR.id, creditorName: CREDITOR.name, debtorName: `Debtor ${k}`, debtorAddress: [], debtorIban: iban(k), scheme: 'CORE', type: 'recurrent', signedOn: addDays(todayIn(TZ, new Date()), -60), signedAt: 'Berlin' },
      { today: addDays(todayIn(TZ, new Date()), -10) as LocalDate },
    );
    await ledger.mandates.record(mandateKey(terms), terms, 'proof: the register');
  }
  startAt = Math.ceil((Date.now() + 12_000) / 60_000) * 60_000;
  const at = zonedParts(TZ, new Date(startAt));
  day = at.date;
  rt.config.plans[0]!.when = cron(at.minutes);
  rt.config.plans[0]!.deadline = hhmm(at.minutes + 45);
  rt.config.schedules[0]!.when = cron(at.minutes + 1);
  const statementDay = calendar.businessDayFrom(addDays(day, -1), -1);

  // The night's input, as the books and the creditor leave it in the evening.
  await writeSamplePaymentFile(path.join(input, `payments-${day}.xlsx`), { count: PAYMENTS, debitAccount: accounts[0]!, executionDate: calendar.businessDayFrom(addDays(day, 3), 1), prefix: 'NT' });
  const collectionDate = calendar.businessDayFrom(addDays(day, 30), 1);
  writeFileSync(path.join(input, `claims-${day}.csv`), ['Mandate reference;Amount;Collection date;Pre-notification date', ...Array.from({ length: COLLECTIONS }, (_, k) => `${umr(k)};${10 + (k % 90)},${String(k % 100).padStart(2, '0')};${dmy(collectionDate)};${dmy(addDays(day, -4))}`)].join('\n') + '\n');
  writeFileSync(path.join(input, `ledger-${statementDay}.csv`), ['Entry id;Account;Value date;Amount;Counterparty;End-to-end id', ...accounts.map((a, i) => `NL${i};${a};${statementDay};-${100 + i},00;Night supplier ${i};NL-${i}`)].join('\n') + '\n');
});

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  await rt?.close();
  await redis?.stop();
  await bank?.close();
});

/** What the night did so far, printed when the proof fails: each step's state and its run's items by status, and the open exceptions. */
async function nightState(): Promise<unknown> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const night = (await book.nights(1))[0];
  const steps = night ? Object.entries((await book.get(night.night.id))?.steps ?? {}) : [];
  return {
    events,
    steps: await Promise.all(steps.map(async ([name, st]) => ({ name, state: st.state, reason: st.reason, runId: st.runId, items: st.runId ? await rt.runIndex.runCounts(st.runId) : undefined }))),
    exceptions: (await rt.exceptions.list({ status: 'open', limit: 20 })).map((e) => `${e.bot} ${e.businessKey}: ${e.reason}`),
    bank: { postings: bank.state.postings.list().length, collectionFiles: bank.state.collectionFiles.list().length },
  };
}

describe(`proof: an accelerated night with Redis (${variant}), a worker and the bank going down`, () => {
  it(`starts each scheduled run once and gives each of more than 1,000 items one outcome (${PAYMENTS} payments, ${COLLECTIONS} collections)`, { timeout: 900_000 + Math.max(0, PAYMENTS - 40) * 3_000 }, async () => {
    try {
      await theNight();
    } catch (err) {
      console.log(JSON.stringify({ proof: `night-soak (${variant}) failed`, night: await nightState().catch((e: unknown) => String(e)), logs: dir }));
      throw err;
    }
  });
});

async function theNight(): Promise<void> {
  began = Date.now();
  const scheduler = start('scheduler');
  let workers = [start('worker'), start('worker'), start('worker')];
  await Promise.all([scheduler.ready, ...workers.map((w) => w.ready)]);
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const posted = () => bank.state.postings.list().length;

  const night = await waitFor(async () => (await book.nights(1))[0], 'the night to start on its schedule', 120_000, 250);
  expect(night.night).toMatchObject({ plan: 'night', plannedAt: startAt, via: 'tick' });
  note(`night started ${Math.round((night.night.startedAt - startAt) / 1000)} s after its planned start`);

  // Redis dies once a fifth of the payments are in.
  await waitFor(() => posted() >= PAYMENTS / 5, 'a fifth of the payments', 300_000, 100);
  const at = posted();
  expect(at, 'Redis dies while payments are still being entered').toBeLessThan(PAYMENTS);
  note(`${await redis.kill()} at ${at} payments posted`);

  // A worker dies half-way through the payments; another is started.
  await waitFor(() => posted() >= PAYMENTS / 2, 'half the payments', 300_000, 100);
  const victim = workers[0]!;
  victim.child.kill('SIGKILL');
  await victim.exited;
  note(`worker ${victim.child.pid} SIGKILLed at ${posted()} payments posted`);
  workers = [...workers.slice(1), start('worker')];
  await workers[2]!.ready;

  // The bank goes into maintenance for a few seconds.
  await waitFor(() => posted() >= (PAYMENTS * 3) / 4, 'three quarters of the payments', 300_000, 100);
  bank.state.settings.maintenance.now = true;
  note(`bank in maintenance at ${posted()} payments posted`);
  await sleep(6_000);
  bank.state.settings.maintenance.now = false;

  // The bank answers the collection file (overnight): a status report and a notification, as files.
  await waitFor(() => bank.state.collectionFiles.list().length > 0, 'the collection file at the bank', 600_000, 250);
  const answers = bank.state.collectionFiles.settle(Date.now(), () => false);
  expect(answers.map((a) => a.kind).sort()).toEqual(['camt.054', 'pain.002']);
  for (const a of answers) writeFileSync(path.join(dir, 'night-input', 'answers', `${a.kind === 'pain.002' ? 'pain002' : 'camt054'}-${day}.xml`), a.xml);
  note('answers delivered');

  const ended = await waitFor(async () => {
    const s = await book.get(night.night.id);
    return s?.night.endedAt && s;
  }, 'the night to end', 600_000, 500);
  const summary = (await book.summary<MorningSummary>(night.night.id))!;
  note(`night ended after ${Math.round((ended.night.endedAt! - ended.night.startedAt) / 1000)} s`);

  // Every step ran; none was stopped.
  expect(Object.fromEntries(Object.entries(ended.steps).map(([k, v]) => [k, v.state === 'stopped' || v.state === 'failed' ? `${v.state}: ${v.reason}` : 'ran']))).toEqual({ statements: 'ran', payments: 'ran', collections: 'ran', 'status-report': 'ran', settlements: 'ran', reconcile: 'ran' });

  // Every scheduled run started exactly once: the plan's night and the other schedule's run.
  const starts = new ScheduleBook(rt.redis, ownKeys(rt.prefix));
  await waitFor(async () => (await starts.starts('statements-check')).length > 0, 'the other schedule to start', 120_000, 250);
  expect((await starts.starts('night')).map((s) => s.plannedAt)).toEqual([startAt]);
  expect((await starts.starts('statements-check')).map((s) => s.plannedAt)).toEqual([startAt + 60_000]);
  expect(await book.nights(10)).toHaveLength(1);
  expect(await starts.missedStarts('night')).toEqual([]);

  // Every item of the night has exactly one outcome, and no business key was run twice.
  const runIds = Object.values(ended.steps).map((s) => s.runId!);
  const items: ItemRecord[] = [];
  for (const runId of runIds) items.push(...(await rt.runIndex.listByRun(runId)).filter((i) => i.itemId !== runId));
  expect(items.length).toBeGreaterThanOrEqual(1_000);
  expect(items.filter((i) => !OUTCOME_STATUSES.includes(i.status)).map((i) => `${i.bot} ${i.businessKey}: ${i.status}`)).toEqual([]);
  const keys = items.map((i) => `${i.bot}|${i.businessKey}`);
  expect(keys.length - new Set(keys).size).toBe(0);

  // Nothing twice at the bank: each payment posted once; the collection file uploaded once.
  const counts = ((await (await fetch(`${bank.url}/_inspect/postings`)).json()) as { countByReference: Record<string, number> }).countByReference;
  expect(Object.entries(counts).filter(([, n]) => n !== 1)).toEqual([]);
  const files = (await (await fetch(`${bank.url}/_inspect/collection-files`)).json()) as { files: { messageId: string; collections: unknown[] }[]; uploads: Record<string, number> };
  expect(Object.values(files.uploads)).toEqual([1]);
  // Each answer applied once: each collection's history holds each state once.
  const collections = await new CollectionLedger(rt.redis, ownKeys(rt.prefix)).ofRun(ended.steps.collections!.runId!);
  expect(collections).toHaveLength(COLLECTIONS);
  expect(collections.filter((c) => new Set(c.history.map((h) => h.state)).size !== c.history.length).map((c) => c.endToEndId)).toEqual([]);
  expect(collections.filter((c) => c.state === 'submitted').map((c) => c.endToEndId)).toEqual([]);

  // The morning summary says what the bank says. What the night did is printed first, so that a failure below shows it.
  console.log(JSON.stringify({ proof: `night-soak (${variant})`, items: items.length, payments: PAYMENTS, collections: COLLECTIONS, byWork: summary.byWork, steps: Object.fromEntries(Object.entries(ended.steps).map(([name, st]) => [name, { state: st?.state, reason: st?.reason }])), statements: items.filter((i) => i.bot === 'statement-fetch').map((i) => `${i.businessKey}: ${i.status}`), events, seconds: Math.round((Date.now() - began) / 1000) }));
  const work = (bot: string) => summary.byWork.find((w) => w.bot === bot) ?? { done: 0, exception: 0 };
  expect(work('payment-entry').done).toBe(Object.keys(counts).length);
  expect(work('collection-plan').done).toBe(files.files[0]!.collections.length);
  // The answers' lines as the bank wrote them: the status report's transactions (or the file as a whole), the notification's entries.
  const lines = (xml: string, tag: string) => xml.split(`<${tag}>`).length - 1;
  const pain002 = answers.find((a) => a.kind === 'pain.002')!.xml;
  const camt054 = answers.find((a) => a.kind === 'camt.054')!.xml;
  expect(work('collection-return').done + work('collection-return').exception).toBe((lines(pain002, 'OrgnlEndToEndId') || 1) + lines(camt054, 'EndToEndId'));
  expect(work('statement-fetch').done).toBe(4);
  expect(summary.totals.open).toBe(0);
  expect(summary.totals.done + summary.totals.exception + summary.totals.rejected + summary.totals.cancelled).toBe(items.length);
  expect(summary.missedStarts).toEqual([]);
  redis.verify();

  for (const w of workers) w.child.kill('SIGTERM');
  scheduler.child.kill('SIGTERM');
}
}
