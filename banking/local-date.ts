import { InvalidDate } from './errors.js';

/**
 * A calendar date without time or time zone, as `YYYY-MM-DD`. All arithmetic is done in UTC on
 * midnight timestamps, so there is no local-time parsing (`new Date('2025-03-30')` is UTC, but
 * `new Date(2025, 2, 30)` and friends are local) and no DST day of 23 or 25 hours.
 */
export type LocalDate = string & { readonly __localDate: true };

const SHAPE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DAY_MS = 86_400_000;

export function isLocalDate(text: unknown): text is LocalDate {
  if (typeof text !== 'string') return false;
  const m = SHAPE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1583 || mo < 1 || mo > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Checks `YYYY-MM-DD` is a real calendar date (no 2025-02-29). Throws `InvalidDate`. */
export function parseLocalDate(text: string, field = 'date'): LocalDate {
  if (isLocalDate(text)) return text;
  const shown = typeof text === 'string' ? `"${text.slice(0, 30)}"` : String(typeof text);
  throw new InvalidDate(`${shown} is not a date of the form YYYY-MM-DD`, field, { text: typeof text === 'string' ? text.slice(0, 30) : null });
}

function toUtcMs(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10) as LocalDate;
}

/** `YYYY-MM-DD` from year, month (1-12), day. */
export function localDate(year: number, month: number, day: number): LocalDate {
  return parseLocalDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/**
 * The day a bank's booking date means when it names a day February lacks: 29 or 30 February of a
 * year without it is the last day of that February (German banks' 30-day booking months write 30
 * February). Undefined for every other day, possible or not: those stay as they are.
 */
export function thirtyDayFebruary(year: number, month: number, day: number): number | undefined {
  if (month !== 2 || (day !== 29 && day !== 30)) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = leap ? 29 : 28;
  return day > last ? last : undefined;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** `months` calendar months later (or earlier); a day the month lacks becomes its last (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return localDate(year, month + 1, Math.min(Number(date.slice(8, 10)), last));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Today's date in an IANA time zone at instant `now` (e.g. 2025-06-02T22:30Z is 2025-06-03 in Europe/Berlin). */
export function todayIn(timeZone: string, now: Date): LocalDate {
  return zonedParts(timeZone, now).date;
}

/** The wall-clock time at `at` (epoch ms) in `timeZone`, as HH:MM (24 h). */
export function wallClock(at: number, timeZone: string): string {
  const { minutes } = zonedParts(timeZone, new Date(at));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Date and wall-clock time (minutes after midnight) at `now` in `timeZone`, via Intl (DST-correct). */
export function zonedParts(timeZone: string, now: Date): { date: LocalDate; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}` as LocalDate;
  return { date, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}
