/**
 * How a run reads a sheet: twice, row by row, never whole. The first pass checks the file (readable,
 * within its limits, its summary) so that a refused file has nothing dispatched; the second yields
 * the rows as the run's items are made, and refuses the file if it changed between the two. Each
 * run names its own refusal (a `FileRejected` subclass), which a reader's `SheetFileError` becomes.
 */
import { identifyFile } from '../../extractors/input/index.js';
import type { Acceptance } from './define-run.js';
import { readSheet, SheetFileError, type RowResult, type SheetSpec, type SheetSummary } from '../../extractors/sheet/index.js';
import type { FileRejected } from './file-rejected.js';

export type FileRejectedClass = new (file: string, reason: string, whatNext: string, details?: Record<string, unknown>) => FileRejected;

/** A reader's refusal as the run's own; anything else as it is. */
export const refusalFor = (Rejected: FileRejectedClass, file: string, err: unknown): unknown =>
  err instanceof SheetFileError ? new Rejected(file, err.reason, err.whatNext, { code: err.code, ...err.details }) : err;

/** The first pass: the file's summary, mapping and keeping no row. */
export async function checkSheet(file: string, spec: SheetSpec, Rejected: FileRejectedClass): Promise<SheetSummary> {
  try {
    const reader = readSheet(file, spec, { mapRows: false });
    for await (const row of reader) void row;
    return await reader.summary;
  } catch (err) {
    throw refusalFor(Rejected, file, err);
  }
}

/** The second pass: every row as read; the file refused if its content is no longer `sha256`. */
export async function* sheetRows(file: string, spec: SheetSpec, sha256: string, Rejected: FileRejectedClass): AsyncGenerator<RowResult> {
  const reader = readSheet(file, spec);
  try {
    for await (const r of reader) yield r;
    if ((await reader.summary).file.sha256 !== sha256) {
      throw new Rejected(file, 'the file changed while it was being read', 'Leave a file alone once it is in the drop folder; drop the new version as a new file.');
    }
  } catch (err) {
    throw refusalFor(Rejected, file, err);
  }
}

/** The kinds of file a sheet run reads: workbooks and CSV text (an empty or damaged one is explained by the sheet reader). */
export const SHEET_KINDS: ReadonlySet<string> = new Set(['spreadsheet', 'text', 'empty']);

/** A run's `accepts` for sheets: a workbook or CSV text is taken; anything else is named. */
export async function acceptsSheet(file: string): Promise<Acceptance> {
  const what = await identifyFile(file);
  return SHEET_KINDS.has(what.kind) ? { accepted: true } : { accepted: false, fileIs: what.label };
}
