/**
 * The workbook's shared-strings table, kept compactly. A payment file has a distinct text per row
 * and column (references, end-to-end ids, remittance): 710,000 strings for 200,000 rows. Held as
 * the strings the XML parser made, each is a slice that keeps its whole 64 KB parse chunk alive,
 * ~50 MB; joined into large strings of SEGMENT texts each, the same table takes ~15 MB, and a cell
 * gets its text back as a slice of the joined string.
 *
 * Values as exceljs's cache holds them, reduced as `fromExcelValue` would: rich text joined, an
 * empty `<si>` (exceljs: null) an empty cell.
 */
import type ExcelJS from 'exceljs';
import { fromExcelValue } from './cells.js';

const SEGMENT_BITS = 10;
const SEGMENT = 1 << SEGMENT_BITS; // texts per joined string

export class SharedStrings {
  private readonly segments: string[] = [];
  /** Where text i starts in its segment. */
  private starts = new Uint32Array(SEGMENT);
  private count = 0;
  /** Texts of the last, unjoined segment. */
  private pending: string[] = [];
  private pendingLength = 0;
  /** Indices of empty `<si>` elements. */
  private nulls: Set<number> | undefined;

  get size(): number {
    return this.count;
  }

  private chars = 0;

  /** Characters of every text so far. */
  get characters(): number {
    return this.chars;
  }

  /** The next entry, as exceljs emits it: a string, `{ richText }`, or null for an empty one. */
  add(value: unknown): void {
    if (this.pending.length === 0 && this.count % SEGMENT !== 0) this.reopen();
    const text = value === null || value === undefined ? null : fromExcelValue(value as ExcelJS.CellValue);
    const s = typeof text === 'string' ? text : text === null ? '' : String(text);
    if (text === null) (this.nulls ??= new Set()).add(this.count);
    if (this.count === this.starts.length) {
      const grown = new Uint32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = this.pendingLength;
    this.pending.push(s);
    this.pendingLength += s.length;
    this.chars += s.length;
    if (this.count % SEGMENT === 0) this.seal();
  }

  /** Text i; null for an empty entry; undefined when there is no entry i. */
  get(index: number): string | null | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    if (this.pending.length) this.seal();
    if (this.nulls?.has(index)) return null;
    const segment = this.segments[index >>> SEGMENT_BITS]!;
    const next = index + 1;
    const end = next < this.count && next >>> SEGMENT_BITS === index >>> SEGMENT_BITS ? this.starts[next]! : segment.length;
    return segment.slice(this.starts[index]!, end);
  }

  private seal(): void {
    this.segments.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  /** More texts after a partial last segment was joined: take it back to append to. */
  private reopen(): void {
    const last = this.segments.pop()!;
    this.pending = [last];
    this.pendingLength = last.length;
  }
}
