/**
 * Dates: Excel serial numbers (1900 and 1904 systems), Date cells and text in a declared format.
 * Output is always an ISO calendar date `YYYY-MM-DD`; nothing here uses the local time zone.
 */
import { thirtyDayFebruary } from '../../banking/index.js';

export type DateResult = { ok: true; value: string } | { ok: false; reason: string };

const MS_PER_DAY = 86_400_000;
/** Excel's last date, 9999-12-31, as a 1900-system serial. */
const MAX_SERIAL_1900 = 2_958_465;

function isoFromUtcDays(daysSinceEpoch: number): string {
  const d = new Date(daysSinceEpoch * MS_PER_DAY);
  return d.toISOString().slice(0, 10);
}

/** Days from 1970-01-01 to 1899-12-31 (Excel 1900 serial 0 is "1900-01-00") and 1904-01-01. */
const EPOCH_1899_12_31 = Date.UTC(1899, 11, 31) / MS_PER_DAY;
const EPOCH_1904_01_01 = Date.UTC(1904, 0, 1) / MS_PER_DAY;

/**
 * Excel serial to ISO date. The time of day (fractional part) is dropped.
 *
 * 1900 system: serial 1 is 1900-01-01. Excel (after Lotus 1-2-3) counts a 29 February 1900 that never
 * existed as serial 60, so serials 1..59 are one day earlier than a plain count from 1899-12-30 would
 * give, serial 60 is rejected, and from serial 61 (1900-03-01) on the count from 1899-12-30 is right.
 * 1904 system (old Mac workbooks): serial 0 is 1904-01-01.
 */
export function excelSerialToIso(serial: number, date1904: boolean): DateResult {
  if (!Number.isFinite(serial)) return { ok: false, reason: `${serial} is not a date serial number` };
  const day = Math.floor(serial);
  if (date1904) {
    if (day < 0 || day > MAX_SERIAL_1900 - 1462) return { ok: false, reason: `${serial} is outside Excel's date range (1904 date system)` };
    return { ok: true, value: isoFromUtcDays(EPOCH_1904_01_01 + day) };
  }
  if (day < 1 || day > MAX_SERIAL_1900) return { ok: false, reason: `${serial} is outside Excel's date range (1900 date system)` };
  if (day === 60) {
    return { ok: false, reason: 'serial 60 is 29 February 1900, a day that never existed (Excel 1900 leap-year bug)' };
  }
  const offset = day < 60 ? day : day - 1;
  return { ok: true, value: isoFromUtcDays(EPOCH_1899_12_31 + offset) };
}

/**
 * A Date cell as exceljs gives it (the serial converted as UTC midnight + time, counting from
 * 1899-12-30 or 1904-01-01). Convert back to the serial and through {@link excelSerialToIso}, so the
 * result is exactly what Excel displays (including the pre-March-1900 quirk) and never shifted by
 * the local time zone.
 */
export function dateCellToIso(date: Date, date1904: boolean): DateResult {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return { ok: false, reason: 'the cell holds an invalid date' };
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  // Round to the millisecond grid first, then floor to the day: the time of day is dropped.
  const serial = Math.floor((ms - epoch) / MS_PER_DAY);
  return excelSerialToIso(serial, date1904);
}

/** A compiled declared text format such as `dd.MM.yyyy`. */
export interface DateFormat {
  source: string;
  regex: RegExp;
  order: ('d' | 'M' | 'y')[];
}

const TOKEN = /yyyy|MM|M|dd|d/g;

/**
 * Compile a declared format. Tokens: `yyyy` (4 digits), `MM`/`dd` (exactly 2 digits), `M`/`d`
 * (1 or 2 digits). Anything else is a literal separator. Returns undefined when the format does not
 * contain exactly one day, month and year token.
 */
export function compileDateFormat(format: string): DateFormat | undefined {
  const order: ('d' | 'M' | 'y')[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    const index = m.index ?? 0;
    pattern += escapeRegex(format.slice(last, index));
    const tok = m[0];
    if (tok === 'yyyy') pattern += '(\\d{4})';
    else if (tok === 'MM' || tok === 'dd') pattern += '(\\d{2})';
    else pattern += '(\\d{1,2})';
    order.push(tok[0] as 'd' | 'M' | 'y');
    last = index + tok.length;
  }
  const tail = format.slice(last);
  if (/[a-zA-Z]/.test(tail) || /[a-zA-Z]/.test(format.replace(TOKEN, ''))) return undefined;
  pattern += escapeRegex(tail) + '$';
  const sorted = [...order].sort().join('');
  if (sorted !== 'Mdy') return undefined;
  return { source: format, regex: new RegExp(pattern), order };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parse text in the declared format. Never guesses another format; checks the calendar. With
 * `thirtyDayFebruary` (bank statements: German banks' 30-day booking months write 30 February), a
 * 29 or 30 February that does not exist is the last day of that February.
 */
export function parseDateText(text: string, format: DateFormat, options: { thirtyDayFebruary?: boolean } = {}): DateResult {
  const t = text.trim();
  const m = format.regex.exec(t);
  if (!m) return { ok: false, reason: `"${t}" does not match the declared date format ${format.source}` };
  let day = 0;
  let month = 0;
  let year = 0;
  format.order.forEach((part, i) => {
    const n = Number(m[i + 1]);
    if (part === 'd') day = n;
    else if (part === 'M') month = n;
    else year = n;
  });
  if (options.thirtyDayFebruary) day = thirtyDayFebruary(year, month, day) ?? day;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `"${t}" is not a calendar date (format ${format.source})` };
  }
  return { ok: true, value: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
