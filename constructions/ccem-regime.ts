import type { Decimal } from 'decimal.js';
import { UsageError } from '../src/errors.js';
import { type DecimalCtor, hpContext } from '../src/numeric/hp/decimal.js';
import { lnHp } from '../src/numeric/hp/log.js';
import { softplus } from '../src/numeric/hp/softplus.js';

/** Where the convex CCEM loss f(x), x = c1 in [-1, 1], has its minimum. */
export type CcemRegime = 'etf' | 'interior' | 'antipodal';

/** Precision at which the first certified decision is tried; it doubles up to the cap. */
const FIRST_DIGITS = 40;
/** Cap of the escalation: a point this close to a regime boundary is refused. */
export const MAX_DECISION_DIGITS = 4096;

/**
 * ln((N-2)/2) + logsigma(A) - logsigma(B) with A = t c2(x) - b, B = b - t x: the sign of f'(x)
 * (docs/theory.md §1), in log space, so it never underflows. Evaluated from A and B at D's
 * precision. logsigma(z) = -softplus(-z).
 */
export function logDerivativeRatioHp(D: DecimalCtor, lnHalfNm2: Decimal, a: Decimal, b: Decimal): Decimal {
  return lnHalfNm2.minus(softplus(D, a.neg())).plus(softplus(D, b.neg()));
}

/**
 * A rigorous bound on the error of {@link logDerivativeRatioHp} and of t + b - ln((N-2)/2) at
 * precision p: every operation is rounded to p digits (relative error u = 5e-p); the arguments
 * carry at most 2u(|t| + |b|), softplus passes it on with slope < 1 and adds a few u of its value
 * (<= |z| + ln 2); the sum adds u per term. In total below 20u (|t| + |b| + |L| + 2); the bound
 * takes 200u.
 */
export function decisionErrorBound(D: DecimalCtor, t: Decimal, b: Decimal, lnHalfNm2: Decimal): Decimal {
  return t
    .abs()
    .plus(b.abs())
    .plus(lnHalfNm2.abs())
    .plus(2)
    .times(new D(10).pow(3 - D.precision));
}

/** Significant digits of a decimal string (its exact length as a Decimal). */
function sd(x: string): number {
  return new (hpContext(20))(x).sd() + 2;
}

/**
 * The regime of the CCEM optimum for N >= 3, t > 0, b, decided exactly or from a certified
 * enclosure (the inputs are exact decimal strings):
 * ETF iff f'(1) <= 0 iff ln((N-2)/2) + softplus(t - b) - softplus(t/(N-1) + b) <= 0;
 * antipodal iff f'(-1) >= 0 iff t + b <= ln((N-2)/2) (docs/theory.md §1, general (t, b)).
 * N = 4 is decided in exact decimal arithmetic (ETF iff t <= 3b, antipodal iff t + b <= 0; both
 * boundaries are reachable: f'(1) = 0 at t = 3b gives ETF). For N != 4 neither quantity can be
 * zero at decimal inputs (Lindemann-Weierstrass: e^q is transcendental for rational q != 0 and
 * the exponentials 1, e^{t-b}, e^{t/(N-1)+b} are linearly independent over the rationals unless
 * exponents coincide, which leaves a non-zero coefficient for N != 4), so evaluating at growing
 * precision until the value clears its error bound always ends; at {@link MAX_DECISION_DIGITS}
 * the point is refused (UsageError).
 */
export function ccemRegimeCertified(n: number, t: string, b: string): { regime: CcemRegime; digits: number } {
  if (n === 4) {
    const X = hpContext(Math.max(sd(t), sd(b)) + 4);
    const tx = new X(t);
    const bx = new X(b);
    if (tx.lte(bx.times(3))) return { regime: 'etf', digits: 0 };
    if (tx.plus(bx).lte(0)) return { regime: 'antipodal', digits: 0 };
    return { regime: 'interior', digits: 0 };
  }
  for (let p = FIRST_DIGITS; p <= MAX_DECISION_DIGITS; p *= 2) {
    const D = hpContext(p);
    const tx = new D(t).plus(0);
    const bx = new D(b).plus(0);
    const L = lnHp(D, new D(n - 2).div(2));
    const err = decisionErrorBound(D, tx, bx, L);
    // ETF edge: x = 1, A = -t/(N-1) - b, B = b - t
    const gE = logDerivativeRatioHp(
      D,
      L,
      tx
        .div(n - 1)
        .plus(bx)
        .neg(),
      bx.minus(tx),
    );
    if (gE.abs().lte(err)) continue;
    if (gE.isNegative()) return { regime: 'etf', digits: p };
    const gA = L.minus(tx.plus(bx));
    if (gA.abs().lte(err)) continue;
    return { regime: gA.isPositive() ? 'antipodal' : 'interior', digits: p };
  }
  throw new UsageError(
    `ccem: N = ${n}, t = ${t}, b = ${b} lies within 1e-${MAX_DECISION_DIGITS - 10} of a regime boundary; undecided at ${MAX_DECISION_DIGITS} digits`,
  );
}
