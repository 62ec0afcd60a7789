import { identifyFile } from '../../extractors/input/index.js';
import { defineRun } from '../kit/index.js';
import { planCollectionSheet } from './plan.js';

/** Sheets: workbooks and CSV text (an empty or damaged one is explained by the sheet reader). */
const SHEETS = new Set(['spreadsheet', 'text', 'empty']);

/**
 * A creditor's collections as one run: a sheet (Excel or CSV, a claim per row: mandate reference,
 * amount, collection date), a collection-plan item per claim, and the cycle's parent, which writes,
 * validates and submits the pain.008 file.
 */
export const collectionCycleRun = defineRun({
  name: 'collection-cycle',
  title: 'Direct-debit collections (a cycle)',
  takes: "a creditor's collections: a sheet (Excel .xlsx or CSV) with a mandate reference, an amount and a collection date per row",
  extensions: ['.xlsx', '.csv', '.txt'],
  accepts: async (file) => {
    const what = await identifyFile(file);
    return SHEETS.has(what.kind) ? { accepted: true } : { accepted: false, fileIs: what.label };
  },
  inbox: (config) => {
    const c = config.collectionFiles;
    return { dir: c.inbox, watch: c.watch, pollMs: c.pollMs, maxCrashes: c.maxCrashes };
  },
  plan: (file, config) => planCollectionSheet(file, config),
});
