/**
 * What operators do with schedules, from the board or the command line, with the same roles (operator,
 * or admin) and an audit entry each: see them (anyone signed in), pause one, resume it, start one now.
 */
import { hasRole, NotAllowed, type Actor } from '../actor.js';
import { RpaError } from '../../banking/index.js';
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import { nextRun } from './next-run.js';
import { resolveSchedules, type Schedule } from './schedule.js';
import { ScheduleBook, type RecordedStart } from './schedule-book.js';
import { startScheduledRun } from './start-run.js';

export class UnknownSchedule extends RpaError {
  readonly whatNext: string;
  constructor(name: string, known: string[]) {
    super(`no schedule named "${name}"`);
    this.whatNext = known.length ? `Name one of: ${known.join(', ')} (rpa schedules list).` : 'The configuration has no schedules or plans.';
  }
}

export interface ScheduleStatus {
  name: string;
  /** What it starts: a run kind, or a plan's night. */
  kind: 'run' | 'plan';
  starts: string;
  when: string;
  timeZone: string;
  nextStart?: number;
  lastStart?: RecordedStart;
  paused?: { by: string; at: number };
  missed: number;
}

export const OPERATE_ROLE = 'operator';

function allowed(actor: Actor, what: string): void {
  if (!hasRole(actor, OPERATE_ROLE)) throw new NotAllowed(`${actor.username} (roles: ${actor.roles.join(', ') || 'none'}) may not ${what}: it needs the role operator`, 'Ask an operator (or an admin) to do it.');
}

function scheduleOf(rt: Runtime, name: string): Schedule {
  const all = resolveSchedules(rt.config);
  const s = all.find((x) => x.name === name);
  if (!s) throw new UnknownSchedule(name, all.map((x) => x.name));
  return s;
}

export async function scheduleStatuses(rt: Runtime, now = Date.now()): Promise<ScheduleStatus[]> {
  const book = new ScheduleBook(rt.redis, ownKeys(rt.prefix));
  const paused = await book.paused();
  return Promise.all(
    resolveSchedules(rt.config).map(async (s) => {
      const [last] = await book.starts(s.name, 1);
      const missed = (await book.missedStarts(s.name)).length;
      const pause = paused.get(s.name);
      const next = nextRun(s.clock, now);
      return {
        name: s.name,
        kind: s.plan ? ('plan' as const) : ('run' as const),
        starts: s.plan ?? s.run,
        when: s.whenText,
        timeZone: s.clock.timeZone,
        ...(next !== undefined && !pause ? { nextStart: next } : {}),
        ...(last ? { lastStart: last } : {}),
        ...(pause ? { paused: pause } : {}),
        missed,
      };
    }),
  );
}

export async function pauseSchedule(rt: Runtime, name: string, actor: Actor): Promise<boolean> {
  allowed(actor, `pause schedule ${name}`);
  scheduleOf(rt, name);
  const changed = await new ScheduleBook(rt.redis, ownKeys(rt.prefix)).pause(name, actor.username);
  if (changed) await rt.audit.append({ actor: actor.username, action: 'schedule-paused', target: name });
  return changed;
}

export async function resumeSchedule(rt: Runtime, name: string, actor: Actor): Promise<boolean> {
  allowed(actor, `resume schedule ${name}`);
  scheduleOf(rt, name);
  const changed = await new ScheduleBook(rt.redis, ownKeys(rt.prefix)).resume(name);
  if (changed) await rt.audit.append({ actor: actor.username, action: 'schedule-resumed', target: name });
  return changed;
}

/** Starts a schedule now (paused or not), as a start of its own planned for this minute: twice in one minute is one start. */
export async function triggerSchedule(rt: Runtime, name: string, actor: Actor, now = Date.now()): Promise<{ runId: string; created: boolean; plannedAt: number }> {
  allowed(actor, `start schedule ${name}`);
  const s = scheduleOf(rt, name);
  const plannedAt = Math.floor(now / 60_000) * 60_000;
  const run = await startScheduledRun(rt, s, plannedAt, 'trigger');
  await rt.audit.append({ actor: actor.username, action: 'schedule-triggered', target: name, details: { plannedAt: new Date(plannedAt).toISOString(), runId: run.runId, created: run.created } });
  return { runId: run.runId, created: run.created, plannedAt };
}
