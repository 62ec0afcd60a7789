/**
 * sheet: the instruction-file reader on a large XLSX: rows a second against a bare exceljs streaming
 * loop, and peak memory.
 *
 * Input: a payment workbook of BENCH_SHEET_ROWS payment rows (default 200,000; title rows above the
 * header, a totals row at the end; see bench/sheet-file.ts), written once per run into a temp dir.
 *
 *   ours     = readSheet() with the payment-batch sheet spec under the default config, every row
 *              iterated and its fields touched (amounts to decimal text, dates to ISO, the totals
 *              row checked exactly, the file hashed: the whole product path).
 *   baseline = a bare exceljs stream.xlsx.WorkbookReader loop over the same file touching every cell
 *              value of every row (shared strings and styles cached, as ours needs them for dates).
 *
 * Each pass runs in its own child process (bench/sheet-child.ts, under tsx as the product runs), so
 * the peak RSS belongs to one reader: VmHWM of /proc/self/status, the high-water mark since exec
 * (not ru_maxrss, which on Linux starts from this runner's own peak: it has just written the workbook). The clock runs inside the
 * child from opening the file to the last row; module loading is outside it. Rounds alternate the
 * order (baseline first, then ours first, ...); each side's figure is its MEDIAN round.
 * Once per run, an idle child (node + tsx + exceljs + our modules loaded, nothing read) gives the
 * RSS floor of such a process.
 *
 * value = ours rows/s, baseline = exceljs rows/s (both: payment rows ÷ wall seconds).
 * Goals: ratio >= 0.8 and ours' peak RSS < 300 MB (the largest over the rounds).
 * CPU seconds per pass are reported too: on a shared, loaded machine they vary less than wall time.
 *
 * Environment: BENCH_SHEET_ROWS (200000), BENCH_SHEET_ROUNDS (3 per side),
 * BENCH_SHEET_FILE (read this workbook instead of writing one; it must be one this benchmark wrote
 * with the same row count, e.g. kept with BENCH_SHEET_KEEP=1), BENCH_SHEET_KEEP (keep the temp dir),
 * BENCH_SHEET_CPUPROF=<dir> (a V8 CPU profile of every child into that dir).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ChildReport, Side } from './sheet-child.js';
import { TITLE_ROWS, writePaymentWorkbook, type PaymentWorkbook } from './sheet-file.js';
import { benchDir, envInt, machineInfo, median, round, table, type Benchmark, type BenchResult } from './lib.js';

const NAME = 'sheet';
const RATIO_GOAL = 0.8;
const RSS_GOAL_MB = 300;
const run = promisify(execFile);

export interface Params {
  rows: number;
  rounds: number;
  file?: string;
  keep: boolean;
  cpuProfDir?: string;
}

export function params(): Params {
  return {
    rows: envInt('BENCH_SHEET_ROWS', 200_000),
    rounds: envInt('BENCH_SHEET_ROUNDS', 3),
    ...(process.env.BENCH_SHEET_FILE ? { file: path.resolve(process.env.BENCH_SHEET_FILE) } : {}),
    keep: process.env.BENCH_SHEET_KEEP === '1',
    ...(process.env.BENCH_SHEET_CPUPROF ? { cpuProfDir: path.resolve(process.env.BENCH_SHEET_CPUPROF) } : {}),
  };
}

/** One pass in a fresh process; the child prints one JSON line. */
async function child(side: Side | 'idle', file: string, p: Params): Promise<ChildReport> {
  const args = [...(p.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${p.cpuProfDir}`] : []), '--import', 'tsx', path.join(benchDir, 'sheet-child.ts'), side, file];
  const { stdout } = await run(process.execPath, args, { cwd: path.dirname(benchDir), maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ChildReport;
}

/** Ours must have read the file right: every payment a record, the control total matched. */
function checkOurs(r: ChildReport, wb: PaymentWorkbook): void {
  const problems: string[] = [];
  if (r.records !== wb.rows) problems.push(`${r.records} records, expected ${wb.rows}`);
  if (r.rowErrors !== 0) problems.push(`${r.rowErrors} row errors (first: ${r.firstError})`);
  if (r.headerRow !== wb.headerRow) problems.push(`header found in row ${r.headerRow}, expected ${wb.headerRow}`);
  if (r.totals?.status !== 'match' || r.totals.row !== wb.totalsRow) problems.push(`totals ${JSON.stringify(r.totals)}, expected a match in row ${wb.totalsRow}`);
  if (problems.length) throw new Error(`the reader misread the benchmark file: ${problems.join('; ')}`);
}

function checkBaseline(r: ChildReport, wb: PaymentWorkbook): void {
  // title rows, header, payments, totals (the writer may or may not write the blank rows)
  if (r.rows < wb.rows + TITLE_ROWS) throw new Error(`the exceljs loop read ${r.rows} rows, expected at least ${wb.rows + TITLE_ROWS}`);
}

interface RoundRow {
  side: Side;
  round: number;
  ms: number;
  rowsPerSec: number;
  cpuMs: number;
  cpuRowsPerSec: number;
  maxRssMB: number;
}

async function measure(p: Params): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-bench-sheet-'));
  try {
    let wb: PaymentWorkbook;
    if (p.file) {
      if (!existsSync(p.file)) throw new Error(`BENCH_SHEET_FILE ${p.file} does not exist`);
      // The layout is fixed by the writer; only the expectations are rebuilt (not the total: checked by the reader itself).
      wb = { file: p.file, rows: p.rows, headerRow: TITLE_ROWS + 1, totalsRow: TITLE_ROWS + 1 + p.rows + 2, totalText: '', totalPlain: '', bytes: 0, writeMs: 0 };
    } else {
      console.log(`writing ${p.rows.toLocaleString('en-US')} payment rows ...`);
      wb = await writePaymentWorkbook(path.join(dir, 'payments.xlsx'), p.rows);
      console.log(`  ${path.basename(wb.file)}: ${(wb.bytes / 2 ** 20).toFixed(1)} MB in ${(wb.writeMs / 1000).toFixed(1)} s`);
    }
    const loadBefore = os.loadavg()[0]!;
    const idle = await child('idle', wb.file, p);
    console.log(`idle child (modules loaded, nothing read): peak RSS ${idle.maxRssMB.toFixed(0)} MB`);

    const rounds: RoundRow[] = [];
    const header = ['side', 'round', 'wall ms', 'rows/s', 'cpu ms', 'rows/cpu-s', 'peak RSS MB'];
    console.log(table(header, [], 11));
    for (let r = 1; r <= p.rounds; r++) {
      const order: Side[] = r % 2 === 1 ? ['baseline', 'ours'] : ['ours', 'baseline'];
      for (const side of order) {
        const c = await child(side, wb.file, p);
        if (side === 'ours') checkOurs(c, wb);
        else checkBaseline(c, wb);
        const row: RoundRow = {
          side,
          round: r,
          ms: round(c.ms),
          rowsPerSec: round(wb.rows / (c.ms / 1000)),
          cpuMs: round(c.cpuMs),
          cpuRowsPerSec: round(wb.rows / (c.cpuMs / 1000)),
          maxRssMB: round(c.maxRssMB, 1),
        };
        rounds.push(row);
        console.log(table(header, [[side, r, row.ms, row.rowsPerSec, row.cpuMs, row.cpuRowsPerSec, row.maxRssMB]], 11).split('\n')[2]);
      }
    }
    const of = (side: Side) => rounds.filter((x) => x.side === side);
    const med = (side: Side, k: keyof RoundRow) => round(median(of(side).map((x) => x[k] as number)), 1);
    const value = med('ours', 'rowsPerSec');
    const baseline = med('baseline', 'rowsPerSec');
    const ratio = value / baseline;
    const cpuRatio = med('ours', 'cpuRowsPerSec') / med('baseline', 'cpuRowsPerSec');
    const oursPeak = Math.max(...of('ours').map((x) => x.maxRssMB));
    const basePeak = Math.max(...of('baseline').map((x) => x.maxRssMB));
    const met = ratio >= RATIO_GOAL && oursPeak < RSS_GOAL_MB;
    console.log(
      `\nmedians: ours ${round(value).toLocaleString('en-US')} rows/s, exceljs ${round(baseline).toLocaleString('en-US')} rows/s, ratio ${ratio.toFixed(3)} ` +
        `(CPU-time ratio ${cpuRatio.toFixed(3)}); peak RSS ours ${oursPeak} MB (median ${med('ours', 'maxRssMB')}), exceljs ${basePeak} MB (median ${med('baseline', 'maxRssMB')}), idle ${idle.maxRssMB.toFixed(0)} MB`,
    );
    return {
      name: NAME,
      unit: 'rows/s',
      value,
      baseline,
      ratio,
      goal: { ratioAtLeast: RATIO_GOAL, text: `ratio >= ${RATIO_GOAL} and peak RSS < ${RSS_GOAL_MB} MB`, met },
      stat: 'median',
      cpuRatio: round(cpuRatio, 3),
      peakRssMB: { ours: oursPeak, oursMedian: med('ours', 'maxRssMB'), baseline: basePeak, baselineMedian: med('baseline', 'maxRssMB'), idle: round(idle.maxRssMB, 1), goal: RSS_GOAL_MB },
      params: { rows: p.rows, rounds: p.rounds, fileMB: round(wb.bytes / 2 ** 20, 1), writeSeconds: round(wb.writeMs / 1000, 1) },
      rounds,
      machine: { ...machineInfo(), loadAvg1AtStart: round(loadBefore, 2) },
    };
  } finally {
    if (p.keep) console.log(`kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = {
  name: NAME,
  description: `a ${(200_000).toLocaleString('en-US')}-row payment XLSX: readSheet rows/s against a bare exceljs streaming loop, and peak RSS`,
  run: () => measure(params()),
};
export default benchmark;
