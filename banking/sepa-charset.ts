import { NotSepaCharacter, SepaTextTooLong } from './errors.js';

/**
 * The SEPA basic Latin character set (EPC217-08, "SEPA Requirements for an Extended Character Set"):
 * a-z A-Z 0-9 / - ? : ( ) . , ' + and space. Anchored: the whole text must consist of these.
 */
export const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
const SEPA_CHAR = /^[A-Za-z0-9/\-?:().,'+ ]$/;

/** Usual maximum lengths of SEPA (pain.001/pain.008) text fields. */
export const SEPA_MAX_LENGTH = {
  /** Unstructured remittance information (Ustrd). */
  remittance: 140,
  /** Debtor/creditor name (Nm). */
  name: 70,
  /** End-to-end id, mandate id, message id. */
  reference: 35,
} as const;

export function isSepaText(text: string): boolean {
  return typeof text === 'string' && SEPA_TEXT.test(text);
}

/**
 * Explicit transliterations, applied before the generic "strip the accent" step.
 * German umlauts and ß follow the German convention (DIN 5007-2 / the German banks' SEPA rules),
 * not the plain accent strip: Müller → Mueller, Straße → Strasse. `&` becomes `+` as the EPC
 * recommends. Typographic quotes, dashes and other spaces become their basic counterparts.
 */
const EXPLICIT: Readonly<Record<string, string>> = {
  ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss',
  Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ẞ: 'SS',
  æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe',
  ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H', ŀ: 'l', Ŀ: 'L',
  '&': '+',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'", '`': "'", '\u02BC': "'",
  '"': "'", '\u201C': "'", '\u201D': "'", '\u201E': "'", '\u00AB': "'", '\u00BB': "'", '\u2039': "'", '\u203A': "'",
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\t': ' ', '\n': ' ', '\r': ' ', '\u00A0': ' ', '\u2007': ' ', '\u202F': ' ', '\u2009': ' ',
};
/** Upper-case umlauts in an upper-case word become all capitals: MÜLLER → MUELLER, not MUeLLER. */
const UPPER_WORD: Readonly<Record<string, string>> = { Ä: 'AE', Ö: 'OE', Ü: 'UE', Æ: 'AE', Œ: 'OE', Þ: 'TH' };

function isUpperLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** One character → its SEPA text, or null when it cannot be transliterated. */
function transliterate(ch: string, prev: string | undefined, next: string | undefined): string | null {
  if (SEPA_CHAR.test(ch)) return ch;
  const upper = UPPER_WORD[ch];
  const endsWord = next === undefined || !/\p{L}/u.test(next);
  if (upper !== undefined && (isUpperLetter(next) || (endsWord && isUpperLetter(prev)))) return upper;
  const explicit = EXPLICIT[ch];
  if (explicit !== undefined) return explicit;
  // Accented Latin letters: decompose and drop the combining marks (é → e, ñ → n, å → a, č → c).
  const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
  if (base !== ch && base.length > 0 && SEPA_TEXT.test(base)) return base;
  return null;
}

export interface ToSepaTextOptions {
  /** Maximum length after transliteration (see `SEPA_MAX_LENGTH`). */
  maxLength?: number;
  /** Too long: `reject` (default) throws `SepaTextTooLong`; `truncate` cuts at `maxLength`. */
  onTooLong?: 'reject' | 'truncate';
  /** The item field, for the error (default `text`). */
  field?: string;
}

export interface Offending {
  readonly character: string;
  /** 1-based position in the text (in characters, not UTF-16 units). */
  readonly position: number;
  /** e.g. `U+20AC`. */
  readonly codePoint: string;
}

function codePointOf(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Converts text to the SEPA basic Latin character set: umlauts and ß spelled out (ä → ae, ß → ss),
 * other accented Latin letters to their base letter (é → e, ñ → n, å → a, Ł → L, ø → o, æ → ae),
 * `&` → `+` (EPC recommendation), typographic quotes/dashes/spaces to ' - and space.
 * Anything else (€, @, _, !, *, #, emoji, Cyrillic, Greek, …) is refused with `NotSepaCharacter`
 * naming the first offending character and its position; details list all of them.
 */
export function toSepaText(text: string, options: ToSepaTextOptions = {}): string {
  const field = options.field ?? 'text';
  const chars = Array.from(String(text).normalize('NFC'));
  const offending: Offending[] = [];
  let out = '';
  chars.forEach((ch, i) => {
    const t = transliterate(ch, chars[i - 1], chars[i + 1]);
    if (t === null) offending.push({ character: ch, position: i + 1, codePoint: codePointOf(ch) });
    else out += t;
  });
  const first = offending[0];
  if (first) {
    const more = offending.length > 1 ? ` (and ${offending.length - 1} more)` : '';
    throw new NotSepaCharacter(`"${first.character}" at position ${first.position} is not in the SEPA character set${more}`, field, {
      ...first,
      offending: offending.slice(0, 20),
    });
  }
  const max = options.maxLength;
  if (max !== undefined && out.length > max) {
    if (options.onTooLong === 'truncate') return out.slice(0, max);
    throw new SepaTextTooLong(`text is ${out.length} characters long${out.length !== chars.length ? ' after transliteration' : ''}; at most ${max} are allowed`, field, {
      length: out.length,
      maxLength: max,
    });
  }
  return out;
}
