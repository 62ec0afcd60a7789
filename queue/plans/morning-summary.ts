/**
 * The morning summary of a night, for a head of operations: what ran and when, items and their money
 * by outcome per kind of work (payments, statements, breaks, returns…), each run's own totals, the exceptions
 * waiting by age against their SLA, the schedules that missed a start, and what is still running.
 * Built once at the night's end, kept, sent through the alert sinks and shown on the board.
 */
import { wallClock } from '../../banking/index.js';
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import { resolveSchedules } from '../schedules/schedule.js';
import { ScheduleBook } from '../schedules/schedule-book.js';
import type { Plan } from './plan.js';
import type { NightState, StepState } from './plan-book.js';
import { MoneyByOutcome, moneyText, outcomeOf, type BotMoney } from './money-by-outcome.js';

export interface OutcomeCounts {
  done: number;
  exception: number;
  rejected: number;
  cancelled: number;
  /** No outcome yet (queued, waiting for the target, retrying). */
  open: number;
}

export interface MorningSummary {
  plan: string;
  night: string;
  day: string;
  startedAt: string;
  endedAt?: string;
  deadlineAt: string;
  onTime: boolean;
  steps: { name: string; run: string; state: StepState; runId?: string; startedAt?: string; endedAt?: string; reason?: string; counts: OutcomeCounts; result?: Record<string, unknown> }[];
  /** Items by kind of work (the bot) across the night's runs, with their money by outcome where the bot has amounts. */
  byWork: ({ bot: string } & OutcomeCounts & BotMoney)[];
  totals: OutcomeCounts;
  exceptionsWaiting: { total: number; underHalfSla: number; withinSla: number; overSla: number; slaHours: number; /** Of them, this night's steps that did not run. */ steps?: number };
  missedStarts: { schedule: string; plannedAt: string }[];
  stillRunning: { runId: string; label?: string; bot?: string; left: number }[];
  generatedAt: string;
}

const zero = (): OutcomeCounts => ({ done: 0, exception: 0, rejected: 0, cancelled: 0, open: 0 });
const add = (to: OutcomeCounts, status: string) => to[outcomeOf(status)]++;

