/**
 * A run's report files under `<dataDir>/reports/<runId>.*`, where the board's run page offers them:
 * the JSON, the XLSX and the PDF a run's parent writes, and the summary the page shows at a glance
 * (lines, small tables, and pages of their own, e.g. one per account). Each replaces the last one
 * whole (written beside, then renamed), so a reader never sees half a report.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SummaryTable {
  caption: string;
  columns: string[];
  rows: string[][];
  /** "and 120 more breaks in the XLSX report". */
  more?: string;
}

/** A page of its own under the run's page (`/runs/<runId>/pages/<id>`). */
export interface SummaryPage {
  /** Letters, digits, dots and dashes. */
  id: string;
  title: string;
  lines: string[];
  tables: SummaryTable[];
}

export interface RunSummaryFile {
  lines: string[];
  tables: SummaryTable[];
  pages?: SummaryPage[];
}

/** Rows shown on the board; the rest are in the XLSX report. */
export const SHOWN_ROWS = 200;

/** At most SHOWN_ROWS rows, saying how many more the XLSX report has. */
export function capRows(rows: string[][], what: string): Pick<SummaryTable, 'rows' | 'more'> {
  return { rows: rows.slice(0, SHOWN_ROWS), ...(rows.length > SHOWN_ROWS ? { more: `and ${rows.length - SHOWN_ROWS} more ${what} in the XLSX report` } : {}) };
}

export async function writeRunReport(
  dataDir: string,
  runId: string,
  parts: { json: unknown; summary: RunSummaryFile; xlsx: (file: string) => Promise<void>; pdf: (file: string) => Promise<void> },
): Promise<{ json: string; xlsx: string; pdf: string }> {
  const dir = path.join(dataDir, 'reports');
  await mkdir(dir, { recursive: true });
  const out = { json: path.join(dir, `${runId}.json`), xlsx: path.join(dir, `${runId}.xlsx`), pdf: path.join(dir, `${runId}.pdf`) };
  const summary = path.join(dir, `${runId}.summary.json`);
  const part = (f: string) => `${f}.part`;
  await writeFile(part(out.json), JSON.stringify(parts.json, null, 2));
  await writeFile(part(summary), JSON.stringify(parts.summary));
  await parts.xlsx(part(out.xlsx));
  await parts.pdf(part(out.pdf));
  for (const f of [...Object.values(out), summary]) await rename(part(f), f);
  return out;
}
