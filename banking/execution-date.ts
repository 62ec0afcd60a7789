import { BusinessCalendar, type HolidayInput } from './calendar.js';
import { ExecutionDateRejected, InvalidDate, type ExecutionDateProblem } from './errors.js';
import { addDays, parseLocalDate, zonedParts, type LocalDate } from './local-date.js';

export type OnInvalidExecutionDate = 'roll-forward' | 'reject';

export interface ExecutionDatePolicy {
  /** The instant to judge against (pass the clock in; tests pass a fixed instant). */
  now: Date;
  /** IANA time zone of the bank's business day and cut-off, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** Latest wall-clock time (`HH:MM`, in `timeZone`) at which today is still accepted; at the cut-off it is too late. */
  cutOff: string;
  onInvalid: OnInvalidExecutionDate;
  holidays?: readonly HolidayInput[];
  /** The item field, for the error (default `requestedExecutionDate`). */
  field?: string;
}

export interface ExecutionDateReason {
  readonly problem: ExecutionDateProblem;
  /** For people: `2025-04-18 is a holiday (Good Friday)`. */
  readonly message: string;
  /** The holiday's name, for `holiday`. */
  readonly holiday?: string;
}

export interface ResolvedExecutionDate {
  readonly date: LocalDate;
  /** True when `date` is not the requested date. */
  readonly rolled: boolean;
  /** Why the requested date was not kept (only when rolled). */
  readonly reason?: ExecutionDateReason;
}

const HH_MM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** The bank's day and wall-clock minutes at `at` in `timeZone`; an unknown zone → `InvalidDate` (field `timeZone`). */
export function bankNow(timeZone: string, at: Date): { date: LocalDate; minutes: number } {
  try {
    return zonedParts(timeZone, at);
  } catch {
    throw new InvalidDate(`"${timeZone}" is not an IANA time zone`, 'timeZone', { timeZone });
  }
}

/** `HH:MM` → minutes after midnight; throws `InvalidDate` (field `cutOff`). */
export function parseCutOff(cutOff: string): number {
  const m = HH_MM.exec(cutOff);
  if (!m) throw new InvalidDate(`cut-off "${String(cutOff).slice(0, 10)}" is not a time of the form HH:MM`, 'cutOff', { cutOff });
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Checks a requested execution date: not in the past (relative to today in `timeZone`), a business day
 * (TARGET2 + configured holidays, no weekend), and, if it is today, before the cut-off. Otherwise, with
 * `roll-forward`, the first valid business day after it (`rolled: true` with the reason); with `reject`,
 * `ExecutionDateRejected` naming the reason and the earliest valid date.
 */
export function resolveExecutionDate(requested: string, policy: ExecutionDatePolicy): ResolvedExecutionDate {
  const field = policy.field ?? 'requestedExecutionDate';
  const date = parseLocalDate(requested, field);
  const cutOff = parseCutOff(policy.cutOff);
  const calendar = new BusinessCalendar({ holidays: policy.holidays ?? [] });
  const now = bankNow(policy.timeZone, policy.now);
  const today = now.date;
  const todayClosed = now.minutes >= cutOff;

  /** The problem with `d`, or null when it can be executed. */
  const problemOf = (d: LocalDate): ExecutionDateReason | null => {
    if (d < today) return { problem: 'past', message: `${d} is in the past (today is ${today} in ${policy.timeZone})` };
    const closure = calendar.closureOf(d);
    if (closure?.kind === 'weekend') return { problem: 'weekend', message: `${d} is a ${closure.name}` };
    if (closure?.kind === 'holiday') return { problem: 'holiday', message: `${d} is a holiday (${closure.name})`, holiday: closure.name };
    if (d === today && todayClosed) {
      return { problem: 'after-cut-off', message: `${d} is today and the cut-off ${policy.cutOff} (${policy.timeZone}) has passed` };
    }
    return null;
  };

  const reason = problemOf(date);
  if (reason === null) return { date, rolled: false };

  let candidate = date < today ? today : date;
  if (candidate === today && todayClosed) candidate = addDays(today, 1);
  const earliest = calendar.businessDayOnOrAfter(candidate);

  if (policy.onInvalid === 'reject') {
    throw new ExecutionDateRejected(`execution date rejected: ${reason.message}`, field, reason.problem, earliest, {
      requested: date,
      ...(reason.holiday ? { holiday: reason.holiday } : {}),
    });
  }
  return { date: earliest, rolled: true, reason };
}