/** The parent's result, the figures only (counts and totals), for the summary. */
function figures(result: unknown): Record<string, unknown> | undefined {
  if (typeof result === 'string') return { summary: result };
  if (!result || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  const picked = Object.fromEntries(['day', 'counts', 'totals', 'summary'].filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  return Object.keys(picked).length ? picked : undefined;
}

export async function buildMorningSummary(rt: Runtime, plan: Plan, state: NightState, now = Date.now()): Promise<MorningSummary> {
  const { night, steps } = state;
  const byWork = new Map<string, OutcomeCounts>();
  const totals = zero();
  const out: MorningSummary['steps'] = [];
  const money = new MoneyByOutcome(rt);
  for (const step of plan.steps) {
    const r = steps[step.name] ?? { state: 'waiting' as const };
    const counts = zero();
    let result: Record<string, unknown> | undefined;
    if (r.runId) {
      const items = await rt.runIndex.listByRun(r.runId);
      await money.add(items.filter((i) => i.itemId !== r.runId));
      for (const item of items) {
        if (item.itemId === r.runId) {
          result = figures((await rt.queue(item.bot).getJob(item.itemId))?.returnvalue);
          continue;
        }
        add(counts, item.status);
        add(totals, item.status);
        const w = byWork.get(item.bot) ?? zero();
        add(w, item.status);
        byWork.set(item.bot, w);
      }
    }
    out.push({
      name: step.name,
      run: step.run,
      state: r.state,
      ...(r.runId ? { runId: r.runId } : {}),
      ...(r.startedAt ? { startedAt: new Date(r.startedAt).toISOString() } : {}),
      ...(r.endedAt ? { endedAt: new Date(r.endedAt).toISOString() } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      counts,
      ...(result ? { result } : {}),
    });
  }
  const slaHours = rt.config.board.slaHours;
  const slaMs = slaHours * 3_600_000;
  const count = async (f: { newerThanMs?: number; olderThanMs?: number; runId?: string }) => (await rt.exceptions.page({ ...f, limit: 1 }, now)).total;
  const [total, underHalfSla, overSla, stepsNotRun] = await Promise.all([count({}), count({ newerThanMs: slaMs / 2 }), count({ olderThanMs: slaMs }), count({ runId: night.id })]);
  const book = new ScheduleBook(rt.redis, ownKeys(rt.prefix));
  const missedStarts: MorningSummary['missedStarts'] = [];
  const from = night.startedAt - 24 * 3_600_000;
  for (const s of resolveSchedules(rt.config)) {
    for (const m of await book.missedStarts(s.name)) if (m.plannedAt >= from) missedStarts.push({ schedule: s.name, plannedAt: new Date(m.plannedAt).toISOString() });
  }
  const active = (await rt.runIndex.pageRuns({ active: true, limit: 50 })).rows.map((r) => r.runId);
  const [metas, counts] = await Promise.all([rt.runIndex.runMetas(active), rt.runIndex.runCountsMany(active)]);
  // Runs with items still without an outcome (a run whose items all ended is not "running", whatever its parent does).
  const stillRunning = active
    .map((runId, i) => {
      const c = counts[i]!;
      const left = c.total - (c.done ?? 0) - (c.exception ?? 0) - (c.rejected ?? 0) - (c.cancelled ?? 0);
      return { runId, ...(metas[i]?.label ? { label: metas[i]!.label } : {}), ...(metas[i]?.bot ? { bot: metas[i]!.bot } : {}), left };
    })
    .filter((r) => r.left > 0);
  return {
    plan: plan.name,
    night: night.id,
    day: night.day,
    startedAt: new Date(night.startedAt).toISOString(),
    ...(night.endedAt ? { endedAt: new Date(night.endedAt).toISOString() } : {}),
    deadlineAt: new Date(night.deadlineAt).toISOString(),
    onTime: (night.endedAt ?? now) <= night.deadlineAt,
    steps: out,
    byWork: [...byWork.entries()].map(([bot, c]) => ({ bot, ...c, ...money.of(bot) })).sort((a, b) => a.bot.localeCompare(b.bot)),
    totals,
    exceptionsWaiting: { total, underHalfSla, withinSla: total - overSla, overSla, slaHours, steps: stepsNotRun },
    missedStarts,
    stillRunning,
    generatedAt: new Date(now).toISOString(),
  };
}

/** "2 of them are steps of this night that did not run". */
export const stepsNotRunText = (n: number) => `${n} of them ${n === 1 ? 'is a step' : 'are steps'} of this night that did not run`;

/** A step's money totals, from its run's own report ("EUR 42168.20 in 40"), where it gives them. */
export function stepTotals(result: Record<string, unknown> | undefined): string[] {
  const totals = result?.totals;
  if (!Array.isArray(totals)) return [];
  return totals.flatMap((t: unknown) => {
    const x = t as { currency?: unknown; amount?: unknown; count?: unknown };
    return typeof x.currency === 'string' && typeof x.amount === 'string' ? [`${x.currency} ${x.amount}${typeof x.count === 'number' ? ` in ${x.count}` : ''}`] : [];
  });
}

const hhmm = (iso: string | undefined, timeZone: string) => (iso ? wallClock(Date.parse(iso), timeZone) : '--:--');
const countsText = (c: OutcomeCounts) => [`${c.done} done`, c.exception && `${c.exception} exceptions`, c.rejected && `${c.rejected} rejected`, c.cancelled && `${c.cancelled} cancelled`, c.open && `${c.open} not finished`].filter(Boolean).join(', ');

/** The summary as plain text (the e-mail's body; the webhook carries it and the figures). */
export function morningSummaryText(s: MorningSummary, timeZone: string): string {
  const lines = [
    `Night ${s.plan} of ${s.day}: ${s.endedAt ? `ended ${hhmm(s.endedAt, timeZone)}` : 'STILL RUNNING'}, deadline ${hhmm(s.deadlineAt, timeZone)}: ${s.onTime ? 'on time' : 'LATE'}.`,
    `Items: ${countsText(s.totals)}.`,
    `Exceptions waiting in the inbox: ${s.exceptionsWaiting.total} (${s.exceptionsWaiting.underHalfSla} under ${s.exceptionsWaiting.slaHours / 2} h, ${s.exceptionsWaiting.overSla} over the ${s.exceptionsWaiting.slaHours} h SLA)${s.exceptionsWaiting.steps ? `; ${stepsNotRunText(s.exceptionsWaiting.steps)}` : ''}.`,
    s.missedStarts.length ? `Missed starts: ${s.missedStarts.map((m) => `${m.schedule} at ${hhmm(m.plannedAt, timeZone)}`).join(', ')}.` : 'No schedule missed a start.',
    s.stillRunning.length ? `Still running: ${s.stillRunning.map((r) => `${r.label ?? r.bot ?? r.runId} (${r.left} left)`).join(', ')}.` : 'Nothing is still running.',
    '',
    'Steps:',
    ...s.steps.map((st) => {
      const money = stepTotals(st.result);
      return `- ${st.name} (${st.run}): ${st.state}, ${hhmm(st.startedAt, timeZone)}–${hhmm(st.endedAt, timeZone)}; ${countsText(st.counts)}${money.length ? `; ${money.join(', ')}` : ''}${st.reason ? `. ${st.reason}` : ''}`;
    }),
    '',
    'By kind of work:',
    ...s.byWork.map((w) => {
      const m = moneyText(w);
      return `- ${w.bot}: ${countsText(w)}${m ? `; ${m}` : ''}`;
    }),
  ];
  return lines.join('\n');
}
