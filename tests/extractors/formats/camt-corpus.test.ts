/**
 * Every camt file of the corpus against the genkgo/camt parse stored beside it (amounts in minor
 * units): number of records, each entry's amount, and every balance (type, amount, currency, date).
 *
 * Quirks of the expected outputs, checked rather than skipped:
 * - genkgo's dump reaches records only through entries (`getRecords` holds "__RECURSIVITY__"
 *   markers), and its message-level `getEntries` holds the entries of the LAST record only
 *   (camt053.v2.multi.statement: two statements, one entry each, one entry in the dump). So the
 *   record count comes from `getRecords`, and the entries and balances of a record are compared
 *   for every record the dump reaches; a record it does not reach is only counted.
 * - genkgo does not check balances. Several files do not add up by their own figures, and the
 *   public reader must refuse them (OUTCOME); the comparison is made on the message as read
 *   (`parseCamtUnchecked`), for every file that can be read at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money } from '../../../banking/index.js';
import {
  BankFileMalformed,
  fromInput,
  parseCamtUnchecked,
  readCamt,
  StatementCurrencyMismatch,
  StatementOutOfBalance,
  type CamtResult,
} from '../../../extractors/formats/index.js';
import type { Balance, EntryReport, Statement } from '../../../extractors/statement/types.js';
import { corpusDir, GENKGO_BALANCE_TYPES, hasCorpus, readGenkgoJson, type GenkgoMoney } from './corpus.js';

type Outcome = 'ok' | typeof StatementOutOfBalance | typeof StatementCurrencyMismatch | typeof BankFileMalformed;

const OUTCOME: Record<string, { outcome: Outcome; unreadable?: true }> = {
  'camt053.v2.multi.statement.xml': { outcome: 'ok' },
  'camt054.v2.xml': { outcome: 'ok' },
  'camt054.v2.with-account-name.xml': { outcome: 'ok' },
  // OPBD 1.01 + 8.85 = 9.86, but CLBD is 4.04 (every balance type with a made-up amount).
  'camt053.v2.all-balance-types.xml': { outcome: StatementOutOfBalance },
  // OPBD 18.150 + 8.850 = 27.00, but CLBD is 27.050.
  'camt053.v2.five.decimals.xml': { outcome: StatementOutOfBalance },
  // The closing balance CLBD is in SEK (and CLAV in JPY) on a EUR account: refused before adding up.
  'camt053.v2.minimal.xml': { outcome: StatementCurrencyMismatch },
  'camt053.v2.minimal.ultimate.xml': { outcome: StatementCurrencyMismatch },
  'camt053.v2.with-party-ids.xml': { outcome: StatementCurrencyMismatch },
  // A camt.053 statement with only a CLAV (closing available) balance: no booked opening or closing
  // balance, so it cannot be checked and is refused. genkgo, which does not check, reads it.
  'camt053.v2.with-account-name.xml': { outcome: BankFileMalformed, unreadable: true },
  // No Stmt at all (the schema requires one): the file the corpus says must be rejected.
  'camt053.v2.wrong.xml': { outcome: BankFileMalformed, unreadable: true },
};

const dir = path.join(corpusDir, 'camt');
const files = hasCorpus ? readdirSync(dir).filter((f) => f.endsWith('.xml')) : [];

function records(r: CamtResult): (Statement | EntryReport)[] {
  return r.kind === 'camt.053' ? r.statements : r.reports;
}

function balancesInDocumentOrder(rec: Statement | EntryReport): Balance[] {
  const all = 'opening' in rec ? [rec.opening, rec.closing, ...rec.otherBalances] : rec.balances;
  const index = (b: Balance) => Number(/Bal\[(\d+)\]$/.exec(b.provenance.source)![1]);
  return [...all].sort((a, b) => index(a) - index(b));
}

function minor(m: GenkgoMoney): Money {
  return Money.fromMinorUnits(BigInt(m.getAmount), m.getCurrency.getCode);
}

describe.skipIf(!hasCorpus)('camt corpus against genkgo/camt', () => {
  it('knows every .xml file of the corpus (none skipped silently)', () => {
    expect(files.sort()).toEqual(Object.keys(OUTCOME).sort());
  });

  describe.each(files)('%s', (name) => {
    const file = path.join(dir, name);
    const { outcome, unreadable } = OUTCOME[name]!;

    it(unreadable ? 'cannot be read at all, even unchecked' : 'has the records, entries and balances of the expected output', () => {
      if (unreadable) {
        expect(() => parseCamtUnchecked(fromInput(readFileSync(file), { file }))).toThrow(BankFileMalformed);
        return;
      }
      const expected = readGenkgoJson(file.replace(/\.xml$/, '.json'));
      const read = parseCamtUnchecked(fromInput(readFileSync(file), { file }));
      expect(read.messageId).toBe(expected.getGroupHeader.getMessageId);
      const recs = records(read);
      expect(recs.length).toBe(expected.getRecords.length);
      const reached = new Set<string>();
      for (const e of expected.getEntries) {
        const rec = recs.find((r) => r.id === e.getRecord.getId);
        expect(rec, `record ${e.getRecord.getId}`).toBeDefined();
        reached.add(rec!.id);
        const ours = rec!.entries[e.getIndex]!;
        expect(ours.amount.equals(minor(e.getAmount)), `${rec!.id} entry ${e.getIndex}: ${ours.amount.toString()} vs ${e.getAmount.getAmount}`).toBe(true);
        expect(ours.amount.isNegative()).toBe(e.getCreditDebitIndicator === 'DBIT');
        expect(ours.provenance.source).toMatch(/^BkToCstmr\w+\/(Stmt|Ntfctn)\[\d+\]\/Ntry\[\d+\]$/);
        const expBalances = e.getRecord.getBalances ?? [];
        const ourBalances = balancesInDocumentOrder(rec!);
        expect(ourBalances.length).toBe(expBalances.length);
        expBalances.forEach((b, i) => {
          const got = ourBalances[i]!;
          expect(GENKGO_BALANCE_TYPES[b.getType], `genkgo type ${b.getType}`).toContain(got.type);
          expect(got.amount.equals(minor(b.getAmount)), `${got.type}: ${got.amount.toString()} ${got.amount.currency}`).toBe(true);
          expect(got.date).toBe(b.getDate ? b.getDate['0'].slice(0, 10) : null);
        });
      }
      // Each record the dump reaches has exactly the entries the dump lists for it.
      for (const id of reached) {
        const listed = expected.getEntries.filter((e) => e.getRecord.getId === id).length;
        expect(recs.find((r) => r.id === id)!.entries.length).toBe(listed);
      }
    });

    it(`the public reader: ${outcome === 'ok' ? 'reads it' : `refuses it (${outcome.name})`}`, async () => {
      if (outcome === 'ok') {
        const r = await readCamt(file);
        expect(records(r).length).toBeGreaterThan(0);
        return;
      }
      const err = await readCamt(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(outcome);
      expect((err as Error).message).toContain(file);
    });
  });

  it('rejects camt053.v2.wrong.xml saying what is missing', async () => {
    await expect(readCamt(path.join(dir, 'camt053.v2.wrong.xml'))).rejects.toThrow(/has no Stmt element/);
  });

  it('reads references, related parties and remittance of camt053.v2.minimal', () => {
    const file = path.join(dir, 'camt053.v2.minimal.xml');
    const r = parseCamtUnchecked(fromInput(readFileSync(file), { file }));
    const [e] = records(r)[0]!.entries;
    expect(e!.counterparty).toEqual({ name: 'NAME NAME', iban: 'NL56AGDH9619008421' });
    expect(e!.remittance).toBe('4654654654654654');
    expect(e!.transactionCode).toBe('544');
    expect(e!.bookingDate).toBe('2014-12-31');
    expect(e!.valueDate).toBe('2015-01-02');
  });

  it('keeps the three transaction details of the camt054.v2 batch entry', () => {
    const file = path.join(dir, 'camt054.v2.xml');
    const r = parseCamtUnchecked(fromInput(readFileSync(file), { file }));
    expect(r.kind).toBe('camt.054');
    const [e] = records(r)[0]!.entries;
    expect(e!.references).toMatchObject({ endToEndId: 'MUELL/FINP/RA12345', bankReference: 'AAAASESS-FP-ACCR001' });
    expect(e!.extra?.['TxDtls/count']).toBe('3');
    expect(e!.extra?.['TxDtls[3]/RmtInf/Strd[2]/CdtrRefInf/Ref']).toBe('Ref number V3 block 2');
    expect(e!.transactionCode).toBe('PMNT/ICDT/DMCT');
    expect(e!.bookingDate).toBe('2007-10-18');
  });
});
