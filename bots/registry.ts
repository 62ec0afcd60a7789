import type { AnyBot } from './kit/define-bot.js';
import type { Run } from './kit/define-run.js';
import type { TargetAdapter } from './kit/target.js';
import { balanceCheck } from './balance-check/index.js';
import { collectionCycle, collectionCycleRun, collectionPlan } from './collection-cycle/index.js';
import { collectionAnswers, collectionAnswersFetch, collectionAnswersRun, collectionReturn } from './collection-return/index.js';
import { collectionSubmit } from './collection-submit/index.js';
import { ddControl, ddControlOfDay, ddControlRun } from './dd-control/index.js';
import { statementFetch, statementsOfDay, statementsOfDayRun } from './statement-fetch/index.js';
import { statementFile, statementFiles, statementFilesRun } from './statement-file/index.js';
import { reconcileAccount, reconcileBreak, reconcileDay, reconcileDayRun } from './reconcile-day/index.js';
import { paymentBatch, paymentBatchRun } from './payment-batch/index.js';
import { mandateBatch, mandateBatchRun } from './mandate-batch/index.js';
import { mandateEntry } from './mandate-entry/index.js';
import { paymentEntry } from './payment-entry/index.js';
import { legacyBankTarget } from './targets/legacy-bank/index.js';
import { mandateHostTarget } from './targets/mandate-host/index.js';

/** Every bot the worker host can run, by name. New bots are added here. */
export const BOTS: AnyBot[] = [balanceCheck, paymentEntry, paymentBatch, mandateEntry, mandateBatch, collectionSubmit, collectionReturn, collectionAnswers, collectionAnswersFetch, collectionPlan, collectionCycle, ddControl, ddControlOfDay, statementFetch, statementsOfDay, statementFile, statementFiles, reconcileAccount, reconcileBreak, reconcileDay];

/** Every run (a source that becomes items), by name: the drop folders, the board and `rpa dispatch` find them here. */
export const RUNS: Run[] = [paymentBatchRun, mandateBatchRun, collectionCycleRun, collectionAnswersRun, statementFilesRun, reconcileDayRun, statementsOfDayRun, ddControlRun];

/** Every legacy system the kit can log into. */
export const TARGETS: TargetAdapter[] = [legacyBankTarget, mandateHostTarget];

export const botRegistry = () => new Map(BOTS.map((b) => [b.name, b]));
export const targetRegistry = () => new Map(TARGETS.map((t) => [t.name, t]));
export const runRegistry = () => new Map(RUNS.map((r) => [r.name, r]));
