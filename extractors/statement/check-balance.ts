import { BusinessRuleError, Money } from '../../banking/index.js';
import { flagged } from './flags.js';
import type { Statement } from './types.js';

/** Opening plus the entries does not equal closing: the statement is incomplete or misread. */
export class StatementOutOfBalance extends BusinessRuleError {
  override readonly whatNext =
    'Check the source file for a missing page or entry (or a misread amount) and read it again; a statement that does not add up is never booked or reconciled.';
}

/** A statement whose balances or entries are in another currency than the statement's. */
export class StatementCurrencyMismatch extends BusinessRuleError {
  override readonly whatNext = 'Check the statement: every balance and entry of one statement must be in its currency.';
}

function describe(s: Statement): string {
  const where = s.provenance.line ? `${s.provenance.file}:${s.provenance.line}` : s.provenance.page ? `${s.provenance.file} page ${s.provenance.page}` : s.provenance.file;
  return `statement "${s.id}" of account ${s.account.id} (${where})`;
}

/**
 * Returns the statement when opening + Σ entries = closing, exactly; else throws
 * `StatementOutOfBalance` naming the statement and the difference (closing − (opening + entries)).
 * The statement comes back flagged (see flags.ts).
 */
export function checkedStatement(s: Statement): Statement {
  for (const [what, m] of [
    ['opening balance', s.opening.amount],
    ['closing balance', s.closing.amount],
    ...s.entries.map((e, i) => [`entry ${i + 1}`, e.amount] as const),
  ] as const) {
    if (m.currency !== s.currency) {
      throw new StatementCurrencyMismatch(`${describe(s)}: ${what} is in ${m.currency}, the statement in ${s.currency}`, {
        statement: s.id,
        account: s.account.id,
        what,
        currency: m.currency,
        statementCurrency: s.currency,
      });
    }
  }
  const computed = s.opening.amount.plus(Money.sum(s.entries.map((e) => e.amount), s.currency));
  if (!computed.equals(s.closing.amount)) {
    const difference = s.closing.amount.minus(computed);
    throw new StatementOutOfBalance(
      `${describe(s)} does not add up: opening ${s.opening.amount.toString()} + ${s.entries.length} entries = ${computed.toString()}, but closing is ${s.closing.amount.toString()} (difference ${difference.toString()})`,
      {
        statement: s.id,
        account: s.account.id,
        file: s.provenance.file,
        opening: s.opening.amount.toJSON(),
        entriesTotal: Money.sum(s.entries.map((e) => e.amount), s.currency).toJSON(),
        closing: s.closing.amount.toJSON(),
        difference: difference.toJSON(),
        entries: s.entries.length,
      },
    );
  }
  return flagged(s);
}
