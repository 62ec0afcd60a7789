/**
 * Letters that have no ASCII base after Unicode decomposition (ß, Æ, Ø, Ł...), and the Cyrillic and
 * Greek alphabets, written in Latin letters (Greek ΟΥ as OU). Cyrillic follows a plain BGN/PCGN-like table (Ж ZH, Х KH,
 * Ц TS, Ч CH, Ш SH, Щ SHCH, Ю YU, Я YA, Й Y; hard and soft signs dropped), the spelling most lists and
 * passports use. Applied to upper-case text; other scripts (Arabic, Chinese...) are not transliterated:
 * their letters are dropped, so a name written only in them has no tokens and is not indexed.
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

/** Upper case, Latin letters only where a table or decomposition gives them: "Müller" MULLER, "Straße" STRASSE, "Путин" PUTIN. */
export function toLatinUpper(s: string): string {
  // Before decomposition (Й would lose its breve and become I), and after it (accented Greek letters).
  return mapped(mapped(s.toUpperCase()).normalize('NFKD').replace(/\p{M}/gu, ''));
}
