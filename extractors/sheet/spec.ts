/**
 * The declared column mapping: which fields to read, found by which header texts, of which type.
 * Validated with zod (unknown keys are errors, so a typo in the spec fails loudly).
 */
import { z } from 'zod';
import { compileDateFormat, type DateFormat } from './dates.js';
import { SheetSpecError } from './errors.js';
import { normalizeHeader } from './normalize.js';

export type FieldType = 'text' | 'amount' | 'date';
export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type CsvDelimiter = ',' | ';' | '\t' | '|';

export interface ColumnSpec {
  /** Header texts that identify the column; compared case-, space-, punctuation- and accent-insensitively. */
  aliases: readonly string[];
  /** A required column must be in the header (else a file error) and its cell non-empty (else a row error). */
  required?: boolean;
  /** Default 'text'. */
  type?: FieldType;
  /** For 'date' fields: the format of text cells, e.g. 'dd.MM.yyyy'. Declared, never guessed. */
  format?: string;
}

/**
 * How the totals row is recognised (explicit rules, both configurable):
 * 1. label rule: the first non-empty cell of a row, normalised like headers, equals one of `labels`
 *    ("Total", "Summe:", "SUM" ...). Applies to any row after the header.
 * 2. keyless-last-row rule (`keylessLastRow`): the LAST non-blank row has all `keyFields` empty but
 *    a value in the amount field.
 * The totals row's amount is checked against the exact decimal sum of the data rows above it.
 * Non-blank rows after the totals row are not read as data; they are reported (`trailingRows`).
 */
export interface TotalsSpec {
  /** Default true. */
  enabled?: boolean;
  /** Default: total, totals, sum, summe, gesamt, gesamtsumme, grand total, somme, totale, totaal. */
  labels?: readonly string[];
  /** The amount field to check; default the first field of type 'amount'. */
  amountField?: string;
  /** Default true. */
  keylessLastRow?: boolean;
  /** Fields that every data row has; default: the required fields other than amounts. */
  keyFields?: readonly string[];
  /**
   * Decimal separator of TEXT amounts, used only to sum them for the totals check (numeric cells need
   * none). Undeclared: text is summed only when unambiguous ("12.50", "12,5", "1200"); otherwise the
   * check is reported as unchecked.
   */
  decimalSeparator?: '.' | ',';
}

export interface CsvSpec {
  /** Declared delimiter; detected from the first lines otherwise. */
  delimiter?: CsvDelimiter;
  /** Declared encoding; detected otherwise (BOM, then valid UTF-8, else Windows-1252). */
  encoding?: CsvEncoding;
}

export interface SheetSpec {
  columns: Readonly<Record<string, ColumnSpec>>;
  /** XLSX: sheet name or 1-based position in the workbook. Default: the first sheet. */
  sheet?: string | number;
  /** How many non-blank rows from the top to search for the header. Default 20. */
  headerSearchRows?: number;
  totals?: TotalsSpec | false;
  csv?: CsvSpec;
  /** Numeric amount cells with more decimal places than this are row errors. Default 4. */
  amountMaxFractionDigits?: number;
  /** What a file may hold at most, so that a hostile or runaway file is refused early (defaults: DEFAULT_LIMITS). */
  limits?: Partial<SheetLimits>;
}

export interface SheetLimits {
  /** Data rows in one file; the file is refused at the row past it, before anything is done with it. */
  maxRows: number;
  /** Bytes of one workbook part uncompressed (the sheet's XML, the shared strings); refused before it is read when the zip says so, and while it is read when the zip lies. */
  maxPartBytes: number;
}

export const DEFAULT_LIMITS: SheetLimits = { maxRows: 250_000, maxPartBytes: 512 * 1024 * 1024 };

/** Identity helper that keeps the literal types of a spec, so record fields are typed precisely. */
export function defineSheetSpec<const S extends SheetSpec>(spec: S): S {
  return spec;
}

export const DEFAULT_TOTAL_LABELS = [
  'total',
  'totals',
  'sum',
  'summe',
  'gesamt',
  'gesamtsumme',
  'grand total',
  'somme',
  'totale',
  'totaal',
] as const;

const columnSchema = z.strictObject({
  aliases: z.array(z.string().min(1)).min(1),
  required: z.boolean().optional(),
  type: z.enum(['text', 'amount', 'date']).optional(),
  format: z.string().min(1).optional(),
});

