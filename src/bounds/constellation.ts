/**
 * The constellation parameters of BBNP25 s3: rho(m, b_rel) and the feasibility region.
 *
 * @remarks THEORY.md s2: rho(m, b) = (1 + b - 3m) / (1 + b + m) (the paper's alpha); capacity
 * sandwich A(d-1, rho) <= N <= A(d, rho) when m + b <= 1 and 3m <= 1 + b; for 3m > 1 + b,
 * N <= 4m / (3m - 1 - b) for every d (Thm 3.4, exact form (3 - 4/N) m <= 1 + b); m + b > 1 admits
 * no constellation (G_ii <= 1).
 */
import { UsageError } from '../errors.js';

/**
 * rho(m, b_rel) = (1 + b - 3m) / (1 + b + m), the largest inner product of the code X_i ~ U_i + V_i.
 * Defined as 1 at m = 0 (the limit m -> 0+ for b > -1).
 * @remarks THEORY.md s2; BBNP25 Thm 3.3 (alpha).
 * @example rho(0.1, 0) === 0.7 / 1.1
 */
export function rho(m: number, bRel: number): number {
  checkMB(m, bRel, 'rho');
  if (m === 0) return 1;
  return (1 + bRel - 3 * m) / (1 + bRel + m);
}

/** Why a parameter pair is outside the exponential-capacity region. */
export type InfeasibleReason = 'margin-plus-bias-above-one' | 'three-m-above-one-plus-bias';

/** The feasibility verdict for (m, b_rel). */
export interface Feasibility {
  readonly feasible: boolean;
  readonly reason: InfeasibleReason | null;
  /** A message for the user (null when feasible). */
  readonly message: string | null;
  /** For 3m > 1 + b_rel: the d-free bound 4m / (3m - 1 - b_rel) on N; 0 when m + b_rel > 1; null otherwise. */
  readonly finiteBound: number | null;
}

/**
 * Whether (m, b_rel) lies in the region m + b_rel <= 1, 3m <= 1 + b_rel where constellations of
 * size exponential in d exist; otherwise why not and the d-free bound on N.
 * @remarks THEORY.md s2 (capacity sandwich, Thm 3.3, Thm 3.4).
 * @example feasibility(0.1, 0).feasible === true
 */
export function feasibility(m: number, bRel: number): Feasibility {
  checkMB(m, bRel, 'feasibility');
  if (m + bRel > 1) {
    return {
      feasible: false,
      reason: 'margin-plus-bias-above-one',
      message: `m + b_rel = ${fmt(m + bRel)} > 1: positives would need G_ii > 1, no constellation exists`,
      finiteBound: 0,
    };
  }
  if (3 * m > 1 + bRel) {
    const bound = (4 * m) / (3 * m - 1 - bRel);
    return {
      feasible: false,
      reason: 'three-m-above-one-plus-bias',
      message: `3m = ${fmt(3 * m)} > 1 + b_rel = ${fmt(1 + bRel)}: N <= 4m/(3m-1-b_rel) = ${fmt(bound)} for every d`,
      finiteBound: bound,
    };
  }
  return { feasible: true, reason: null, message: null, finiteBound: null };
}

/**
 * The b_rel that maximises capacity at margin m: b_rel = 1 - m (rho is increasing in b_rel, and
 * m + b_rel <= 1), clipped to [-1, 1].
 * @remarks d rho / d b = 4m / (1 + b + m)^2 >= 0; on b = 1 - m the constellation is a spherical
 * code with U_i = V_i (THEORY.md s2, BBNP25 "spherical codes").
 * @example bestBRel(0.1) === 0.9
 */
export function bestBRel(m: number): number {
  checkMB(m, 0, 'bestBRel');
  return Math.max(-1, Math.min(1, 1 - m));
}

function checkMB(m: number, bRel: number, where: string): void {
  if (!(m >= 0 && m <= 1)) throw new UsageError(`${where}: m must be in [0, 1], got ${m}`);
  if (!(bRel >= -1 && bRel <= 1)) throw new UsageError(`${where}: b_rel must be in [-1, 1], got ${bRel}`);
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
