import { BusinessCalendar, type HolidayInput } from './calendar.js';
import { CollectionRuleBroken, InvalidDate } from './errors.js';
import { bankNow, parseCutOff } from './execution-date.js';
import { addDays, parseLocalDate, type LocalDate } from './local-date.js';

/**
 * When a collection can be debited, and when its debtor must have been told.
 *
 * Collection date: a TARGET2 business day, with the file submitted at least `leadDays` business days
 * before it, before the bank's cut-off (D-1 for CORE and B2B since 2016; banks may ask for more).
 * Pre-notification: the debtor is told of the amount and date at least `days` calendar days before
 * the collection date (14 unless creditor and debtor agreed otherwise).
 */
export type OnLateCollectionDate = 'roll-forward' | 'reject';

export interface CollectionDatePolicy {
  /** The instant the file is submitted (pass the clock in). */
  now: Date;
  /** IANA time zone of the bank's business day and cut-off. */
  timeZone: string;
  /** The bank's cut-off for collection files (`HH:MM` in `timeZone`): a file at or after it counts from the next business day. */
  cutOff: string;
  /** Business days between submission and the collection date (1 = D-1). */
  leadDays: number;
  onLate: OnLateCollectionDate;
  holidays?: readonly HolidayInput[];
}

export interface ResolvedCollectionDate {
  date: LocalDate;
  rolled: boolean;
  /** The first collection date a file submitted now can have. */
  earliest: LocalDate;
  /** Why the requested date was not kept (only when rolled). */
  reason?: string;
}

/** The first collection date a file submitted at `policy.now` can ask for. */
export function earliestCollectionDate(policy: Omit<CollectionDatePolicy, 'onLate'>): LocalDate {
  const cutOff = parseCutOff(policy.cutOff);
  if (!Number.isInteger(policy.leadDays) || policy.leadDays < 0) throw new InvalidDate(`lead time ${policy.leadDays} is not a whole number of business days`, 'leadDays', { leadDays: policy.leadDays });
  const calendar = new BusinessCalendar({ holidays: policy.holidays ?? [] });
  const now = bankNow(policy.timeZone, policy.now);
  // The business day the bank takes the file on: today before the cut-off, else the next one.
  let day = calendar.isBusinessDay(now.date) && now.minutes < cutOff ? now.date : calendar.nextBusinessDay(now.date);
  for (let i = 0; i < policy.leadDays; i++) day = calendar.nextBusinessDay(day);
  return day;
}

/**
 * Checks a requested collection date against the calendar and the lead time. Too early or not a
 * business day: with `roll-forward`, the first business day that works (`rolled`, with the reason);
 * with `reject`, `CollectionRuleBroken` (rule `collection-date`) naming the earliest date.
 */
export function resolveCollectionDate(requested: string, policy: CollectionDatePolicy): ResolvedCollectionDate {
  const date = parseLocalDate(requested, 'collectionDate');
  const earliest = earliestCollectionDate(policy);
  const calendar = new BusinessCalendar({ holidays: policy.holidays ?? [] });
  const closure = calendar.closureOf(date);
  const reason =
    date < earliest
      ? `${date} is before ${earliest}, the first collection date for a file submitted now (D-${policy.leadDays}, cut-off ${policy.cutOff} ${policy.timeZone})`
      : closure
        ? `${date} is not a TARGET2 business day (${closure.name})`
        : undefined;
  if (!reason) return { date, rolled: false, earliest };
  const valid = calendar.businessDayOnOrAfter(date < earliest ? earliest : date);
  if (policy.onLate === 'reject') {
    throw new CollectionRuleBroken(`collection date rejected: ${reason}`, 'collectionDate', 'collection-date', { requested: date, earliestValidDate: valid });
  }
  return { date: valid, rolled: true, earliest, reason };
}

export type NoticeStatus = 'sent' | 'sent-late' | 'due' | 'overdue';

export interface PreNotification {
  /** The last day the notice may reach the debtor. */
  noticeBy: LocalDate;
  /** sent (in time), sent-late, due (not sent, still in time), overdue (not sent, too late). */
  status: NoticeStatus;
}

/** The pre-notification of a collection on `collectionDate`, `days` calendar days before it, as of `today`. */
export function preNotification(collectionDate: LocalDate, today: LocalDate, options: { days?: number; sentOn?: LocalDate } = {}): PreNotification {
  const days = options.days ?? 14;
  if (!Number.isInteger(days) || days < 0) throw new InvalidDate(`pre-notification period ${days} is not a whole number of days`, 'preNotificationDays', { days });
  const noticeBy = addDays(collectionDate, -days);
  if (options.sentOn) return { noticeBy, status: options.sentOn <= noticeBy ? 'sent' : 'sent-late' };
  return { noticeBy, status: today <= noticeBy ? 'due' : 'overdue' };
}

/** Refuses a collection whose debtor was not told in time (sent late, or not sent and too late now). */
export function assertPreNotified(collection: { endToEndId: string; collectionDate: LocalDate }, today: LocalDate, options: { days?: number; sentOn?: LocalDate } = {}): PreNotification {
  const notice = preNotification(collection.collectionDate, today, options);
  if (notice.status === 'sent-late' || notice.status === 'overdue') {
    throw new CollectionRuleBroken(
      `collection ${collection.endToEndId} on ${collection.collectionDate}: the debtor ${notice.status === 'sent-late' ? `was told on ${options.sentOn}` : 'has not been told'}; the notice was due by ${notice.noticeBy}`,
      'collectionDate',
      'pre-notification',
      { endToEndId: collection.endToEndId, noticeBy: notice.noticeBy, ...(options.sentOn ? { sentOn: options.sentOn } : {}) },
    );
  }
  return notice;
}
