/**
 * The normalised area of a spherical cap, in log space (float64).
 *
 * Omega_n(theta) is the fraction of the unit sphere S^{n-1} in R^n within angle theta of a point
 * (n is the ambient dimension). For theta <= pi/2, Omega_n(theta) = (1/2) I_{sin^2 theta}((n-1)/2, 1/2);
 * above, Omega_n(theta) = 1 - Omega_n(pi - theta).
 *
 * @remarks docs/theory.md §2 (spherical-code bounds); the beta form follows from the area element
 * sin^{n-2} phi and DLMF 8.17.1. Values like log10 Omega_1152(30 deg) ~ -348 underflow float64, so
 * only logarithms are returned.
 */
import { UsageError } from '../errors.js';
import { logBetaInc } from './beta.js';

/** Largest ambient dimension accepted (the continued fraction needs O(sqrt n) steps). */
export const MAX_CAP_DIMENSION = 1e8;

/**
 * ln Omega_n(theta) for a cap given by cos theta = s, with sin^2 theta = (1 - s)(1 + s) formed
 * without cancellation.
 * @param n - ambient dimension, an integer >= 1 (n = 1: the two points of S^0, Omega = 1/2 for s in (-1, 1))
 * @param s - cos theta, in [-1, 1]
 * @returns ln Omega_n(arccos s) in [-inf, 0]; -Infinity only at s = 1 (a point), 0 at s = -1
 * @remarks docs/theory.md §2: Omega_n(theta) = (1/2) I_{sin^2 theta}((n-1)/2, 1/2).
 * @example Math.abs(logCapAreaCos(3, 0.5) - Math.log(0.25)) < 1e-15
 */
export function logCapAreaCos(n: number, s: number): number {
  checkDimension(n, 'logCapAreaCos');
  if (!(s >= -1 && s <= 1)) throw new UsageError(`logCapAreaCos: s must be in [-1, 1], got ${s}`);
  if (s === 1) return Number.NEGATIVE_INFINITY;
  if (s === -1) return 0;
  if (n === 1) return -Math.LN2;
  const sin2 = (1 - s) * (1 + s);
  if (s >= 0) return -Math.LN2 + logBetaInc(sin2, (n - 1) / 2, 0.5, s * s);
  // obtuse cap: 1 - Omega_n(pi - theta), and Omega_n(pi - theta) <= 1/2
  const acute = -Math.LN2 + logBetaInc(sin2, (n - 1) / 2, 0.5, s * s);
  return Math.log1p(-Math.exp(acute));
}

/**
 * ln Omega_n(theta) for an angle theta in [0, pi].
 * @param n - ambient dimension, an integer >= 1
 * @param theta - the cap's angular radius, in [0, pi]
 * @remarks Same as {@link logCapAreaCos} with sin^2 theta and cos^2 theta taken from the angle.
 * @example Math.abs(logCapArea(3, Math.PI / 3) - Math.log(0.25)) < 1e-15
 */
export function logCapArea(n: number, theta: number): number {
  checkDimension(n, 'logCapArea');
  if (!(theta >= 0 && theta <= Math.PI)) {
    throw new UsageError(`logCapArea: theta must be in [0, pi], got ${theta}`);
  }
  if (theta === 0) return Number.NEGATIVE_INFINITY;
  if (theta === Math.PI) return 0;
  if (n === 1) return -Math.LN2;
  const acuteTheta = theta <= Math.PI / 2 ? theta : Math.PI - theta;
  const sn = Math.sin(acuteTheta);
  const cs = Math.cos(acuteTheta);
  const acute = -Math.LN2 + logBetaInc(sn * sn, (n - 1) / 2, 0.5, cs * cs);
  return theta <= Math.PI / 2 ? acute : Math.log1p(-Math.exp(acute));
}

/**
 * ln Omega_n(theta / 2) for cos theta = s: the cap of half the angle, with sin^2(theta/2) = (1 - s)/2
 * and cos^2(theta/2) = (1 + s)/2 formed directly (no square root of a rounded cosine), so the
 * result stays finite for s = 1 - 2^-53.
 * @param n - ambient dimension, an integer >= 1
 * @param s - cos theta, in [-1, 1)
 * @remarks Half-angle identities; the cap formula as in {@link logCapAreaCos} (theta/2 <= pi/2 always).
 * @example Math.abs(logCapAreaHalfAngle(3, -1) - Math.log(0.5)) < 1e-15
 */
