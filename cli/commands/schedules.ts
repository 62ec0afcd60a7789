import { cliActor, UsageError } from './exceptions.js';
import { pauseSchedule, resumeSchedule, scheduleStatuses, triggerSchedule } from '../../queue/schedules/index.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';

const at = (ms: number | undefined, timeZone: string) => (ms === undefined ? '-' : `${new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms))} ${timeZone}`);

/**
 * `rpa schedules list|pause|resume|trigger <name> --by NAME [--role operator]`: the schedules (and the
 * plans' starts), as the board's Schedules page shows them; pausing, resuming and starting one now
 * need the role operator, as on the board, and are audited.
 */
export async function schedules(flags: CliFlags & { by?: string; role?: string; json?: boolean }, sub: string | undefined, args: string[]): Promise<number> {
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    if (sub === 'list' || sub === undefined) {
      const list = await scheduleStatuses(rt);
      if (flags.json) {
        process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return 0;
      }
      for (const s of list) {
        const state = s.paused ? `PAUSED by ${s.paused.by}` : `next ${at(s.nextStart, s.timeZone)}`;
        const last = s.lastStart ? `last ${at(s.lastStart.plannedAt, s.timeZone)} (${s.lastStart.via}, ${s.lastStart.runId})` : 'never started';
        process.stdout.write(`${s.name}  ${s.kind} ${s.starts}  "${s.when}"  ${state}  ${last}${s.missed ? `  ${s.missed} missed` : ''}\n`);
      }
      process.stdout.write(`${list.length} schedule(s)\n`);
      return 0;
    }
    const name = args[0];
    if (!['pause', 'resume', 'trigger'].includes(sub) || !name) throw new UsageError('rpa schedules list | pause|resume|trigger <name> --by NAME [--role operator]');
    const actor = cliActor(flags.by, flags.role ?? 'operator');
    if (sub === 'pause') process.stdout.write((await pauseSchedule(rt, name, actor)) ? `${name}: paused\n` : `${name}: was paused already\n`);
    else if (sub === 'resume') process.stdout.write((await resumeSchedule(rt, name, actor)) ? `${name}: resumed\n` : `${name}: was not paused\n`);
    else {
      const t = await triggerSchedule(rt, name, actor);
      process.stdout.write(`${name}: ${t.created ? 'started' : 'already started this minute'} as ${t.runId}\n`);
    }
    return 0;
  } finally {
    await close();
  }
}
