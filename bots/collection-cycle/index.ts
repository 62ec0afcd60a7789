/**
 * bots/collection-cycle — a creditor's direct-debit collections, from its file to the bank:
 *
 *   collectionCycleRun      // the run: a sheet of claims (drop folder collectionFiles.inbox, the board, rpa dispatch)
 *   collectionPlan          // bot, one per claim: checked against the mandate book and the rules, screened, planned once
 *   collectionCycle         // bot, the run's parent: re-presentations added, pain.008 written, validated, submitted once
 *   refreshCycleReport      // the cycle's report (JSON, XLSX, PDF in <dataDir>/reports) again from the ledger, after answers
 *
 * The bank's answers come back through bots/collection-return (the collection-answers run).
 */
export { collectionCycle, collectionCycleInput, type CollectionCycleResult } from './cycle.js';
export { collectionPlan, collectionPlanInput, type CollectionPlanInput, type CollectionPlanResult } from './plan-item.js';
export { collectionRunId, CollectionSheetRejected, planCollectionSheet, type CollectionCycleInput } from './plan.js';
export { collectionCycleRun } from './run.js';
export { collectionSheetSpec } from './sheet-spec.js';
export { buildCycleReport, refreshCycleReport, writeCycleReport, type CollectionCycleReport, type CycleHeader } from './report.js';
