/**
 * How long items take, per bot, as a Prometheus histogram kept in the worker process: each attempt
 * that ends (done or failed) is observed from its job's times. Per process, as Prometheus expects:
 * it sums the workers' histograms itself.
 */
import type { Job, Worker } from 'bullmq';
import type { Family } from './exposition.js';

const BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class ItemDurations {
  private readonly byBot = new Map<string, Histogram>();

  observe(bot: string, seconds: number): void {
    let h = this.byBot.get(bot);
    if (!h) this.byBot.set(bot, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.counts[i]!++;
    });
    h.sum += seconds;
    h.count++;
  }

  /** Observes every attempt a BullMQ worker of `bot` ends. */
  watch(worker: Worker, bot: string): void {
    const seen = (job: Job | undefined) => {
      if (job?.processedOn && job.finishedOn) this.observe(bot, (job.finishedOn - job.processedOn) / 1000);
    };
    worker.on('completed', seen);
    worker.on('failed', seen);
  }

  family(): Family {
    const samples = [...this.byBot.entries()].flatMap(([bot, h]) => [
      ...BUCKETS.map((b, i) => ({ suffix: '_bucket', labels: { bot, le: String(b) }, value: h.counts[i]! })),
      { suffix: '_bucket', labels: { bot, le: '+Inf' }, value: h.count },
      { suffix: '_sum', labels: { bot }, value: Math.round(h.sum * 1000) / 1000 },
      { suffix: '_count', labels: { bot }, value: h.count },
    ]);
    return { name: 'rpa_item_duration_seconds', help: 'Time an attempt of an item took, from its start to its end (done or failed), in this worker process.', type: 'histogram', samples };
  }
}
