import { UnknownCurrency } from './errors.js';

const ZERO = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'] as const;
const THREE = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const;
const FOUR = ['CLF', 'UYW'] as const;
// prettier-ignore
const TWO = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND', 'BOB',
  'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU', 'CRC', 'CUP',
  'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GTQ',
  'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK',
  'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV',
  'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD',
  'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB',
  'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD', 'USN', 'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG',
  'YER', 'ZAR', 'ZMW', 'ZWG',
] as const;

/** An active ISO 4217 currency code with defined minor units (no metals, no XDR/XXX/XTS). */
export type CurrencyCode = (typeof ZERO)[number] | (typeof THREE)[number] | (typeof FOUR)[number] | (typeof TWO)[number];

/** ISO 4217 minor units (number of decimals) per currency. */
export const MINOR_UNITS: Readonly<Record<CurrencyCode, number>> = Object.freeze(
  Object.fromEntries([
    ...ZERO.map((c) => [c, 0] as const),
    ...TWO.map((c) => [c, 2] as const),
    ...THREE.map((c) => [c, 3] as const),
    ...FOUR.map((c) => [c, 4] as const),
  ]) as Record<CurrencyCode, number>,
);

export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && Object.hasOwn(MINOR_UNITS, code);
}

/**
 * The currency code for `code` (surrounding spaces ignored, case-insensitive: ` eur` → `EUR`).
 * Throws `UnknownCurrency` for anything not in the table.
 */
export function currencyCode(code: string, field = 'currency'): CurrencyCode {
  const c = typeof code === 'string' ? code.trim().toUpperCase() : code;
  if (isCurrencyCode(c)) return c;
  const shown = typeof code === 'string' ? `"${code.slice(0, 12)}"` : String(typeof code);
  throw new UnknownCurrency(`${shown} is not a known ISO 4217 currency code`, field, { currency: typeof code === 'string' ? code.slice(0, 12) : null });
}

/** Number of decimals of the currency (EUR 2, JPY 0, BHD 3). Throws `UnknownCurrency`. */
export function minorUnits(code: string): number {
  return MINOR_UNITS[currencyCode(code)];
}
