/**
 * Constellation-size bounds for choosing the embedding dimension: the forward table row for
 * (d, m, b_rel), the dimension needed for N, and the margin possible for (N, d).
 *
 * @remarks docs/theory.md §2, capacity sandwich: A(d-1, rho) <= N_MRB(d, m, b_rel) <= A(d, rho), with
 * A(n, rho) >= 1 / Omega_n(arccos rho) (Shannon-Wyner covering argument) and A(n, rho) <= the best
 * finite-n bound of levenshtein.ts. BBNP25 Construction 1 reaches A(d-2, rho). rho is carried as
 * 1 - rho = 4m / (1 + b + m) (exact rationals of the decimal inputs), so margins down to 1e-300
 * keep their digits; every comparison with N is certified (decide.ts).
 */
import { UsageError } from '../errors.js';
import { logCapAreaCosSplit } from './cap-area.js';
import {
  bestBRel,
  ccemIsConstellation,
  feasibility,
  type RhoExact,
  rhoExactOf,
  rhoPartsOf,
  withinFiniteBound,
} from './constellation.js';
import { lowerReaches, upperAllows, type Verdict } from './decide.js';
import { exponentsSplit } from './exponents.js';
import { exactCodeSizeExact, logBestUpperSplit } from './levenshtein.js';
import {
  cmp,
  type ExactInput,
  exactOf,
  numberOf,
  ONE,
  rat,
  sign,
  sub,
  type TypedDecimal,
  toNumber,
  typedDecimal,
} from './rational.js';
import { adjacentDouble } from '../numeric/float/ulp.js';

/** Largest d searched by {@link dimensionForN}. */
export const MAX_DIMENSION = 10_000_000;

/**
 * Which lower bound on A(n, rho) a row gives: the exact size (rho <= 0, and n = 1), the
 * cross-polytope's 2n points (a rho-code for every rho >= 0) or the covering bound 1/Omega_n(arccos rho).
 */
export type LowerKind = 'exact' | 'cross-polytope' | 'covering';

/** One row of the forward table. Log values are log10 of a count; exponents are nats per dimension. */
export interface BoundsRow {
  readonly d: number;
  readonly m: number;
  readonly bRel: number;
  readonly rho: number;
  /** 1 - rho = 4m / (1 + b_rel + m), without the rounding of rho (rho rounds to 1 below m ~ 1e-17). */
  readonly oneMinusRho: number;
  readonly feasible: boolean;
  /**
   * log10 of a lower bound on A(d-1, rho) (one-coordinate construction from a code in R^{d-1}): the
   * exact size for rho <= 0, else the larger of the covering bound 1/Omega_{d-1}(arccos rho) and the
   * cross-polytope's 2(d-1); `lowerKind` says which.
   */
  readonly log10NLower: number | null;
  /** The same lower bound on A(d-2, rho): BBNP25 Construction 1 from a code in R^{d-2} (null for d = 2). */
  readonly log10NLowerPaper: number | null;
  /** log10 of the best valid finite-d upper bound on A(d, rho) (or of 4m/(3m-1-b_rel) when 3m > 1 + b_rel). */
  readonly log10NUpper: number | null;
  readonly exponentLowerShannon: number | null;
  readonly exponentUpperPaper: number | null;
  readonly exponentUpperKL: number | null;
  /** Which lower bound log10NLower is: exact, cross-polytope or covering (null where it is null). */
  readonly lowerKind: LowerKind | null;
  /** Which upper bound was used: exact, levenshtein, packing, or finite (Thm 3.4). */
  readonly upperKind: string | null;
  /** Why the upper bound is not Levenshtein's where that matters (degree cap), else null. */
  readonly upperNote: string | null;
  /** Why the row is outside the feasible region or degenerate; null otherwise. */
  readonly reason: string | null;
}

/**
 * -log10 of the cap area Omega_n(arccos rho): the covering lower bound on A(n, rho).
 * @example Math.abs(log10CodeLower(3, 0.5) - Math.log10(4)) < 1e-14
 */
export function log10CodeLower(n: number, rhoValue: number): number {
  return -logCapAreaCosSplit(n, 1 - rhoValue, 1 + rhoValue) / Math.LN10;
}

