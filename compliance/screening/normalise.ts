import { editDistanceWithin } from './edit-distance.js';
import { skeleton } from './skeleton.js';
import { hasNonLatinLetters, originalScriptUpper, toLatinUpper } from './transliterate.js';
import {
  COMMON_WORDS,
  HONORIFICS,
  LEADING_LEGAL_FORMS,
  LEGAL_FORM_MEANING,
  LEGAL_FORM_PHRASES,
  NUMERIC_ORDINAL,
  ORDINALS,
  PARTICLES,
  ROMAN_ORDINALS,
  SUFFIXES,
  TRAILING_LEGAL_FORMS,
} from './vocabulary.js';

/**
 * word: an ordinary name token; initial: one letter ("J."); short: two letters that are not a
 * particle ("LI", "WU"), compared exactly; common: a connecting or generic word (AND, OF, BANK,
 * TRADING...); ordinal: a generational or ordinal word (JR, SR, II, 2ND) or a number, compared
 * exactly, ordinals in one spelling; a particle joined to the next word makes a word whose `particle` is set.
 */
export type TokenKind = 'word' | 'initial' | 'short' | 'common' | 'ordinal';

export interface NameToken {
  /** The token as compared: "ALQAIDA". */
  text: string;
  /** Without its leading particle: "QAIDA" (same as text when there is none). */
  core: string;
  /** The joined particle(s): "AL", "DELA"; empty when none. */
  particle: string;
  kind: TokenKind;
  /** A joined token: the indices of the two adjacent tokens it joins ("AERO CARIBBEAN" as AEROCARIBBEAN). */
  parts?: [number, number];
  /** The core's consonant skeleton (see skeleton.ts): transliterations of one name share it, or nearly. */
  skeleton: string;
}

export interface NormalisedName {
  original: string;
  /** The tokens' texts joined by spaces, in "First LAST" order. */
  text: string;
  tokens: NameToken[];
  /** The tokens, then each two adjacent words joined (see withJoined): what is matched. */
  units: NameToken[];
  /** The legal forms taken off its edges, by meaning (LIMITED and LTD both LTD): two companies' differ when they share none. */
  legalForms: string[];
  /** In the name's own (non-Latin) script rather than transliterated. */
  script?: true;
}

