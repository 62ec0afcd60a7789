import { z } from 'zod';

/**
 * `schedules`: runs started on a bank's business calendar (queue/schedules/). Each names a run kind and
 * its parameters, when it starts (in words or cron), in which time zone, on which calendar, and what to
 * do on a closed day; how late a start may be before it counts as missed, and whether a missed start
 * is caught up once.
 */
/** When something starts on the calendar: a schedule's, and a plan's (config/plans.ts). */
export const startFields = {
  /** "every business day at 01:00", "business day 3 of the month at 06:00", "last business day of the month at 18:00", "cron 0 1 * * 1-5". */
  when: z.string().min(1),
  /** IANA time zone of the times in `when`; default banking.timeZone. */
  timeZone: z.string().optional(),
  /** The calendar: TARGET2 always, plus these countries' public holidays (LU, DE-BY, US-NY), plus banking.holidays and these dates. */
  calendar: z.strictObject({ countries: z.array(z.string().regex(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/)).default([]), holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]) }).prefault({}),
  /** For cron: on a closed day skip the start, move it to the next or the previous business day, or run anyway. */
  onNonBusinessDay: z.enum(['skip', 'next', 'previous', 'run']).default('skip'),
  /** A start later than this (minutes) counts as missed and raises an alert. */
  graceMinutes: z.number().int().min(1).max(24 * 60).default(15),
  /** A missed start: run it once when noticed, or not at all. */
  catchUp: z.enum(['once', 'none']).default('once'),
};

const schedule = z.strictObject({
  /** Letters, digits and dashes: how the board and `rpa schedules` name it. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  /** The run it starts (a registered run's name). */
  run: z.string().min(1),
  /** The run's parameters (what a file would give it). */
  params: z.record(z.string(), z.unknown()).default({}),
  ...startFields,
});

export const schedulesSchema = z
  .array(schedule)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, s] of list.entries()) {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `schedule "${s.name}" is named twice` });
      seen.add(s.name);
    }
  });

export type ScheduleConfig = z.infer<typeof schedule>;
