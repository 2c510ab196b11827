import { Decimal } from 'decimal.js';

/** A decimal.js constructor with its own precision (never the global one). */
export type DecimalCtor = typeof Decimal;

const contexts = new Map<number, DecimalCtor>();

/** Exponents beyond which an hpContext decimal is written in exponent form. */
export const HP_PLAIN_EXPONENT = 1e6;

/** A Decimal constructor working at `digits` significant digits (cached per precision). */
export function hpContext(digits: number): DecimalCtor {
  let ctor = contexts.get(digits);
  if (!ctor) {
    // plain digits up to a million places; beyond, exponent form: toString and toNumber (which goes
    // through the string) of e^-1.5e9 would otherwise build a 651-million-character string (out of memory)
    ctor = Decimal.clone({
      precision: digits,
      rounding: Decimal.ROUND_HALF_EVEN,
      toExpNeg: -HP_PLAIN_EXPONENT,
      toExpPos: HP_PLAIN_EXPONENT,
    });
    contexts.set(digits, ctor);
  }
  return ctor;
}

const view = new DataView(new ArrayBuffer(8));

/**
 * The exact decimal expansion of a double (every double is a finite binary fraction, so this is
 * a finite decimal string). `new Decimal(x)` would use the shortest round-trip string instead.
 * @example exactDecimalString(0.1) === '0.1000000000000000055511151231257827021181583404541015625'
 */
export function exactDecimalString(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`exactDecimalString: ${x} is not finite`);
  if (x === 0) return '0';
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  let mant = expBits === 0 ? frac : frac | 0x10000000000000n;
  let exp = (expBits === 0 ? 1 : expBits) - 1075;
  // a fraction's trailing zero bits stripped (mant > 0 here), mant is odd below the point
  while ((mant & 1n) === 0n && exp < 0) {
    mant >>= 1n;
    exp++;
  }
  if (exp >= 0) return sign + (mant << BigInt(exp)).toString();
  // mant / 2^k = mant * 5^k / 10^k, and odd mant 5^k ends in an odd digit: no trailing zeros
  const k = -exp;
  const digits = (mant * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
  return `${sign}${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
}

/** The exact value of a double as a Decimal of constructor `D` (rounded only to D's precision). */
export function exact(D: DecimalCtor, x: number): Decimal {
  return new D(exactDecimalString(x));
}
