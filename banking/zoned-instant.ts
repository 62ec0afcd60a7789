/**
 * A wall-clock time on a local date in a time zone, as an instant, the same way across daylight-saving
 * changes: a time the clock skips (02:30 when it jumps from 02:00 to 03:00) is moved on by the jump
 * (03:30); a time the clock shows twice (02:30 when it falls back from 03:00 to 02:00) is its first
 * occurrence. So a schedule at such a time runs once that night: never twice, never skipped.
 */

function offsetMs(timeZone: string, at: number): number {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(at / 1000) * 1000;
}

/** `date` (YYYY-MM-DD) at `minutes` after midnight, wall clock in `timeZone`, as epoch ms. */
export function instantOf(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  // The zone's offsets a day either side: the same unless a change falls in between.
  const before = offsetMs(timeZone, wall - 86_400_000);
  const after = offsetMs(timeZone, wall + 86_400_000);
  const shows = (at: number) => at + offsetMs(timeZone, at) === wall;
  const early = wall - Math.max(before, after);
  const late = wall - Math.min(before, after);
  if (shows(early)) return early; // the first of two, when the clock shows it twice
  if (shows(late)) return late;
  return wall - before; // skipped by the clock: moved on by the jump
}
