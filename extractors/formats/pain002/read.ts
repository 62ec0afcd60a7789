/**
 * pain.002 customer payment status reports (versions 001.03 to 001.12, by namespace): the group
 * status, each payment information's status, each transaction's status, with reason codes and
 * their additional information, and provenance as XML paths.
 *
 * Real reports are not always schema-valid: a bank that could not read the original file cannot
 * name its message id, and some declare the namespace as `Xmlns=`. Both are read, with a warning;
 * a status report without a group header or original group information is refused.
 */
import type { Money } from '../../../banking/index.js';
import type { SourceRef } from '../../statement/index.js';
import { BankFileMalformed } from '../errors.js';
import { supportedVersion } from '../iso-namespace.js';
import { fromInput, loadFile, type ParseOptions, type ReadOptions, type SourceBytes } from '../source.js';
import { moneyOf } from '../values.js';
import { attr, given, kid, kids, required, text, type XmlNode } from '../xml/node.js';
import { parseXml } from '../xml/safe-xml.js';

export const PAIN002_VERSIONS = { min: 3, max: 12 } as const;

export interface StatusReason {
  /** `Rsn/Cd` (ISO external code such as `AC01`, `AM04`, `NARR`), else `Rsn/Prtry`; null when none is given. */
  code: string | null;
  /** True when the code is the bank's own (`Rsn/Prtry`). */
  proprietary?: true;
  /** `AddtlInf` texts joined with a space; null when none. */
  additionalInfo: string | null;
  /** `Orgtr/Nm`, who gave the status. */
  originator?: string;
}

export interface TransactionStatus {
  originalEndToEndId: string | null;
  originalInstructionId: string | null;
  /** `TxSts`; null when the report gives none for this transaction (see `effectiveStatus`). */
  status: string | null;
  reasons: StatusReason[];
  statusId?: string;
  accountServicerReference?: string;
  /** `OrgnlTxRef/Amt/InstdAmt`, when given. */
  amount?: Money;
  provenance: SourceRef;
}

export interface PaymentStatus {
  originalPaymentInformationId: string | null;
  /** `PmtInfSts`; null when none is given. */
  status: string | null;
  reasons: StatusReason[];
  transactions: TransactionStatus[];
  provenance: SourceRef;
}

export interface Pain002Report {
  format: 'pain.002';
  version: number;
  namespace: string;
  messageId: string;
  createdAt: string | null;
  /** `OrgnlMsgId`; null when the bank could not name it (e.g. it could not read the file). */
  originalMessageId: string | null;
  /** `OrgnlMsgNmId`, e.g. `pain.001.001.03`. */
  originalMessageType: string | null;
  /** `GrpSts`; null when the report gives none. */
  groupStatus: string | null;
  reasons: StatusReason[];
  payments: PaymentStatus[];
  provenance: SourceRef;
  warnings: string[];
}

interface Ctx {
  file: string;
  sha256?: string;
}

const ROOT = 'CstmrPmtStsRpt';

function sourceRef(ctx: Ctx, path: string): SourceRef {
  return { file: ctx.file, ...(ctx.sha256 ? { sha256: ctx.sha256 } : {}), source: path };
}

function reasonsOf(node: XmlNode): StatusReason[] {
  return kids(node, 'StsRsnInf').map((r) => {
    const cd = given(r, 'Rsn', 'Cd');
    const prtry = cd ? undefined : given(r, 'Rsn', 'Prtry');
    const info = kids(r, 'AddtlInf')
      .map((a) => text(a)?.trim())
      .filter(Boolean)
      .join(' ');
    const originator = given(r, 'Orgtr', 'Nm') ?? given(r, 'Orgtr', 'Id', 'OrgId', 'AnyBIC') ?? given(r, 'Orgtr', 'Id', 'OrgId', 'BICOrBEI');
    return {
      code: cd ?? prtry ?? null,
      ...(prtry ? { proprietary: true as const } : {}),
      additionalInfo: info || null,
      ...(originator ? { originator } : {}),
    };
  });
}

