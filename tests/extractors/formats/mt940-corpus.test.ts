/**
 * Every MT940/MT942 file of the corpus against the parse of the Python `mt940` library stored beside
 * it: number of entries, each entry's amount, value and entry date, and the balances.
 *
 * The library keeps, for the whole file, the balances of the LAST message of each kind
 * (`final_opening_balance` is the last `:60F:`...), so balances are compared with the last balance
 * of that tag among our statements; entries are compared across all statements, in order.
 *
 * Most of these files are anonymised test data whose statements do not add up (the library does
 * not check). The comparison is made on the statements as read (`parseMt940Unchecked`), and the
 * public reader must refuse exactly those files with `StatementOutOfBalance`; see OUTCOME.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money } from '../../../banking/index.js';
import { fromInput, parseMt940Unchecked, readMt940, StatementOutOfBalance, type Mt940Unchecked } from '../../../extractors/formats/index.js';
import type { Balance, StatementEntry } from '../../../extractors/statement/types.js';
import { BALANCE_KEYS, corpusDir, hasCorpus, readMt940Yml } from './corpus.js';

/**
 * What the public reader must do with each file. 'balanced': every statement adds up.
 * 'out-of-balance': at least one statement does not, by the file's own figures:
 */
const OUTCOME: Record<string, 'balanced' | 'out-of-balance' | 'mt942'> = {
  'jejik/generic.sta': 'balanced',
  'jejik/rabobank-iban.sta': 'balanced',
  'jejik/sns.sta': 'balanced',
  'mBank/mt940.sta': 'balanced',
  'mBank/mt942.sta': 'mt942',
  // 3236.28 − 321.44 (eight debits) = 2914.84, but :62F: says 876.84; the :60M: part is off too.
  'jejik/abnamro.sta': 'out-of-balance',
  // 0.00 − 51.27 + 4.68 = −45.59, but :62F: says 3.47 (the :86: after it gives other totals again).
  'jejik/ing.sta': 'out-of-balance',
  // Second statement: 3058.98 − 7260 + 500 = −3701.02, but :62F: says 798.98.
  'jejik/knab.sta': 'out-of-balance',
  // Second statement: 229.20 − 79.90 + 10.10 = 159.40, but :62F: says 159.60.
  'jejik/postfinance.sta': 'out-of-balance',
  // First statement: 473.17 − 1213.28 = −740.11, but :62F: says 395.82 (and the third is off by 236.56).
  'jejik/rabobank.sta': 'out-of-balance',
  // 4975.09 − 15.70 − 700.00 = 4259.39, but :62F: says 4370.79.
  'jejik/triodos.sta': 'out-of-balance',
  // 0.46 + 45.00 + 44.00 = 89.46, but :62F: says 860.17.
  'mBank/with_newline_in_tnr.sta': 'out-of-balance',
};

const dir = path.join(corpusDir, 'mt940');
const files = hasCorpus
  ? ['jejik', 'mBank'].flatMap((d) => readdirSync(path.join(dir, d)).filter((f) => f.endsWith('.sta')).map((f) => `${d}/${f}`))
  : [];

const pad = (n: number) => String(n).padStart(2, '0');

function money(a: { amount: string; currency: string }): Money {
  return Money.of(a.amount, a.currency);
}

function allEntries(u: Mt940Unchecked): StatementEntry[] {
  return [...u.statements.flatMap((s) => s.entries), ...u.reports.flatMap((r) => r.entries)];
}

function allBalances(u: Mt940Unchecked): Balance[] {
  return u.statements.flatMap((s) => [s.opening, s.closing, ...s.otherBalances]).sort((a, b) => a.provenance.line! - b.provenance.line!);
}

