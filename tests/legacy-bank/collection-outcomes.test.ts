/** The simulator's settlement at configured rates: the same collection always gets the same answer, and the rates hold over many. */
import { describe, expect, it } from 'vitest';
import { CollectionFileBook, type FiledCollection } from '../../legacy-bank/collection-files.js';

function fileOf(book: CollectionFileBook, n: number) {
  const collections: FiledCollection[] = Array.from({ length: n }, (_, i) => ({
    endToEndId: `RATE-${i}`,
    paymentInfoId: 'PMT-1',
    umr: `M-${i}`,
    creditorId: 'DE98ZZZ09999999999',
    amount: '10.00',
    debtorName: `Debtor ${i}`,
    debtorIban: 'DE89370400440532013000',
    collectionDate: '2027-01-05',
    sequenceType: 'RCUR',
  }));
  return book.add({ messageId: 'RATES', version: 'pain.008.001.02', uploadedAt: 0, username: 'u', fileName: 'f.xml', transactions: n, amount: `${n * 10}.00`, sha256: 'x', creditorIban: 'DE02120300000000202051', collections });
}

describe('collection outcomes at configured rates', () => {
  it('answers each collection the same way for a seed, about as often as configured; a debtor set by hand wins', () => {
    const rates = { 'insufficient-funds': 0.05, refuses: 0.02, closed: 0.01 };
    const outcomesOf = (book: CollectionFileBook) => {
      fileOf(book, 4_000);
      book.settle(0, () => false);
      return book.list()[0]!.outcomes!.map((o) => `${o.status}:${o.reason ?? ''}`);
    };
    const a = outcomesOf(new CollectionFileBook({ seed: 7, rates }));
    expect(outcomesOf(new CollectionFileBook({ seed: 7, rates }))).toEqual(a);
    const share = (s: string) => a.filter((x) => x === s).length / a.length;
    expect(share('returned:AM04')).toBeGreaterThan(0.035);
    expect(share('returned:AM04')).toBeLessThan(0.065);
    expect(share('returned:MS02')).toBeGreaterThan(0.01);
    expect(share('rejected:AC04')).toBeGreaterThan(0.003);
    expect(share('settled:')).toBeGreaterThan(0.9);
    const none = new CollectionFileBook({ seed: 7, rates: {} });
    expect(new Set(outcomesOf(none))).toEqual(new Set(['settled:']));
    const byHand = new CollectionFileBook({ seed: 7, rates });
    byHand.debtorOutcomes.set('DE89370400440532013000', 'deceased');
    expect(new Set(outcomesOf(byHand))).toEqual(new Set(['returned:MD07']));
  });
});
