import type { Matrix } from '../src/numeric/float/vectors.js';
import { zeros } from '../src/numeric/float/vectors.js';

/** A pair of modalities (rows are the N vectors of each). */
export interface Pair {
  readonly u: Matrix;
  readonly v: Matrix;
}

/** A constellation's (m, b_rel). */
export interface MarginBias {
  readonly m: number;
  readonly b: number;
}

function checkUnitInterval(where: string, delta: number, phi: number): number {
  if (!(delta > 0 && delta <= 1)) throw new RangeError(`${where}: delta must be in (0, 1], got ${delta}`);
  if (!(phi >= 0)) throw new RangeError(`${where}: phi must be >= 0, got ${phi}`);
  const w2 = 1 - delta * delta - phi * phi;
  if (w2 < -4 * Number.EPSILON) throw new RangeError(`${where}: needs delta^2 + phi^2 <= 1, got ${1 - w2}`);
  return Math.max(0, w2);
}

/**
 * BBNP25 Construction 1 (vector form reconstructed in docs/theory.md §2): from a
 * (d-2)-dimensional configuration, U'_i = (delta U_i, phi, w), V'_i = (delta V_i, phi, -w),
 * w = sqrt(1 - delta^2 - phi^2). Then G' = delta^2 G + phi^2 - w^2 entrywise, so an (m, b)
 * constellation becomes a (delta^2 m, delta^2 b + phi^2 - w^2) one (see {@link construction1Predicted}).
 * @remarks BBNP25 Construction 1 and proof of Thm 3.3.
 * @example construction1(fromRows([[1]]), fromRows([[1]]), 0.6, 0).u.data.join() === '0.6,0,0.8' // (delta U, phi, w), w = sqrt(1 - 0.36)
 */
export function construction1(u: Matrix, v: Matrix, delta: number, phi: number): Pair {
  const w = Math.sqrt(checkUnitInterval('construction1', delta, phi));
  const d = u.cols;
  const out = (x: Matrix, sign: number) => {
    const y = zeros(x.rows, d + 2);
    for (let i = 0; i < x.rows; i++) {
      for (let k = 0; k < d; k++) y.data[i * (d + 2) + k] = delta * x.data[i * d + k]!;
      y.data[i * (d + 2) + d] = phi;
      y.data[i * (d + 2) + d + 1] = sign * w;
    }
    return y;
  };
  return { u: out(u, 1), v: out(v, -1) };
}

/** The (m', b') Construction 1 predicts from an (m, b) constellation (BBNP25, as stated). */
export function construction1Predicted(m: number, b: number, delta: number, phi: number): MarginBias {
  const d2 = delta * delta;
  const p2 = phi * phi;
  return { m: d2 * m, b: d2 * b + p2 - (1 - d2 - p2) };
}

/**
 * The Thm 3.3 parameters: from an alpha-code (U = V, a ((1-alpha)/2, (1+alpha)/2) constellation),
 * delta^2 = 2m/(1-alpha), phi^2 = (2b + 2 - delta^2 (3 + alpha))/4 give exactly (m, b). Needs
 * m > 0, m + b <= 1, alpha <= rho(m, b) (so phi^2 >= 0) and 2m <= 1 - alpha (so delta <= 1).
 */
export function construction1Parameters(alpha: number, m: number, b: number): { delta: number; phi: number } {
  const d2 = (2 * m) / (1 - alpha);
  const p2raw = (2 * b + 2 - d2 * (3 + alpha)) / 4;
  // on the boundary alpha = rho(m, b) rounding can leave phi^2 a few ulps below 0
  const p2 = p2raw < 0 && p2raw > -16 * Number.EPSILON ? 0 : p2raw;
  if (!(m > 0 && alpha < 1 && d2 <= 1 && p2 >= 0 && d2 + p2 <= 1 + 4 * Number.EPSILON)) {
    throw new RangeError(
      `construction1Parameters: (m, b) = (${m}, ${b}) is not reachable from an alpha = ${alpha} code ` +
        `(delta^2 = ${d2}, phi^2 = ${p2})`,
    );
  }
  return { delta: Math.sqrt(d2), phi: Math.sqrt(p2) };
}

/**
 * The one-coordinate variant (docs/theory.md §2, derived): from a code x_i in R^(d-1) with
 * largest inner product rho_c, U_i = (delta x_i, sqrt(1-delta^2)), V_i = (delta x_i, -sqrt(1-delta^2)).
 * G_ij = delta^2 <x_i, x_j> - (1 - delta^2), so m = delta^2 (1-rho_c)/2 and
 * b_rel = (delta^2 (3+rho_c) - 2)/2 ({@link oneCoordinatePredicted}).
 */
export function oneCoordinate(x: Matrix, delta: number): Pair {
  const w = Math.sqrt(checkUnitInterval('oneCoordinate', delta, 0));
  const d = x.cols;
  const out = (sign: number) => {
    const y = zeros(x.rows, d + 1);
    for (let i = 0; i < x.rows; i++) {
      for (let k = 0; k < d; k++) y.data[i * (d + 1) + k] = delta * x.data[i * d + k]!;
      y.data[i * (d + 1) + d] = sign * w;
    }
    return y;
  };
  return { u: out(1), v: out(-1) };
}

/** (m, b_rel) of the one-coordinate construction: delta^2 (1-rho_c)/2, (delta^2 (3+rho_c) - 2)/2. */
export function oneCoordinatePredicted(rhoC: number, delta: number): MarginBias {
  const d2 = delta * delta;
  return { m: (d2 * (1 - rhoC)) / 2, b: (d2 * (3 + rhoC) - 2) / 2 };
}

/**
 * The delta that makes the one-coordinate construction from a rho(m, b)-code an exact (m, b)
 * constellation: delta^2 = (1 + b + m)/2 (needs m + b <= 1 and 1 + b + m > 0). With a code of
 * smaller rho_c the result is still an (m, b)-constellation, on the boundary |b - b*| = m* - m.
 */
export function oneCoordinateDelta(m: number, b: number): number {
  const d2 = (1 + b + m) / 2;
  if (!(d2 > 0 && d2 <= 1)) throw new RangeError(`oneCoordinateDelta: needs 0 < (1+b+m)/2 <= 1, got ${d2}`);
  return Math.sqrt(d2);
}
