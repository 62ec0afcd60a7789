import { toLatinUpper } from './transliterate.js';
import { COMMON_WORDS, HONORIFICS, LEADING_LEGAL_FORMS, LEGAL_FORM_PHRASES, PARTICLES, SUFFIXES, TRAILING_LEGAL_FORMS } from './vocabulary.js';

/**
 * word: an ordinary name token; initial: one letter ("J."); short: two letters that are not a
 * particle ("LI", "WU"), compared exactly; common: a connecting or generic word (AND, OF, BANK,
 * TRADING...); a particle joined to the next word makes a word whose `particle` is set.
 */
export type TokenKind = 'word' | 'initial' | 'short' | 'common';

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
}

export interface NormalisedName {
  original: string;
  /** The tokens' texts joined by spaces, in "First LAST" order. */
  text: string;
  tokens: NameToken[];
  /** The tokens, then each two adjacent words joined (see withJoined): what is matched. */
  units: NameToken[];
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

function phraseAt(ws: string[], at: 'start' | 'end'): number {
  for (const p of LEGAL_FORM_PHRASES) {
    if (p.length >= ws.length) continue;
    const slice = at === 'start' ? ws.slice(0, p.length) : ws.slice(ws.length - p.length);
    if (slice.every((w, i) => w === p[i])) return p.length;
  }
  return 0;
}

/** Titles, suffixes and legal forms off the edges, never the last word. */
function stripEdges(ws: string[]): string[] {
  const out = [...ws];
  for (let changed = true; changed && out.length > 1; ) {
    // phrases first: "SA DE CV" must go whole, not CV alone
    const head = phraseAt(out, 'start');
    const tail = phraseAt(out, 'end');
    changed = true;
    if (head) out.splice(0, head);
    else if (tail) out.splice(out.length - tail, tail);
    else if (HONORIFICS.has(out[0]!) || LEADING_LEGAL_FORMS.has(out[0]!)) out.shift();
    else if (SUFFIXES.has(out.at(-1)!) || TRAILING_LEGAL_FORMS.has(out.at(-1)!)) out.pop();
    else changed = false;
  }
  return out;
}

function kindOf(w: string): TokenKind {
  if (COMMON_WORDS.has(w)) return 'common';
  if (w.length === 1) return /\d/.test(w) ? 'short' : 'initial';
  if (w.length === 2) return 'short';
  return 'word';
}

/** Particles joined to the next word: AL QAIDA → ALQAIDA (core QAIDA); a particle with nothing after it stays a token. */
function joinParticles(ws: string[]): NameToken[] {
  const out: NameToken[] = [];
  let pending = '';
  ws.forEach((w, i) => {
    const next = ws[i + 1];
    if (PARTICLES.has(w) && next !== undefined && !COMMON_WORDS.has(next)) {
      pending += w;
      return;
    }
    if (pending && !COMMON_WORDS.has(w)) {
      out.push({ text: pending + w, core: w, particle: pending, kind: 'word' });
    } else {
      if (pending) out.push({ text: pending, core: pending, particle: '', kind: kindOf(pending) });
      out.push({ text: w, core: w, particle: '', kind: kindOf(w) });
    }
    pending = '';
  });
  return out;
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
    joined.push({ text, core: text, particle: '', kind: 'word', parts: [i, i + 1] });
  }
  return [...tokens, ...joined];
}

/**
 * A name as tokens for matching: upper case, Latin letters (diacritics stripped, ß SS, Cyrillic and
 * Greek transliterated), apostrophes dropped inside words (O'BRIEN OBRIEN), other punctuation as
 * spaces, "LAST, First" as "First LAST", titles, generational suffixes and legal forms off the edges
 * (never all words: "AG" alone stays), particles joined to the next word, and each token's kind;
 * `units` adds the joined adjacent pairs.
 */
export function normaliseName(original: string): NormalisedName {
  let s = toLatinUpper(original).replace(APOSTROPHES, '');
  s = joinDottedLegalForms(s);
  s = reorderLastFirst(s);
  const tokens = joinParticles(stripEdges(words(s)));
  return { original, text: tokens.map((t) => t.text).join(' '), tokens, units: withJoined(tokens) };
}
