import { acceptsSheet, defineRun } from '../kit/index.js';
import { planReconcileDay } from './plan.js';

/**
 * A day's reconciliation as one run: the books' ledger export of the day (Excel or CSV, a line per
 * expected movement, an account column), a reconcile-account item per account, a reconcile-break
 * item per break for people, and the day's parent, which writes the balancing report.
 */
export const reconcileDayRun = defineRun({
  name: 'reconcile-day',
  title: 'Daily reconciliation (a ledger export)',
  takes: "the books' ledger export of a day: a sheet (Excel .xlsx or CSV) with an account, a date and an amount (or debit and credit) per line",
  extensions: ['.xlsx', '.csv', '.txt'],
  accepts: acceptsSheet,
  inbox: (config) => {
    const c = config.reconciliation.ledgerFiles;
    return { dir: c.inbox, watch: c.watch, pollMs: c.pollMs, maxCrashes: c.maxCrashes };
  },
  plan: (file, config) => planReconcileDay(file, config),
});
