/**
 * pain.008 direct-debit initiation files (ISO `pain.008.001.02` to `.001.11`, and the German DK
 * variants `pain.008.002.02` / `pain.008.003.02`, by namespace): the group header, each payment-
 * information block (scheme, sequence type, collection date, creditor and its identifier) and each
 * collection (end-to-end id, amount, mandate with its signature date and amendment details, debtor),
 * with provenance as XML paths. What the group and block headers declare (NbOfTxs, CtrlSum) is
 * checked against the collections; a difference is a warning, so that a person sees it.
 */
import { Money } from '../../../banking/index.js';
import type { SourceRef } from '../../statement/index.js';
import { BankFileMalformed, UnsupportedMessageVersion } from '../errors.js';
import { fromInput, loadFile, type ParseOptions, type ReadOptions, type SourceBytes } from '../source.js';
import { moneyOf } from '../values.js';
import { attr, given, kid, kids, required, type XmlNode } from '../xml/node.js';
import { parseXml } from '../xml/safe-xml.js';

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:pain\.008\.(00[123])\.(\d\d)$/;
const ROOT = 'CstmrDrctDbtInitn';

export interface Pain008Collection {
  endToEndId: string;
  amount: Money;
  umr: string;
  mandateSignedOn: string | null;
  /** `AmdmntInd` true, with what changed: the original UMR, creditor id, debtor account (or SMNDA). */
  amendment?: { originalUmr?: string; originalCreditorId?: string; originalDebtorIban?: string; debtorBankChanged?: boolean };
  debtorName: string;
  debtorIban: string | null;
  debtorBic: string | null;
  remittance: string | null;
  provenance: SourceRef;
}

export interface Pain008Block {
  paymentInfoId: string;
  /** `LclInstrm/Cd`: CORE, B2B (COR1 in old files). */
  scheme: string | null;
  /** `SeqTp`: FRST, RCUR, FNAL, OOFF. */
  sequenceType: string | null;
  collectionDate: string | null;
  creditor: { name: string | null; iban: string | null; bic: string | null; creditorId: string | null };
  declared: { count: number | null; controlSum: string | null };
  collections: Pain008Collection[];
  provenance: SourceRef;
}

export interface Pain008Message {
  format: 'pain.008';
  /** `pain.008.001.02`, `pain.008.003.02`... */
  version: string;
  namespace: string;
  messageId: string;
  createdAt: string | null;
  initiatingParty: string | null;
  declared: { count: number | null; controlSum: string | null };
  /** Counted from the collections. */
  count: number;
  controlSum: Money;
  blocks: Pain008Block[];
  warnings: string[];
}

const num = (s: string | undefined) => (s === undefined ? null : Number(s));
const bicOf = (node: XmlNode | undefined) => given(node, 'FinInstnId', 'BIC') ?? given(node, 'FinInstnId', 'BICFI') ?? null;
const creditorIdOf = (node: XmlNode | undefined) => given(node, 'Id', 'PrvtId', 'Othr', 'Id') ?? null;

