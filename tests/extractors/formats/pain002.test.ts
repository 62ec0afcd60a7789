/** pain.002 versions and structure, on small reports written here; and format detection. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BankFileMalformed,
  detectFormat,
  effectiveStatus,
  parsePain002,
  readBankFile,
  UnsupportedMessageVersion,
} from '../../../extractors/formats/index.js';
import { corpusDir, hasCorpus } from './corpus.js';

const report = (v: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.${v}"><CstmrPmtStsRpt>
<GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2024-05-02T08:00:00</CreDtTm></GrpHdr>${body}</CstmrPmtStsRpt></Document>`;

const v10 = report(
  '10',
  `<OrgnlGrpInfAndSts><OrgnlMsgId>PAY-7</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>PMT-A</OrgnlPmtInfId><PmtInfSts>PART</PmtInfSts>
  <TxInfAndSts><StsId>S1</StsId><OrgnlInstrId>I-1</OrgnlInstrId><OrgnlEndToEndId>E-1</OrgnlEndToEndId><TxSts>RJCT</TxSts>
    <StsRsnInf><Orgtr><Nm>Bank</Nm></Orgtr><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Account closed</AddtlInf><AddtlInf>since 2023</AddtlInf></StsRsnInf>
    <StsRsnInf><Rsn><Prtry>X99</Prtry></Rsn></StsRsnInf></TxInfAndSts>
  <TxInfAndSts><OrgnlEndToEndId>E-2</OrgnlEndToEndId></TxInfAndSts>
</OrgnlPmtInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>PMT-B</OrgnlPmtInfId></OrgnlPmtInfAndSts>`,
);

describe('pain.002', () => {
  it('reads group, payment and transaction statuses with reason codes (v10)', () => {
    const r = parsePain002(v10, { file: 'sts.xml' });
    expect(r).toMatchObject({ version: 10, messageId: 'STS-1', originalMessageId: 'PAY-7', originalMessageType: 'pain.001.001.09', groupStatus: 'PART', reasons: [], warnings: [] });
    const [a, b] = r.payments;
    expect(a).toMatchObject({ originalPaymentInformationId: 'PMT-A', status: 'PART', provenance: { file: 'sts.xml', source: 'CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]' } });
    const [t1, t2] = a!.transactions;
    expect(t1).toMatchObject({ originalEndToEndId: 'E-1', originalInstructionId: 'I-1', status: 'RJCT', statusId: 'S1' });
    expect(t1!.reasons).toEqual([
      { code: 'AC04', additionalInfo: 'Account closed since 2023', originator: 'Bank' },
      { code: 'X99', proprietary: true, additionalInfo: null },
    ]);
    expect(t2).toMatchObject({ status: null, reasons: [], provenance: { source: 'CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]/TxInfAndSts[2]' } });
    expect(effectiveStatus(r, a!, t2)).toBe('PART');
    expect(effectiveStatus(r, b!)).toBe('PART');
    expect(b!.transactions).toEqual([]);
  });

  it('refuses versions it does not read, and reports without their required parts', () => {
    expect(() => parsePain002(report('02', '<OrgnlGrpInfAndSts/>'), { file: 'old.xml' })).toThrow(UnsupportedMessageVersion);
    expect(() => parsePain002(report('13', '<OrgnlGrpInfAndSts/>'))).toThrow(/pain\.002 versions 03 to 12/);
    expect(() => parsePain002(report('10', ''), { file: 'g.xml' })).toThrow(/g\.xml: the status report has no original group information/);
    expect(() => parsePain002(report('10', '<OrgnlGrpInfAndSts/>').replace('<MsgId>STS-1</MsgId>', ''))).toThrow(BankFileMalformed);
    const camt = '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>';
    expect(() => parsePain002(camt, { file: 'c.xml' })).toThrow(/c\.xml: the namespace .*camt\.053\.001\.02" is not one we read \(pain\.002/);
  });
});

describe('detectFormat', () => {
  it('tells the formats apart by content', () => {
    expect(detectFormat(Buffer.from(v10))).toEqual({ format: 'pain.002', version: 10 });
    expect(detectFormat(Buffer.from('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"/>'))).toEqual({ format: 'camt.054', version: 8 });
    expect(detectFormat(Buffer.from('<Document><BkToCstmrAcctRpt/></Document>'))).toEqual({ format: 'camt.052' });
    expect(detectFormat(Buffer.from('{1:F01X}{4:\r\n:20:A\r\n:25:B\r\n:60F:C240101EUR1,\r\n'))).toEqual({ format: 'mt940' });
    expect(detectFormat(Buffer.from(':20:A\n:25:B\n:34F:EUR0,\n:13D:2401011200+0100\n'))).toEqual({ format: 'mt942' });
    expect(detectFormat(Buffer.from('hello'))).toBeNull();
    expect(detectFormat(Buffer.from('<html><body/></html>'))).toBeNull();
  });

  it.skipIf(!hasCorpus)('detects every corpus file, and readBankFile reads by content', async () => {
    const cases: [string, string][] = [
      ['mt940/jejik/generic.sta', 'mt940'],
      ['mt940/mBank/mt942.sta', 'mt942'],
      ['camt/camt053.v2.multi.statement.xml', 'camt.053'],
      ['camt/camt054.v2.xml', 'camt.054'],
      ['pain/pain_002_debit_accepted.xml', 'pain.002'],
    ];
    for (const [rel, format] of cases) {
      const p = path.join(corpusDir, rel);
      expect(detectFormat(readFileSync(p))?.format, rel).toBe(format);
      expect((await readBankFile(p)).kind, rel).toBe(format);
    }
  });
});
