/**
 * The `analyze` document: measures of embeddings U, V after a pair scan: margins (exact, mean,
 * trimmed), the constellation test, retrieval, the modality-gap separator, xi, the loss in its
 * three normalisations, and the capacity statement at the margins.
 * @remarks BBNP25 Def. 3.1 (m*, b*), Thm 3.6 (separator); capacity from bounds/table forwardRow.
 */
import { forwardRow } from '../bounds/table.js';
import { UsageError } from '../errors.js';
import { isConstellation } from '../geometry/margins.js';
import { normStats, unitNormTolerance } from '../geometry/norms.js';
import { type Margins, type PairScan, scanPairs } from '../geometry/pairs.js';
import { ANALYZE_SEPARATOR, type Separator, separator } from '../geometry/separator.js';
import { timed } from '../geometry/timings.js';
import { xiAndCov } from '../geometry/xi.js';
import type { LoadedMatrix } from '../io/array.js';
import { lnSoftplus } from '../numeric/float/softplus.js';
import { UNIT_ROUNDOFF } from '../numeric/float/ulp.js';
import { fromRows, type Matrix, normalizeRows } from '../numeric/float/vectors.js';
import { finiteNum, isObj, type Obj, obj } from './parse.js';

/**
 * The measures `analyze --skip` may leave out: each costs work beyond the margins and retrieval
 * (the loss of every pair, the trimmed quantile's window and band, the separator's search, a pass
 * for xi).
 */
export const SKIPPABLE_MEASURES = ['loss', 'trimmed', 'gap', 'xi'] as const;

/** A measure `analyze --skip` may leave out. */
export type SkippableMeasure = (typeof SKIPPABLE_MEASURES)[number];

/** How far the rows of one matrix are from unit norm, and the tolerance of its stored type. */
export interface UnitCheck {
  readonly maxDeviation: number;
  readonly tolerance: number;
}

/**
 * Refuses non-unit rows (or normalises them in place when `normalize`, refusing zero rows).
 * The tolerance is (2d + 4) u for the unit roundoff u of the stored type.
 */
export function requireUnitRows(m: LoadedMatrix, normalize: boolean): UnitCheck {
  const tolerance = unitNormTolerance(m.cols, m.unitRoundoff);
  if (normalize) {
    const zero = normalizeRows(m);
    if (zero >= 0) throw new UsageError(`${m.source}: row ${zero} is a zero vector, cannot normalize`);
    return { maxDeviation: normStats(m).maxDeviation, tolerance };
  }
  const s = normStats(m);
  if (s.maxDeviation > tolerance) {
    throw new UsageError(
      `${m.source}: row ${s.worstRow} is not a unit vector (| |x|^2 - 1 | = ${s.maxDeviation.toExponential(3)} > (2d+4)u = ${tolerance.toExponential(3)} for ${m.dtype}); pass --normalize`,
    );
  }
  return { maxDeviation: s.maxDeviation, tolerance };
}

/** Capacity at the margins: the forward-table bounds on log10 N, or why there is no statement. */
export type AnalysisCapacity =
  | {
      readonly basis: 'mStar' | 'mean';
      readonly m: number;
      readonly bRel: number;
      readonly d: number;
      readonly rho: number;
      readonly feasible: boolean;
      readonly log10N: number;
      readonly log10NLower: number | null;
      readonly log10NUpper: number | null;
      /** log10 of the lower bound minus log10 N: how many decades of pairs R^d has to spare. */
      readonly headroom: number | null;
      readonly reason: string | null;
    }
  | {
      readonly basis: 'mStar' | 'mean';
      readonly m: number;
      readonly bRel: number;
      readonly d: number;
      readonly log10N: number;
      readonly reason: string;
    };

