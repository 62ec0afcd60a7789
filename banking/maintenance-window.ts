/**
 * A legacy system's maintenance windows, on its own clock: "02:00-02:30" every day, "Sun 01:00-05:00"
 * on Sundays, "Mon-Fri 23:30-00:15" across midnight, "2027-01-16 20:00-23:59" once. Items for a
 * target in maintenance wait for the window's end (without using an attempt), and a night's forecast
 * adds the time its windows take.
 */
import { RpaError } from './rule-error.js';
import { addDays, dayOfWeek, zonedParts, type LocalDate } from './local-date.js';
import { instantOf } from './zoned-instant.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export class InvalidMaintenanceWindow extends RpaError {
  readonly whatNext = 'Write a window as "HH:MM-HH:MM" (every day), "Sun 01:00-05:00", "Mon-Fri 23:30-00:15" or "2027-01-16 20:00-23:59", in the bank\'s time zone.';
  constructor(readonly text: string, why: string) {
    super(`maintenance window "${text}": ${why}`);
  }
}

interface Window {
  /** Days of the week it opens on (0 = Sunday), or one date. */
  days: Set<number> | LocalDate;
  from: number;
  /** Minutes after midnight; not after `from` when it runs past midnight. */
  to: number;
}

function minutesOf(text: string, hhmm: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && m[2] !== '00')) throw new InvalidMaintenanceWindow(text, `"${hhmm}" is not a time HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function daysOf(text: string, spec: string): Set<number> | LocalDate {
  if (/^\d{4}-\d\d-\d\d$/.test(spec)) return spec as LocalDate;
  const days = new Set<number>();
  for (const part of spec.toLowerCase().split(',')) {
    const [a, b] = part.split('-').map((d) => DAYS.indexOf(d.trim().slice(0, 3)));
    if (a === undefined || a < 0 || (b !== undefined && b < 0)) throw new InvalidMaintenanceWindow(text, `"${part}" is not a day of the week (Mon…Sun) or a range of them`);
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === (b ?? a)) break;
    }
  }
  return days;
}

export function parseMaintenanceWindow(text: string): Window {
  const m = /^\s*(?:(\S+)\s+)?(\d\d:\d\d)\s*-\s*(\d\d:\d\d)\s*$/.exec(text);
  if (!m) throw new InvalidMaintenanceWindow(text, 'not "[days] HH:MM-HH:MM"');
  const from = minutesOf(text, m[2]!);
  const to = minutesOf(text, m[3]!);
  if (from === to) throw new InvalidMaintenanceWindow(text, 'it starts when it ends');
  return { days: m[1] ? daysOf(text, m[1]) : new Set([0, 1, 2, 3, 4, 5, 6]), from, to };
}

export class MaintenanceWindows {
  private readonly windows: Window[];

  constructor(
    specs: readonly string[],
    readonly timeZone: string,
  ) {
    this.windows = specs.map(parseMaintenanceWindow);
  }

  get empty(): boolean {
    return this.windows.length === 0;
  }

  /** The windows as instants that overlap [fromMs, toMs), merged where they touch. */
  spans(fromMs: number, toMs: number): { start: number; end: number }[] {
    if (this.empty || toMs <= fromMs) return [];
    const spans: { start: number; end: number }[] = [];
    // From the day before (a window across midnight) to the last day.
    let day = addDays(zonedParts(this.timeZone, new Date(fromMs)).date, -1);
    const last = zonedParts(this.timeZone, new Date(toMs)).date;
    for (; day <= last; day = addDays(day, 1)) {
      for (const w of this.windows) {
        if (typeof w.days === 'string' ? w.days !== day : !w.days.has(dayOfWeek(day))) continue;
        const start = instantOf(day, w.from, this.timeZone);
        const end = w.to > w.from ? instantOf(day, w.to, this.timeZone) : instantOf(addDays(day, 1), w.to, this.timeZone);
        if (end > fromMs && start < toMs) spans.push({ start, end });
      }
    }
    spans.sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const s of spans) {
      const prev = merged.at(-1);
      if (prev && s.start <= prev.end) prev.end = Math.max(prev.end, s.end);
      else merged.push({ ...s });
    }
    return merged;
  }

  /** When the window `atMs` falls in ends (windows that follow on without a gap taken together); undefined outside any. */
  endOf(atMs: number): number | undefined {
    let end: number | undefined;
    for (let probe = atMs; ; ) {
      const span = this.spans(probe, probe + 1)[0];
      if (!span || span.start > probe) return end;
      end = span.end;
      probe = span.end;
    }
  }

  /** How long the windows take of [fromMs, toMs), in ms. */
  downtime(fromMs: number, toMs: number): number {
    return this.spans(fromMs, toMs).reduce((sum, s) => sum + Math.min(s.end, toMs) - Math.max(s.start, fromMs), 0);
  }

  /** When `workMs` of work started at `fromMs` ends, the windows' time not counted as work. */
  finishOf(fromMs: number, workMs: number): number {
    let at = fromMs;
    let left = workMs;
    for (const s of this.spans(fromMs, fromMs + workMs + 14 * 86_400_000)) {
      if (s.start > at) {
        const free = s.start - at;
        if (free >= left) return at + left;
        left -= free;
      }
      at = Math.max(at, s.end);
    }
    return at + left;
  }
}
