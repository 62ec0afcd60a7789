import { acceptsSheet, defineRun } from '../kit/index.js';
import { planCollectionSheet } from './plan.js';

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
  accepts: acceptsSheet,
  inbox: (config) => {
    const c = config.collectionFiles;
    return { dir: c.inbox, watch: c.watch, pollMs: c.pollMs, maxCrashes: c.maxCrashes };
  },
  plan: (file, config) => planCollectionSheet(file, config),
});
