/**
 * One measured pass of the sheet benchmark, in its own process so that peak RSS belongs to one
 * reader: `node --import tsx bench/sheet-child.ts <ours|baseline|idle> <file>` (idle: our modules and
 * exceljs loaded, nothing read: the RSS floor of such a process).
 * Prints one JSON line (ChildReport) on stdout. The clock covers the whole read: opening the file
 * to the last row (ours: also the sha256 pass, the header search and the totals check: the product).
 *
 *   ours     = readSheet(file, paymentSheetSpec(default config)), every row iterated; each record's
 *              fields are touched (amount text, IBAN, date) so nothing is left unread.
 *   baseline = a bare exceljs stream.xlsx.WorkbookReader loop (same reader options as ours: shared
 *              strings and styles cached, the latter so that date cells come out as Dates), every
 *              cell value of every row touched.
 */
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { peakRssMB } from './peak-rss.js';
import type { AmountValue } from '../extractors/sheet/index.js';

export type Side = 'ours' | 'baseline';

export interface ChildReport {
  side: Side | 'idle';
  /** ours: data rows (records + row errors); baseline: every row the sheet holds. */
  rows: number;
  ms: number;
  cpuMs: number;
  /** Peak RSS of this process image (VmHWM; see peakRssMB). */
  maxRssMB: number;
  /** process.resourceUsage().maxRSS, for comparison: on Linux it also carries the parent's peak over fork + exec. */
  ruMaxRssMB: number;
  /** Something computed from every value read, so the work cannot be skipped. */
  checksum: number;
  /** ours only: what the reader said. */
  records?: number;
  rowErrors?: number;
  headerRow?: number;
  totals?: { status: string; stated: string | null; computed: string; row: number };
  firstError?: string;
}

/** Our modules are loaded only by the `ours` child (before the clock starts), so the baseline's RSS is exceljs's alone. */
async function loadOurs() {
  const [{ paymentSheetSpec }, { readConfigFile, DEFAULT_CONFIG_FILE }, { configSchema }, { readSheet }] = await Promise.all([
    import('../bots/payment-batch/sheet-spec.js'),
    import('../config/load.js'),
    import('../config/schema.js'),
    import('../extractors/sheet/index.js'),
  ]);
  return { paymentSheetSpec, readConfigFile, DEFAULT_CONFIG_FILE, configSchema, readSheet };
}

async function ours(file: string, m: Awaited<ReturnType<typeof loadOurs>>): Promise<Omit<ChildReport, 'side' | 'ms' | 'cpuMs' | 'maxRssMB' | 'ruMaxRssMB'>> {
  const { paymentSheetSpec, readConfigFile, DEFAULT_CONFIG_FILE, configSchema, readSheet } = m;
  const config = configSchema.parse(readConfigFile(DEFAULT_CONFIG_FILE));
  const reader = readSheet(file, paymentSheetSpec(config));
  let checksum = 0;
  let firstError: string | undefined;
  for await (const r of reader) {
    if (!r.ok) {
      firstError ??= r.error.message;
      continue;
    }
    const f = r.record.fields as Record<string, string | AmountValue | null>;
    checksum += (f.amount as AmountValue).text.length + (f.beneficiaryIban as string).length + (f.executionDate as string).length;
  }
  const s = await reader.summary;
  return {
    rows: s.counts.dataRows,
    checksum,
    records: s.counts.records,
    rowErrors: s.counts.rowErrors,
    headerRow: s.header.row,
    ...(s.totals ? { totals: { status: s.totals.status, stated: s.totals.stated, computed: s.totals.computed, row: s.totals.row } } : {}),
    ...(firstError ? { firstError } : {}),
  };
}

async function baseline(file: string): Promise<Omit<ChildReport, 'side' | 'ms' | 'cpuMs' | 'maxRssMB' | 'ruMaxRssMB'>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let rows = 0;
  let checksum = 0;
  for await (const ws of reader) {
    for await (const row of ws) {
      rows++;
      const values = row.values as ExcelJS.CellValue[];
      for (let i = 1; i < values.length; i++) {
        const v = values[i];
        if (v === null || v === undefined) continue;
        if (typeof v === 'string') checksum += v.length;
        else if (typeof v === 'number') checksum += 1;
        else if (v instanceof Date) checksum += v.getUTCDate();
        else checksum += 2;
      }
    }
    break; // the first sheet only, as ours
  }
  return { rows, checksum };
}

async function main(): Promise<void> {
  const [side, file] = process.argv.slice(2) as [Side | 'idle', string];
  if ((side !== 'ours' && side !== 'baseline' && side !== 'idle') || !file) throw new Error('usage: sheet-child.ts <ours|baseline|idle> <file>');
  const mods = side === 'baseline' ? undefined : await loadOurs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = side === 'idle' ? { rows: 0, checksum: 0 } : mods ? await ours(file, mods) : await baseline(file);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const report: ChildReport = {
    side,
    ...r,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB: peakRssMB(),
    ruMaxRssMB: process.resourceUsage().maxRSS / 1024, // KiB → MiB
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
