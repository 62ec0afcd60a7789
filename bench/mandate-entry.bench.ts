/**
 * mandate-entry: mandates entered per minute on the green-screen register, through the real worker
 * host and the mandate-entry bot, against a plain Playwright loop keying the same screens with the
 * same number of sessions, in the same run.
 *
 * The simulator runs in-process (`startLegacyBank`: the host's keyboard lock of 50–500 ms after
 * every screen, as in production settings; no injected faults), a private Redis from `benchRedis()`.
 *
 * For each session count N (1 and 4 by default):
 *
 *   baseline = N pages in one Chromium (a context each, signed on as its own user `base<k>`),
 *              sharing a list of mandates: inquiry by UMR (expects none) → add (MNDA) → inquiry
 *              (expects the mandate as sent). The same page objects and the same screens as the
 *              bot's postOnce check / write / read-back, without queue, Redis, screening, evidence.
 *   ours     = `Runtime` + `WorkerHost` running `mandateEntry` at concurrency N, with N host users
 *              `host<k>` (one terminal session per user: the sides must not share users). Items are
 *              dispatched while no worker runs; the clock runs from right before `host.start()` to
 *              the last item's `finishedOn`. The bot screens the debtor, enters the mandate once
 *              (inquiry, add, inquiry) and saves a screenshot of the register's answer: the product.
 *
 * Both sides are warmed up (browser launched, every session signed on) before the measured rounds,
 * which alternate baseline, ours; each side's figure is its best round (BENCH_ME_STAT=median for the
 * median). Each round is checked on the simulator: every UMR in the register once, added once.
 * CPU per mandate: this process (bench, worker host, simulator) and its descendants (Chromium,
 * redis-server), from /proc.
 *
 * Environment:
 *   BENCH_ME_SESSIONS  session counts, comma-separated (default "1,4")
 *   BENCH_ME_MANDATES  mandates per round per session count (default "6,16")
 *   BENCH_ME_ROUNDS    measured rounds per side (default 2)
 *   BENCH_ME_STAT      best | median (default best)
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { checkMandateTerms, todayIn } from '../banking/index.js';
import { launchBrowser } from '../bots/kit/browser.js';
import { mandateEntry, toHostData, type MandateEntryInput, type RawMandate } from '../bots/mandate-entry/index.js';
import { mandateType } from '../bots/mandate-entry/input.js';
import { addMandate, hostTerminal, inquireMandate, mandateHostTarget, signOn } from '../bots/targets/mandate-host/index.js';
import { DEMO_LIST_FILE } from '../compliance/lists/sources.js';
import { configSchema, type Config } from '../config/schema.js';
import { Secrets } from '../config/secrets.js';
import { mandateRegisterKey } from '../legacy-bank/host/mandate-register.js';
import { startLegacyBank, type LegacyBankHandle } from '../legacy-bank/server.js';
import { createLogger } from '../logging/logger.js';
import { dispatchItem } from '../queue/dispatch.js';
import { Runtime } from '../queue/runtime.js';
import { WorkerHost } from '../queue/worker-host.js';
import { benchRedis, descendantsCpuMs, machineInfo, machineTimes, median, round, sleep, table, type Benchmark, type BenchResult } from './lib.js';

const NAME = 'mandate-entry';
const RATIO_GOAL = 0.8;
const CREDITOR = { id: 'DE98ZZZ09999999999', name: 'Stadtwerke Musterstadt GmbH' };
const IBANS = ['DE89370400440532013000', 'NL91ABNA0417164300', 'AT611904300234573201', 'FR1420041010050500013M02606'];

function intList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw?.trim()) return fallback;
  const xs = raw.split(',').map((s) => Number(s.trim()));
  if (xs.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${name} must be comma-separated positive integers (got "${raw}")`);
  return xs;
}

function params() {
  const sessions = intList('BENCH_ME_SESSIONS', [1, 4]);
  const mandates = intList('BENCH_ME_MANDATES', sessions.map((s) => ({ 1: 6, 4: 16 })[s] ?? 4 * s));
  if (mandates.length !== sessions.length) throw new Error(`BENCH_ME_MANDATES needs one count per session count (${sessions.join(',')})`);
  const rounds = Number(process.env.BENCH_ME_ROUNDS ?? 2);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('BENCH_ME_ROUNDS must be a positive integer');
  return { sessions, mandates, rounds, stat: process.env.BENCH_ME_STAT === 'median' ? ('median' as const) : ('best' as const) };
}

type Side = 'baseline' | 'ours';
interface RoundResult {
  side: Side;
  sessions: number;
  round: string;
  mandates: number;
  ms: number;
  perMin: number;
  signOns: number;
  nodeCpuMs: number;
  childCpuMs: number;
  ownCpuMsPerMandate: number;
  machineBusy: number;
}

interface Bench {
  bank: LegacyBankHandle;
  users: { username: string; password: string }[];
  redisUrl: string;
  dataDir: string;
  tag: string;
  signOns(): number;
}

/** A mandate as a sheet gives it (text), unique per run, side, session count and round. */
function rawMandate(umr: string, i: number): RawMandate {
  return {
    umr,
    creditorId: CREDITOR.id,
    creditorName: CREDITOR.name,
    debtorName: `Debtor ${i} Beispiel`,
    debtorAddress: [`Lindenweg ${i + 1}`, '80331 Muenchen'],
    debtorCountry: 'DE',
    debtorIban: IBANS[i % IBANS.length]!,
    scheme: 'CORE',
    type: 'RCUR',
    signedOn: '2026-11-02',
    signedAt: 'Muenchen',
  };
}

