/** The job schedulers (repeatable jobs) of every bot queue, with their next run times. */
import type { Runtime } from '../../runtime.js';

export interface ScheduleView {
  queue: string;
  id: string;
  name: string;
  /** A cron pattern, or every N ms. */
  pattern?: string;
  everyMs?: number;
  tz?: string;
  /** Next run (epoch ms). */
  next?: number;
  iterations?: number;
  limit?: number;
  endDate?: number;
}

export async function schedules(rt: Runtime, perQueue = 200): Promise<ScheduleView[]> {
  const lists = await Promise.all(
    [...rt.bots.keys()].sort().map(async (queue) => {
      const found = await rt.queue(queue).getJobSchedulers(0, perQueue - 1, true);
      return found.map(
        (s): ScheduleView => ({
          queue,
          id: s.key,
          name: s.name,
          pattern: s.pattern ?? undefined,
          everyMs: s.every ? Number(s.every) : undefined,
          tz: s.tz ?? undefined,
          next: s.next ?? undefined,
          iterations: s.iterationCount ?? undefined,
          limit: s.limit ?? undefined,
          endDate: s.endDate ?? undefined,
        }),
      );
    }),
  );
  return lists.flat().sort((a, b) => (a.next ?? Infinity) - (b.next ?? Infinity));
}
