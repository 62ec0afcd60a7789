import anyAscii from 'any-ascii';

/**
 * Letters that have no ASCII base after Unicode decomposition (ß, Æ, Ø, Ł...), and the Cyrillic and
 * Greek alphabets, written in Latin letters (Greek ΟΥ as OU). Cyrillic follows a plain BGN/PCGN-like table (Ж ZH, Х KH,
 * Ц TS, Ч CH, Ш SH, Щ SHCH, Ю YU, Я YA, Й Y; hard and soft signs dropped), the spelling most lists and
 * passports use. Every other script (Arabic, Hebrew, Armenian, Georgian, Chinese, Japanese, Korean,
 * Khmer...) is written in Latin letters by any-ascii, each Han character and Hangul syllable as a word
 * of its own (金正恩 JIN ZHENG EN, 김정은 GIM JEONG EUN), so that a name has tokens in any script.
 */
const TABLE: Record<string, string> = {
  // Latin letters without a decomposition
  ẞ: 'SS',
  Æ: 'AE',
  Œ: 'OE',
  Ø: 'O',
  Ł: 'L',
  Đ: 'D',
  Ð: 'D',
  Þ: 'TH',
  Ħ: 'H',
  Ŧ: 'T',
  Ŀ: 'L',
  Ŋ: 'NG',
  // Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian letters)
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Ґ: 'G',
  Д: 'D',
  Ђ: 'DJ',
  Ѓ: 'GJ',
  Е: 'E',
  Ё: 'E',
  Є: 'YE',
  Ж: 'ZH',
  З: 'Z',
  Ѕ: 'DZ',
  И: 'I',
  І: 'I',
  Ї: 'YI',
  Й: 'Y',
  Ј: 'J',
  К: 'K',
  Ќ: 'KJ',
  Л: 'L',
  Љ: 'LJ',
  М: 'M',
  Н: 'N',
  Њ: 'NJ',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  Ћ: 'C',
  У: 'U',
  Ў: 'U',
  Ф: 'F',
  Х: 'KH',
  Ц: 'TS',
  Ч: 'CH',
  Џ: 'DZ',
  Ш: 'SH',
  Щ: 'SHCH',
  Ъ: '',
  Ы: 'Y',
  Ь: '',
  Э: 'E',
  Ю: 'YU',
  Я: 'YA',
  // Greek
  Α: 'A',
  Β: 'V',
  Γ: 'G',
  Δ: 'D',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'I',
  Θ: 'TH',
  Ι: 'I',
  Κ: 'K',
  Λ: 'L',
  Μ: 'M',
  Ν: 'N',
  Ξ: 'X',
  Ο: 'O',
  Π: 'P',
  Ρ: 'R',
  Σ: 'S',
  Τ: 'T',
  Υ: 'Y',
  Φ: 'F',
  Χ: 'CH',
  Ψ: 'PS',
  Ω: 'O',
};

/** Greek vowel pairs written as one sound: ΟΥ is OU, not OY. */
const digraphs = (s: string) => s.replace(/ΟΥ/g, 'OU').replace(/ΑΥ/g, 'AV').replace(/ΕΥ/g, 'EV');
const mapped = (s: string) => digraphs(s).replace(/[^\x00-\x7F]/g, (c) => TABLE[c] ?? c);

/** Han characters and Hangul syllables: one syllable each, written as a word of its own. */
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}]/u;
/** Scripts the tables above do not cover: written by any-ascii before decomposition (which would split Hangul syllables and kana). */
const OTHER_SCRIPT = /(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}])[\p{L}\p{M}]/u;

function othersToAscii(s: string): string {
  if (!OTHER_SCRIPT.test(s)) return s;
  let out = '';
  for (const ch of s) {
    if (!OTHER_SCRIPT.test(ch)) out += ch;
    else if (SYLLABIC.test(ch)) out += ` ${anyAscii(ch)} `;
    else out += anyAscii(ch);
  }
  return out.toUpperCase();
}

/**
 * Upper case, Latin letters: "Müller" MULLER, "Straße" STRASSE, "Путин" PUTIN, "صدام" SDM,
 * "金正恩" JIN ZHENG EN.
 */
export function toLatinUpper(s: string): string {
  // Before decomposition (Й would lose its breve and become I), and after it (accented Greek letters).
  const latin = mapped(mapped(othersToAscii(s.toUpperCase())).normalize('NFKD').replace(/\p{M}/gu, ''));
  // Anything still outside ASCII (a letter-like symbol): any-ascii's reading of it.
  return /[^\x00-\x7F]/.test(latin) ? anyAscii(latin).toUpperCase() : latin;
}

/** Letters of a script other than Latin: the name is also kept in that script (see `originalScriptUpper`). */
const NON_LATIN_LETTER = /(?![\p{Script=Latin}])\p{L}/u;

export function hasNonLatinLetters(s: string): boolean {
  return NON_LATIN_LETTER.test(s);
}

/** The name in its own script, compared as written: upper case where the script has cases, compatibility forms folded, vowel signs and other non-spacing marks dropped. */
export function originalScriptUpper(s: string): string {
  return s.toUpperCase().normalize('NFKD').replace(/\p{Mn}/gu, '').normalize('NFC');
}