/**
 * The forward row for (d, m, b_rel): rho, feasibility, log10 bounds on N and the exponents.
 * @param d - embedding dimension, integer >= 2
 * @param m - margin, in [0, 1]
 * @param bRel - relative bias, in [-1, 1], or 'best' (b_rel = 1 - m exactly)
 * @remarks See the module remarks. Rows outside the feasible region carry the reason and, for
 * 3m > 1 + b_rel, the d-free bound 4m/(3m-1-b_rel) as log10NUpper.
 */
export function forwardRow(d: number, mIn: ExactInput, bRel: ExactInput | 'best'): BoundsRow {
  checkD(d, 'forwardRow');
  const f = feasibility(mIn, bRel);
  const m = numberOf(mIn);
  const bNum = bRel === 'best' ? bestBRel(m) : numberOf(bRel);
  const none = {
    log10NLower: null,
    log10NLowerPaper: null,
    lowerKind: null,
    exponentLowerShannon: null,
    exponentUpperPaper: null,
    exponentUpperKL: null,
    upperNote: null,
  };
  if (sign(exactOf(mIn)) === 0) {
    return {
      d,
      m,
      bRel: bNum,
      rho: 1,
      oneMinusRho: 0,
      feasible: f.feasible,
      ...none,
      log10NUpper: null,
      upperKind: null,
      reason: 'm = 0: rho = 1, the sandwich gives no finite bound',
    };
  }
  const r = rhoExactOf(mIn, bRel);
  const p = rhoPartsOf(r);
  const base = { d, m, bRel: bNum, rho: p.rho, oneMinusRho: p.oneMinus, feasible: f.feasible };
  if (!f.feasible) {
    const fb = f.finiteBoundExact;
    if (fb === null || fb.p <= 0n)
      return { ...base, ...none, log10NUpper: null, upperKind: null, reason: f.message };
    // 4m/(3m-1-b) = 1 - 1/rho is Rankin's bound for a rho-code with rho < 0 in any dimension; in R^d
    // such a code (pairwise negative inner products) also has at most d + 1 points: A(d, rho) exactly.
    // (rho < -1: no two unit vectors are that far apart, a single point)
    const inDim = cmp(r.rho, rat(-1n)) < 0 ? 1n : exactCodeSizeExact(d, r.rho);
    const up = inDim !== null && cmp(rat(inDim), fb) < 0 ? rat(inDim) : fb;
    const note =
      up === fb
        ? ''
        : `; in R^${d} at most A(d, rho) = ${inDim} (a code with negative inner products has at most d + 1 points)`;
    return {
      ...base,
      ...none,
      log10NUpper: log10Rational(up),
      upperKind: up === fb ? 'finite' : 'exact',
      reason: `${f.message}${note}`,
    };
  }
  const exact = exactCodeSizeExact(d, r.rho);
  const upper =
    exact !== null
      ? { value: Math.log(Number(exact)), kind: 'exact' as const, note: null }
      : logBestUpperSplit(d, p.rho, p.oneMinus, p.onePlus, p.lnOneMinus);
  // A(n, rho) is non-decreasing in rho and A(n, 0) = 2n, so the cross-polytope is a rho-code for every
  // rho >= 0: without it the bound would fall from 2n at rho = 0 to the half-sphere's 2 just above it
  const lower = (n: number): { value: number; kind: LowerKind } => {
    if (n === 1) return { value: Math.log10(2), kind: 'exact' };
    const exactLower = exactCodeSizeExact(n, r.rho);
    if (exactLower !== null) return { value: Math.log10(Number(exactLower)), kind: 'exact' };
    const cover = -logCapAreaCosSplit(n, p.oneMinus, p.onePlus, p.lnOneMinus) / Math.LN10;
    const cross = Math.log10(2 * n);
    return cover >= cross ? { value: cover, kind: 'covering' } : { value: cross, kind: 'cross-polytope' };
  };
  const lo = lower(d - 1);
  const ex = exponentsSplit(p.lnOneMinus, p.onePlus, p.rho);
  return {
    ...base,
    log10NLower: lo.value,
    log10NLowerPaper: d >= 3 ? lower(d - 2).value : null,
    lowerKind: lo.kind,
    log10NUpper: upper.value / Math.LN10,
    exponentLowerShannon: ex.shannon,
    exponentUpperPaper: ex.thm35,
    exponentUpperKL: ex.kl,
    upperKind: upper.kind,
    upperNote: upper.note,
    reason: null,
  };
}

