import ExcelJS from 'exceljs';

/** IBANs that pass mod-97 (public examples), for sample beneficiaries. */
const BENEFICIARIES = [
  { name: 'Müller & Söhne GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
  { name: 'Boulangerie Dupré SARL', iban: 'FR1420041010050500013M02606', bic: '' },
  { name: 'Van der Berg B.V.', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
  { name: 'Smith Office Supplies Ltd', iban: 'GB29NWBK60161331926819', bic: 'NWBKGB2L' },
  { name: 'Österreichische Bau AG', iban: 'AT611904300234573201', bic: '' },
  { name: 'Banco Ejemplo S.L.', iban: 'ES9121000418450200051332', bic: '' },
];

/** A beneficiary on the OFAC SDN list (a real, public entry, also in the project's demo list). */
const SANCTIONED = { name: 'Aerocaribbean Airlines', iban: 'ES9121000418450200051332', bic: '' };

export interface SamplePaymentFile {
  /** References of the rows, in order (the duplicate repeats an earlier one). */
  references: string[];
  /** Rows (1-based, as in Excel) that break a banking rule. */
  invalidRows: number[];
  /** Rows that repeat an earlier row's reference. */
  duplicateRows: number[];
  /** Rows whose beneficiary is on the sanctions list (held by compliance). */
  sanctionedRows: number[];
  /** Sum of the valid, non-duplicate rows in EUR cents. */
  validCents: bigint;
}

/**
 * Writes a payment instruction workbook as back offices receive them: a title row above
 * the header, German amounts as text, dates as Excel dates, a totals row. `invalid` rows
 * break a banking rule (IBAN check digits, a non-SEPA character, too many decimals);
 * `duplicates` rows repeat an earlier reference; `sanctioned` rows (the first ones after row 1)
 * pay a beneficiary on the sanctions list.
 */
export async function writeSamplePaymentFile(
  file: string,
  options: { count: number; debitAccount: string; executionDate: string; invalid?: number; duplicates?: number; sanctioned?: number; prefix?: string },
): Promise<SamplePaymentFile> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Payments');
  ws.addRow(['Payment instructions', '', '', 'created by the sample generator']);
  ws.addRow([]);
  ws.addRow(['Reference', 'Debit account', 'Beneficiary', 'IBAN', 'BIC', 'Amount', 'Currency', 'Execution date', 'Remittance']);
  const headerRows = 3;
  const [y, m, d] = options.executionDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const out: SamplePaymentFile = { references: [], invalidRows: [], duplicateRows: [], sanctionedRows: [], validCents: 0n };
  let totalMilli = 0n;
  const invalid = options.invalid ?? 0;
  const duplicates = options.duplicates ?? 0;
  const prefix = options.prefix ?? 'PAY';
  for (let i = 0; i < options.count; i++) {
    const row = headerRows + 1 + i;
    const isSanctioned = i >= 1 && i <= (options.sanctioned ?? 0);
    const b = isSanctioned ? SANCTIONED : BENEFICIARIES[i % BENEFICIARIES.length]!;
    const cents = 1_000n + BigInt((i * 7_919) % 250_000);
    let reference = `${prefix}-${String(i + 1).padStart(4, '0')}`;
    let iban = b.iban;
    let name = b.name;
    let amount = `${cents / 100n},${String(cents % 100n).padStart(2, '0')}`;
    const isInvalid = i >= options.count - invalid - duplicates && i < options.count - duplicates;
    const isDuplicate = i >= options.count - duplicates;
    if (isInvalid) {
      const kind = (options.count - duplicates - 1 - i) % 3;
      if (kind === 0) iban = iban.slice(0, 2) + '00' + iban.slice(4);
      if (kind === 1) name = `${name} €uro`;
      if (kind === 2) amount = `${amount}5`;
      out.invalidRows.push(row);
    } else if (isDuplicate) {
      reference = out.references[i % Math.max(1, options.count - invalid - duplicates)]!;
      out.duplicateRows.push(row);
    } else if (isSanctioned) {
      out.sanctionedRows.push(row);
    } else {
      out.validCents += cents;
    }
    out.references.push(reference);
    totalMilli += toMilli(amount);
    ws.addRow([reference, options.debitAccount, name, iban, b.bic, amount, 'EUR', date, `Invoice ${reference}`]);
  }
  ws.addRow([]);
  // The file's own control total: every amount as written, summed exactly (in thousandths).
  ws.addRow(['Total', '', '', '', '', formatMilli(totalMilli), '']);
  await wb.xlsx.writeFile(file);
  return out;
}

/** "1234,56" or "1234,565" (German decimal comma) in thousandths. */
function toMilli(text: string): bigint {
  const [units, fraction = ''] = text.split(',');
  return BigInt(units!) * 1000n + BigInt(fraction.padEnd(3, '0').slice(0, 3));
}

function formatMilli(milli: bigint): string {
  const fraction = String(milli % 1000n).padStart(3, '0');
  return `${milli / 1000n},${fraction.endsWith('0') ? fraction.slice(0, 2) : fraction}`;
}
