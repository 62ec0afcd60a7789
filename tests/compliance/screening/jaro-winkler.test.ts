import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from '../../../compliance/screening/index.js';

describe('Jaro-Winkler', () => {
  it('the published values (Winkler 1990; the Wikipedia examples)', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
    expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(0.822, 3);
    expect(jaro('DIXON', 'DICKSONX')).toBeCloseTo(0.767, 3);
  });

  it('edge cases: equal, empty, nothing in common, symmetric', () => {
    expect(jaroWinkler('SMITH', 'SMITH')).toBe(1);
    expect(jaroWinkler('', '')).toBe(0);
    expect(jaroWinkler('ABC', '')).toBe(0);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('CRATE', 'TRACE')).toBeCloseTo(jaroWinkler('TRACE', 'CRATE'), 12);
    // longer than the reused buffers
    const long = 'A'.repeat(100) + 'B';
    expect(jaroWinkler(long, long.replace('B', 'C'))).toBeGreaterThan(0.99);
  });
});
