/**
 * queue/schedules — when schedules run: on a bank's business calendar, in a time zone, the same way
 * across daylight-saving changes.
 *
 *   parseWhen(text, onNonBusinessDay?)     // "every business day at 01:00", "business day 3 of the month at 06:00",
 *                                          // "last business day of the month at 18:00", "cron 0 1 * * 1-5"
 *   nextRun({ when, calendar, timeZone }, afterMs)   // the next start after an instant
 *   instantOf(date, minutes, timeZone)     // a wall-clock time as an instant (skipped times moved on, doubled ones taken once)
 *
 * The calendar is banking's BankCalendar (TARGET2, national holidays, the bank's own dates).
 */
export { nextRun, type ScheduleClock } from './next-run.js';
export { InvalidWhen, parseWhen, type CronFields, type NonBusinessDay, type When } from './when.js';
export { instantOf } from './zoned-instant.js';