export function logCapAreaHalfAngle(n: number, s: number): number {
  checkDimension(n, 'logCapAreaHalfAngle');
  if (!(s >= -1 && s < 1)) throw new UsageError(`logCapAreaHalfAngle: s must be in [-1, 1), got ${s}`);
  if (n === 1) return -Math.LN2;
  return -Math.LN2 + logBetaInc((1 - s) / 2, (n - 1) / 2, 0.5, (1 + s) / 2);
}

/**
 * ln Omega_n(arccos s) from 1 - s and 1 + s given separately (each accurate to its own last place),
 * so that s within 1e-300 of 1 keeps its digits: the double s would round to 1.
 * @param n - ambient dimension, an integer >= 1
 * @param oneMinus - 1 - s, in (0, 2]
 * @param onePlus - 1 + s, in [0, 2)
 * @param lnOneMinus - ln(1 - s) where 1 - s is subnormal (optional)
 * @remarks As {@link logCapAreaCos} with sin^2 theta = (1 - s)(1 + s) and cos^2 theta = s^2.
 * @example Math.abs(logCapAreaCosSplit(3, 4e-300, 2) - Math.log(2e-300)) < 1e-12 // Omega_3 = (1 - s)/2
 */
export function logCapAreaCosSplit(
  n: number,
  oneMinus: number,
  onePlus: number,
  lnOneMinus?: number,
): number {
  checkDimension(n, 'logCapAreaCosSplit');
  if (!(oneMinus >= 0 && onePlus >= 0 && oneMinus <= 2 && onePlus <= 2)) {
    throw new UsageError(
      `logCapAreaCosSplit: 1 - s and 1 + s must be in [0, 2], got ${oneMinus}, ${onePlus}`,
    );
  }
  if (oneMinus === 0 && lnOneMinus === undefined) return Number.NEGATIVE_INFINITY;
  if (onePlus === 0) return 0;
  if (n === 1) return -Math.LN2;
  const s = oneMinus <= onePlus ? 1 - oneMinus : onePlus - 1;
  const sin2 = oneMinus * onePlus;
  const lnSin2 = lnOneMinus === undefined ? undefined : lnOneMinus + Math.log(onePlus);
  const acute = -Math.LN2 + logBetaInc(sin2, (n - 1) / 2, 0.5, s * s, lnSin2);
  return s >= 0 ? acute : Math.log1p(-Math.exp(acute));
}

/**
 * ln Omega_n(theta / 2) for cos theta = s given by 1 - s and 1 + s (see {@link logCapAreaCosSplit}):
 * sin^2(theta/2) = (1 - s)/2, cos^2(theta/2) = (1 + s)/2.
 * @example Math.abs(logCapAreaHalfAngleSplit(3, 4e-300, 2) - Math.log(5e-301)) < 1e-12
 */
export function logCapAreaHalfAngleSplit(
  n: number,
  oneMinus: number,
  onePlus: number,
  lnOneMinus?: number,
): number {
  checkDimension(n, 'logCapAreaHalfAngleSplit');
  if (!(oneMinus > 0 && oneMinus <= 2 && onePlus >= 0)) {
    throw new UsageError(`logCapAreaHalfAngleSplit: 1 - s must be in (0, 2], got ${oneMinus}`);
  }
  if (n === 1) return -Math.LN2;
  const lnHalf = lnOneMinus === undefined ? undefined : lnOneMinus - Math.LN2;
  return -Math.LN2 + logBetaInc(oneMinus / 2, (n - 1) / 2, 0.5, onePlus / 2, lnHalf);
}

/**
 * log10 Omega_n(arccos s).
 * @remarks {@link logCapAreaCos} / ln 10.
 * @example Math.abs(log10CapAreaCos(2, 0) - Math.log10(0.5)) < 1e-15
 */
export function log10CapAreaCos(n: number, s: number): number {
  return logCapAreaCos(n, s) / Math.LN10;
}

function checkDimension(n: number, where: string): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CAP_DIMENSION) {
    throw new UsageError(`${where}: n must be an integer in [1, ${MAX_CAP_DIMENSION}], got ${n}`);
  }
}