/** log10 of a positive rational, accurate to the last place of the double. */
export function log10Rational(x: { p: bigint; q: bigint }): number {
  const v = toNumber(x);
  if (v > 0 && Number.isFinite(v)) return Math.log10(v);
  // beyond the double range: digits of p and q
  const lp = x.p.toString();
  const lq = x.q.toString();
  return (
    Math.log10(Number(`0.${lp.slice(0, 17)}`)) +
    lp.length -
    (Math.log10(Number(`0.${lq.slice(0, 17)}`)) + lq.length)
  );
}

/** Result of {@link dimensionForN}. */
export interface DimensionRow {
  readonly N: number;
  readonly m: number;
  readonly bRel: number;
  /** Smallest d whose lower bound reaches N (N pairs certainly fit); null if none up to MAX_DIMENSION. */
  readonly dSufficient: number | null;
  /** Smallest d whose upper bound allows N (below it N pairs cannot fit); null if none. */
  readonly dNecessary: number | null;
  readonly reason: string | null;
}

/**
 * Smallest d >= 2 with the lower bound at d reaching N, and smallest d with the upper bound allowing
 * N; every comparison certified (decide.ts). For 3m > 1 + b_rel (Thm 3.4) N fits in no d beyond the
 * d-free bound; within it the CCEM (simplex ETF plus one coordinate, d >= N) is tested exactly.
 * @remarks Both bounds are non-decreasing in d (cap area decreasing in n; A(n, s) and L(n, s)
 * increasing in n), so an exponential search then bisection over integers finds them.
 */
export function dimensionForN(NIn: ExactInput, mIn: ExactInput, bRel: ExactInput | 'best'): DimensionRow {
  const N = numberOf(NIn);
  const m = numberOf(mIn);
  if (!(N >= 1) || !Number.isFinite(N) || cmp(exactOf(NIn), ONE) < 0)
    throw new UsageError(`dimensionForN: N must be a finite number >= 1, got ${N}`);
  const f = feasibility(mIn, bRel);
  const bNum = bRel === 'best' ? bestBRel(m) : numberOf(bRel);
  const head = { N, m, bRel: bNum };
  if (!f.feasible) {
    if (!withinFiniteBound(NIn, mIn, bRel)) {
      return {
        ...head,
        dSufficient: null,
        dNecessary: null,
        reason: `${f.message}; N = ${N} is impossible for every d`,
      };
    }
    const ccem = exactOf(NIn).q === 1n && ccemIsConstellation(N, mIn, bRel);
    // the normalised U_i + V_i form a code with negative inner products: at most d + 1 of them
    const dNecessary = Math.max(2, Math.ceil(N) - 1);
    return {
      ...head,
      dSufficient: ccem ? Math.max(2, N) : null,
      dNecessary,
      reason: `${f.message}; N = ${N} is within it${ccem ? `, and the CCEM of N pairs (d >= N) is such a constellation` : '; no construction for it is known here'}; in R^d at most d + 1 pairs (Rankin), so d >= ${dNecessary}`,
    };
  }
  // m = 0 asks only G_ii >= b_rel >= G_ij: U_i = U, V_i = V with <U, V> = b_rel, any N in R^2
  if (sign(exactOf(mIn)) === 0)
    return {
      ...head,
      dSufficient: 2,
      dNecessary: 2,
      reason: 'm = 0: every N fits in d = 2 (all U_i = U, all V_i = V with <U, V> = b_rel)',
    };
  const r = rhoExactOf(mIn, bRel);
  const dS = smallestTrue((d) => lowerReaches(d - 1, r, NIn));
  const dN = smallestTrue((d) => upperAllows(d, r, NIn));
  const reasons: string[] = [];
  for (const [name, res] of [
    ['dSufficient', dS],
    ['dNecessary', dN],
  ] as const) {
    if (res.undecidedAt !== null)
      reasons.push(`${name}: undecided at ${res.digits} digits at d = ${res.undecidedAt}`);
    else if (res.d === null) reasons.push(`${name}: no d <= ${MAX_DIMENSION} reaches N`);
  }
  return {
    ...head,
    dSufficient: dS.d,
    dNecessary: dN.d,
    reason: reasons.length > 0 ? reasons.join('; ') : null,
  };
}

