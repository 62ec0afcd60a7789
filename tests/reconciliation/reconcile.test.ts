/**
 * The matching engine against a generated set with known answers (at least 2,000 lines a side, every
 * rule and break class): precision and recall of the matches at least 0.99, every planted break in its
 * class; and the rules' own cases (bounded subset-sum, a search cut short).
 */
import { describe, expect, it } from 'vitest';
import { Money } from '../../banking/index.js';
import { reconcile, RULES, subsetSum } from '../../reconciliation/index.js';
import { generatedSetSettings, generateSet } from './generated-set.js';

const settings = generatedSetSettings();

describe('the matching engine on a generated set with known answers', () => {
  it('matches with precision and recall of at least 0.99 and puts every planted break in its class', () => {
    const set = generateSet();
    expect(set.bank.length).toBeGreaterThanOrEqual(2_000);
    expect(set.ledger.length).toBeGreaterThanOrEqual(2_000);
    const started = performance.now();
    const result = reconcile(set.bank, set.ledger, settings);
    const ms = performance.now() - started;
    const found = new Set(result.matches.flatMap((m) => m.bank.flatMap((x) => m.ledger.map((y) => `${x}|${y}`))));
    const right = [...found].filter((p) => set.pairs.has(p)).length;
    const precision = right / found.size;
    const recall = right / set.pairs.size;
    const byClass = new Map(result.breaks.map((b) => [b.id, b.class]));
    const wrongBreaks = [...set.breaks].filter(([id, cls]) => byClass.get(id) !== cls).map(([id, cls]) => `${id}: ${cls} → ${byClass.get(id) ?? 'matched'}`);
    const extraBreaks = result.breaks.filter((b) => !set.breaks.has(b.id)).map((b) => `${b.id} ${b.class}`);
    const rules = Object.fromEntries(RULES.map((r) => [r, result.matches.filter((m) => m.rule === r).length]));
    console.log(
      `[reconcile] ${set.bank.length} bank lines, ${set.ledger.length} ledger lines, ${set.pairs.size} true pairs: precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}; ` +
        `matches by rule ${JSON.stringify(rules)}; breaks ${result.breaks.length} (planted ${set.breaks.size}, in the wrong class ${wrongBreaks.length}, not planted ${extraBreaks.length}); ${ms.toFixed(0)} ms`,
    );
    const missed = [...set.pairs].filter((p) => !found.has(p)).slice(0, 10);
    const wrong = [...found].filter((p) => !set.pairs.has(p)).slice(0, 10);
    expect({ missed, wrong, wrongBreaks: wrongBreaks.slice(0, 10), extraBreaks: extraBreaks.slice(0, 10) }).toEqual({ missed: [], wrong: [], wrongBreaks: [], extraBreaks: [] });
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.99);
    // Every rule had its work, and every fee difference is recorded on its match.
    for (const r of RULES) expect(rules[r]).toBeGreaterThan(0);
    expect(result.matches.filter((m) => m.rule === 'fee-difference').every((m) => m.difference && Money.of(m.difference, 'EUR').isNegative())).toBe(true);
  });
});

describe('the bounded subset-sum', () => {
  it('finds the lines that add up, signed, and gives up at its bounds instead of exploding', () => {
    const c = [500, 400, 200, 100];
    expect(subsetSum(600, c, { maxLines: 5, maxSteps: 1_000 }).pick!.reduce((t, i) => t + c[i]!, 0)).toBe(600);
    expect(subsetSum(-300, [-100, -250, -200], { maxLines: 5, maxSteps: 1_000 }).pick?.sort()).toEqual([0, 2]);
    expect(subsetSum(999, [500, 400], { maxLines: 5, maxSteps: 1_000 })).toEqual({ pick: null, cut: false });
    // 40 equal candidates and an odd target: no subset, and the search stops at its step bound.
    const hard = subsetSum(2 * 20 + 1, Array.from({ length: 40 }, () => 2), { maxLines: 40, maxSteps: 5_000 });
    expect(hard).toEqual({ pick: null, cut: true });
  });
});
