/**
 * When a schedule runs, as the bank says it: "every business day at 01:00", "business day 3 of the
 * month at 06:00", "last business day of the month at 18:00", or a cron expression ("cron 0 1 * * 1-5")
 * with what to do on a day the calendar closes (skip it, run on the next or the previous business
 * day, or run anyway). Times are wall-clock times in the schedule's time zone.
 */
import { RpaError } from '../../banking/index.js';

/** On a day the calendar closes: skip it, start on the next or the previous business day, or run anyway (`run`: every calendar day). */
export type NonBusinessDay = 'skip' | 'next' | 'previous' | 'run';

export type When =
  | { kind: 'every-business-day'; minutes: number }
  /** `n` ≥ 1 from the month's first business day; -1 the last. */
  | { kind: 'business-day-of-month'; n: number; minutes: number }
  | { kind: 'cron'; cron: CronFields; text: string; onNonBusinessDay: NonBusinessDay };

export interface CronFields {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number> | null;
  months: Set<number>;
  weekdays: Set<number> | null;
}

/** A schedule's "when" that cannot be read. */
export class InvalidWhen extends RpaError {
  readonly whatNext =
    'Write it as "every business day at HH:MM", "business day N of the month at HH:MM", "last business day of the month at HH:MM", or "cron MIN HOUR DAY MONTH WEEKDAY" (five fields, * , - / allowed).';
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`schedule "${text}": ${reason}`);
  }
}

const time = (text: string, hh: string, mm: string) => {
  const h = Number(hh);
  const m = Number(mm);
  if (h > 23 || m > 59) throw new InvalidWhen(text, `${hh}:${mm} is no time of day`);
  return h * 60 + m;
};

function field(text: string, spec: string, lo: number, hi: number, what: string): Set<number> | null {
  if (spec === '*') return null;
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new InvalidWhen(text, `the ${what} field "${spec}" is not a cron field`);
    const from = m[1] === '*' ? lo : Number(m[2]);
    const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? hi : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < lo || to > hi || from > to || step < 1) throw new InvalidWhen(text, `the ${what} field "${spec}" is out of ${lo}-${hi}`);
    for (let v = from; v <= to; v += step) out.add(what === 'weekday' && v === 7 ? 0 : v);
  }
  return out;
}

export function parseWhen(text: string, onNonBusinessDay: NonBusinessDay = 'skip'): When {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = /^every business day at (\d{1,2}):(\d{2})$/.exec(t);
  if (m) return { kind: 'every-business-day', minutes: time(text, m[1]!, m[2]!) };
  m = /^business day (\d{1,2}) of (?:the|each|every) month at (\d{1,2}):(\d{2})$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    if (n < 1 || n > 23) throw new InvalidWhen(text, `a month has no business day ${n}`);
    return { kind: 'business-day-of-month', n, minutes: time(text, m[2]!, m[3]!) };
  }
  m = /^last business day of (?:the|each|every) month at (\d{1,2}):(\d{2})$/.exec(t);
  if (m) return { kind: 'business-day-of-month', n: -1, minutes: time(text, m[1]!, m[2]!) };
  m = /^cron (\S+) (\S+) (\S+) (\S+) (\S+)$/.exec(t);
  if (m) {
    const cron: CronFields = {
      minutes: field(text, m[1]!, 0, 59, 'minute') ?? new Set(Array.from({ length: 60 }, (_, i) => i)),
      hours: field(text, m[2]!, 0, 23, 'hour') ?? new Set(Array.from({ length: 24 }, (_, i) => i)),
      days: field(text, m[3]!, 1, 31, 'day'),
      months: field(text, m[4]!, 1, 12, 'month') ?? new Set(Array.from({ length: 12 }, (_, i) => i + 1)),
      weekdays: field(text, m[5]!, 0, 7, 'weekday'),
    };
    return { kind: 'cron', cron, text: t.slice(5), onNonBusinessDay };
  }
  throw new InvalidWhen(text, 'it is none of the forms a schedule takes');
}