/**
 * The loss at (t, b) in its three normalisations: sum, per anchor (/ N), mean (/ N K), and
 * `sumError`, a bound on |sum - the loss of the exact entries|. Where its terms underflow float64
 * the sums are null and `log10SumBounds` encloses log10 of the sum; where the entries' error leaves
 * no sure leading digits the sums are null and `reason` says so.
 */
export interface AnalysisLoss {
  readonly t: number;
  readonly b: number;
  readonly sum: number | null;
  readonly perAnchor: number | null;
  readonly mean: number | null;
  readonly sumError?: number;
  readonly log10SumBounds?: readonly [number, number];
  readonly reason?: string;
}

/** Largest sumError / sum printed as a loss: beyond it not even two leading digits are sure. */
export const LOSS_MAX_RELATIVE_ERROR = 2 ** -8;

/**
 * The loss document of a scan: the sums where float64 holds them (each of the N K terms loses less
 * than 2^-1021 to underflow, at most 2^-52 of a sum above N K 2^-969); below that, the enclosure
 * softplus(z_max) <= sum <= N K softplus(z_max) instead, z_max = max(b - t min G_ii, t max G_ij - b)
 * the largest logit term on the exact entries (softplus is increasing), widened by 2^-50 of the
 * logits' size for the rounding of z_max. `sumError` (from the scan) above
 * {@link LOSS_MAX_RELATIVE_ERROR} of the sum leaves the sums null with the reason.
 * @example analysisLoss(1e6, 5e5, 0, 2, 2, 1, 0).sum === null // log10 sum in about [-217147.24, -217146.64]
 */
export function analysisLoss(
  t: number,
  b: number,
  sum: number,
  n: number,
  k: number,
  minPos: number,
  maxNeg: number,
  sumError = 0,
): AnalysisLoss {
  if (sum >= n * k * 2 ** -969) {
    if (!(sumError <= LOSS_MAX_RELATIVE_ERROR * sum)) {
      return {
        t,
        b,
        sum: null,
        perAnchor: null,
        mean: null,
        sumError,
        reason: `the Gram entries' rounding, times t = ${t}, moves the loss by up to ${sumError}, more than 2^-8 of its sum ${sum}: --kernel js makes exact entries`,
      };
    }
    return { t, b, sum, perAnchor: sum / n, mean: sum / (n * k), sumError };
  }
  const zMax = k > 1 ? Math.max(b - t * minPos, t * maxNeg - b) : b - t * minPos;
  const slack = 2 ** -50 * (Math.abs(t) + Math.abs(b) + Math.abs(zMax) + 1);
  const lo = (lnSoftplus(zMax) - slack) / Math.LN10;
  const hi = (lnSoftplus(zMax) + Math.log(n * k) + slack) / Math.LN10;
  return { t, b, sum: null, perAnchor: null, mean: null, log10SumBounds: [lo, hi] };
}

/**
 * The `analyze --format json` document. Output order: N, d, kernel, classes, the scan's margins
 * (mStar … bMean, {@link Margins}), then the fields below in order.
 */
export interface AnalysisDocument extends Margins {
  readonly N: number;
  readonly d: number;
  readonly kernel: { readonly name: string; readonly reason: string };
  readonly classes?: number;
  readonly trim: number;
  /** Absent when `trimmed` is skipped (as gap, xi and xiCov, loss for theirs). */
  readonly mTrimmed?: number;
  readonly bTrimmed?: number;
  readonly constellation: boolean;
  readonly retrieval: { readonly uToV: number; readonly vToU: number };
  readonly gap?: {
    readonly separable: boolean;
    readonly fraction: number;
    readonly margin: number;
    /** No unit direction separates U from the same V's with a larger margin (up to rounding). */
    readonly marginUpper: number;
  };
  readonly xi?: number;
  readonly xiCov?: number;
  readonly loss?: AnalysisLoss;
  /** The measures left out (`analyze --skip`), in {@link SKIPPABLE_MEASURES} order; absent: none. */
  readonly skipped?: readonly SkippableMeasure[];
  readonly capacity: AnalysisCapacity;
  readonly norms: {
    readonly normalized: boolean;
    readonly maxDeviationU: number;
    readonly maxDeviationV: number;
    readonly toleranceU: number;
    readonly toleranceV: number;
  };
}

