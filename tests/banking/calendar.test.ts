import { describe, expect, it } from 'vitest';
import { BusinessCalendar, businessDayOnOrAfter, closureOf, easterSunday, InvalidDate, isBusinessDay, nextBusinessDay, target2ClosingDays } from '../../banking/index.js';

describe('easterSunday (anonymous Gregorian algorithm)', () => {
  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('refuses non-Gregorian or non-integer years', () => {
    expect(() => easterSunday(1500)).toThrow(InvalidDate);
    expect(() => easterSunday(2025.5)).toThrow(InvalidDate);
  });
});

describe('TARGET2 closing days', () => {
  it('2025', () => {
    expect(target2ClosingDays(2025)).toEqual([
      { date: '2025-01-01', name: "New Year's Day" },
      { date: '2025-04-18', name: 'Good Friday' },
      { date: '2025-04-21', name: 'Easter Monday' },
      { date: '2025-05-01', name: 'Labour Day' },
      { date: '2025-12-25', name: 'Christmas Day' },
      { date: '2025-12-26', name: 'Boxing Day' },
    ]);
  });

  it.each([
    ['2024-03-29', 'Good Friday'],
    ['2024-04-01', 'Easter Monday'],
    ['2026-04-03', 'Good Friday'],
    ['2026-04-06', 'Easter Monday'],
    ['2027-03-26', 'Good Friday'],
    ['2027-03-29', 'Easter Monday'],
    ['2026-01-01', "New Year's Day"],
    ['2026-05-01', 'Labour Day'],
    ['2024-12-25', 'Christmas Day'],
    ['2024-12-26', 'Boxing Day'],
  ])('%s is closed (%s)', (date, name) => {
    expect(isBusinessDay(date)).toBe(false);
    expect(closureOf(date)).toEqual({ kind: 'holiday', name });
  });

  it('weekends are closed, ordinary weekdays open', () => {
    expect(closureOf('2025-04-19')).toEqual({ kind: 'weekend', name: 'Saturday' });
    expect(closureOf('2025-04-20')).toEqual({ kind: 'weekend', name: 'Sunday' });
    expect(isBusinessDay('2025-04-22')).toBe(true);
    expect(isBusinessDay('2025-04-17')).toBe(true);
    // Not TARGET2 holidays: German Unity Day, Whit Monday, Ascension, 24 and 31 December.
    for (const d of ['2025-10-03', '2025-06-09', '2025-05-29', '2025-12-24', '2025-12-31']) expect(isBusinessDay(d), d).toBe(true);
  });
});

describe('configured holidays', () => {
  const holidays = ['2025-10-03', { date: '2025-12-24', name: 'Christmas Eve' }];

  it('close extra days, with their name if given', () => {
    expect(isBusinessDay('2025-10-03', { holidays })).toBe(false);
    expect(closureOf('2025-10-03', { holidays })).toEqual({ kind: 'holiday', name: 'holiday (configured)' });
    expect(closureOf('2025-12-24', { holidays })).toEqual({ kind: 'holiday', name: 'Christmas Eve' });
    expect(nextBusinessDay('2025-12-23', { holidays })).toBe('2025-12-29');
  });

  it('a bad entry is an InvalidDate about the holidays', () => {
    try {
      new BusinessCalendar({ holidays: ['2025-02-30'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidDate);
      expect((e as InvalidDate).field).toBe('holidays');
      expect((e as InvalidDate).message).toContain('2025-02-30');
    }
  });
});

describe('nextBusinessDay and businessDayOnOrAfter', () => {
  it.each([
    ['2025-04-17', '2025-04-22'], // Thursday before Good Friday → Tuesday after Easter Monday
    ['2025-04-18', '2025-04-22'],
    ['2025-04-21', '2025-04-22'],
    ['2025-04-22', '2025-04-23'],
    ['2025-01-03', '2025-01-06'], // Friday → Monday
    ['2025-12-24', '2025-12-29'], // Christmas Day, Boxing Day, weekend
    ['2025-12-31', '2026-01-02'], // New Year's Day
    ['2026-04-30', '2026-05-04'], // 1 May is a Friday
  ])('after %s → %s', (date, next) => {
    expect(nextBusinessDay(date)).toBe(next);
  });

  it('on or after keeps a business day', () => {
    expect(businessDayOnOrAfter('2025-04-17')).toBe('2025-04-17');
    expect(businessDayOnOrAfter('2025-04-18')).toBe('2025-04-22');
    expect(businessDayOnOrAfter('2025-04-19')).toBe('2025-04-22');
  });

  it('refuses malformed dates', () => {
    expect(() => nextBusinessDay('18.04.2025')).toThrow(InvalidDate);
    expect(() => isBusinessDay('2025-4-18')).toThrow(InvalidDate);
  });

  it('gives up (clearly) when every day is configured as closed', () => {
    const start = new Date(Date.UTC(2025, 0, 1));
    const holidays = Array.from({ length: 800 }, (_, i) => new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10));
    expect(() => nextBusinessDay('2025-01-01', { holidays })).toThrow(/no business day within a year/);
  });
});