const umrs = (b: Bench, side: string, sessions: number, label: string, n: number) => Array.from({ length: n }, (_, i) => `ME-${b.tag}-${side}${sessions}-${label}-${i}`);

function meter(b: Bench) {
  const s0 = b.signOns();
  const d0 = descendantsCpuMs();
  const c0 = process.cpuUsage();
  const m0 = machineTimes();
  return (n: number) => {
    const c = process.cpuUsage(c0);
    const m1 = machineTimes();
    const nodeCpuMs = (c.user + c.system) / 1000;
    const childCpuMs = descendantsCpuMs() - d0;
    return {
      signOns: b.signOns() - s0,
      nodeCpuMs: round(nodeCpuMs),
      childCpuMs: round(childCpuMs),
      ownCpuMsPerMandate: round((nodeCpuMs + childCpuMs) / n, 1),
      machineBusy: round((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total), 3),
    };
  };
}

function checkAddedOnce(b: Bench, list: string[], side: string): void {
  const attempts = b.bank.state.host.register.attempts();
  const bad = list.filter((umr) => attempts[mandateRegisterKey(CREDITOR.id, umr)] !== 1 || !b.bank.state.host.register.find(CREDITOR.id, umr));
  if (bad.length) throw new Error(`${side}: ${bad.length} of ${list.length} mandates not in the register exactly once (e.g. ${bad[0]})`);
}

// --- baseline: a plain Playwright loop over the same page objects

async function openBaseline(b: Bench, config: Config, sessions: number): Promise<{ browser: Browser; pages: Page[] }> {
  const browser = await launchBrowser({ executablePath: config.browser.executablePath, headless: config.browser.headless });
  const pages: Page[] = [];
  for (let k = 1; k <= sessions; k++) {
    const page = await (await browser.newContext()).newPage();
    await signOn(page, b.bank.url, b.users.find((u) => u.username === `base${k}`)!);
    pages.push(page);
  }
  return { browser, pages };
}

async function baselineRound(b: Bench, pages: Page[], label: string, n: number): Promise<RoundResult> {
  const list = umrs(b, 'B', pages.length, label, n);
  const today = todayIn('Europe/Berlin', new Date());
  const entries = list.map((umr, i) => {
    const raw = rawMandate(umr, i);
    const terms = checkMandateTerms({ ...raw, type: mandateType(raw.type), debtorAddress: { lines: raw.debtorAddress, country: raw.debtorCountry } }, { today });
    return { key: { creditorId: terms.creditorId, umr: terms.umr }, data: toHostData(terms) };
  });
  let next = 0;
  const done = meter(b);
  const t0 = performance.now();
  await Promise.all(
    pages.map(async (page) => {
      const term = hostTerminal(page);
      for (let e = entries[next++]; e; e = entries[next++]) {
        if (await inquireMandate(term, e.key)) throw new Error(`baseline: ${e.key.umr} already in the register`);
        await addMandate(term, e.key, e.data);
        const view = await inquireMandate(term, e.key);
        if (view?.iban !== e.data.iban) throw new Error(`baseline: ${e.key.umr} not read back`);
      }
    }),
  );
  const ms = performance.now() - t0;
  const m = done(n);
  checkAddedOnce(b, list, 'baseline');
  return { side: 'baseline', sessions: pages.length, round: label, mandates: n, ms: round(ms), perMin: round((n / ms) * 60_000, 1), ...m };
}

