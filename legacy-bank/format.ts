/**
 * Formatting of money and dates the way the legacy screens show them.
 * Money is always an integer count of minor units (cents); formatting is string work only.
 */

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`amount must be an integer number of minor units: ${cents}`);
}

function splitCents(cents: number): { sign: string; units: string; minor: string } {
  assertCents(cents);
  const abs = String(Math.abs(cents)).padStart(3, '0');
  return { sign: cents < 0 ? '-' : '', units: abs.slice(0, -2), minor: abs.slice(-2) };
}

/** Screen format: 123456 → "1.234,56"; -123456 → "-1.234,56"; 5 → "0,05". */
export function formatAmount(cents: number): string {
  const { sign, units, minor } = splitCents(cents);
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped},${minor}`;
}

/** Canonical decimal string (inspection API): 123456 → "1234.56"; -5 → "-0.05". */
export function toDecimalString(cents: number): string {
  const { sign, units, minor } = splitCents(cents);
  return `${sign}${units}.${minor}`;
}

/** The reverse, for amounts the simulator keeps as decimal text (collections): "1234.5" → 123450. */
export function centsOfDecimal(text: string): number {
  const [units = '0', minor = ''] = text.split('.');
  return Number(units) * 100 + Number(minor.padEnd(2, '0').slice(0, 2));
}

/** A calendar date held as "YYYY-MM-DD". */
export type IsoDate = string;

/** "2024-03-05" → "05/03/2024". */
export function formatDate(iso: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** Day number (days since 1970-01-01, UTC calendar) of an ISO date. */
export function dayNumber(iso: IsoDate): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

/** ISO date of a day number. */
export function isoFromDay(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The local calendar date of an instant, as ISO. */
export function localIsoDate(d: Date): IsoDate {
  const y = String(d.getFullYear()).padStart(4, '0');
  const mo = String(d.getMonth() + 1).padStart(2, '0');
  const da = String(d.getDate()).padStart(2, '0');
  return `${y}-${mo}-${da}`;
}

/** "dd/mm/yyyy hh:mm" in local time, for screen headers. */
export function formatDateTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
