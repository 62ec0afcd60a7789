/**
 * pdf: statement pages a second, with full entry extraction, against `pdftotext -layout`.
 *
 * value    = pages/s of `readPdfStatement` (read the file, pdf.js text with positions, template
 *            choice, every entry and balance read and the statement checked), one file after the
 *            other, in this process.
 * baseline = pages/s of `pdftotext -layout FILE -` (poppler, C++) on the same files, one process
 *            per file as it is used, one after the other; its output is only text, not entries.
 * ratio    = value / baseline; goal: ratio >= 0.5.
 *
 * Files: BENCH_PDF_FILES statement PDFs (default 20) of the three test layouts in turn
 * (tests/fixtures/pdf), about 5 pages each, written once before timing. Rounds: one warm-up
 * round per side (not counted), then BENCH_PDF_ROUNDS rounds per side (default 3), alternating;
 * the best round of each side is reported (the machine is shared and noisy), medians too.
 * Every round of ours checks that each file gave as many entries as its model has.
 * Without pdftotext the benchmark says so and is reported as not run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readPdfStatement } from '../extractors/pdf/index.js';
import { LAYOUTS, makeStatement, writeStatementPdf, type LayoutName } from '../tests/fixtures/pdf/statement-pdf.js';
import { envInt, machineInfo, median, round, table, type Benchmark, type BenchResult } from './lib.js';

const NAME = 'pdf';
const GOAL = 0.5;
const run = promisify(execFile);
/** Entries that fill about five pages in each layout. */
const ENTRIES_FOR_5_PAGES: Record<LayoutName, number> = { 'two-columns': 235, signed: 240, multiline: 95 };

interface BenchFile {
  file: string;
  pages: number;
  entries: number;
}

async function pdftotextVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run('pdftotext', ['-v']);
    return (stderr || stdout).split('\n')[0]!.trim();
  } catch {
    return undefined;
  }
}

async function ours(files: BenchFile[]): Promise<number> {
  const started = performance.now();
  for (const f of files) {
    const s = await readPdfStatement(f.file);
    if (s.entries.length !== f.entries) throw new Error(`${f.file}: read ${s.entries.length} entries, the model has ${f.entries}`);
  }
  return (performance.now() - started) / 1000;
}

async function pdftotext(files: BenchFile[]): Promise<number> {
  const started = performance.now();
  for (const f of files) {
    const { stdout } = await run('pdftotext', ['-layout', f.file, '-'], { maxBuffer: 64 * 2 ** 20 });
    if (stdout.length === 0) throw new Error(`pdftotext gave no text for ${f.file}`);
  }
  return (performance.now() - started) / 1000;
}

const benchmark: Benchmark = {
  name: NAME,
  description: 'statement pages a second with full entry extraction, against pdftotext -layout on the same files',
  async run(): Promise<BenchResult> {
    const count = envInt('BENCH_PDF_FILES', 20);
    const rounds = envInt('BENCH_PDF_ROUNDS', 3);
    const version = await pdftotextVersion();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-bench-pdf-'));
    try {
      const files: BenchFile[] = [];
      for (let i = 0; i < count; i++) {
        const layout = LAYOUTS[i % LAYOUTS.length]!;
        const model = makeStatement(layout, { seed: 1000 + i, entries: ENTRIES_FOR_5_PAGES[layout] });
        const w = await writeStatementPdf(model, path.join(dir, `statement-${i}-${layout}.pdf`));
        files.push({ file: w.file, pages: w.pages, entries: model.entries.length });
      }
      const pages = files.reduce((n, f) => n + f.pages, 0);
      const entries = files.reduce((n, f) => n + f.entries, 0);
      console.log(`${files.length} files, ${pages} pages, ${entries} entries (layouts ${LAYOUTS.join(', ')} in turn); ${rounds} rounds per side after a warm-up`);

      if (!version) {
        const oursSeconds = await ours(files);
        console.log(`\npdftotext NOT FOUND (install poppler-utils): the baseline cannot be measured, so this benchmark is NOT RUN.`);
        console.log(`(ours alone: ${round(pages / oursSeconds, 1)} pages/s)`);
        return {
          name: NAME,
          unit: 'pages/s',
          value: round(pages / oursSeconds, 1),
          baseline: NaN,
          ratio: NaN,
          goal: { ratioAtLeast: GOAL, text: `ratio >= ${GOAL} (NOT RUN: pdftotext not found)`, met: false },
          notRun: 'pdftotext not found',
          machine: machineInfo(),
        };
      }

      await pdftotext(files);
      await ours(files);
      const seconds = { ours: [] as number[], pdftotext: [] as number[] };
      for (let r = 0; r < rounds; r++) {
        seconds.pdftotext.push(await pdftotext(files));
        seconds.ours.push(await ours(files));
      }
      const rate = (s: number) => round(pages / s, 1);
      const best = { ours: rate(Math.min(...seconds.ours)), pdftotext: rate(Math.min(...seconds.pdftotext)) };
      const med = { ours: rate(median(seconds.ours)), pdftotext: rate(median(seconds.pdftotext)) };
      console.log(
        table(
          ['side', 'best pages/s', 'median pages/s', 'rounds (s)'],
          [
            ['ours: readPdfStatement (entries, checked)', best.ours, med.ours, seconds.ours.map((s) => s.toFixed(2)).join(' ')],
            [`pdftotext -layout (${version})`, best.pdftotext, med.pdftotext, seconds.pdftotext.map((s) => s.toFixed(2)).join(' ')],
          ],
        ),
      );
      const ratio = best.ours / best.pdftotext;
      return {
        name: NAME,
        unit: 'pages/s',
        value: best.ours,
        baseline: best.pdftotext,
        ratio: round(ratio, 3),
        goal: { ratioAtLeast: GOAL, text: `ratio >= ${GOAL}`, met: ratio >= GOAL },
        median: { ours: med.ours, pdftotext: med.pdftotext, ratio: round(med.ours / med.pdftotext, 3) },
        roundsSeconds: seconds,
        files: files.length,
        pages,
        entries,
        pdftotext: version,
        machine: machineInfo(),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
