/**
 * Exact rational arithmetic (BigInt) for the yes/no decisions of the bounds: the inputs m, b_rel
 * and N are decimals, so the inequalities of docs/theory.md §2 (m + b <= 1, 3m <= 1 + b,
 * N <= 4m / (3m - 1 - b)) can be decided without rounding.
 *
 * @remarks A double whose shortest round-trip form (ECMA-262 Number::toString) has at most 15
 * significant digits is read as that decimal: every decimal typed with at most 15 digits
 * round-trips to itself, so `0.4` is 2/5, not its binary neighbour. A double that needs 16 or 17
 * digits is the result of a computation and is read as its exact binary value (so 1 - m, exact in
 * binary for m in [0.5, 2], keeps m + (1 - m) = 1).
 */
import { Decimal } from 'decimal.js';

/** A rational p / q in lowest terms with q > 0. */
export interface Rational {
  readonly p: bigint;
  readonly q: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** p / q reduced, with the sign on p. */
export function rat(p: bigint, q: bigint = 1n): Rational {
  if (q === 0n) throw new RangeError('rat: zero denominator');
  if (q < 0n) {
    p = -p;
    q = -q;
  }
  const g = gcd(p, q) || 1n;
  return { p: p / g, q: q / g };
}

/**
 * The exact rational value of the decimal that a finite double prints as.
 * @example ratOf(0.4).p === 2n && ratOf(0.4).q === 5n
 */
export function ratOf(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`ratOf: x must be finite, got ${x}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (m === null) throw new RangeError(`ratOf: cannot read ${String(x)}`);
  const significant = (m[2]! + (m[3] ?? '')).replace(/^0+/, '').length;
  if (significant > MAX_TYPED_DIGITS) return ratOfBinary(x);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0') - frac.length;
  let p = BigInt(m[2]! + frac);
  if (m[1] === '-') p = -p;
  return exp >= 0 ? rat(p * 10n ** BigInt(exp)) : rat(p, 10n ** BigInt(-exp));
}

/** Significant digits up to which a double is read as the decimal it prints as. */
export const MAX_TYPED_DIGITS = 15;

/**
 * The exact binary value of a finite double.
 * @example ratOfBinary(0.5).p === 1n && ratOfBinary(0.5).q === 2n
 */
export function ratOfBinary(x: number): Rational {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = e === 0 ? frac : frac | (1n << 52n);
  const exp = (e === 0 ? 1 : e) - 1075;
  const p = neg ? -mant : mant;
  return exp >= 0 ? rat(p << BigInt(exp)) : rat(p, 1n << BigInt(-exp));
}

export function add(a: Rational, b: Rational): Rational {
  return rat(a.p * b.q + b.p * a.q, a.q * b.q);
}

export function sub(a: Rational, b: Rational): Rational {
  return rat(a.p * b.q - b.p * a.q, a.q * b.q);
}

export function mul(a: Rational, b: Rational): Rational {
  return rat(a.p * b.p, a.q * b.q);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.p === 0n) throw new RangeError('div: division by zero');
  return rat(a.p * b.q, a.q * b.p);
}

/** Sign of a - b: -1, 0 or 1. */
export function cmp(a: Rational, b: Rational): number {
  const d = a.p * b.q - b.p * a.q;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Sign of a: -1, 0 or 1. */
export function sign(a: Rational): number {
  return a.p < 0n ? -1 : a.p > 0n ? 1 : 0;
}

/** floor(a) as a BigInt. */
export function floor(a: Rational): bigint {
  const f = a.p / a.q; // truncates toward zero
  return a.p < 0n && f * a.q !== a.p ? f - 1n : f;
}

/**
 * The double nearest to a (correctly rounded up to the last place of a 40-digit quotient, far below
 * one ulp): finite for |a| within the double range, else +-Infinity or 0.
 */
export function toNumber(a: Rational): number {
  const D = Decimal.clone({ precision: 40 });
  return new D(a.p.toString()).div(new D(a.q.toString())).toNumber();
}

/** a as a Decimal in the constructor's precision. */
export function toDecimal(a: Rational, D: typeof Decimal): Decimal {
  return new D(a.p.toString()).div(new D(a.q.toString()));
}

/** Shortest exact text: an integer, or p/q. */
export function ratString(a: Rational): string {
  return a.q === 1n ? a.p.toString() : `${a.p}/${a.q}`;
}

/**
 * A decimal as the user typed it: its double and its exact value. The bounds take either a plain
 * double (read by {@link ratOf}) or this, so that 16- and 17-digit inputs such as
 * m = 0.1234567890123456, b_rel = 0.8765432109876544 (m + b_rel = 1 exactly) are decided on the
 * decimals, not on the binary values of their doubles.
 */
export interface TypedDecimal {
  readonly x: number;
  readonly exact: Rational;
}

/** A bounds input: a double, or a typed decimal with its exact value. */
export type ExactInput = number | TypedDecimal;

/** The double of an input. */
export function numberOf(v: ExactInput): number {
  return typeof v === 'number' ? v : v.x;
}

/** The exact value of an input: the typed decimal, or {@link ratOf} of a double. */
export function exactOf(v: ExactInput): Rational {
  return typeof v === 'number' ? ratOf(v) : v.exact;
}

/**
 * The typed decimal of a literal such as `0.1234567890123456`, `1e-300`, `-0` (any number of digits;
 * sign, digits with an optional point, optional exponent).
 * @example typedDecimal('0.1').exact.q === 10n
 */
export function typedDecimal(text: string): TypedDecimal {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (m === null || (m[2] ?? '') + (m[3] ?? '') === '')
    throw new RangeError(`typedDecimal: cannot read '${text}'`);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0') - frac.length;
  let p = BigInt(`${m[2] ?? ''}${frac}` || '0');
  if (m[1] === '-') p = -p;
  const exact = exp >= 0 ? rat(p * 10n ** BigInt(exp)) : rat(p, 10n ** BigInt(-exp));
  return { x: Number(text), exact };
}

/** Constants, written out rather than built by `rat` at import (a fault in `rat` then fails tests, not the import). */
export const ZERO: Rational = { p: 0n, q: 1n };
export const ONE: Rational = { p: 1n, q: 1n };
