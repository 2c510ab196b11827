/**
 * The constellation parameters of BBNP25 s3: rho(m, b_rel) and the feasibility region.
 *
 * @remarks docs/theory.md §2: rho(m, b) = (1 + b - 3m) / (1 + b + m) (the paper's alpha); capacity
 * sandwich A(d-1, rho) <= N <= A(d, rho) when m + b <= 1 and 3m <= 1 + b; for 3m > 1 + b,
 * N <= 4m / (3m - 1 - b) for every d (Thm 3.4, exact form (3 - 4/N) m <= 1 + b); m + b > 1 admits
 * no constellation (G_ii <= 1). Every yes/no here is decided in exact rationals on the decimal
 * inputs (rational.ts), never on rounded doubles.
 */
import { Decimal } from 'decimal.js';
import { UsageError } from '../errors.js';
import {
  add,
  cmp,
  div,
  mul,
  ONE,
  type Rational,
  rat,
  type ExactInput,
  exactOf,
  numberOf,
  ratString,
  sign,
  sub,
  toDecimal,
  toNumber,
  ZERO,
} from './rational.js';
import { MIN_NORMAL } from '../numeric/float/ulp.js';

/**
 * rho(m, b_rel) = (1 + b - 3m) / (1 + b + m), the largest inner product of the code X_i ~ U_i + V_i.
 * Defined as 1 at m = 0 (the limit m -> 0+ for b > -1).
 * @remarks docs/theory.md §2; BBNP25 Thm 3.3 (alpha). Near rho = 1 use {@link rhoParts}: the double
 * rho rounds to 1 for m below ~1e-17, while 1 - rho = 4m / (1 + b + m) stays exact.
 * @example Math.abs(rho(0.1, 0) - 7 / 11) < 2e-16
 */
export function rho(m: number, bRel: number): number {
  checkMB(m, bRel, 'rho');
  if (m === 0) return 1;
  return rhoParts(m, bRel).rho;
}

/** rho and 1 - rho as exact rationals. */
export interface RhoExact {
  readonly rho: Rational;
  readonly oneMinus: Rational;
}

/** rho together with 1 - rho and 1 + rho, each formed without cancellation (exact rationals). */
export interface RhoParts {
  /** rho = (1 + b - 3m) / (1 + b + m) as the nearest double. */
  readonly rho: number;
  /** 1 - rho = 4m / (1 + b + m), nearest double. */
  readonly oneMinus: number;
  /** 1 + rho = 2 (1 + b - m) / (1 + b + m), nearest double. */
  readonly onePlus: number;
  /** ln(1 - rho) (accurate also where 1 - rho is subnormal or below the double range). */
  readonly lnOneMinus: number;
  /** The exact rationals. */
  readonly exact: RhoExact;
}

/**
 * The exact rho(m, b_rel) and 1 - rho = 4m / (1 + b + m) for the decimal inputs; b_rel = 'best'
 * means b_rel = 1 - m exactly (then rho = 1 - 2m).
 * @example rhoExactOf(0.25, 0.75).rho.p === 1n && rhoExactOf(0.25, 0.75).rho.q === 2n
 */
export function rhoExactOf(m: ExactInput, bRel: ExactInput | 'best'): RhoExact {
  const mr = exactOf(m);
  if (bRel === 'best') {
    const oneMinus = mul(rat(2n), mr);
    return { rho: sub(ONE, oneMinus), oneMinus };
  }
  const den = add(add(ONE, exactOf(bRel)), mr);
  if (sign(den) === 0)
    throw new UsageError(`rho: 1 + b_rel + m = 0 at m = ${numberOf(m)}, b_rel = ${numberOf(bRel)}`);
  const oneMinus = div(mul(rat(4n), mr), den);
  return { rho: sub(ONE, oneMinus), oneMinus };
}

/**
 * The doubles rho, 1 - rho, 1 + rho and ln(1 - rho) of an exact rho.
 * @example rhoPartsOf(rhoExactOf(1e-300, 0)).oneMinus === 4e-300
 */
