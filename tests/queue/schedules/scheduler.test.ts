/**
 * Schedules as BullMQ job schedulers on a real Redis: each configured schedule one scheduler whose
 * next start is the one our calendar gives; synced again, nothing doubles; a schedule taken out of the
 * configuration is removed; a schedule that cannot be read stops the start with its name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { nextRun, resolveSchedules, scheduleQueue, scheduleRepeatStrategy, syncSchedulers, UnknownSchedulePattern } from '../../../queue/schedules/index.js';
import { testConfig, testRuntime } from '../../helpers/runtime.js';

const rt = testRuntime({ bots: [] });
afterAll(() => rt.close());

const config = (schedules: Record<string, unknown>[]) => testConfig({ redis: { prefix: rt.prefix }, schedules });

describe('schedules as job schedulers', () => {
  it('one scheduler per schedule at the calendar\'s next start; synced again, nothing doubles; one taken out, removed', async () => {
    const schedules = resolveSchedules(
      config([
        { name: 'statements', run: 'statement-files', when: 'every business day at 01:00', timeZone: 'Europe/Luxembourg', calendar: { countries: ['LU'] } },
        { name: 'month-end', run: 'reconcile-day', when: 'last business day of the month at 18:00', timeZone: 'America/New_York', calendar: { countries: ['US-NY'] } },
      ]),
    );
    const queue = scheduleQueue(rt.redis, rt.prefix, schedules);
    try {
      const before = Date.now();
      const next = await syncSchedulers(queue, schedules);
      for (const s of schedules) {
        const expected = nextRun(s.clock, before)!;
        expect(Math.abs(next.get(s.name)! - expected)).toBeLessThan(5_000);
      }
      await syncSchedulers(queue, schedules);
      expect((await queue.getJobSchedulers(0, -1)).map((j) => j.key).sort()).toEqual(['month-end', 'statements']);
      expect(await queue.getDelayedCount()).toBe(2);

      await syncSchedulers(queue, schedules.slice(0, 1));
      expect((await queue.getJobSchedulers(0, -1)).map((j) => j.key)).toEqual(['statements']);
      expect(() => scheduleRepeatStrategy(schedules)(Date.now(), { pattern: 'schedule:gone' })).toThrow(UnknownSchedulePattern);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('a schedule that cannot be read, or names no time zone there is, stops the start with its name', () => {
    expect(() => resolveSchedules(config([{ name: 'bad', run: 'x', when: 'every day at noon' }]))).toThrow(/schedule bad: it is none of the forms/);
    expect(() => resolveSchedules(config([{ name: 'tz', run: 'x', when: 'every business day at 01:00', timeZone: 'Mars/Olympus' }]))).toThrow(/"Mars\/Olympus" is no IANA time zone/);
    expect(() => testConfig({ schedules: [{ name: 'a', run: 'x', when: 'every business day at 01:00' }, { name: 'a', run: 'y', when: 'every business day at 02:00' }] })).toThrow(/named twice/);
  });
});
