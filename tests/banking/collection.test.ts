/** Collections against their mandates: sequence types, the checks before a file, collection dates and pre-notifications. */
import { describe, expect, it } from 'vitest';
import {
  CollectionRuleBroken,
  MandateRuleBroken,
  Money,
  assertPreNotified,
  checkCollection,
  checkMandateTerms,
  earliestCollectionDate,
  localDate,
  newMandate,
  parseLocalDate,
  preNotification,
  resolveCollectionDate,
  sequenceTypeFor,
  type CollectionInput,
  type Mandate,
} from '../../banking/index.js';

const today = localDate(2026, 12, 4);
const d = (text: string) => parseLocalDate(text, 'date');
const mandate: Mandate = newMandate(
  checkMandateTerms(
    {
      umr: 'M-2026-0001',
      creditorId: 'DE98ZZZ09999999999',
      creditorName: 'Stadtwerke Musterstadt GmbH',
      debtorName: 'Erika Mustermann',
      debtorAddress: ['Hauptstrasse 1', '12345 Musterstadt'],
      debtorIban: 'DE89370400440532013000',
      scheme: 'CORE',
      type: 'recurrent',
      signedOn: '2026-11-20',
      signedAt: 'Musterstadt',
    },
    { today },
  ),
);
const claim: CollectionInput = {
  umr: 'M-2026-0001',
  creditorId: 'DE98 ZZZ 0999 9999 999',
  amount: Money.of('49.90', 'EUR'),
  collectionDate: localDate(2026, 12, 15),
  endToEndId: 'E2E-2026-12-0001',
  remittance: 'Abschlag Dezember – Strom',
};

function refused(fn: () => unknown): CollectionRuleBroken {
  try {
    fn();
  } catch (e) {
    if (e instanceof CollectionRuleBroken) return e;
    throw e;
  }
  throw new Error('expected a CollectionRuleBroken');
}

describe('sequenceTypeFor', () => {
  it('FRST first, RCUR after, FNAL when flagged final, OOFF on a one-off mandate', () => {
    expect(sequenceTypeFor(mandate, { presented: 0 })).toBe('FRST');
    expect(sequenceTypeFor(mandate, { presented: 3 })).toBe('RCUR');
    expect(sequenceTypeFor(mandate, { presented: 3 }, { final: true })).toBe('FNAL');
    expect(sequenceTypeFor({ ...mandate, type: 'one-off' }, { presented: 0 })).toBe('OOFF');
  });

  it('a first collection rejected before settlement was never presented: the next is FRST again', () => {
    // The caller counts presented collections: a reject does not count, a return does.
    expect(sequenceTypeFor(mandate, { presented: 0 })).toBe('FRST');
  });

  it('a move of the debtor account to another bank makes the next FRST only when the policy says so (default: no)', () => {
    expect(sequenceTypeFor(mandate, { presented: 2, debtorBankChangedSinceLast: true })).toBe('RCUR');
    expect(sequenceTypeFor(mandate, { presented: 2, debtorBankChangedSinceLast: true }, { firstAgainAfterDebtorBankChange: true })).toBe('FRST');
  });

  it('refuses a final collection that would be the first', () => {
    const e = refused(() => sequenceTypeFor(mandate, { presented: 0 }, { final: true }));
    expect(e.rule).toBe('final-without-first');
    expect(e.whatNext).toMatch(/one-off mandate/);
  });
});

