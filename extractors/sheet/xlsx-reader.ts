/**
 * XLSX rows, read part by part where the zip's central directory says each part is: the workbook's
 * sheet list first (xlsx-workbook-part.ts), then the shared strings (kept in xlsx-shared-strings.ts)
 * and the styles, then the chosen worksheet streamed through xlsx-sheet-rows.ts, so a large workbook
 * is never held in memory. Each part's checksum is verified as it is read.
 *
 * Why not exceljs's streaming WorkbookReader pass over the whole zip: on Node 18 and later its pass
 * does not reliably deliver every entry (exceljs issue #3064). Under load it missed the workbook part
 * (a valid file refused as damaged) and, once in a few hundred reads, the shared strings (a valid
 * payment file refused with "no header row found"). Read from the directory, no part can be missed
 * and their order in the zip does not matter. exceljs still parses the shared strings (its rich-text
 * rules) and the styles (the number formats that tell a date from a number).
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { fromExcelValue } from './cells.js';
import { errorText, SheetFileError } from './errors.js';
import type { RawRow, RowSource } from './row-source.js';
import { SharedStrings } from './xlsx-shared-strings.js';
import { sheetXmlRows } from './xlsx-sheet-rows.js';
import { DEFAULT_LIMITS } from './spec.js';
import { zipEntries, zipEntryStream, type ZipEntry } from './zip-directory.js';
import { readWorkbookPart, type WorkbookPart } from './xlsx-workbook-part.js';

/** The parts of exceljs's WorkbookReader used here: its parsers of the shared strings and of the styles, given a part's stream. */
interface WorkbookParsers {
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  /** With `sharedStrings: 'emit'`: each `<si>` as `{ index, text }` (a string, `{ richText }`, or null). */
  _parseSharedStrings(part: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  /** With `styles: 'cache'`: replaces `styles` with the part's. */
  _parseStyles(part: Readable): Promise<void>;
}

function corrupt(file: string, cause: unknown): SheetFileError {
  if (cause instanceof SheetFileError) return cause;
  return new SheetFileError({
    file,
    code: 'corrupt-xlsx',
    reason: `the Excel file is damaged and cannot be read (${errorText(cause)})`,
    whatNext: 'Ask the sender to open the workbook in Excel, save it again as .xlsx and resend it.',
    cause,
  });
}

function tooLarge(file: string, part: string, bytes: number, maxPartBytes: number, stated: boolean): SheetFileError {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  return new SheetFileError({
    file,
    code: 'too-large',
    reason: `the workbook's ${part} ${stated ? `is ${Number.isFinite(bytes) ? mb(bytes) : 'over 4 GB'} uncompressed` : `goes past ${mb(bytes)} uncompressed`}, more than the ${mb(maxPartBytes)} allowed`,
    whatNext: 'A payment file is far smaller: ask the sender for the file again (split into several if it really is this large). A file made to be this large is an attack: report it.',
    details: { part, bytes: Number.isFinite(bytes) ? bytes : null, maxPartBytes },
  });
}

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;

/** Refused when the zip says a sheet is too large: before anything is read. */
function checkSheetSizes(file: string, entries: ZipEntry[], maxPartBytes: number): void {
  for (const e of entries) if (SHEET_PART.test(e.name) && e.size > maxPartBytes) throw tooLarge(file, `sheet ${e.name}`, e.size, maxPartBytes, true);
}

/** The workbook's part of a kind (`sharedStrings`, `styles`): where its relationships say, else where Excel puts it. */
function partOf(workbook: WorkbookPart, entries: ZipEntry[], kind: string): ZipEntry | undefined {
  const rel = workbook.rels.find((r) => r.Type.endsWith(`/${kind}`));
  return entries.find((e) => e.name === `xl/${rel?.Target ?? `${kind}.xml`}`);
}

/** A worksheet of the workbook, in workbook order, with its zip entry. */
interface SheetRef {
  name: string;
  entry: ZipEntry;
}

/** The workbook's worksheets in its own order (chart sheets and sheets whose part is missing left out). */
function worksheetsOf(workbook: WorkbookPart, entries: ZipEntry[]): SheetRef[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return workbook.sheets.flatMap((sheet) => {
    const rel = workbook.rels.find((r) => r.Id === sheet.rId);
    const entry = rel ? byName.get(`xl/${rel.Target}`) : undefined;
    return entry && SHEET_PART.test(entry.name) ? [{ name: sheet.name, entry }] : [];
  });
}

/** The sheet asked for: by name (case and spaces aside), by 1-based position, or the first. */
function pick(sheets: SheetRef[], select: string | number | undefined): SheetRef | undefined {
  if (select === undefined) return sheets[0];
  if (typeof select === 'number') return sheets[select - 1];
  const wanted = select.trim().toLowerCase();
  return sheets.find((s) => s.name.trim().toLowerCase() === wanted);
}

/** Open the selected worksheet (name or 1-based position; default the first sheet), no part of which may be larger than `maxPartBytes` uncompressed. */
export async function openXlsx(file: string, select: string | number | undefined, maxPartBytes = DEFAULT_LIMITS.maxPartBytes): Promise<RowSource> {
  const entries = await zipEntries(file).catch(() => undefined);
  if (!entries) throw corrupt(file, new Error('the zip has no readable directory of its parts'));
  checkSheetSizes(file, entries, maxPartBytes);
  const workbook = await readWorkbookPart(file, entries);
  if (!workbook) {
    if (!entries.some((e) => SHEET_PART.test(e.name))) {
      throw new SheetFileError({
        file,
        code: 'no-worksheet',
        reason: 'the file is a zip archive but not an Excel workbook (no worksheets in it)',
        whatNext: 'Ask the sender for the Excel (.xlsx) or CSV file itself.',
      });
    }
    throw corrupt(file, new Error('its list of sheets (xl/workbook.xml) is missing or cannot be read'));
  }
  const sheets = worksheetsOf(workbook, entries);
  if (sheets.length === 0) {
    throw new SheetFileError({
      file,
      code: 'no-worksheet',
      reason: 'the workbook has no worksheet (its sheets are charts, or their parts are missing)',
      whatNext: 'Ask the sender for the Excel (.xlsx) or CSV file with the data on a worksheet.',
    });
  }
  const chosen = pick(sheets, select);
  if (chosen === undefined) {
    throw new SheetFileError({
      file,
      code: 'sheet-not-found',
      reason: `the workbook has no sheet ${typeof select === 'number' ? `number ${select}` : `"${String(select)}"`} (sheets: ${sheets.map((s) => `"${s.name}"`).join(', ')})`,
      whatNext: 'Rename the sheet in the workbook, or declare the right sheet in the instruction-file configuration.',
      details: { sheets: sheets.map((s) => s.name) },
    });
  }

  const parsers = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'emit', styles: 'cache', hyperlinks: 'ignore', worksheets: 'ignore' }) as unknown as WorkbookParsers;
  const part = (entry: ZipEntry, label: string) => zipEntryStream(file, entry, { maxBytes: maxPartBytes, tooLarge: () => tooLarge(file, label, maxPartBytes, maxPartBytes, false) });
  const sst = partOf(workbook, entries, 'sharedStrings');
  const styles = partOf(workbook, entries, 'styles');
  if (sst && sst.size > maxPartBytes) throw tooLarge(file, 'shared strings', sst.size, maxPartBytes, true);
  if (styles && styles.size > maxPartBytes) throw tooLarge(file, 'styles', styles.size, maxPartBytes, true);
  let shared: SharedStrings | undefined;
  try {
    if (sst) {
      shared = new SharedStrings();
      for await (const item of parsers._parseSharedStrings(await part(sst, 'shared strings'))) shared.add(item.text);
    }
    if (styles) await parsers._parseStyles(await part(styles, 'styles'));
  } catch (err) {
    throw corrupt(file, err);
  }

  const sheet = chosen;
  let sheetStream: Readable | undefined;
  let closed = false;
  const close = () => {
    closed = true;
    sheetStream?.destroy();
  };
  const strings = shared;
  const ctx = {
    // exceljs: an unknown index or an empty <si> is an empty cell; without a shared-strings part, its placeholder object
    sharedString: strings
      ? (i: number) => strings.get(i) ?? undefined
      : (i: number) => fromExcelValue({ sharedString: i } as unknown as ExcelJS.CellValue),
    numFmt: (id: number) => {
      const model = parsers.styles.getStyleModel(id);
      return model ? model.numFmt : null;
    },
    date1904: workbook.date1904,
  };

  async function* rows(): AsyncGenerator<RawRow> {
    try {
      if (closed) return;
      sheetStream = await part(sheet.entry, `sheet "${sheet.name}"`);
      for await (const batch of sheetXmlRows(sheetStream as AsyncIterable<Buffer>, ctx)) yield* batch;
    } catch (err) {
      throw corrupt(file, err);
    } finally {
      close();
    }
  }

  return { sheet: sheet.name, rows: rows(), close, date1904: workbook.date1904 };
}
