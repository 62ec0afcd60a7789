/**
 * Field values shared by the readers: amounts to `Money` (never through a float), SWIFT dates,
 * ISO 20022 dates, with an error that names the file and the place.
 */
import { Money, thirtyDayFebruary } from '../../banking/index.js';
import { BankFileMalformed } from './errors.js';
import type { IsoDate } from '../statement/index.js';

export interface Where {
  file: string;
  /** `line 12` or an XML path. */
  where: string;
}

function bad(at: Where, reason: string, cause?: unknown): BankFileMalformed {
  return new BankFileMalformed({ file: at.file, problem: 'bad-value', reason, where: at.where, cause });
}

/** A decimal amount as text (`1234.56`, ISO 20022) in a currency; `negative` for a debit. */
export function moneyOf(amount: string, currency: string, negative: boolean, at: Where, what: string): Money {
  let m: Money;
  try {
    // A withdrawn currency (DEM, FRF) is read with its own minor units: archives hold such statements.
    m = Money.of(amount, currency, what, { historic: true });
  } catch (e) {
    throw bad(at, `${what} "${amount} ${currency}" is not a valid amount: ${(e as Error).message}`, e);
  }
  return negative ? m.negate() : m;
}

/** A SWIFT amount (`1234,56`, `500,`, `000000001000,00`, `500`): digits with at most one comma. */
export function swiftAmount(text: string, currency: string, negative: boolean, at: Where, what: string): Money {
  if (!/^\d+(,\d*)?$/.test(text)) throw bad(at, `${what} "${text}" is not a SWIFT amount (digits with a decimal comma)`);
  const [int, frac = ''] = text.split(',');
  const canonical = frac.replace(/0+$/, '') ? `${int}.${frac.replace(/0+$/, '')}` : int!;
  return moneyOf(canonical, currency, negative, at, what);
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > DAYS[m - 1]!) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Values a reader read otherwise than they were written, by what they are (`:61: value date` → `960230`): kept in the provenance. */
export type AsWritten = Record<string, string>;

/** SWIFT `YYMMDD`: years 80–99 are 19xx, 00–79 are 20xx. A 30 February is read as the last day of February (noted in `asWritten`). */
export function swiftDate(text: string, at: Where, what: string, asWritten?: AsWritten): IsoDate {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(text);
  if (m) {
    const yy = Number(m[1]);
    const y = yy >= 80 ? 1900 + yy : 2000 + yy;
    if (validDate(y, Number(m[2]), Number(m[3]))) return `${y}-${m[2]}-${m[3]}`;
    const last = thirtyDayFebruary(y, Number(m[2]), Number(m[3]));
    if (last !== undefined) {
      if (asWritten) asWritten[what] = text;
      return `${y}-02-${pad(last)}`;
    }
  }
  throw bad(at, `${what} "${text}" is not a date (YYMMDD)`);
}

/**
 * The year of an `MMDD` entry date next to its value date: the one of value year − 1, value year,
 * value year + 1 that puts it closest to the value date (an entry booked on 31 December for value
 * 2 January belongs to the year before).
 */
export function entryDateNear(mmdd: string, valueDate: IsoDate, at: Where, asWritten?: AsWritten, what = 'entry date'): IsoDate {
  const month = Number(mmdd.slice(0, 2));
  const written = Number(mmdd.slice(2, 4));
  const vy = Number(valueDate.slice(0, 4));
  const value = Date.UTC(vy, Number(valueDate.slice(5, 7)) - 1, Number(valueDate.slice(8, 10)));
  let best: { y: number; day: number; gap: number } | undefined;
  for (const y of [vy - 1, vy, vy + 1]) {
    const day = validDate(y, month, written) ? written : thirtyDayFebruary(y, month, written);
    if (day === undefined) continue;
    const gap = Math.abs(Date.UTC(y, month - 1, day) - value);
    if (!best || gap < best.gap) best = { y, day, gap };
  }
  if (!best) throw bad(at, `${what} "${mmdd}" is not a date (MMDD)`);
  if (best.day !== written && asWritten) asWritten[what] = mmdd;
  return `${best.y}-${pad(month)}-${pad(best.day)}`;
}

/** An ISO 20022 date or date-time: the calendar date as written (`2007-10-18T13:15:00+01:00` → `2007-10-18`); a 30 February as the last day of February (noted in `asWritten`). */
export function isoDate(text: string, at: Where, what: string, asWritten?: AsWritten): IsoDate {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:$|T|Z|[+-]\d\d:\d\d$)/.exec(text);
  if (m && validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return `${m[1]}-${m[2]}-${m[3]}`;
  const last = m ? thirtyDayFebruary(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (last !== undefined) {
    if (asWritten) asWritten[what] = text;
    return `${m![1]}-02-${pad(last)}`;
  }
  throw bad(at, `${what} "${text}" is not an ISO date`);
}
