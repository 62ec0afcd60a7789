/**
 * The parts of a pain.008 (SEPA direct-debit initiation) message as XML text: the group header, a
 * payment-information block's header, one transaction. Each transaction is written on ONE line, so
 * that a line of the file names its collection (the validator's line numbers → end-to-end ids).
 * Amounts come from `Money` as decimal text; nothing is ever a float.
 */
import type { Collection } from '../collection.js';
import type { Money } from '../money.js';

export type Pain008Version = 'pain.008.001.02' | 'pain.008.001.08';
export const PAIN008_VERSIONS: readonly Pain008Version[] = ['pain.008.001.02', 'pain.008.001.08'];

/** The creditor's side of a block: who collects, into which account, under which identifier. */
export interface CreditorAccount {
  name: string;
  iban: string;
  bic?: string;
  creditorId: string;
}

/** What the next collection must say about a mandate changed since its last one (`AmdmntInfDtls`). */
export interface MandateAmendmentDetails {
  originalUmr?: string;
  originalCreditorId?: string;
  originalCreditorName?: string;
  originalDebtorIban?: string;
  /** The debtor's account moved to another bank: "SMNDA" (same mandate, new debtor agent). */
  debtorBankChanged?: boolean;
}

/** A checked collection with what its file needs beyond it: the debtor, the mandate's signature, the creditor. */
export interface Pain008Entry extends Collection {
  debtorName: string;
  debtorIban: string;
  debtorBic?: string;
  debtorAddress?: { lines: string[]; country?: string };
  mandateSignedOn: string;
  amendment?: MandateAmendmentDetails;
  creditor: CreditorAccount;
}

export interface GroupHeader {
  messageId: string;
  createdAt: Date;
  initiatingParty: string;
  count: number;
  controlSum: Money;
}

export interface BlockHeader {
  paymentInfoId: string;
  count: number;
  controlSum: Money;
  scheme: Collection['scheme'];
  sequenceType: Collection['sequenceType'];
  collectionDate: string;
  creditor: CreditorAccount;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const xmlText = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const el = (name: string, text: string) => `<${name}>${xmlText(text)}</${name}>`;

/** The agent of an account: its BIC, or "NOTPROVIDED" (IBAN-only, allowed within SEPA). */
function agent(version: Pain008Version, bic: string | undefined): string {
  const id = bic ? el(version === 'pain.008.001.02' ? 'BIC' : 'BICFI', bic) : '<Othr><Id>NOTPROVIDED</Id></Othr>';
  return `<FinInstnId>${id}</FinInstnId>`;
}

const schemeId = (creditorId: string) => `<Id><PrvtId><Othr>${el('Id', creditorId)}<SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id>`;

/** Local time with its offset, to the second (`2026-12-04T10:15:00+00:00`). */
const isoDateTime = (d: Date) => `${d.toISOString().slice(0, 19)}+00:00`;

export function documentOpen(version: Pain008Version): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${version}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<CstmrDrctDbtInitn>\n`;
}
export const DOCUMENT_CLOSE = '</CstmrDrctDbtInitn>\n</Document>\n';

export function groupHeader(h: GroupHeader): string {
  return `<GrpHdr>${el('MsgId', h.messageId)}${el('CreDtTm', isoDateTime(h.createdAt))}${el('NbOfTxs', String(h.count))}${el('CtrlSum', h.controlSum.toString())}<InitgPty>${el('Nm', h.initiatingParty)}</InitgPty></GrpHdr>\n`;
}

export function blockOpen(version: Pain008Version, b: BlockHeader): string {
  return (
    `<PmtInf>${el('PmtInfId', b.paymentInfoId)}<PmtMtd>DD</PmtMtd>${el('NbOfTxs', String(b.count))}${el('CtrlSum', b.controlSum.toString())}` +
    `<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm>${el('Cd', b.scheme)}</LclInstrm>${el('SeqTp', b.sequenceType)}</PmtTpInf>` +
    `${el('ReqdColltnDt', b.collectionDate)}<Cdtr>${el('Nm', b.creditor.name)}</Cdtr><CdtrAcct><Id>${el('IBAN', b.creditor.iban)}</Id></CdtrAcct>` +
    `<CdtrAgt>${agent(version, b.creditor.bic)}</CdtrAgt><ChrgBr>SLEV</ChrgBr><CdtrSchmeId>${schemeId(b.creditor.creditorId)}</CdtrSchmeId>\n`
  );
}
export const BLOCK_CLOSE = '</PmtInf>\n';

function amendmentDetails(a: MandateAmendmentDetails): string {
  const creditor =
    a.originalCreditorId || a.originalCreditorName
      ? `<OrgnlCdtrSchmeId>${a.originalCreditorName ? el('Nm', a.originalCreditorName) : ''}${a.originalCreditorId ? schemeId(a.originalCreditorId) : ''}</OrgnlCdtrSchmeId>`
      : '';
  const account = a.debtorBankChanged ? '<OrgnlDbtrAcct><Id><Othr><Id>SMNDA</Id></Othr></Id></OrgnlDbtrAcct>' : a.originalDebtorIban ? `<OrgnlDbtrAcct><Id>${el('IBAN', a.originalDebtorIban)}</Id></OrgnlDbtrAcct>` : '';
  return `<AmdmntInd>true</AmdmntInd><AmdmntInfDtls>${a.originalUmr ? el('OrgnlMndtId', a.originalUmr) : ''}${creditor}${account}</AmdmntInfDtls>`;
}

/** One transaction, on one line. */
export function transaction(version: Pain008Version, c: Pain008Entry): string {
  const amended = c.amendment && (c.amendment.originalUmr || c.amendment.originalCreditorId || c.amendment.originalCreditorName || c.amendment.originalDebtorIban || c.amendment.debtorBankChanged);
  const address = c.debtorAddress && (c.debtorAddress.lines.length || c.debtorAddress.country)
    ? `<PstlAdr>${c.debtorAddress.country ? el('Ctry', c.debtorAddress.country) : ''}${c.debtorAddress.lines.slice(0, 2).map((l) => el('AdrLine', l)).join('')}</PstlAdr>`
    : '';
  return (
    `<DrctDbtTxInf><PmtId>${el('EndToEndId', c.endToEndId)}</PmtId><InstdAmt Ccy="${c.amount.currency}">${c.amount.toString()}</InstdAmt>` +
    `<DrctDbtTx><MndtRltdInf>${el('MndtId', c.umr)}${el('DtOfSgntr', c.mandateSignedOn)}${amended ? amendmentDetails(c.amendment!) : ''}</MndtRltdInf></DrctDbtTx>` +
    `<DbtrAgt>${agent(version, c.debtorBic)}</DbtrAgt><Dbtr>${el('Nm', c.debtorName)}${address}</Dbtr><DbtrAcct><Id>${el('IBAN', c.debtorIban)}</Id></DbtrAcct>` +
    `${c.remittance ? `<RmtInf>${el('Ustrd', c.remittance)}</RmtInf>` : ''}</DrctDbtTxInf>\n`
  );
}
