/**
 * A bank's statement layout as data: how to recognise it, the table's columns and their printed
 * names, how dates and amounts are written, how the sign of an entry is shown, and where the
 * account, currency and balances are. Written as YAML (extractors/pdf/templates/*.yaml) or as an
 * object, validated here, then compiled once for reading.
 */
import { z } from 'zod';
import { AMOUNT_LOCALE_NAMES, type AmountLocale, isCurrencyCode } from '../../banking/index.js';
import { compileDateFormat, type DateFormat } from '../sheet/index.js';
import { PdfTemplateInvalid } from './errors.js';
import type { Align, ColumnDef } from './layout/columns.js';

const regexSource = z.string().min(1).superRefine((s, ctx) => {
  try {
    new RegExp(s, 'iu');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(e as Error).message}` });
  }
});

/** A value found on a line that starts with `label` (a regular expression, case-insensitive). */
const finderSchema = z
  .object({
    label: regexSource,
    /** Picks the value from the text after the label (the whole match, or its first group); default: all of that text. */
    pattern: regexSource.optional(),
  })
  .strict();

const columnSchema = z.union([
  z.array(z.string().min(1)).min(1),
  z.object({ names: z.array(z.string().min(1)).min(1), align: z.enum(['left', 'right', 'center']).optional() }).strict(),
]);

const signSchema = z.enum(['two-columns', 'signed', 'suffix-CR-DR']);

export const templateSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    description: z.string().optional(),
    identify: z.object({ keywords: z.array(z.string().min(1)).min(1) }).strict(),
    header: z.object({ columns: z.record(z.string(), columnSchema) }).strict(),
    dateFormat: z.string().min(1),
    amountLocale: z.enum(AMOUNT_LOCALE_NAMES),
    sign: signSchema,
    /** For `suffix-CR-DR`: the marks after an amount (default CR and DR). */
    suffixes: z.object({ credit: z.array(z.string().min(1)).min(1), debit: z.array(z.string().min(1)).min(1) }).strict().optional(),
    /** How balances are signed; default `signed`, or `suffix-CR-DR` when the entries use suffixes. */
    balanceSign: z.enum(['signed', 'suffix-CR-DR']).optional(),
    account: finderSchema,
    currency: z.union([finderSchema, z.object({ fixed: z.string() }).strict()]),
    statementNumber: finderSchema.optional(),
    opening: finderSchema,
    closing: finderSchema,
    /** Lines to pass over (carried/brought forward, page footers); each a regex matched at the start of the line. */
    skipLines: z.array(regexSource).default([]),
    /** Lines after which the table stops until the next header line (e.g. a summary block). */
    tableEnd: z.array(regexSource).default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const cols = t.header.columns;
    const need = (key: string, why: string) => {
      if (!cols[key]) ctx.addIssue({ code: 'custom', path: ['header', 'columns', key], message: `column "${key}" is required ${why}` });
    };
    need('bookingDate', 'in every template');
    need('description', 'in every template');
    if (t.sign === 'two-columns') {
      need('debit', 'with sign: two-columns');
      need('credit', 'with sign: two-columns');
    } else {
      need('amount', `with sign: ${t.sign}`);
    }
    if (!compileDateFormat(t.dateFormat)) {
      ctx.addIssue({ code: 'custom', path: ['dateFormat'], message: `"${t.dateFormat}" is not a date format (tokens yyyy, MM, M, dd, d, e.g. dd.MM.yyyy)` });
    }
    if ('fixed' in t.currency && !isCurrencyCode(t.currency.fixed)) {
      ctx.addIssue({ code: 'custom', path: ['currency', 'fixed'], message: `"${t.currency.fixed}" is not an ISO 4217 currency code` });
    }
  });

export type StatementTemplate = z.input<typeof templateSchema>;
export type SignScheme = z.infer<typeof signSchema>;

/** The keys with a meaning of their own; a template's other columns go to an entry's `extra`. */
export const KNOWN_COLUMNS = ['bookingDate', 'valueDate', 'description', 'amount', 'debit', 'credit', 'balance', 'reference'] as const;
const AMOUNT_COLUMNS = new Set(['amount', 'debit', 'credit', 'balance']);

export interface Finder {
  label: RegExp;
  pattern?: RegExp;
}

export interface CompiledTemplate {
  name: string;
  source: string;
  keywords: string[];
  columns: ColumnDef[];
  /** Columns a line must show to be the table's header. */
  requiredColumns: string[];
  date: DateFormat;
  amountLocale: AmountLocale;
  sign: SignScheme;
  balanceSign: 'signed' | 'suffix-CR-DR';
  suffixes: { credit: string[]; debit: string[] };
  account: Finder;
  currency: Finder | { fixed: string };
  statementNumber?: Finder;
  opening: Finder;
  closing: Finder;
  skipLines: RegExp[];
  tableEnd: RegExp[];
}

const atStart = (s: string) => new RegExp(`^(?:${s})`, 'iu');
const finder = (f: z.infer<typeof finderSchema>): Finder => ({ label: atStart(f.label), ...(f.pattern ? { pattern: new RegExp(f.pattern, 'iu') } : {}) });

/** Validates a template (object or parsed YAML) and compiles it; `PdfTemplateInvalid` names every problem. */
export function compileTemplate(input: unknown, source = 'template'): CompiledTemplate {
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new PdfTemplateInvalid(`statement template ${source} is not valid: ${problems.join('; ')}`);
  }
  const t = parsed.data;
  const columns: ColumnDef[] = Object.entries(t.header.columns).map(([key, spec]) => {
    const names = Array.isArray(spec) ? spec : spec.names;
    const align: Align = (!Array.isArray(spec) && spec.align) || (AMOUNT_COLUMNS.has(key) ? 'right' : 'left');
    return { key, names, align };
  });
  return {
    name: t.name,
    source,
    keywords: t.identify.keywords,
    columns,
    requiredColumns: t.sign === 'two-columns' ? ['bookingDate', 'description', 'debit', 'credit'] : ['bookingDate', 'description', 'amount'],
    date: compileDateFormat(t.dateFormat)!,
    amountLocale: t.amountLocale,
    sign: t.sign,
    balanceSign: t.balanceSign ?? (t.sign === 'suffix-CR-DR' ? 'suffix-CR-DR' : 'signed'),
    suffixes: t.suffixes ?? { credit: ['CR'], debit: ['DR'] },
    account: finder(t.account),
    currency: 'fixed' in t.currency ? { fixed: t.currency.fixed } : finder(t.currency),
    ...(t.statementNumber ? { statementNumber: finder(t.statementNumber) } : {}),
    opening: finder(t.opening),
    closing: finder(t.closing),
    skipLines: t.skipLines.map(atStart),
    tableEnd: t.tableEnd.map(atStart),
  };
}
