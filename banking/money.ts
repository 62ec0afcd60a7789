import { Decimal } from 'decimal.js';
import { amountFormat, type AmountFormat, type AmountLocale } from './amount-locale.js';
import { currencyCode, minorUnitsOf, type AnyCurrencyCode } from './currency.js';
import { CurrencyMismatch, InvalidAmount } from './errors.js';

/**
 * Our own Decimal constructor: plenty of significant digits so that adding and subtracting amounts
 * never rounds (60 digits, far beyond any real amount), and never exponent notation in strings.
 */
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });

/** A canonical amount string: optional minus, digits, optional "." and digits. */
const CANONICAL = /^-?[0-9]+(\.[0-9]+)?$/;

function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * An amount of money in one currency: exact (decimal.js, never a float) and immutable.
 * An amount never has more decimals than its currency's ISO 4217 minor units: `12.345 EUR` is refused,
 * never rounded. Trailing zeros carry no information, so `12.340 EUR` is 12.34 EUR and `100.00 JPY` is 100 JPY.
 */
export class Money {
  private constructor(
    private readonly value: Decimal,
    readonly currency: AnyCurrencyCode,
  ) {
    Object.freeze(this);
  }

  /**
   * `Money.of('1234.56', 'EUR')`. The amount is a canonical string (`-?digits(.digits)?`; use
   * `parseAmount` for formatted text such as `1.234,56`) or a Decimal. JS numbers are refused, in the
   * types and at run time: a float has already lost the amount. A withdrawn currency (DEM) is
   * refused unless `historic` (amounts read from an archived statement).
   */
  static of(amount: string | Decimal, currency: string, field = 'amount', options: { historic?: boolean } = {}): Money {
    const code = options.historic ? currencyCode(currency, 'currency', { historic: true }) : currencyCode(currency, 'currency');
    let value: Decimal;
    if (typeof amount === 'string') {
      if (!CANONICAL.test(amount)) {
        throw new InvalidAmount(
          `"${shown(amount)}" is not an amount (expected digits with "." as the decimal separator, e.g. 1234.56)`,
          field,
          { text: shown(amount) },
        );
      }
      value = new D(amount);
    } else if (Decimal.isDecimal(amount)) {
      if (!amount.isFinite()) throw new InvalidAmount(`${amount.toString()} is not a finite amount`, field, { text: amount.toString() });
      value = new D(amount);
    } else {
      // Refused at run time too (callers that bypass the types, e.g. JSON data): a number is already a float.
      throw new TypeError(`Money.of needs the amount as a string or a Decimal, not a ${typeof amount}: a float has already lost the exact amount`);
    }
    const allowed = minorUnitsOf(code);
    if (value.decimalPlaces() > allowed) {
      const text = typeof amount === 'string' ? shown(amount) : value.toFixed();
      throw new InvalidAmount(
        `${text} has more decimals than ${code} allows (${allowed}); amounts are never rounded`,
        field,
        { text, currency: code, decimals: value.decimalPlaces(), allowed },
      );
    }
    return new Money(value.isZero() ? new D(0) : value, code);
  }

  /** Zero in a currency (a withdrawn one too: sums of amounts read from an archived statement). */
  static zero(currency: string): Money {
    return new Money(new D(0), currencyCode(currency, 'currency', { historic: true }));
  }

  /** From an integer count of minor units: `fromMinorUnits(123456n, 'EUR')` is 1234.56 EUR. */
  static fromMinorUnits(minor: bigint, currency: string): Money {
    if (typeof minor !== 'bigint') throw new TypeError(`fromMinorUnits needs a bigint, not a ${typeof minor}`);
    const code = currencyCode(currency);
    return new Money(new D(minor.toString()).div(new D(10).pow(minorUnitsOf(code))), code);
  }

  /** The sum of amounts that are all in `currency` (zero for an empty list). */
  static sum(list: Iterable<Money>, currency: string): Money {
    let total = Money.zero(currency);
    for (const m of list) total = total.plus(m);
    return total;
  }

  static isMoney(x: unknown): x is Money {
    return x instanceof Money;
  }

  /** From `toJSON()` output (e.g. job data); a withdrawn currency only when `historic`. */
  static fromJSON(json: unknown, field = 'amount', options: { historic?: boolean } = {}): Money {
    if (typeof json !== 'object' || json === null) throw new InvalidAmount('an amount must be { amount, currency }', field);
    const { amount, currency } = json as Record<string, unknown>;
    if (typeof amount !== 'string' || typeof currency !== 'string') throw new InvalidAmount('an amount must be { amount: string, currency: string }', field);
    return Money.of(amount, currency, field, options);
  }

  plus(other: Money): Money {
    this.sameCurrency(other, 'add');
    return new Money(this.value.plus(other.value), this.currency).normalised();
  }

  minus(other: Money): Money {
    this.sameCurrency(other, 'subtract');
    return new Money(this.value.minus(other.value), this.currency).normalised();
  }

  negate(): Money {
    return new Money(this.value.negated(), this.currency).normalised();
  }

  abs(): Money {
    return new Money(this.value.abs(), this.currency);
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  isPositive(): boolean {
    return this.value.isPositive() && !this.value.isZero();
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  /** Same currency and same amount. */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.value.equals(other.value);
  }

  /** -1, 0 or 1; throws `CurrencyMismatch` for amounts in different currencies. */
  compare(other: Money): -1 | 0 | 1 {
    this.sameCurrency(other, 'compare');
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  /** The exact amount as a Decimal (immutable). */
  toDecimal(): Decimal {
    return this.value;
  }

  /** Canonical text with exactly the currency's decimals: `1234.56`, `-12.00`, `1000` (JPY), `1.250` (BHD). */
  toString(): string {
    return this.value.toFixed(minorUnitsOf(this.currency));
  }

  /** Integer count of minor units: 1234.56 EUR → 123456n. */
  toMinorUnits(): bigint {
    return BigInt(this.value.times(new D(10).pow(minorUnitsOf(this.currency))).toFixed(0));
  }

  toJSON(): { amount: string; currency: AnyCurrencyCode } {
    return { amount: this.toString(), currency: this.currency };
  }

  /** For people: `de` → `1.234,56`, `en` → `1,234.56`, `ch` → `1'234.56`, `plain` → `1234.56`. No currency code. */
  format(locale: AmountLocale | AmountFormat = 'en'): string {
    const { decimal, group } = amountFormat(locale);
    const text = this.abs().toString();
    const [int = '0', frac] = text.split('.');
    const sep = group[0];
    const grouped = sep ? int.replace(/\B(?=(\d{3})+(?!\d))/g, sep) : int;
    return `${this.isNegative() ? '-' : ''}${grouped}${frac === undefined ? '' : decimal + frac}`;
  }

  private normalised(): Money {
    return this.value.isZero() && this.value.isNegative() ? new Money(new D(0), this.currency) : this;
  }

  private sameCurrency(other: Money, what: string): void {
    if (other.currency !== this.currency) {
      throw new CurrencyMismatch(`cannot ${what} ${other.currency} and ${this.currency} amounts`, 'currency', {
        currencies: [this.currency, other.currency],
      });
    }
  }
}
