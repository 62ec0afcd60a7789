/**
 * One measured pass of the reconcile benchmark, in a process of its own (its peak RSS its own): the
 * generated set at `scale` (about 2,000 lines a side at 1), reconciled once, timed (the reconciliation
 * only, not the generation), with its precision and recall against the set's known answers.
 * Prints one JSON line.
 */
import { reconcile } from '../reconciliation/index.js';
import { generatedSetSettings, generateSet } from '../tests/reconciliation/generated-set.js';
import { peakRssMB } from './peak-rss.js';

export interface ReconcileChildReport {
  scale: number;
  bank: number;
  ledger: number;
  ms: number;
  cpuMs: number;
  maxRssMB: number;
  precision: number;
  recall: number;
  breaks: number;
  plantedBreaks: number;
  searchesCut: number;
}

const scale = Number(process.argv[2] ?? 1);
const set = generateSet(scale);
const cpu = process.cpuUsage();
const started = performance.now();
const result = reconcile(set.bank, set.ledger, generatedSetSettings());
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const found = new Set(result.matches.flatMap((m) => m.bank.flatMap((x) => m.ledger.map((y) => `${x}|${y}`))));
let right = 0;
for (const p of found) if (set.pairs.has(p)) right++;
const report: ReconcileChildReport = {
  scale,
  bank: set.bank.length,
  ledger: set.ledger.length,
  ms,
  cpuMs: (used.user + used.system) / 1000,
  maxRssMB: peakRssMB(),
  precision: right / found.size,
  recall: right / set.pairs.size,
  breaks: result.breaks.length,
  plantedBreaks: set.breaks.size,
  searchesCut: result.searchesCut,
};
console.log(JSON.stringify(report));
