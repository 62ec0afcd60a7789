/**
 * The walk through a statement's lines, page by page, with a chosen template:
 *
 * - a header line (the template's column names) starts the table and sets the columns; headers
 *   repeated on later pages set them again (a page's lines above its header are not the table);
 * - lines the template skips (carried / brought forward, footers) and the opening and closing
 *   balance lines are recognised first; the closing balance ends the table;
 * - a line whose booking-date cell is a date starts an entry; a line without a date right below
 *   (within 1.5 line heights of the table's last line) continues the entry's description — also
 *   across a page break, after the next page's header and brought-forward line;
 * - a line far below the table's last line (a footer) breaks the continuation; an amount on a line
 *   that continues an entry is an error: an amount must have its date;
 * - when the table has a balance column, every printed running balance is checked against
 *   opening + the entries so far, so a misread amount is named at its line.
 */
import { BusinessRuleError, type Money } from '../../banking/index.js';
import type { Balance, SourceRef, StatementEntry } from '../statement/index.js';
import { StatementOutOfBalance } from '../statement/index.js';
import { headerOf, type ChosenTemplate } from './choose-template.js';
import { PdfStatementUnreadable } from './errors.js';
import { cellsOf, type Cell, type HeaderColumn } from './layout/columns.js';
import { boxOf, type TextLine, type Word } from './layout/lines.js';
import type { CompiledTemplate } from './template.js';
import { dateAdjusted, dateOf, looksLikeAmount, signedMoney, trailingAmount } from './values.js';

/** A line continues the table when its top is at most this many line heights below the table's last line. */
const CONTINUATION_GAP = 1.5;
const TEXT_COLUMNS_SKIPPED = new Set(['bookingDate', 'valueDate', 'amount', 'debit', 'credit', 'balance']);

export interface TableContext {
  file: string;
  sha256?: string;
  currency: string;
}

export interface TableResult {
  entries: StatementEntry[];
  opening?: Balance;
  closing?: Balance;
}

interface Draft {
  first: TextLine;
  firstCells: Map<string, Cell>;
  /** Text per column, line by line. */
  texts: Map<string, string[]>;
  /** Words on the first page (the entry's box). */
  words: Word[];
}

export function readTable(pages: readonly TextLine[][], chosen: ChosenTemplate, ctx: TableContext): TableResult {
  return new TableWalk(chosen, ctx).run(pages);
}

class TableWalk {
  private readonly t: CompiledTemplate;
  private columns: HeaderColumn[] | undefined;
  private draft: Draft | undefined;
  private ended = false;
  private running: Money | undefined;
  private readonly result: TableResult = { entries: [] };

  constructor(
    private readonly chosen: ChosenTemplate,
    private readonly ctx: TableContext,
  ) {
    this.t = chosen.template;
  }

  run(pages: readonly TextLine[][]): TableResult {
    for (const lines of pages) {
      if (this.ended) break;
      this.page(lines);
    }
    this.flush();
    return this.result;
  }

  private page(lines: readonly TextLine[]): void {
    const t = this.t;
    const headers = lines.map((l) => headerOf(l, t, this.chosen.matcher));
    // Without a header of its own, the page continues the table from its top.
    let inTable = this.columns !== undefined && !headers.some((h) => h !== undefined);
    let lastBottom: number | undefined;
    const close = (line: TextLine) => lastBottom !== undefined && line.top - lastBottom <= CONTINUATION_GAP * line.height;
    for (const [i, line] of lines.entries()) {
      const header = headers[i];
      if (header) {
        this.columns = header;
        inTable = true;
        lastBottom = line.bottom;
        continue;
      }
      if (t.skipLines.some((re) => re.test(line.text))) {
        lastBottom = inTable && close(line) ? line.bottom : undefined;
        continue;
      }
      if (this.balanceLine(line)) {
        if (this.ended) return;
        lastBottom = inTable ? line.bottom : undefined;
        continue;
      }
      if (!inTable) continue;
      if (t.tableEnd.some((re) => re.test(line.text))) {
        this.flush();
        inTable = false;
        continue;
      }
      const cells = cellsOf(line, this.columns!);
      const date = dateOf(cells.get('bookingDate')?.text, t);
      if (date !== undefined) {
        this.flush();
        this.draft = { first: line, firstCells: cells, texts: new Map(), words: [...line.words] };
        this.addTexts(cells);
        lastBottom = line.bottom;
        continue;
      }
      if (!close(line)) {
        lastBottom = undefined;
        continue;
      }
      this.refuseStrayAmount(line, cells);
      if (this.draft) {
        this.addTexts(cells);
        if (line.page === this.draft.first.page) this.draft.words.push(...line.words);
      }
      lastBottom = line.bottom;
    }
  }

