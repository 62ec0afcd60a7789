/**
 * A bank's business calendar: the TARGET2 closing days (always), the public and bank holidays of the
 * countries (and regions) it works in, from the `date-holidays` library, and the bank's own closing
 * dates. What schedules run on ("every business day at 01:00", "business day 3 of the month").
 */
import Holidays from 'date-holidays';
import { BusinessCalendar, type Closure, type HolidayInput } from './calendar.js';
import { addDays, parseLocalDate, type LocalDate } from './local-date.js';
import { BusinessRuleError, RpaError } from './rule-error.js';

/** A country or region the library does not know. */
export class UnknownHolidayRegion extends RpaError {
  readonly whatNext = 'Use an ISO 3166 country code, optionally with a region (LU, DE-BY, US-NY), as the date-holidays library names them.';
  constructor(readonly region: string) {
    super(`no holiday calendar for "${region}"`);
  }
}

export interface BankCalendarOptions {
  /** ISO 3166 countries, optionally with a region: `LU`, `DE-BY`, `US-NY`. */
  countries?: readonly string[];
  /** The bank's own closing days. */
  holidays?: readonly HolidayInput[];
}

/** The holiday types that close a bank: public holidays and bank holidays (not observances, not school days). */
const CLOSING = new Set(['public', 'bank']);

export class BankCalendar {
  private readonly base: BusinessCalendar;
  private readonly regions: { name: string; lib: Holidays }[];
  /** Per year: the national closing days by date. */
  private readonly national = new Map<number, Map<string, string>>();

  constructor(options: BankCalendarOptions = {}) {
    this.base = new BusinessCalendar({ holidays: options.holidays ?? [] });
    this.regions = (options.countries ?? []).map((name) => {
      const [country, region] = name.toUpperCase().split('-') as [string, string | undefined];
      const lib = region ? new Holidays(country, region) : new Holidays(country);
      if (!lib.getCountries()[country] || (region && !Object.keys(lib.getStates(country) ?? {}).includes(region))) throw new UnknownHolidayRegion(name);
      return { name, lib };
    });
  }

  private nationalOf(year: number): Map<string, string> {
    let days = this.national.get(year);
    if (!days) {
      days = new Map();
      for (const r of this.regions) {
        for (const h of r.lib.getHolidays(year)) if (CLOSING.has(h.type) && !days.has(h.date.slice(0, 10))) days.set(h.date.slice(0, 10), `${h.name} (${r.name})`);
      }
      this.national.set(year, days);
    }
    return days;
  }

  /** Why `date` is closed (a weekend, a TARGET2, national or bank holiday), or null for a business day. */
  closureOf(date: string): Closure | null {
    const d = parseLocalDate(date);
    const base = this.base.closureOf(d);
    if (base) return base;
    const name = this.nationalOf(Number(d.slice(0, 4))).get(d);
    return name ? { kind: 'holiday', name } : null;
  }

  isBusinessDay(date: string): boolean {
    return this.closureOf(date) === null;
  }

  /** `date` itself if a business day, else the next (`dir` 1) or the previous (`dir` -1) one. */
  businessDayFrom(date: string, dir: 1 | -1): LocalDate {
    let d = parseLocalDate(date);
    for (let i = 0; i < 370; i++, d = addDays(d, dir)) if (this.isBusinessDay(d)) return d;
    throw new BusinessRuleError(`no business day within a year of ${date}: check the calendar's holidays`, { field: 'holidays' });
  }

  /** The business days of a month (`YYYY-MM`), in order. */
  businessDaysOf(month: string): LocalDate[] {
    const out: LocalDate[] = [];
    for (let d = parseLocalDate(`${month}-01`); d.startsWith(month); d = addDays(d, 1)) if (this.isBusinessDay(d)) out.push(d);
    return out;
  }
}
