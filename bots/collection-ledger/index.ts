/**
 * bots/collection-ledger — the direct-debit ledger as a service bots declare
 * (`defineBot({ services: [collectionLedgerService] })` → `ctx.services.collections`):
 *
 *   plan(collection, source)              // a planned collection, recorded once
 *   step(e2e, mandateKey, to, { reason, source }) // planned → in-file → submitted → accepted → settled,
 *                                          // rejected / returned / refunded / re-presented; only allowed steps,
 *                                          // atomically: the same answer twice changes nothing the second time
 *   recordFile(messageId, e2eIds), knowsFile(messageId)
 *   mandateState(mandateKey)               // { presented, stopped? }: the next sequence type, and whether to collect
 *   stopMandate(mandateKey, reason)
 *   ofRun(runId), runIds()                 // a cycle's collections, for the board
 *   dueForRepresentation(e2e), claimRepresentations(runId, takes) // AM04: once, in the creditor's next cycle
 *   mandates: MandateBook                  // the register's terms (written by mandate-entry) and pending amendments
 *
 * and the bank's rules from config (`directDebits`): collectionPolicy(config), collectionDatePolicy(config, now),
 * configuredCreditor(config, creditorId); cycleReport(creditorId, cycle, collections): counts and sums by
 * state and reason, the R-rate and the return rate.
 */
import { defineService } from '../kit/index.js';
import { CollectionLedger } from './ledger.js';

export { CollectionLedger, type LedgerCollection, type StepResult, type StoredEntry } from './ledger.js';
export { MandateBook, type BookedMandate, type PendingAmendment } from './mandate-book.js';
export { collectionDatePolicy, collectionPolicy, configuredCreditor } from './policy.js';
export { cycleReport, type CycleReport } from './cycle-report.js';

declare module '../kit/context.js' {
  interface BotServices {
    /** The direct-debit ledger: collections, their states, the mandates' collection history. */
    readonly collections: CollectionLedger;
  }
}

export const collectionLedgerService = defineService('collections', (deps) => new CollectionLedger(deps.redis, deps.keyPrefix));
