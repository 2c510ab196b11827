import { Decimal } from 'decimal.js';

/**
 * How numbers are written for a person: a double as its shortest round-trip string, a decimal
 * with all its significant digits but never a run of zeros: positional while the decimal exponent
 * is in [-6, 21) (the range in which JavaScript writes doubles positionally), `1.2e-1737` outside.
 * Both forms are exact: nothing is rounded, only the zeros that place the digits are dropped.
 */

/** Decimal exponents written positionally: [FORMAT_EXP_MIN, FORMAT_EXP_MAX). */
export const FORMAT_EXP_MIN = -6;
export const FORMAT_EXP_MAX = 21;

/** A numeral as decimal.js and JavaScript write it: sign, digits, optional fraction and exponent. */
const NUMERAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * A double in shortest round-trip form (`String(x)`), `NaN`, `Infinity` or `-Infinity`.
 * @example formatNumber(1e-300) === '1e-300'
 */
export function formatNumber(x: number): string {
  return String(x);
}

/**
 * A decimal (a Decimal, or a numeral string such as decimal.js's `toString()`) with every
 * significant digit, positional for exponents in [-6, 21) and in exponent form outside.
 * A string that is not a numeral comes back unchanged.
 * @example formatDecimal('0.000000000012') === '1.2e-11'
 * @example formatDecimal('0.5') === '0.5'
 */
export function formatDecimal(x: Decimal | string): string {
  const s = typeof x === 'string' ? x : x.isFinite() ? x.toExponential() : x.toString();
  const m = NUMERAL.exec(s);
  if (!m) return s;
  const sign = m[1] ?? '';
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  const shift = Number(m[4] ?? '0');
  const all = int + frac;
  const first = all.search(/[1-9]/);
  if (first < 0) return `${sign}0`;
  const digits = all.slice(first).replace(/0+$/, '');
  // value = 0.(all) * 10^(int.length + shift); leading digit at 10^(int.length + shift - 1 - first)
  const exponent = int.length + shift - 1 - first;
  if (exponent >= FORMAT_EXP_MIN && exponent < FORMAT_EXP_MAX) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
    return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
}

/**
 * `value` with every Decimal and every numeral string rewritten by {@link formatDecimal}, deeply
 * (plain objects and arrays); doubles and other values are kept as they are (JSON already writes a
 * double in shortest round-trip form).
 */
export function readableNumbers(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return formatDecimal(value as Decimal);
  if (typeof value === 'string') return NUMERAL.test(value) ? formatDecimal(value) : value;
  if (Array.isArray(value)) return value.map(readableNumbers);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readableNumbers(v)]));
  }
  return value;
}

/**
 * A double to `digits` significant digits for a label or a table cell: integers below 1e9 as they
 * are, exponent form below 1e-3 and from 1e6, else `toPrecision`; non-finite values by name.
 * @example formatSignificant(0.000123456, 3) === '1.23e-4'
 * @example formatSignificant(0.0723456, 3) === '0.0723'
 */
export function formatSignificant(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(digits - 1) : x.toPrecision(digits);
}
