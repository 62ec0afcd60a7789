/**
 * What a run that a schedule or a night starts reads from its start: its parameters, checked against
 * the run's schema (refused naming each wrong field), and whose day it works on (the start's own, or
 * the business day before on the bank's calendar).
 */
import type { z } from 'zod';
import { addDays, BankCalendar, BusinessRuleError, parseLocalDate } from '../../banking/index.js';
import type { Config } from '../../config/schema.js';
import type { ScheduledStart } from './define-run.js';

/** Whose day a scheduled run works on. */
export type StartDay = 'same-day' | 'previous-business-day';

export function scheduleParams<S extends z.ZodType>(run: string, schema: S, raw: unknown, start: ScheduledStart): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new BusinessRuleError(`schedule ${start.schedule}: its parameters for ${run} are wrong: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { field: 'params' });
  }
  return parsed.data;
}

export function dayOfStart(start: ScheduledStart, which: StartDay, config: Config): string {
  if (which === 'same-day') return start.day;
  return new BankCalendar({ holidays: config.banking.holidays }).businessDayFrom(addDays(parseLocalDate(start.day, 'day'), -1), -1);
}
