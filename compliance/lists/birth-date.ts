import type { BirthDate } from './types.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function month(word: string): number | undefined {
  const i = MONTHS.indexOf(word.slice(0, 3).toUpperCase());
  return i < 0 ? undefined : i + 1;
}

function plausibleYear(y: number): boolean {
  return y >= 1850 && y <= 2100;
}

/** One date: "01 Jan 1960", "Jan 1960", "1960", "1960-01-31", "31/01/1960", "31.01.1960". */
function one(text: string): Omit<BirthDate, 'text'> | undefined {
  const t = text.trim().replace(/\.$/, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t);
  if (m) return { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  m = /^(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})$/.exec(t);
  if (m && month(m[2]!)) return { year: Number(m[3]), month: month(m[2]!), day: Number(m[1]) };
  m = /^([A-Za-z]{3,9}) (\d{4})$/.exec(t);
  if (m && month(m[1]!)) return { year: Number(m[2]), month: month(m[1]!) };
  m = /^(\d{4})$/.exec(t);
  if (m) return { year: Number(m[1]) };
  return undefined;
}

/**
 * A date of birth as the lists write it: OFAC "DOB 01 Jan 1960", "DOB circa 1958", "DOB 1960 to 1962",
 * "DOB 01 Jan 1960 to 31 Dec 1962"; UN and EU ISO dates. Undefined when it is not a date we can read.
 */
export function parseBirthDate(raw: string): BirthDate | undefined {
  const text = raw.trim().replace(/\.$/, '');
  if (!text) return undefined;
  const circa = /^(circa|c\.|approximately|about)\s+/i.exec(text);
  const body = circa ? text.slice(circa[0].length) : text;
  const [from, to] = body.split(/\s+to\s+|(?<=\d{4})\s*-\s*(?=\d{4}$)/i);
  const a = one(from ?? '');
  if (!a || !plausibleYear(a.year)) return undefined;
  const b = to ? one(to) : undefined;
  const out: BirthDate = { text, ...a };
  if (b && plausibleYear(b.year) && b.year > a.year) {
    out.toYear = b.year;
    delete out.month;
    delete out.day;
  }
  if (circa) out.circa = true;
  return out;
}

/** A year range ("1960".."1962") as a BirthDate. */
export function yearRange(from: number, to: number, text = `${from} to ${to}`): BirthDate | undefined {
  if (!plausibleYear(from) || !plausibleYear(to) || to < from) return undefined;
  return to > from ? { text, year: from, toYear: to } : { text, year: from };
}
