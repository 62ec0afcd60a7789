/**
 * The statements of a day as a run a schedule starts ("every business day at 01:00: yesterday's
 * statements"): one statement-fetch item per account for the business day before the start (or the
 * start's own day), and a parent that counts what came in. It takes no file.
 */
import { z } from 'zod';
import { addDays, BankCalendar, BusinessRuleError, parseLocalDate } from '../../banking/index.js';
import { defineBot, defineRun, runOutcomeCounts, takesNoFile } from '../kit/index.js';

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
    const parsed = params.safeParse(raw);
    if (!parsed.success) throw new BusinessRuleError(`schedule ${start.schedule}: its parameters for statements-of-day are wrong: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { field: 'params' });
    const p = parsed.data;
    const calendar = new BankCalendar({ holidays: config.banking.holidays });
    const day: string = p.day === 'previous-business-day' ? calendar.businessDayFrom(addDays(parseLocalDate(start.day, 'day'), -1), -1) : start.day;
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
