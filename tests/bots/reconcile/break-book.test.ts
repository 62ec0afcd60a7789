/** Breaks carried from day to day on a real Redis: kept and aged, closed by a later statement with the reason, never recorded twice. */
import { afterAll, describe, expect, it } from 'vitest';
import { Money } from '../../../banking/index.js';
import { BreakBook } from '../../../bots/reconcile/break-book.js';
import { namePairScorer } from '../../../compliance/screening/index.js';
import { complianceScreeningSchema } from '../../../config/compliance-screening.js';
import { ownKeys } from '../../../queue/keys.js';
import { reconcile, RULES, type BankLine, type LedgerLine, type ReconcileSettings } from '../../../reconciliation/index.js';
import { testRuntime } from '../../helpers/runtime.js';

const rt = testRuntime({ bots: [] });
const book = new BreakBook(rt.redis, ownKeys(rt.prefix));
afterAll(() => rt.close());

const eur = (a: string) => Money.of(a, 'EUR');
const settings = (asOf: string): ReconcileSettings => ({
  rules: RULES,
  asOf,
  dateWindowDays: 2,
  nameThreshold: 0.85,
  instalmentWindowDays: 20,
  feeTolerance: eur('5.00'),
  subsetSearch: { maxCandidates: 20, maxLines: 8, maxSteps: 10_000 },
  timingDays: 1,
  nameSimilarity: namePairScorer(complianceScreeningSchema.parse({})),
});

describe('breaks from day to day', () => {
  it('carries open breaks, closes those a later statement resolves with the reason, and records a day once', async () => {
    const account = 'DE89370400440532013000';
    const day1 = { bank: [{ id: 'B1', amount: eur('100.00'), date: '2027-01-05', references: { endToEndId: 'E2E-1' } }, { id: 'B2', amount: eur('-35.00'), date: '2027-01-05', counterparty: 'Bernd Brandauer', references: {} }] as BankLine[], ledger: [{ id: 'L1', amount: eur('100.00'), date: '2027-01-05', references: { endToEndId: 'E2E-1' } }, { id: 'L3', amount: eur('250.00'), date: '2027-01-05', counterparty: 'Clara Castellano', references: { endToEndId: 'E2E-3' } }] as LedgerLine[] };
    const r1 = reconcile(day1.bank, day1.ledger, settings('2027-01-05'));
    expect(await book.applyDay(account, '2027-01-05', r1, day1)).toEqual({ opened: 2, kept: 0, closed: [], openedIds: ['bank:B2', 'ledger:L3'] });
    expect((await book.openBreaks(account)).map((b) => [b.id, b.class, b.firstSeen]).sort()).toEqual([
      ['bank:B2', 'missing-in-ledger', '2027-01-05'],
      ['ledger:L3', 'timing', '2027-01-05'],
    ]);
    // Applied again (a run after a crash): nothing recorded twice.
    expect(await book.applyDay(account, '2027-01-05', r1, day1)).toEqual({ opened: 2, kept: 0, closed: [], openedIds: ['bank:B2', 'ledger:L3'] });
    expect(await book.openBreaks(account)).toHaveLength(2);

    // Day 2: the late credit arrives; the books now hold the debit the bank made; yesterday's lines are seen again.
    const carried = await book.carriedLines(account, '2027-01-06');
    const day2 = {
      bank: [...carried.bank, { id: 'B3', amount: eur('250.00'), date: '2027-01-06', references: { endToEndId: 'E2E-3' } }] as BankLine[],
      ledger: [...carried.ledger, { id: 'L4', amount: eur('-35.00'), date: '2027-01-05', counterparty: 'Bernd Brandauer', references: {} }] as LedgerLine[],
    };
    const r2 = reconcile(day2.bank, day2.ledger, settings('2027-01-06'));
    const applied = await book.applyDay(account, '2027-01-06', r2, day2);
    expect(applied).toMatchObject({ opened: 0, kept: 0 });
    expect(applied.closed.map((c) => [c.id, c.class, c.reason]).sort()).toEqual([
      ['bank:B2', 'missing-in-ledger', expect.stringMatching(/^matched on 2027-01-06 by rule amount-date-name/)],
      ['ledger:L3', 'timing', 'matched on 2027-01-06 by rule reference (reference E2E-3)'],
    ]);
    expect(await book.openBreaks(account)).toEqual([]);
  });

  it('keeps a break that is not resolved, aging it, and changes its class when time says so', async () => {
    const account = 'NL91ABNA0417164300';
    const ledger = [{ id: 'L9', amount: eur('80.00'), date: '2027-01-05', counterparty: 'Dieter Dobrowolski', references: { endToEndId: 'E2E-9' } }] as LedgerLine[];
    await book.applyDay(account, '2027-01-05', reconcile([], ledger, settings('2027-01-05')), { bank: [], ledger });
    const carried = await book.carriedLines(account, '2027-01-11');
    const later = reconcile([], carried.ledger, settings('2027-01-11'));
    expect(await book.applyDay(account, '2027-01-11', later, { bank: [], ledger: carried.ledger })).toEqual({ opened: 0, kept: 1, closed: [], openedIds: [] });
    const [open] = await book.openBreaks(account);
    expect(open).toMatchObject({ id: 'ledger:L9', class: 'missing-at-bank', firstSeen: '2027-01-05', lastSeen: '2027-01-11', ageDays: 4 });
  });

  it('closes breaks by a person\'s decision, never reopens them, sees a day\'s carried lines the same when run again, and re-checks timing marks', async () => {
    const account = 'FR1420041010050500013M02606';
    const bank = [{ id: 'B7', amount: eur('-12.50'), date: '2027-01-05', references: {} }] as BankLine[];
    const ledger = [{ id: 'L7', amount: eur('-12.50'), date: '2027-01-05', counterparty: 'Émile Estève', references: {} }, { id: 'L8', amount: eur('60.00'), date: '2027-01-05', references: { endToEndId: 'E2E-8' } }] as LedgerLine[];
    const r = reconcile(bank, ledger, { ...settings('2027-01-05'), rules: ['reference'] });
    await book.applyDay(account, '2027-01-05', r, { bank, ledger });
    expect((await book.openBreaks(account)).map((b) => b.id).sort()).toEqual(['bank:B7', 'ledger:L7', 'ledger:L8']);

    const before = await book.carriedLines(account, '2027-01-06');
    expect(await book.resolve(account, ['bank:B7', 'ledger:L7'], { reason: 'matched by hand', day: '2027-01-05' })).toBe(true);
    expect(await book.resolve(account, ['bank:B7'], { reason: 'again', day: '2027-01-05' })).toBe(false);
    expect(await book.closedReason(account, 'bank:B7')).toBe('matched by hand');
    // The day's carried lines were taken once: asked again, the same (the day reconciled again after a crash sees what it saw).
    expect(await book.carriedLines(account, '2027-01-06')).toEqual(before);
    // Lines a person resolved are never opened again, even when the day's lines still hold them.
    const r2 = reconcile(before.bank, before.ledger, { ...settings('2027-01-06'), rules: ['reference'] });
    await book.applyDay(account, '2027-01-06', r2, before);
    expect((await book.openBreaks(account)).map((b) => b.id)).toEqual(['ledger:L8']);

    await book.markTiming(account, 'ledger:L8', '2027-01-07');
    expect(await book.dueForRecheck(account, '2027-01-06')).toEqual([]);
    expect(await book.dueForRecheck(account, '2027-01-07')).toEqual([{ id: 'ledger:L8', recheckOn: '2027-01-07' }]);
  });
});
