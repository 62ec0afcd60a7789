/** The direct-debit ledger on a real Redis: only allowed steps, each applied once, and the mandate's presented count kept with them; the rules from config. */
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectionState } from '../../banking/index.js';
import { CollectionLedger, collectionDatePolicy, collectionPolicy, configuredCreditor, cycleReport } from '../../bots/collection-ledger/index.js';
import { ownKeys } from '../../queue/keys.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';

const rt = testRuntime({ bots: [] });
const ledger = new CollectionLedger(rt.redis, ownKeys(rt.prefix));
afterAll(() => rt.close());

const planned = (e2e: string, mandateKey = 'DE09999999999/M-1') => ({ endToEndId: e2e, umr: 'M-1', mandateKey, amount: '49.90', collectionDate: '2026-12-15', sequenceType: 'FRST' });

describe('CollectionLedger', () => {
  it('records a collection once and walks it through its life; an answer applied twice changes nothing the second time', async () => {
    expect(await ledger.plan(planned('L-1'), 'cycle 2026-12')).toBe(true);
    expect(await ledger.plan(planned('L-1'), 'cycle 2026-12 again')).toBe(false);
    const key = 'DE09999999999/M-1';
    for (const to of ['in-file', 'submitted', 'accepted', 'settled'] as const) expect((await ledger.step('L-1', key, to, { source: 'test' })).applied).toBe(true);
    expect(await ledger.mandateState(key)).toEqual({ presented: 1 });
    expect(await ledger.step('L-1', key, 'returned', { reason: 'MS02', source: 'camt.054 NTF-1' })).toEqual({ applied: true, from: 'settled' });
    expect(await ledger.step('L-1', key, 'returned', { reason: 'MS02', source: 'camt.054 NTF-1 again' })).toEqual({ applied: false, from: 'returned' });
    const c = await ledger.get('L-1');
    expect(c?.state).toBe('returned');
    expect(c?.history.map((h) => h.state)).toEqual(['planned', 'in-file', 'submitted', 'accepted', 'settled', 'returned']);
    expect(c?.history.at(-1)).toMatchObject({ reason: 'MS02', source: 'camt.054 NTF-1' });
    // A return still counts as presented: the next collection is RCUR.
    expect(await ledger.mandateState(key)).toEqual({ presented: 1 });
  });

  it('lists a planned collection under its run with the record, and lists it again when a plan was cut short before that', async () => {
    expect(await ledger.plan({ ...planned('L-RUN-1'), runId: 'run-L' }, 'cycle')).toBe(true);
    expect((await ledger.ofRun('run-L')).map((c) => c.endToEndId)).toEqual(['L-RUN-1']);
    // What a worker killed between the record and the run's list left behind (before both were one transaction).
    await rt.redis.srem(`${ownKeys(rt.prefix)}dd:run:run-L`, 'L-RUN-1');
    expect(await ledger.ofRun('run-L')).toEqual([]);
    await ledger.keepInRun((await ledger.get('L-RUN-1'))!);
    expect((await ledger.ofRun('run-L')).map((c) => c.endToEndId)).toEqual(['L-RUN-1']);
    expect(await ledger.runIds()).toContain('run-L');
  });

  it('a reject before settlement takes the collection off the presented count (the next is FRST again); steps out of order are refused', async () => {
    const key = 'DE09999999999/M-2';
    await ledger.plan(planned('L-2', key), 'cycle');
    expect((await ledger.step('L-2', key, 'settled', { source: 'test' })).applied).toBe(false);
    await ledger.step('L-2', key, 'in-file', { source: 'test' });
    await ledger.step('L-2', key, 'submitted', { source: 'test' });
    expect(await ledger.mandateState(key)).toEqual({ presented: 1 });
    expect((await ledger.step('L-2', key, 'rejected', { reason: 'AC04', source: 'pain.002' })).applied).toBe(true);
    expect(await ledger.mandateState(key)).toEqual({ presented: 0 });
    expect(await ledger.step('L-unknown', key, 'rejected', { source: 'pain.002' })).toEqual({ applied: false, from: null });
  });

  it('stops a mandate once, with the first reason; knows the files it recorded', async () => {
    const key = 'DE09999999999/M-3';
    expect(await ledger.stopMandate(key, 'AC04 account closed')).toBe(true);
    expect(await ledger.stopMandate(key, 'MD07 deceased')).toBe(false);
    expect(await ledger.mandateState(key)).toEqual({ presented: 0, stopped: 'AC04 account closed' });
    await ledger.recordFile('MSG-L-1', ['L-1']);
    expect(await ledger.knowsFile('MSG-L-1')).toBe(true);
    expect(await ledger.knowsFile('MSG-OTHER')).toBe(false);
  });
});

