/**
 * The reconciliation service bots declare (`defineBot({ services: [reconcileService] })` →
 * `ctx.services.reconcile`): the statements fetched per account and day, the breaks carried from
 * day to day, what our own bots did that statements should show, and the daily balancing.
 */
import { defineService } from '../kit/index.js';
import { BreakBook } from './break-book.js';
import { StatementBook } from './statement-book.js';
import { ExpectedBook } from './expected-book.js';
import { BalancingBook } from './balancing-book.js';

export interface ReconcileStores {
  statements: StatementBook;
  breaks: BreakBook;
  /** What our own bots did that statements should show (payments entered). */
  expected: ExpectedBook;
  balancing: BalancingBook;
}

declare module '../kit/context.js' {
  interface BotServices {
    /** Statements fetched and breaks carried (bots/reconcile). */
    readonly reconcile: ReconcileStores;
  }
}

export const reconcileService = defineService(
  'reconcile',
  (deps): ReconcileStores => ({
    statements: new StatementBook(deps.redis, deps.keyPrefix),
    breaks: new BreakBook(deps.redis, deps.keyPrefix),
    expected: new ExpectedBook(deps.redis, deps.keyPrefix),
    balancing: new BalancingBook(deps.redis, deps.keyPrefix),
  }),
);
