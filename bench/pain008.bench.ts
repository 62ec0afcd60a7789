/**
 * pain008: 100,000 collections written to a pain.008.001.02 file and validated against its XSD
 * (../shared/corpus/sepa/xsd), time and peak RSS, against the `sepa` npm package building the same
 * 100,000 collections into a file, in the same run. Each pass runs in its own process
 * (bench/pain008-child.ts, under tsx as the product runs) so that its peak RSS (VmHWM) is its own.
 *
 * value    = collections a second, ours (write + XSD validation), best round.
 * baseline = collections a second, `sepa` (build + toString + write), best round.
 * ratio    = value / baseline. Goals (issue 14): ratio >= 1.0, ours exact, peak RSS < 300 MB.
 * exact    = the group CtrlSum each side wrote against the sum of the amounts in integer cents.
 *
 * Environment: BENCH_PAIN008_COUNT (100000), BENCH_PAIN008_ROUNDS (2), BENCH_PAIN008_XSD (the corpus's
 * pain.008.001.02.xsd; without it ours runs unvalidated and the result says so).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, envInt, machineInfo, median, round, runChild, table, type Benchmark, type BenchResult } from './lib.js';
import type { Pain008ChildReport } from './pain008-child.js';
import { centsOf } from './pain008-data.js';

const NAME = 'pain008';

const child = (side: 'ours' | 'baseline', count: number, out: string, xsd?: string) => runChild<Pain008ChildReport>('pain008-child.ts', [side, String(count), out, ...(xsd ? [xsd] : [])]);

const benchmark: Benchmark = {
  name: NAME,
  description: '100,000 collections to a validated pain.008.001.02 file: time and peak RSS against the sepa npm package',
  async run(): Promise<BenchResult> {
    const count = envInt('BENCH_PAIN008_COUNT', 100_000);
    const rounds = envInt('BENCH_PAIN008_ROUNDS', 2);
    const corpusXsd = path.resolve(path.dirname(benchDir), '../shared/corpus/sepa/xsd/pain.008.001.02.xsd');
    const xsd = process.env.BENCH_PAIN008_XSD ?? (existsSync(corpusXsd) ? corpusXsd : undefined);
    if (!xsd) console.log(`no XSD (${corpusXsd} is absent): ours runs without validation`);
    let cents = 0n;
    for (let i = 0; i < count; i++) cents += BigInt(centsOf(i));
    const exactSum = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-bench-pain008-'));
    const results: Pain008ChildReport[] = [];
    try {
      for (let r = 1; r <= rounds; r++) {
        for (const side of ['baseline', 'ours'] as const) {
          const rep = await child(side, count, path.join(dir, `${side}-${r}.xml`), side === 'ours' ? xsd : undefined);
          results.push(rep);
          console.log(`round ${r} ${side}: ${round(rep.ms / 1000, 2)} s, ${round((count / rep.ms) * 1000)} collections/s, CPU ${round(rep.cpuMs / 1000, 2)} s, peak RSS ${round(rep.maxRssMB)} MB, ${round(rep.bytes / 1e6, 1)} MB written, CtrlSum ${rep.controlSum}`);
          rmSync(path.join(dir, `${side}-${r}.xml`), { force: true });
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const of = (side: 'ours' | 'baseline') => results.filter((r) => r.side === side);
    const best = (side: 'ours' | 'baseline') => Math.max(...of(side).map((r) => (count / r.ms) * 1000));
    const ours = best('ours');
    const base = best('baseline');
    const ratio = ours / base;
    const oursRss = Math.max(...of('ours').map((r) => r.maxRssMB));
    const baseRss = Math.max(...of('baseline').map((r) => r.maxRssMB));
    const oursExact = of('ours').every((r) => r.controlSum === exactSum);
    const baseExact = of('baseline').every((r) => r.controlSum === exactSum);
    const validated = of('ours').every((r) => r.schema);
    console.log(
      '\n' +
        table(
          ['side', 'best collections/s', 'median s', 'peak RSS MB (max)', 'CtrlSum exact', 'validated'],
          [
            ['ours (write + XSD)', round(ours), round(median(of('ours').map((r) => r.ms)) / 1000, 2), round(oursRss), oursExact ? 'yes' : 'NO', validated ? 'yes' : 'no'],
            ['sepa (build + write)', round(base), round(median(of('baseline').map((r) => r.ms)) / 1000, 2), round(baseRss), baseExact ? 'yes' : 'NO', 'no'],
          ],
        ),
    );
    const met = ratio >= 1 && oursExact && oursRss < 300 && validated;
    console.log(`ratio ${round(ratio, 3)} (goal >= 1.0) ${ratio >= 1 ? 'met' : 'MISSED'}; peak RSS ${round(oursRss)} MB (goal < 300) ${oursRss < 300 ? 'met' : 'MISSED'}; exact sum ${exactSum}: ours ${oursExact ? 'exact' : 'NOT exact'}, sepa ${baseExact ? 'exact' : 'NOT exact'}`);
    return {
      name: NAME,
      unit: 'collections/s',
      value: round(ours),
      baseline: round(base),
      ratio: round(ratio, 3),
      goal: { ratioAtLeast: 1, text: 'ratio >= 1.0 (ours at least as fast, and exact), peak RSS < 300 MB, the file validated against its XSD', met },
      count,
      peakRssMB: { ours: round(oursRss), baseline: round(baseRss) },
      exact: { sum: exactSum, ours: oursExact, baseline: baseExact },
      schema: xsd ?? null,
      rounds: results,
      machine: machineInfo(),
      at: new Date().toISOString(),
    };
  },
};

export default benchmark;
