/**
 * XLSX rows through exceljs's streaming WorkbookReader: it unzips, emits the shared strings (kept in
 * xlsx-shared-strings.ts), caches the styles, and hands over each worksheet's XML as it streams from
 * the zip (or from a temp file, when the zip stores the worksheet before the shared strings). The
 * sheet list is read first from the zip's central directory (xlsx-workbook-part.ts). The
 * rows of the chosen sheet are scanned by xlsx-sheet-rows.ts, so a large workbook is never held in
 * memory.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { fromExcelValue } from './cells.js';
import { errorText, SheetFileError } from './errors.js';
import type { RawRow, RowSource } from './row-source.js';
import { SharedStrings } from './xlsx-shared-strings.js';
import { sheetXmlRows } from './xlsx-sheet-rows.js';
import { DEFAULT_LIMITS } from './spec.js';
import { zipEntries, type ZipEntry } from './zip-directory.js';
import { readWorkbookPart } from './xlsx-workbook-part.js';

/** What parse() yields: worksheets as events; in sharedStrings 'emit' mode, bare `{ index, text }` items. */
interface ParseItem {
  eventType?: string;
  value?: unknown;
  index?: number;
  text?: unknown;
}

interface WorkbookReaderInternals {
  /** workbook.xml <workbookPr>, e.g. { date1904: true } */
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: { name: string; id: number; rId?: string; state?: string }[] };
  /** xl/_rels/workbook.xml.rels: how exceljs finds a worksheet's name in the model. */
  workbookRels?: { Id: string; Target: string; Type: string }[];
  /** exceljs reads a worksheet met in the zip straight away only when this is set (else it spools it to a temp file). */
  sharedStrings?: unknown[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  parse(): AsyncGenerator<ParseItem>;
  /** An EventEmitter: 'entry' for each part read when entries is 'emit'. */
  on(event: 'entry', listener: (entry: { type?: string }) => void): unknown;
}

interface WorksheetReaderInternals {
  name: string;
  /** The worksheet's XML: the zip entry, or the temp file's read stream. */
  iterator?: AsyncIterable<Buffer | string> & { destroy?: () => void; on?: (event: 'error', listener: (err: unknown) => void) => unknown };
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

/** The workbook's parts that are read (its sheets, its shared strings), refused when the zip says one is too large. */
async function checkStatedSizes(file: string, maxPartBytes: number): Promise<ZipEntry[] | undefined> {
  const entries = await zipEntries(file).catch(() => undefined);
  for (const e of entries ?? []) {
    const part = /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name) ? `sheet ${e.name}` : /^xl\/sharedStrings\.xml$/i.test(e.name) ? 'shared strings' : undefined;
    if (part && e.size > maxPartBytes) throw tooLarge(file, part, e.size, maxPartBytes, true);
  }
  return entries;
}

