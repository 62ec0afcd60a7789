/**
 * Positioned text of a statement's pages (a PDF's text layer, OCR words, or both) → a checked
 * `Statement`, by the template that fits. The same path for digital and scanned statements.
 */
import { isCurrencyCode, isIban } from '../../banking/index.js';
import type { PageText } from '../layout/index.js';
import { checkedStatement } from '../statement/index.js';
import type { Statement, StatementAccount } from '../statement/index.js';
import { chooseTemplate } from './choose-template.js';
import { PdfStatementUnreadable } from './errors.js';
import { groupLines, type TextLine } from './layout/lines.js';
import { readTable } from './read-table.js';
import type { CompiledTemplate, Finder, StatementTemplate } from './template.js';
import { resolveTemplates } from './templates.js';

export interface StatementFromPagesOptions {
  /** The document's path, for provenance and messages. */
  file: string;
  sha256?: string;
  /** Templates to choose from (default: the built-in ones). */
  templates?: readonly (StatementTemplate | CompiledTemplate)[];
}

/** Reads the statement; `checkedStatement` has confirmed that opening + entries = closing. */
export function statementFromPages(pages: readonly PageText[], options: StatementFromPagesOptions): Statement {
  const { file, sha256 } = options;
  const sorted = [...pages].sort((a, b) => a.page - b.page);
  const lines = sorted.map(groupLines);
  const chosen = chooseTemplate(lines, resolveTemplates(options.templates), file);
  const t = chosen.template;
  const missing = (what: string, finder: Finder) =>
    new PdfStatementUnreadable(`${file}: no ${what} found (template ${t.name} looks for a line starting with /${finder.label.source.slice(4, -1)}/)`, {
      file,
      template: t.name,
      missing: what,
    });

  const accountText = findValue(lines, t.account);
  if (!accountText) throw missing('account', t.account);
  const currency = 'fixed' in t.currency ? t.currency.fixed : currencyOf(findValue(lines, t.currency));
  if (!currency) throw missing('currency', t.currency as Finder);

  const table = readTable(lines, chosen, { file, currency, ...(sha256 ? { sha256 } : {}) });
  if (!table.opening) throw missing('opening balance', t.opening);
  if (!table.closing) throw missing('closing balance', t.closing);

  const compact = accountText.replace(/\s+/g, '');
  const account: StatementAccount = isIban(compact) ? { id: compact, iban: compact } : { id: accountText };
  const number = t.statementNumber ? findValue(lines, t.statementNumber) : undefined;
  const statement: Statement = {
    format: sorted.some((p) => p.origin === 'ocr') ? 'ocr' : 'pdf',
    id: number ?? (sha256 ? sha256.slice(0, 16) : `${account.id}/${table.closing.date ?? ''}`),
    ...(number ? { sequence: number } : {}),
    account,
    currency,
    opening: table.opening,
    closing: table.closing,
    otherBalances: [],
    entries: table.entries,
    provenance: { file, ...(sha256 ? { sha256 } : {}), page: sorted[0]?.page ?? 1, source: `template ${t.name}` },
  };
  return checkedStatement(statement);
}

/** The text after the label on the first line that starts with it (picked by the finder's pattern). */
function findValue(pages: readonly TextLine[][], finder: Finder): string | undefined {
  for (const lines of pages) {
    for (const line of lines) {
      const m = finder.label.exec(line.text);
      if (!m) continue;
      const rest = line.text.slice(m[0].length).replace(/^\s*[:#]?\s*/, '');
      if (!finder.pattern) return rest.trim() || undefined;
      const p = finder.pattern.exec(rest);
      if (p) return (p[1] ?? p[0]).trim() || undefined;
    }
  }
  return undefined;
}

function currencyOf(text: string | undefined): string | undefined {
  return text?.split(/\s+/).map((w) => w.toUpperCase()).find((w) => isCurrencyCode(w));
}
