/**
 * How far recognised text is from the truth, for measuring OCR quality (tests, benchmark,
 * checking a new model): the character error rate.
 */

/** Character error rate: Levenshtein distance over characters / length of the truth, after collapsing whitespace. */
export function characterErrorRate(recognised: string, truth: string): number {
  const a = [...normalise(recognised)];
  const b = [...normalise(truth)];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return b.length ? prev[b.length]! / b.length : a.length ? 1 : 0;
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();
