/**
 * The `plan` document: what the theory predicts for N pairs in dimension d at (t, b): the LCS24
 * optimum (CCEM) and its regime thresholds, the feasibility and capacity of a target (m, b_rel),
 * and whether BBNP25 Thm 3.6 forces a modality gap.
 * @remarks LCS24 (CCEM optimum and thresholds), BBNP25 Thm 3.4 (finite bound), Thm 3.6 (gap).
 */
import { ccemThresholds } from '../../constructions/ccem.js';
import { ccemIsConstellation, feasibility, rhoExactOf, withinFiniteBound } from '../bounds/constellation.js';
import { lowerReaches, upperAllows } from '../bounds/decide.js';
import { cmp, type ExactInput, exactOf, numberOf, typedDecimal } from '../bounds/rational.js';
import { dimensionForN, forwardRow, marginFor } from '../bounds/table.js';
import { exactDecimalString } from '../numeric/hp/decimal.js';
import { ccemReadableLoss, floatOptimumAtDecimals } from './ccem.js';
import { readableMatchThreshold } from '../siglip/threshold.js';

/**
 * A target (m, b_rel): margin m in (0, 1], relative bias b_rel in [-1, 1]; doubles, or typed
 * decimals whose exact values the yes/no decisions use.
 */
export interface PlanTarget {
  readonly m: ExactInput;
  readonly bRel: ExactInput;
}

/** What `buildPlan` needs: the validated numbers of a plan request. */
export interface PlanInput {
  /** number of pairs, integer >= 3 */
  readonly N: number;
  /** embedding dimension, integer >= 2 */
  readonly d: number;
  /** inverse temperature t > 0 */
  readonly t: number;
  /** bias b, subtracted: logits t G - b */
  readonly b: number;
  /** t and b as typed (exact decimals; the regime is decided on them); absent: the doubles */
  readonly tText?: string;
  readonly bText?: string;
  /** target to test; absent: no feasibility, capacity or gap verdict */
  readonly target?: PlanTarget;
  /** warnings placed first (e.g. where t and b came from) */
  readonly leadingWarnings?: readonly string[];
}

/** The LCS24 optimum at (N, t, b) and whether it fits in R^d. */
export interface PlanRegime {
  readonly name: string;
  readonly c1: number;
  readonly c2: number;
  readonly delta: number;
  /** a string in exponent form where float64 underflows (see documents/ccem) */
  readonly lossPerAnchor: number | string;
  readonly attained: boolean;
  readonly onDiagonal: boolean;
}

/** The t = b regime thresholds of the CCEM optimum and the general conditions in words. */
export interface PlanThresholds {
  readonly etf: number;
  readonly antipodal: number;
  readonly note: string;
  readonly general: { readonly etf: string; readonly antipodal: string };
}

/** Feasibility of the target (m, b_rel). */
export interface PlanFeasibility {
  readonly feasible: boolean;
  readonly reason: string | null;
  readonly finiteBound: number | null;
}

/** Capacity of R^d for the target: bounds on log10 N, the fits verdict, the dimension and margin rows. */
export interface PlanCapacity {
  readonly log10N: number;
  readonly log10NLower: number | null;
  readonly log10NUpper: number | null;
  readonly upperKind: string | null;
  readonly upperNote: string | null;
  readonly fits: string;
  readonly dSufficient: number | null;
  readonly dNecessary: number | null;
  readonly marginGuaranteed: number | null;
  readonly marginMax: number | null;
  readonly reason: string | null;
}

/** The `plan --format json` document (key order is the output order). */
export interface PlanDocument {
  readonly N: number;
  readonly d: number;
  readonly t: number;
  readonly b: number;
  /** b / t; a string in exponent form where the double quotient overflows or underflows (see siglip/threshold) */
  readonly bRel: number | string;
  readonly regime: PlanRegime;
  readonly thresholds: PlanThresholds;
  readonly feasible: PlanFeasibility | null;
  readonly capacity: PlanCapacity | null;
  readonly gapPredicted: boolean | null;
  readonly gapReason: string;
  readonly warnings: string[];
}