export function rhoPartsOf(r: RhoExact): RhoParts {
  const om = toNumber(r.oneMinus);
  let lnOneMinus: number;
  if (om >= MIN_NORMAL || r.oneMinus.p <= 0n) lnOneMinus = Math.log(om);
  else {
    const D = Decimal.clone({ precision: 25 });
    lnOneMinus = toDecimal(r.oneMinus, D).ln().toNumber();
  }
  return {
    rho: toNumber(r.rho),
    oneMinus: om,
    onePlus: toNumber(sub(rat(2n), r.oneMinus)),
    lnOneMinus,
    exact: r,
  };
}

/**
 * rho, 1 - rho and 1 + rho for (m, b_rel) from the exact rationals of the decimal inputs.
 * @example rhoParts(1e-300, 0).oneMinus === 4e-300
 */
export function rhoParts(m: number, bRel: number): RhoParts {
  checkMB(m, bRel, 'rhoParts');
  return rhoPartsOf(rhoExactOf(m, bRel));
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
  /** The same bound as an exact rational (m, b_rel read as decimals); null where finiteBound is null. */
  readonly finiteBoundExact: Rational | null;
}

/**
 * Whether (m, b_rel) lies in the region m + b_rel <= 1, 3m <= 1 + b_rel where constellations of
 * size exponential in d exist; otherwise why not and the d-free bound on N. Decided exactly.
 * @remarks docs/theory.md §2 (capacity sandwich, Thm 3.3, Thm 3.4).
 * @example feasibility(0.4, 0.1).finiteBound === 16
 */
export function feasibility(m: ExactInput, bRel: ExactInput | 'best'): Feasibility {
  checkMB(numberOf(m), bRel === 'best' ? 0 : numberOf(bRel), 'feasibility');
  const mr = exactOf(m);
  // 'best': b_rel = 1 - m exactly (its double could print as a decimal with m + b_rel > 1)
  const br = bRel === 'best' ? sub(ONE, mr) : exactOf(bRel);
  const onePlusB = add(ONE, br);
  if (aboveEdge(mr, br)) {
    return {
      feasible: false,
      reason: 'margin-plus-bias-above-one',
      message: `m + b_rel = ${exactTextAgainst(add(mr, br), ONE)} > 1: positives would need G_ii > 1, no constellation exists`,
      finiteBound: 0,
      finiteBoundExact: ZERO,
    };
  }
  const threeM = mul(rat(3n), mr);
  if (cmp(threeM, onePlusB) > 0) {
    const bound = div(mul(rat(4n), mr), sub(threeM, onePlusB));
    return {
      feasible: false,
      reason: 'three-m-above-one-plus-bias',
      message: `3m = ${exactTextAgainst(threeM, onePlusB)} > 1 + b_rel = ${exactText(onePlusB)}: N <= 4m/(3m-1-b_rel) = ${exactText(bound)} for every d`,
      finiteBound: toNumber(bound),
      finiteBoundExact: bound,
    };
  }
  return { feasible: true, reason: null, message: null, finiteBound: null, finiteBoundExact: null };
}

/**
 * Whether N pairs meet the d-free bound of Thm 3.4, N <= 4m / (3m - 1 - b_rel), decided exactly
 * (meaningful for 3m > 1 + b_rel; true on the feasible region, false for m + b_rel > 1).
 * @example withinFiniteBound(16, 0.4, 0.1) === true
 */
export function withinFiniteBound(N: ExactInput, m: ExactInput, bRel: ExactInput | 'best'): boolean {
  const f = feasibility(m, bRel);
  if (f.finiteBoundExact === null) return true;
  return cmp(exactOf(N), f.finiteBoundExact) <= 0;
}

/**
 * Whether the CCEM of N pairs (simplex ETF in R^{d-1} plus one coordinate, d >= N) is an
 * (m, b_rel)-constellation for some delta, decided exactly.
 * @remarks docs/theory.md §1: with u = delta^2, c1 = (1 - u)/(1 + u) and c2 = -(1/(N-1) + u)/(1 + u)
 * both decrease in u; c1 >= b + m iff u <= (1 - b - m)/(1 + b + m), c2 <= b - m iff
 * u (1 + b - m) >= -1/(N-1) - (b - m). N = 1 needs only m + b <= 1 (U = V).
 * @example ccemIsConstellation(16, 0.4, 0.1) === true // delta^2 = 1/3: c1 = 1/2, c2 = -3/10
 */
