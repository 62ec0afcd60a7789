/**
 * Transaction details of a camt entry (`NtryDtls/TxDtls`): references, the other party, remittance
 * and amounts, across versions 2–8:
 * - v2–v7 `RltdPties/Dbtr/Nm`, v8 `RltdPties/Dbtr/Pty/Nm` (Party40Choice);
 * - `RltdAgts/DbtrAgt/FinInstnId/BIC` (v2–v3) or `BICFI` (v4+);
 * - `AmtDtls/TxAmt/Amt` (all) and `TxDtls/Amt` + `CdtDbtInd` (v3+).
 */
import type { Counterparty, EntryReferences } from '../../statement/index.js';
import { attr, given, kid, kids, text, type XmlNode } from '../xml/node.js';

export interface TxDetail {
  references: EntryReferences;
  counterparty?: Counterparty;
  remittance: string;
  extra: Record<string, string>;
}

const NOT_PROVIDED = /^NOTPROVIDED$/i;

function ref(refs: XmlNode | undefined, name: string): string | undefined {
  const v = given(refs, name);
  return v && !NOT_PROVIDED.test(v) ? v : undefined;
}

/** Party name: v2–v7 `<Dbtr><Nm>`, v8 `<Dbtr><Pty><Nm>`. */
function partyName(parties: XmlNode | undefined, role: string): string | undefined {
  const p = kid(parties, role);
  return given(p, 'Nm') ?? given(p, 'Pty', 'Nm');
}

function accountOf(parties: XmlNode | undefined, role: string): Pick<Counterparty, 'iban' | 'account'> {
  const id = kid(parties, `${role}Acct`, 'Id');
  const iban = given(id, 'IBAN');
  if (iban) return { iban: iban.replace(/\s/g, '').toUpperCase() };
  const other = given(id, 'Othr', 'Id');
  return other ? { account: other } : {};
}

function agentBic(agents: XmlNode | undefined, role: string): string | undefined {
  const fi = kid(agents, `${role}Agt`, 'FinInstnId');
  return given(fi, 'BICFI') ?? given(fi, 'BIC');
}

function counterpartyOf(tx: XmlNode, credit: boolean): Counterparty | undefined {
  const parties = kid(tx, 'RltdPties');
  const role = credit ? 'Dbtr' : 'Cdtr';
  const cp: Counterparty = {};
  const name = partyName(parties, role) ?? partyName(parties, `Ultmt${role}`);
  if (name) cp.name = name;
  Object.assign(cp, accountOf(parties, role));
  const bic = agentBic(kid(tx, 'RltdAgts'), role);
  if (bic) cp.bic = bic;
  return Object.keys(cp).length ? cp : undefined;
}

function remittanceOf(tx: XmlNode, extra: Record<string, string>): string {
  const rmt = kid(tx, 'RmtInf');
  const parts: string[] = [];
  for (const u of kids(rmt, 'Ustrd')) {
    const t = text(u)?.trim();
    if (t) parts.push(t);
  }
  kids(rmt, 'Strd').forEach((s, i) => {
    const creditorRef = given(s, 'CdtrRefInf', 'Ref');
    if (creditorRef) {
      parts.push(creditorRef);
      extra[`RmtInf/Strd[${i + 1}]/CdtrRefInf/Ref`] = creditorRef;
    }
    kids(s, 'AddtlRmtInf').forEach((a) => {
      const t = text(a)?.trim();
      if (t) parts.push(t);
    });
  });
  return parts.join(' ');
}

function amountText(n: XmlNode | undefined): string | undefined {
  const v = given(n);
  return v ? `${v} ${attr(n, 'Ccy') ?? ''}`.trim() : undefined;
}

export function txDetail(tx: XmlNode, credit: boolean): TxDetail {
  const refs = kid(tx, 'Refs');
  const references: EntryReferences = {};
  const set = (k: keyof EntryReferences, v: string | undefined) => {
    if (v) references[k] = v;
  };
  set('endToEndId', ref(refs, 'EndToEndId'));
  set('messageId', ref(refs, 'MsgId'));
  set('paymentInformationId', ref(refs, 'PmtInfId'));
  set('customerReference', ref(refs, 'InstrId'));
  set('mandateId', ref(refs, 'MndtId'));
  set('bankReference', ref(refs, 'AcctSvcrRef'));
  const extra: Record<string, string> = {};
  for (const name of ['TxId', 'UETR', 'ClrSysRef', 'ChqNb', 'AcctOwnrTxId', 'AcctSvcrTxId', 'PrcgId']) {
    const v = ref(refs, name);
    if (v) extra[`Refs/${name}`] = v;
  }
  kids(refs, 'Prtry').forEach((p, i) => {
    const v = given(p, 'Ref');
    if (v) extra[`Refs/Prtry[${i + 1}]/${given(p, 'Tp') ?? 'Ref'}`] = v;
  });
  const amount = amountText(kid(tx, 'Amt')) ?? amountText(kid(tx, 'AmtDtls', 'TxAmt', 'Amt')) ?? amountText(kid(tx, 'AmtDtls', 'InstdAmt', 'Amt'));
  if (amount) extra.Amt = amount;
  const purpose = given(tx, 'Purp', 'Cd');
  if (purpose) extra['Purp/Cd'] = purpose;
  const info = given(tx, 'AddtlTxInf');
  if (info) extra.AddtlTxInf = info;
  // A returned or refunded direct debit (an R-transaction): its ISO reason code, and the bank's own when given.
  const returnReason = given(tx, 'RtrInf', 'Rsn', 'Cd') ?? given(tx, 'RtrInf', 'Rsn', 'Prtry');
  if (returnReason) extra['RtrInf/Rsn'] = returnReason;
  const returnInfo = kids(kid(tx, 'RtrInf'), 'AddtlInf').map((a) => text(a)?.trim()).filter(Boolean).join(' ');
  if (returnInfo) extra['RtrInf/AddtlInf'] = returnInfo;
  const remittance = remittanceOf(tx, extra);
  const counterparty = counterpartyOf(tx, credit);
  return { references, ...(counterparty ? { counterparty } : {}), remittance: remittance || (info ?? ''), extra };
}