/** Result of {@link marginFor}. */
export interface MarginRow {
  readonly N: number;
  readonly d: number;
  readonly bRel: number;
  /**
   * Largest m certainly achievable: the lower bound at (d, b_rel) reaches N, or (d >= N) the CCEM of
   * N pairs is an (m, b_rel)-constellation.
   */
  readonly mGuaranteed: number | null;
  /** Largest m whose upper bound still allows N: no larger margin is possible. */
  readonly mMax: number | null;
  readonly reason: string | null;
}

/** Bisection steps for the margin (enough to reach the double spacing of m on [0, 1], also near 0). */
const MARGIN_BISECTION_STEPS = 1100;

/**
 * The margin range for N pairs in dimension d at relative bias b_rel (or the best b_rel = 1 - m
 * when `bRel` is 'best').
 * @remarks On the feasible branch m in [0, min(1 - b, (1 + b)/3)] both bounds decrease in m (rho
 * decreases in m), so bisection applies; every probe is a certified comparison, and an undecided
 * probe counts against mGuaranteed and for mMax (both stay valid). mGuaranteed: N <= 1 is met by
 * any m <= 1 - b (one pair U = V); for d >= N it is at least the CCEM's largest margin, which reaches
 * the Thm 3.4 bound. mMax: if even the end of the branch allows N, the larger margins
 * of Thm 3.4 (N <= 4m/(3m - 1 - b), m + b <= 1) are reported.
 */
export function marginFor(NIn: ExactInput, d: number, bRel: ExactInput | 'best'): MarginRow {
  const N = numberOf(NIn);
  if (!(N >= 1) || !Number.isFinite(N) || cmp(exactOf(NIn), ONE) < 0)
    throw new UsageError(`marginFor: N must be a finite number >= 1, got ${N}`);
  const Nr = exactOf(NIn);
  checkD(d, 'marginFor');
  const best = bRel === 'best';
  const b0 = best ? 0 : numberOf(bRel);
  if (!(b0 >= -1 && b0 <= 1)) throw new UsageError(`marginFor: b_rel must be in [-1, 1], got ${b0}`);
  const br = best ? rat(0n) : exactOf(bRel);
  if (cmp(br, rat(-1n)) < 0 || cmp(br, ONE) > 0)
    throw new UsageError(`marginFor: b_rel must be in [-1, 1], got ${b0}`);
  // feasible branch end, as the largest double whose decimal lies on the branch
  const capExact = best ? rat(1n, 2n) : minRat(sub(ONE, br), divInt(addOne(br), 3n));
  const mCap = cmp(capExact, rat(0n)) <= 0 ? 0 : largestDoubleAtMost(capExact);
  // each probe is decided at the decimal the margin prints as (what the user reads)
  const rOf = (m: number): RhoExact => rhoExactOf(printed(m), best ? 'best' : (bRel as ExactInput));
  // probes are > 0: mCap = 0 never probes, and the bisection stops before a midpoint reaches 0
  const lowerOk = (m: number): boolean | null => lowerReaches(d - 1, rOf(m), NIn).value;
  const upperOk = (m: number): boolean | null => upperAllows(d, rOf(m), NIn).value;
  let undecided = false;
  const certain = (v: boolean | null, ifNull: boolean) => {
    if (v === null) undecided = true;
    return v ?? ifNull;
  };
  let mGuaranteed: number;
  if (cmp(Nr, ONE) <= 0) mGuaranteed = best ? 1 : largestDoubleAtMost(sub(ONE, br));
  else mGuaranteed = mCap === 0 ? 0 : largestTrue((m) => certain(lowerOk(m), false), mCap);
  let mMax: number;
  if (mCap === 0 || certain(upperOk(mCap), true)) {
    // Thm 3.4 branch beyond 3m = 1 + b: largest m with m + b <= 1 and N <= 4m/(3m - 1 - b), i.e.
    // (3N - 4) m <= N (1 + b)
    const onePlusB = best ? null : addOne(br);
    // beyond the branch end rho < 0 and the sums U_i + V_i have pairwise negative inner products:
    // at most d + 1 of them, so N > d + 1 pairs keep m at the branch end
    if (cmp(Nr, rat(BigInt(d) + 1n)) > 0) mMax = mCap;
    // best: b = 1 - m gives N <= 2m/(2m - 1), i.e. m <= N / (2(N - 1))
    else if (best)
      mMax = cmp(Nr, rat(2n)) <= 0 ? 1 : largestDoubleAtMost(divRat(Nr, mulInt(sub(Nr, ONE), 2n)));
    else if (cmp(mulInt(Nr, 3n), rat(4n)) <= 0) mMax = largestDoubleAtMost(sub(ONE, br));
    else {
      const lim = minRat(sub(ONE, br), divRat(mulInt(onePlusB!, Nr), sub(mulInt(Nr, 3n), rat(4n))));
      mMax = Math.max(mCap, largestDoubleAtMost(lim));
    }
  } else {
    mMax = largestTrue((m) => certain(upperOk(m), true), mCap);
  }
  // d >= N holds the CCEM of N pairs, whose margin can pass the branch end up to the Thm 3.4 bound
  // (the simplex attains it): dimensionForN counts it too. Its test is exact and monotone in m.
  if (Nr.q === 1n && N >= 2 && d >= N && mMax > mGuaranteed) {
    const ccem = largestTrue(
      (m) => ccemIsConstellation(N, printed(m), best ? 'best' : (bRel as ExactInput)),
      Math.min(mMax, 1),
    );
    if (ccem > mGuaranteed) mGuaranteed = ccem;
  }
  const bOut = best ? bestBRel(mGuaranteed) : b0;
  return {
    N,
    d,
    bRel: bOut,
    mGuaranteed,
    mMax,
    reason: undecided
      ? 'some comparisons undecided at 80 digits: mGuaranteed is lower and mMax higher by at most that'
      : null,
  };
}

