/**
 * CSV delimiter detection: for each candidate (; , tab |) count its occurrences outside quotes on
 * each of the first non-blank lines; the candidate whose most common non-zero count is shared by the
 * most lines wins (ties: higher count, then ; tab , |). Title lines and decimal commas inside
 * semicolon files do not fool it, because they are not consistent across lines.
 */
import type { CsvDelimiter } from './spec.js';

const CANDIDATES: CsvDelimiter[] = [';', '\t', ',', '|'];

export interface DelimiterChoice {
  delimiter: CsvDelimiter;
  source: 'declared' | 'detected' | 'default';
}

export function detectDelimiter(sample: string, maxLines = 50): DelimiterChoice {
  const lines = sample
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, maxLines);
  let best: { delimiter: CsvDelimiter; lines: number; mode: number } | undefined;
  for (const d of CANDIDATES) {
    const freq = new Map<number, number>();
    for (const line of lines) {
      const c = countOutsideQuotes(line, d);
      if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    }
    let mode = 0;
    let modeLines = 0;
    for (const [count, n] of freq) {
      if (n > modeLines || (n === modeLines && count > mode)) {
        mode = count;
        modeLines = n;
      }
    }
    if (modeLines === 0) continue;
    if (!best || modeLines > best.lines || (modeLines === best.lines && mode > best.mode)) {
      best = { delimiter: d, lines: modeLines, mode };
    }
  }
  return best ? { delimiter: best.delimiter, source: 'detected' } : { delimiter: ',', source: 'default' };
}

function countOutsideQuotes(line: string, d: string): number {
  let inQuotes = false;
  let n = 0;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === d && !inQuotes) n++;
  }
  return n;
}
