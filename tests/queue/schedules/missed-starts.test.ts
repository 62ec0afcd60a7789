/**
 * Missed starts: a schedule whose starts did not come (no worker up) is noticed after its grace time;
 * each missed start is recorded once; the latest is caught up once (catchUp: once), or none is (none);
 * a start that came is not missed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { statementFetch, statementsOfDay } from '../../../bots/statement-fetch/index.js';
import { ownKeys } from '../../../queue/keys.js';
import { checkMissedStarts, resolveSchedules, ScheduleBook } from '../../../queue/schedules/index.js';
import { testConfig, testRuntime } from '../../helpers/runtime.js';

const config = testConfig({
  schedules: [
    { name: 'nightly', run: 'statements-of-day', params: { accounts: ['4711000001'] }, when: 'every business day at 01:00', timeZone: 'Europe/Luxembourg', graceMinutes: 30 },
    { name: 'monthly', run: 'statements-of-day', params: { accounts: ['4711000002'] }, when: 'business day 1 of the month at 06:00', timeZone: 'Europe/Luxembourg', catchUp: 'none' },
  ],
});
const rt = testRuntime({ bots: [statementFetch, statementsOfDay], config });
afterAll(() => rt.close());
const schedules = resolveSchedules(config);
const book = new ScheduleBook(rt.redis, ownKeys(rt.prefix));

describe('missed starts', () => {
  it('notices each start that did not come, once; catches up the latest once, or none; a start that came is not missed', async () => {
    const since = Date.parse('2027-06-28T12:00:00Z'); // Monday noon: the schedules were synced then
    for (const s of schedules) await book.since(s.name, since);
    // Wednesday's 01:00 start came; Tuesday's and Thursday's did not. Now: Friday 01:20, Friday's start still within its grace.
    await book.start('nightly', { plannedAt: Date.parse('2027-06-29T23:00:00Z'), startedAt: Date.parse('2027-06-29T23:00:02Z'), runId: 'came', via: 'tick' });
    const now = Date.parse('2027-07-01T23:20:00Z');
    const found = await checkMissedStarts(rt, schedules, now);
    expect(found.map((m) => [m.schedule, new Date(m.plannedAt).toISOString(), !!m.caughtUpBy])).toEqual([
      ['nightly', '2027-06-28T23:00:00.000Z', false],
      ['nightly', '2027-06-30T23:00:00.000Z', true], // the latest: caught up once
      ['monthly', '2027-07-01T04:00:00.000Z', false], // 1 July 06:00: catchUp none
    ]);
    expect(await book.get('nightly', Date.parse('2027-06-30T23:00:00Z'))).toMatchObject({ via: 'catch-up', runId: found[1]!.caughtUpBy });
    // Checked again: nothing new, nothing caught up twice.
    expect(await checkMissedStarts(rt, schedules, now + 60_000)).toEqual([]);
    expect((await book.missedStarts('nightly')).map((m) => new Date(m.plannedAt).toISOString())).toEqual(['2027-06-28T23:00:00.000Z', '2027-06-30T23:00:00.000Z']);
  });
});