export function parsePain008Source(src: SourceBytes): Pain008Message {
  const xml = parseXml(src, 'pain.008');
  const m = NAMESPACE.exec(xml.namespace.trim());
  if (!m) {
    throw new UnsupportedMessageVersion({ file: src.file, problem: 'unsupported-version', reason: `the namespace "${xml.namespace}" is no pain.008 we read (pain.008.001.xx, pain.008.002.02, pain.008.003.02)`, details: { namespace: xml.namespace } });
  }
  const ref = (path: string): SourceRef => ({ file: src.file, ...(src.sha256 ? { sha256: src.sha256 } : {}), source: path });
  const root = kid(xml.document, ROOT);
  if (!root) throw new BankFileMalformed({ file: src.file, problem: 'missing-element', reason: `the pain.008 message has no ${ROOT} element`, where: 'Document' });
  const ctx = { file: src.file };
  const warnings = [...xml.warnings];
  let total = Money.zero('EUR');
  let count = 0;
  const blocks = kids(root, 'PmtInf').map((p, i): Pain008Block => {
    const path = `${ROOT}/PmtInf[${i + 1}]`;
    let sum = Money.zero('EUR');
    const collections = kids(p, 'DrctDbtTxInf').map((t, j): Pain008Collection => {
      const where = `${path}/DrctDbtTxInf[${j + 1}]`;
      const amountNode = kid(t, 'InstdAmt');
      const amount = moneyOf(required(ctx, t, where, 'InstdAmt'), attr(amountNode, 'Ccy') ?? '', false, { file: src.file, where: `${where}/InstdAmt` }, 'instructed amount');
      sum = sum.plus(amount);
      const mandate = kid(t, 'DrctDbtTx', 'MndtRltdInf');
      const details = kid(mandate, 'AmdmntInfDtls');
      const originalAccount = given(details, 'OrgnlDbtrAcct', 'Id', 'Othr', 'Id');
      const amendment = given(mandate, 'AmdmntInd') === 'true'
        ? {
            ...(given(details, 'OrgnlMndtId') ? { originalUmr: given(details, 'OrgnlMndtId') } : {}),
            ...(creditorIdOf(kid(details, 'OrgnlCdtrSchmeId')) ? { originalCreditorId: creditorIdOf(kid(details, 'OrgnlCdtrSchmeId'))! } : {}),
            ...(given(details, 'OrgnlDbtrAcct', 'Id', 'IBAN') ? { originalDebtorIban: given(details, 'OrgnlDbtrAcct', 'Id', 'IBAN') } : {}),
            ...(originalAccount === 'SMNDA' || given(details, 'OrgnlDbtrAgt', 'FinInstnId', 'Othr', 'Id') === 'SMNDA' ? { debtorBankChanged: true } : {}),
          }
        : undefined;
      return {
        endToEndId: required(ctx, t, where, 'PmtId', 'EndToEndId'),
        amount,
        umr: required(ctx, t, where, 'DrctDbtTx', 'MndtRltdInf', 'MndtId'),
        mandateSignedOn: given(mandate, 'DtOfSgntr') ?? null,
        ...(amendment ? { amendment } : {}),
        debtorName: given(t, 'Dbtr', 'Nm') ?? '',
        debtorIban: given(t, 'DbtrAcct', 'Id', 'IBAN') ?? null,
        debtorBic: bicOf(kid(t, 'DbtrAgt')),
        remittance: kids(kid(t, 'RmtInf'), 'Ustrd').map((u) => given(u) ?? '').filter(Boolean).join(' ') || null,
        provenance: ref(where),
      };
    });
    const declared = { count: num(given(p, 'NbOfTxs')), controlSum: given(p, 'CtrlSum') ?? null };
    const paymentInfoId = required(ctx, p, path, 'PmtInfId');
    if (declared.count !== null && declared.count !== collections.length) warnings.push(`${src.file}: block ${paymentInfoId} declares ${declared.count} collections (NbOfTxs) and holds ${collections.length}`);
    if (declared.controlSum !== null && !sameSum(declared.controlSum, sum)) warnings.push(`${src.file}: block ${paymentInfoId} declares the sum ${declared.controlSum} (CtrlSum); its collections add up to ${sum.toString()}`);
    total = total.plus(sum);
    count += collections.length;
    return {
      paymentInfoId,
      scheme: given(p, 'PmtTpInf', 'LclInstrm', 'Cd') ?? null,
      sequenceType: given(p, 'PmtTpInf', 'SeqTp') ?? null,
      collectionDate: given(p, 'ReqdColltnDt') ?? given(p, 'ReqdColltnDt', 'Dt') ?? null,
      creditor: { name: given(p, 'Cdtr', 'Nm') ?? null, iban: given(p, 'CdtrAcct', 'Id', 'IBAN') ?? null, bic: bicOf(kid(p, 'CdtrAgt')), creditorId: creditorIdOf(kid(p, 'CdtrSchmeId')) },
      declared,
      collections,
      provenance: ref(path),
    };
  });
  const declared = { count: num(given(root, 'GrpHdr', 'NbOfTxs')), controlSum: given(root, 'GrpHdr', 'CtrlSum') ?? null };
  if (declared.count !== null && declared.count !== count) warnings.push(`${src.file}: the group header declares ${declared.count} collections (NbOfTxs); the file holds ${count}`);
  if (declared.controlSum !== null && !sameSum(declared.controlSum, total)) warnings.push(`${src.file}: the group header declares the sum ${declared.controlSum} (CtrlSum); the collections add up to ${total.toString()}`);
  return {
    format: 'pain.008',
    version: `pain.008.${m[1]}.${m[2]}`,
    namespace: xml.namespace.trim(),
    messageId: required(ctx, root, `${ROOT}/GrpHdr`, 'GrpHdr', 'MsgId'),
    createdAt: given(root, 'GrpHdr', 'CreDtTm') ?? null,
    initiatingParty: given(root, 'GrpHdr', 'InitgPty', 'Nm') ?? null,
    declared,
    count,
    controlSum: total,
    blocks,
    warnings,
  };
}

/** A declared sum against the counted one, exactly (`12.3` and `12.30` are the same). */
function sameSum(declared: string, counted: Money): boolean {
  try {
    return Money.of(declared, 'EUR').equals(counted);
  } catch {
    return false;
  }
}

/** pain.008 from bytes or text. */
export function parsePain008(input: string | Buffer | Uint8Array, options: ParseOptions = {}): Pain008Message {
  return parsePain008Source(fromInput(input, options));
}

/** pain.008 file, read with a size limit (default 50 MB). */
export async function readPain008(path: string, options: ReadOptions = {}): Promise<Pain008Message> {
  return parsePain008Source(await loadFile(path, options, 'pain.008 file'));
}