  /** The opening or closing balance line: recorded (the first opening, the closing ends the walk). */
  private balanceLine(line: TextLine): boolean {
    const t = this.t;
    for (const [kind, finder] of [['opening', t.opening], ['closing', t.closing]] as const) {
      const m = finder.label.exec(line.text);
      if (!m) continue;
      if (kind === 'opening' && this.result.opening) return true;
      const label = m[0];
      const after = line.text.slice(label.length).trim().split(/\s+/).filter((w) => w !== '');
      const { money } = this.at(line, () => trailingAmount(after, t, this.ctx.currency, `${kind} balance`));
      const date = line.words.map((w) => dateOf(w.text, t)).find((d) => d !== undefined) ?? null;
      const balance: Balance = {
        amount: money,
        date,
        type: kind === 'opening' ? 'OPBD' : 'CLBD',
        provenance: this.ref(line, label.trim(), line.words),
      };
      if (kind === 'opening') {
        this.result.opening = balance;
        this.running = money;
      } else {
        this.flush();
        this.result.closing = balance;
        this.ended = true;
      }
      return true;
    }
    return false;
  }

  private refuseStrayAmount(line: TextLine, cells: Map<string, Cell>): void {
    for (const key of ['amount', 'debit', 'credit'] as const) {
      const text = cells.get(key)?.text;
      const scheme = this.t.sign === 'suffix-CR-DR' ? 'suffix-CR-DR' : 'signed';
      if (text !== undefined && looksLikeAmount(text, scheme, this.t, this.ctx.currency)) {
        const dateText = cells.get('bookingDate')?.text;
        throw new PdfStatementUnreadable(
          `${this.where(line)}: the amount "${text}" has no booking date${dateText ? ` ("${dateText}" is not a date in the format ${this.t.date.source})` : ''}`,
          { file: this.ctx.file, page: line.page, line: line.number, text: line.text, template: this.t.name },
        );
      }
    }
  }

  private addTexts(cells: Map<string, Cell>): void {
    for (const [key, cell] of cells) {
      const list = this.draft!.texts.get(key);
      if (list) list.push(cell.text);
      else this.draft!.texts.set(key, [cell.text]);
    }
  }

  private flush(): void {
    const d = this.draft;
    if (!d) return;
    this.draft = undefined;
    const t = this.t;
    const line = d.first;
    const cells = d.firstCells;
    const { amount, column } = this.at(line, () => this.amountOf(cells));
    const valueText = cells.get('valueDate')?.text;
    const valueDate = valueText === undefined ? null : dateOf(valueText, t);
    if (valueDate === undefined) {
      throw new PdfStatementUnreadable(`${this.where(line)}: the value date "${valueText}" is not a date in the format ${t.date.source}`, {
        file: this.ctx.file,
        page: line.page,
        line: line.number,
        template: t.name,
      });
    }
    const joined = (key: string) => d.texts.get(key)?.join(' ');
    const bookingText = cells.get('bookingDate')!.text;
    const asWritten: Record<string, string> = {};
    if (dateAdjusted(bookingText, t)) asWritten.bookingDate = bookingText;
    if (valueText !== undefined && dateAdjusted(valueText, t)) asWritten.valueDate = valueText;
    const provenance = this.ref(line, column.header, d.words);
    const entry: StatementEntry = {
      bookingDate: dateOf(bookingText, t)!,
      valueDate,
      amount,
      references: {},
      remittance: joined('description') ?? '',
      provenance: Object.keys(asWritten).length ? { ...provenance, asWritten } : provenance,
    };
    const reference = joined('reference');
    if (reference) entry.references.bankReference = reference;
    const extra: Record<string, string> = {};
    for (const [key, texts] of d.texts) if (!TEXT_COLUMNS_SKIPPED.has(key) && key !== 'description' && key !== 'reference') extra[key] = texts.join(' ');
    const balanceText = cells.get('balance')?.text;
    if (balanceText !== undefined) extra.balance = balanceText;
    if (Object.keys(extra).length) entry.extra = extra;
    this.checkRunningBalance(line, amount, balanceText);
    this.result.entries.push(entry);
  }

