import type { ComplianceListsConfig, ComplianceScreeningConfig } from '../../config/compliance-screening.js';
import { ListRegistry, type RegistryLog } from '../lists/registry.js';
import type { SanctionsList } from '../lists/types.js';
import { adjustmentsFor } from './adjustments.js';
import { NameIndex, type Candidates } from './name-index.js';
import { scoreName } from './name-score.js';
import { normaliseName, withJoined, type NormalisedName } from './normalise.js';
import type { Adjustment, ListVersionRef, ScreeningDecision, ScreeningHit, ScreeningQuery, ScreeningResult } from './types.js';

/**
 * A screened name's tokens beyond this many are not screened (names are short; a longer "name" is a
 * whole address line or free text, and each token costs a similarity cache as large as the index).
 */
export const MAX_QUERY_TOKENS = 16;

function limited(norm: NormalisedName): NormalisedName {
  if (norm.tokens.length <= MAX_QUERY_TOKENS) return norm;
  const tokens = norm.tokens.slice(0, MAX_QUERY_TOKENS);
  return { original: norm.original, text: tokens.map((t) => t.text).join(' '), tokens, units: withJoined(tokens) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const clamp = (n: number) => Math.min(1, Math.max(0, n));

export function decide(score: number, s: Pick<ComplianceScreeningConfig, 'block' | 'review'>): ScreeningDecision {
  return score >= s.block ? 'block' : score >= s.review ? 'review' : 'pass';
}

export function listVersions(lists: SanctionsList[]): ListVersionRef[] {
  return lists.map((l) => ({ source: l.source, sha256: l.version.sha256, date: l.version.date }));
}

/**
 * Screens one name against an index: candidates from the index (or every name, `allPairs`, for the
 * benchmark's baseline), each scored by tokens, the best name per list entry, adjusted by country,
 * date of birth, identifiers and type, then the decision from the best entry's score.
 */
export function screenName(index: NameIndex, query: ScreeningQuery, s: ComplianceScreeningConfig, versions: ListVersionRef[], options: { allPairs?: boolean } = {}): ScreeningResult {
  const started = performance.now();
  const norm = limited(normaliseName(query.name));
  const cands: Candidates = options.allPairs ? index.allNames(norm, s.tokens) : index.candidates(norm, s.tokens);
  const sims = new Float64Array(norm.units.length * index.maxTokens);
  const best = new Map<number, { nameId: number; score: number }>();
  for (const nameId of cands.names) {
    const indexed = index.names[nameId]!;
    cands.similarities(nameId, sims);
    const score = scoreName(norm.units, indexed.tokens, s.tokens, sims);
    if (score <= 0) continue;
    const prev = best.get(indexed.entry);
    if (!prev || score > prev.score) best.set(indexed.entry, { nameId, score });
  }
  const knowsMore = !!(query.country || query.dob || query.type || query.identifiers?.length);
  const hits: { entryIdx: number; nameId: number; nameScore: number; score: number; adjustments: Adjustment[] }[] = [];
  for (const [entryIdx, { nameId, score }] of best) {
    const { list, party } = index.entries[entryIdx]!;
    const adjustments = knowsMore ? adjustmentsFor(query, party, s.adjustments) : [];
    const final = clamp(score + adjustments.reduce((a, x) => a + x.delta, 0));
    hits.push({ entryIdx, nameId, nameScore: score, score: final, adjustments });
  }
  hits.sort((a, b) => b.score - a.score || b.nameScore - a.nameScore || a.entryIdx - b.entryIdx);
  const top = hits[0]?.score ?? 0;
  const hit = (h: (typeof hits)[number]): ScreeningHit => {
    const { list, party } = index.entries[h.entryIdx]!;
    const indexed = index.names[h.nameId]!;
    const name = party.names[indexed.name]!;
    cands.similarities(h.nameId, sims);
    const detail = scoreName(norm.units, indexed.tokens, s.tokens, sims, true);
    return {
      list: list.source,
      entryId: party.entryId,
      entryName: party.names[0]!.name,
      type: party.type,
      programs: party.programs,
      matchedName: name.name,
      matchedNameKind: name.kind,
      nameScore: round(h.nameScore),
      score: round(h.score),
      tokens: detail.tokens.map((t) => ({ ...t, score: round(t.score) })),
      unmatched: detail.unmatched,
      adjustments: h.adjustments,
    };
  };
  const reported = hits.filter((h) => h.score >= s.review).slice(0, s.maxHits).map(hit);
  const near = hits.find((h) => h.score < s.review);
  const nearMiss = !reported.length && near ? hit(near) : undefined;
  return {
    query: { ...query, normalised: norm.text },
    decision: decide(top, s),
    score: round(top),
    thresholds: { block: s.block, review: s.review },
    hits: reported,
    ...(nearMiss ? { nearMiss } : {}),
    listVersions: versions,
    namesScored: cands.names.length,
    namesIndexed: index.names.length,
    tookMs: round(performance.now() - started),
  };
}

/**
 * Screening against the configured lists, for workers and the CLI: the lists come from a
 * ListRegistry (reloaded when their files change, without a restart), the index is rebuilt when the
 * registry's generation changes, and every result names the list versions it was screened against.
 */
export class Screener {
  private index?: { generation: number; index: NameIndex; versions: ListVersionRef[] };

  constructor(
    readonly registry: ListRegistry,
    readonly settings: ComplianceScreeningConfig,
  ) {}

  static fromConfig(config: { lists: ComplianceListsConfig; screening: ComplianceScreeningConfig }, log?: RegistryLog): Screener {
    return new Screener(new ListRegistry(config.lists, { reloadCheckMs: config.lists.reloadCheckMs, log }), config.screening);
  }

  /** The index for the lists in force (built or rebuilt as needed). */
  async current(): Promise<{ index: NameIndex; versions: ListVersionRef[] }> {
    const lists = await this.registry.current();
    if (this.index?.generation !== lists.generation) {
      this.index = { generation: lists.generation, index: NameIndex.build(lists.lists), versions: listVersions(lists.lists) };
    }
    return this.index;
  }

  async screen(query: ScreeningQuery): Promise<ScreeningResult> {
    const { index, versions } = await this.current();
    return screenName(index, query, this.settings, versions);
  }
}
