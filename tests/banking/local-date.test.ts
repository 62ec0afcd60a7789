import { describe, expect, it } from 'vitest';
import { addDays, compareDates, dayOfWeek, InvalidDate, isLocalDate, localDate, parseLocalDate, thirtyDayFebruary, todayIn, zonedParts } from '../../banking/index.js';

describe('LocalDate', () => {
  it.each(['2025-01-01', '2024-02-29', '2000-02-29', '2025-12-31'])('accepts %s', (d) => {
    expect(isLocalDate(d)).toBe(true);
    expect(parseLocalDate(d)).toBe(d);
  });

  it.each(['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-1', '25-01-01', '2025-01-01T00:00', ' 2025-01-01', '', '1500-01-01'])(
    'refuses %j',
    (d) => {
      expect(isLocalDate(d)).toBe(false);
      expect(() => parseLocalDate(d, 'requestedExecutionDate')).toThrow(InvalidDate);
    },
  );

  it('adds days across months, years, leap days and DST changes without drifting', () => {
    expect(addDays(parseLocalDate('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(parseLocalDate('2024-02-29'), 1)).toBe('2024-03-01');
    expect(addDays(parseLocalDate('2025-12-31'), 1)).toBe('2026-01-01');
    expect(addDays(parseLocalDate('2025-03-29'), 2)).toBe('2025-03-31');
    expect(addDays(parseLocalDate('2025-10-25'), 2)).toBe('2025-10-27');
    expect(addDays(parseLocalDate('2025-01-01'), -1)).toBe('2024-12-31');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek(parseLocalDate('2025-04-18'))).toBe(5);
    expect(dayOfWeek(parseLocalDate('2025-04-20'))).toBe(0);
    expect(dayOfWeek(parseLocalDate('2025-04-19'))).toBe(6);
  });

  it('compares and builds', () => {
    expect(compareDates(parseLocalDate('2025-01-02'), parseLocalDate('2025-01-10'))).toBe(-1);
    expect(compareDates(parseLocalDate('2025-01-10'), parseLocalDate('2025-01-10'))).toBe(0);
    expect(localDate(2025, 3, 5)).toBe('2025-03-05');
    expect(() => localDate(2025, 2, 30)).toThrow(InvalidDate);
  });

  it('today depends on the time zone, not on the machine', () => {
    const now = new Date('2025-06-02T22:30:00Z');
    expect(todayIn('Europe/Berlin', now)).toBe('2025-06-03');
    expect(todayIn('UTC', now)).toBe('2025-06-02');
    expect(todayIn('America/New_York', now)).toBe('2025-06-02');
    expect(zonedParts('Europe/Berlin', now)).toEqual({ date: '2025-06-03', minutes: 30 });
    expect(zonedParts('Europe/Berlin', new Date('2025-01-15T23:59:00Z'))).toEqual({ date: '2025-01-16', minutes: 59 });
    expect(zonedParts('Europe/Berlin', new Date('2025-01-15T22:59:59Z'))).toEqual({ date: '2025-01-15', minutes: 23 * 60 + 59 });
  });
});

describe('a booking date of 30 February', () => {
  it('is the last day of that February; every other day is left as it is', () => {
    expect([thirtyDayFebruary(2023, 2, 30), thirtyDayFebruary(2023, 2, 29), thirtyDayFebruary(2024, 2, 30), thirtyDayFebruary(1900, 2, 29)]).toEqual([28, 28, 29, 28]);
    expect([thirtyDayFebruary(2024, 2, 29), thirtyDayFebruary(2023, 2, 31), thirtyDayFebruary(2023, 4, 31), thirtyDayFebruary(2023, 2, 28)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
