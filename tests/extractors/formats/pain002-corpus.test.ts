/**
 * Every pain.002 file of the corpus is read with its statuses and reason codes. There is no expected
 * output beside these files, so the reader is checked against a plain text scan of the same file:
 * every <GrpSts>, <PmtInfSts>, <TxSts>, every reason <Cd> and <AddtlInf> in document order (the
 * report's order: group, then each payment and its transactions).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPain002, type Pain002Report, type StatusReason } from '../../../extractors/formats/index.js';
import { corpusDir, hasCorpus } from './corpus.js';

const dir = path.join(corpusDir, 'pain');
const files = hasCorpus ? readdirSync(dir).filter((f) => f.endsWith('.xml')) : [];

const all = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!.replace(/^<!\[CDATA\[|\]\]>$/g, '').trim());

function reasonsInOrder(r: Pain002Report): StatusReason[] {
  return [...r.reasons, ...r.payments.flatMap((p) => [...p.reasons, ...p.transactions.flatMap((t) => t.reasons)])];
}

describe.skipIf(!hasCorpus)('pain.002 corpus', () => {
  it('has files', () => expect(files.length).toBeGreaterThan(0));

  describe.each(files)('%s', (name) => {
    const file = path.join(dir, name);
    const xml = readFileSync(file, 'utf8');

    it('has the statuses and reason codes the file holds', async () => {
      const r = await readPain002(file);
      expect(r.messageId).toBe(all(xml, 'MsgId')[0]);
      expect(r.originalMessageId).toBe(all(xml, 'OrgnlMsgId')[0] ?? null);
      expect(r.groupStatus).toBe(all(xml, 'GrpSts')[0] ?? null);
      expect(r.payments.map((p) => p.status).filter(Boolean)).toEqual(all(xml, 'PmtInfSts'));
      expect(r.payments.map((p) => p.originalPaymentInformationId)).toEqual(all(xml, 'OrgnlPmtInfId'));
      const txs = r.payments.flatMap((p) => p.transactions);
      expect(txs.map((t) => t.status)).toEqual(all(xml, 'TxSts'));
      expect(txs.map((t) => t.originalEndToEndId)).toEqual(all(xml, 'OrgnlEndToEndId'));
      expect(txs.map((t) => t.originalInstructionId).filter(Boolean)).toEqual(all(xml, 'OrgnlInstrId'));
      const reasons = reasonsInOrder(r);
      expect(reasons.map((x) => x.code)).toEqual(all(xml, 'StsRsnInf').map((block) => all(block, 'Cd')[0]));
      expect(reasons.map((x) => x.additionalInfo).filter(Boolean)).toEqual(all(xml, 'AddtlInf'));
      for (const t of txs) expect(t.provenance.source).toMatch(/^CstmrPmtStsRpt\/OrgnlPmtInfAndSts\[\d+\]\/TxInfAndSts\[\d+\]$/);
    });
  });

  it('reads a report declared with "Xmlns=" (a real bank quirk) with a warning', async () => {
    const r = await readPain002(path.join(dir, 'pain_002_batch_rejected.xml'));
    expect(r.version).toBe(3);
    expect(r.warnings.join('\n')).toMatch(/"Xmlns="/);
    // The bank could not read the original file, so it cannot name it: read, with a warning.
    expect(r.originalMessageId).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/OrgnlMsgId is missing/);
    expect(r.groupStatus).toBe('RJCT');
    expect(r.reasons[0]).toMatchObject({ code: 'NARR', additionalInfo: expect.stringMatching(/^Error parsing file examplefile\.xml/) });
  });

  it('reads the instructed amount of the original transaction as Money', async () => {
    const r = await readPain002(path.join(dir, 'pain_002_v3_accepted.xml'));
    const tx = r.payments[0]!.transactions[0]!;
    expect(tx.amount?.toJSON()).toEqual({ amount: '10.00', currency: 'USD' });
    expect(tx.accountServicerReference).toBe('I200820000XXXXX');
    expect(r.warnings).toEqual([]);
  });
});
