import { describe, expect, it } from 'vitest';
import { Money } from '../../../banking/index.js';
import { BusinessRuleError } from '../../../bots/kit/errors.js';
import { checkedStatement, StatementCurrencyMismatch, StatementOutOfBalance, type Statement } from '../../../extractors/statement/index.js';

const src = { file: 'x.sta', line: 1, source: ':20:' };
function statement(opening: string, amounts: string[], closing: string, currency = 'EUR'): Statement {
  return {
    format: 'mt940',
    id: 'STMT1',
    account: { id: 'NL81ASNB9999999999' },
    currency,
    opening: { amount: Money.of(opening, currency), date: '2026-11-20', type: '60F', provenance: src },
    closing: { amount: Money.of(closing, currency), date: '2026-11-20', type: '62F', provenance: src },
    otherBalances: [],
    entries: amounts.map((a) => ({
      bookingDate: null,
      valueDate: '2026-11-20',
      amount: Money.of(a, currency),
      references: {},
      remittance: '',
      provenance: src,
    })),
    provenance: src,
  };
}

describe('checkedStatement', () => {
  it('passes a statement whose entries add up, exactly', () => {
    const s = statement('100.10', ['0.20', '-50.00', '0.10'], '50.40');
    expect(checkedStatement(s)).toBe(s);
  });

  it('refuses one that does not, naming the statement and the difference, as a BusinessRuleError', () => {
    const s = statement('100.00', ['-10.00'], '95.00');
    let err: unknown;
    try {
      checkedStatement(s);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatementOutOfBalance);
    expect(err).toBeInstanceOf(BusinessRuleError);
    const e = err as StatementOutOfBalance;
    expect(e.message).toContain('"STMT1"');
    expect(e.message).toContain('difference 5.00');
    expect(e.details).toMatchObject({ statement: 'STMT1', difference: { amount: '5.00', currency: 'EUR' } });
  });

  it('refuses an entry in another currency', () => {
    const s = statement('1', ['1'], '2');
    s.entries[0]!.amount = Money.of('1', 'USD');
    expect(() => checkedStatement(s)).toThrow(StatementCurrencyMismatch);
  });
});
