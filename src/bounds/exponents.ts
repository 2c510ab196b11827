/**
 * Asymptotic exponents (per dimension, in nats) of the spherical-code and constellation bounds, as
 * functions of s = cos theta = rho.
 *
 * @remarks docs/theory.md §2. Shannon (1959) / Wyner (1967): A(n, cos theta) >= (1/sin theta)^{n(1+o(1))};
 * Kabatiansky-Levenshtein (1978): (1/n) log2 A <= (1+sin)/(2 sin) log2((1+sin)/(2 sin))
 * - (1-sin)/(2 sin) log2((1-sin)/(2 sin)) + o(1) for 0 < theta < pi/2 (Conway-Sloane, SPLAG ch. 9
 * s3.3); BBNP25 Thm 3.3 (lower, log(1/sqrt(1 - alpha^2)), the Shannon exponent in alpha = rho) and
 * Thm 3.5 (upper, -(1/2) ln(1 - alpha)).
 */
import { UsageError } from '../errors.js';

/**
 * Shannon-Wyner lower exponent -ln sin theta = -(1/2) ln(1 - s^2), for s in [0, 1).
 * @example Math.abs(shannonExponent(0.6) - Math.log(1.25)) < 1e-15
 */
export function shannonExponent(s: number): number {
  check(s, 'shannonExponent');
  return -0.5 * Math.log1p(-s * s);
}

/**
 * BBNP25 Thm 3.3 lower exponent log(1 / sqrt(1 - alpha^2)) (equal to the Shannon exponent at theta = arccos alpha).
 * @example thm33Exponent(0) === 0
 */
export function thm33Exponent(alpha: number): number {
  check(alpha, 'thm33Exponent');
  return -0.5 * Math.log1p(-alpha * alpha);
}

/**
 * BBNP25 Thm 3.5 upper exponent -(1/2) ln(1 - alpha) (asymptotic, not a finite-d bound).
 * @example Math.abs(thm35Exponent(0.5) - 0.5 * Math.LN2) < 1e-16
 */
export function thm35Exponent(alpha: number): number {
  check(alpha, 'thm35Exponent');
  return -0.5 * Math.log1p(-alpha);
}

/**
 * Kabatiansky-Levenshtein upper exponent in nats: with u = sin theta = sqrt(1 - s^2),
 * (1+u)/(2u) ln((1+u)/(2u)) - (1-u)/(2u) ln((1-u)/(2u)). Valid on 0 < theta <= pi/2 (0 at pi/2).
 * @remarks KL 1978; SPLAG ch. 9 eq. (47). Their sharper -(1/2) log2(1 - cos theta) - 0.099 (for
 * theta < ~63 deg) is not used here.
 * @example klExponent(0) === 0
 */
export function klExponent(s: number): number {
  check(s, 'klExponent');
  const u = Math.sqrt((1 - s) * (1 + s));
  const A = (1 + u) / (2 * u);
  const B = (1 - u) / (2 * u);
  const bTerm = B > 0 ? B * Math.log(B) : 0;
  return A * Math.log(A) - bTerm;
}

function check(s: number, where: string): void {
  if (!(s >= 0 && s < 1)) throw new UsageError(`${where}: cos theta must be in [0, 1), got ${s}`);
}

/**
 * The three exponents of a forward row from 1 - s and 1 + s given separately (s in [0, 1), 1 - s
 * possibly far below the double spacing at 1): Shannon -(1/2) ln((1 - s)(1 + s)), BBNP25 Thm 3.5
 * -(1/2) ln(1 - s), Kabatiansky-Levenshtein with u = sqrt((1 - s)(1 + s)).
 * @param lnOneMinus - ln(1 - s)
 * @param onePlus - 1 + s
 * @example Math.abs(exponentsSplit(Math.log(0.4), 1.6).shannon - shannonExponent(0.6)) < 1e-15
 */
export function exponentsSplit(
  lnOneMinus: number,
  onePlus: number,
  s?: number,
): { shannon: number; thm35: number; kl: number } {
  if (!(lnOneMinus <= 0 && onePlus >= 1 && onePlus <= 2)) {
    throw new UsageError(`exponentsSplit: cos theta must be in [0, 1), got ln(1 - s) = ${lnOneMinus}`);
  }
  // near s = 0 the exponents are ~s^2/2, s/2 and ~(s^2/4) ln(1/s^2): ln(1 - s) and 1 + s round away
  // the digits of s, so they are taken from s itself
  if (s !== undefined && s >= 0 && s < 0.5) return exponentsNearZero(s);
  const lnSin2 = lnOneMinus + Math.log(onePlus);
  const u = Math.exp(0.5 * lnSin2);
  // A ln A - B ln B = -ln(2u) + [(1 + u) log1p(u) - (1 - u) log1p(-u)] / (2u): no cancellation
  // as u -> 0 (the bracket is 2u + u^3/3 + ...), and the log term is taken from ln sin^2
  const bTerm = u < 1 ? (1 - u) * Math.log1p(-u) : 0;
  const bracket = u > 0 ? ((1 + u) * Math.log1p(u) - bTerm) / (2 * u) : 1;
  const kl = -Math.LN2 - 0.5 * lnSin2 + bracket;
  return { shannon: -0.5 * lnSin2, thm35: -0.5 * lnOneMinus, kl };
}

/**
 * The exponents from s itself, for s in [0, 1/2): with u = sin theta = sqrt(1 - s^2), A = (1 + u)/(2u)
 * and B = (1 - u)/(2u) = s^2 / (2u (1 + u)), the KL exponent A ln A - B ln B is
 * (1 + B) log1p(B) - B ln B (A = 1 + B), with no cancellation.
 */
function exponentsNearZero(s: number): { shannon: number; thm35: number; kl: number } {
  const s2 = s * s;
  const u = Math.sqrt(1 - s2);
  const B = s2 / (2 * u * (1 + u));
  const kl = B > 0 ? (1 + B) * Math.log1p(B) - B * Math.log(B) : 0;
  return { shannon: -0.5 * Math.log1p(-s2), thm35: -0.5 * Math.log1p(-s), kl };
}
