import { InvalidDate } from './errors.js';
import { addDays, dayOfWeek, isLocalDate, localDate, parseLocalDate, type LocalDate } from './local-date.js';

/** A configured extra closing day: `YYYY-MM-DD`, or with a name for messages. */
export type HolidayInput = string | { readonly date: string; readonly name: string };

export interface CalendarOptions {
  /** Extra closing days on top of the TARGET2 ones (e.g. national holidays of the legacy system). */
  holidays?: readonly HolidayInput[];
}

export interface ClosingDay {
  readonly date: LocalDate;
  readonly name: string;
}

/** Why a day is not a business day. */
export type Closure = { readonly kind: 'weekend'; readonly name: 'Saturday' | 'Sunday' } | { readonly kind: 'holiday'; readonly name: string };

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new InvalidDate(`${year} is not a year of the Gregorian calendar we handle (1583-9999)`, 'year', { year });
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

/** The TARGET2 (T2) closing days of a year, besides weekends. */
export function target2ClosingDays(year: number): ClosingDay[] {
  const easter = easterSunday(year);
  return [
    { date: localDate(year, 1, 1), name: "New Year's Day" },
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    { date: localDate(year, 5, 1), name: 'Labour Day' },
    { date: localDate(year, 12, 25), name: 'Christmas Day' },
    { date: localDate(year, 12, 26), name: 'Boxing Day' },
  ];
}

const target2Cache = new Map<number, ReadonlyMap<string, string>>();
function target2Of(year: number): ReadonlyMap<string, string> {
  let days = target2Cache.get(year);
  if (!days) {
    days = new Map(target2ClosingDays(year).map((d) => [d.date, d.name]));
    target2Cache.set(year, days);
  }
  return days;
}

/** Configured holidays as a date → name map; throws `InvalidDate` (field `holidays`) for a bad entry. */
export function holidayMap(holidays: readonly HolidayInput[] = []): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const h of holidays) {
    const date = typeof h === 'string' ? h : h?.date;
    if (!isLocalDate(date)) parseLocalDate(String(date), 'holidays');
    map.set(date as string, typeof h === 'string' ? 'holiday (configured)' : h.name);
  }
  return map;
}

function closure(date: LocalDate, extra: ReadonlyMap<string, string>): Closure | null {
  const dow = dayOfWeek(date);
  if (dow === 6) return { kind: 'weekend', name: 'Saturday' };
  if (dow === 0) return { kind: 'weekend', name: 'Sunday' };
  const name = target2Of(Number(date.slice(0, 4))).get(date) ?? extra.get(date);
  return name === undefined ? null : { kind: 'holiday', name };
}

/**
 * A business-day calendar: TARGET2 closing days (New Year's Day, Good Friday, Easter Monday, 1 May,
 * 25 and 26 December), weekends, and configured extra holidays.
 */
export class BusinessCalendar {
  private readonly extra: ReadonlyMap<string, string>;
  constructor(options: CalendarOptions = {}) {
    this.extra = holidayMap(options.holidays);
  }

  /** Why `date` is closed, or null for a business day. */
  closureOf(date: string): Closure | null {
    return closure(parseLocalDate(date), this.extra);
  }

  isBusinessDay(date: string): boolean {
    return this.closureOf(date) === null;
  }

  /** The first business day strictly after `date`. */
  nextBusinessDay(date: string): LocalDate {
    return this.businessDayOnOrAfter(addDays(parseLocalDate(date), 1));
  }

  /** `date` itself if it is a business day, else the next one. */
  businessDayOnOrAfter(date: string): LocalDate {
    let d = parseLocalDate(date);
    // At most a handful of iterations (a long weekend plus configured holidays); bounded anyway.
    for (let i = 0; i < 370; i++, d = addDays(d, 1)) {
      if (closure(d, this.extra) === null) return d;
    }
    throw new InvalidDate(`no business day within a year after ${date}: check the configured holidays`, 'holidays');
  }
}

export function closureOf(date: string, options: CalendarOptions = {}): Closure | null {
  return new BusinessCalendar(options).closureOf(date);
}

export function isBusinessDay(date: string, options: CalendarOptions = {}): boolean {
  return new BusinessCalendar(options).isBusinessDay(date);
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(date: string, options: CalendarOptions = {}): LocalDate {
  return new BusinessCalendar(options).nextBusinessDay(date);
}

/** `date` itself if it is a business day, else the next one. */
export function businessDayOnOrAfter(date: string, options: CalendarOptions = {}): LocalDate {
  return new BusinessCalendar(options).businessDayOnOrAfter(date);
}