export function ccemIsConstellation(N: number, m: ExactInput, bRel: ExactInput | 'best'): boolean {
  checkMB(numberOf(m), bRel === 'best' ? 0 : numberOf(bRel), 'ccemIsConstellation');
  if (!Number.isInteger(N) || N < 1)
    throw new UsageError(`ccemIsConstellation: N must be an integer >= 1, got ${N}`);
  const mr = exactOf(m);
  const br = bRel === 'best' ? sub(ONE, mr) : exactOf(bRel);
  const pos = add(br, mr);
  if (cmp(pos, ONE) > 0) return false;
  if (N === 1) return true;
  const neg = sub(br, mr);
  // m = 0, b = -1: the antipodal limit delta = inf (c1 = c2 = -1)
  if (sign(add(ONE, pos)) === 0) return true;
  const uMax = div(sub(ONE, pos), add(ONE, pos)); // >= 0 since b + m <= 1
  const rhs = sub(rat(-1n, BigInt(N - 1)), neg); // need u (1 + b - m) >= rhs for some u in [0, uMax]
  const coef = add(ONE, neg);
  if (sign(coef) <= 0) return sign(rhs) <= 0;
  return cmp(div(rhs, coef), uMax) <= 0;
}

/**
 * Whether exact (m, b_rel) lie in the region m + b_rel <= 1, 3m <= 1 + b_rel (the yes/no of
 * {@link feasibility}, for callers that hold the rationals; no range checks).
 * @example inFeasibleRegion({ p: 1n, q: 4n }, { p: 3n, q: 4n }) && !inFeasibleRegion({ p: 1n, q: 2n }, { p: 0n, q: 1n }) // on the edge; 3m > 1 + b
 */
export function inFeasibleRegion(m: Rational, bRel: Rational): boolean {
  return !aboveEdge(m, bRel) && cmp(mul(rat(3n), m), add(ONE, bRel)) <= 0;
}

/**
 * Whether exact (m, b_rel) lie beyond the edge m + b_rel = 1 (positives would need G_ii > 1).
 * @example aboveEdge({ p: 1n, q: 2n }, { p: 1n, q: 2n }) === false && aboveEdge({ p: 1n, q: 2n }, { p: 3n, q: 4n }) === true
 */
export function aboveEdge(m: Rational, bRel: Rational): boolean {
  return cmp(add(m, bRel), ONE) > 0;
}

/**
 * The b_rel that maximises capacity at margin m: b_rel = 1 - m (rho is increasing in b_rel, and
 * m + b_rel <= 1), clipped to [-1, 1].
 * @remarks d rho / d b = 4m / (1 + b + m)^2 >= 0; on b = 1 - m the constellation is a spherical
 * code with U_i = V_i (docs/theory.md §2, BBNP25 "spherical codes").
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

/** Decimal.js for message text: 21 significant digits, exponent form outside [1e-7, 1e21). */
const TextDecimal = Decimal.clone({ precision: 21, toExpNeg: -7, toExpPos: 21 });

/**
 * A rational for a message: its shortest exact form when short, else 21 significant digits; a
 * non-integer those digits round to an integer is written as that integer and the difference
 * ('N <= ... = 4 - 1e-30' for a bound just below 4: N = 4 is outside it).
 */
function exactText(x: Rational): string {
  const s = ratString(x);
  if (s.length <= 24) return s;
  const text = new TextDecimal(x.p.toString()).div(x.q.toString()).toString();
  if (!/^-?\d+$/.test(text)) return text;
  const diff = sub(x, rat(BigInt(text)));
  if (diff.p === 0n) return text;
  return diff.p < 0n ? `${text} - ${exactText(sub(rat(0n), diff))}` : `${text} + ${exactText(diff)}`;
}

/**
 * x for a message that compares it with ref: where their texts coincide (m + b_rel = 1 + 1e-300
 * would read "1 > 1") the difference is written out, "1 + 1e-300".
 */
function exactTextAgainst(x: Rational, ref: Rational): string {
  const s = exactText(x);
  const r = exactText(ref);
  if (s !== r) return s;
  const diff = sub(x, ref);
  return diff.p < 0n ? `${r} - ${exactText(sub(ref, x))}` : `${r} + ${exactText(diff)}`;
}
