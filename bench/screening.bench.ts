/**
 * screening: names screened a second against the real OFAC SDN and UN lists (../shared/corpus).
 *
 * value    = names/s of `screenName` with the index's candidate generation (blocking by word, Soundex
 *            and letter triples; only list names holding a similar word are scored).
 * baseline = names/s of the same `screenName` comparing every name with every list name (allPairs),
 *            measured in the same run, on the same index and queries.
 * ratio    = value / baseline; goal: ratio >= 10 (candidate generation is what makes screening cheap),
 *            and the same decision and top hit for every query.
 *
 * Queries: BENCH_SCREEN_NAMES (200) names, half listed names of both lists with a typo in one word,
 * half clean common names (first × last names). Rounds alternate baseline and ours
 * (BENCH_SCREEN_ROUNDS, 3); the best round of each side is reported (the machine is shared and noisy),
 * with CPU ms a name. The baseline runs on BENCH_SCREEN_BASELINE_NAMES (40) of the names (it is slow).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { complianceScreeningSchema } from '../config/compliance-screening.js';
import { loadOfacSdn, loadUnConsolidated } from '../compliance/lists/index.js';
import { listVersions, NameIndex, normaliseName, screenName } from '../compliance/screening/index.js';
import { envInt, machineInfo, round, table, type Benchmark, type BenchResult } from './lib.js';

const NAME = 'screening';
const GOAL = 10;
const CORPUS = path.resolve(process.cwd(), '../shared/corpus/sanctions');

function queries(n: number, listed: string[]): string[] {
  let x = 11;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const typo = (w: string) => (w.length < 5 ? w : ((i) => w.slice(0, i) + w.slice(i + 1))(1 + Math.floor(rnd() * (w.length - 2))));
  const first = ['James', 'Mary', 'John', 'Patricia', 'Hans', 'Anna', 'Peter', 'Maria', 'Pierre', 'Luca', 'Ahmed', 'Fatima', 'Wei', 'Carlos'];
  const last = ['Smith', 'Johnson', 'Miller', 'Mueller', 'Schmidt', 'Martin', 'Dubois', 'Rossi', 'Nowak', 'Ivanov', 'Khan', 'Chen', 'Garcia'];
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    if (i % 2 === 0) {
      const words = normaliseName(listed[Math.floor(rnd() * listed.length)]!).tokens.map((t) => t.text);
      const at = Math.floor(rnd() * words.length);
      out.push(words.map((w, j) => (j === at ? typo(w) : w)).join(' '));
    } else out.push(`${first[Math.floor(rnd() * first.length)]} ${last[Math.floor(rnd() * last.length)]}`);
  }
  return out;
}

const benchmark: Benchmark = {
  name: NAME,
  description: 'names screened a second against OFAC SDN + UN with candidate generation, against comparing with every list name',
  async run(): Promise<BenchResult> {
    if (!existsSync(path.join(CORPUS, 'sdn.csv'))) throw new Error(`${CORPUS} not found: this benchmark needs the real lists of ../shared/corpus/sanctions`);
    const n = envInt('BENCH_SCREEN_NAMES', 200);
    const nBase = Math.min(n, envInt('BENCH_SCREEN_BASELINE_NAMES', 40));
    const rounds = envInt('BENCH_SCREEN_ROUNDS', 3);
    const settings = complianceScreeningSchema.parse({});
    let t = performance.now();
    const lists = [
      await loadOfacSdn({ sdn: path.join(CORPUS, 'sdn.csv'), alt: path.join(CORPUS, 'alt.csv'), add: path.join(CORPUS, 'add.csv') }),
      await loadUnConsolidated(path.join(CORPUS, 'UN_consolidated.xml')),
    ];
    const loadMs = performance.now() - t;
    t = performance.now();
    const index = NameIndex.build(lists);
    const buildMs = performance.now() - t;
    const versions = listVersions(lists);
    const names = queries(
      n,
      lists.flatMap((l) => l.entries.map((e) => e.names[0]!.name)),
    );
    console.log(`lists loaded in ${round(loadMs)} ms, index of ${index.size.names} names (${index.size.entries} entries, ${index.size.keys} keys) built in ${round(buildMs)} ms; ${n} queries, ${rounds} rounds a side`);

    const side = (qs: string[], allPairs: boolean) => {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      let scored = 0;
      const results = qs.map((q) => {
        const r = screenName(index, { name: q }, settings, versions, { allPairs });
        scored += r.namesScored;
        return `${r.decision} ${r.hits[0]?.list ?? ''} ${r.hits[0]?.entryId ?? ''}`;
      });
      const s = (performance.now() - t0) / 1000;
      return { perSecond: qs.length / s, cpuMsPerName: process.cpuUsage(cpu).user / 1000 / qs.length, scoredPerName: scored / qs.length, results };
    };
    side(names.slice(0, 20), false); // warm up
    const ours: ReturnType<typeof side>[] = [];
    const base: ReturnType<typeof side>[] = [];
    for (let r = 0; r < rounds; r++) {
      base.push(side(names.slice(0, nBase), true));
      ours.push(side(names, false));
    }
    const best = (xs: ReturnType<typeof side>[]) => xs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const o = best(ours);
    const b = best(base);
    const agree = b.results.filter((x, i) => x === o.results[i]).length;
    const decisions = { block: 0, review: 0, pass: 0 } as Record<string, number>;
    for (const r of o.results) decisions[r.split(' ')[0]!]!++;
    const ratio = o.perSecond / b.perSecond;
    console.log(
      '\n' +
        table(
          ['side', 'names/s', 'CPU ms a name', 'list names scored a name', 'rounds (names/s)'],
          [
            ['candidates (ours)', round(o.perSecond), round(o.cpuMsPerName, 3), round(o.scoredPerName), ours.map((x) => round(x.perSecond)).join(' ')],
            ['every name (baseline)', round(b.perSecond), round(b.cpuMsPerName, 3), round(b.scoredPerName), base.map((x) => round(x.perSecond)).join(' ')],
          ],
        ) +
        `\ndecisions: ${decisions.block} block, ${decisions.review} review, ${decisions.pass} pass; same decision and top hit as the baseline for ${agree}/${nBase}`,
    );
    return {
      name: NAME,
      unit: 'names/s',
      value: round(o.perSecond),
      baseline: round(b.perSecond),
      ratio: round(ratio, 3),
      goal: { ratioAtLeast: GOAL, text: `ratio >= ${GOAL}, same decisions`, met: ratio >= GOAL && agree === nBase },
      cpuMsPerName: { ours: round(o.cpuMsPerName, 3), baseline: round(b.cpuMsPerName, 3) },
      scoredPerName: { ours: round(o.scoredPerName), baseline: round(b.scoredPerName) },
      agreement: { same: agree, of: nBase },
      decisions,
      index: { ...index.size, loadMs: round(loadMs), buildMs: round(buildMs) },
      queries: n,
      baselineQueries: nBase,
      baselineText: 'the same screenName, every list name scored (allPairs), same index, same queries',
      machine: machineInfo(),
      at: new Date().toISOString(),
    };
  },
};

export default benchmark;
