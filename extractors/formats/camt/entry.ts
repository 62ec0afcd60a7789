/**
 * One camt entry (`Ntry`) to a `StatementEntry`: signed amount (`DBIT` negative), booking and value
 * date (`Dt` or `DtTm`), status (`Sts` text in v2–v6, `Sts/Cd` from v7), reversal, bank transaction
 * code (`Domn/Cd/Fmly/Cd/SubFmlyCd`, else `Prtry/Cd`), and its transaction details. An entry with
 * several `TxDtls` (a batch) keeps a reference or the other party only when all details agree; each
 * detail's own values are kept in `extra` under `TxDtls[i]/…`.
 */
import type { Counterparty, EntryReferences, SourceRef, StatementEntry } from '../../statement/index.js';
import { BankFileMalformed } from '../errors.js';
import { isoDate, moneyOf, type AsWritten, type Where } from '../values.js';
import { attr, given, kid, kids, required, type XmlContext, type XmlNode } from '../xml/node.js';
import { txDetail, type TxDetail } from './details.js';

export interface CamtContext extends XmlContext {
  sha256?: string;
}

export function sourceRef(ctx: CamtContext, path: string): SourceRef {
  return { file: ctx.file, ...(ctx.sha256 ? { sha256: ctx.sha256 } : {}), source: path };
}

/** `Amt` with `Ccy` and `CdtDbtInd` below `node`, signed. */
export function signedAmount(ctx: CamtContext, node: XmlNode, path: string, what: string): ReturnType<typeof moneyOf> {
  const amt = kid(node, 'Amt');
  const value = required(ctx, node, path, 'Amt');
  const currency = attr(amt, 'Ccy');
  if (!currency) throw new BankFileMalformed({ file: ctx.file, problem: 'missing-element', reason: `${what} amount has no currency (Ccy)`, where: `${path}/Amt` });
  const mark = required(ctx, node, path, 'CdtDbtInd');
  if (mark !== 'CRDT' && mark !== 'DBIT') {
    throw new BankFileMalformed({ file: ctx.file, problem: 'bad-value', reason: `CdtDbtInd is "${mark}", expected CRDT or DBIT`, where: `${path}/CdtDbtInd` });
  }
  const at: Where = { file: ctx.file, where: `${path}/Amt` };
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new BankFileMalformed({ file: ctx.file, problem: 'bad-value', reason: `${what} amount "${value.slice(0, 40)}" is not a decimal amount`, where: at.where });
  }
  return moneyOf(value, currency, mark === 'DBIT', at, `${what} amount`);
}

/** `Dt` or `DtTm` below `node` (e.g. `BookgDt`), as a calendar date. */
export function dateOf(ctx: CamtContext, node: XmlNode | undefined, path: string, asWritten?: AsWritten): string | null {
  const dt = given(node, 'Dt') ?? given(node, 'DtTm');
  return dt ? isoDate(dt, { file: ctx.file, where: path }, path.split('/').pop()!, asWritten) : null;
}

function transactionCode(n: XmlNode): string | undefined {
  const domain = kid(n, 'BkTxCd', 'Domn');
  const d = given(domain, 'Cd');
  if (d) return [d, given(domain, 'Fmly', 'Cd'), given(domain, 'Fmly', 'SubFmlyCd')].filter(Boolean).join('/');
  return given(n, 'BkTxCd', 'Prtry', 'Cd');
}

function same<T>(values: (T | undefined)[]): T | undefined {
  const first = JSON.stringify(values[0]);
  return values.every((v) => JSON.stringify(v) === first) ? values[0] : undefined;
}

function merge(details: TxDetail[]): TxDetail {
  if (details.length === 1) return details[0]!;
  const references: EntryReferences = {};
  for (const k of ['endToEndId', 'bankReference', 'customerReference', 'mandateId', 'paymentInformationId', 'messageId'] as const) {
    const v = same(details.map((d) => d.references[k]));
    if (v) references[k] = v;
  }
  const extra: Record<string, string> = {};
  details.forEach((d, i) => {
    for (const [k, v] of Object.entries(d.references)) extra[`TxDtls[${i + 1}]/${k}`] = v;
    for (const [k, v] of Object.entries(d.extra)) extra[`TxDtls[${i + 1}]/${k}`] = v;
    if (d.counterparty?.name) extra[`TxDtls[${i + 1}]/counterparty`] = d.counterparty.name;
    if (d.remittance) extra[`TxDtls[${i + 1}]/remittance`] = d.remittance;
  });
  const counterparty: Counterparty | undefined = same(details.map((d) => d.counterparty));
  const remittance = [...new Set(details.map((d) => d.remittance).filter(Boolean))].join(' ');
  return { references, ...(counterparty ? { counterparty } : {}), remittance, extra };
}

export function entryOf(ctx: CamtContext, n: XmlNode, path: string): StatementEntry {
  const amount = signedAmount(ctx, n, path, 'entry');
  const credit = given(n, 'CdtDbtInd') === 'CRDT';
  const details = kids(n, 'NtryDtls').flatMap((d) => kids(d, 'TxDtls')).map((tx) => txDetail(tx, credit));
  const d = details.length ? merge(details) : { references: {}, remittance: '', extra: {} as Record<string, string> };
  const extra: Record<string, string> = { ...d.extra };
  const status = given(n, 'Sts') ?? given(n, 'Sts', 'Cd') ?? given(n, 'Sts', 'Prtry');
  if (status) extra.Sts = status;
  const ntryRef = given(n, 'NtryRef');
  if (ntryRef) extra.NtryRef = ntryRef;
  const batch = given(n, 'NtryDtls', 'Btch', 'NbOfTxs');
  if (batch) extra['Btch/NbOfTxs'] = batch;
  if (details.length > 1) extra['TxDtls/count'] = String(details.length);
  const info = given(n, 'AddtlNtryInf');
  if (info) extra.AddtlNtryInf = info;
  const references = { ...d.references };
  const servicerRef = given(n, 'AcctSvcrRef');
  if (servicerRef) references.bankReference = servicerRef;
  const rvsl = given(n, 'RvslInd');
  const code = transactionCode(n);
  const asWritten: AsWritten = {};
  const bookingDate = dateOf(ctx, kid(n, 'BookgDt'), `${path}/BookgDt`, asWritten);
  const valueDate = dateOf(ctx, kid(n, 'ValDt'), `${path}/ValDt`, asWritten);
  return {
    bookingDate,
    valueDate,
    amount,
    ...(rvsl === 'true' || rvsl === '1' ? { reversal: true } : {}),
    references,
    ...(d.counterparty ? { counterparty: d.counterparty } : {}),
    remittance: d.remittance || (info ?? ''),
    ...(code ? { transactionCode: code } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
    provenance: { ...sourceRef(ctx, path), ...(Object.keys(asWritten).length ? { asWritten } : {}) },
  };
}
