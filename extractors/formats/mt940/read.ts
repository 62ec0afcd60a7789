/**
 * MT940 / MT942 files: bytes → text (UTF-8, or Windows-1252 when not valid UTF-8) → messages →
 * statements (each through `checkedStatement`) or interim reports.
 */
import { checkedStatement } from '../../statement/index.js';
import { flagged } from '../../statement/index.js';
import type { EntryReport, Statement } from '../../statement/index.js';
import { BankFileMalformed, NotABankFile } from '../errors.js';
import { fromInput, loadFile, type ParseOptions, type ReadOptions, type SourceBytes } from '../source.js';
import { decodeUndeclared, refuseBinaryOrEmpty, type TextEncoding } from '../text.js';
import { splitMessages } from './fields.js';
import { buildMessage, type MessageContext, type Mt942Info } from './message.js';

export type { Mt942Info } from './message.js';

export type Mt940Result =
  | { kind: 'mt940'; statements: Statement[]; encoding: TextEncoding; warnings: string[] }
  | { kind: 'mt942'; reports: EntryReport[]; /** Per report, same order. */ info: Mt942Info[]; encoding: TextEncoding; warnings: string[] };

/** The messages of a file as read, statements not yet checked (for tests and diagnostics). */
export interface Mt940Unchecked {
  statements: Statement[];
  reports: EntryReport[];
  info: Mt942Info[];
  encoding: TextEncoding;
  warnings: string[];
}

export function parseMt940Unchecked(src: SourceBytes): Mt940Unchecked {
  refuseBinaryOrEmpty(src.bytes, src.file, 'MT940');
  const { text, encoding } = decodeUndeclared(src.bytes, src.file);
  const messages = splitMessages(text);
  if (!messages.length) {
    throw new NotABankFile({ file: src.file, problem: 'not-this-format', reason: 'no MT940/MT942 message in the file (no :20: tag at the start of a line)' });
  }
  const ctx: MessageContext = { file: src.file, ...(src.sha256 ? { sha256: src.sha256 } : {}), warnings: [] };
  const out: Mt940Unchecked = { statements: [], reports: [], info: [], encoding, warnings: ctx.warnings };
  for (const m of messages) {
    const built = buildMessage(m, ctx);
    if (built.kind === 'mt940') out.statements.push(built.statement);
    else {
      out.reports.push(built.report);
      out.info.push(built.info);
    }
  }
  if (out.statements.length && out.reports.length) {
    throw new BankFileMalformed({
      file: src.file,
      problem: 'syntax',
      reason: `the file mixes ${out.statements.length} MT940 statement(s) with ${out.reports.length} MT942 interim report(s); send them as separate files`,
    });
  }
  return out;
}

/** Statements through `checkedStatement`; MT942 reports as they are. */
export function checkedMt940(u: Mt940Unchecked): Mt940Result {
  const base = { encoding: u.encoding, warnings: u.warnings };
  return u.reports.length ? { kind: 'mt942', reports: u.reports.map(flagged), info: u.info, ...base } : { kind: 'mt940', statements: u.statements.map(checkedStatement), ...base };
}

/** MT940 or MT942 from bytes or text; statements are checked (opening + entries = closing). */
export function parseMt940(input: string | Buffer | Uint8Array, options: ParseOptions = {}): Mt940Result {
  return checkedMt940(parseMt940Unchecked(fromInput(input, options)));
}

/** MT940 or MT942 file, read with a size limit (default 50 MB). */
export async function readMt940(path: string, options: ReadOptions = {}): Promise<Mt940Result> {
  return checkedMt940(parseMt940Unchecked(await loadFile(path, options, 'MT940 file')));
}
