import type { ComplianceListsConfig, ComplianceScreeningConfig } from '../../config/compliance-screening.js';
import { ListRegistry, type RegistryLog } from '../lists/registry.js';
import type { SanctionsList } from '../lists/types.js';
import { adjustmentsFor } from './adjustments.js';
import { NameIndex, type Candidates } from './name-index.js';
import { scoreName } from './name-score.js';
import { nameForms, withJoined, type NormalisedName } from './normalise.js';
import type { Adjustment, ListVersionRef, ScreeningDecision, ScreeningHit, ScreeningQuery, ScreeningResult } from './types.js';

/**
 * A screened name's tokens beyond this many are not screened (names are short; a longer "name" is a
 * whole address line or free text, and each token costs a similarity cache as large as the index).
 */
export const MAX_QUERY_TOKENS = 16;

function limited(norm: NormalisedName): NormalisedName {
  if (norm.tokens.length <= MAX_QUERY_TOKENS) return norm;
  const tokens = norm.tokens.slice(0, MAX_QUERY_TOKENS);
  return { ...norm, text: tokens.map((t) => t.text).join(' '), tokens, units: withJoined(tokens) };
}

/** The most the adjustments can add for what the query says besides the name: the index need not score names that cannot reach review even so. */
function maxBoost(query: ScreeningQuery, w: ComplianceScreeningConfig['adjustments']): number {
  const kinds = new Set((query.identifiers ?? []).map((i) => i.kind)).size;
  return (query.country ? w.countryMatch : 0) + (query.dob ? w.dobMatch : 0) + kinds * w.identifierMatch;
}

/** Two company names whose legal forms share none (AG and GMBH): the adjustment that says so, if any. */
function legalFormAdjustment(query: NormalisedName, listed: readonly string[], penalty: number): Adjustment | undefined {
  if (!penalty || !query.legalForms.length || !listed.length || query.legalForms.some((f) => listed.includes(f))) return undefined;
  return { reason: 'legal form mismatch', delta: -penalty, detail: `${query.legalForms.join(' ')} vs ${listed.join(' ')}` };
}

let simBuffer = new Float64Array(0);

const round = (n: number) => Math.round(n * 1000) / 1000;
const clamp = (n: number) => Math.min(1, Math.max(0, n));

export function decide(score: number, s: Pick<ComplianceScreeningConfig, 'block' | 'review'>): ScreeningDecision {
  return score >= s.block ? 'block' : score >= s.review ? 'review' : 'pass';
}

export function listVersions(lists: SanctionsList[]): ListVersionRef[] {
  return lists.map((l) => ({ source: l.source, sha256: l.version.sha256, date: l.version.date }));
}

/**
 * Screens one name against an index: the name in Latin letters (and, written in another script, also
 * as written), candidates from the index (or every name, `allPairs`, for the benchmark's baseline),
 * each scored by tokens, less for a different legal form, the best name per list entry, adjusted by
 * country, date of birth, identifiers and type, then the decision from the best entry's score.
 */
