/**
 * camt.052/053/054 versions 2 to 8 from small messages written here (the corpus has only v2), with
 * each version's differences: `Sts` text (v2–v6) or `Sts/Cd` (v7+), `Dbtr/Nm` (v2–v7) or
 * `Dbtr/Pty/Nm` (v8), `BIC` (v2–v3) or `BICFI` (v4+), the detail amount in `AmtDtls` (v2) or
 * `TxDtls/Amt` (v3+), booking dates as `Dt` or `DtTm`.
 */
import { describe, expect, it } from 'vitest';
import {
  BankFileMalformed,
  parseCamt,
  StatementOutOfBalance,
  UnsupportedMessageVersion,
  type CamtResult,
} from '../../../extractors/formats/index.js';

type Kind = '052' | '053' | '054';
const ROOT = { '052': ['BkToCstmrAcctRpt', 'Rpt'], '053': ['BkToCstmrStmt', 'Stmt'], '054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'] } as const;

const bal = (code: string, amount: string, mark = 'CRDT', date = '<Dt>2024-03-01</Dt>') =>
  `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${mark}</CdtDbtInd><Dt>${date}</Dt></Bal>`;

function entry(v: number, amount: string, mark: 'CRDT' | 'DBIT', party: string, opts: { dateTime?: boolean; reversal?: boolean } = {}): string {
  const sts = v >= 7 ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>';
  const role = mark === 'CRDT' ? 'Dbtr' : 'Cdtr';
  const name = v >= 8 ? `<${role}><Pty><Nm>${party}</Nm></Pty></${role}>` : `<${role}><Nm>${party}</Nm></${role}>`;
  const bic = v >= 4 ? '<BICFI>DEUTDEFFXXX</BICFI>' : '<BIC>DEUTDEFFXXX</BIC>';
  const txAmount = v >= 3 ? `<Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${mark}</CdtDbtInd>` : `<AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls>`;
  const booking = opts.dateTime ? '<DtTm>2024-03-01T23:30:00+01:00</DtTm>' : '<Dt>2024-03-01</Dt>';
  return `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${mark}</CdtDbtInd>${opts.reversal ? '<RvslInd>true</RvslInd>' : ''}${sts}
    <BookgDt>${booking}</BookgDt><ValDt><Dt>2024-03-02</Dt></ValDt><AcctSvcrRef>BANKREF-${amount}</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><TxDtls><Refs><MsgId>MSG1</MsgId><PmtInfId>PMT1</PmtInfId><InstrId>INSTR-${amount}</InstrId><EndToEndId>E2E-${amount}</EndToEndId><MndtId>MNDT1</MndtId></Refs>${txAmount}
      <RltdPties>${name}<${role}Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></${role}Acct></RltdPties>
      <RltdAgts><${role}Agt><FinInstnId>${bic}</FinInstnId></${role}Agt></RltdAgts>
      <RmtInf><Ustrd>Invoice ${amount} &amp; co</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
}

function camt(kind: Kind, v: number, body: { balances?: string; entries?: string; ns?: string; prefix?: string } = {}): string {
  const [root, rec] = ROOT[kind];
  const ns = body.ns ?? `urn:iso:std:iso:20022:tech:xsd:camt.${kind}.001.${String(v).padStart(2, '0')}`;
  const p = body.prefix ? `${body.prefix}:` : '';
  const xmlns = body.prefix ? `xmlns:${body.prefix}` : 'xmlns';
  const inner = `<${root}><GrpHdr><MsgId>MSG-${kind}-${v}</MsgId><CreDtTm>2024-03-02T06:00:00</CreDtTm></GrpHdr>
  <${rec}><Id>REC-${v}</Id><ElctrncSeqNb>7</ElctrncSeqNb><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy>
  <Svcr><FinInstnId>${v >= 4 ? '<BICFI>BYLADEM1001</BICFI>' : '<BIC>BYLADEM1001</BIC>'}</FinInstnId></Svcr></Acct>
  ${body.balances ?? ''}${body.entries ?? ''}</${rec}></${root}>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${p}Document ${xmlns}="${ns}">${inner}</${p}Document>`;
  // A prefixed document: every element carries the prefix.
  return body.prefix ? xml.replace(/<(\/?)(?!\?|ns\d?:)([A-Z]\w*)/g, `<$1${p}$2`) : xml;
}

function statementsOf(r: CamtResult) {
  if (r.kind !== 'camt.053') throw new Error(`expected camt.053, got ${r.kind}`);
  return r.statements;
}

describe.each([2, 3, 4, 5, 6, 7, 8])('camt version %i', (v) => {
  const entries = entry(v, '150.25', 'CRDT', 'Alice GmbH') + entry(v, '50.00', 'DBIT', 'Bob AG', { dateTime: true });

  it('camt.053: balances by type, signed entries, references, parties and remittance', () => {
    const xml = camt('053', v, { balances: bal('OPBD', '1000.00') + bal('CLBD', '1100.25') + bal('CLAV', '1100.25'), entries });
    const r = parseCamt(xml, { file: `v${v}.xml` });
    expect(r).toMatchObject({ kind: 'camt.053', version: v, messageId: `MSG-053-${v}` });
    const [s] = statementsOf(r);
    expect(s!.opening.amount.toString()).toBe('1000.00');
    expect(s!.closing.amount.toString()).toBe('1100.25');
    expect(s!.otherBalances.map((b) => b.type)).toEqual(['CLAV']);
    expect(s!.account).toEqual({ id: 'DE02120300000000202051', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' });
    expect(s!.sequence).toBe('7');
    const [credit, debit] = s!.entries;
    expect(credit!.amount.toString()).toBe('150.25');
    expect(debit!.amount.toString()).toBe('-50.00');
    expect(credit!.counterparty).toEqual({ name: 'Alice GmbH', iban: 'DE89370400440532013000', bic: 'DEUTDEFFXXX' });
    expect(debit!.counterparty?.name).toBe('Bob AG');
    expect(credit!.references).toEqual({
      endToEndId: 'E2E-150.25',
      messageId: 'MSG1',
      paymentInformationId: 'PMT1',
      customerReference: 'INSTR-150.25',
      mandateId: 'MNDT1',
      bankReference: 'BANKREF-150.25',
    });
    expect(credit!.remittance).toBe('Invoice 150.25 & co');
    expect(credit!.transactionCode).toBe('PMNT/RCDT/ESCT');
    expect(credit!.extra).toMatchObject({ Sts: 'BOOK', Amt: '150.25 EUR' });
    expect(debit!.bookingDate).toBe('2024-03-01');
    expect(debit!.valueDate).toBe('2024-03-02');
    expect(debit!.provenance).toEqual({ file: `v${v}.xml`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), source: 'BkToCstmrStmt/Stmt[1]/Ntry[2]' });
    expect(s!.opening.provenance.source).toBe('BkToCstmrStmt/Stmt[1]/Bal[1]');
  });

  it('camt.053: a statement that does not add up is refused', () => {
    const xml = camt('053', v, { balances: bal('OPBD', '1000.00') + bal('CLBD', '1100.00'), entries });
    expect(() => parseCamt(xml, { file: 'off.xml' })).toThrow(StatementOutOfBalance);
  });

  it('camt.054 and camt.052: entries without a balance check', () => {
    const n = parseCamt(camt('054', v, { entries }));
    expect(n.kind).toBe('camt.054');
    if (n.kind !== 'camt.054') return;
    expect(n.reports[0]!.entries.map((e) => e.amount.toString())).toEqual(['150.25', '-50.00']);
    expect(n.reports[0]!.currency).toBe('EUR');
    const a = parseCamt(camt('052', v, { balances: bal('ITBD', '10.00'), entries }));
    expect(a.kind).toBe('camt.052');
    if (a.kind !== 'camt.052') return;
    expect(a.reports[0]!.balances.map((b) => `${b.type} ${b.amount.toString()}`)).toEqual(['ITBD 10.00']);
    expect(a.reports[0]!.entries[0]!.provenance.source).toBe('BkToCstmrAcctRpt/Rpt[1]/Ntry[1]');
  });
});

describe('camt versions and structure', () => {
  const body = { balances: bal('OPBD', '0.00') + bal('CLBD', '0.00') };

  it('refuses a namespace it does not read, naming it', () => {
    for (const ns of ['urn:iso:std:iso:20022:tech:xsd:camt.053.001.09', 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.01', 'urn:example:camt']) {
      expect(() => parseCamt(camt('053', 2, { ...body, ns }), { file: 'x.xml' })).toThrow(UnsupportedMessageVersion);
    }
    expect(() => parseCamt(camt('053', 2, { ...body, ns: 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.09' }), { file: 'x.xml' })).toThrow(
      /x\.xml: the namespace "urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.09" is not one we read \(camt\.052\/camt\.053\/camt\.054 versions 02 to 08\)/,
    );
  });

  it('refuses a Document without a namespace', () => {
    const xml = camt('053', 2, body).replace(/ xmlns="[^"]*"/, '');
    expect(() => parseCamt(xml, { file: 'nons.xml' })).toThrow(/nons\.xml: the Document element has no ISO 20022 namespace/);
  });

  it('reads a prefixed document and one inside an envelope', () => {
    const prefixed = camt('053', 5, { ...body, prefix: 'ns2' });
    expect(prefixed).toContain('<ns2:BkToCstmrStmt>');
    expect(parseCamt(prefixed)).toMatchObject({ kind: 'camt.053', version: 5 });
    const enveloped = `<?xml version="1.0"?><BizMsg xmlns:h="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><h:AppHdr><h:BizMsgIdr>1</h:BizMsgIdr></h:AppHdr>${camt('053', 8, body).replace(/^<\?xml[^>]*>\n/, '')}</BizMsg>`;
    expect(parseCamt(enveloped)).toMatchObject({ kind: 'camt.053', version: 8 });
  });

  it('names the missing element and where it is missing', () => {
    const noAmount = camt('053', 4, { ...body, entries: '<Ntry><CdtDbtInd>CRDT</CdtDbtInd></Ntry>' });
    expect(() => parseCamt(noAmount, { file: 'm.xml' })).toThrow(/m\.xml: the required element Amt is missing or empty \(BkToCstmrStmt\/Stmt\[1\]\/Ntry\[1\]\)/);
    const noCurrency = camt('053', 4, { ...body, entries: '<Ntry><Amt>1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>' });
    expect(() => parseCamt(noCurrency)).toThrow(/has no currency \(Ccy\)/);
    const badMark = camt('053', 4, { ...body, entries: '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CR</CdtDbtInd></Ntry>' });
    expect(() => parseCamt(badMark)).toThrow(/CdtDbtInd is "CR", expected CRDT or DBIT/);
    const badAmount = camt('053', 4, { ...body, entries: '<Ntry><Amt Ccy="EUR">1,00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>' });
    expect(() => parseCamt(badAmount)).toThrow(BankFileMalformed);
    const tooPrecise = camt('053', 4, { ...body, entries: '<Ntry><Amt Ccy="EUR">1.001</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>' });
    expect(() => parseCamt(tooPrecise)).toThrow(/more decimals than EUR allows/);
    const noAccount = camt('053', 4, body).replace(/<Acct>[\s\S]*<\/Acct>/, '');
    expect(() => parseCamt(noAccount)).toThrow(/the account has no identification/);
  });

  it('takes PRCD as the opening balance, and ITBD for the pages of a paginated statement', () => {
    const entries = entry(6, '5.00', 'DBIT', 'X');
    const prcd = statementsOf(parseCamt(camt('053', 6, { balances: bal('PRCD', '10.00') + bal('CLBD', '5.00'), entries })))[0]!;
    expect([prcd.opening.type, prcd.closing.type]).toEqual(['PRCD', 'CLBD']);
    const first = statementsOf(parseCamt(camt('053', 6, { balances: bal('OPBD', '10.00') + bal('ITBD', '5.00'), entries })))[0]!;
    expect([first.opening.type, first.closing.type]).toEqual(['OPBD', 'ITBD']);
    const middle = statementsOf(parseCamt(camt('053', 6, { balances: bal('ITBD', '10.00') + bal('ITBD', '5.00'), entries })))[0]!;
    expect([middle.opening.amount.toString(), middle.closing.amount.toString()]).toEqual(['10.00', '5.00']);
    expect(() => parseCamt(camt('053', 6, { balances: bal('CLAV', '5.00'), entries }), { file: 'clav.xml' })).toThrow(
      /statement "REC-6" has no opening balance \(Bal with type OPBD, PRCD or ITBD; balances found: CLAV\)/,
    );
  });

  it('marks a reversal and signs a debit balance', () => {
    const xml = camt('053', 7, { balances: bal('OPBD', '10.00', 'DBIT') + bal('CLBD', '15.00', 'DBIT'), entries: entry(7, '5.00', 'DBIT', 'X', { reversal: true }) });
    const s = statementsOf(parseCamt(xml))[0]!;
    expect(s.opening.amount.toString()).toBe('-10.00');
    expect(s.entries[0]!.reversal).toBe(true);
  });
});
