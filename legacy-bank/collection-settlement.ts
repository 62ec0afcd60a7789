/**
 * The bank's settlement cycle for accepted collection files, and the answers it sends back, as a
 * real bank does:
 * - a `pain.002` status report per file (pain.002.001.03): the whole file accepted (ACCP), some
 *   collections rejected before settlement (PART, each with its reason), or all (RJCT);
 * - a `camt.054` debit/credit notification (camt.054.001.02) on the creditor's account: a credit per
 *   settled collection, and a debit per collection returned or refunded after settlement, with the
 *   return reason (`RtrInf/Rsn/Cd`).
 *
 * What happens to a collection is decided by its debtor's account: an outcome set for that IBAN
 * (`DebtorOutcomes`: closed AC04, blocked AC06, no mandate MD01 — rejects; deceased MD07, refused
 * MS02, refunded MD06 — returns), else, for an account this bank holds, insufficient funds (AM04) when
 * the available balance is below the amount; else settled.
 */
import type { CollectionFile, FiledCollection } from './collection-files.js';

export type DebtorOutcome = 'closed' | 'blocked' | 'no-mandate' | 'deceased' | 'refuses' | 'refunds' | 'insufficient-funds';

const REASONS: Record<DebtorOutcome, { code: string; kind: 'reject' | 'return' }> = {
  closed: { code: 'AC04', kind: 'reject' },
  blocked: { code: 'AC06', kind: 'reject' },
  'no-mandate': { code: 'MD01', kind: 'reject' },
  deceased: { code: 'MD07', kind: 'return' },
  refuses: { code: 'MS02', kind: 'return' },
  refunds: { code: 'MD06', kind: 'return' },
  'insufficient-funds': { code: 'AM04', kind: 'return' },
};

export interface CollectionOutcome {
  endToEndId: string;
  status: 'settled' | 'rejected' | 'returned';
  reason?: string;
}

export interface CollectionAnswer {
  /** `DDF-000001-pain002.xml`, `DDF-000001-camt054.xml`. */
  name: string;
  fileReference: string;
  kind: 'pain.002' | 'camt.054';
  createdAt: number;
  xml: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const el = (name: string, text: string) => `<${name}>${esc(text)}</${name}>`;
const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** The cycle for one file: every collection's outcome, and the answers. */
export function settleCollectionFile(
  file: CollectionFile,
  now: number,
  outcomeOf: (c: FiledCollection) => DebtorOutcome | undefined,
): { outcomes: CollectionOutcome[]; answers: CollectionAnswer[] } {
  const outcomes = file.collections.map((c): CollectionOutcome => {
    const o = outcomeOf(c);
    if (!o) return { endToEndId: c.endToEndId, status: 'settled' };
    const r = REASONS[o];
    return { endToEndId: c.endToEndId, status: r.kind === 'reject' ? 'rejected' : 'returned', reason: r.code };
  });
  const byId = new Map(outcomes.map((o) => [o.endToEndId, o]));
  const rejected = outcomes.filter((o) => o.status === 'rejected');
  const groupStatus = rejected.length === 0 ? 'ACCP' : rejected.length === outcomes.length ? 'RJCT' : 'PART';
  const blocks = [...new Set(file.collections.map((c) => c.paymentInfoId))];
  const pain002 =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>` +
    `<GrpHdr>${el('MsgId', `STS-${file.reference}`)}${el('CreDtTm', dateTime(now))}</GrpHdr>` +
    `<OrgnlGrpInfAndSts>${el('OrgnlMsgId', file.messageId)}${el('OrgnlMsgNmId', file.version)}${el('OrgnlNbOfTxs', String(file.transactions))}${el('GrpSts', groupStatus)}</OrgnlGrpInfAndSts>` +
    blocks
      .map((block) => {
        const txs = file.collections.filter((c) => c.paymentInfoId === block && byId.get(c.endToEndId)!.status === 'rejected');
        if (!txs.length) return '';
        return (
          `<OrgnlPmtInfAndSts>${el('OrgnlPmtInfId', block)}` +
          txs
            .map((c) => `<TxInfAndSts>${el('OrgnlEndToEndId', c.endToEndId)}<TxSts>RJCT</TxSts><StsRsnInf><Rsn>${el('Cd', byId.get(c.endToEndId)!.reason!)}</Rsn></StsRsnInf><OrgnlTxRef><Amt><InstdAmt Ccy="EUR">${c.amount}</InstdAmt></Amt></OrgnlTxRef></TxInfAndSts>`)
            .join('') +
          `</OrgnlPmtInfAndSts>`
        );
      })
      .join('') +
    `</CstmrPmtStsRpt></Document>\n`;
  const answers: CollectionAnswer[] = [{ name: `${file.reference}-pain002.xml`, fileReference: file.reference, kind: 'pain.002', createdAt: now, xml: pain002 }];
  const booked = file.collections.filter((c) => byId.get(c.endToEndId)!.status !== 'rejected');
  if (booked.length) {
    const entry = (c: FiledCollection, credit: boolean, reason?: string) =>
      `<Ntry><Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>` +
      `<BookgDt>${el('Dt', c.collectionDate)}</BookgDt><ValDt>${el('Dt', c.collectionDate)}</ValDt>` +
      `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>${credit ? 'ESDD' : 'UPDD'}</SubFmlyCd></Fmly></Domn></BkTxCd>` +
      `<NtryDtls><TxDtls><Refs>${el('EndToEndId', c.endToEndId)}${el('MndtId', c.umr)}</Refs><AmtDtls><TxAmt><Amt Ccy="EUR">${c.amount}</Amt></TxAmt></AmtDtls>` +
      `<RltdPties><Dbtr>${el('Nm', c.debtorName)}</Dbtr><DbtrAcct><Id>${el('IBAN', c.debtorIban)}</Id></DbtrAcct></RltdPties>` +
      (reason ? `<RtrInf><Rsn>${el('Cd', reason)}</Rsn></RtrInf>` : '') +
      `</TxDtls></NtryDtls></Ntry>`;
    const entries = booked.flatMap((c) => {
      const o = byId.get(c.endToEndId)!;
      // A returned collection was settled first, then debited back with its reason.
      return o.status === 'returned' ? [entry(c, true), entry(c, false, o.reason)] : [entry(c, true)];
    });
    const camt054 =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>` +
      `<GrpHdr>${el('MsgId', `NTF-${file.reference}`)}${el('CreDtTm', dateTime(now))}</GrpHdr>` +
      `<Ntfctn>${el('Id', `NTF-${file.reference}`)}${el('CreDtTm', dateTime(now))}<Acct><Id>${el('IBAN', file.creditorIban)}</Id><Ccy>EUR</Ccy></Acct>${entries.join('')}</Ntfctn>` +
      `</BkToCstmrDbtCdtNtfctn></Document>\n`;
    answers.push({ name: `${file.reference}-camt054.xml`, fileReference: file.reference, kind: 'camt.054', createdAt: now, xml: camt054 });
  }
  return { outcomes, answers };
}