/** What `buildAnalysis` needs: the inputs and the finished pair scan (with trim and loss). */
export interface AnalysisInput {
  readonly u: LoadedMatrix;
  readonly v: LoadedMatrix;
  readonly labels?: ArrayLike<number>;
  readonly scan: PairScan;
  readonly t: number;
  readonly b: number;
  readonly trim: number;
  readonly normalized: boolean;
  readonly normU: UnitCheck;
  readonly normV: UnitCheck;
  /** The separator of U, V when it was started earlier (on a helper thread); absent: computed here. */
  readonly separator?: () => Separator;
  /** Measures left out (the scan was run without trim or loss for theirs). @defaultValue none */
  readonly skip?: ReadonlySet<SkippableMeasure>;
}

/** The analysis document and the separator count the table shows (not part of the JSON). */
export interface Analysis {
  readonly document: AnalysisDocument;
  readonly separatedCount: number;
}

/** Builds the analyze document from a finished pair scan. */
export function buildAnalysis(input: AnalysisInput): Analysis {
  const { u, v, labels, scan, t, b, trim } = input;
  const skip = input.skip ?? new Set<SkippableMeasure>();
  const tr = skip.has('trimmed') ? undefined : scan.trimmed;
  const lossSum = skip.has('loss') ? undefined : scan.lossSum;
  if ((tr === undefined && !skip.has('trimmed')) || (lossSum === undefined && !skip.has('loss')))
    throw new Error('buildAnalysis: the scan must carry trimmed margins and the loss');
  const mg = scan.margins;
  const sep = skip.has('gap')
    ? undefined
    : timed('separator', () => (input.separator ?? (() => separator(u, v, ANALYZE_SEPARATOR)))());
  const xis = skip.has('xi') ? undefined : timed('xi and xiCov', () => xiAndCov(u, v, labels));
  const loss =
    lossSum === undefined
      ? undefined
      : analysisLoss(t, b, lossSum, scan.n, scan.k, mg.minPos, mg.maxNeg, scan.lossError ?? 0);
  const constellation = mg.mStar > 0 && isConstellation(mg.mStar, mg.bStar, mg.mStar, mg.bStar);
  const document: AnalysisDocument = {
    N: scan.n,
    d: scan.d,
    kernel: { name: scan.kernel, reason: scan.kernelReason },
    ...(labels ? { classes: scan.k } : {}),
    mStar: mg.mStar,
    bStar: mg.bStar,
    minPos: mg.minPos,
    maxNeg: mg.maxNeg,
    meanPos: mg.meanPos,
    meanNeg: mg.meanNeg,
    mMean: mg.mMean,
    bMean: mg.bMean,
    trim,
    ...(tr !== undefined ? { mTrimmed: tr.mTrimmed, bTrimmed: tr.bTrimmed } : {}),
    constellation,
    retrieval: { uToV: scan.retrieval.uToV, vToU: scan.retrieval.vToU },
    ...(sep !== undefined
      ? {
          gap: {
            separable: sep.found,
            fraction: sep.fractionSeparated,
            margin: sep.margin,
            marginUpper: sep.marginUpper,
          },
        }
      : {}),
    ...(xis !== undefined ? { xi: xis.xi, xiCov: xis.xiCov } : {}),
    ...(loss !== undefined ? { loss } : {}),
    ...(skip.size > 0 ? { skipped: SKIPPABLE_MEASURES.filter((m) => skip.has(m)) } : {}),
    capacity: capacityAt(scan, u.cols),
    norms: {
      normalized: input.normalized,
      maxDeviationU: input.normU.maxDeviation,
      maxDeviationV: input.normV.maxDeviation,
      toleranceU: input.normU.tolerance,
      toleranceV: input.normV.tolerance,
    },
  };
  return { document, separatedCount: sep?.separatedCount ?? 0 };
}

