import type { Identifier, ListSource, PartyType } from '../lists/types.js';
import type { TokenMatch } from './name-score.js';

/** What is screened: a name, and what else is known about the party. */
export interface ScreeningQuery {
  name: string;
  /** ISO 3166 alpha-2 code (or a country name) of the party's country: nationality, residence or address. */
  country?: string;
  /** Date of birth, YYYY-MM-DD or YYYY. */
  dob?: string;
  /** individual or not (entity, vessel, aircraft); unknown when absent. */
  type?: PartyType;
  /** BIC, IMO number... of the party. */
  identifiers?: Pick<Identifier, 'kind' | 'value'>[];
}

export type ScreeningDecision = 'block' | 'review' | 'pass';

export type AdjustmentReason =
  | 'country match'
  | 'country mismatch'
  | 'DOB match'
  | 'DOB year match'
  | 'DOB mismatch'
  | 'BIC match'
  | 'BIC mismatch'
  | 'IMO match'
  | 'IMO mismatch'
  | 'identifier match'
  | 'identifier mismatch'
  | 'type mismatch'
  | 'legal form mismatch';

export interface Adjustment {
  reason: AdjustmentReason;
  delta: number;
  /** What was compared: "DE vs IR, SY". */
  detail: string;
}

/** One list entry that resembles the screened name, and why. */
export interface ScreeningHit {
  list: ListSource;
  entryId: string;
  /** The entry's primary name. */
  entryName: string;
  type: PartyType;
  programs: string[];
  /** The entry's name (primary or alias) that matched best, as listed. */
  matchedName: string;
  matchedNameKind: string;
  /** Name score before adjustments, 0..1. */
  nameScore: number;
  /** Final score (name score plus adjustments, within 0..1). */
  score: number;
  tokens: TokenMatch[];
  unmatched: { query: string[]; candidate: string[] };
  adjustments: Adjustment[];
}

/** A list version as recorded with a screened item. */
export interface ListVersionRef {
  source: ListSource;
  sha256: string;
  date: string;
}

export interface ScreeningResult {
  query: ScreeningQuery & { normalised: string };
  decision: ScreeningDecision;
  /** The best hit's score (0 when nothing resembled the name). */
  score: number;
  thresholds: { block: number; review: number };
  /** Entries at or above the review threshold, best first (at most maxHits). */
  hits: ScreeningHit[];
  /** The best entry below the review threshold, for the explanation of a pass. */
  nearMiss?: ScreeningHit;
  /** Which list versions were screened against: record them with the item. */
  listVersions: ListVersionRef[];
  /** How many list names were scored (after candidate generation), of how many in the index. */
  namesScored: number;
  namesIndexed: number;
  tookMs: number;
}
