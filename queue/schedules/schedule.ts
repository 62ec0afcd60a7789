/**
 * The schedules of the configuration, resolved: each "when" read, its calendar built (TARGET2, its
 * countries' holidays, the bank's and its own dates), its time zone the bank's unless it says. A
 * schedule that cannot be read stops the process at start with its name and what is wrong.
 */
import { BankCalendar } from '../../banking/index.js';
import type { Config } from '../../config/schema.js';
import type { ScheduleConfig } from '../../config/schedules.js';
import type { ScheduleClock } from './next-run.js';
import { InvalidWhen, parseWhen } from './when.js';

export interface Schedule {
  name: string;
  run: string;
  params: Record<string, unknown>;
  clock: ScheduleClock;
  graceMs: number;
  catchUp: ScheduleConfig['catchUp'];
  /** As configured, for people. */
  whenText: string;
  /** A plan's start (config.plans): the night of that plan, not a run. */
  plan?: string;
}

/** The configured schedules, and each plan's start as a schedule of the plan's name. */
export function resolveSchedules(config: Config): Schedule[] {
  const plans = config.plans.map(({ name, when, timeZone, calendar, onNonBusinessDay, graceMinutes, catchUp }) => ({ name, run: '', params: {}, when, timeZone, calendar, onNonBusinessDay, graceMinutes, catchUp, plan: name }));
  return [...config.schedules, ...plans].map((s: ScheduleConfig & { plan?: string }) => {
    const timeZone = s.timeZone ?? config.banking.timeZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new InvalidWhen(s.when, `schedule ${s.name}: "${timeZone}" is no IANA time zone`);
    }
    const calendar = new BankCalendar({ countries: s.calendar.countries, holidays: [...config.banking.holidays, ...s.calendar.holidays] });
    let when;
    try {
      when = parseWhen(s.when, s.onNonBusinessDay);
    } catch (err) {
      if (err instanceof InvalidWhen) throw new InvalidWhen(s.when, `schedule ${s.name}: ${err.reason}`);
      throw err;
    }
    return { name: s.name, run: s.run, params: s.params, clock: { when, calendar, timeZone }, graceMs: s.graceMinutes * 60_000, catchUp: s.catchUp, whenText: s.when, ...(s.plan ? { plan: s.plan } : {}) };
  });
}