  private amountOf(cells: Map<string, Cell>): { amount: Money; column: HeaderColumn } {
    const t = this.t;
    const column = (key: string) => this.columns!.find((c) => c.key === key)!;
    if (t.sign !== 'two-columns') {
      const text = cells.get('amount')?.text;
      if (text === undefined) throw new BusinessRuleError(`no amount under "${column('amount').header}"`);
      return { amount: signedMoney(text, t.sign, t, this.ctx.currency, 'amount'), column: column('amount') };
    }
    const debit = cells.get('debit')?.text;
    const credit = cells.get('credit')?.text;
    if (debit !== undefined && credit !== undefined) throw new BusinessRuleError(`an amount in both "${column('debit').header}" (${debit}) and "${column('credit').header}" (${credit})`);
    if (debit === undefined && credit === undefined) throw new BusinessRuleError(`no amount under "${column('debit').header}" or "${column('credit').header}"`);
    const key = debit !== undefined ? 'debit' : 'credit';
    const money = signedMoney((debit ?? credit)!, 'signed', t, this.ctx.currency, key);
    // A debit column holds what leaves the account: its amounts are negative whether printed with a minus or not.
    return { amount: key === 'debit' ? money.abs().negate() : money, column: column(key) };
  }

  private checkRunningBalance(line: TextLine, amount: Money, printed: string | undefined): void {
    if (this.running === undefined) return;
    this.running = this.running.plus(amount);
    if (printed === undefined) return;
    const shown = this.at(line, () => signedMoney(printed, this.t.balanceSign, this.t, this.ctx.currency, 'balance'));
    if (!shown.equals(this.running)) {
      throw new StatementOutOfBalance(
        `${this.where(line)}: the balance printed after this entry is ${shown.toString()}, but opening + the entries up to it give ${this.running.toString()} (difference ${shown.minus(this.running).toString()}): an amount above is misread or missing`,
        { file: this.ctx.file, page: line.page, line: line.number, printed: shown.toJSON(), computed: this.running.toJSON(), template: this.t.name },
      );
    }
  }

  private ref(line: TextLine, source: string, words: readonly Word[]): SourceRef {
    const ref: SourceRef = { file: this.ctx.file, page: line.page, line: line.number, source, box: boxOf(words) };
    if (this.ctx.sha256) ref.sha256 = this.ctx.sha256;
    return ref;
  }

  private where(line: TextLine): string {
    return `${this.ctx.file} page ${line.page} line ${line.number} ("${line.text.length > 80 ? `${line.text.slice(0, 80)}…` : line.text}")`;
  }

  /** Runs a parse; its error becomes `PdfStatementUnreadable` naming the line. */
  private at<T>(line: TextLine, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof PdfStatementUnreadable || e instanceof StatementOutOfBalance) throw e;
      throw new PdfStatementUnreadable(`${this.where(line)}: ${(e as Error).message} (template ${this.t.name})`, {
        file: this.ctx.file,
        page: line.page,
        line: line.number,
        text: line.text,
        template: this.t.name,
      }, { cause: e });
    }
  }
}
