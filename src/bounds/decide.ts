/**
 * Certified comparisons of the code bounds with a count N: each yes/no is taken from the float64
 * value when it is clear of N by more than a float error margin, else from the decimal twin at 40
 * and then 80 digits, else from an exact rational form where one exists; only then "undecided".
 *
 * @remarks Exact forms (docs/theory.md §2, Omega_n(theta) = fraction of S^{n-1} within angle theta):
 * Omega_1 = 1/2 on (-1, 1); Omega_2 = arccos(s)/pi, rational only at s = 0, 1/2, -1/2 (Niven's
 * theorem: cos of a rational multiple of pi is rational only at 0, +-1/2, +-1); Omega_n for odd n
 * is the polynomial int_s^1 (1 - u^2)^k du / int_{-1}^1 (1 - u^2)^k du, k = (n - 3)/2; Omega_n(pi/2)
 * = 1/2 for every n. The code sizes for rho <= 0 are exact integers (Rankin).
 */
import { Decimal } from 'decimal.js';
import { logCapAreaCosSplit } from './cap-area.js';
import { type RhoExact, rhoPartsOf } from './constellation.js';
import { logLowerHp, logUpperHp } from './hp/table.js';
import { exactCodeSizeExact, logBestUpperSplit } from './levenshtein.js';
import {
  add,
  cmp,
  div,
  type ExactInput,
  exactOf,
  mul,
  numberOf,
  ONE,
  type Rational,
  rat,
  sub,
  toDecimal,
} from './rational.js';

/** A comparison verdict: true, false, or null (undecided at `digits`). */
export interface Verdict {
  readonly value: boolean | null;
  /** Which route decided: the float64 value, the decimal twin, or an exact rational form. */
  readonly route: 'float' | 'decimal' | 'exact' | 'undecided';
  /** Digits of the last decimal evaluation (for "undecided at N digits"). */
  readonly digits: number | null;
}

/**
 * Relative error margin of the float64 log bounds: the edge suite (mpmath) measures them at 12 or
 * more agreeing digits over d = 2..1152 and m down to 1e-300; a comparison inside 1e-9 goes to the
 * decimal twin.
 */
export const FLOAT_LOG_MARGIN = 1e-9;

/**
 * Decimal precisions tried in turn, and the relative margin each is trusted to: 15 digits below
 * the working precision (at an interval end of Levenshtein's bound, L(8, 1/2) = 240, the 80-digit
 * value was seen 6e-65 off, so a tighter margin would certify a rounding error).
 */
const HP_STEPS: readonly { digits: number; margin: number }[] = [
  { digits: 40, margin: 1e-25 },
  { digits: 80, margin: 1e-50 },
];

/** Largest odd n for the exact polynomial cap area (the rationals grow with n and with the digits of rho). */
const EXACT_ODD_MAX = 61;

function decide(
  floatLog: number,
  N: ExactInput,
  hp: (digits: number) => Decimal | null,
  exact: () => boolean | null,
): Verdict {
  const t = Math.log(numberOf(N));
  if (Math.abs(floatLog - t) > FLOAT_LOG_MARGIN * (1 + Math.abs(t))) {
    return { value: floatLog >= t, route: 'float', digits: null };
  }
  const ex = exact();
  if (ex !== null) return { value: ex, route: 'exact', digits: null };
  let last: number | null = null;
  for (const { digits, margin } of HP_STEPS) {
    const v = hp(digits);
    if (v === null) continue;
    last = digits;
    const D = Decimal.clone({ precision: digits + 10 });
    const td = toDecimal(exactOf(N), D).ln();
    const diff = new D(v).minus(td);
    if (diff.abs().gt(td.abs().plus(1).times(margin))) return { value: diff.gt(0), route: 'decimal', digits };
  }
  return { value: null, route: 'undecided', digits: last };
}

/** Omega_n(arccos s) as an exact rational where the closed forms of the module remarks give one. */
export function capAreaExact(n: number, s: Rational): Rational | null {
  if (cmp(s, rat(-1n)) <= 0 || cmp(s, ONE) >= 0) return null;
  if (n === 1) return rat(1n, 2n);
  if (s.p === 0n) return rat(1n, 2n);
  if (n === 2) {
    if (cmp(s, rat(1n, 2n)) === 0) return rat(1n, 3n);
    if (cmp(s, rat(-1n, 2n)) === 0) return rat(2n, 3n);
    return null;
  }
  if (n % 2 === 0 || n > EXACT_ODD_MAX) return null;
  const k = (n - 3) / 2;
  let part = rat(0n);
  let total = rat(0n);
  let binom = 1n;
  let sPow = s; // s^{2j+1}
  const s2 = mul(s, s);
  for (let j = 0; j <= k; j++) {
    const c = rat(j % 2 === 0 ? binom : -binom, BigInt(2 * j + 1));
    part = add(part, mul(c, sub(ONE, sPow)));
    total = add(total, mul(c, rat(2n)));
    binom = (binom * BigInt(k - j)) / BigInt(j + 1);
    sPow = mul(sPow, s2);
  }
  return div(part, total);
}

/**
 * Whether the covering lower bound 1 / Omega_n(arccos rho) reaches N (N pairs certainly fit in
 * dimension n + 1 by the one-coordinate construction), for an exact rho in [0, 1).
 * @example lowerReaches(2, { rho: { p: 1n, q: 2n }, oneMinus: { p: 1n, q: 2n } }, 3).value === true // Omega_2(60 deg) = 1/3 exactly
 */
export function lowerReaches(n: number, r: RhoExact, N: ExactInput): Verdict {
  const exact = n >= 2 ? exactCodeSizeExact(n, r.rho) : null;
  if (exact !== null) return { value: cmp(exactOf(N), rat(exact)) <= 0, route: 'exact', digits: null };
  // rho > 0 here: the cross-polytope's 2n points are a rho-code
  if (cmp(exactOf(N), rat(BigInt(2 * n))) <= 0) return { value: true, route: 'exact', digits: null };
  const p = rhoPartsOf(r);
  const fl = -logCapAreaCosSplit(n, p.oneMinus, p.onePlus, p.lnOneMinus);
  return decide(
    fl,
    N,
    (digits) => logLowerHp(n, r, digits),
    () => {
      const om = capAreaExact(n, r.rho);
      // 1 / Omega >= N  <=>  N Omega <= 1
      return om === null ? null : cmp(mul(exactOf(N), om), ONE) <= 0;
    },
  );
}

/**
 * Whether the best finite-d upper bound on A(n, rho) allows N (below it N pairs cannot fit).
 * @example upperAllows(3, { rho: { p: 1n, q: 2n }, oneMinus: { p: 1n, q: 2n } }, 13).value === true // L(3, 1/2) = 93/7 ~ 13.3
 */
export function upperAllows(n: number, r: RhoExact, N: ExactInput): Verdict {
  const exact = exactCodeSizeExact(n, r.rho);
  if (exact !== null) return { value: cmp(exactOf(N), rat(exact)) <= 0, route: 'exact', digits: null };
  const p = rhoPartsOf(r);
  const fl = logBestUpperSplit(n, p.rho, p.oneMinus, p.onePlus, p.lnOneMinus).value;
  return decide(
    fl,
    N,
    (digits) => logUpperHp(n, r, digits),
    () => null,
  );
}