const specSchema = z.strictObject({
  columns: z.record(z.string().min(1), columnSchema),
  sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
  headerSearchRows: z.number().int().min(1).max(1000).optional(),
  totals: z
    .union([
      z.literal(false),
      z.strictObject({
        enabled: z.boolean().optional(),
        labels: z.array(z.string().min(1)).optional(),
        amountField: z.string().optional(),
        keylessLastRow: z.boolean().optional(),
        keyFields: z.array(z.string()).optional(),
        decimalSeparator: z.enum(['.', ',']).optional(),
      }),
    ])
    .optional(),
  csv: z
    .strictObject({
      delimiter: z.enum([',', ';', '\t', '|']).optional(),
      encoding: z.enum(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']).optional(),
    })
    .optional(),
  amountMaxFractionDigits: z.number().int().min(0).max(12).optional(),
  limits: z.strictObject({ maxRows: z.number().int().positive().optional(), maxPartBytes: z.number().int().positive().optional() }).optional(),
});

export interface ResolvedField {
  name: string;
  aliases: readonly string[];
  normalizedAliases: string[];
  required: boolean;
  type: FieldType;
  dateFormat?: DateFormat;
}

export interface ResolvedTotals {
  labels: Set<string>;
  amountField: string;
  keylessLastRow: boolean;
  keyFields: string[];
  decimalSeparator?: '.' | ',';
}

/** The spec checked and with defaults applied. */
export interface ResolvedSpec {
  fields: ResolvedField[];
  /** normalised alias → field name */
  aliasIndex: Map<string, string>;
  sheet?: string | number;
  headerSearchRows: number;
  totals?: ResolvedTotals;
  csv: CsvSpec;
  amountMaxFractionDigits: number;
  limits: SheetLimits;
}

export function resolveSpec(spec: SheetSpec): ResolvedSpec {
  const parsed = specSchema.safeParse(spec);
  if (!parsed.success) throw new SheetSpecError(z.prettifyError(parsed.error));
  const s = parsed.data;
  const fields: ResolvedField[] = [];
  const aliasIndex = new Map<string, string>();
  const names = Object.keys(s.columns);
  if (names.length === 0) throw new SheetSpecError('columns: declare at least one field');
  for (const name of names) {
    const col = s.columns[name]!;
    const type = col.type ?? 'text';
    const normalizedAliases: string[] = [];
    for (const alias of col.aliases) {
      const n = normalizeHeader(alias);
      if (n === '') throw new SheetSpecError(`columns.${name}: alias "${alias}" has no letters or digits`);
      const other = aliasIndex.get(n);
      if (other !== undefined && other !== name) {
        throw new SheetSpecError(`alias "${alias}" is used by both "${other}" and "${name}"`);
      }
      aliasIndex.set(n, name);
      normalizedAliases.push(n);
    }
    let dateFormat: DateFormat | undefined;
    if (col.format !== undefined) {
      if (type !== 'date') throw new SheetSpecError(`columns.${name}: format is only for type 'date'`);
      dateFormat = compileDateFormat(col.format);
      if (!dateFormat) {
        throw new SheetSpecError(`columns.${name}: date format "${col.format}" must use dd/d, MM/M and yyyy once each`);
      }
    }
    fields.push({
      name,
      aliases: col.aliases,
      normalizedAliases,
      required: col.required ?? false,
      type,
      ...(dateFormat ? { dateFormat } : {}),
    });
  }

  let totals: ResolvedTotals | undefined;
  if (s.totals !== false && (s.totals?.enabled ?? true)) {
    const t = s.totals ?? {};
    const amountField = t.amountField ?? fields.find((f) => f.type === 'amount')?.name;
    if (t.amountField !== undefined && !names.includes(t.amountField)) {
      throw new SheetSpecError(`totals.amountField "${t.amountField}" is not a declared column`);
    }
    if (amountField !== undefined) {
      const keyFields = t.keyFields ? [...t.keyFields] : fields.filter((f) => f.required && f.type !== 'amount').map((f) => f.name);
      for (const k of keyFields) {
        if (!names.includes(k)) throw new SheetSpecError(`totals.keyFields: "${k}" is not a declared column`);
      }
      totals = {
        labels: new Set((t.labels ?? DEFAULT_TOTAL_LABELS).map(normalizeHeader)),
        amountField,
        keylessLastRow: (t.keylessLastRow ?? true) && keyFields.length > 0,
        keyFields,
        ...(t.decimalSeparator ? { decimalSeparator: t.decimalSeparator } : {}),
      };
    } else if (s.totals !== undefined) {
      throw new SheetSpecError('totals: no amount field to check (declare a column of type "amount" or set totals: false)');
    }
  }

  return {
    fields,
    aliasIndex,
    ...(s.sheet !== undefined ? { sheet: s.sheet } : {}),
    headerSearchRows: s.headerSearchRows ?? 20,
    ...(totals ? { totals } : {}),
    csv: (s.csv ?? {}) as CsvSpec,
    amountMaxFractionDigits: s.amountMaxFractionDigits ?? 4,
    limits: { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(s.limits ?? {}).filter(([, v]) => v !== undefined)) },
  };
}
