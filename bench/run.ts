/**
 * Benchmark runner.
 *
 *   npm run bench                      every benchmark (bench/*.bench.ts), one after the other
 *   npm run bench -- queue-overhead    one benchmark by name (several names allowed)
 *   npm run bench -- --list            names and descriptions
 *
 * Each benchmark module exports `{ name, description, run(): Promise<BenchResult> }` as its
 * default export (or as `benchmark`). It prints its own detail table; this runner prints the
 * summary (value, baseline, ratio, goal) and writes bench/results/<name>.json.
 * A missed goal is reported, not an error: the exit code is 0 unless a benchmark crashed
 * (1) or an unknown name was given (2).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir, round, table, writeResult, type Benchmark, type BenchResult } from './lib.js';

function isBenchmark(x: unknown): x is Benchmark {
  const b = x as Partial<Benchmark> | undefined;
  return !!b && typeof b.name === 'string' && typeof b.description === 'string' && typeof b.run === 'function';
}

async function discover(): Promise<Benchmark[]> {
  const files = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
  const found: Benchmark[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(benchDir, f)).href)) as Record<string, unknown>;
    const b = mod.default ?? mod.benchmark;
    if (!isBenchmark(b)) throw new Error(`bench/${f} does not export a benchmark ({ name, description, run }) as default or "benchmark"`);
    found.push(b);
  }
  return found;
}

function summary(r: BenchResult, seconds: number): string {
  const verdict = r.goal.met ? 'GOAL MET' : 'GOAL MISSED';
  return [
    table(
      ['benchmark', 'value', 'baseline', 'unit', 'ratio', 'goal', 'result', 'took'],
      [[r.name, round(r.value), round(r.baseline), r.unit, round(r.ratio, 3).toFixed(3), r.goal.text, verdict, `${seconds.toFixed(1)} s`]],
    ),
  ].join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const all = await discover();
  if (args.includes('--list')) {
    for (const b of all) console.log(`${b.name.padEnd(20)} ${b.description}`);
    return 0;
  }
  const unknown = args.filter((a) => !all.some((b) => b.name === a));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = args.length ? all.filter((b) => args.includes(b.name)) : all;
  const done: { r: BenchResult; s: number }[] = [];
  let crashed = 0;
  for (const b of selected) {
    console.log(`\n=== ${b.name}: ${b.description}`);
    const started = performance.now();
    try {
      const r = await b.run();
      const s = (performance.now() - started) / 1000;
      r.benchSeconds = round(s, 1);
      const file = writeResult(r);
      console.log(`\n${summary(r, s)}\nwritten: ${path.relative(process.cwd(), file)}`);
      done.push({ r, s });
    } catch (err) {
      crashed++;
      console.error(`\nbenchmark ${b.name} CRASHED:`, err);
    }
  }
  if (selected.length > 1) {
    console.log('\n=== all benchmarks');
    console.log(
      table(
        ['benchmark', 'value', 'baseline', 'unit', 'ratio', 'goal', 'result'],
        done.map(({ r }) => [r.name, round(r.value), round(r.baseline), r.unit, round(r.ratio, 3).toFixed(3), r.goal.text, r.goal.met ? 'met' : 'MISSED']),
      ),
    );
    if (crashed) console.log(`${crashed} benchmark(s) crashed`);
  }
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
