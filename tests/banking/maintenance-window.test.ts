import { describe, expect, it } from 'vitest';
import { InvalidMaintenanceWindow, MaintenanceWindows, instantOf } from '../../banking/index.js';

const TZ = 'Europe/Luxembourg';
const at = (date: string, hhmm: string) => instantOf(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ);
const MIN = 60_000;

describe('maintenance windows', () => {
  it('a daily window: inside it the end is known, outside there is none', () => {
    const w = new MaintenanceWindows(['02:00-02:30'], TZ);
    expect(w.endOf(at('2027-01-12', '02:10'))).toBe(at('2027-01-12', '02:30'));
    expect(w.endOf(at('2027-01-12', '02:30'))).toBeUndefined();
    expect(w.endOf(at('2027-01-12', '01:59'))).toBeUndefined();
  });

  it('days of the week and windows across midnight; a window that follows on is taken together', () => {
    const w = new MaintenanceWindows(['Mon-Fri 23:30-00:15', 'Sat 00:15-01:00'], TZ);
    // Friday 2027-01-15 23:40: the Friday window runs into Saturday, and Saturday's follows on.
    expect(w.endOf(at('2027-01-15', '23:40'))).toBe(at('2027-01-16', '01:00'));
    // Saturday night has no window of its own.
    expect(w.endOf(at('2027-01-16', '23:40'))).toBeUndefined();
    // Sunday night has none either, so Monday 00:05 is free; Tuesday 00:05 is in Monday's.
    expect(w.endOf(at('2027-01-18', '00:05'))).toBeUndefined();
    expect(w.endOf(at('2027-01-19', '00:05'))).toBe(at('2027-01-19', '00:15'));
  });

  it('a window on one date', () => {
    const w = new MaintenanceWindows(['2027-01-16 20:00-23:59'], TZ);
    expect(w.endOf(at('2027-01-16', '21:00'))).toBe(at('2027-01-16', '23:59'));
    expect(w.endOf(at('2027-01-23', '21:00'))).toBeUndefined();
  });

  it('the time windows take, and when work ends around them', () => {
    const w = new MaintenanceWindows(['02:00-02:30'], TZ);
    expect(w.downtime(at('2027-01-12', '01:00'), at('2027-01-12', '04:00'))).toBe(30 * MIN);
    expect(w.downtime(at('2027-01-12', '02:20'), at('2027-01-12', '04:00'))).toBe(10 * MIN);
    // 90 minutes of work from 01:00: 60 before the window, 30 after it.
    expect(w.finishOf(at('2027-01-12', '01:00'), 90 * MIN)).toBe(at('2027-01-12', '03:00'));
    // Started inside the window: nothing is done until it ends.
    expect(w.finishOf(at('2027-01-12', '02:10'), 10 * MIN)).toBe(at('2027-01-12', '02:40'));
    expect(w.finishOf(at('2027-01-12', '00:00'), 60 * MIN)).toBe(at('2027-01-12', '01:00'));
  });

  it('a window on the night the clocks go forward is as long as the clock says', () => {
    // 2027-03-28 in Luxembourg: 02:00 becomes 03:00, so 01:30-03:30 lasts one hour.
    const w = new MaintenanceWindows(['01:30-03:30'], TZ);
    expect(w.downtime(at('2027-03-28', '00:00'), at('2027-03-28', '06:00'))).toBe(60 * MIN);
  });

  it('refuses what is not a window, saying how to write one', () => {
    for (const bad of ['2am-3am', 'Xyz 01:00-02:00', '25:00-26:00', '01:00-01:00']) {
      expect(() => new MaintenanceWindows([bad], TZ)).toThrow(InvalidMaintenanceWindow);
    }
    const refused = (() => {
      try {
        new MaintenanceWindows(['nightly'], TZ);
      } catch (e) {
        return e as InvalidMaintenanceWindow;
      }
    })();
    expect(refused?.whatNext).toMatch(/HH:MM-HH:MM/);
  });
});
