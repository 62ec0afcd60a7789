import { identifyFile } from '../../extractors/input/index.js';
import { defineRun } from '../kit/index.js';
import { planMandateSheet } from './plan.js';

/** What the mandate run reads from a sheet: workbooks and CSV text. */
const TAKEN = new Set(['spreadsheet', 'text', 'empty']);

/** A mandate sheet (a CRM's export, Excel or CSV) becomes one run: a mandate-entry item per row, and its report. */
export const mandateBatchRun = defineRun({
  name: 'mandate-batch',
  title: 'Mandate sheet',
  takes: 'SEPA mandate sheets: Excel workbooks (.xlsx) or CSV text, one mandate per row',
  extensions: ['.xlsx', '.csv', '.txt'],
  accepts: async (file) => {
    const what = await identifyFile(file);
    return TAKEN.has(what.kind) ? { accepted: true } : { accepted: false, fileIs: what.label };
  },
  inbox: (config) => {
    const m = config.mandateFiles;
    return { dir: m.inbox, watch: m.watch, pollMs: m.pollMs, maxCrashes: m.maxCrashes };
  },
  plan: (file, config) => planMandateSheet(file, config),
});
