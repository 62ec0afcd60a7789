/**
 * The sheet benchmark's input: a large payment instruction workbook written with exceljs's streaming
 * WorkbookWriter (shared strings and styles on, as Excel saves), laid out as back offices receive
 * them: two title rows and a blank row above the header, then one payment per row, a blank row and
 * a totals row ("Total", the exact sum as German text).
 *
 * Columns (the aliases of bots/payment-batch/sheet-spec.ts): End-to-end id, Reference, Debit account,
 * Beneficiary, IBAN, BIC, Amount, Currency, Execution date, Remittance.
 * Amounts: even rows numeric cells (format #,##0.00), odd rows German text ("1.234,56" or "87,05").
 * Execution dates: Date cells (format dd.mm.yyyy), every 10th row text "dd.MM.yyyy".
 * Beneficiaries: a pool of 5,000 names and valid DE IBANs (mod 97), some without BIC.
 * The writer puts the worksheet before the shared strings in the zip, so readers spool the sheet
 * to a temp file first (exceljs does; so does Excel's own output order).
 */
import { statSync } from 'node:fs';
import ExcelJS from 'exceljs';

export const TITLE_ROWS = 3; // two titles and a blank row
export const HEADER = ['End-to-end id', 'Reference', 'Debit account', 'Beneficiary', 'IBAN', 'BIC', 'Amount', 'Currency', 'Execution date', 'Remittance'];
const BENEFICIARY_POOL = 5_000;
const DEBIT_ACCOUNTS = ['DE89370400440532013000', 'DE02120300000000202051', 'DE02500105170137075030'];
const NAMES = ['Müller & Söhne GmbH', 'Boulangerie Dupré SARL', 'Van der Berg B.V.', 'Smith Office Supplies Ltd', 'Österreichische Bau AG', 'Banco Ejemplo S.L.'];

export interface PaymentWorkbook {
  file: string;
  /** Payment rows (data rows between header and totals). */
  rows: number;
  /** Row number of the header and of the totals row, as Excel shows them. */
  headerRow: number;
  totalsRow: number;
  /** The totals row's figure as written (German decimal comma) and as a plain decimal. */
  totalText: string;
  totalPlain: string;
  bytes: number;
  writeMs: number;
}

/** ISO 7064 mod 97-10 check digits of a country code + BBAN. */
function ibanFor(country: string, bban: string): string {
  const digits = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of digits) rem = (rem * 10 + Number(ch)) % 97;
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}

function beneficiary(k: number): { name: string; iban: string; bic: string } {
  const bank = String(10_000_000 + ((k * 7_919) % 89_999_999)).padStart(8, '0');
  const account = String(k * 104_729 + 1_000_003).padStart(10, '0').slice(-10);
  return { name: `${NAMES[k % NAMES.length]!} ${k}`, iban: ibanFor('DE', bank + account), bic: k % 3 === 0 ? '' : 'COBADEFFXXX' };
}

/** 1234567 thousandths → "1.234,567"; cents only when the last digit is 0. Grouped or not. */
function germanText(cents: bigint, grouped: boolean): string {
  const units = (cents / 100n).toString();
  const g = grouped ? units.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : units;
  return `${g},${String(cents % 100n).padStart(2, '0')}`;
}

/** Writes the workbook; resolves when the file is complete on disk. */
export async function writePaymentWorkbook(file: string, rows: number): Promise<PaymentWorkbook> {
  const started = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Payments');
  ws.addRow(['Payment instructions', null, null, 'created by the benchmark']).commit();
  ws.addRow(['Prepared by: Operations', null, null, `${rows} payments`]).commit();
  ws.addRow([]).commit();
  ws.addRow(HEADER).commit();
  const pool = Array.from({ length: BENEFICIARY_POOL }, (_, k) => beneficiary(k));
  let total = 0n;
  for (let i = 0; i < rows; i++) {
    const b = pool[(i * 31) % pool.length]!;
    const cents = 500n + BigInt((i * 7_919) % 2_500_000);
    total += cents;
    const day = new Date(Date.UTC(2025, 2, 3 + (i % 20)));
    const ref = `PAY-${String(i + 1).padStart(7, '0')}`;
    const amount = i % 2 === 0 ? Number(cents) / 100 : germanText(cents, i % 4 === 1);
    const date = i % 10 === 9 ? `${String(day.getUTCDate()).padStart(2, '0')}.03.2025` : day;
    const row = ws.addRow([`E2E-${ref}`, ref, DEBIT_ACCOUNTS[i % DEBIT_ACCOUNTS.length]!, b.name, b.iban, b.bic || null, amount, 'EUR', date, `Invoice ${ref}`]);
    if (typeof amount === 'number') row.getCell(7).numFmt = '#,##0.00';
    if (date instanceof Date) row.getCell(9).numFmt = 'dd.mm.yyyy';
    row.commit();
  }
  ws.addRow([]).commit();
  const totalText = germanText(total, false);
  ws.addRow(['Total', null, null, null, null, null, totalText]).commit();
  ws.commit();
  await wb.commit();
  const headerRow = TITLE_ROWS + 1;
  return {
    file,
    rows,
    headerRow,
    totalsRow: headerRow + rows + 2,
    totalText,
    totalPlain: `${total / 100n}.${String(total % 100n).padStart(2, '0')}`,
    bytes: statSync(file).size,
    writeMs: performance.now() - started,
  };
}
