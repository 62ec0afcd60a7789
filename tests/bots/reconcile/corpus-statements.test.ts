/**
 * Proof on real statements: every statement of ../shared/corpus (MT940 and camt.053) reconciled
 * against a ledger derived from it with planted differences (an entry the books lack, an amount the
 * books have otherwise, a line the bank never booked, a line the books hold twice): every planted
 * difference found in its class, nothing else flagged. Skipped, saying so, without the corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, Money, type LocalDate } from '../../../banking/index.js';
import { bankLinesOf } from '../../../bots/reconcile/bank-lines.js';
import { namePairScorer } from '../../../compliance/screening/index.js';
import { complianceScreeningSchema } from '../../../config/compliance-screening.js';
import { fromInput, parseCamtUnchecked, parseMt940Unchecked } from '../../../extractors/formats/index.js';
import type { Statement } from '../../../extractors/statement/index.js';
import { reconcile, RULES, type BankLine, type BreakClass, type LedgerLine } from '../../../reconciliation/index.js';

const CORPUS = path.resolve('../shared/corpus');
const files = existsSync(CORPUS)
  ? [
      ...readdirSync(path.join(CORPUS, 'mt940'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sta')).map((f) => path.join(CORPUS, 'mt940', f)),
      ...readdirSync(path.join(CORPUS, 'camt')).filter((f) => /^camt053.*\.xml$/.test(f) && !f.includes('wrong')).map((f) => path.join(CORPUS, 'camt', f)),
    ]
  : [];
if (!files.length) console.warn(`reconciliation corpus proof skipped: ${CORPUS} is absent`);

const strong = (l: BankLine) => [l.references.endToEndId, l.references.ourReference].some((r) => r && r.replace(/\s/g, '').length >= 4 && !/^(NOTPROVIDED|NONREF|NONE)$/i.test(r));

/** The ledger the books would hold for these bank lines, with the differences planted, and the breaks they must give. */
function plantedLedger(bank: BankLine[]): { ledger: LedgerLine[]; expected: Map<string, BreakClass> } {
  const expected = new Map<string, BreakClass>();
  const ledger: LedgerLine[] = bank.map((b, i) => ({ id: `L${i + 1}`, amount: b.amount, date: b.date, ...(b.counterparty ? { counterparty: b.counterparty } : {}), references: { ...b.references } }));
  // 1. The books lack the first entry.
  const dropped = bank[0]!;
  ledger.splice(0, 1);
  expected.set(`bank:${dropped.id}`, dropped.counterparty || strong(dropped) || dropped.references.text ? 'missing-in-ledger' : 'unknown');
  // 2. An entry with a reference of its own (no other entry carries it), held in the books for 100.00 more.
  const refsOf = (b: BankLine) => [b.references.endToEndId, b.references.ourReference].filter(Boolean);
  const j = bank.findIndex((b, i) => i > 0 && strong(b) && bank.every((x) => x === b || !refsOf(x).some((r) => refsOf(b).includes(r))));
  if (j > 0) {
    const l = ledger.find((x) => x.id === `L${j + 1}`)!;
    l.amount = l.amount.plus(Money.of(l.amount.isNegative() ? '-100.00' : '100.00', l.amount.currency));
    expected.set(`bank:${bank[j]!.id}`, 'amount-difference');
    expected.set(`ledger:${l.id}`, 'amount-difference');
  }
  // 3. A line the bank never booked, expected long ago.
  const first = bank.map((b) => b.date).sort()[0]!;
  ledger.push({ id: 'L-EXTRA', amount: Money.of('4321.09', bank[0]!.amount.currency), date: addDays(first as LocalDate, -40), counterparty: 'Nobody At All GmbH', references: { endToEndId: 'NEVER-BOOKED-1' } });
  expected.set('ledger:L-EXTRA', 'missing-at-bank');
  // 4. A line the books hold twice (when one is left to copy).
  const twice = ledger.find((l) => l.id !== `L${j + 1}` && l.id !== 'L-EXTRA');
  if (twice) {
    ledger.push({ ...twice, id: `${twice.id}-AGAIN` });
    expected.set(`ledger:${twice.id}-AGAIN`, 'duplicate');
  }
  return { ledger, expected };
}

describe.skipIf(!files.length)('real statements against ledgers with planted differences', () => {
  it('finds every planted difference in its class and flags nothing else', async () => {
    const scorer = namePairScorer(complianceScreeningSchema.parse({}));
    let statements = 0;
    let entries = 0;
    let planted = 0;
    const refused: string[] = [];
    for (const file of files) {
      // The samples' entries as read; many of the samples' balances do not add up (test files), which
      // the statement check refuses: the entries are what this proof is about.
      const src = fromInput(readFileSync(file), { file });
      const list: Statement[] = (() => {
        try {
          return file.endsWith('.sta') ? parseMt940Unchecked(src).statements : (parseCamtUnchecked(src) as { statements?: Statement[] }).statements ?? [];
        } catch (err) {
          refused.push(`${path.basename(file)}: ${(err as Error).message.slice(0, 80)}`);
          return [];
        }
      })();
      for (const [k, st] of list.entries()) {
        const bank = bankLinesOf(st, k + 1);
        if (!bank.length) continue;
        const { ledger, expected } = plantedLedger(bank);
        const asOf = addDays([...bank.map((b) => b.date)].sort().at(-1)! as LocalDate, 1);
        const result = reconcile(bank, ledger, {
          rules: RULES,
          asOf,
          dateWindowDays: 2,
          nameThreshold: 0.85,
          instalmentWindowDays: 20,
          feeTolerance: Money.of('5.00', bank[0]!.amount.currency),
          subsetSearch: { maxCandidates: 30, maxLines: 8, maxSteps: 20_000 },
          timingDays: 1,
          nameSimilarity: scorer,
        });
        const found = new Map(result.breaks.map((b) => [b.id, b.class]));
        expect({ file: path.basename(file), statement: k + 1, breaks: Object.fromEntries(found) }).toEqual({ file: path.basename(file), statement: k + 1, breaks: Object.fromEntries(expected) });
        statements++;
        entries += bank.length;
        planted += expected.size;
      }
    }
    console.log(`[reconcile corpus] ${files.length} files, ${statements} statements, ${entries} entries: ${planted} planted differences, all found in their class, nothing else flagged; ${refused.length} file(s) unreadable (${refused.join('; ')})`);
    expect(statements).toBeGreaterThanOrEqual(10);
  });
});
