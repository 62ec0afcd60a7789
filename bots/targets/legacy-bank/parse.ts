/** Parsing the screen formats into canonical values, with string operations only (no floats for money). */

/** "1.234,56" → "1234.56"; "-1.234,56" → "-1234.56"; "0,05" → "0.05". Throws on anything else. */
export function parseAmount(text: string): string {
  const s = text.replace(/[\s\u00a0]/g, '');
  const m = /^(-?)(\d{1,3}(?:\.\d{3})*),(\d{2})$/.exec(s);
  if (!m) throw new Error(`legacy-bank: not an amount in screen format "1.234,56": ${JSON.stringify(text)}`);
  const units = (m[2] as string).replace(/\./g, '').replace(/^0+(?=\d)/, '');
  const minor = m[3] as string;
  const negative = m[1] === '-' && !(units === '0' && minor === '00');
  return `${negative ? '-' : ''}${units}.${minor}`;
}

/** An empty cell (blank or non-breaking space) → null, else parseAmount. */
export function parseOptionalAmount(text: string): string | null {
  return text.replace(/[\s\u00a0]/g, '') === '' ? null : parseAmount(text);
}

/** "05/03/2024" → "2024-03-05". */
export function parseDate(text: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (!m) throw new Error(`legacy-bank: not a date in screen format dd/mm/yyyy: ${JSON.stringify(text)}`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/** Whitespace (including non-breaking spaces and line breaks) collapsed to single spaces, trimmed. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** "de12 1002 0030 ..." → "DE121002003..." */
export function compactIban(text: string): string {
  return text.replace(/[\s\u00a0]+/g, '').toUpperCase();
}

/** Masks every digit but the last four: "DE89370400440532013000" → "DE****************3000" (for messages and logs). */
export function maskAccountRef(ref: string): string {
  const compact = compactIban(ref);
  const digits = compact.replace(/\D/g, '').length;
  let seen = 0;
  return compact.replace(/\d/g, (d) => (++seen > digits - 4 ? d : '*'));
}

/**
 * Canonical decimal → screen format, with string operations only: "1234.56" → "1.234,56";
 * "1234.5" → "1.234,5"; "1234" → "1.234"; "-0.05" → "-0,05". The decimals are kept as given
 * (the screen, not this function, decides how many are allowed). Throws on anything else.
 */
export function formatScreenAmount(decimal: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new Error(`legacy-bank: not a canonical decimal amount ("1234.56"): ${JSON.stringify(decimal)}`);
  const units = (m[2] as string).replace(/^0+(?=\d)/, '');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${m[1]}${grouped}${m[3] === undefined ? '' : `,${m[3]}`}`;
}

/** "2024-03-05" → "05/03/2024". Throws on anything else. */
export function formatScreenDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) throw new Error(`legacy-bank: not an ISO date ("YYYY-MM-DD"): ${JSON.stringify(iso)}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}
