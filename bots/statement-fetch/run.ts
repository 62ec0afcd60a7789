/**
 * The statements of a day as a run a schedule starts ("every business day at 01:00: yesterday's
 * statements"): one statement-fetch item per account for the business day before the start (or the
 * start's own day), and a parent that counts what came in. It takes no file.
 */
import { z } from 'zod';
import { dayOfStart, defineBot, defineRun, runOutcomeCounts, scheduleParams, takesNoFile } from '../kit/index.js';

const params = z.object({
  /** The accounts, as the bank's statements screen takes them. */
  accounts: z.array(z.string().regex(/^[A-Z0-9]{6,34}$/)).min(1),
  format: z.enum(['camt053', 'mt940', 'pdf', 'history']).optional(),
  /** Whose statements: the business day before the start (default), or the start's own day. */
  day: z.enum(['previous-business-day', 'same-day']).default('previous-business-day'),
});

export const statementsOfDayRun = defineRun({
  name: 'statements-of-day',
  title: "The day's statements (scheduled)",
  ...takesNoFile('statements-of-day'),
  fromSchedule: async (raw, start, config) => {
    const p = scheduleParams('statements-of-day', params, raw, start);
    const day = dayOfStart(start, p.day, config);
    return {
      runId: `stmts-${start.schedule}-${start.at}`,
      parent: { bot: 'statements-of-day', input: { schedule: start.schedule, day, accounts: p.accounts.length } },
      children: p.accounts.map((account) => ({ bot: 'statement-fetch', input: { account, date: day, ...(p.format ? { format: p.format } : {}) } })),
    };
  },
});

export const statementsOfDay = defineBot({
  name: 'statements-of-day',
  input: z.object({ schedule: z.string(), day: z.string(), accounts: z.number().int() }),
  key: (i) => `${i.schedule}@${i.day}`,
  run: async (input, ctx) => {
    const items = await ctx.runItems();
    const counts = runOutcomeCounts(items);
    const done = items.filter((i) => i.status === 'done').length;
    return `${input.day}: ${done} of ${input.accounts} statements in${counts.exceptions ? `, ${counts.exceptions} waiting as exceptions` : ''}`;
  },
});