function transactionOf(ctx: Ctx, tx: XmlNode, path: string): TransactionStatus {
  const instd = kid(tx, 'OrgnlTxRef', 'Amt', 'InstdAmt');
  const amountText = given(instd);
  const currency = attr(instd, 'Ccy');
  const statusId = given(tx, 'StsId');
  const servicerRef = given(tx, 'AcctSvcrRef');
  return {
    originalEndToEndId: given(tx, 'OrgnlEndToEndId') ?? null,
    originalInstructionId: given(tx, 'OrgnlInstrId') ?? null,
    status: given(tx, 'TxSts') ?? null,
    reasons: reasonsOf(tx),
    ...(statusId ? { statusId } : {}),
    ...(servicerRef ? { accountServicerReference: servicerRef } : {}),
    ...(amountText && currency
      ? { amount: moneyOf(amountText, currency, false, { file: ctx.file, where: `${path}/OrgnlTxRef/Amt/InstdAmt` }, 'instructed amount') }
      : {}),
    provenance: sourceRef(ctx, path),
  };
}

export function parsePain002Source(src: SourceBytes): Pain002Report {
  const xml = parseXml(src, 'pain.002');
  const v = supportedVersion(xml.namespace, src.file, ['pain.002'], PAIN002_VERSIONS.min, PAIN002_VERSIONS.max);
  const ctx: Ctx = { file: src.file, ...(src.sha256 ? { sha256: src.sha256 } : {}) };
  const root = kid(xml.document, ROOT);
  if (!root) throw new BankFileMalformed({ file: src.file, problem: 'missing-element', reason: `the pain.002 message has no ${ROOT} element`, where: 'Document' });
  const messageId = required(ctx, root, `${ROOT}/GrpHdr`, 'GrpHdr', 'MsgId');
  const group = kid(root, 'OrgnlGrpInfAndSts');
  if (!group) {
    throw new BankFileMalformed({ file: src.file, problem: 'missing-element', reason: 'the status report has no original group information (OrgnlGrpInfAndSts)', where: ROOT });
  }
  const warnings = [...xml.warnings];
  const originalMessageId = given(group, 'OrgnlMsgId') ?? null;
  if (!originalMessageId) warnings.push(`${src.file}: the report does not name the original message (OrgnlMsgId is missing)`);
  const payments = kids(root, 'OrgnlPmtInfAndSts').map((p, i): PaymentStatus => {
    const path = `${ROOT}/OrgnlPmtInfAndSts[${i + 1}]`;
    return {
      originalPaymentInformationId: given(p, 'OrgnlPmtInfId') ?? null,
      status: given(p, 'PmtInfSts') ?? null,
      reasons: reasonsOf(p),
      transactions: kids(p, 'TxInfAndSts').map((t, j) => transactionOf(ctx, t, `${path}/TxInfAndSts[${j + 1}]`)),
      provenance: sourceRef(ctx, path),
    };
  });
  return {
    format: 'pain.002',
    version: v.version,
    namespace: v.namespace,
    messageId,
    createdAt: given(root, 'GrpHdr', 'CreDtTm') ?? null,
    originalMessageId,
    originalMessageType: given(group, 'OrgnlMsgNmId') ?? null,
    groupStatus: given(group, 'GrpSts') ?? null,
    reasons: reasonsOf(group),
    payments,
    provenance: sourceRef(ctx, `${ROOT}/OrgnlGrpInfAndSts`),
    warnings,
  };
}

/**
 * The status that applies to a transaction: its own, else its payment information's, else the
 * group's (a report may state a status only at the level where it applies to everything below).
 */
export function effectiveStatus(report: Pain002Report, payment: PaymentStatus, tx?: TransactionStatus): string | null {
  return tx?.status ?? payment.status ?? report.groupStatus;
}

/** pain.002 from bytes or text. */
export function parsePain002(input: string | Buffer | Uint8Array, options: ParseOptions = {}): Pain002Report {
  return parsePain002Source(fromInput(input, options));
}

/** pain.002 file, read with a size limit (default 50 MB). */
export async function readPain002(path: string, options: ReadOptions = {}): Promise<Pain002Report> {
  return parsePain002Source(await loadFile(path, options, 'pain.002 file'));
}
