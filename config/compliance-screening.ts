import { z } from 'zod';

/**
 * `compliance.lists` and `compliance.screening`: which sanctions lists are screened against, and how
 * a name's score becomes a decision. Kept in their own file so that other parts of `compliance:`
 * (rules, alerts) can sit beside them in config/schema.ts. Paths are relative to the working directory.
 */

const path = z.string().min(1);

export const complianceListsSchema = z.strictObject({
  /** The US OFAC SDN list as published in CSV: sdn.csv, with alt.csv (aliases) and add.csv (addresses). */
  ofacSdn: z.strictObject({ sdn: path, alt: path.optional(), add: path.optional() }).optional(),
  /** The UN Security Council consolidated list (XML). */
  un: path.optional(),
  /** The EU consolidated financial sanctions list (its semicolon CSV). */
  eu: path.optional(),
  /** How often (at most) the list files are looked at (a stat) before screening; a changed file is reloaded. 0: every time. */
  reloadCheckMs: z.number().int().nonnegative().default(30_000),
});

/** Score changes for what is known besides the name (applied only when both sides know it). */
const adjustments = z.strictObject({
  countryMatch: z.number().min(0).max(1).default(0.03),
  countryMismatch: z.number().max(0).min(-1).default(-0.05),
  /** Same full date of birth (or same year when the list gives only a year). */
  dobMatch: z.number().min(0).max(1).default(0.05),
  /** No listed date of birth is within a year of the given one. */
  dobMismatch: z.number().max(0).min(-1).default(-0.15),
  /** Same BIC (first 8 characters) or IMO number: strong evidence. */
  identifierMatch: z.number().min(0).max(1).default(0.15),
  identifierMismatch: z.number().max(0).min(-1).default(-0.1),
  /** The caller says individual and the entry is an entity, vessel... (or the other way round). */
  typeMismatch: z.number().max(0).min(-1).default(-0.05),
});

/** How tokens are compared and weighed (see compliance/README.md). */
const tokens = z.strictObject({
  /** A token pair scoring below this (Jaro-Winkler) is not a match at all. */
  minTokenScore: z.number().min(0).max(1).default(0.8),
  /** A pair with a word of at most four letters counts only from this score up (MARY and MARK are 0.88 by Jaro-Winkler), unless only vowels differ (ALI, ALY). */
  shortWordMinScore: z.number().min(0).max(1).default(0.9),
  /** An initial ("J") against a token with that first letter. */
  initialScore: z.number().min(0).max(1).default(0.9),
  /** Weight of a particle (AL, BIN, DE LA...) joined to the following token, per letter, against 1 for other letters. */
  particleWeight: z.number().min(0).max(1).default(0.3),
  /** Weight per letter of a common word (OF, THE, AND; BANK, TRADING, INTERNATIONAL...). */
  commonWordWeight: z.number().min(0).max(1).default(0.3),
  /** How much a token of the screened name that matched nothing counts against the score (per letter). */
  unmatchedQueryWeight: z.number().min(0).max(2).default(1),
  /** How much a token of the list entry's name that matched nothing counts (a middle name the payer left out). */
  unmatchedCandidateWeight: z.number().min(0).max(2).default(0.4),
  /** Weight of a generational or ordinal word (JR, SR, II, 2ND): they tell a father from a son, a fund II from a fund. */
  ordinalWeight: z.number().min(0).max(10).default(3),
  /** Taken off the score of two company names whose legal forms differ (AG and GMBH; LTD and LIMITED are one form). */
  legalFormMismatch: z.number().min(0).max(1).default(0.1),
});

export const complianceScreeningSchema = z
  .strictObject({
    /** At or above: the item is held (ComplianceHold). */
    block: z.number().min(0).max(1).default(0.92),
    /** At or above (and below block): an exception for review. Below: pass. */
    review: z.number().min(0).max(1).default(0.8),
    /** At most this many hits are reported (best first). */
    maxHits: z.number().int().positive().default(10),
    adjustments: adjustments.prefault({}),
    tokens: tokens.prefault({}),
  })
  .refine((s) => s.review <= s.block, { message: 'review must not be above block', path: ['review'] });

export type ComplianceListsConfig = z.infer<typeof complianceListsSchema>;
export type ComplianceScreeningConfig = z.infer<typeof complianceScreeningSchema>;
