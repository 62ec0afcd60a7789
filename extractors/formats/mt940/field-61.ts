/**
 * The `:61:` statement line: value date, optional entry date (MMDD), debit/credit mark (`D`, `C`,
 * `RD`, `RC`; the entry date may be four spaces), optional funds code, amount, transaction type (`NTRF`, `N044`, `FMSC`), customer
 * reference (16x), optional bank reference (`//` 23x) and supplementary details (on the same line
 * after 16 characters, or on the second line). Follows the same reading as the Python `mt940`
 * library, including banks that put a space or newline before the amount.
 */
import type { Where } from '../values.js';
import { BankFileMalformed } from '../errors.js';

export interface Field61 {
  valueDate: string;
  entryDate?: string;
  mark: 'C' | 'D' | 'RC' | 'RD';
  fundsCode?: string;
  amount: string;
  typeCode?: string;
  customerReference: string;
  bankReference?: string;
  supplementary?: string;
}

// The optional entry date may be four spaces (some banks write blanks where they leave it out).
const LINE_61 = /^(\d{6})(\d{4}| {4})?(R?[CD])([A-Z])?[\n ]?(\d[\d,]*)([A-Z][A-Z0-9 ]{3})?([^\n]*)(?:\n([\s\S]*))?$/;

export function parseField61(value: string, at: Where): Field61 {
  const m = LINE_61.exec(value);
  if (!m) {
    throw new BankFileMalformed({
      file: at.file,
      problem: 'syntax',
      reason: `the :61: statement line "${value.split('\n')[0]!.slice(0, 60)}" cannot be read (expected value date YYMMDD, optional entry date MMDD, D/C/RD/RC, amount, type)`,
      where: at.where,
    });
  }
  const rest = m[7]!;
  const next = m[8];
  let customerReference: string;
  let bankReference: string | undefined;
  let sameLine = '';
  const slash = rest.indexOf('//');
  if (slash >= 0 && slash <= 16) {
    customerReference = rest.slice(0, slash);
    bankReference = rest.slice(slash + 2, slash + 2 + 23);
    sameLine = rest.slice(slash + 2 + 23);
  } else {
    customerReference = rest.slice(0, 16);
    sameLine = rest.slice(16);
  }
  const supplementary = next === undefined ? sameLine.trim() : [sameLine.trim(), next.trim()].filter(Boolean).join('\n');
  const out: Field61 = { valueDate: m[1]!, mark: m[3] as Field61['mark'], amount: m[5]!, customerReference: customerReference.trim() };
  if (m[2]?.trim()) out.entryDate = m[2];
  if (m[4]) out.fundsCode = m[4];
  if (m[6]) out.typeCode = m[6].trim();
  if (bankReference !== undefined) out.bankReference = bankReference.trim();
  if (supplementary) out.supplementary = supplementary;
  return out;
}
