import { z } from 'zod';
import { defineBot } from '../kit/index.js';
import { buildReport, writeReport } from './report.js';

export { planPaymentFile, runIdForFile, PaymentFileRejected, type PaymentRunPlan, type PaymentBatchInput } from './plan.js';
export { buildReport, writeReport, type RunReport } from './report.js';
export { paymentBatchRun } from './run.js';

/**
 * The parent of a payment file's run: it runs once every payment of the file has an outcome
 * (posted, already posted, or an exception), and writes the run's report.
 */
export const paymentBatch = defineBot({
  name: 'payment-batch',
  input: z.object({
    file: z.string(),
    sha256: z.string(),
    format: z.string(),
    sheet: z.string(),
    rows: z.number().int(),
    totals: z.object({ stated: z.string().nullable(), computed: z.string(), status: z.string() }).optional(),
  }),
  key: (i) => i.sha256,
  run: async (input, ctx) => {
    const report = buildReport(ctx.item.runId, input, await ctx.runItems());
    const paths = await writeReport(ctx.config.dataDir, report);
    ctx.log.info({ counts: report.counts, report: paths.json }, 'run report written');
    return { counts: report.counts, totals: report.totals, report: paths };
  },
});
