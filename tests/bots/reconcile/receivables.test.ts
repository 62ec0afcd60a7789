/**
 * Incoming payments: a camt.054 credit notification matched to open receivables (a receivables sheet:
 * invoice, RF reference, amount, due date, customer). Paid in full, by reference or by name; paid in
 * two parts; partly paid; over-paid; and a payment without a usable reference: each where it belongs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { creditorReferenceFor } from '../../../banking/index.js';
import { bankLinesOf, readLedgerFile, reconcileSettings } from '../../../bots/reconcile/index.js';
import { testConfig } from '../../helpers/runtime.js';
import { creditNotification } from '../../helpers/statements.js';
import { readBankFile } from '../../../extractors/formats/index.js';
import { reconcile } from '../../../reconciliation/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-receivables-'));
const rf = (n: number) => creditorReferenceFor(`INV2027${n}`);

describe('incoming payments against open receivables', () => {
  it('matches full and instalment payments, and makes partial, over- and unreferenced payments breaks that say so', async () => {
    const receivables = path.join(dir, 'receivables.csv');
    writeFileSync(
      receivables,
      [
        'Invoice number;RF reference;Amount;Due date;Customer',
        `INV-1;${rf(1)};1200,00;05.01.2027;Anna Achterberg`,
        `INV-2;${rf(2)};300,00;06.01.2027;Bernd Brandauer`,
        `INV-3;${rf(3)};500,00;06.01.2027;Clara Castellano`,
        `INV-4;${rf(4)};80,00;07.01.2027;Dieter Dobrowolski`,
        `INV-5;${rf(5)};99,00;07.01.2027;Elif Eisenhower`,
      ].join('\n') + '\n',
    );
    const camt = path.join(dir, 'camt054.xml');
    writeFileSync(
      camt,
      creditNotification('DE02120300000000202051', [
        { amount: '1200.00', name: 'Anna Achterberg', text: `Rechnung ${rf(1)}` },
        { amount: '100.00', name: 'Bernd Brandauer', text: `Teil 1 ${rf(2)}` },
        { amount: '200.00', name: 'Bernd Brandauer', text: `Teil 2 ${rf(2)}` },
        { amount: '350.00', name: 'Clara Castellano', text: `Anzahlung ${rf(3)}` },
        { amount: '120.00', name: 'Dieter Dobrowolski', text: `${rf(4)}` },
        { amount: '99.00', name: 'E. Eisenhower', text: 'Danke' },
        { amount: '42.00', name: 'Unbekannt GmbH', text: 'Zahlung' },
      ]),
    );
    const read = await readBankFile(camt);
    if (read.kind !== 'camt.054') throw new Error(`expected a camt.054, got ${read.kind}`);
    const bank = read.reports.flatMap((r, i) => bankLinesOf(r, i + 1));
    const { lines: ledger, problems } = await readLedgerFile(receivables, { dateFormat: 'dd.MM.yyyy', amountLocale: 'de', currency: 'EUR' });
    expect(problems).toEqual([]);
    // The bank's settings from its configuration (reconciliation.*), with the screening module's name scorer.
    const config = testConfig({ reconciliation: { feeTolerance: '1.00', timingDays: 1, subsetSearch: { maxCandidates: 20, maxLines: 6, maxSteps: 10_000 } } });
    const result = reconcile(bank, ledger, reconcileSettings(config, '2027-01-08'));
    const matched = result.matches.map((m) => `${m.ledger.join('+')}<-${m.bank.map((b) => b.split('.').pop()).sort().join('+')}:${m.rule}`).sort();
    expect(matched).toEqual(['INV-1<-1:reference', 'INV-2<-2+3:grouped', 'INV-5<-6:amount-date-name']);
    const breaks = Object.fromEntries(result.breaks.map((b) => [b.id.replace(/camt054\.xml#1\./, ''), `${b.class}: ${b.reason}`]));
    expect(breaks).toEqual({
      'bank:4': expect.stringMatching(/^amount-difference: .*150\.00 EUR less than expected \(a partial payment\?\)/),
      'ledger:INV-3': expect.stringMatching(/^amount-difference: .*150\.00 EUR less than expected/),
      'bank:5': expect.stringMatching(/^amount-difference: .*40\.00 EUR more than expected \(an over-payment\?\)/),
      'ledger:INV-4': expect.stringMatching(/^amount-difference: .*40\.00 EUR more than expected/),
      'bank:7': expect.stringMatching(/^missing-in-ledger: /),
    });
  });
});
