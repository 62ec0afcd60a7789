/**
 * The reconciliation service bots declare (`defineBot({ services: [reconcileService] })` →
 * `ctx.services.reconcile`): the statements fetched per account and day, and the breaks carried from
 * day to day.
 */
import { defineService } from '../kit/index.js';
import { BreakBook } from './break-book.js';
import { StatementBook } from './statement-book.js';

export interface ReconcileStores {
  statements: StatementBook;
  breaks: BreakBook;
}

declare module '../kit/context.js' {
  interface BotServices {
    /** Statements fetched and breaks carried (bots/reconcile). */
    readonly reconcile: ReconcileStores;
  }
}

export const reconcileService = defineService('reconcile', (deps): ReconcileStores => ({ statements: new StatementBook(deps.redis, deps.keyPrefix), breaks: new BreakBook(deps.redis, deps.keyPrefix) }));
