/**
 * `rpa schedules` and `rpa plan` as an operator runs them (child processes, real Redis): the schedules
 * and the plans' starts listed; pausing refused without the role operator, then done and shown;
 * a plan started now, and its night shown with its steps and forecast.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { rpa } from '../helpers/rpa-cli.js';

const config = testConfig();
const rt = testRuntime({ bots: [], config });
afterAll(() => rt.close());
const env = { REDIS_URL: inject('redisUrl'), RPA_REDIS__PREFIX: config.redis.prefix, RPA_LOG__LEVEL: 'warn', RPA_DATA_DIR: config.dataDir };
const dir = await mkdtemp(path.join(tmpdir(), 'rpa-sched-cli-'));
const file = path.join(dir, 'config.yaml');
await writeFile(
  file,
  `schedules:
  - name: statements
    run: statements-of-day
    params: { accounts: ['4711000001'] }
    when: every business day at 01:00
plans:
  - name: night
    when: every business day at 01:30
    deadline: "05:00"
    steps:
      - { name: fetch, run: statements-of-day, params: { accounts: ['4711000001', '4711000002'] }, expectMinutes: 20 }
      - { name: again, run: statements-of-day, params: { accounts: ['4711000003'] }, after: [fetch] }
`,
);
const cli = (...args: string[]) => rpa([...args, '--config', file], env);

describe('rpa schedules and rpa plan', () => {
  it('lists, refuses a pause without the role, pauses, starts a night now and shows it', async () => {
    const list = await cli('schedules', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^statements {2}run statements-of-day {2}"every business day at 01:00" {2}next \d{4}-\d\d-\d\d 01:00 [\w/]+ {2}never started$/m);
    expect(list.stdout).toMatch(/^night {2}plan night {2}"every business day at 01:30"/m);

    const refused = await cli('schedules', 'pause', 'statements', '--by', 'vic', '--role', 'viewer');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('needs the role operator');
    const paused = await cli('schedules', 'pause', 'statements', '--by', 'ops.anna');
    expect(paused.stdout).toBe('statements: paused\n');

    const started = await cli('schedules', 'trigger', 'night', '--by', 'ops.anna');
    expect(started.code, started.stderr).toBe(0);
    const nightId = /started as (pln-\w+)/.exec(started.stdout)?.[1];
    expect(nightId).toBeDefined();

    const status = await cli('plan', 'status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`night ${nightId}`);
    expect(status.stdout).toMatch(/forecast finish \d\d:\d\d/);
    expect(status.stdout).toMatch(/^ {2}fetch +running +\d\d:\d\d–~\d\d:\d\d 0\/2/m);
    expect(status.stdout).toMatch(/^ {2}again +waiting/m);

    const after = await cli('schedules', 'list', '--json');
    const rows = JSON.parse(after.stdout) as { name: string; paused?: { by: string }; lastStart?: { via: string } }[];
    expect(rows.find((r) => r.name === 'statements')?.paused?.by).toBe('ops.anna');
    expect(rows.find((r) => r.name === 'night')?.lastStart?.via).toBe('trigger');
    expect((await rt.audit.list({})).entries.map((e) => e.action)).toEqual(expect.arrayContaining(['schedule-paused', 'schedule-triggered']));
    // Six rpa processes, each about 2.5 s of CPU to start (the bots' libraries load): 13 s alone, over 60 s beside the night soaks on two cores.
  }, 180_000);
});
