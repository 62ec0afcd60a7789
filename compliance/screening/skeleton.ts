/**
 * A word's consonant skeleton, the way transliterations spell names alike: C and Q as K, Z as S, W as
 * V, PH as F, X as KS; vowels and Y dropped; a consonant repeated (also across vowels) written once. OMAR and UMAR are MR; MOHAMMED and MUHAMAD both MHMD; ALEXANDR and
 * ALEKSANDR both LKSNDR. Two words whose skeletons are within one edit may be spellings of one name.
 */
export function skeleton(word: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < word.length; i++) {
    let c = word[i]!;
    if (c === 'A' || c === 'E' || c === 'I' || c === 'O' || c === 'U' || c === 'Y') continue;
    if (c === 'P' && word[i + 1] === 'H') {
      c = 'F';
      i++;
    } else if (c === 'C' || c === 'Q') c = 'K';
    else if (c === 'Z') c = 'S';
    else if (c === 'W') c = 'V';
    if (c === 'X') {
      if (last !== 'K') out += 'K';
      out += 'S';
      last = 'S';
      continue;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}