// --- ours: the worker host and the mandate-entry bot

function openOurs(b: Bench, sessions: number): Runtime {
  const config = configSchema.parse({
    dataDir: b.dataDir,
    redis: { prefix: `bench-${randomUUID().slice(0, 8)}-me` },
    log: { level: 'warn', pretty: 'never' },
    targets: { 'mandate-host': { baseUrl: b.bank.url, accounts: Array.from({ length: sessions }, (_, k) => ({ username: `host${k + 1}` })) } },
    bots: { [mandateEntry.name]: { concurrency: sessions } },
    mandateFiles: { watch: false },
    paymentFiles: { watch: false },
    // The bot screens every debtor before it keys the mandate: part of what is measured.
    compliance: { lists: { ofacSdn: { sdn: DEMO_LIST_FILE } } },
  });
  const env = Object.fromEntries(b.users.map((u) => [Secrets.envName(Secrets.accountPassword('mandate-host', u.username)), u.password]));
  const log = createLogger({ level: 'warn', pretty: 'never', name: 'bench' });
  return new Runtime(config, Secrets.load(undefined, env), b.redisUrl, log, new Map([[mandateEntry.name, mandateEntry]]), new Map([[mandateHostTarget.name, mandateHostTarget]]));
}

async function oursRound(b: Bench, rt: Runtime, label: string, n: number): Promise<RoundResult> {
  const sessions = rt.config.bots[mandateEntry.name]!.concurrency;
  const list = umrs(b, 'O', sessions, label, n);
  const runId = `bench-me-${sessions}-${label}`;
  const itemIds: string[] = [];
  for (const [i, umr] of list.entries()) {
    const input: MandateEntryInput = { mandate: rawMandate(umr, i), action: 'new' };
    const d = await dispatchItem(rt, mandateEntry.name, input, { runId });
    if (!d.created) throw new Error(`ours: item ${d.businessKey} already existed`);
    itemIds.push(d.itemId);
  }
  const queue = rt.queue(mandateEntry.name);
  const host = new WorkerHost(rt, [mandateEntry.name]);
  const done = meter(b);
  const t0 = Date.now();
  const deadline = t0 + Math.max(120_000, n * 10_000);
  try {
    await host.start();
    for (;;) {
      const jobs = await Promise.all(itemIds.map((id) => queue.getJob(id)));
      if (jobs.every((j) => j?.finishedOn)) break;
      if (Date.now() > deadline) throw new Error(`ours: ${jobs.filter((j) => !j?.finishedOn).length} of ${n} items not done in time`);
      await sleep(50);
    }
  } finally {
    await host.shutdown(10_000);
  }
  const jobs = await Promise.all(itemIds.map((id) => queue.getJob(id)));
  const failed = jobs.filter((j) => !j || j.failedReason || (j.returnvalue as { outcome?: string } | null)?.outcome !== 'entered');
  if (failed.length) throw new Error(`ours: ${failed.length} of ${n} items not entered: ${failed[0]?.failedReason ?? JSON.stringify(failed[0]?.returnvalue)}`);
  const ms = Math.max(...jobs.map((j) => j!.finishedOn!)) - t0;
  const m = done(n);
  checkAddedOnce(b, list, 'ours');
  return { side: 'ours', sessions, round: label, mandates: n, ms: round(ms), perMin: round((n / ms) * 60_000, 1), ...m };
}

const HEADER = ['sessions', 'round', 'side', 'mandates', 's', 'mandates/min', 'sign-ons', 'CPU ms/mandate (node+chromium+redis)', 'machine busy'];
const rowOf = (r: RoundResult) => [r.sessions, r.round, r.side, r.mandates, round(r.ms / 1000, 2), r.perMin, r.signOns, r.ownCpuMsPerMandate, `${Math.round(r.machineBusy * 100)}%`];

