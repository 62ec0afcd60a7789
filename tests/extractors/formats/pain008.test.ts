/** pain.008 files read back: the corpus samples (../shared/corpus) and our own writer's files, with their declared totals checked. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money, parseLocalDate } from '../../../banking/index.js';
import { writePain008, type Pain008Entry } from '../../../banking/pain008/index.js';
import { parsePain008, readBankFile, readPain008 } from '../../../extractors/formats/index.js';

const SAMPLES = path.resolve(process.cwd(), '../shared/corpus/sepa/pain008');
const haveCorpus = existsSync(SAMPLES);
if (!haveCorpus) console.warn(`pain.008 corpus tests skipped: ${SAMPLES} is absent`);
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-pain008-read-'));

describe.skipIf(!haveCorpus)('the corpus pain.008 samples', () => {
  for (const v of ['pain.008.001.02', 'pain.008.001.08', 'pain.008.003.02']) {
    it(`${v}: read with every collection, its mandate and debtor, and no warning`, async () => {
      const m = await readPain008(path.join(SAMPLES, `${v}.xml`));
      expect(m.version).toBe(v);
      expect(m.count).toBeGreaterThan(0);
      expect(m.warnings).toEqual([]);
      const first = m.blocks[0]!.collections[0]!;
      expect(first.endToEndId).toBeTruthy();
      expect(first.umr).toBeTruthy();
      expect(first.amount.currency).toBe('EUR');
      expect(m.blocks[0]!.creditor.creditorId).toMatch(/^[A-Z]{2}\d{2}/);
      expect(m.controlSum.toString()).toBe(Money.of(m.declared.controlSum!, 'EUR').toString());
      expect((await readBankFile(path.join(SAMPLES, `${v}.xml`))).kind).toBe('pain.008');
    });
  }
});

describe('our own pain.008 files, read back', () => {
  it('gives back every collection as written, blocks and amendments included', async () => {
    const creditor = { name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051', creditorId: 'DE98ZZZ09999999999' };
    const entries: Pain008Entry[] = Array.from({ length: 12 }, (_, i) => ({
      umr: `M-${i}`,
      creditorId: creditor.creditorId,
      amount: Money.of(`${i + 1}.5`, 'EUR'),
      collectionDate: parseLocalDate('2026-12-15', 'd'),
      endToEndId: `E2E-${i}`,
      scheme: 'CORE',
      sequenceType: i < 4 ? 'FRST' : 'RCUR',
      debtorName: `Debtor ${i}`,
      debtorIban: 'DE89370400440532013000',
      mandateSignedOn: '2026-11-02',
      ...(i === 5 ? { amendment: { originalUmr: 'OLD-5', debtorBankChanged: true } } : {}),
      creditor,
    }));
    for (const version of ['pain.008.001.02', 'pain.008.001.08'] as const) {
      const file = path.join(dir, `${version}.xml`);
      await writePain008(file, entries, { version, messageId: 'MSG-1', createdAt: new Date('2026-12-04T10:00:00Z'), initiatingParty: 'Stadtwerke' });
      const m = await readPain008(file);
      expect(m.warnings).toEqual([]);
      expect(m.blocks.map((b) => [b.sequenceType, b.collections.length])).toEqual([['FRST', 4], ['RCUR', 8]]);
      expect(m.blocks.flatMap((b) => b.collections.map((c) => [c.endToEndId, c.amount.toString(), c.umr]))).toEqual(entries.map((e) => [e.endToEndId, e.amount.toString(), e.umr]));
      expect(m.blocks[1]!.collections[1]!.amendment).toEqual({ originalUmr: 'OLD-5', debtorBankChanged: true });
      expect(m.controlSum.toString()).toBe('84.00');
    }
  });

  it('declared totals that do not add up are warnings naming the block', () => {
    const xml = readFileSync(path.join(dir, 'pain.008.001.02.xml'), 'utf8').replace('<CtrlSum>84.00</CtrlSum>', '<CtrlSum>84.01</CtrlSum>').replace(/<NbOfTxs>4<\/NbOfTxs>/, '<NbOfTxs>5</NbOfTxs>');
    writeFileSync(path.join(dir, 'bad.xml'), xml);
    const m = parsePain008(xml, { file: 'bad.xml' });
    expect(m.warnings.join('\n')).toMatch(/group header declares the sum 84.01/);
    expect(m.warnings.join('\n')).toMatch(/block MSG-1-1 declares 5 collections \(NbOfTxs\) and holds 4/);
  });
});
