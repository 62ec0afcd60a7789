import { describe, expect, it } from 'vitest';
import { type ExecutionDatePolicy, ExecutionDateRejected, InvalidDate, parseCutOff, resolveExecutionDate } from '../../banking/index.js';

const berlin = (now: string, extra: Partial<ExecutionDatePolicy> = {}): ExecutionDatePolicy => ({
  now: new Date(now),
  timeZone: 'Europe/Berlin',
  cutOff: '15:00',
  onInvalid: 'roll-forward',
  ...extra,
});

function rejected(requested: string, policy: ExecutionDatePolicy): ExecutionDateRejected {
  try {
    resolveExecutionDate(requested, { ...policy, onInvalid: 'reject' });
  } catch (e) {
    expect(e).toBeInstanceOf(ExecutionDateRejected);
    return e as ExecutionDateRejected;
  }
  throw new Error('expected ExecutionDateRejected');
}

describe('a valid requested date is kept', () => {
  it('a future business day', () => {
    expect(resolveExecutionDate('2025-04-22', berlin('2025-04-10T10:00:00Z'))).toEqual({ date: '2025-04-22', rolled: false });
  });

  it('today before the cut-off', () => {
    expect(resolveExecutionDate('2025-04-10', berlin('2025-04-10T10:00:00Z'))).toEqual({ date: '2025-04-10', rolled: false });
  });
});

describe('cut-off at 15:00 Europe/Berlin, across the DST changes', () => {
  it.each([
    // Friday before the spring change: CET, UTC+1.
    ['2025-03-28T13:59:00Z', '2025-03-28', '2025-03-28', false],
    ['2025-03-28T13:59:59Z', '2025-03-28', '2025-03-28', false],
    ['2025-03-28T14:00:00Z', '2025-03-28', '2025-03-31', true],
    // Monday after the spring change: CEST, UTC+2.
    ['2025-03-31T12:59:00Z', '2025-03-31', '2025-03-31', false],
    ['2025-03-31T13:00:00Z', '2025-03-31', '2025-04-01', true],
    // The same UTC time of day is before the cut-off on Friday (14:30 CET) and after it on Monday (15:30 CEST).
    ['2025-03-28T13:30:00Z', '2025-03-28', '2025-03-28', false],
    ['2025-03-31T13:30:00Z', '2025-03-31', '2025-04-01', true],
    // Friday before the autumn change: CEST, UTC+2.
    ['2025-10-24T12:59:00Z', '2025-10-24', '2025-10-24', false],
    ['2025-10-24T13:00:00Z', '2025-10-24', '2025-10-27', true],
    // Monday after the autumn change: CET, UTC+1.
    ['2025-10-27T13:59:00Z', '2025-10-27', '2025-10-27', false],
    ['2025-10-27T14:00:00Z', '2025-10-27', '2025-10-28', true],
  ])('at %s, %s → %s (rolled %s)', (now, requested, date, rolled) => {
    const result = resolveExecutionDate(requested, berlin(now));
    expect(result.date).toBe(date);
    expect(result.rolled).toBe(rolled);
    if (rolled) expect(result.reason?.problem).toBe('after-cut-off');
  });

  it('after the cut-off on the Thursday before Easter rolls to the Tuesday after Easter Monday', () => {
    const result = resolveExecutionDate('2025-04-17', berlin('2025-04-17T13:00:00Z'));
    expect(result).toEqual({
      date: '2025-04-22',
      rolled: true,
      reason: { problem: 'after-cut-off', message: '2025-04-17 is today and the cut-off 15:00 (Europe/Berlin) has passed' },
    });
  });

  it('the reject policy names the cut-off', () => {
    const e = rejected('2025-03-31', berlin('2025-03-31T13:00:00Z'));
    expect(e.problem).toBe('after-cut-off');
    expect(e.message).toMatch(/cut-off 15:00 \(Europe\/Berlin\) has passed/);
    expect(e.earliestValidDate).toBe('2025-04-01');
    expect(e.field).toBe('requestedExecutionDate');
  });

  it('uses the configured cut-off', () => {
    expect(resolveExecutionDate('2025-03-31', berlin('2025-03-31T13:00:00Z', { cutOff: '16:30' })).rolled).toBe(false);
    expect(resolveExecutionDate('2025-03-31', berlin('2025-03-31T14:30:00Z', { cutOff: '16:30' })).date).toBe('2025-04-01');
  });
});