/** A target from the flags' text: the typed decimals, kept exactly for the yes/no decisions. */
export function planTargetOf(marginText: string, bRelText: string): PlanTarget {
  return { m: typedDecimal(marginText), bRel: typedDecimal(bRelText) };
}

/**
 * Builds the plan document from validated inputs.
 * @remarks LCS24 CCEM optimum; BBNP25 Thm 3.6: N >= d + 2 and m > |b_rel| force a modality gap.
 * @example buildPlan({ N: 8, d: 7, t: 10, b: 10 }).regime.attained === true
 */
export function buildPlan(input: PlanInput): PlanDocument {
  const { N, d, t, b, target } = input;
  const warnings: string[] = [...(input.leadingWarnings ?? [])];
  const opt = floatOptimumAtDecimals(
    N,
    { text: input.tText ?? exactDecimalString(t), x: t },
    { text: input.bText ?? exactDecimalString(b), x: b },
  );
  const thr = ccemThresholds(N);
  const attained = ccemAttained(opt.regime, N, d);
  if (!attained) {
    warnings.push(
      `d = ${d} < ${opt.regime === 'etf' ? `N - 1 = ${N - 1}` : `N = ${N}`}: the LCS24 optimum (CCEM, ${opt.regime} regime) does not fit in R^d; its loss is then only a lower bound (attained in the antipodal regime for any d, in the ETF regime for d >= N - 1, else for d >= N)`,
    );
  }
  if (t > 100)
    warnings.push(
      `t = ${t} > 100: open_clip clamps t = exp(logit_scale) to [1, 100]; big_vision and HF do not`,
    );
  if (t < 1) warnings.push(`t = ${t} < 1: open_clip clamps t to [1, 100]`);
  warnings.push(
    `bias sign: sigcheck subtracts b (logits t G - b); SigLIP/open_clip/HF add logit_bias, so logit_bias = ${-b}, logit_scale = ${Math.log(t)}`,
  );
  const regime: PlanRegime = {
    name: opt.regime,
    c1: opt.c1,
    c2: opt.c2,
    delta: opt.delta,
    lossPerAnchor: ccemReadableLoss(N, t, b, opt),
    attained,
    onDiagonal: t === b,
  };
  const thresholds: PlanThresholds = {
    etf: thr.etf,
    antipodal: thr.antipodal,
    note:
      N <= 4
        ? `N = 3, 4: ETF for every t > 0 (t = b: ETF iff t >= ${thr.etf}, antipodal iff t <= ${thr.antipodal})`
        : `t = b: ETF iff t >= ${thr.etf}, antipodal iff t <= ${thr.antipodal}, interior between`,
    general: {
      etf: 'ETF iff 1 + e^{t/(N-1) + b} >= ((N-2)/2)(1 + e^{t-b})',
      antipodal: 'antipodal iff t + b <= ln((N-2)/2)',
    },
  };

  let feasible: PlanFeasibility | null = null;
  let capacity: PlanCapacity | null = null;
  let gapPredicted: boolean | null = null;
  let gapReason: string;
  if (target !== undefined) {
    const { m: mIn, bRel: bIn } = target;
    const m = numberOf(mIn);
    const bRel = numberOf(bIn);
    const f = feasibility(mIn, bIn);
    feasible = { feasible: f.feasible, reason: f.message, finiteBound: f.finiteBound };
    const row = forwardRow(d, mIn, bIn);
    const dim = dimensionForN(N, mIn, bIn);
    const mg = marginFor(N, d, bIn);
    capacity = {
      log10N: Math.log10(N),
      log10NLower: row.log10NLower,
      log10NUpper: row.log10NUpper,
      upperKind: row.upperKind,
      upperNote: row.upperNote,
      fits: fitsVerdict(N, d, mIn, bIn),
      dSufficient: dim.dSufficient,
      dNecessary: dim.dNecessary,
      marginGuaranteed: mg.mGuaranteed,
      marginMax: mg.mMax,
      reason: row.reason ?? dim.reason,
    };
    gapPredicted = gapForced(N, d, mIn, bIn);
    gapReason = gapPredicted
      ? `BBNP25 Thm 3.6: N >= d + 2 and m > |b_rel| (G_ii > 0 > G_ij) force a separator h with all U positive and >= N - d V negative`
      : N < d + 2
        ? `not forced: N = ${N} < d + 2 = ${d + 2} (Thm 3.6 needs N >= d + 2)`
        : `not forced: m = ${m} <= |b_rel| = ${Math.abs(bRel)} (Thm 3.6 needs G_ii > 0 > G_ij)`;
  } else {
    gapReason = 'give --target-margin and --target-b-rel to test Thm 3.6 (N >= d + 2 and m > |b_rel|)';
  }
  return {
    N,
    d,
    t,
    b,
    bRel: readableMatchThreshold(b / t, {
      kind: 'canonical',
      t: input.tText ?? exactDecimalString(t),
      b: input.bText ?? exactDecimalString(b),
    }),
    regime,
    thresholds,
    feasible,
    capacity,
    gapPredicted,
    gapReason,
    warnings,
  };
}

