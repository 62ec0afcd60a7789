/**
 * dd-control as a run a schedule or a night's plan starts ("after the returns: the day's control"):
 * one dd-control item for the day (the start's own day, or the business day before), and a parent
 * that reports what the control found. It takes no file. The control may run for a day more than once
 * (by hand and by the plan): each posting's first reference is kept, so a second control of the same
 * postings finds what the first found, and no posting is "booked twice" by being read twice.
 */
import { z } from 'zod';
import { dayOfStart, defineBot, defineRun, runOutcomeCounts, scheduleParams, takesNoFile } from '../kit/index.js';
import type { DdControlResult } from './index.js';

const params = z.object({
  /** Whose postings: the start's own day (default: a night after the day's collections), or the business day before. */
  day: z.enum(['same-day', 'previous-business-day']).default('same-day'),
});

export const ddControlRun = defineRun({
  name: 'dd-control-of-day',
  title: "The day's direct-debit control (scheduled)",
  ...takesNoFile('dd-control-of-day'),
  fromSchedule: async (raw, start, config) => {
    const day = dayOfStart(start, scheduleParams('dd-control-of-day', params, raw, start).day, config);
    return {
      runId: `ddc-${start.schedule}-${start.at}`,
      parent: { bot: 'dd-control-of-day', input: { schedule: start.schedule, day } },
      // Its own business key per start: a day controlled by hand before is controlled again (the key `dd-control@day` alone would skip it).
      children: [{ bot: 'dd-control', input: { day }, businessKey: `dd-control@${day} (${start.schedule} ${start.at})` }],
    };
  },
});

/** The parent of a control run: the day's postings and their total, or that the control found something (its exception says what). */
export const ddControlOfDay = defineBot({
  name: 'dd-control-of-day',
  input: z.object({ schedule: z.string(), day: z.string() }),
  key: (i) => `${i.schedule}@${i.day}`,
  run: async (input, ctx) => {
    const items = await ctx.runItems();
    const checked = items.filter((i) => i.status === 'done').map((i) => i.result as DdControlResult);
    const postings = checked.reduce((n, r) => n + r.postings, 0);
    const counts = runOutcomeCounts(items);
    const findings = items.filter((i) => i.status === 'exception').map((i) => i.exception?.reason ?? 'findings: see the inbox');
    return {
      day: input.day,
      counts: { postings, findings: findings.length, exceptions: counts.exceptions },
      // A control that found something holds its postings in the exception, not here.
      totals: checked.map((r) => ({ currency: 'EUR', amount: r.total, count: r.postings })),
      ...(findings.length ? { findings } : {}),
    };
  },
});
