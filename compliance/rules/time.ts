export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC): the average's buckets. */
export function epochDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The same wall-clock instant `months` calendar months later (or earlier), the day clamped to the month's end (31 Jan + 1 = 28/29 Feb). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return first.getTime();
}

/** Whole calendar months from `from` to `to`. */
export function monthsBetween(from: number, to: number): number {
  let n = 0;
  while (addMonths(from, n + 1) <= to) n++;
  return n;
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
