/** A bank's calendar: TARGET2, the national holidays of its countries (the date-holidays library), and its own days. */
import { describe, expect, it } from 'vitest';
import { BankCalendar, UnknownHolidayRegion } from '../../banking/index.js';

describe('BankCalendar', () => {
  it('closes on TARGET2 days, national public holidays of its countries and regions, and its own dates', () => {
    const lu = new BankCalendar({ countries: ['LU'], holidays: [{ date: '2027-07-02', name: 'Bank outing' }] });
    expect(lu.closureOf('2027-03-29')).toMatchObject({ kind: 'holiday' }); // Easter Monday: TARGET2
    expect(lu.closureOf('2027-06-23')).toEqual({ kind: 'holiday', name: 'Fête nationale (LU)' }); // national, not TARGET2
    expect(lu.closureOf('2027-07-02')).toEqual({ kind: 'holiday', name: 'Bank outing' });
    expect(lu.closureOf('2027-06-24')).toBeNull();
    expect(new BankCalendar().isBusinessDay('2027-06-23')).toBe(true);
    const bavaria = new BankCalendar({ countries: ['DE-BY'] });
    expect(bavaria.isBusinessDay('2027-01-06')).toBe(false); // Epiphany in Bavaria
    expect(new BankCalendar({ countries: ['DE'] }).isBusinessDay('2027-01-06')).toBe(true);
    expect(new BankCalendar({ countries: ['US-NY'] }).isBusinessDay('2027-11-25')).toBe(false); // Thanksgiving
  });

  it('finds business days around closed ones and a month\'s business days', () => {
    const lu = new BankCalendar({ countries: ['LU'] });
    expect(lu.businessDayFrom('2027-06-23', 1)).toBe('2027-06-24');
    expect(lu.businessDayFrom('2027-06-27', -1)).toBe('2027-06-25');
    const may = lu.businessDaysOf('2027-05');
    expect(may[0]).toBe('2027-05-03'); // 1 May a Saturday (and a holiday)
    expect(may).not.toContain('2027-05-06'); // Ascension
    expect(may).not.toContain('2027-05-17'); // Whit Monday
    expect(may.at(-1)).toBe('2027-05-31');
  });

  it('refuses a region it does not know, saying how to name one', () => {
    expect(() => new BankCalendar({ countries: ['XX'] })).toThrow(UnknownHolidayRegion);
    expect(() => new BankCalendar({ countries: ['DE-ZZ'] })).toThrow(/no holiday calendar for "DE-ZZ"/);
  });
});
