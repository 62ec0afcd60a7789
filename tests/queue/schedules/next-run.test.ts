/**
 * Schedules on business calendars: the business-day expressions, cron with a policy for closed days,
 * and the daylight-saving changes of 2027 in Europe/Luxembourg and America/New_York, driven by a
 * controlled clock (each start computed from the one before): never twice, never skipped.
 */
import { describe, expect, it } from 'vitest';
import { BankCalendar } from '../../../banking/index.js';
import { InvalidWhen, nextRun, parseWhen, type ScheduleClock } from '../../../queue/schedules/index.js';

const local = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));

/** The starts from `from` until `until`, each asked after the one before (as the scheduler does). */
function starts(s: ScheduleClock, from: string, until: string): string[] {
  const out: string[] = [];
  let at = Date.parse(from);
  for (;;) {
    const next = nextRun(s, at);
    if (next === undefined || next > Date.parse(until)) return out;
    out.push(local(next, s.timeZone));
    at = next;
  }
}

const lu = new BankCalendar({ countries: ['LU'] });
const ny = new BankCalendar({ countries: ['US-NY'] });

describe('business-day expressions', () => {
  it('every business day at 01:00 Europe/Luxembourg: weekends, TARGET2 and national holidays left out', () => {
    const s = { when: parseWhen('every business day at 01:00'), calendar: lu, timeZone: 'Europe/Luxembourg' };
    expect(starts(s, '2027-06-17T12:00:00Z', '2027-06-28T12:00:00Z')).toEqual([
      '2027-06-18 01:00',
      '2027-06-21 01:00',
      '2027-06-22 01:00',
      '2027-06-24 01:00', // 23 June: Fête nationale
      '2027-06-25 01:00',
      '2027-06-28 01:00',
    ]);
  });

  it('business day 3 of the month, and the last business day of the month', () => {
    const third = { when: parseWhen('business day 3 of the month at 06:00'), calendar: lu, timeZone: 'Europe/Luxembourg' };
    expect(starts(third, '2027-01-01T00:00:00Z', '2027-06-30T00:00:00Z')).toEqual([
      '2027-01-06 06:00', // 1 Jan closed, 2-3 a weekend: 4, 5, 6
      '2027-02-03 06:00',
      '2027-03-03 06:00',
      '2027-04-05 06:00', // 1, 2, 5 (Easter 2027 is 28 March: its Friday and Monday are in March)
      '2027-05-05 06:00', // 1 May a Saturday: 3, 4, 5
      '2027-06-03 06:00',
    ]);
    const last = { when: parseWhen('last business day of the month at 18:00'), calendar: lu, timeZone: 'Europe/Luxembourg' };
    expect(starts(last, '2027-01-01T00:00:00Z', '2027-06-30T23:59:00Z')).toEqual(['2027-01-29 18:00', '2027-02-26 18:00', '2027-03-31 18:00', '2027-04-30 18:00', '2027-05-31 18:00', '2027-06-30 18:00']);
  });

  it('cron on a calendar: a closed day skipped, or run on the next or the previous business day, once', () => {
    const at = (policy: 'skip' | 'next' | 'previous') => ({ when: parseWhen('cron 0 7 1 * *', policy), calendar: lu, timeZone: 'Europe/Luxembourg' });
    // The 1st of May 2027 is a Saturday and a holiday; the 1st of June a Tuesday.
    expect(starts(at('skip'), '2027-04-15T00:00:00Z', '2027-06-15T00:00:00Z')).toEqual(['2027-06-01 07:00']);
    expect(starts(at('next'), '2027-04-15T00:00:00Z', '2027-06-15T00:00:00Z')).toEqual(['2027-05-03 07:00', '2027-06-01 07:00']);
    expect(starts(at('previous'), '2027-04-15T00:00:00Z', '2027-06-15T00:00:00Z')).toEqual(['2027-04-30 07:00', '2027-06-01 07:00']);
  });

  it('refuses what it cannot read, saying which forms it takes', () => {
    expect(() => parseWhen('every day at noon')).toThrow(InvalidWhen);
    expect(() => parseWhen('every business day at 25:00')).toThrow(/25:00 is no time of day/);
    expect(() => parseWhen('cron 0 24 * * *')).toThrow(/hour field "24" is out of 0-23/);
  });
});

