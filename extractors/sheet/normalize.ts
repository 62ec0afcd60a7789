/**
 * Header text normalisation: case-insensitive, ignoring spaces, punctuation and accents.
 * "Beneficiary IBAN", "beneficiary_iban" and "BENEFICIARY-IBAN:" all become "beneficiaryiban";
 * "Empfänger" and "Empfanger" both become "empfanger"; "Straße" becomes "strasse".
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Excel column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