/** Capacity at the exact margins when m* > 0, otherwise at the mean-based ones. */
function capacityAt(scan: PairScan, d: number): AnalysisCapacity {
  const mg = scan.margins;
  const basis = mg.mStar > 0 ? 'mStar' : 'mean';
  const m = basis === 'mStar' ? mg.mStar : mg.mMean;
  const bRel = basis === 'mStar' ? mg.bStar : mg.bMean;
  const log10N = Math.log10(scan.k);
  if (m > 0 && m <= 1 && bRel >= -1 && bRel <= 1 && d >= 2) {
    const row = forwardRow(d, m, bRel);
    return {
      basis,
      m,
      bRel,
      d,
      rho: row.rho,
      feasible: row.feasible,
      log10N,
      log10NLower: row.log10NLower,
      log10NUpper: row.log10NUpper,
      headroom: row.log10NLower === null ? null : row.log10NLower - log10N,
      reason: row.reason,
    };
  }
  return { basis, m, bRel, d, log10N, reason: 'margin not positive: no capacity statement' };
}

/** The part of a `sigcheck analyze --format json` document the report uses. */
export interface AnalysisDoc {
  readonly N: number;
  readonly d: number;
  readonly mStar: number;
  readonly bStar: number;
  readonly mMean: number;
  readonly bMean: number;
  readonly mTrimmed?: number;
  readonly bTrimmed?: number;
  readonly constellation?: boolean;
  readonly xi?: number;
  readonly retrieval?: { readonly uToV: number; readonly vToU: number };
  readonly gap?: { readonly separable: boolean; readonly fraction: number; readonly margin: number };
}

/**
 * |inner product| of two rows that analyze accepted as unit (within the float32 tolerance, about
 * 1.4e-4 each): margins, centres and means of such entries lie within it.
 */
const UNIT_ENTRY_BOUND = 1.01;

/** o[key], a finite number in [lo, hi] (an integer when asked), else a one-line refusal. */
function numIn(o: Obj, key: string, where: string, lo: number, hi: number, integer = false): number {
  const x = finiteNum(o, key, where);
  if (!(x >= lo && x <= hi) || (integer && !Number.isInteger(x))) {
    throw new UsageError(
      `${where}.${key} must be ${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}] for an analysis of unit rows, got ${x}`,
    );
  }
  return x;
}

/** Checks an `analyze --format json` document (shapes, and the ranges unit rows allow). */
export function parseAnalysisDoc(x: unknown, where: string): AnalysisDoc {
  const o = obj(x, where);
  const b = UNIT_ENTRY_BOUND;
  const opt = (key: string, lo: number, hi: number): Obj =>
    o[key] === undefined ? {} : { [key]: numIn(o, key, where, lo, hi) };
  const out: Obj = {
    N: numIn(o, 'N', where, 1, Number.MAX_SAFE_INTEGER, true),
    d: numIn(o, 'd', where, 1, Number.MAX_SAFE_INTEGER, true),
    mStar: numIn(o, 'mStar', where, -b, b),
    bStar: numIn(o, 'bStar', where, -b, b),
    mMean: numIn(o, 'mMean', where, -b, b),
    bMean: numIn(o, 'bMean', where, -b, b),
    ...opt('mTrimmed', -b, b),
    ...opt('bTrimmed', -b, b),
    // xi is a mean of |U_i - V_i| <= 2
    ...opt('xi', 0, 2 * b),
  };
  if (typeof o.constellation === 'boolean') out.constellation = o.constellation;
  if (isObj(o.retrieval)) {
    out.retrieval = {
      uToV: numIn(o.retrieval, 'uToV', `${where}.retrieval`, 0, 1),
      vToU: numIn(o.retrieval, 'vToU', `${where}.retrieval`, 0, 1),
    };
  }
  if (isObj(o.gap)) {
    const g = o.gap;
    if (typeof g.separable !== 'boolean') throw new UsageError(`${where}.gap.separable must be a boolean`);
    out.gap = {
      separable: g.separable,
      fraction: numIn(g, 'fraction', `${where}.gap`, 0, 1),
      margin: numIn(g, 'margin', `${where}.gap`, -b, b),
    };
  }
  return out as unknown as AnalysisDoc;
}

