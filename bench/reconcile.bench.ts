/**
 * reconcile: the matching engine on the generated set with known answers (tests/reconciliation), the
 * same mix of cases at about 20,000 and 200,000 lines a side, each pass in its own process (peak RSS
 * its own). Issue 15's goals: at 200,000 at most 10 s and under 1 GB; growing no worse than n log n
 * (at most 12× the time for 10× the lines).
 *
 * value    = seconds at the large size (best round).
 * baseline = seconds at the small size (best round), measured in the same run.
 * ratio    = 10 × baseline / value: 1.0 grows linearly, 0.833 is the goal's 12× for 10× the lines.
 *
 * Environment: BENCH_RECONCILE_SCALE (100: about 200,000 a side), BENCH_RECONCILE_ROUNDS (2).
 */
import { envInt, machineInfo, round, runChild, table, type Benchmark, type BenchResult } from './lib.js';
import type { ReconcileChildReport } from './reconcile-child.js';

const NAME = 'reconcile';

const child = (scale: number) => runChild<ReconcileChildReport>('reconcile-child.ts', [String(scale)]);

const benchmark: Benchmark = {
  name: NAME,
  description: 'the matching engine at 20,000 and 200,000 lines a side: time, peak RSS and growth',
  async run(): Promise<BenchResult> {
    const large = envInt('BENCH_RECONCILE_SCALE', 100);
    const small = Math.max(1, Math.round(large / 10));
    const rounds = envInt('BENCH_RECONCILE_ROUNDS', 2);
    const results: ReconcileChildReport[] = [];
    for (let r = 1; r <= rounds; r++) {
      for (const scale of [small, large]) {
        const rep = await child(scale);
        results.push(rep);
        console.log(`round ${r}, ${rep.bank} bank / ${rep.ledger} ledger lines: ${round(rep.ms / 1000, 2)} s, CPU ${round(rep.cpuMs / 1000, 2)} s, peak RSS ${round(rep.maxRssMB)} MB, precision ${rep.precision.toFixed(4)}, recall ${rep.recall.toFixed(4)}, searches cut ${rep.searchesCut}`);
      }
    }
    const of = (scale: number) => results.filter((r) => r.scale === scale);
    const best = (scale: number) => Math.min(...of(scale).map((r) => r.ms)) / 1000;
    const big = best(large);
    const little = best(small);
    const ratio = (10 * little) / big;
    const rss = Math.max(...of(large).map((r) => r.maxRssMB));
    const lines = of(large)[0]!;
    const exact = results.every((r) => r.precision >= 0.99 && r.recall >= 0.99);
    console.log(
      '\n' +
        table(
          ['size', 'bank lines', 'ledger lines', 'best s', 'peak RSS MB', 'precision', 'recall'],
          [small, large].map((s) => {
            const r = of(s)[0]!;
            return [s === large ? 'large' : 'small', r.bank, r.ledger, round(best(s), 2), round(Math.max(...of(s).map((x) => x.maxRssMB))), r.precision.toFixed(4), r.recall.toFixed(4)];
          }),
        ),
    );
    const met = big <= 10 && rss < 1024 && ratio >= 10 / 12 && exact;
    console.log(`${lines.bank} a side in ${round(big, 2)} s (goal <= 10) and ${round(rss)} MB (goal < 1024); ${round(big / little, 2)}x the time for 10x the lines (goal <= 12x): ${met ? 'met' : 'MISSED'}`);
    return {
      name: NAME,
      unit: 's',
      value: round(big, 3),
      baseline: round(little, 3),
      ratio: round(ratio, 3),
      goal: { ratioAtLeast: round(10 / 12, 3), text: '<= 10 s and < 1 GB at 200,000 lines a side; growing no worse than n log n (<= 12x the time for 10x the lines); precision and recall >= 0.99', met },
      growth: round(big / little, 2),
      peakRssMB: round(rss),
      sizes: { small: of(small)[0]!.bank, large: lines.bank },
      rounds: results,
      machine: machineInfo(),
      at: new Date().toISOString(),
    };
  },
};

export default benchmark;
