/**
 * Reading a statement's cell text by its template: dates in the declared format, amounts in the
 * declared locale, signed by a minus (or parentheses), by the column they stand in, or by a CR/DR
 * suffix. Never guessed: text that does not fit the declaration is an error.
 */
import { InvalidAmount, type Money, parseMoney } from '../../banking/index.js';
import { parseDateText } from '../sheet/index.js';
import type { CompiledTemplate } from './template.js';

/** The ISO date of a cell, or undefined when the text is not a date in the template's format; a 30 February is the last day of February. */
export function dateOf(text: string | undefined, t: CompiledTemplate): string | undefined {
  if (text === undefined) return undefined;
  const r = parseDateText(text, t.date, { thirtyDayFebruary: true });
  return r.ok ? r.value : undefined;
}

/** Whether a cell's date was read otherwise than written (a 30 February): then its text is kept in the provenance. */
export function dateAdjusted(text: string, t: CompiledTemplate): boolean {
  return !parseDateText(text, t.date).ok && dateOf(text, t) !== undefined;
}

/**
 * An amount written in the template's locale, with the sign as `scheme` shows it. `signed`: as
 * written (`-12,00`, `12,00-`, `(12,00)`). `suffix-CR-DR`: a credit or debit mark after the number
 * (required unless the amount is zero). The statement's currency may stand before or after it.
 */
export function signedMoney(text: string, scheme: 'signed' | 'suffix-CR-DR', t: CompiledTemplate, currency: string, field: string): Money {
  let s = text.trim();
  let negate = false;
  if (scheme === 'suffix-CR-DR') {
    const words = s.split(/\s+/);
    const last = words[words.length - 1]!.toUpperCase();
    const glued = /[A-Z]+$/i.exec(s)?.[0]?.toUpperCase();
    const mark = [last, glued].find((m) => m !== undefined && (t.suffixes.credit.includes(m) || t.suffixes.debit.includes(m)));
    if (mark !== undefined) {
      negate = t.suffixes.debit.includes(mark);
      s = s.slice(0, s.length - mark.length).trim();
    }
    const money = parseMoney(s, currency, { locale: t.amountLocale, allowCurrency: currency, field });
    if (mark === undefined && !money.isZero()) {
      throw new InvalidAmount(
        `amount "${text}" has no credit or debit mark (${[...t.suffixes.credit, ...t.suffixes.debit].join(', ')}) after it`,
        field,
        { text },
      );
    }
    if (money.isNegative()) throw new InvalidAmount(`amount "${text}" has both a minus sign and a credit/debit mark`, field, { text });
    return negate ? money.negate() : money;
  }
  return parseMoney(s, currency, { locale: t.amountLocale, allowCurrency: currency, field });
}

/** Whether the text reads as an amount at all (used to tell an amount without a date from stray text). */
export function looksLikeAmount(text: string, scheme: 'signed' | 'suffix-CR-DR', t: CompiledTemplate, currency: string): boolean {
  try {
    signedMoney(text, scheme, t, currency, 'amount');
    return true;
  } catch {
    return false;
  }
}

/**
 * The amount at the end of a balance line (after its label): the last one, two or three words that
 * read as an amount (`1.234,56`, `1.234,56 EUR`, `1,234.56 CR`, `EUR 1,234.56 CR`).
 */
export function trailingAmount(words: readonly string[], t: CompiledTemplate, currency: string, field: string): { money: Money; text: string } {
  let firstError: unknown;
  for (let n = 1; n <= Math.min(3, words.length); n++) {
    const text = words.slice(words.length - n).join(' ');
    try {
      return { money: signedMoney(text, t.balanceSign, t, currency, field), text };
    } catch (e) {
      firstError ??= e;
    }
  }
  throw firstError ?? new InvalidAmount(`no amount after the ${field} label`, field, {});
}