/** Options of {@link analyzeEmbeddings}. */
export interface AnalyzeEmbeddingsOptions {
  /** Inverse temperature of the reported loss. @defaultValue 10 (the SigLIP init) */
  readonly t?: number;
  /** Bias of the reported loss (logits t G - b). @defaultValue 10 */
  readonly b?: number;
  /** Trimmed margins: q-quantile of positives, (1-q)-quantile of negatives. @defaultValue 0.05 */
  readonly trim?: number;
  /** U_i's positive is V_{labels[i]}. @defaultValue the identity (one-to-one pairs) */
  readonly labels?: ArrayLike<number>;
}

function asMatrix(x: Matrix | readonly (readonly number[])[], name: string): Matrix {
  if (Array.isArray(x)) {
    const rows = x as readonly (readonly number[])[];
    if (rows.length === 0) throw new UsageError(`analyzeEmbeddings: ${name} has no rows`);
    const d = rows[0]!.length;
    for (const [i, r] of rows.entries()) {
      if (r.length !== d || d === 0)
        throw new UsageError(`analyzeEmbeddings: ${name} row ${i} has ${r.length} entries, row 0 has ${d}`);
      if (!r.every(Number.isFinite))
        throw new UsageError(`analyzeEmbeddings: ${name} row ${i} has a non-finite entry`);
    }
    return fromRows(rows);
  }
  return x as Matrix;
}

/** The measures `sigcheck analyze` reports, as a value: the analyze document itself. */
export type EmbeddingAnalysis = AnalysisDocument;

/**
 * Margins, constellation test, retrieval, modality-gap separator, xi, loss and capacity of
 * unit-row embeddings U, V given as arrays of rows or as matrices (rows are not renormalised
 * here; `norms` reports how far they are from unit). The same builder as `sigcheck analyze`.
 * @remarks docs/theory.md §2, without file reading.
 * @example analyzeEmbeddings([[1, 0], [0, 1]], [[1, 0], [0, 1]]).mStar === 0.5
 */
export function analyzeEmbeddings(
  U: Matrix | readonly (readonly number[])[],
  V: Matrix | readonly (readonly number[])[],
  options: AnalyzeEmbeddingsOptions = {},
): EmbeddingAnalysis {
  const u = asLoaded(asMatrix(U, 'U'), 'U');
  const v = asLoaded(asMatrix(V, 'V'), 'V');
  if (u.cols !== v.cols) throw new UsageError(`analyzeEmbeddings: U has d = ${u.cols}, V has d = ${v.cols}`);
  const t = options.t ?? 10;
  const b = options.b ?? 10;
  const trim = options.trim ?? 0.05;
  const labels = options.labels;
  const scan = scanPairs(u, v, { trim, loss: { t, b }, ...(labels ? { labels } : {}) });
  const check = (m: LoadedMatrix): UnitCheck => ({
    maxDeviation: normStats(m).maxDeviation,
    tolerance: unitNormTolerance(m.cols, m.unitRoundoff),
  });
  return buildAnalysis({
    u,
    v,
    ...(labels ? { labels } : {}),
    scan,
    t,
    b,
    trim,
    normalized: false,
    normU: check(u),
    normV: check(v),
  }).document;
}

function asLoaded(m: Matrix, name: string): LoadedMatrix {
  return { ...m, source: name, dtype: 'float64', unitRoundoff: UNIT_ROUNDOFF };
}
