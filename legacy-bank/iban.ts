/**
 * ISO 13616 IBANs: mod-97 check digits (ISO 7064 MOD 97-10), computed with chunked
 * integer arithmetic (no floats, no BigInt needed), and German (DE) IBAN construction
 * from an 8-digit bank code (BLZ) and a 10-digit account number.
 */

/** Letters A..Z become 10..35; digits stay. */
function toDigits(s: string): string {
  let out = '';
  for (const ch of s.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) out += ch;
    else if (code >= 65 && code <= 90) out += String(code - 55);
    else throw new Error(`invalid IBAN character ${JSON.stringify(ch)}`);
  }
  return out;
}

/** The remainder of a long decimal digit string divided by 97, in chunks of 7 digits. */
export function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) {
    rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  }
  return rest;
}

/** Removes spaces and upper-cases ("de89 3704 ..." → "DE893704..."). */
export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/** Check digits for a country code and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rest = mod97(toDigits(bban + country.toUpperCase() + '00'));
  return String(98 - rest).padStart(2, '0');
}

export function isValidIban(iban: string): boolean {
  const s = normalizeIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  return mod97(toDigits(s.slice(4) + s.slice(0, 4))) === 1;
}

/** A German IBAN: DE + check digits + 8-digit bank code + 10-digit account number (22 characters). */
export function germanIban(bankCode: string, accountNumber: string): string {
  if (!/^\d{8}$/.test(bankCode)) throw new Error(`bank code must be 8 digits: ${bankCode}`);
  if (!/^\d{10}$/.test(accountNumber)) throw new Error(`account number must be 10 digits: ${accountNumber}`);
  const bban = bankCode + accountNumber;
  return `DE${ibanCheckDigits('DE', bban)}${bban}`;
}

/** Print format: groups of four separated by spaces ("DE89 3704 0044 0532 0130 00"). */
export function formatIbanPrint(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}