function addOne(x: RhoExact['rho']) {
  return sub(x, rat(-1n));
}
function divInt(x: RhoExact['rho'], k: bigint) {
  return { p: x.p, q: x.q * k };
}
function mulInt(x: RhoExact['rho'], k: bigint | RhoExact['rho']) {
  const y = typeof k === 'bigint' ? rat(k) : k;
  return rat(x.p * y.p, x.q * y.q);
}
function divRat(a: RhoExact['rho'], b: RhoExact['rho']) {
  return rat(a.p * b.q, a.q * b.p);
}
function minRat(a: RhoExact['rho'], b: RhoExact['rho']) {
  return cmp(a, b) <= 0 ? a : b;
}

/** The largest double whose decimal (shortest round-trip) is <= x. */
function largestDoubleAtMost(x: RhoExact['rho']): number {
  let v = toNumber(x);
  // v > 0 here: it starts above x >= 0 and stops at the first double not above it
  while (cmp(printed(v).exact, x) > 0) v = adjacentDouble(v, -1n);
  return v;
}

/** A double as the decimal it prints as (shortest round-trip, any number of digits). */
function printed(v: number): TypedDecimal {
  return typedDecimal(String(v));
}

/** Largest x in [0, hi] with ok(x), for ok true at 0 and monotone (true then false). */
function largestTrue(ok: (x: number) => boolean, hi: number): number {
  if (ok(hi)) return hi;
  let lo = 0;
  for (let i = 0; i < MARGIN_BISECTION_STEPS; i++) {
    // bisect in value while the interval is wide, then geometrically near 0 (tiny margins)
    const mid = lo === 0 && hi < 1e-3 ? hi / 16 : 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Result of {@link smallestTrue}: the d, or the d where a comparison stayed undecided. */
interface SmallestD {
  readonly d: number | null;
  readonly undecidedAt: number | null;
  readonly digits: number | null;
}

/** Smallest integer d in [2, MAX_DIMENSION] with ok(d), for ok monotone (false then true). */
function smallestTrue(ok: (d: number) => Verdict): SmallestD {
  let stop: SmallestD | null = null;
  const test = (d: number): boolean => {
    const v = ok(d);
    if (v.value === null && stop === null) stop = { d: null, undecidedAt: d, digits: v.digits };
    return v.value === true;
  };
  const result = (d: number | null): SmallestD => stop ?? { d, undecidedAt: null, digits: null };
  if (test(2)) return result(2);
  let lo = 2;
  let hi = 4;
  while (!test(hi)) {
    lo = hi;
    if (hi >= MAX_DIMENSION) return result(null);
    hi = Math.min(MAX_DIMENSION, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (test(mid)) hi = mid;
    else lo = mid;
  }
  return result(hi);
}

function checkD(d: number, where: string): void {
  if (!Number.isInteger(d) || d < 2 || d > MAX_DIMENSION) {
    throw new UsageError(`${where}: d must be an integer in [2, ${MAX_DIMENSION}], got ${d}`);
  }
}