describe.skipIf(!hasCorpus)('MT940 corpus against the mt940 library', () => {
  it('knows every .sta file of the corpus (none skipped silently)', () => {
    expect(files.sort()).toEqual(Object.keys(OUTCOME).sort());
  });

  describe.each(files)('%s', (name) => {
    const file = path.join(dir, name);
    const expected = readMt940Yml(file.replace(/\.sta$/, '.yml'));
    const read = parseMt940Unchecked(fromInput(readFileSync(file), { file }));

    it('has the same entries: count, amounts, value and entry dates', () => {
      const entries = allEntries(read);
      expect(entries.length).toBe(expected.transactions.length);
      entries.forEach((e, i) => {
        const t = expected.transactions[i]!;
        expect(e.amount.equals(money(t)), `entry ${i + 1}: ${e.amount.toString()} ${e.amount.currency} vs ${t.amount} ${t.currency}`).toBe(true);
        expect(e.valueDate).toBe(t.date);
        expect(e.bookingDate).toBe(t.entryDate ?? null);
        expect(e.provenance).toMatchObject({ file, source: ':61:' });
        expect(e.provenance.line).toBeGreaterThan(0);
      });
    });

    it("has the same balances (the library's are the last of each tag)", () => {
      const ours = allBalances(read);
      const lastOf = (tag: string) => ours.filter((b) => b.type === tag).pop();
      for (const [key, tag] of Object.entries(BALANCE_KEYS)) {
        const exp = expected.balances[key];
        const got = lastOf(tag);
        if (!exp) {
          expect(got, `we read a :${tag}: balance the library did not`).toBeUndefined();
          continue;
        }
        expect(got, `:${tag}: missing`).toBeDefined();
        expect(got!.amount.equals(money(exp)), `:${tag}: ${got!.amount.toString()} vs ${exp.amount}`).toBe(true);
        expect(got!.date).toBe(exp.date);
      }
      if (OUTCOME[name] === 'mt942') {
        expect(read.statements).toHaveLength(0);
        expect(read.reports.length).toBeGreaterThan(0);
        // :13D: (the library's `date`: a pickled datetime, year high/low, month, day, hour, minute)
        // and the :34F: floor limits. The library's offset is not compared: it reads "+0100" as
        // 6000 seconds (100 minutes).
        const dt = (expected.data.date as unknown[])[0] as Uint8Array;
        const [date, time] = read.info[read.info.length - 1]!.dateTime!.split('T');
        expect(`${date} ${time!.slice(0, 5)}`).toBe(`${dt[0]! * 256 + dt[1]!}-${pad(dt[2]!)}-${pad(dt[3]!)} ${pad(dt[4]!)}:${pad(dt[5]!)}`);
        const limits = read.info[read.info.length - 1]!.floorLimits;
        for (const [key, mark] of [['d_floor_limit', 'D'], ['c_floor_limit', 'C']] as const) {
          const exp = expected.data[key] as { amount: string[]; currency: string } | undefined;
          if (!exp) continue;
          const got = limits.find((l) => l.mark === mark || l.mark === 'DC');
          expect(got?.amount.equals(Money.of(exp.amount[0]!, exp.currency)), key).toBe(true);
        }
      }
    });

    it(`the public reader: ${OUTCOME[name]}`, async () => {
      const outcome = OUTCOME[name];
      if (outcome === 'out-of-balance') {
        const err = await readMt940(file).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StatementOutOfBalance);
        expect((err as Error).message).toContain(file);
        return;
      }
      const r = await readMt940(file);
      expect(r.kind).toBe(outcome === 'mt942' ? 'mt942' : 'mt940');
      const n = r.kind === 'mt940' ? r.statements.flatMap((s) => s.entries).length : r.reports.flatMap((s) => s.entries).length;
      expect(n).toBe(expected.transactions.length);
    });
  });

  it('reads the structured :86: subfields of rabobank-iban into references and counterparty', () => {
    const file = path.join(dir, 'jejik/rabobank-iban.sta');
    const [first, second] = parseMt940Unchecked(fromInput(readFileSync(file), { file })).statements[0]!.entries;
    expect(first!.references.endToEndId).toBe('01-01-2013 12:00 0030000987654321');
    expect(first!.counterparty?.name).toBe('CONTRA ACCOUNT HOLDER');
    expect(first!.extra?.['86/ISDT']).toBe('2013-07-11');
    expect(second!.remittance).toBe('Reference 201301234');
  });

  it("reads Triodos's '>' subfields: purpose lines joined, counterparty account", () => {
    const file = path.join(dir, 'jejik/triodos.sta');
    const [first] = parseMt940Unchecked(fromInput(readFileSync(file), { file })).statements[0]!.entries;
    expect(first!.remittance).toBe('ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010');
    expect(first!.counterparty).toEqual({ account: '0390123456' });
    expect(first!.extra?.['86.code']).toBe('000');
  });

  it('reads bank reference, funds code and supplementary details of mBank :61: lines', () => {
    const file = path.join(dir, 'mBank/mt940.sta');
    const [first] = parseMt940Unchecked(fromInput(readFileSync(file), { file })).statements[0]!.entries;
    expect(first!.references.bankReference).toBe('MB170119012058');
    expect(first!.extra).toMatchObject({ '61/fundsCode': 'N', '61/supplementary': '911-TRANSAKCJA IPH' });
    expect(first!.transactionCode).toBe('NTRF');
  });
});
