/**
 * The reader: file → (format, encoding, delimiter) → header → rows → records / row errors, with the
 * totals check and a file-level summary. Streams: rows are yielded as they are read.
 */
import { isBlankCell } from './cells.js';
import { openCsv, planCsv } from './csv-reader.js';
import { detectFormat } from './detect-format.js';
import { errorText, SheetFileError } from './errors.js';
import { evaluateHeaderRow, isPerfect, pickHeader, resolveHeader, cellKey, type HeaderCandidate } from './header-match.js';
import { inspectFile, type FileInspection } from './inspect-file.js';
import { mapRow, type RowContext } from './row-mapper.js';
import type { RawRow, RowSource } from './row-source.js';
import { resolveSpec, type ResolvedSpec, type SheetSpec } from './spec.js';
import { isKeylessWithAmount, totalsLabel, TotalsAccumulator } from './totals.js';
import type { RowResult, SheetFinding, SheetReader, SheetReadResult, SheetSummary, TotalsCheck } from './types.js';
import { openXlsx } from './xlsx-reader.js';

const MAX_LISTED_ROWS = 100;

export interface ReadOptions {
  /**
   * false: the rows are checked (counted, summed into the totals check, held to the row limit) but
   * not mapped to records, and nothing is yielded: a cheap first pass that only wants the summary.
   */
  mapRows?: boolean;
}

/**
 * Stream the rows of an instruction file. Throws {@link SheetSpecError} at once for a bad spec;
 * iteration throws {@link SheetFileError} when the file cannot be read (before any row for most
 * causes; a workbook damaged deep inside can fail after some rows — treat the whole file as failed).
 */
export function readSheet<const S extends SheetSpec>(file: string, spec: S, options: ReadOptions = {}): SheetReader<S> {
  const resolved = resolveSpec(spec);
  let resolveSummary!: (s: SheetSummary) => void;
  let rejectSummary!: (e: unknown) => void;
  const summary = new Promise<SheetSummary>((res, rej) => {
    resolveSummary = res;
    rejectSummary = rej;
  });
  summary.catch(() => undefined); // callers that only iterate must not get an unhandled rejection
  let started = false;
  return {
    summary,
    [Symbol.asyncIterator]() {
      if (started) throw new Error('readSheet(): the rows can be iterated only once');
      started = true;
      return run<S>(file, resolved, resolveSummary, rejectSummary, options.mapRows ?? true);
    },
  };
}

/** Read the whole file: every row result plus the summary (rows are kept in memory). */
export async function readSheetAll<const S extends SheetSpec>(file: string, spec: S): Promise<SheetReadResult<S>> {
  const reader = readSheet(file, spec);
  const rows: RowResult<S>[] = [];
  for await (const r of reader) rows.push(r);
  return { ...(await reader.summary), rows };
}

function isBlankRow(row: RawRow): boolean {
  return row.cells.every((c) => isBlankCell(c));
}

async function inspect(file: string): Promise<FileInspection> {
  try {
    return await inspectFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SheetFileError({
      file,
      code: 'unreadable',
      reason: code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'this is a folder, not a file' : `the file cannot be opened (${errorText(err)})`,
      whatNext: 'Check the path and the access rights of the drop folder.',
      cause: err,
    });
  }
}

