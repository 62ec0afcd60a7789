/**
 * A worksheet's XML (`xl/worksheets/sheetN.xml`, inflated from the zip as it is read) → numbered
 * rows of plain cell values, scanned straight into {@link RawRow}s.
 *
 * Why not exceljs's own WorksheetReader: it builds a Row with Cell and Value objects per cell, over
 * SAX events (saxes builds a dictionary object of attributes per tag) that it holds for a whole
 * chunk while the rows are consumed: ~28 KB of garbage per row of a payment file, much of it
 * promoted to the old generation, and a heap past 300 MB for 200,000 rows. This scanner allocates a
 * small array per row and reads only the attributes it needs.
 *
 * The values are exceljs 4.4's (stream/xlsx/worksheet-reader.js), reduced as `fromExcelValue` would:
 *   t="s"               the shared string (rich text joined); an unknown index is an empty cell
 *   t="str"/"inlineStr" the text, XML-decoded once more as exceljs does
 *   t="b"               boolean (`parseInt(v) !== 0`); t="e" `{ error }`
 *   otherwise           `parseFloat(v)`, a Date (exceljs's `excelToDate`) when the cell's number format
 *                       (its own style, else its row's) is a date format
 *   a formula           its cached result: text for t="str", `{ error }` for t="e", boolean for t="b",
 *                       else `parseFloat` (no date conversion); no cached result: null
 * Deliberate differences, where exceljs loses data: a formula's result of 0, "", FALSE or an error
 * (exceljs keeps only truthy results, so these were empty cells) and TRUE (exceljs: the number 1);
 * the text of every run of a rich inline string (exceljs keeps the last), CDATA text, UTF-8
 * characters split across chunks (exceljs decodes each chunk apart), names with a namespace prefix
 * (`<x:c>`), and cells or rows without an `r` attribute (numbered on from the previous one).
 *
 * The scanner is not a validating parser, but it rejects what a damaged part looks like: a malformed
 * tag, a closing tag that does not match, a document that ends inside an element, a DTD.
 */
import { StringDecoder } from 'node:string_decoder';
import type { CellValue } from './cells.js';
import type { RawRow } from './row-source.js';
import { RpaError, type ErrorKind } from '../../banking/index.js';

export interface SheetXmlContext {
  /** Shared string i as a cell value; undefined (an empty cell) when there is none. */
  sharedString(index: number): CellValue | undefined;
  /** The number format of a style id (exceljs `styles.getStyleModel(id)?.numFmt`); null when there is no such style. */
  numFmt(styleId: number): string | undefined | null;
  date1904: boolean;
}

/** The sheet XML is not well-formed (xlsx-reader.ts turns this into a corrupt-xlsx file error). */
export class SheetXmlError extends RpaError {
  static override readonly kind: ErrorKind = 'business';
  readonly whatNext = 'Open the file in Excel and save it again, or ask the sender to export it again: the worksheet is damaged.';
  constructor(message: string) {
    super(`the worksheet XML is malformed: ${message}`);
  }
}

/** exceljs utils.isDateFmt: date characters outside quotes and brackets. */
export function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** exceljs utils.excelToDate. */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

const XML_ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['apos', "'"],
  ['quot', '"'],
]);

/** XML text: the five entities, character references, line ends normalised (as a parser does). */
export function decodeXmlText(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, e: string) => {
      if (e[0] !== '#') return XML_ENTITIES.get(e) ?? m;
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
  }
  return s.indexOf('\r') >= 0 ? s.replace(/\r\n?/g, '\n') : s;
}

/** exceljs utils.xmlDecode, applied by exceljs to text the SAX parser has already decoded. */
function xmlDecodeAgain(text: string): string {
  return text.indexOf('&') < 0 ? text : text.replace(/&([a-z]*);/g, (c, e: string) => XML_ENTITIES.get(e) ?? c);
}

/** 0-based column index of the cell reference in buf[from, to) ("B7" → 1), or -1. */
function columnAt(buf: string, from: number, to: number): number {
  let col = 0;
  let i = from;
  for (; i < to; i++) {
    const ch = buf.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) col = col * 26 + (ch - 96);
    else break;
  }
  return i === from ? -1 : col - 1;
}

