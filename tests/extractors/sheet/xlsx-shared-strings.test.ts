import { describe, expect, it } from 'vitest';
import { SharedStrings } from '../../../extractors/sheet/xlsx-shared-strings.js';

describe('shared strings kept compactly', () => {
  it('gives back every text across many joined segments', () => {
    const table = new SharedStrings();
    const texts = Array.from({ length: 5_000 }, (_, i) => (i % 7 === 0 ? '' : `text ${i} ${'€ü'.repeat(i % 3)}`));
    for (const t of texts) table.add(t);
    expect(table.size).toBe(texts.length);
    texts.forEach((t, i) => expect(table.get(i)).toBe(t));
  });

  it('rich text joined, an empty entry null, an unknown index undefined', () => {
    const table = new SharedStrings();
    table.add({ richText: [{ text: 'bold ', font: { bold: true } }, { text: 'plain' }] });
    table.add(null);
    table.add('last');
    expect([table.get(0), table.get(1), table.get(2)]).toEqual(['bold plain', null, 'last']);
    expect([table.get(3), table.get(-1), table.get(NaN)]).toEqual([undefined, undefined, undefined]);
  });

  it('texts added after a read are appended to the partial last segment', () => {
    const table = new SharedStrings();
    for (let i = 0; i < 1_500; i++) table.add(`a${i}`);
    expect(table.get(1_499)).toBe('a1499');
    for (let i = 1_500; i < 2_100; i++) table.add(`a${i}`);
    for (const i of [0, 1_023, 1_024, 1_499, 1_500, 2_047, 2_048, 2_099]) expect(table.get(i)).toBe(`a${i}`);
  });
});
