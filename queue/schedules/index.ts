/**
 * queue/schedules — when schedules run: on a bank's business calendar, in a time zone, the same way
 * across daylight-saving changes.
 *
 *   parseWhen(text, onNonBusinessDay?)     // "every business day at 01:00", "business day 3 of the month at 06:00",
 *                                          // "last business day of the month at 18:00", "cron 0 1 * * 1-5"
 *   nextRun({ when, calendar, timeZone }, afterMs)   // the next start after an instant
 *   instantOf(date, minutes, timeZone)     // a wall-clock time as an instant (skipped times moved on, doubled ones taken once)
 *
 *   resolveSchedules(config)               // the configured schedules (config.schedules), read and checked
 *   startScheduledRun(rt, schedule, plannedAt, via?)  // a start as a run (the run's fromSchedule), once per planned start
 *   ScheduleBook                           // each schedule's starts: planned, taken up, the run
 *   ScheduleHost(rt).start()/stop()        // a worker process's part: the schedulers synced, its ticks taken, missed starts checked
 *   checkMissedStarts(rt, schedules, now?) // starts due past their grace with none recorded: logged once, the latest caught up (catchUp: once)
 *   scheduleQueue(redis, prefix, schedules), syncSchedulers(queue, schedules)
 *                                          // BullMQ job schedulers, one per schedule, our repeat strategy asked for each start
 *
 * The calendar is banking's BankCalendar (TARGET2, national holidays, the bank's own dates).
 *   scheduleStatuses / pauseSchedule / resumeSchedule / triggerSchedule   // what operators do (board, CLI)
 */
export { nextRun, type ScheduleClock } from './next-run.js';
export { InvalidWhen, parseWhen, type CronFields, type NonBusinessDay, type When } from './when.js';
export { instantOf } from '../../banking/index.js';
export { resolveSchedules, type Schedule } from './schedule.js';
export { SCHEDULE_QUEUE, schedulePattern, scheduleQueue, scheduleRepeatStrategy, syncSchedulers, UnknownSchedulePattern, type ScheduleTick } from './scheduler.js';
export { ScheduleBook, type RecordedStart } from './schedule-book.js';
export { RunNotSchedulable, SchedulePaused, scheduledRunId, startScheduledRun } from './start-run.js';
export { ScheduleHost, type TickData } from './schedule-host.js';
export { checkMissedStarts, startsBetween, type MissedStart } from './missed-starts.js';
export { OPERATE_ROLE, pauseSchedule, resumeSchedule, scheduleStatuses, triggerSchedule, UnknownSchedule, type ScheduleStatus } from './operate.js';