/**
 * Whether BBNP25 Thm 3.6 forces a modality gap for an (m, b_rel)-constellation of N pairs in R^d:
 * N >= d + 2 and m > |b_rel| (then G_ii > 0 > G_ij).
 * @example gapForced(10, 8, 0.3, 0.1) === true
 */
export function gapForced(N: number, d: number, m: ExactInput, bRel: ExactInput): boolean {
  const b = exactOf(bRel);
  const absB = b.p < 0n ? { p: -b.p, q: b.q } : b;
  return N >= d + 2 && cmp(exactOf(m), absB) > 0;
}

/**
 * Whether the CCEM optimum (a configuration in R^d) exists: antipodal regime for every d >= 1, ETF
 * regime for d >= N - 1, interior for d >= N (docs/theory.md §1).
 * @example ccemAttained('etf', 8, 7) === true
 */
export function ccemAttained(regime: string, N: number, d: number): boolean {
  if (regime === 'antipodal') return d >= 1;
  if (regime === 'etf') return d >= N - 1;
  return d >= N;
}

/**
 * Whether N pairs with margin m at relative bias b_rel fit in R^d: 'yes' when the lower bound
 * reaches N or the CCEM of N pairs (d >= N) is such a constellation, 'no' when the upper bound (or
 * Thm 3.4) excludes N, else 'unknown'; each comparison certified (exact, or decimal at up to 80
 * digits, else 'undecided').
 */
export function fitsVerdict(N: number, d: number, m: ExactInput, bRel: ExactInput): string {
  const f = feasibility(m, bRel);
  if (!f.feasible) {
    if (!withinFiniteBound(N, m, bRel)) return 'no';
    // 3m > 1 + b_rel: the sums U_i + V_i have pairwise negative inner products, so N <= d + 1
    if (N > d + 1) return 'no';
    if (d >= N && ccemIsConstellation(N, m, bRel)) return 'yes';
    return 'unknown (finite regime)';
  }
  if (d >= N && ccemIsConstellation(N, m, bRel)) return 'yes';
  const r = rhoExactOf(m, bRel);
  const lo = lowerReaches(d - 1, r, N);
  if (lo.value === true) return 'yes';
  const up = upperAllows(d, r, N);
  if (up.value === false) return 'no';
  if (lo.value === null || up.value === null) {
    return `undecided at ${Math.max(lo.digits ?? 0, up.digits ?? 0)} digits`;
  }
  return 'unknown (between the bounds)';
}
