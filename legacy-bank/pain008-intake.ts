/**
 * The simulated bank's own reading of an uploaded pain.008 (it shares no code with ours, as a real
 * bank would not): the message id and version, each block's id, sequence type, collection date and
 * creditor account, each collection's end-to-end id, amount, mandate and debtor; declared totals
 * checked in integer cents. A DOCTYPE is refused (no entities are ever expanded).
 */
import { XMLParser } from 'fast-xml-parser';
import type { FiledCollection } from './collection-files.js';

export interface Pain008Intake {
  messageId: string;
  version: string;
  creditorIban: string;
  collections: FiledCollection[];
  /** Sum in cents. */
  cents: bigint;
}

export class Pain008Refused extends Error {}

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, processEntities: false, parseTagValue: false, isArray: (name) => ['PmtInf', 'DrctDbtTxInf'].includes(name) });

const at = (n: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Node)[k] : undefined), n);
const str = (n: unknown, ...path: string[]): string => {
  const v = at(n, ...path);
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && typeof (v as Node)['#text'] === 'string') return ((v as Node)['#text'] as string).trim();
  return '';
};

/** "20.10" → 2010n; anything that is no amount with at most two decimals → null. */
function cents(text: string): bigint | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0')) : null;
}

export function readPain008Upload(bytes: Buffer): Pain008Intake {
  const text = bytes.toString('utf8');
  if (/<!DOCTYPE/i.test(text.slice(0, 2000))) throw new Pain008Refused('DOCTYPE NOT ALLOWED');
  const ns = /<(?:\w+:)?Document[^>]*\sxmlns(?::\w+)?="urn:iso:std:iso:20022:tech:xsd:(pain\.008\.\d{3}\.\d{2})"/.exec(text.slice(0, 4000));
  if (!ns) throw new Pain008Refused('NOT A PAIN.008 FILE');
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch (err) {
    throw new Pain008Refused(`NOT WELL-FORMED XML (${String((err as Error).message).slice(0, 80)})`);
  }
  const root = at(doc, 'Document', 'CstmrDrctDbtInitn');
  const messageId = str(root, 'GrpHdr', 'MsgId');
  if (!root || !messageId) throw new Pain008Refused('NO GROUP HEADER');
  const blocks = (at(root, 'PmtInf') as Node[] | undefined) ?? [];
  let total = 0n;
  const collections: FiledCollection[] = [];
  for (const b of blocks) {
    const paymentInfoId = str(b, 'PmtInfId');
    const txs = (at(b, 'DrctDbtTxInf') as Node[] | undefined) ?? [];
    let blockSum = 0n;
    for (const t of txs) {
      const amount = cents(str(t, 'InstdAmt'));
      if (amount === null) throw new Pain008Refused(`INVALID AMOUNT IN ${str(t, 'PmtId', 'EndToEndId') || 'A TRANSACTION'}`);
      blockSum += amount;
      collections.push({
        endToEndId: str(t, 'PmtId', 'EndToEndId'),
        paymentInfoId,
        umr: str(t, 'DrctDbtTx', 'MndtRltdInf', 'MndtId'),
        creditorId: str(t, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id') || str(b, 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id'),
        amount: `${amount / 100n}.${String(amount % 100n).padStart(2, '0')}`,
        debtorName: str(t, 'Dbtr', 'Nm'),
        debtorIban: str(t, 'DbtrAcct', 'Id', 'IBAN'),
        collectionDate: str(b, 'ReqdColltnDt'),
        sequenceType: str(b, 'PmtTpInf', 'SeqTp'),
      });
    }
    const declaredCount = str(b, 'NbOfTxs');
    if (declaredCount && Number(declaredCount) !== txs.length) throw new Pain008Refused(`BLOCK ${paymentInfoId}: NBOFTXS ${declaredCount} BUT ${txs.length} TRANSACTIONS`);
    const declaredSum = cents(str(b, 'CtrlSum'));
    if (str(b, 'CtrlSum') && declaredSum !== blockSum) throw new Pain008Refused(`BLOCK ${paymentInfoId}: CTRLSUM DOES NOT MATCH`);
    total += blockSum;
  }
  if (collections.length === 0) throw new Pain008Refused('NO TRANSACTIONS');
  const groupCount = str(root, 'GrpHdr', 'NbOfTxs');
  if (groupCount && Number(groupCount) !== collections.length) throw new Pain008Refused(`NBOFTXS ${groupCount} BUT ${collections.length} TRANSACTIONS`);
  if (str(root, 'GrpHdr', 'CtrlSum') && cents(str(root, 'GrpHdr', 'CtrlSum')) !== total) throw new Pain008Refused('CTRLSUM DOES NOT MATCH');
  return { messageId, version: ns[1]!, creditorIban: str(blocks[0], 'CdtrAcct', 'Id', 'IBAN'), collections, cents: total };
}
