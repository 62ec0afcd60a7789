/**
 * Columns of a table: found from the header line's cells (a column's printed names), then each
 * line's words are cut into phrases and each phrase goes to the column whose header it lines up
 * with — by the left edge for left-aligned columns (text, dates), by the right edge for
 * right-aligned ones (amounts), by the centre for centred ones.
 */
import type { TextLine, Word } from './lines.js';

export type Align = 'left' | 'right' | 'center';

/** A column as a template declares it: its key, the names its header may have, its alignment. */
export interface ColumnDef {
  key: string;
  names: readonly string[];
  align: Align;
}

/** A column as found on a header line. */
export interface HeaderColumn {
  key: string;
  /** The header text as printed ("Booking date"). */
  header: string;
  left: number;
  right: number;
  align: Align;
}

export interface Cell {
  text: string;
  words: Word[];
}

/** Lowercase, without a trailing colon or full stop: how header words are compared. */
export function normalizeWord(s: string): string {
  return s.toLowerCase().replace(/[:.]+$/, '');
}

interface Alias {
  key: string;
  tokens: string[];
}

/** Compiled column names: every name as normalized words, longest first (so "Value date" wins over "Date"). */
export class HeaderMatcher {
  private readonly aliases: Alias[];
  private readonly align: Map<string, Align>;
  private readonly firstTokens: Set<string>;

  constructor(columns: readonly ColumnDef[]) {
    this.aliases = columns
      .flatMap((c) => c.names.map((n) => ({ key: c.key, tokens: n.trim().split(/\s+/).map(normalizeWord) })))
      .sort((a, b) => b.tokens.length - a.tokens.length);
    this.align = new Map(columns.map((c) => [c.key, c.align]));
    this.firstTokens = new Set(this.aliases.map((a) => a.tokens[0]!));
  }

  /** The columns whose names appear on this line (each column at most once). */
  match(line: TextLine): HeaderColumn[] {
    const words = line.words;
    const norm = words.map((w) => normalizeWord(w.text));
    if (!norm.some((t) => this.firstTokens.has(t))) return [];
    const used = new Array<boolean>(words.length).fill(false);
    const found: HeaderColumn[] = [];
    const taken = new Set<string>();
    const maxGap = 1.5 * line.height;
    for (const alias of this.aliases) {
      if (taken.has(alias.key)) continue;
      const n = alias.tokens.length;
      for (let i = 0; i + n <= words.length; i++) {
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          ok = !used[i + k] && norm[i + k] === alias.tokens[k] && (k === 0 || words[i + k]!.x - right(words[i + k - 1]!) <= maxGap);
        }
        if (!ok) continue;
        for (let k = 0; k < n; k++) used[i + k] = true;
        const cellWords = words.slice(i, i + n);
        found.push({
          key: alias.key,
          header: cellWords.map((w) => w.text).join(' '),
          left: cellWords[0]!.x,
          right: right(cellWords[n - 1]!),
          align: this.align.get(alias.key) ?? 'left',
        });
        taken.add(alias.key);
        break;
      }
    }
    return found.sort((a, b) => a.left - b.left);
  }
}

const right = (w: Word): number => w.x + w.width;

/** Words closer than this (in line heights) belong to one phrase, unless a column edge splits them. */
const PHRASE_GAP = 0.8;
/** How far (in line heights) a phrase's edge may be from its column's edge and still "line up". */
const EDGE_TOLERANCE = 0.6;

/** The line's text by column key (only columns that have text on this line). */
export function cellsOf(line: TextLine, columns: readonly HeaderColumn[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const words = line.words;
  if (words.length === 0 || columns.length === 0) return cells;
  const tol = EDGE_TOLERANCE * line.height;
  const gap = PHRASE_GAP * line.height;
  let start = 0;
  for (let i = 1; i <= words.length; i++) {
    if (i < words.length && !breaksBetween(words[i - 1]!, words[i]!, columns, gap, tol)) continue;
    const phrase = words.slice(start, i);
    const key = columnFor(phrase, columns, tol);
    const cell = cells.get(key);
    if (cell) {
      cell.words.push(...phrase);
      cell.text += ' ' + phrase.map((w) => w.text).join(' ');
    } else {
      cells.set(key, { text: phrase.map((w) => w.text).join(' '), words: phrase });
    }
    start = i;
  }
  return cells;
}

function breaksBetween(prev: Word, next: Word, columns: readonly HeaderColumn[], gap: number, tol: number): boolean {
  if (next.x - right(prev) > gap) return true;
  for (const c of columns) {
    // The next word starts where a left-aligned column starts: a new cell.
    if (c.align === 'left' && Math.abs(next.x - c.left) <= tol && right(prev) <= c.left) return true;
    // The previous word ends where a right-aligned column ends: its cell is complete.
    if (c.align === 'right' && Math.abs(right(prev) - c.right) <= tol && next.x >= c.right) return true;
  }
  return false;
}

/**
 * The column a phrase belongs to: the one whose edge it lines up with best. A phrase inside a
 * left-aligned column's stretch (from its left edge to where the next column's header starts) that
 * lines up with nothing — a word after a wide space in a description — stays in that column.
 */
function columnFor(phrase: readonly Word[], columns: readonly HeaderColumn[], tol: number): string {
  const left = phrase[0]!.x;
  const r = right(phrase[phrase.length - 1]!);
  let best = columns[0]!;
  let bestDistance = Infinity;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    let d: number;
    if (c.align === 'left') {
      d = Math.abs(left - c.left);
      const stretchEnd = columns[i + 1]?.left ?? Infinity;
      if (left > c.left && left < stretchEnd) d = Math.min(d, tol);
    } else if (c.align === 'right') {
      d = Math.abs(r - c.right);
    } else {
      d = Math.abs((left + r) / 2 - (c.left + c.right) / 2);
    }
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best.key;
}