describe('the direct-debit rules from config', () => {
  it('gives banking/ its policies, and each creditor its account and pre-notification period', () => {
    const config = testConfig({
      directDebits: {
        maxAmountPerDebtor: '5000',
        leadDays: 2,
        cutOff: '14:30',
        creditors: [
          { id: 'DE98ZZZ09999999999', name: 'Stadtwerke', iban: 'DE02120300000000202051', preNotificationDays: 5 },
          { id: 'DE13FCN00000012345', name: 'Fitness Club', iban: 'DE89370400440532013000' },
        ],
      },
    });
    expect(collectionPolicy(config).maxAmountPerDebtor?.toString()).toBe('5000.00');
    expect(collectionPolicy(config).firstAgainAfterDebtorBankChange).toBe(false);
    expect(collectionDatePolicy(config, new Date(0))).toMatchObject({ leadDays: 2, cutOff: '14:30', onLate: 'roll-forward', timeZone: 'Europe/Berlin' });
    // The same creditor under another business code; the default period where the creditor has none.
    expect(configuredCreditor(config, 'DE98ABC09999999999')).toMatchObject({ name: 'Stadtwerke', preNotificationDays: 5 });
    expect(configuredCreditor(config, 'DE13FCN00000012345')?.preNotificationDays).toBe(14);
    expect(configuredCreditor(config, 'FR72ZZZ123456')).toBeUndefined();
    expect(testConfig({}).directDebits).toMatchObject({ pain008Version: 'pain.008.001.02', schemas: {}, leadDays: 1, preNotificationDays: 14 });
  });
});

describe('cycleReport', () => {
  it('counts and sums a creditor\'s cycle by state and reason, with the R-rate over the collections presented', () => {
    const at = '2026-12-15T08:00:00Z';
    const c = (e2e: string, amount: string, states: [CollectionState, string?][]) => ({
      ...planned(e2e),
      amount,
      state: states.at(-1)![0],
      history: states.map(([state, reason]) => ({ state, at, source: 'test', ...(reason ? { reason } : {}) })),
    });
    const walk: [CollectionState, string?][] = [['planned'], ['in-file'], ['submitted'], ['accepted'], ['settled']];
    const report = cycleReport('DE98ZZZ09999999999', '2026-12', [
      c('C-1', '10.10', walk),
      c('C-2', '20.20', walk),
      c('C-3', '30.30', [...walk, ['returned', 'MS02']]),
      c('C-4', '40.40', [['planned'], ['in-file'], ['submitted'], ['rejected', 'AC04']]),
      c('C-5', '0.01', [...walk, ['returned', 'AM04'], ['re-presented', 'AM04']]),
      c('C-6', '5.00', [['planned']]),
    ]);
    expect(report).toMatchObject({ collections: 6, total: '106.01' });
    expect(report.byState).toEqual({ settled: { count: 2, sum: '30.30' }, returned: { count: 2, sum: '30.31' }, rejected: { count: 1, sum: '40.40' }, planned: { count: 1, sum: '5.00' } });
    expect(report.byReason).toEqual({ MS02: { count: 1, sum: '30.30' }, AC04: { count: 1, sum: '40.40' }, AM04: { count: 1, sum: '0.01' } });
    expect(report.rRate).toBeCloseTo(3 / 5);
    expect(report.returnRate).toBeCloseTo(2 / 5);
    expect(cycleReport('X', '2026-12', []).rRate).toBeNull();
  });
});
