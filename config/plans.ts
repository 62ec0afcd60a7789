import { z } from 'zod';
import { startFields } from './schedules.js';

/**
 * `plans`: a night as a chain of runs (queue/plans/). A plan starts like a schedule (its own `when`,
 * calendar and catch-up); each step is a run kind with its parameters and the steps it waits for.
 * A step starts when those have ended; when one of them failed or left exceptions, the step is
 * stopped with the reason, unless it says it runs after any end. The plan has a deadline, against
 * which its finish is forecast while it runs, and it ends with the morning summary.
 */
const name = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');

const step = z.strictObject({
  name,
  /** The run it starts (a registered run's name; one that takes files names the file in params.file). */
  run: z.string().min(1),
  /** The run's parameters. `file` (with {day}, {previousBusinessDay}) names the file of a run that takes files. */
  params: z.record(z.string(), z.unknown()).default({}),
  /** The steps it waits for. */
  after: z.array(name).default([]),
  /** `success`: it starts only when those ended with every item done; `end`: when they ended however (exceptions, failures). */
  needs: z.enum(['success', 'end']).default('success'),
  /** For a step with a file: how long it waits for the file to come (the bank's answers by 04:00) before it fails; 0: it fails at once. */
  waitForFileMinutes: z.number().min(0).default(0),
  /** Minutes it is expected to take, for the forecast, until a night has measured it. */
  expectMinutes: z.number().positive().optional(),
});

const plan = z.strictObject({
  name,
  /** When it starts, as a schedule does ("every business day at 01:00"), its calendar, grace and catch-up. */
  ...startFields,
  /** Wall-clock time the night must be done by (the first such time after its start), in its time zone. */
  deadline: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  steps: z.array(step).min(1),
});

export const plansSchema = z
  .array(plan)
  .default([])
  .superRefine((list, ctx) => {
    const plans = new Set<string>();
    for (const [i, p] of list.entries()) {
      if (plans.has(p.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `plan "${p.name}" is named twice` });
      plans.add(p.name);
      const steps = new Map(p.steps.map((s) => [s.name, s]));
      if (steps.size !== p.steps.length) ctx.addIssue({ code: 'custom', path: [i, 'steps'], message: 'two steps have the same name' });
      for (const [j, s] of p.steps.entries()) {
        for (const [k, a] of s.after.entries()) if (!steps.has(a)) ctx.addIssue({ code: 'custom', path: [i, 'steps', j, 'after', k], message: `no step "${a}" in plan ${p.name}` });
      }
      // No step may wait for itself, however far round.
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (s: string, trail: string[]): void => {
        if (state.get(s) === 'done') return;
        if (state.get(s) === 'visiting') {
          ctx.addIssue({ code: 'custom', path: [i, 'steps'], message: `the steps wait for each other in a circle: ${[...trail, s].join(' → ')}` });
          return;
        }
        state.set(s, 'visiting');
        for (const a of steps.get(s)?.after ?? []) visit(a, [...trail, s]);
        state.set(s, 'done');
      };
      for (const s of p.steps) visit(s.name, []);
    }
  });

export type PlanConfig = z.infer<typeof plan>;
export type PlanStepConfig = z.infer<typeof step>;
