/**
 * The next start of a schedule after an instant: its "when" (when.ts) on its business calendar, as
 * wall-clock times in its time zone (zoned-instant.ts: a time the clock skips or shows twice still
 * starts once). What the job scheduler's repeat strategy asks, and what the missed-run check expects.
 */
import { addDays, todayIn, type BankCalendar, type LocalDate } from '../../banking/index.js';
import type { CronFields, When } from './when.js';
import { instantOf } from '../../banking/index.js';

export interface ScheduleClock {
  when: When;
  calendar: BankCalendar;
  timeZone: string;
}

const ISO_WEEKDAY = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();

function cronDate(c: CronFields, date: string): boolean {
  const day = Number(date.slice(8, 10));
  if (!c.months.has(Number(date.slice(5, 7)))) return false;
  const byDay = c.days ? c.days.has(day) : null;
  const byWeekday = c.weekdays ? c.weekdays.has(ISO_WEEKDAY(date)) : null;
  // Cron's rule: with both the day and the weekday restricted, either matches.
  if (byDay !== null && byWeekday !== null) return byDay || byWeekday;
  return byDay ?? byWeekday ?? true;
}

const cronTimes = (c: CronFields) => [...c.hours].flatMap((h) => [...c.minutes].map((m) => h * 60 + m));

/** The wall-clock times (minutes after midnight) the schedule starts at on `date`. */
function timesOn(s: ScheduleClock, date: LocalDate): number[] {
  const w = s.when;
  const cal = s.calendar;
  switch (w.kind) {
    case 'every-business-day':
      return cal.isBusinessDay(date) ? [w.minutes] : [];
    case 'business-day-of-month': {
      const days = cal.businessDaysOf(date.slice(0, 7));
      const target = w.n > 0 ? days[w.n - 1] : days[days.length - 1];
      return target === date ? [w.minutes] : [];
    }
    case 'cron': {
      if (w.onNonBusinessDay === 'run') return cronDate(w.cron, date) ? cronTimes(w.cron) : [];
      if (!cal.isBusinessDay(date)) return [];
      // The cron days whose start lands on this business day: the day itself, and (next) the closed days just
      // before it, or (previous) the closed days just after it.
      const days: string[] = [date];
      if (w.onNonBusinessDay !== 'skip') {
        const dir = w.onNonBusinessDay === 'next' ? -1 : 1;
        for (let d = addDays(date, dir), i = 0; i < 370 && !cal.isBusinessDay(d); d = addDays(d, dir), i++) days.push(d);
      }
      return days.some((d) => cronDate(w.cron, d)) ? cronTimes(w.cron) : [];
    }
  }
}

/** The first start strictly after `after` (epoch ms), within about a year; undefined when there is none. */
export function nextRun(s: ScheduleClock, after: number): number | undefined {
  // From the day before (a start moved by a daylight-saving jump may fall on the next local day).
  let d = addDays(todayIn(s.timeZone, new Date(after)), -1);
  for (let i = 0; i < 400; i++, d = addDays(d, 1)) {
    const starts = [...new Set(timesOn(s, d).map((m) => instantOf(d, m, s.timeZone)))].sort((a, b) => a - b);
    const next = starts.find((at) => at > after);
    if (next !== undefined) return next;
  }
  return undefined;
}