describe('daylight-saving changes of 2027', () => {
  const every = (cron: string, timeZone: string) => ({ when: parseWhen(`cron ${cron}`, 'run'), calendar: new BankCalendar(), timeZone });

  it('Europe/Luxembourg: a nightly 02:30 start runs once the night the clock skips 02:30 (at 03:30) and once the night it shows it twice (the first)', () => {
    const s = every('30 2 * * *', 'Europe/Luxembourg');
    expect(starts(s, '2027-03-26T12:00:00Z', '2027-03-30T12:00:00Z')).toEqual(['2027-03-27 02:30', '2027-03-28 03:30', '2027-03-29 02:30', '2027-03-30 02:30']);
    const fall = starts(s, '2027-10-29T12:00:00Z', '2027-11-02T12:00:00Z');
    expect(fall).toEqual(['2027-10-30 02:30', '2027-10-31 02:30', '2027-11-01 02:30', '2027-11-02 02:30']);
    // The first of the two 02:30s of 31 October: still summer time, 00:30 UTC.
    expect(new Date(nextRun(s, Date.parse('2027-10-30T12:00:00Z'))!).toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });

  it('America/New_York: 02:30 the night it is skipped, 01:30 the night it comes twice: once each', () => {
    expect(starts(every('30 2 * * *', 'America/New_York'), '2027-03-12T12:00:00Z', '2027-03-16T12:00:00Z')).toEqual(['2027-03-13 02:30', '2027-03-14 03:30', '2027-03-15 02:30', '2027-03-16 02:30']);
    const s = every('30 1 * * *', 'America/New_York');
    expect(starts(s, '2027-11-05T12:00:00Z', '2027-11-09T12:00:00Z')).toEqual(['2027-11-06 01:30', '2027-11-07 01:30', '2027-11-08 01:30', '2027-11-09 01:30']);
    expect(new Date(nextRun(s, Date.parse('2027-11-06T12:00:00Z'))!).toISOString()).toBe('2027-11-07T05:30:00.000Z'); // the first 01:30, still EDT
  });

  it('every half hour through both nights in both zones: each start once, in order; the skipped hour\'s starts fall on the hour after, never doubled', () => {
    const onDay = (zone: string, day: string) =>
      starts(every('0,30 0-3 * * *', zone), new Date(Date.parse(`${day}T00:00:00Z`) - 2 * 86_400_000).toISOString(), `${day}T23:59:00Z`).filter((g) => g.startsWith(day));
    expect(onDay('Europe/Luxembourg', '2027-03-28')).toEqual(['2027-03-28 00:00', '2027-03-28 00:30', '2027-03-28 01:00', '2027-03-28 01:30', '2027-03-28 03:00', '2027-03-28 03:30']);
    expect(onDay('Europe/Luxembourg', '2027-10-31')).toEqual(['2027-10-31 00:00', '2027-10-31 00:30', '2027-10-31 01:00', '2027-10-31 01:30', '2027-10-31 02:00', '2027-10-31 02:30', '2027-10-31 03:00', '2027-10-31 03:30']);
    expect(onDay('America/New_York', '2027-03-14')).toEqual(['2027-03-14 00:00', '2027-03-14 00:30', '2027-03-14 01:00', '2027-03-14 01:30', '2027-03-14 03:00', '2027-03-14 03:30']);
    expect(onDay('America/New_York', '2027-11-07')).toEqual(['2027-11-07 00:00', '2027-11-07 00:30', '2027-11-07 01:00', '2027-11-07 01:30', '2027-11-07 02:00', '2027-11-07 02:30', '2027-11-07 03:00', '2027-11-07 03:30']);
  });

  it('a business-day schedule over the weeks of the changes: every business day once at its hour, in both zones', () => {
    for (const [zone, from, to] of [
      ['Europe/Luxembourg', '2027-03-24', '2027-04-02'],
      ['Europe/Luxembourg', '2027-10-27', '2027-11-05'],
      ['America/New_York', '2027-03-10', '2027-03-19'],
      ['America/New_York', '2027-11-03', '2027-11-12'],
    ] as const) {
      const calendar = new BankCalendar();
      const got = starts({ when: parseWhen('every business day at 01:00'), calendar, timeZone: zone }, `${from}T12:00:00Z`, `${to}T12:00:00Z`);
      const days: string[] = [];
      for (let d = Date.parse(`${from}T12:00:00Z`) + 86_400_000; d <= Date.parse(`${to}T12:00:00Z`); d += 86_400_000) {
        const day = new Date(d).toISOString().slice(0, 10);
        if (calendar.isBusinessDay(day)) days.push(`${day} 01:00`);
      }
      expect(got).toEqual(days);
    }
  });
});
