import { cliActor, UsageError } from './exceptions.js';
import { wallClock } from '../../banking/index.js';
import { ownKeys } from '../../queue/keys.js';
import { forecastNight, PlanBook, resolvePlan, restartStep, type NightState } from '../../queue/plans/index.js';
import type { Runtime } from '../../queue/runtime.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';

const hhmm = (ms: number | undefined, timeZone: string) => (ms === undefined ? '--:--' : wallClock(ms, timeZone));

async function describeNight(rt: Runtime, state: NightState): Promise<string> {
  const config = rt.config.plans.find((p) => p.name === state.night.plan);
  const tz = config?.timeZone ?? rt.config.banking.timeZone;
  const { night } = state;
  const lines = [`${night.plan} ${night.day}  night ${night.id}  started ${hhmm(night.startedAt, tz)}  deadline ${hhmm(night.deadlineAt, tz)}  ${night.endedAt ? `ended ${hhmm(night.endedAt, tz)} (${night.endedAt <= night.deadlineAt ? 'on time' : 'LATE'})` : 'under way'}`];
  const forecast = config && !night.endedAt ? await forecastNight(rt, resolvePlan(rt.config, config), state) : undefined;
  if (forecast) lines.push(`  forecast finish ${hhmm(forecast.finishAt, tz)}: ${forecast.late ? `LATE. ${forecast.advice ?? ''}` : 'on time'}${forecast.unknown.length ? ` (not forecast: ${forecast.unknown.join(', ')})` : ''}`);
  for (const step of config?.steps ?? []) {
    const r = state.steps[step.name] ?? { state: 'waiting' };
    const f = forecast?.steps.find((s) => s.step === step.name);
    const progress = f?.left !== undefined && f.items !== undefined ? ` ${f.items - f.left}/${f.items}${f.perMinute ? ` at ${f.perMinute}/min` : ''}` : r.items !== undefined ? ` ${r.items} items` : '';
    lines.push(`  ${step.name.padEnd(14)} ${r.state.padEnd(9)} ${hhmm(r.startedAt, tz)}–${r.endedAt ? hhmm(r.endedAt, tz) : f ? `~${hhmm(f.finishAt, tz)}` : '--:--'}${progress}${r.reason ? `  ${r.reason}` : ''}${r.exceptionId ? ` (exception ${r.exceptionId})` : ''}`);
  }
  return lines.join('\n');
}

/** `rpa plan status [night]`: the nights (latest first) and their steps, with the forecast of those under way; `rpa plan restart <night> <step> --by NAME`. */
export async function plan(flags: CliFlags & { by?: string; role?: string; json?: boolean }, sub: string | undefined, args: string[]): Promise<number> {
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
    if (sub === 'status' || sub === undefined) {
      const nights = args[0] ? [await book.get(args[0])].filter((n): n is NightState => Boolean(n)) : await book.nights(5);
      if (args[0] && nights.length === 0) throw new UsageError(`no night ${args[0]}`, 'Run rpa plan status for the latest nights.');
      if (flags.json) process.stdout.write(JSON.stringify(nights, null, 2) + '\n');
      else process.stdout.write(nights.length ? `${(await Promise.all(nights.map((n) => describeNight(rt, n)))).join('\n\n')}\n` : 'no night has run yet\n');
      return 0;
    }
    if (sub === 'restart') {
      const [nightId, step] = args;
      if (!nightId || !step) throw new UsageError('rpa plan restart <night> <step> --by NAME [--role operator]');
      const state = await restartStep(rt, nightId, step, cliActor(flags.by, flags.role ?? 'operator'));
      process.stdout.write(`${step}: ${state?.steps[step]?.state ?? 'waiting'}\n`);
      return 0;
    }
    throw new UsageError('rpa plan status [night] | rpa plan restart <night> <step> --by NAME');
  } finally {
    await close();
  }
}