describe('checkCollection', () => {
  it('returns the collection with its sequence type, the texts in the SEPA set', () => {
    const c = checkCollection(claim, mandate, { presented: 1 });
    expect(c).toMatchObject({ umr: 'M-2026-0001', creditorId: 'DE98ZZZ09999999999', scheme: 'CORE', sequenceType: 'RCUR', remittance: 'Abschlag Dezember - Strom' });
    expect(c.amount.toString()).toBe('49.90');
  });

  it('the same creditor under another business code is the same mandate; another UMR or creditor is not', () => {
    expect(checkCollection({ ...claim, creditorId: 'DE98ABC09999999999' }, mandate, { presented: 0 }).sequenceType).toBe('FRST');
    expect(refused(() => checkCollection({ ...claim, umr: 'm-2026-0001' }, mandate, { presented: 0 })).rule).toBe('not-this-mandate');
    expect(refused(() => checkCollection({ ...claim, creditorId: 'DE13FCN00000012345' }, mandate, { presented: 0 })).rule).toBe('not-this-mandate');
  });

  it('refuses what the mandate does not allow: cancelled, one-off used, another scheme', () => {
    expect(() => checkCollection(claim, { ...mandate, status: 'cancelled' }, { presented: 1 })).toThrow(MandateRuleBroken);
    expect(() => checkCollection(claim, { ...mandate, type: 'one-off', collections: 1, lastCollectionOn: d('2026-11-30') }, { presented: 1 })).toThrow(/one-off/);
    expect(refused(() => checkCollection({ ...claim, scheme: 'B2B' }, mandate, { presented: 1 })).rule).toBe('scheme-mismatch');
  });

  it('refuses amounts that are not euro, not positive, above the scheme maximum or the bank\'s limit per debtor', () => {
    expect(refused(() => checkCollection({ ...claim, amount: Money.of('10.00', 'CHF') }, mandate, { presented: 1 })).rule).toBe('currency');
    expect(refused(() => checkCollection({ ...claim, amount: Money.of('0.00', 'EUR') }, mandate, { presented: 1 })).rule).toBe('amount');
    expect(refused(() => checkCollection({ ...claim, amount: Money.of('1000000000.00', 'EUR') }, mandate, { presented: 1 })).rule).toBe('amount');
    const e = refused(() => checkCollection({ ...claim, amount: Money.of('5000.01', 'EUR') }, mandate, { presented: 1 }, { maxAmountPerDebtor: Money.of('5000', 'EUR') }));
    expect(e.rule).toBe('over-limit');
    expect(e.message).toContain('5000.01');
    expect(checkCollection({ ...claim, amount: Money.of('5000.00', 'EUR') }, mandate, { presented: 1 }, { maxAmountPerDebtor: Money.of('5000', 'EUR') }).amount.toString()).toBe('5000.00');
  });
});

describe('collection dates', () => {
  // Friday 2026-12-04, 10:00 and 17:00 in Berlin; Christmas Day and Boxing Day are TARGET2 holidays.
  const morning = new Date('2026-12-04T09:00:00Z');
  const evening = new Date('2026-12-04T16:00:00Z');
  const policy = { timeZone: 'Europe/Berlin', cutOff: '16:00', leadDays: 1, onLate: 'reject' as const };

  it('D-1: a file before the cut-off can collect on the next business day; after it, one later', () => {
    expect(earliestCollectionDate({ ...policy, now: morning })).toBe('2026-12-07');
    expect(earliestCollectionDate({ ...policy, now: evening })).toBe('2026-12-08');
    expect(earliestCollectionDate({ ...policy, leadDays: 2, now: morning })).toBe('2026-12-08');
    // Submitted on a Saturday: the bank takes the file on Monday.
    expect(earliestCollectionDate({ ...policy, now: new Date('2026-12-05T09:00:00Z') })).toBe('2026-12-08');
  });

  it('a date too early or on a TARGET2 holiday is rolled forward with the reason, or rejected naming the earliest', () => {
    expect(resolveCollectionDate('2026-12-15', { ...policy, now: morning })).toEqual({ date: '2026-12-15', rolled: false, earliest: '2026-12-07' });
    const rolled = resolveCollectionDate('2026-12-25', { ...policy, now: morning, onLate: 'roll-forward' });
    expect(rolled).toMatchObject({ date: '2026-12-28', rolled: true });
    expect(rolled.reason).toMatch(/Christmas Day/);
    expect(resolveCollectionDate('2026-12-07', { ...policy, now: evening, onLate: 'roll-forward' }).date).toBe('2026-12-08');
    const e = refused(() => resolveCollectionDate('2026-12-07', { ...policy, now: evening }));
    expect(e.rule).toBe('collection-date');
    expect(e.details).toMatchObject({ earliestValidDate: '2026-12-08' });
  });

  it('pre-notification: 14 days before by default, per creditor otherwise; late or missing notices refuse the collection', () => {
    expect(preNotification(d('2026-12-20'), today)).toEqual({ noticeBy: '2026-12-06', status: 'due' });
    expect(preNotification(d('2026-12-10'), today)).toEqual({ noticeBy: '2026-11-26', status: 'overdue' });
    expect(preNotification(d('2026-12-10'), today, { days: 5 })).toEqual({ noticeBy: '2026-12-05', status: 'due' });
    expect(preNotification(d('2026-12-10'), today, { sentOn: d('2026-11-20') }).status).toBe('sent');
    const late = refused(() => assertPreNotified({ endToEndId: 'E2E-1', collectionDate: d('2026-12-10') }, today, { sentOn: d('2026-12-01') }));
    expect(late.rule).toBe('pre-notification');
    expect(late.message).toMatch(/was told on 2026-12-01; the notice was due by 2026-11-26/);
  });
});
