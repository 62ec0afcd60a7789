/**
 * camt.052 / camt.053 / camt.054 files, versions 001.02 to 001.08 told apart by namespace.
 * camt.053 statements go through `checkedStatement` (opening + entries = closing).
 */
import { checkedStatement } from '../../statement/index.js';
import { flagged } from '../../statement/index.js';
import type { EntryReport, Statement } from '../../statement/index.js';
import { BankFileMalformed } from '../errors.js';
import { supportedVersion } from '../iso-namespace.js';
import { fromInput, loadFile, type ParseOptions, type ReadOptions, type SourceBytes } from '../source.js';
import { kid, kids, required } from '../xml/node.js';
import { parseXml } from '../xml/safe-xml.js';
import type { CamtContext } from './entry.js';
import { reportOf, statementOf, type CamtMessage } from './record.js';

export const CAMT_VERSIONS = { min: 2, max: 8 } as const;

interface Common {
  version: number;
  namespace: string;
  messageId: string;
  warnings: string[];
}

export type CamtResult =
  | ({ kind: 'camt.053'; statements: Statement[] } & Common)
  | ({ kind: 'camt.054'; reports: EntryReport[] } & Common)
  | ({ kind: 'camt.052'; reports: EntryReport[] } & Common);

const LAYOUT: Record<CamtMessage, { root: string; record: string }> = {
  'camt.052': { root: 'BkToCstmrAcctRpt', record: 'Rpt' },
  'camt.053': { root: 'BkToCstmrStmt', record: 'Stmt' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', record: 'Ntfctn' },
};

/** The message as read; camt.053 statements not yet checked (for tests and diagnostics). */
export function parseCamtUnchecked(src: SourceBytes): CamtResult {
  const xml = parseXml(src, 'camt');
  const v = supportedVersion(xml.namespace, src.file, Object.keys(LAYOUT), CAMT_VERSIONS.min, CAMT_VERSIONS.max);
  const kind = v.message as CamtMessage;
  const { root: rootName, record } = LAYOUT[kind];
  const root = kid(xml.document, rootName);
  if (!root) {
    throw new BankFileMalformed({ file: src.file, problem: 'missing-element', reason: `the ${kind} message has no ${rootName} element`, where: 'Document' });
  }
  const ctx: CamtContext = { file: src.file, ...(src.sha256 ? { sha256: src.sha256 } : {}) };
  const messageId = required(ctx, root, `${rootName}/GrpHdr`, 'GrpHdr', 'MsgId');
  const records = kids(root, record);
  if (!records.length) {
    throw new BankFileMalformed({
      file: src.file,
      problem: 'missing-element',
      reason: `the ${kind} message "${messageId}" has no ${record} element (at least one is required)`,
      where: rootName,
    });
  }
  const common: Common = { version: v.version, namespace: v.namespace, messageId, warnings: xml.warnings };
  const path = (i: number) => `${rootName}/${record}[${i + 1}]`;
  if (kind === 'camt.053') return { kind, statements: records.map((r, i) => statementOf(ctx, r, path(i))), ...common };
  return { kind, reports: records.map((r, i) => flagged(reportOf(ctx, r, path(i), kind))), ...common };
}

/** camt.053 statements through `checkedStatement`; reports as they are. */
export function checkedCamt(r: CamtResult): CamtResult {
  return r.kind === 'camt.053' ? { ...r, statements: r.statements.map(checkedStatement) } : r;
}

/** camt.052/053/054 from bytes or text. */
export function parseCamt(input: string | Buffer | Uint8Array, options: ParseOptions = {}): CamtResult {
  return checkedCamt(parseCamtUnchecked(fromInput(input, options)));
}

/** camt.052/053/054 file, read with a size limit (default 50 MB). */
export async function readCamt(path: string, options: ReadOptions = {}): Promise<CamtResult> {
  return checkedCamt(parseCamtUnchecked(await loadFile(path, options, 'camt file')));
}
