import { identifyFile } from '../../extractors/input/index.js';
import { defineRun } from '../kit/index.js';
import { planPaymentFile } from './plan.js';

/** What the payment run reads: workbooks and CSV text (an empty or damaged one is explained by the sheet reader). */
const TAKEN = new Set(['spreadsheet', 'text', 'empty']);

/**
 * A payment instruction file (Excel or CSV) becomes one run: a payment-entry item per row, and a
 * payment-batch parent that writes the run's report once every payment has an outcome.
 */
export const paymentBatchRun = defineRun({
  name: 'payment-batch',
  title: 'Payment instruction file',
  takes: 'payment instruction files: Excel workbooks (.xlsx) or CSV text, one payment per row',
  extensions: ['.xlsx', '.csv', '.txt'],
  accepts: async (file) => {
    const what = await identifyFile(file);
    return TAKEN.has(what.kind) ? { accepted: true } : { accepted: false, fileIs: what.label };
  },
  inbox: (config) => {
    const p = config.paymentFiles;
    return { dir: p.inbox, watch: p.watch, pollMs: p.pollMs, maxCrashes: p.maxCrashes };
  },
  plan: (file, config) => planPaymentFile(file, config),
});
