import { describe, expect, it } from 'vitest';
import {
  BankingRuleError,
  ExecutionDateRejected,
  InvalidAmount,
  InvalidIban,
  isBankingRuleError,
  NotSepaCharacter,
  UnknownCurrency,
} from '../../banking/index.js';

describe('banking rule errors', () => {
  it('carry field, whatNext, details and their class name', () => {
    const e = new InvalidIban('IBAN DE…3000 is not valid: x', 'creditorIban', { iban: 'DE…3000' });
    expect(e).toBeInstanceOf(BankingRuleError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('InvalidIban');
    expect(e.field).toBe('creditorIban');
    expect(e.details).toEqual({ iban: 'DE…3000' });
    expect(e.whatNext).toMatch(/IBAN/);
  });

  it('isBankingRuleError tells banking errors from everything else', () => {
    expect(isBankingRuleError(new InvalidAmount('bad', 'amount'))).toBe(true);
    expect(isBankingRuleError(new UnknownCurrency('bad', 'currency'))).toBe(true);
    expect(isBankingRuleError(new NotSepaCharacter('bad', 'name'))).toBe(true);
    expect(isBankingRuleError(new Error('bad'))).toBe(false);
    expect(isBankingRuleError(new TypeError('bad'))).toBe(false);
    expect(isBankingRuleError({ field: 'x', whatNext: 'y' })).toBe(false);
    expect(isBankingRuleError(undefined)).toBe(false);
  });

  it('every class says what to do next', () => {
    const errors = [new InvalidAmount('m', 'f'), new InvalidIban('m', 'f'), new NotSepaCharacter('m', 'f'), new UnknownCurrency('m', 'f')];
    for (const e of errors) expect(e.whatNext.length).toBeGreaterThan(20);
  });

  it('ExecutionDateRejected names the problem and the earliest valid date', () => {
    const e = new ExecutionDateRejected('rejected', 'requestedExecutionDate', 'holiday', '2025-04-22');
    expect(e.problem).toBe('holiday');
    expect(e.earliestValidDate).toBe('2025-04-22');
    expect(e.details).toMatchObject({ problem: 'holiday', earliestValidDate: '2025-04-22' });
    expect(e.whatNext).toContain('2025-04-22');
  });
});
