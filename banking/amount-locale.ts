/**
 * How amounts are written: the decimal separator and the grouping (thousands) separator(s).
 * Amounts are parsed by a DECLARED locale only: `1.234` is 1234 under `de` and 1.234 under `en`,
 * and we never guess which reading a text meant.
 */
export interface AmountFormat {
  /** The one decimal separator. */
  readonly decimal: '.' | ',';
  /** Accepted grouping separators (groups of three digits); the first one is used when formatting. Empty: no grouping. */
  readonly group: readonly string[];
}

export const AMOUNT_LOCALES = {
  /** German: 1.234,56 */
  de: { decimal: ',', group: ['.'] },
  /** English: 1,234.56 (also reads 1234.56) */
  en: { decimal: '.', group: [','] },
  /** Swiss: 1'234.56 (also the typographic apostrophe ’) */
  ch: { decimal: '.', group: ["'", '\u2019'] },
  /** Machine text: 1234.56, no grouping at all. */
  plain: { decimal: '.', group: [] },
} as const satisfies Record<string, AmountFormat>;

export type AmountLocale = keyof typeof AMOUNT_LOCALES;

export const AMOUNT_LOCALE_NAMES = Object.keys(AMOUNT_LOCALES) as [AmountLocale, ...AmountLocale[]];

/** The format of a locale name, or a custom format as given (checked: separators must differ). */
export function amountFormat(locale: AmountLocale | AmountFormat): AmountFormat {
  const format: AmountFormat | undefined = typeof locale === 'string' ? AMOUNT_LOCALES[locale] : locale;
  if (!format) throw new TypeError(`unknown amount locale "${String(locale)}" (known: ${AMOUNT_LOCALE_NAMES.join(', ')})`);
  if (format.decimal !== '.' && format.decimal !== ',') throw new TypeError(`decimal separator must be "." or ",", not "${format.decimal}"`);
  for (const g of format.group) {
    if (g.length !== 1 || /[0-9+\-()]/.test(g) || g === format.decimal) {
      throw new TypeError(`grouping separator "${g}" must be one character, not a digit, sign or the decimal separator`);
    }
  }
  return format;
}