export const benchmark: Benchmark = {
  name: NAME,
  description: 'mandates entered per minute on the green-screen register: worker host + mandate-entry bot vs a plain Playwright loop (1 and 4 sessions)',
  async run(): Promise<BenchResult> {
    const p = params();
    const redis = await benchRedis(NAME);
    const max = Math.max(...p.sessions);
    const users = ['host', 'base'].flatMap((prefix) => Array.from({ length: max }, (_, k) => ({ username: `${prefix}${k + 1}`, password: randomUUID().replace(/-/g, '').slice(0, 24) })));
    const bank = await startLegacyBank({ port: 0, users, customers: 1 });
    const b: Bench = {
      bank,
      users,
      redisUrl: redis.url,
      dataDir: path.join(redis.dataDir, 'data'),
      tag: randomUUID().slice(0, 6),
      signOns: () => Object.values(bank.state.host.sessions.userStats(Date.now())).reduce((s, u) => s + u.logins, 0),
    };
    console.log(`sessions ${p.sessions.join('/')}, mandates per round ${p.mandates.join('/')}, ${p.rounds} measured rounds per side (alternating), ${p.stat} round reported; host keyboard lock 50–500 ms; ${os.cpus().length} CPUs`);
    const rounds: RoundResult[] = [];
    const show = (r: RoundResult) => console.log(table(HEADER, [rowOf(r)], 6).split('\n').slice(2).join('\n'));
    console.log(table(HEADER, [], 6));
    try {
      for (const [si, sessions] of p.sessions.entries()) {
        const n = p.mandates[si]!;
        const rt = openOurs(b, sessions);
        let base: { browser: Browser; pages: Page[] } | undefined;
        try {
          base = await openBaseline(b, rt.config, sessions);
          show({ ...(await baselineRound(b, base.pages, 'w', sessions)), round: 'warm-up' });
          show({ ...(await oursRound(b, rt, 'w', 2 * sessions)), round: 'warm-up' });
          for (let i = 1; i <= p.rounds; i++) {
            for (const side of ['baseline', 'ours'] as const) {
              await sleep(200);
              const r = side === 'baseline' ? await baselineRound(b, base.pages, String(i), n) : await oursRound(b, rt, String(i), n);
              rounds.push(r);
              show(r);
            }
          }
        } finally {
          await base?.browser.close().catch(() => undefined);
          await rt.close();
        }
      }
    } finally {
      await bank.close();
      await redis.stop();
    }
    const pick = (xs: number[]) => (p.stat === 'best' ? Math.max(...xs) : median(xs));
    const perSessions = p.sessions.map((sessions) => {
      const of = (side: Side) => rounds.filter((r) => r.sessions === sessions && r.side === side);
      const ours = pick(of('ours').map((r) => r.perMin));
      const baseline = pick(of('baseline').map((r) => r.perMin));
      return {
        sessions,
        ours: round(ours, 1),
        baseline: round(baseline, 1),
        ratio: round(ours / baseline, 3),
        cpuMsPerMandate: { ours: round(median(of('ours').map((r) => r.ownCpuMsPerMandate)), 1), baseline: round(median(of('baseline').map((r) => r.ownCpuMsPerMandate)), 1) },
        signOnsInMeasuredRounds: [...of('ours'), ...of('baseline')].reduce((s, r) => s + r.signOns, 0),
      };
    });
    console.log(`\n${p.stat} of ${p.rounds} rounds per side:`);
    console.log(
      table(
        ['sessions', 'ours/min', 'baseline/min', 'ratio', 'CPU ms/mandate (ours / baseline)', 'sign-ons in measured rounds'],
        perSessions.map((s) => [s.sessions, s.ours, s.baseline, s.ratio.toFixed(3), `${s.cpuMsPerMandate.ours} / ${s.cpuMsPerMandate.baseline}`, s.signOnsInMeasuredRounds]),
      ),
    );
    const worst = perSessions.reduce((a, s) => (s.ratio < a.ratio ? s : a));
    const met = perSessions.every((s) => s.ratio >= RATIO_GOAL);
    console.log(perSessions.map((s) => `${s.sessions} session(s): ratio ${s.ratio.toFixed(3)} ${s.ratio >= RATIO_GOAL ? 'met' : 'MISSED'}`).join('; '));
    return {
      name: NAME,
      unit: 'mandates/min',
      value: worst.ours,
      baseline: worst.baseline,
      ratio: worst.ratio,
      goal: { ratioAtLeast: RATIO_GOAL, text: `ratio >= ${RATIO_GOAL} at ${p.sessions.join(' and ')} sessions (value, baseline, ratio: the worst session count, ${worst.sessions}); print CPU per mandate`, met },
      perSessions,
      stat: p.stat,
      measured:
        'ours: items dispatched while no worker runs, clock from right before WorkerHost.start() to the last finishedOn; baseline: N pages signed on as their own users sharing the mandates, inquiry → add → inquiry; both warmed up',
      rounds,
      machine: machineInfo(),
      at: new Date().toISOString(),
    };
  },
};

export default benchmark;
