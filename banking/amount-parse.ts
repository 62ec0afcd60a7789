import { amountFormat, type AmountFormat, type AmountLocale } from './amount-locale.js';
import { currencyCode, isCurrencyCode, type CurrencyCode } from './currency.js';
import { InvalidAmount } from './errors.js';
import { Money } from './money.js';

export interface ParseAmountOptions {
  /** The DECLARED way the source writes amounts. Never guessed from the text. */
  locale: AmountLocale | AmountFormat;
  /**
   * Currencies whose ISO code or symbol may stand before or after the number and is stripped
   * (`EUR 12,00`, `12,00 €`). Without it, any currency in the text is an error. A code or symbol of
   * another currency is always an error.
   */
  allowCurrency?: string | readonly string[];
  /** The item field, for the error. */
  field?: string;
}

/** Symbols we strip, by currency (only for currencies named in `allowCurrency`). */
const SYMBOLS: Partial<Record<CurrencyCode, readonly string[]>> = {
  EUR: ['€'],
  USD: ['US$', '$'],
  GBP: ['£'],
  JPY: ['¥'],
};
const ANY_SYMBOL = /^(US\$|[€$£¥])|(US\$|[€$£¥])$/;
const LEADING_CODE = /^([A-Za-z]{3})(?![A-Za-z])\s*/;
const TRAILING_CODE = /\s*(?<![A-Za-z])([A-Za-z]{3})$/;
const MINUS = new Set(['-', '\u2212']);

function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parses amount text written in a declared locale into a canonical decimal string (`-1234.56`):
 * `1.234,56` (de), `1,234.56` and `1234.56` (en), `1'234.56` (ch), `1234.56` (plain); negatives as
 * `-12.00`, `(12.00)` or `12.00-` (trailing minus of legacy exports); a leading `+` or trailing `+` is
 * allowed; spaces around are ignored. Text that does not fit the declared locale is an `InvalidAmount`
 * naming the text: a grouping separator out of place (`1.23.4`), two decimal separators, a grouping
 * separator after the decimal separator (`1,234.56` under de), anything else.
 *
 * The result has as many decimals as written; combine with `Money.of` (or use `parseMoney`) for the
 * currency's minor-units check.
 */
export function parseAmount(text: string, options: ParseAmountOptions): string {
  const field = options.field ?? 'amount';
  const format = amountFormat(options.locale);
  const example = Money.of('1234.56', 'EUR').format(format);
  const localeName = typeof options.locale === 'string' ? `the ${options.locale} format` : 'the declared format';
  const fail = (why: string): never => {
    throw new InvalidAmount(`amount "${shown(String(text))}" does not fit ${localeName} (${example}): ${why}`, field, {
      text: shown(String(text)),
      locale: typeof options.locale === 'string' ? options.locale : { ...options.locale },
      reason: why,
    });
  };
  if (typeof text !== 'string') return fail(`expected text, got ${typeof text}`);

  const allowed = new Set<CurrencyCode>();
  for (const c of typeof options.allowCurrency === 'string' ? [options.allowCurrency] : (options.allowCurrency ?? [])) {
    allowed.add(currencyCode(c, 'currency'));
  }

  let s = text.trim();
  let negative = false;
  let parens = false;
  let signed = false;
  let currency: string | undefined;

  if (s.startsWith('(') && s.endsWith(')')) {
    parens = true;
    negative = true;
    s = s.slice(1, -1).trim();
  }

  const takeCurrency = (token: string, code: CurrencyCode | undefined): void => {
    if (currency !== undefined) fail(`more than one currency ("${currency}", "${token}")`);
    if (allowed.size === 0) fail(`currency "${token}" in the amount is not allowed here`);
    if (code === undefined || !allowed.has(code)) fail(`currency "${token}" is not the expected ${[...allowed].join(' or ')}`);
    currency = token;
  };
  const takeSign = (ch: string): void => {
    if (signed || parens) fail('more than one sign (minus, plus or parentheses)');
    signed = true;
    if (MINUS.has(ch)) negative = true;
  };

  // Peel signs and a currency off both ends, in any order, each at most once.
  for (let changed = true; changed && s.length > 0; ) {
    changed = false;
    const first = s[0]!;
    const last = s[s.length - 1]!;
    if (first === '+' || MINUS.has(first)) {
      takeSign(first);
      s = s.slice(1).trimStart();
      changed = true;
      continue;
    }
    if (last === '+' || MINUS.has(last)) {
      takeSign(last);
      s = s.slice(0, -1).trimEnd();
      changed = true;
      continue;
    }
    const symbol = ANY_SYMBOL.exec(s);
    if (symbol) {
      const token = (symbol[1] ?? symbol[2])!;
      const code = (Object.keys(SYMBOLS) as CurrencyCode[]).find((c) => allowed.has(c) && SYMBOLS[c]!.includes(token)) ??
        (Object.keys(SYMBOLS) as CurrencyCode[]).find((c) => SYMBOLS[c]!.includes(token));
      takeCurrency(token, code);
      s = (symbol[1] !== undefined ? s.slice(token.length) : s.slice(0, -token.length)).trim();
      changed = true;
      continue;
    }
    const lead = LEADING_CODE.exec(s);
    const trail = lead ? null : TRAILING_CODE.exec(s);
    const match = lead ?? trail;
    if (match) {
      const token = match[1]!;
      const upper = token.toUpperCase();
      if (!isCurrencyCode(upper)) fail(`"${token}" is not a currency code`);
      takeCurrency(token, upper as CurrencyCode);
      s = (lead ? s.slice(match[0].length) : s.slice(0, s.length - match[0].length)).trim();
      changed = true;
    }
  }

  // What is left must be the number itself: digits, the decimal separator, grouping separators.
  if (s === '') return fail('no digits');
  const groups = format.group;
  for (const ch of s) {
    if (!/[0-9]/.test(ch) && ch !== format.decimal && !groups.includes(ch)) {
      return fail(ch === '.' || ch === ',' ? `"${ch}" is neither the decimal nor a grouping separator here` : `unexpected character "${ch}"`);
    }
  }
  const parts = s.split(format.decimal);
  if (parts.length > 2) return fail(`more than one decimal separator "${format.decimal}"`);
  const [intPart = '', fracPart] = parts;
  if (fracPart !== undefined) {
    if (groups.some((g) => fracPart.includes(g))) return fail('grouping separator after the decimal separator');
    if (fracPart === '') return fail('no digits after the decimal separator');
  }
  if (intPart === '') return fail('no digits before the decimal separator');
  const used = groups.filter((g) => intPart.includes(g));
  if (used.length > 1) return fail(`mixed grouping separators ${used.map((g) => `"${g}"`).join(' and ')}`);
  let digits = intPart;
  if (used.length === 1) {
    const g = escape(used[0]!);
    if (!new RegExp(`^[0-9]{1,3}(${g}[0-9]{3})+$`).test(intPart)) {
      return fail(`grouping separator "${used[0]}" in the wrong place (groups of three digits expected)`);
    }
    digits = intPart.split(used[0]!).join('');
  }
  digits = digits.replace(/^0+(?=[0-9])/, '');
  const isZero = /^0+$/.test(digits) && (fracPart === undefined || /^0+$/.test(fracPart));
  return `${negative && !isZero ? '-' : ''}${digits}${fracPart === undefined ? '' : `.${fracPart}`}`;
}

/** `parseAmount` then `Money.of`: the text must fit the locale and the currency's minor units. */
export function parseMoney(text: string, currency: string, options: ParseAmountOptions): Money {
  return Money.of(parseAmount(text, options), currency, options.field ?? 'amount');
}