/** `parseInt(buf.slice(from, to), 10)`, without the slice for plain digits. */
function intAt(buf: string, from: number, to: number): number {
  if (from >= to || to - from > 9) return parseInt(buf.slice(from, to), 10);
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = buf.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return parseInt(buf.slice(from, to), 10);
    n = n * 10 + d;
  }
  return n;
}

/** The names the scanner acts on, so that the common tags cost no string. */
const KNOWN = ['c', 'v', 'f', 't', 'r', 'is', 'row', 'rPh', 'sheetData'];
const isSpace = (ch: number) => ch === 32 || ch === 10 || ch === 9 || ch === 13;
const NAME_START = /^[A-Za-z_:\u00C0-\uFFFF]/;

/** Cell types (the t attribute) that change how a value is read. */
const enum CellType {
  Number, // n, d, absent, anything else
  Shared, // s
  Str, // str
  Inline, // inlineStr
  Error, // e
  Bool, // b
}

function cellTypeAt(buf: string, from: number, to: number): CellType {
  const len = to - from;
  if (len === 1) {
    const ch = buf.charCodeAt(from);
    return ch === 115 ? CellType.Shared : ch === 101 ? CellType.Error : ch === 98 ? CellType.Bool : CellType.Number;
  }
  if (len === 3 && buf.startsWith('str', from)) return CellType.Str;
  if (len === 9 && buf.startsWith('inlineStr', from)) return CellType.Inline;
  return CellType.Number;
}

/** Streams the rows of one worksheet XML document; yields the rows completed by each chunk. */
export async function* sheetXmlRows(chunks: AsyncIterable<Buffer | string>, ctx: SheetXmlContext): AsyncGenerator<RawRow[]> {
  const scanner = new SheetXmlScanner(ctx);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const rows = scanner.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (rows.length) yield rows;
  }
  const rows = scanner.end(decoder.end());
  if (rows.length) yield rows;
}

/**
 * The longest piece of markup (a tag with its attributes, a comment) the scanner waits for across
 * chunks. A longer one is refused: waiting for it would scan its start again with every chunk.
 */
export const MAX_MARKUP_CHARS = 1 << 20;

class SheetXmlScanner {
  private rest = '';
  private readonly open: string[] = []; // names of the open elements
  private sawRoot = false;
  private done: RawRow[] = [];
  private readonly dateStyles = new Map<number, boolean | null>(); // style id → date format?, null: no such style
  // the row being read
  private inSheetData = false;
  private row: RawRow | undefined;
  private rowStyle = -1; // its style id when it has one (<row s="..">)
  private lastRow = 0;
  // the cell being read
  private inCell = false;
  private col = -1;
  private lastCol = -1;
  private cellStyle = 0;
  private type = CellType.Number;
  private hasFormula = false;
  private hasValue = false;
  private text = '';
  private inText = false; // inside <v>, or a <t> of an inline string outside phonetic runs (<rPh>)
  private inPhonetic = false;
  // where the r, s and t attributes of the tag being opened are in the buffer (-1: absent)
  private rFrom = -1;
  private rTo = -1;
  private sFrom = -1;
  private sTo = -1;
  private tFrom = -1;
  private tTo = -1;

  constructor(private readonly ctx: SheetXmlContext) {}