/** Open the selected worksheet (name or 1-based position; default the first sheet), no part of which may be larger than `maxPartBytes` uncompressed. */
export async function openXlsx(file: string, select: string | number | undefined, maxPartBytes = DEFAULT_LIMITS.maxPartBytes): Promise<RowSource> {
  const entries = await checkStatedSizes(file, maxPartBytes);
  // The sheet list first, from the central directory (xlsx-workbook-part.ts says why).
  const known = entries ? await readWorkbookPart(file, entries) : undefined;
  const stream: ReadStream = createReadStream(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'emit', // kept compactly by us, not as exceljs's array of strings
    styles: 'cache', // needed to tell date-formatted numbers (Date cells) from plain numbers
    hyperlinks: 'ignore',
    entries: 'emit', // to learn that the workbook has a shared-strings part
  });
  const internals = reader as unknown as WorkbookReaderInternals;
  if (known) {
    internals.model = { sheets: known.sheets };
    internals.workbookRels = known.rels;
    internals.properties = { model: { date1904: known.date1904 } };
  }
  let shared: SharedStrings | undefined;
  let workbookRead = known !== undefined;
  internals.on('entry', (entry) => {
    if (entry.type === 'workbook') workbookRead = true;
    if (entry.type === 'shared-strings') shared = new SharedStrings();
    // So that exceljs hands over a worksheet that follows without spooling it; only once it has the workbook's
    // sheet list too (it is read before the next part): a zip may hold the workbook part after the sheets.
    if (shared && workbookRead) internals.sharedStrings = [];
  });
  const sheets = internals.parse();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    void sheets.return?.(undefined).catch(() => undefined);
    stream.destroy();
  };

  const seen: string[] = [];
  let chosen: (ExcelJS.stream.xlsx.WorksheetReader & WorksheetReaderInternals) | undefined;
  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      const item = next.value;
      if (item.eventType === undefined && typeof item.index === 'number') {
        shared?.add(item.text);
        // The zip may understate the part's size: what is read is counted too (characters, a lower bound of its bytes).
        if (shared && shared.characters > maxPartBytes) throw tooLarge(file, 'shared strings', maxPartBytes, maxPartBytes, false);
        continue;
      }
      if (item.eventType !== 'worksheet') continue;
      const ws = item.value as ExcelJS.stream.xlsx.WorksheetReader & WorksheetReaderInternals;
      seen.push(ws.name);
      if (matches(ws.name, select, internals)) {
        chosen = ws;
        break;
      }
      // A spooled temp-file stream of a sheet we skip. exceljs deletes its temp file as soon as we ask for
      // the next sheet, possibly before the stream has opened it: the open's ENOENT is of no interest.
      ws.iterator?.on?.('error', () => undefined);
      ws.iterator?.destroy?.();
    }
  } catch (err) {
    close();
    throw corrupt(file, err);
  }
  if (!chosen) {
    close();
    if (seen.length === 0) {
      throw new SheetFileError({
        file,
        code: 'no-worksheet',
        reason: 'the file is a zip archive but not an Excel workbook (no worksheets in it)',
        whatNext: 'Ask the sender for the Excel (.xlsx) or CSV file itself.',
      });
    }
    throw new SheetFileError({
      file,
      code: 'sheet-not-found',
      reason: `the workbook has no sheet ${typeof select === 'number' ? `number ${select}` : `"${String(select)}"`} (sheets: ${seen.map((s) => `"${s}"`).join(', ')})`,
      whatNext: 'Rename the sheet in the workbook, or declare the right sheet in the instruction-file configuration.',
      details: { sheets: seen },
    });
  }

  const ws = chosen;
  const date1904 = internals.model ? Boolean(internals.properties?.model?.date1904) : undefined;

  async function* rows(): AsyncGenerator<RawRow> {
    try {
      const xml = ws.iterator;
      if (!xml) throw new Error(`exceljs gave no XML stream for the sheet "${ws.name}"`);
      // Read when the rows start, as exceljs's own WorksheetReader does.
      const styles = internals.styles;
      const strings = shared;
      const ctx = {
        // exceljs: an unknown index or an empty <si> is an empty cell; without a shared-strings part, its placeholder object
        sharedString: strings
          ? (i: number) => strings.get(i) ?? undefined
          : (i: number) => fromExcelValue({ sharedString: i } as unknown as ExcelJS.CellValue),
        numFmt: (id: number) => {
          const model = styles.getStyleModel(id);
          return model ? model.numFmt : null;
        },
        date1904: Boolean(internals.properties?.model?.date1904),
      };
      let bytes = 0;
      const counted = (async function* () {
        for await (const chunk of xml) {
          bytes += chunk.length;
          if (bytes > maxPartBytes) throw tooLarge(file, `sheet "${ws.name}"`, maxPartBytes, maxPartBytes, false);
          yield chunk;
        }
      })();
      for await (const batch of sheetXmlRows(counted, ctx)) yield* batch;
    } catch (err) {
      throw corrupt(file, err);
    } finally {
      close();
    }
  }

  return { sheet: ws.name, rows: rows(), close, ...(date1904 !== undefined ? { date1904 } : {}) };
}

function matches(name: string, select: string | number | undefined, wb: WorkbookReaderInternals): boolean {
  const order = wb.model?.sheets ?? [];
  if (select === undefined) {
    // First sheet in workbook order when the workbook part was already read, else the first one met.
    return order.length === 0 || order[0]?.name === name;
  }
  if (typeof select === 'number') return order[select - 1]?.name === name;
  return name.trim().toLowerCase() === select.trim().toLowerCase();
}
