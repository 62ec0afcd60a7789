/** Wall-clock times in a time zone (the bank's, `banking.timeZone`), for "run at" and for showing times. */

function parts(timeZone: string, at: number): Record<string, number> {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const out: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(at))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetMs(timeZone: string, at: number): number {
  const p = parts(timeZone, at);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(at / 1000) * 1000;
}

/** `2026-11-23T14:05` (an `<input type="datetime-local">`) in `timeZone`, as epoch ms; undefined when it is no such time. */
export function zonedToEpoch(local: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return undefined;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (Number.isNaN(wall)) return undefined;
  // Twice: the offset at the first guess may differ from the offset at the answer across a DST change.
  let at = wall - offsetMs(timeZone, wall);
  at = wall - offsetMs(timeZone, at);
  return at;
}

/** `2026-11-23 14:05:09` in `timeZone`. */
export function formatZoned(at: number, timeZone: string): string {
  const p = parts(timeZone, at);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}
