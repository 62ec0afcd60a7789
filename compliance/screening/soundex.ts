const CODES: Record<string, string> = {
  B: '1', F: '1', P: '1', V: '1',
  C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2',
  D: '3', T: '3',
  L: '4',
  M: '5', N: '5',
  R: '6',
};

/**
 * American Soundex of an upper-case word (first letter and three digits: DWAYNE and DUANE are both
 * D500), a blocking key for the index: names that sound alike but share few letter triples meet here.
 */
export function soundex(word: string): string {
  const letters = word.replace(/[^A-Z]/g, '');
  if (!letters) return '';
  let out = letters[0]!;
  let last = CODES[out] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const c = letters[i]!;
    const code = CODES[c];
    if (code && code !== last) out += code;
    // H and W do not separate two letters of the same code; vowels do.
    if (c !== 'H' && c !== 'W') last = code ?? '';
  }
  return out.padEnd(4, '0');
}