export function screenName(index: NameIndex, query: ScreeningQuery, s: ComplianceScreeningConfig, versions: ListVersionRef[], options: { allPairs?: boolean } = {}): ScreeningResult {
  const started = performance.now();
  const whole = nameForms(query.name);
  const forms = whole.map(limited);
  const need = MAX_QUERY_TOKENS * 2 * index.maxTokens;
  if (simBuffer.length < need) simBuffer = new Float64Array(need);
  const sims = simBuffer;
  const best = new Map<number, { form: number; nameId: number; score: number; legal?: Adjustment }>();
  const minScore = Math.max(0, s.review - maxBoost(query, s.adjustments));
  let scored = 0;
  const consider = (form: number, nameId: number, nameScore: number) => {
    const indexed = index.names[nameId]!;
    const legal = legalFormAdjustment(forms[form]!, indexed.legalForms, s.tokens.legalFormMismatch);
    const score = legal ? clamp(nameScore + legal.delta) : nameScore;
    const prev = best.get(indexed.entry);
    if (!prev || score > prev.score) best.set(indexed.entry, { form, nameId, score, legal });
  };
  // A name exactly as listed (the whole of it, even past MAX_QUERY_TOKENS) scores 1.
  whole.forEach((norm, form) => {
    if (norm.tokens.length) for (const nameId of index.namesWithText(norm)) consider(form, nameId, 1);
  });
  // The similarity cache of the last form screened stays valid: its hits are explained from it.
  let lastForm = -1;
  let lastCands: Candidates | undefined;
  forms.forEach((norm, form) => {
    if (!norm.tokens.length) return;
    const cands: Candidates = options.allPairs ? index.allNames(norm) : index.candidates(norm, minScore);
    lastForm = form;
    lastCands = cands;
    scored += cands.names.length;
    for (const nameId of cands.names) {
      cands.similarities(nameId, sims);
      const score = scoreName(norm.units, index.names[nameId]!.tokens, s.tokens, sims);
      if (score > 0) consider(form, nameId, score);
    }
  });
  const knowsMore = !!(query.country || query.dob || query.type || query.identifiers?.length);
  const hits: { entryIdx: number; form: number; nameId: number; nameScore: number; score: number; adjustments: Adjustment[] }[] = [];
  for (const [entryIdx, { form, nameId, score, legal }] of best) {
    const { party } = index.entries[entryIdx]!;
    const adjustments = [...(legal ? [legal] : []), ...(knowsMore ? adjustmentsFor(query, party, s.adjustments) : [])];
    const final = clamp(score + adjustments.filter((a) => a !== legal).reduce((a, x) => a + x.delta, 0));
    hits.push({ entryIdx, form, nameId, nameScore: score, score: final, adjustments });
  }
  hits.sort((a, b) => b.score - a.score || b.nameScore - a.nameScore || a.entryIdx - b.entryIdx);
  const top = hits[0]?.score ?? 0;
  const hit = (h: (typeof hits)[number]): ScreeningHit => {
    const { list, party } = index.entries[h.entryIdx]!;
    const indexed = index.names[h.nameId]!;
    const name = party.names[indexed.name]!;
    if (h.form === lastForm) lastCands!.similarities(h.nameId, sims);
    const detail = scoreName(forms[h.form]!.units, indexed.tokens, s.tokens, h.form === lastForm ? sims : undefined, true);
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
    query: { ...query, normalised: forms[0]!.text },
    decision: decide(top, s),
    score: round(top),
    thresholds: { block: s.block, review: s.review },
    hits: reported,
    ...(nearMiss ? { nearMiss } : {}),
    listVersions: versions,
    namesScored: scored,
    namesIndexed: index.names.length,
    tookMs: round(performance.now() - started),
  };
}

/**
 * How alike two names are, 0..1, as screening scores a list name against a screened one: each in
 * Latin letters and, where written in another script, also as written (the best of the forms both
 * have), less for different legal forms. No list, no adjustments: for labelled pairs and tools.
 */
export function scorePair(screened: string, listed: string, s: ComplianceScreeningConfig): number {
  return scoreForms(nameForms(screened), nameForms(listed), s);
}

/**
 * `scorePair` both ways (the better of the two), for many pairs: each name normalised once (kept
 * while the scorer is; one scorer per reconciliation or batch). The name scorer other modules use
 * (reconciliation's counterparties), so that the project has one.
 */
const NAME_CACHE = 20_000;

export function namePairScorer(s: ComplianceScreeningConfig): (a: string, b: string) => number {
  const forms = new Map<string, ReturnType<typeof nameForms>>();
  const of = (name: string) => {
    let f = forms.get(name);
    if (!f) {
      // Bounded: a name's forms take a kilobyte or two; past the bound the cache starts again.
      if (forms.size >= NAME_CACHE) forms.clear();
      forms.set(name, (f = nameForms(name)));
    }
    return f;
  };
  return (a, b) => {
    if (a === b) return 1;
    const fa = of(a);
    const fb = of(b);
    return Math.max(scoreForms(fa, fb, s), scoreForms(fb, fa, s));
  };
}

function scoreForms(screened: ReturnType<typeof nameForms>, listed: ReturnType<typeof nameForms>, s: ComplianceScreeningConfig): number {
  let best = 0;
  for (const q of screened) {
    for (const c of listed) {
      if (!q.tokens.length || !c.tokens.length || !q.script !== !c.script) continue;
      const name = q.text === c.text ? 1 : scoreName(limited(q).units, c.units, s.tokens);
      const legal = legalFormAdjustment(q, c.legalForms, s.tokens.legalFormMismatch);
      best = Math.max(best, clamp(name + (legal?.delta ?? 0)));
    }
  }
  return best;
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
      this.index = { generation: lists.generation, index: NameIndex.build(lists.lists, this.settings.tokens), versions: listVersions(lists.lists) };
    }
    return this.index;
  }

  async screen(query: ScreeningQuery): Promise<ScreeningResult> {
    const { index, versions } = await this.current();
    return screenName(index, query, this.settings, versions);
  }
}
