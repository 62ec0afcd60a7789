/**
 * Proof, mandates under terminal faults: a sheet of new mandates, then a sheet amending some of them,
 * entered on the green-screen register through its web emulator while the host misbehaves:
 * - the keyboard locks 50–500 ms after every screen (keys typed meanwhile are lost), and relocks for
 *   a moment now and then (2% of keys lost: characters, Tabs, Enters);
 * - 5% of attention keys answered with an abend (nothing done), 5% answered 1.5 s late;
 * - 30% of committed adds and amendments answered with an abend although the register committed
 *   them (the worst case for exactly-once);
 * - every session dropped 12 s after its sign-on;
 * - maintenance ("SYSTEM UNAVAILABLE") for 3 s in the middle of the first run.
 *
 * Requirement: both runs complete (reports written, no exception, nothing pending); every UMR in the
 * register once and added once; every amendment recorded once; the faults happened.
 * Runs in-process (the worker host in this test process): this proof is about faults, not crashes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mandateBatch, type MandateRunReport } from '../../bots/mandate-batch/index.js';
import { mandateEntry } from '../../bots/mandate-entry/index.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { sleep, waitFor } from '../helpers/wait.js';

/** 12 in `npm test` (the same faults, fewer mandates); more with `npm run proofs` (PROOF_MANDATE_FAULTS). */
const MANDATES = Number(process.env.PROOF_MANDATE_FAULTS ?? 12);
const AMENDMENTS = Math.max(4, Math.round(MANDATES / 4));
const MAINTENANCE_MS = 3_000;
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-mandate-faults-'));
const quiet = () => undefined;
const env = useBankWorker({
  bots: [mandateEntry, mandateBatch],
  usernames: ['host1', 'host2', 'host3', 'host4'],
  bank: {
    seed: 11,
    faults: { latencyMs: 0, errorRate: 0.05, slowRate: 0.05, slowMs: 1_500, sessionMaxAgeSec: 12, errorAfterPostRate: 0.3, lostKeyRate: 0.02 },
    logger: { info: quiet, warn: quiet, error: quiet },
  },
  config: () => ({
    dataDir: path.join(dir, 'data'),
    log: { level: 'info' },
    bots: { 'mandate-entry': { concurrency: 4, attempts: 12, backoffMs: 100, backoffJitter: 0.5 } },
    targets: { 'mandate-host': { leaseTtlMs: 5_000, leaseWaitMs: 2_000, unavailableDelayMs: 500, breaker: { failureThreshold: 3, coolDownMs: 1_000 } } },
  }),
});

const HEADER = 'Mandate reference;Creditor identifier;Creditor name;Debtor name;Street;Town;Country;IBAN;BIC;Scheme;Type;Date of signature;Place of signature;Action';
const IBANS = ['DE89370400440532013000', 'NL91ABNA0417164300', 'AT611904300234573201'];
const umrOf = (i: number) => `FAULT-${String(i).padStart(3, '0')}`;
const row = (i: number, iban: string, action = '') =>
  [umrOf(i), 'DE98ZZZ09999999999', 'Stadtwerke Musterstadt GmbH', `Debtor ${i}`, `Street ${i}`, '10115 Berlin', 'DE', iban, '', 'CORE', 'RCUR', '01.11.2026', 'Berlin', action].join(';');

type Register = { mandates: { umr: string; iban: string; amendments: unknown[] }[]; addAttempts: Record<string, number> };
const register = async () => (await (await fetch(`${env.bank.url}/_inspect/mandates`)).json()) as Register;

async function reportOf(runId: string): Promise<MandateRunReport> {
  const job = await waitFor(async () => {
    const j = await env.rt.queue('mandate-batch').getJob(runId);
    return j?.returnvalue && j;
  }, 'the run report', 400_000, 250);
  return JSON.parse(readFileSync(job.returnvalue.report.json, 'utf8')) as MandateRunReport;
}