  /** Scan as far as the text allows; returns the rows completed. */
  write(chunk: string): RawRow[] {
    const buf = this.rest === '' ? chunk : this.rest + chunk;
    let pos = 0;
    const n = buf.length;
    while (pos < n) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end of the chunk: taken now (all but an entity that may continue), so that
        // text or whitespace between tags is never carried over and copied again with every chunk.
        const amp = this.inText ? buf.lastIndexOf('&') : -1;
        const keep = amp >= pos && buf.indexOf(';', amp) < 0 && n - amp <= 12 ? amp : n;
        if (this.inText && keep > pos) this.text += decodeXmlText(buf.slice(pos, keep));
        pos = keep;
        break;
      }
      if (lt > pos && this.inText) this.text += decodeXmlText(buf.slice(pos, lt));
      const next = this.markup(buf, lt);
      if (next < 0) {
        if (n - lt > MAX_MARKUP_CHARS) throw new SheetXmlError(`a tag or comment longer than ${MAX_MARKUP_CHARS} characters`);
        pos = lt; // incomplete: wait for more
        break;
      }
      pos = next;
    }
    this.rest = pos < n ? buf.slice(pos) : '';
    const rows = this.done;
    this.done = [];
    return rows;
  }

  end(tail: string): RawRow[] {
    const rows = this.write(tail);
    if (this.rest.indexOf('<') >= 0) throw new SheetXmlError('the document ends inside a tag');
    if (this.open.length) throw new SheetXmlError(`the document ends inside <${this.open[this.open.length - 1]}>`);
    if (!this.sawRoot) throw new SheetXmlError('no worksheet element');
    return rows;
  }

  /** The markup at `lt`; returns the position after it, or -1 when it is not complete yet. */
  private markup(buf: string, lt: number): number {
    const n = buf.length;
    if (lt + 1 >= n) return -1;
    const c1 = buf.charCodeAt(lt + 1);
    if (c1 === 47 /* / */) {
      const gt = buf.indexOf('>', lt + 2);
      if (gt < 0) return -1;
      const expected = this.open.pop();
      if (expected === undefined || !buf.startsWith(expected, lt + 2) || buf.slice(lt + 2 + expected.length, gt).trim() !== '') {
        const name = buf.slice(lt + 2, gt).trim();
        throw new SheetXmlError(expected ? `</${name}> closes <${expected}>` : `</${name}> closes nothing`);
      }
      this.close(expected);
      return gt + 1;
    }
    if (c1 === 63 /* ? */) {
      const end = buf.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (c1 === 33 /* ! */) {
      if (buf.startsWith('<!--', lt)) {
        const end = buf.indexOf('-->', lt + 4);
        return end < 0 ? -1 : end + 3;
      }
      if (buf.startsWith('<![CDATA[', lt)) {
        const end = buf.indexOf(']]>', lt + 9);
        if (end < 0) return -1;
        if (this.inText) this.text += buf.slice(lt + 9, end);
        return end + 3;
      }
      if (n - lt < 9) return -1;
      throw new SheetXmlError('a DTD or unknown declaration');
    }

    // A start tag: its name, attributes (positions of r, s, t kept), then > or />.
    let i = lt + 1;
    let ch = c1;
    while (i < n && ch !== 62 /* > */ && ch !== 47 /* / */ && !isSpace(ch)) ch = buf.charCodeAt(++i);
    if (i >= n) return -1;
    const name = this.nameAt(buf, lt + 1, i);
    this.rFrom = this.sFrom = this.tFrom = -1;
    let selfClosing = false;
    for (;;) {
      while (i < n && isSpace(ch)) ch = buf.charCodeAt(++i);
      if (i >= n) return -1;
      if (ch === 62) {
        i++;
        break;
      }
      if (ch === 47) {
        if (i + 1 >= n) return -1;
        if (buf.charCodeAt(i + 1) !== 62) throw new SheetXmlError(`a malformed <${name}> tag`);
        selfClosing = true;
        i += 2;
        break;
      }
      const keyFrom = i;
      while (i < n && ch !== 61 /* = */ && ch !== 62 && ch !== 47 && !isSpace(ch)) ch = buf.charCodeAt(++i);
      const keyTo = i;
      while (i < n && isSpace(ch)) ch = buf.charCodeAt(++i);
      if (i >= n) return -1;
      if (ch !== 61 || keyTo === keyFrom) throw new SheetXmlError(`a malformed <${name}> tag`);
      ch = buf.charCodeAt(++i);
      while (i < n && isSpace(ch)) ch = buf.charCodeAt(++i);
      if (i >= n) return -1;
      if (ch !== 34 /* " */ && ch !== 39 /* ' */) throw new SheetXmlError(`a malformed <${name}> tag`);
      const close = buf.indexOf(ch === 34 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      if (keyTo - keyFrom === 1) {
        const key = buf.charCodeAt(keyFrom);
        if (key === 114 /* r */) {
          this.rFrom = i + 1;
          this.rTo = close;
        } else if (key === 115 /* s */) {
          this.sFrom = i + 1;
          this.sTo = close;
        } else if (key === 116 /* t */) {
          this.tFrom = i + 1;
          this.tTo = close;
        }
      }
      i = close + 1;
      ch = buf.charCodeAt(i);
    }
    this.sawRoot = true;
    this.openTag(buf, name.indexOf(':') >= 0 ? name.slice(name.indexOf(':') + 1) : name);
    if (selfClosing) this.close(name);
    else this.open.push(name);
    return i;
  }

  private nameAt(buf: string, from: number, to: number): string {
    const len = to - from;
    for (const k of KNOWN) if (k.length === len && buf.startsWith(k, from)) return k;
    const name = buf.slice(from, to);
    if (!NAME_START.test(name) || /[<"'=&]/.test(name)) throw new SheetXmlError(`"<${name.slice(0, 20)}" is not a tag`);
    return name;
  }

  private openTag(buf: string, local: string): void {
    switch (local) {
      case 'sheetData':
        this.inSheetData = true;
        break;
      case 'row': {
        if (!this.inSheetData) break;
        const r = this.rFrom >= 0 ? intAt(buf, this.rFrom, this.rTo) : NaN;
        this.lastRow = Number.isFinite(r) ? r : this.lastRow + 1;
        this.row = { number: this.lastRow, cells: [] };
        const style = this.sFrom >= 0 && this.sTo > this.sFrom ? intAt(buf, this.sFrom, this.sTo) : -1;
        this.rowStyle = Number.isNaN(style) ? -1 : style;
        this.lastCol = -1;
        break;
      }
      case 'c': {
        if (!this.row) break;
        this.inCell = true;
        const c = this.rFrom >= 0 ? columnAt(buf, this.rFrom, this.rTo) : -1;
        this.col = c >= 0 ? c : this.lastCol + 1;
        this.lastCol = this.col;
        this.cellStyle = this.sFrom >= 0 ? intAt(buf, this.sFrom, this.sTo) || 0 : 0;
        this.type = this.tFrom >= 0 ? cellTypeAt(buf, this.tFrom, this.tTo) : CellType.Number;
        this.hasFormula = false;
        this.hasValue = false;
        this.text = '';
        break;
      }
      case 'f':
        if (this.inCell) this.hasFormula = true;
        break;
      case 'v':
        if (this.inCell) {
          this.hasValue = true;
          this.text = '';
          this.inText = true;
        }
        break;
      case 'is':
        if (this.inCell) {
          this.hasValue = true;
          this.text = '';
        }
        break;
      case 'rPh':
        this.inPhonetic = true;
        break;
      case 't':
        if (this.inCell && !this.inPhonetic) this.inText = true;
        break;
    }
  }

  private close(name: string): void {
    switch (name.indexOf(':') >= 0 ? name.slice(name.indexOf(':') + 1) : name) {
      case 'v':
      case 't':
        this.inText = false;
        break;
      case 'rPh':
        this.inPhonetic = false;
        break;
      case 'c':
        if (this.inCell && this.row) {
          const v = this.cellValue();
          if (v !== undefined) {
            const cells = this.row.cells;
            while (cells.length < this.col) cells.push(null);
            cells[this.col] = v;
          }
        }
        this.inCell = false;
        break;
      case 'row':
        if (this.row) this.done.push(this.row);
        this.row = undefined;
        break;
      case 'sheetData':
        this.inSheetData = false;
        break;
    }
  }

  private cellValue(): CellValue | undefined {
    const text = this.text;
    // no value: exceljs leaves the cell empty; a formula without a cached result is an empty value
    if (!this.hasValue) return this.hasFormula ? null : undefined;
    switch (this.type) {
      case CellType.Shared:
        if (!this.hasFormula) return this.ctx.sharedString(parseInt(text, 10));
        break;
      case CellType.Inline:
        if (!this.hasFormula) return xmlDecodeAgain(text);
        break;
      case CellType.Str:
        return xmlDecodeAgain(text);
      case CellType.Error:
        return { error: text };
      case CellType.Bool:
        return parseInt(text, 10) !== 0;
    }
    const n = parseFloat(text);
    // a formula's result stays a number whatever the format (exceljs)
    return !this.hasFormula && this.isDateCell() ? excelToDate(n, this.ctx.date1904) : n;
  }

  private dateStyle(s: number): boolean | null {
    let d = this.dateStyles.get(s);
    if (d === undefined) {
      const fmt = this.ctx.numFmt(s);
      this.dateStyles.set(s, (d = fmt === null ? null : isDateFmt(fmt)));
    }
    return d;
  }

  /** exceljs: the cell's own style when it has one (s ≠ 0) that exists, else the row's. */
  private isDateCell(): boolean {
    const own = this.cellStyle ? this.dateStyle(this.cellStyle) : null;
    if (own !== null) return own;
    return this.rowStyle >= 0 ? this.dateStyle(this.rowStyle) === true : false;
  }
}
