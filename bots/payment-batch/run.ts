import { acceptsSheet, defineRun } from '../kit/index.js';
import { planPaymentFile } from './plan.js';

/**
 * A payment instruction file (Excel or CSV) becomes one run: a payment-entry item per row, and a
 * payment-batch parent that writes the run's report once every payment has an outcome.
 */
export const paymentBatchRun = defineRun({
  name: 'payment-batch',
  title: 'Payment instruction file',
  takes: 'payment instruction files: Excel workbooks (.xlsx) or CSV text, one payment per row',
  extensions: ['.xlsx', '.csv', '.txt'],
  accepts: acceptsSheet,
  inbox: (config) => {
    const p = config.paymentFiles;
    return { dir: p.inbox, watch: p.watch, pollMs: p.pollMs, maxCrashes: p.maxCrashes };
  },
  plan: (file, config) => planPaymentFile(file, config),
});