async function* run<S extends SheetSpec>(
  file: string,
  spec: ResolvedSpec,
  done: (s: SheetSummary) => void,
  fail: (e: unknown) => void,
  mapRows: boolean,
): AsyncGenerator<RowResult<S>> {
  let settled = false;
  let source: RowSource | undefined;
  let it: AsyncIterator<RawRow> | undefined;
  try {
    const insp = await inspect(file);
    const format = detectFormat(insp);
    const findings: SheetFinding[] = [];
    const meta: Partial<SheetSummary> = {};
    if (format === 'xlsx') {
      source = await openXlsx(file, spec.sheet, spec.limits.maxPartBytes);
      meta.dateSystem = source.date1904 ? '1904' : '1900';
    } else {
      const csv = planCsv(insp, spec);
      findings.push(...csv.findings);
      Object.assign(meta, csv.meta);
      source = openCsv(file, csv.encoding, csv.delimiter);
    }
    const fileRef = { path: file, sha256: insp.sha256 };

    // Header search over the first N non-blank rows.
    const rowsIt = source.rows[Symbol.asyncIterator]();
    it = rowsIt;
    const buffered: RawRow[] = [];
    const candidates: HeaderCandidate[] = [];
    let exhausted = false;
    while (candidates.length < spec.headerSearchRows) {
      const next = await rowsIt.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      buffered.push(next.value);
      if (isBlankRow(next.value)) continue;
      const c = evaluateHeaderRow(next.value, spec);
      candidates.push(c);
      if (c.missingRequired.length === 0 && isPerfect(c, spec)) break;
    }
    if (candidates.length === 0) {
      throw new SheetFileError({
        file,
        code: 'empty',
        reason: format === 'xlsx' ? `the sheet "${source.sheet}" has no data` : 'the file has no data (only blank lines)',
        whatNext: 'Ask the sender for the file again; the export produced an empty sheet.',
      });
    }
    const header = resolveHeader(pickHeader(candidates, spec, file), spec, file);
    const ctx: RowContext = { spec, header, file: fileRef, sheet: source.sheet, date1904: source.date1904 ?? false };

    const counts = { dataRows: 0, records: 0, rowErrors: 0, blankRows: 0, trailingRows: 0 };
    const trailing: number[] = [];
    const totals = spec.totals;
    const amountCol = totals ? header.fieldColumns.get(totals.amountField) : undefined;
    const amountHeader = amountCol === undefined ? (totals?.amountField ?? '') : cellKey(header, amountCol);
    const acc = totals ? new TotalsAccumulator(totals, amountCol, spec.amountMaxFractionDigits) : undefined;
    let totalsCheck: TotalsCheck | undefined;
    let held: RawRow | undefined; // a keyless row: the totals row if nothing but blanks follows
    let afterTotals = false;

    const dataRow = (row: RawRow): RowResult<S> | undefined => {
      if (counts.dataRows >= spec.limits.maxRows) {
        throw new SheetFileError({
          file,
          code: 'too-many-rows',
          reason: `the file has more than ${spec.limits.maxRows.toLocaleString('en')} rows (row ${row.number} is past the limit)`,
          whatNext: `Ask the sender to split the file into files of at most ${spec.limits.maxRows.toLocaleString('en')} rows, or raise the limit in the configuration if such files are expected.`,
          details: { maxRows: spec.limits.maxRows, row: row.number },
        });
      }
      acc?.add(row);
      counts.dataRows++;
      if (!mapRows) return undefined;
      const result = mapRow<S>(row, ctx);
      if (result.ok) counts.records++;
      else counts.rowErrors++;
      return result;
    };

    const rest = (async function* () {
      for (const r of buffered) if (r.number > header.row) yield r;
      if (!exhausted) {
        for (;;) {
          const next = await rowsIt.next();
          if (next.done) return;
          yield next.value;
        }
      }
    })();

    let previous = header.row;
    for await (const row of rest) {
      // XLSX leaves empty rows out of the sheet XML: a gap in the numbering is blank rows.
      if (row.number > previous + 1) counts.blankRows += row.number - previous - 1;
      previous = row.number;
      if (isBlankRow(row)) {
        counts.blankRows++;
        continue;
      }
      if (afterTotals) {
        counts.trailingRows++;
        if (trailing.length < MAX_LISTED_ROWS) trailing.push(row.number);
        continue;
      }
      if (totals && acc) {
        const label = totalsLabel(row, totals);
        if (held) {
          const r = dataRow(held);
          if (r) yield r;
          held = undefined;
        }
        if (label !== undefined) {
          totalsCheck = acc.check(row, 'label', amountHeader);
          afterTotals = true;
          continue;
        }
        if (totals.keylessLastRow && isKeylessWithAmount(row, totals, header.fieldColumns)) {
          held = row;
          continue;
        }
      }
      const r = dataRow(row);
      if (r) yield r;
    }
    if (held && acc) totalsCheck = acc.check(held, 'keyless-last-row', amountHeader);

    if (totalsCheck?.status === 'mismatch') {
      findings.push({
        code: 'totals-mismatch',
        message: `the totals row ${totalsCheck.row} says ${totalsCheck.stated} but the ${totalsCheck.rowsSummed} data rows sum to ${totalsCheck.computed} (difference ${totalsCheck.difference})`,
        details: { stated: totalsCheck.stated, computed: totalsCheck.computed, difference: totalsCheck.difference, row: totalsCheck.row },
      });
    } else if (totalsCheck?.status === 'unchecked') {
      findings.push({
        code: 'totals-unchecked',
        message: `the totals row ${totalsCheck.row} could not be checked: ${totalsCheck.reason}`,
        details: { stated: totalsCheck.stated, computed: totalsCheck.computed, row: totalsCheck.row },
      });
    }
    if (counts.trailingRows > 0) {
      findings.push({
        code: 'trailing-rows',
        message: `${counts.trailingRows} non-blank row(s) after the totals row were not read as data (rows ${trailing.slice(0, 10).join(', ')}${counts.trailingRows > 10 ? ', ...' : ''})`,
        details: { rows: trailing },
      });
    }

    const summary: SheetSummary = {
      file: { ...fileRef, bytes: insp.size },
      format,
      sheet: source.sheet,
      ...meta,
      header: header.info,
      ...(totalsCheck ? { totals: totalsCheck } : {}),
      counts,
      trailingRows: trailing,
      findings,
    };
    settled = true;
    done(summary);
  } catch (err) {
    settled = true;
    fail(err);
    throw err;
  } finally {
    if (!settled) await it?.return?.(undefined).catch(() => undefined); // stopped early: end the source's generator
    source?.close();
    if (!settled) fail(new Error(`reading ${file} was stopped before the end; no summary`));
  }
}
