/**
 * compliance/screening — names against the sanctions lists: normalisation (any script, kept also as
 * written), token-based fuzzy matching (Jaro-Winkler per token among near spellings, best pairing,
 * length-weighted; ordinals and legal forms tell names apart), adjustments for country, date of
 * birth, identifiers and type, an index whose candidates never miss a name that comparing with every
 * name would score at review or above, the decision, and its explanation.
 */
export { Screener, screenName, scorePair, namePairScorer, decide, listVersions, MAX_QUERY_TOKENS } from './screen.js';
export { NameIndex } from './name-index.js';
export { explain } from './explain.js';
export { screeningHold } from './outcome.js';
export { nameForms, normaliseName, normaliseOriginalScript } from './normalise.js';
export type { NameToken, NormalisedName, TokenKind } from './normalise.js';
export { jaro, jaroWinkler } from './jaro-winkler.js';
export { maxEdits, scoreName, spellingsNear, tokenSimilarity, tokenWeight } from './name-score.js';
export { skeleton } from './skeleton.js';
export { editDistanceWithin } from './edit-distance.js';
export type { NameScore, TokenMatch, TokenSettings } from './name-score.js';
export { adjustmentsFor, parseQueryDob } from './adjustments.js';
export type * from './types.js';
