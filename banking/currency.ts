import { UnknownCurrency, WithdrawnCurrency } from './errors.js';

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
 * Withdrawn currencies (ISO 4217 list three) that archived statements and ledgers still hold: the
 * currencies the euro replaced, with the minor units ISO 4217 gave them while they were in use
 * (ISO 4217:2001 for the first eleven), when they were withdrawn and what replaced them. Amounts in
 * them are read from old statements, never paid.
 */
// prettier-ignore
export const HISTORIC_CURRENCIES = Object.freeze({
  ATS: { minorUnits: 2, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Austrian schilling' },
  BEF: { minorUnits: 0, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Belgian franc' },
  DEM: { minorUnits: 2, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Deutsche Mark' },
  ESP: { minorUnits: 0, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Spanish peseta' },
  FIM: { minorUnits: 2, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Finnish markka' },
  FRF: { minorUnits: 2, withdrawn: '2002-03', replacedBy: 'EUR', name: 'French franc' },
  IEP: { minorUnits: 2, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Irish pound' },
  ITL: { minorUnits: 0, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Italian lira' },
  LUF: { minorUnits: 0, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Luxembourg franc' },
  NLG: { minorUnits: 2, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Dutch guilder' },
  PTE: { minorUnits: 0, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Portuguese escudo' },
  GRD: { minorUnits: 0, withdrawn: '2002-03', replacedBy: 'EUR', name: 'Greek drachma' },
  SIT: { minorUnits: 2, withdrawn: '2007-01', replacedBy: 'EUR', name: 'Slovenian tolar' },
  CYP: { minorUnits: 2, withdrawn: '2008-01', replacedBy: 'EUR', name: 'Cyprus pound' },
  MTL: { minorUnits: 2, withdrawn: '2008-01', replacedBy: 'EUR', name: 'Maltese lira' },
  SKK: { minorUnits: 2, withdrawn: '2009-01', replacedBy: 'EUR', name: 'Slovak koruna' },
  EEK: { minorUnits: 2, withdrawn: '2011-01', replacedBy: 'EUR', name: 'Estonian kroon' },
  LVL: { minorUnits: 2, withdrawn: '2014-01', replacedBy: 'EUR', name: 'Latvian lats' },
  LTL: { minorUnits: 2, withdrawn: '2014-12', replacedBy: 'EUR', name: 'Lithuanian litas' },
  HRK: { minorUnits: 2, withdrawn: '2023-01', replacedBy: 'EUR', name: 'Croatian kuna' },
  XEU: { minorUnits: 2, withdrawn: '1999-01', replacedBy: 'EUR', name: 'European Currency Unit' },
} as const);

export type HistoricCurrencyCode = keyof typeof HISTORIC_CURRENCIES;
/** A currency an amount may be in: an active one, or a withdrawn one read from an archived statement. */
export type AnyCurrencyCode = CurrencyCode | HistoricCurrencyCode;

export function isHistoricCurrency(code: unknown): code is HistoricCurrencyCode {
  return typeof code === 'string' && Object.hasOwn(HISTORIC_CURRENCIES, code);
}

/** Decimals of an active or withdrawn currency. */
export function minorUnitsOf(code: AnyCurrencyCode): number {
  return isHistoricCurrency(code) ? HISTORIC_CURRENCIES[code].minorUnits : MINOR_UNITS[code];
}

/**
 * The currency code for `code` (surrounding spaces ignored, case-insensitive: ` eur` → `EUR`).
 * Throws `UnknownCurrency` for anything not in the table, and `WithdrawnCurrency` for a withdrawn
 * one (DEM), unless `historic` allows those (amounts read from archived statements).
 */
export function currencyCode(code: string, field?: string): CurrencyCode;
export function currencyCode(code: string, field: string, options: { historic: true }): AnyCurrencyCode;
export function currencyCode(code: string, field = 'currency', options: { historic?: boolean } = {}): AnyCurrencyCode {
  const c = typeof code === 'string' ? code.trim().toUpperCase() : code;
  if (isCurrencyCode(c)) return c;
  if (isHistoricCurrency(c)) {
    if (options.historic) return c;
    const h = HISTORIC_CURRENCIES[c];
    throw new WithdrawnCurrency(`${c} (${h.name}) was withdrawn in ${h.withdrawn}, replaced by ${h.replacedBy}`, field, { currency: c, withdrawn: h.withdrawn, replacedBy: h.replacedBy });
  }
  const shown = typeof code === 'string' ? `"${code.slice(0, 12)}"` : String(typeof code);
  throw new UnknownCurrency(`${shown} is not a known ISO 4217 currency code`, field, { currency: typeof code === 'string' ? code.slice(0, 12) : null });
}

/** Number of decimals of the currency (EUR 2, JPY 0, BHD 3). Throws `UnknownCurrency`. */
export function minorUnits(code: string): number {
  return MINOR_UNITS[currencyCode(code)];
}