describe('proof: lost keys, abends, late answers, dropped sessions and maintenance on the green screen', () => {
  it(`enters each of ${MANDATES} mandates once and applies each of ${AMENDMENTS} amendments once`, { timeout: 600_000 }, async () => {
    const state = env.bank.state;
    const injected = { abends: 0, abendsAfterCommit: 0 };
    const decide = state.faults.decide.bind(state.faults);
    state.faults.decide = (...args: Parameters<typeof decide>) => {
      const d = decide(...args);
      if (d.error) injected.abends++;
      return d;
    };
    const afterCommit = state.host.abendAfterCommit.bind(state.host);
    state.host.abendAfterCommit = (rate) => {
      const abend = afterCommit(rate);
      if (abend) injected.abendsAfterCommit++;
      return abend;
    };
    const started = Date.now();

    const adds = path.join(dir, 'mandates.csv');
    writeFileSync(adds, [HEADER, ...Array.from({ length: MANDATES }, (_, i) => row(i + 1, IBANS[i % IBANS.length]!))].join('\n') + '\n');
    const first = await dispatchFile(env.rt, 'mandate-batch', adds);
    // Maintenance in the middle of the run: nothing is added while it lasts.
    await waitFor(async () => (await register()).mandates.length >= MANDATES / 3, 'a third of the mandates added', 300_000, 200);
    state.settings.maintenance.now = true;
    const before = (await register()).mandates.length;
    await sleep(MAINTENANCE_MS);
    const addedDuring = (await register()).mandates.length - before;
    state.settings.maintenance.now = false;
    const firstReport = await reportOf(first.runId);

    const amend = path.join(dir, 'amendments.csv');
    writeFileSync(amend, [HEADER, ...Array.from({ length: AMENDMENTS }, (_, i) => row(i + 1, 'DE62370400440532013001', 'amendment'))].join('\n') + '\n');
    const second = await dispatchFile(env.rt, 'mandate-batch', amend);
    const secondReport = await reportOf(second.runId);

    const sessions = (await (await fetch(`${env.bank.url}/_inspect/host-sessions`)).json()) as { users: Record<string, { expirations: number; signOns?: number }>; lostKeys: number };
    const expirations = Object.values(sessions.users).reduce((n, u) => n + u.expirations, 0);
    const { mandates, addAttempts } = await register();
    console.log(
      JSON.stringify({
        proof: 'mandate-faults',
        mandates: MANDATES,
        amendments: AMENDMENTS,
        elapsedMs: Date.now() - started,
        injected,
        lostKeys: sessions.lostKeys,
        sessionsDropped: expirations,
        addedDuringMaintenance: addedDuring,
        first: firstReport.counts,
        second: secondReport.counts,
      }),
    );

    // 1. The faults happened.
    expect(sessions.lostKeys, 'keys the keyboard lost').toBeGreaterThan(0);
    expect(injected.abends, 'abends with nothing done').toBeGreaterThan(0);
    expect(injected.abendsAfterCommit, 'abends after a commit').toBeGreaterThan(0);
    expect(expirations, 'sessions dropped after 12 s').toBeGreaterThan(0);
    expect(addedDuring, 'mandates added during maintenance').toBe(0);

    // 2. Both runs completed; the register holds every UMR once, each added once, each amendment once.
    expect(firstReport.counts).toMatchObject({ items: MANDATES, pending: 0, exceptions: 0 });
    expect(firstReport.counts.entered + firstReport.counts.alreadyEntered).toBe(MANDATES);
    expect(secondReport.counts).toMatchObject({ items: AMENDMENTS, pending: 0, exceptions: 0 });
    expect(secondReport.counts.amended + secondReport.counts.alreadyAmended).toBe(AMENDMENTS);
    expect(mandates.map((m) => m.umr).sort()).toEqual(Array.from({ length: MANDATES }, (_, i) => umrOf(i + 1)));
    expect(Object.entries(addAttempts).filter(([, n]) => n !== 1), 'keys added more than once').toEqual([]);
    const amended = mandates.filter((m) => m.amendments.length > 0);
    expect(amended.map((m) => m.umr).sort()).toEqual(Array.from({ length: AMENDMENTS }, (_, i) => umrOf(i + 1)));
    expect(amended.filter((m) => m.amendments.length !== 1 || m.iban !== 'DE62370400440532013001').map((m) => m.umr), 'amendments recorded twice or not applied').toEqual([]);
  });
});