describe('holidays and weekends', () => {
  it('Good Friday rolls forward to the Tuesday after Easter Monday', () => {
    expect(resolveExecutionDate('2025-04-18', berlin('2025-04-10T10:00:00Z'))).toEqual({
      date: '2025-04-22',
      rolled: true,
      reason: { problem: 'holiday', message: '2025-04-18 is a holiday (Good Friday)', holiday: 'Good Friday' },
    });
    expect(resolveExecutionDate('2026-04-03', berlin('2026-03-01T10:00:00Z')).date).toBe('2026-04-07');
  });

  it('Easter Monday and Christmas', () => {
    expect(resolveExecutionDate('2025-04-21', berlin('2025-04-10T10:00:00Z')).date).toBe('2025-04-22');
    expect(resolveExecutionDate('2025-12-25', berlin('2025-12-01T10:00:00Z')).date).toBe('2025-12-29');
  });

  it('a weekend rolls to Monday', () => {
    const result = resolveExecutionDate('2025-04-26', berlin('2025-04-10T10:00:00Z'));
    expect(result).toEqual({ date: '2025-04-28', rolled: true, reason: { problem: 'weekend', message: '2025-04-26 is a Saturday' } });
  });

  it('configured holidays count', () => {
    const policy = berlin('2025-09-01T10:00:00Z', { holidays: [{ date: '2025-10-03', name: 'German Unity Day' }] });
    const result = resolveExecutionDate('2025-10-03', policy);
    expect(result.date).toBe('2025-10-06');
    expect(result.reason?.holiday).toBe('German Unity Day');
    expect(resolveExecutionDate('2025-10-03', berlin('2025-09-01T10:00:00Z')).rolled).toBe(false);
  });

  it('the reject policy names the holiday and the earliest valid date', () => {
    const e = rejected('2025-04-18', berlin('2025-04-10T10:00:00Z'));
    expect(e.message).toBe('execution date rejected: 2025-04-18 is a holiday (Good Friday)');
    expect(e.problem).toBe('holiday');
    expect(e.earliestValidDate).toBe('2025-04-22');
    expect(e.details).toMatchObject({ requested: '2025-04-18', holiday: 'Good Friday', problem: 'holiday' });
    expect(e.whatNext).toContain('2025-04-22');
    expect(rejected('2025-04-19', berlin('2025-04-10T10:00:00Z')).message).toMatch(/is a Saturday/);
  });
});

describe('dates in the past', () => {
  it('roll forward to today when before the cut-off', () => {
    const result = resolveExecutionDate('2025-06-02', berlin('2025-06-03T08:00:00Z'));
    expect(result.date).toBe('2025-06-03');
    expect(result.reason).toEqual({ problem: 'past', message: '2025-06-02 is in the past (today is 2025-06-03 in Europe/Berlin)' });
  });

  it('roll past today when today is after the cut-off, and past a holiday', () => {
    expect(resolveExecutionDate('2025-06-02', berlin('2025-06-03T14:00:00Z')).date).toBe('2025-06-04');
    expect(resolveExecutionDate('2025-04-01', berlin('2025-04-17T14:00:00Z')).date).toBe('2025-04-22');
    expect(resolveExecutionDate('2025-04-01', berlin('2025-04-19T09:00:00Z')).date).toBe('2025-04-22');
  });

  it('"today" is the date in the configured time zone, not UTC', () => {
    // 22:30 UTC on Monday 2 June is already 00:30 on Tuesday 3 June in Berlin.
    const now = '2025-06-02T22:30:00Z';
    expect(resolveExecutionDate('2025-06-02', berlin(now)).reason?.problem).toBe('past');
    expect(resolveExecutionDate('2025-06-02', berlin(now)).date).toBe('2025-06-03');
    expect(resolveExecutionDate('2025-06-02', berlin(now, { timeZone: 'UTC', cutOff: '23:00' }))).toEqual({ date: '2025-06-02', rolled: false });
  });

  it('the reject policy says "past"', () => {
    const e = rejected('2025-06-02', berlin('2025-06-03T08:00:00Z'));
    expect(e.problem).toBe('past');
    expect(e.earliestValidDate).toBe('2025-06-03');
  });
});

describe('bad input', () => {
  it('a malformed requested date is an InvalidDate about that field', () => {
    try {
      resolveExecutionDate('18.04.2025', berlin('2025-04-10T10:00:00Z', { field: 'reqdExctnDt' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidDate);
      expect((e as InvalidDate).field).toBe('reqdExctnDt');
    }
  });

  it('a bad cut-off or time zone is refused', () => {
    expect(() => resolveExecutionDate('2025-04-22', berlin('2025-04-10T10:00:00Z', { cutOff: '25:00' }))).toThrow(/cut-off "25:00"/);
    expect(() => resolveExecutionDate('2025-04-22', berlin('2025-04-10T10:00:00Z', { cutOff: '3pm' }))).toThrow(InvalidDate);
    expect(() => resolveExecutionDate('2025-04-22', berlin('2025-04-10T10:00:00Z', { timeZone: 'Mars/Olympus' }))).toThrow(/not an IANA time zone/);
  });

  it('parseCutOff', () => {
    expect(parseCutOff('15:00')).toBe(900);
    expect(parseCutOff('00:00')).toBe(0);
    expect(parseCutOff('23:59')).toBe(1439);
    for (const bad of ['24:00', '9:00', '15:60', '15:00:00', '']) expect(() => parseCutOff(bad), bad).toThrow(InvalidDate);
  });
});
