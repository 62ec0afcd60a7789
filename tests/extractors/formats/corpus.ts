/**
 * The real-world corpus (../shared/corpus) and readers of the expected outputs stored beside it:
 * - `mt940/**\/*.yml`: YAML dumps of the Python `mt940` library's parse (`!!python/object` tags).
 *   Read with the `yaml` package, tags left unresolved (each becomes a plain map or list); amounts
 *   are `Decimal` strings, dates `!!binary` bytes of Python's date pickle (year high, year low,
 *   month, day). `data` holds the values of the LAST message of the file: the library overwrites
 *   its balances message by message.
 * - `camt/*.json`: dumps of genkgo/camt DTOs; amounts in minor units as strings ("-20000000").
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export const corpusDir = path.resolve(process.cwd(), '../shared/corpus');
export const hasCorpus = existsSync(corpusDir);
if (!hasCorpus) console.warn(`[formats] ${corpusDir} is absent: the corpus tests are skipped`);

export interface YmlAmount {
  amount: string;
  currency: string;
}
export interface YmlBalance extends YmlAmount {
  date: string;
  status: string;
}
export interface YmlTransaction extends YmlAmount {
  date: string;
  entryDate?: string;
}
export interface Mt940Expected {
  /** The last message's balances, by the library's key (`final_opening_balance`...). */
  balances: Record<string, YmlBalance>;
  transactions: YmlTransaction[];
  data: Record<string, unknown>;
}

type Raw = Record<string, unknown>;

function pyDate(v: unknown): string {
  const bytes = (Array.isArray(v) ? v[0] : v) as Uint8Array;
  if (!(bytes instanceof Uint8Array) || bytes.length < 4) throw new Error(`not a pickled date: ${String(v)}`);
  const y = bytes[0]! * 256 + bytes[1]!;
  return `${y}-${String(bytes[2]).padStart(2, '0')}-${String(bytes[3]).padStart(2, '0')}`;
}

function pyAmount(v: unknown): YmlAmount {
  const a = v as { amount: unknown; currency: unknown };
  const amount = Array.isArray(a.amount) ? a.amount[0] : a.amount;
  if (typeof amount !== 'string' || typeof a.currency !== 'string') throw new Error(`not an Amount: ${JSON.stringify(v)}`);
  return { amount, currency: a.currency };
}

export const BALANCE_KEYS = {
  final_opening_balance: '60F',
  intermediate_opening_balance: '60M',
  final_closing_balance: '62F',
  intermediate_closing_balance: '62M',
  available_balance: '64',
  forward_available_balance: '65',
} as const;

export function readMt940Yml(file: string): Mt940Expected {
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'), { version: '1.1', logLevel: 'silent' });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  // The only warnings allowed are the Python tags that we read as plain maps and lists.
  const other = doc.warnings.filter((w) => !/Unresolved tag: tag:yaml\.org,2002:(python\/|binary)/.test(w.message));
  if (other.length) throw new Error(`${file}: ${other[0]!.message}`);
  const js = doc.toJS({ maxAliasCount: -1 }) as { data: Raw; transactions: { data: Raw }[] };
  const balances: Record<string, YmlBalance> = {};
  for (const key of Object.keys(BALANCE_KEYS)) {
    const b = js.data[key] as Raw | undefined;
    if (b) balances[key] = { ...pyAmount(b.amount), date: pyDate(b.date), status: String(b.status) };
  }
  const transactions = js.transactions.map(({ data }) => ({
    ...pyAmount(data.amount),
    date: pyDate(data.date),
    ...(data.entry_date ? { entryDate: pyDate(data.entry_date) } : {}),
  }));
  return { balances, transactions, data: js.data };
}

export interface GenkgoMoney {
  getAmount: string;
  getCurrency: { getCode: string };
}
export interface GenkgoBalance {
  getAmount: GenkgoMoney;
  getDate: { '0': string } | null;
  getType: string;
}
export interface GenkgoRecord {
  getId: string;
  getBalances?: GenkgoBalance[];
}
export interface GenkgoEntry {
  getAmount: GenkgoMoney;
  getIndex: number;
  getRecord: GenkgoRecord;
  getCreditDebitIndicator: string;
}
export interface GenkgoMessage {
  getEntries: GenkgoEntry[];
  getRecords: unknown[];
  getGroupHeader: { getMessageId: string };
}

export function readGenkgoJson(file: string): GenkgoMessage {
  return JSON.parse(readFileSync(file, 'utf8')) as GenkgoMessage;
}

/** genkgo's balance type names → the ISO codes they are read from (genkgo maps OPBD and PRCD both to "opening"). */
export const GENKGO_BALANCE_TYPES: Record<string, string[]> = {
  opening: ['OPBD', 'PRCD'],
  closing: ['CLBD'],
  opening_available: ['OPAV'],
  closing_available: ['CLAV'],
  forward_available: ['FWAV'],
  information: ['INFO'],
  interim_available: ['ITAV'],
  interim: ['ITBD'],
  expected_credit: ['XPCD'],
};
