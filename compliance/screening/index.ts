/**
 * compliance/screening — names against the sanctions lists: normalisation, token-based fuzzy matching
 * (Jaro-Winkler per token, best pairing, length-weighted), adjustments for country, date of birth,
 * identifiers and type, an index with candidate generation, the decision, and its explanation.
 */
export { Screener, screenName, decide, listVersions, MAX_QUERY_TOKENS } from './screen.js';
export { NameIndex } from './name-index.js';
export { explain } from './explain.js';
export { screeningHold } from './outcome.js';
export { normaliseName } from './normalise.js';
export type { NameToken, NormalisedName, TokenKind } from './normalise.js';
export { jaro, jaroWinkler } from './jaro-winkler.js';
export { scoreName, tokenSimilarity, tokenWeight } from './name-score.js';
export type { NameScore, TokenMatch, TokenSettings } from './name-score.js';
export { adjustmentsFor } from './adjustments.js';
export type * from './types.js';
