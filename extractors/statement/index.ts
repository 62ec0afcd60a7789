/** The statement shape every statement reader returns, and its balance check. */
export * from './types.js';
export { checkedStatement, StatementCurrencyMismatch, StatementOutOfBalance } from './check-balance.js';
export { flagged } from './flags.js';
