import { BusinessCalendar, addDays } from '../banking/index.js';

/**
 * Business days between dates, for the windows and the ages: each date's count of TARGET2 business
 * days since the earliest date seen (a weekend date counts as the business day after the one before).
 */
export class BusinessDays {
  private readonly ordinal = new Map<string, number>();

  constructor(dates: Iterable<string>, holidays: readonly string[] = []) {
    const all = [...new Set(dates)].sort();
    if (!all.length) return;
    const calendar = new BusinessCalendar({ holidays: [...holidays] });
    const last = all[all.length - 1]!;
    let n = 0;
    for (let d = all[0]!; d <= last; d = addDays(d as never, 1)) {
      this.ordinal.set(d, n);
      if (calendar.isBusinessDay(d)) n++;
    }
  }

  /** Business days from `a` to `b` (negative when b is before a). */
  between(a: string, b: string): number {
    const x = this.ordinal.get(a);
    const y = this.ordinal.get(b);
    if (x === undefined || y === undefined) throw new Error(`reconciliation: date ${x === undefined ? a : b} was not among the lines' dates`);
    return y - x;
  }
}