const APOSTROPHES = /['’‘`´ʼ]/g;

function words(s: string): string[] {
  return s.replace(/[^A-Z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
}

/** "S.A.", "L.L.C." → SA, LLC when the letters make a legal form; other dotted letters stay initials ("J.R." J R). */
function joinDottedLegalForms(s: string): string {
  return s.replace(/\b(?:[A-Z]\.\s?){2,}/g, (m) => {
    const letters = m.replace(/[.\s]/g, '');
    return TRAILING_LEGAL_FORMS.has(letters) || LEADING_LEGAL_FORMS.has(letters) ? `${letters} ` : m;
  });
}

/** Words that may follow a comma without the name being "LAST, First": "ACME, LTD.", "SMITH, JR.". */
const followsComma = (w: string) => TRAILING_LEGAL_FORMS.has(w) || SUFFIXES.has(w);

/**
 * "CRUZ, Juan M. de la" → "Juan M. de la CRUZ", "NOORULLAH, Haji" → "Haji NOORULLAH" (then the title
 * goes); not when what follows the comma is a legal form or a suffix ("CIMEX, S.A.", "SMITH, JR.").
 */
function reorderLastFirst(s: string): string {
  const parts = s.split(',');
  if (parts.length !== 2) return s;
  const [last, first] = parts as [string, string];
  const after = words(first);
  if (!after.length || !words(last).length || after.every(followsComma)) return s;
  return `${first} ${last}`;
}

/** A word of a legal-form phrase, as spelt or, from five letters, misspelt by one edit (LIABILTY, JIONT). */
const phraseWord = (w: string, p: string) => w === p || (p.length >= 5 && editDistanceWithin(w, p, 1) <= 1);

function phraseAt(ws: string[], at: 'start' | 'end'): { words: string[]; length: number } | undefined {
  for (const p of LEGAL_FORM_PHRASES) {
    if (p.length >= ws.length) continue;
    const slice = at === 'start' ? ws.slice(0, p.length) : ws.slice(ws.length - p.length);
    if (slice.every((w, i) => phraseWord(w, p[i]!))) return { words: p, length: p.length };
  }
  return undefined;
}

/** Long legal forms (LIMITED, COMPANY, CORPORATION...), which payers misspell: within one edit they are still the form. */
const LONG_TRAILING_FORMS = [...TRAILING_LEGAL_FORMS].filter((f) => f.length >= 6);

/** The trailing legal form a word is, as spelt or misspelt (CORPORATOIN is CORPORATION); undefined when it is none. */
function trailingLegalForm(w: string): string | undefined {
  if (TRAILING_LEGAL_FORMS.has(w)) return w;
  if (w.length < 5) return undefined;
  return LONG_TRAILING_FORMS.find((f) => editDistanceWithin(w, f, 1) <= 1);
}

const isOrdinal = (w: string) => w in ORDINALS || NUMERIC_ORDINAL.test(w);

/**
 * Titles and legal forms off the edges, never the last word (the legal forms are kept aside, by
 * meaning, in `legalForms`); an ordinal at the end (JR, III) stays, and what is before it is
 * stripped as if it were the end ("BOWNE GLOBAL SOLUTIONS II, INC.": INC goes, II stays).
 */
function stripEdges(ws: string[], legalForms: Set<string>): string[] {
  const out = [...ws];
  const ordinalEnd = () => (out.length > 1 && (isOrdinal(out.at(-1)!) || out.at(-1)! in ROMAN_ORDINALS) ? 1 : 0);
  const form = (words: string[]) => legalForms.add(LEGAL_FORM_MEANING[words.join(' ')] ?? words.join(' '));
  for (let changed = true; changed && out.length > 1; ) {
    changed = true;
    const keep = ordinalEnd();
    const body = keep ? out.slice(0, -1) : out;
    // phrases first: "SA DE CV" must go whole, not CV alone
    const head = phraseAt(out, 'start');
    const tail = body.length > 1 ? phraseAt(body, 'end') : undefined;
    if (head) {
      out.splice(0, head.length);
      form(head.words);
    } else if (tail) {
      out.splice(body.length - tail.length, tail.length);
      form(tail.words);
    }
    else if (HONORIFICS.has(out[0]!)) out.shift();
    else if (LEADING_LEGAL_FORMS.has(out[0]!)) form(out.splice(0, 1));
    else {
      const trailing = body.length > 1 ? trailingLegalForm(body.at(-1)!) : undefined;
      if (trailing) {
        out.splice(body.length - 1, 1);
        form([trailing]);
      } else changed = false;
    }
  }
  return out;
}

function kindOf(w: string): TokenKind {
  if (COMMON_WORDS.has(w)) return 'common';
  // Ordinals, and numbers (MI RIM 2 is another vessel than MI RIM): compared exactly, weighed as ordinals.
  if (isOrdinal(w) || /^\d+$/.test(w)) return 'ordinal';
  if (w.length === 1) return /\d/.test(w) ? 'short' : 'initial';
  if (w.length === 2) return 'short';
  return 'word';
}

/**
 * Particles of five letters or more (ABDUL, ABDEL, DELLA), misspelt by one letter changed, swapped or
 * dropped (ABDXL, ADUL), are still particles; a word longer than the particle is not (ABOUD is a name).
 */
const LONG_PARTICLES = [...PARTICLES].filter((p) => p.length >= 5);
const isParticle = (w: string) => PARTICLES.has(w) || (w.length >= 4 && /^[A-Z]+$/.test(w) && LONG_PARTICLES.some((p) => w.length <= p.length && editDistanceWithin(w, p, 1) <= 1));

/** Particles joined to the next word: AL QAIDA → ALQAIDA (core QAIDA); a particle with nothing after it stays a token. */
function joinParticles(ws: string[]): NameToken[] {
  const out: NameToken[] = [];
  let pending = '';
  ws.forEach((w, i) => {
    const next = ws[i + 1];
    if (isParticle(w) && next !== undefined && !COMMON_WORDS.has(next) && /^[A-Z]/.test(next)) {
      pending += w;
      return;
    }
    if (pending && !COMMON_WORDS.has(w)) {
      out.push(token(pending + w, w, pending, 'word'));
    } else {
      if (pending) out.push(token(pending, pending, '', kindOf(pending)));
      out.push(token(w, w, '', kindOf(w)));
    }
    pending = '';
  });
  // A Roman numeral as the last word is an ordinal (HENRY VIII, SOLUTIONS II); elsewhere an initial or a word.
  const last = out.at(-1);
  if (out.length > 1 && last && !last.particle && last.text in ROMAN_ORDINALS) out[out.length - 1] = token(ROMAN_ORDINALS[last.text]!, ROMAN_ORDINALS[last.text]!, '', 'ordinal');
  return out.map((t) => (t.kind === 'ordinal' && t.text in ORDINALS ? token(ORDINALS[t.text]!, ORDINALS[t.text]!, '', 'ordinal') : t));
}

function token(text: string, core: string, particle: string, kind: TokenKind): NameToken {
  return { text, core, particle, kind, skeleton: skeleton(core) };
}

/**
 * The tokens followed by every two adjacent words (or two-letter tokens) written as one, so that
 * "AERO CARIBBEAN" meets "AEROCARIBBEAN" and "NORTH WIND" meets "NORTHWIND": a joined token is
 * paired like any other and uses up both its parts.
 */
export function withJoined(tokens: NameToken[]): NameToken[] {
  const joinable = (t: NameToken) => t.kind === 'word' || t.kind === 'short';
  const joined: NameToken[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (!joinable(a) || !joinable(b)) continue;
    const text = a.text + b.text;
    joined.push({ ...token(text, text, '', 'word'), parts: [i, i + 1] });
  }
  return [...tokens, ...joined];
}

/**
 * A name as tokens for matching: upper case, Latin letters (diacritics stripped, ß SS, Cyrillic and
 * Greek by table, every other script by any-ascii), apostrophes dropped inside words (O'BRIEN OBRIEN),
 * other punctuation as spaces, "LAST, First" as "First LAST", titles and legal forms off the edges
 * (never all words: "AG" alone stays; the legal forms kept aside in `legalForms`), ordinals kept in
 * one spelling (JUNIOR JR, III 3RD), particles joined to the next word, and each token's kind;
 * `units` adds the joined adjacent pairs.
 */
export function normaliseName(original: string): NormalisedName {
  let s = toLatinUpper(original).replace(APOSTROPHES, '');
  s = joinDottedLegalForms(s);
  s = reorderLastFirst(s);
  const legalForms = new Set<string>();
  const tokens = joinParticles(stripEdges(words(s), legalForms));
  return { original, text: tokens.map((t) => t.text).join(' '), tokens, units: withJoined(tokens), legalForms: [...legalForms].sort() };
}

/** Letters and digits of any script: the words of a name kept in its own script. */
const SCRIPT_WORDS = /[\p{L}\p{N}]+/gu;

/**
 * A name written (also) in a script other than Latin, as written: its words upper-cased where the
 * script has cases, marks dropped, each word of three or more characters a word (two: compared
 * exactly). Undefined for a name in Latin letters only.
 */
export function normaliseOriginalScript(original: string): NormalisedName | undefined {
  if (!hasNonLatinLetters(original)) return undefined;
  const ws = originalScriptUpper(original).match(SCRIPT_WORDS) ?? [];
  if (!ws.length) return undefined;
  const tokens = ws.map((w) => token(w, w, '', [...w].length >= 3 ? 'word' : [...w].length === 2 ? 'short' : 'initial'));
  return { original, text: tokens.map((t) => t.text).join(' '), tokens, units: withJoined(tokens), legalForms: [], script: true };
}

/** The forms a name is matched in: transliterated to Latin letters, and, for a name in another script, also as written. */
export function nameForms(original: string): NormalisedName[] {
  const latin = normaliseName(original);
  const script = normaliseOriginalScript(original);
  return script ? [latin, script] : [latin];
}
