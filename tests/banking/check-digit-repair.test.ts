import { describe, expect, it } from 'vitest';
import { creditorIdCheckDigits, isCreditorId, isIban, repairByCheckDigits } from '../../banking/index.js';

describe('repairByCheckDigits: a look-alike read wrong, corrected only when exactly one substitution fits', () => {
  it('leaves a valid code alone', () => {
    expect(repairByCheckDigits('DE89 3704 0044 0532 0130 00', isIban)).toEqual({ outcome: 'valid', value: 'DE89370400440532013000' });
  });

  it.each([
    ['DE89 37O4 0044 0532 0130 00', 'O', '0'],
    ['DE89 3704 0044 0532 0l30 00', 'L', '1'],
    ['DE89 3704 0044 O532 0130 00', 'O', '0'],
    ['DE89 3704 0044 0532 0I30 00', 'I', '1'],
    ['DE89 3704 0044 0S32 0130 00', 'S', '5'],
    ['DE89 3704 0044 0532 0130 0O', 'O', '0'],
  ])('%s: one letter in place of a digit', (reading, from, to) => {
    const r = repairByCheckDigits(reading, isIban);
    expect(r.outcome).toBe('repaired');
    if (r.outcome !== 'repaired') return;
    expect(r.value).toBe('DE89370400440532013000');
    expect([r.repair.from, r.repair.to]).toEqual([from, to]);
  });

  it('corrects a creditor identifier, never by changing its business code (the check does not cover it)', () => {
    const id = `DE${creditorIdCheckDigits('DE', '12345678901')}ZZZ12345678901`;
    const r = repairByCheckDigits(id.replace('45', '4S'), isCreditorId, (i) => i < 4 || i >= 7);
    expect(r).toMatchObject({ outcome: 'repaired', value: id, repair: { position: 11, from: 'S', to: '5' } });
    // The business code may hold anything: a look-alike there is never "corrected".
    expect(repairByCheckDigits('DE98Z2Z09999999999', isCreditorId, (i) => i < 4 || i >= 7)).toEqual({ outcome: 'valid', value: 'DE98Z2Z09999999999' });
  });

  it('gives up when no substitution fits, or when two different ones do', () => {
    // Two characters wrong: no single substitution repairs it.
    expect(repairByCheckDigits('DE89 37O4 0044 0532 0I30 00', isIban)).toEqual({ outcome: 'unrepairable', candidates: [] });
    // A digit read as another digit is not a look-alike: nothing to try.
    expect(repairByCheckDigits('DE89 3704 0044 0532 0130 01', isIban).outcome).toBe('unrepairable');
    // Ambiguous: a toy check that two substitutions satisfy.
    const toy = (c: string) => c === '8OC' || c === 'B0C';
    expect(repairByCheckDigits('BOC', toy)).toEqual({ outcome: 'unrepairable', candidates: ['8OC', 'B0C'] });
  });
});
