import { UsageError } from '../errors.js';
import { softplus } from '../numeric/float/softplus.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { BLOCK_COLS, BLOCK_ROWS, gramBlock, scanGram } from './gram-block.js';
import { lerpNumpy, quantileRanks, quantileSorted } from './quantile.js';

/** Margin measures of a configuration (THEORY.md section 2). */
export interface Margins {
  /** m* = (min pos - max neg) / 2: the largest m for which this is an (m, b)-constellation. */
  readonly mStar: number;
  /** b* = (min pos + max neg) / 2: the centre of the admissible b_rel interval. */
  readonly bStar: number;
  /** min over i of the positive G_{i, l(i)}. */
  readonly minPos: number;
  /** max over the negatives G_ij, j != l(i). */
  readonly maxNeg: number;
  /** Mean positive similarity. */
  readonly meanPos: number;
  /** Mean negative similarity. */
  readonly meanNeg: number;
  /** (mean pos - mean neg) / 2. */
  readonly mMean: number;
  /** (mean pos + mean neg) / 2. */
  readonly bMean: number;
}

/** Trimmed (quantile) margins: the robust form used for real models (THEORY.md sections 2, 4). */
export interface TrimmedMargins {
  /** The trim fraction: the trim-quantile of positives and the (1 - trim)-quantile of negatives. */
  readonly trim: number;
  /** The trim-quantile of the positives (numpy 'linear' definition). */
  readonly posQuantile: number;
  /** The (1 - trim)-quantile of the negatives (numpy 'linear' definition), exact. */
  readonly negQuantile: number;
  /** (posQuantile - negQuantile) / 2. */
  readonly mTrimmed: number;
  /** (posQuantile + negQuantile) / 2. */
  readonly bTrimmed: number;
  /** Passes over G = U V^T used to make the negative quantile exact (1 in the usual case). */
  readonly passes: number;
}

/** Top-1 retrieval accuracy in both directions; ties count as failures. */
export interface Retrieval {
  /** Fraction of U_i whose strict nearest V (by inner product) is its positive. */
  readonly uToV: number;
  /** Fraction of V_j whose strict nearest U is one of its positives. */
  readonly vToU: number;
  /** Count behind uToV (out of N). */
  readonly uCorrect: number;
  /** Count behind vToU (out of the number of V rows). */
  readonly vCorrect: number;
}

/** What {@link scanPairs} measures in one streamed pass over G = U V^T. */
export interface PairScanOptions {
  /**
   * U_i's positive is V_{labels[i]} (many U per V, e.g. images per class text). Absent: one-to-one,
   * U_i's positive is V_i.
   * @defaultValue one-to-one
   */
  readonly labels?: ArrayLike<number>;
  /**
   * Also compute trimmed margins with this trim fraction in [0, 1/2).
   * @defaultValue not computed
   */
  readonly trim?: number;
  /**
   * Also sum the canonical sigmoid loss at (t, b): sum over positives of softplus(-(t G - b)) plus
   * over negatives of softplus(t G - b) (normalisation `sum`).
   * @defaultValue not computed
   */
  readonly loss?: { readonly t: number; readonly b: number };
  /**
   * Most negatives held at once by the exact trimmed selection; lower it only to exercise the
   * multi-pass path in tests (results do not depend on it).
   * @defaultValue {@link COLLECT_CAP}
   */
  readonly collectCap?: number;
}

/** Everything {@link scanPairs} measured. */
export interface PairScan {
  /** Number of U rows. */
  readonly n: number;
  /** Number of V rows (N one-to-one, the class count with labels). */
  readonly k: number;
  /** Dimension. */
  readonly d: number;
  readonly margins: Margins;
  readonly retrieval: Retrieval;
  /** Present when `trim` was given. */
  readonly trimmed?: TrimmedMargins;
  /** Present when `loss` was given: the loss with normalisation `sum`. */
  readonly lossSum?: number;
}

/** Values the exact quantile selection may hold at once (64 MiB of doubles). */
export const COLLECT_CAP = 2 ** 23;
/** Histogram buckets of the fallback selection passes. */
const BUCKETS = 2 ** 20;
/** Rows of U sampled (evenly spaced) by the pilot that places the quantile window. */
const PILOT_ROWS = 128;

/** Validates shapes and labels; returns the positive index of every U row. */
export function positiveIndex(
  u: Matrix,
  v: Matrix,
  labels: ArrayLike<number> | undefined,
  where: string,
): Int32Array {
  if (u.cols !== v.cols) {
    throw new UsageError(`${where}: U has dimension ${u.cols} but V has dimension ${v.cols}`);
  }
  if (u.cols < 1) throw new UsageError(`${where}: dimension must be at least 1`);
  const out = new Int32Array(u.rows);
  if (labels === undefined) {
    if (u.rows !== v.rows) {
      throw new UsageError(
        `${where}: U has ${u.rows} rows but V has ${v.rows} (pairs are one-to-one without labels)`,
      );
    }
    for (let i = 0; i < u.rows; i++) out[i] = i;
  } else {
    if (labels.length !== u.rows) {
      throw new UsageError(`${where}: ${labels.length} labels for ${u.rows} rows of U`);
    }
    for (let i = 0; i < u.rows; i++) {
      const l = labels[i]!;
      if (!Number.isInteger(l) || l < 0 || l >= v.rows) {
        throw new UsageError(`${where}: label ${String(l)} of row ${i} is out of range [0, ${v.rows - 1}]`);
      }
      out[i] = l;
    }
  }
  if (u.rows < 1 || v.rows < 2) {
    throw new UsageError(`${where}: need at least one U row and two V rows (got ${u.rows} and ${v.rows})`);
  }
  return out;
}

/** Largest row norm (Cauchy-Schwarz bound for the histogram range). */
function maxRowNorm(m: Matrix): number {
  let best = 0;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let k = 0; k < m.cols; k++) s += m.data[i * m.cols + k]! ** 2;
    if (s > best) best = s;
  }
  return Math.sqrt(best);
}

/**
 * One monotone bucketing of the reals: bucket(x) = clamp(floor((x - lo) * scale), 0, B - 1). A
 * level keeps the buckets [k0, k1]. Because bucket() is non-decreasing in x for every double, the
 * set kept by a chain of levels is an interval of doubles, and a later pass reproduces the same
 * membership exactly (no boundary values are ever computed).
 */
interface Level {
  readonly lo: number;
  readonly scale: number;
  readonly k0: number;
  readonly k1: number;
}

function bucketOf(x: number, lo: number, scale: number): number {
  const k = Math.floor((x - lo) * scale);
  return k < 0 ? 0 : k >= BUCKETS ? BUCKETS - 1 : k;
}

function inLevels(x: number, levels: readonly Level[]): boolean {
  for (const l of levels) {
    const k = bucketOf(x, l.lo, l.scale);
    if (k < l.k0 || k > l.k1) return false;
  }
  return true;
}

/** Visits every negative G_ij (j != pos[i]) of G = U V^T. */
function forEachNegative(u: Matrix, v: Matrix, pos: Int32Array, f: (g: number) => void): void {
  scanGram(u, v, (i0, bi, j0, bj, block) => {
    for (let r = 0; r < bi; r++) {
      const li = pos[i0 + r]!;
      const off = r * bj;
      for (let c = 0; c < bj; c++) if (j0 + c !== li) f(block[off + c]!);
    }
  });
}

/** Finds the buckets holding 0-based ranks r0 <= r1 in a histogram; returns the level and count below. */
function locate(
  hist: Float64Array,
  r0: number,
  r1: number,
  lo: number,
  scale: number,
): { level: Level; below: number; count: number } {
  let cum = 0;
  let k0 = -1;
  let below = 0;
  for (let k = 0; k < BUCKETS; k++) {
    const h = hist[k]!;
    if (k0 < 0 && cum + h > r0) {
      k0 = k;
      below = cum;
    }
    if (cum + h > r1) {
      let count = 0;
      for (let q = k0; q <= k; q++) count += hist[q]!;
      return { level: { lo, scale, k0, k1: k }, below, count };
    }
    cum += h;
  }
  throw new Error('locate: ranks beyond the histogram total');
}

/**
 * Exact order statistics r0 <= r1 (0-based, r1 <= r0 + 1) of the negatives, when the first pass
 * could not hold them: repeated passes that histogram the current interval into 2^20 monotone
 * buckets and keep the buckets holding the ranks, until their count fits in {@link COLLECT_CAP}
 * (then one pass collects and sorts them) or the interval holds one value only.
 */
function refineNegatives(
  u: Matrix,
  v: Matrix,
  pos: Int32Array,
  start: { levels: Level[]; below: number; count: number; min: number; max: number },
  r0: number,
  r1: number,
  cap: number,
): { x0: number; x1: number; passes: number } {
  let { levels, below, count, min, max } = start;
  let passes = 0;
  for (;;) {
    if (min === max) return { x0: min, x1: max, passes };
    if (count <= cap) {
      const buf = new Float64Array(count);
      let n = 0;
      forEachNegative(u, v, pos, (g) => {
        if (inLevels(g, levels)) buf[n++] = g;
      });
      passes++;
      buf.sort();
      return { x0: buf[r0 - below]!, x1: buf[r1 - below]!, passes };
    }
    const lo = min;
    const scale = BUCKETS / (max - min);
    const hist = new Float64Array(BUCKETS);
    const cur = levels;
    forEachNegative(u, v, pos, (g) => {
      if (inLevels(g, cur)) hist[bucketOf(g, lo, scale)]!++;
    });
    passes++;
    const found = locate(hist, r0 - below, r1 - below, lo, scale);
    levels = [...levels, found.level];
    below += found.below;
    count = found.count;
    // Bounds of the new interval for the next histogram: one cheap pass over the kept values.
    let nmin = Number.POSITIVE_INFINITY;
    let nmax = Number.NEGATIVE_INFINITY;
    const next = levels;
    forEachNegative(u, v, pos, (g) => {
      if (inLevels(g, next)) {
        if (g < nmin) nmin = g;
        if (g > nmax) nmax = g;
      }
    });
    passes++;
    min = nmin;
    max = nmax;
  }
}

/**
 * A window [lo, hi) that should hold the p-quantile of all negatives, placed from the negatives of
 * a few evenly spaced U rows.
 */
function pilotWindow(u: Matrix, v: Matrix, pos: Int32Array, p: number): { lo: number; hi: number } {
  const rows = Math.min(PILOT_ROWS, u.rows);
  const d = u.cols;
  const k = v.rows;
  const sub = new Float64Array(rows * d);
  const subPos = new Int32Array(rows);
  for (let s = 0; s < rows; s++) {
    const i = Math.floor(((s + 0.5) * u.rows) / rows);
    sub.set(u.data.subarray(i * d, (i + 1) * d), s * d);
    subPos[s] = pos[i]!;
  }
  const sample = new Float64Array(rows * (k - 1));
  const block = new Float64Array(BLOCK_ROWS * BLOCK_COLS);
  const su: Matrix = { rows, cols: d, data: sub };
  for (let i0 = 0; i0 < rows; i0 += BLOCK_ROWS) {
    const bi = Math.min(BLOCK_ROWS, rows - i0);
    for (let j0 = 0; j0 < k; j0 += BLOCK_COLS) {
      const bj = Math.min(BLOCK_COLS, k - j0);
      gramBlock(su, v, i0, bi, j0, bj, block);
      for (let r = 0; r < bi; r++) {
        const li = subPos[i0 + r]!;
        // Row-major sample: row s occupies [s (k-1), (s+1)(k-1)).
        let w = (i0 + r) * (k - 1) + (j0 > li ? j0 - 1 : j0);
        for (let c = 0; c < bj; c++) if (j0 + c !== li) sample[w++] = block[r * bj + c]!;
      }
    }
  }
  const n = sample.length;
  // Clustered standard error of the fraction above the pilot quantile: rows, not values, are the
  // independent units (a row's similarities share its vector), so use the spread of row fractions.
  const sorted = Float64Array.from(sample).sort();
  const qHat = quantileSorted(sorted, p);
  let s1 = 0;
  let s2 = 0;
  for (let s = 0; s < rows; s++) {
    let above = 0;
    for (let c = 0; c < k - 1; c++) if (sample[s * (k - 1) + c]! > qHat) above++;
    const f = above / (k - 1);
    s1 += f;
    s2 += f * f;
  }
  const meanF = s1 / rows;
  const varF = Math.max(0, s2 / rows - meanF * meanF);
  const se = Math.sqrt(varF / rows) + Math.sqrt((p * (1 - p)) / n);
  const delta = 8 * se + 4 / n;
  const pLo = p - delta;
  const pHi = p + delta;
  const lo = pLo <= 0 ? Number.NEGATIVE_INFINITY : sorted[Math.floor(pLo * (n - 1))]!;
  const hi = pHi >= 1 ? Number.POSITIVE_INFINITY : sorted[Math.ceil(pHi * (n - 1))]!;
  return { lo, hi };
}

/**
 * Measures a configuration in one streamed pass over G = U V^T: margins m*, b*, mean-based margins,
 * top-1 retrieval both ways, and optionally the exact trimmed margins and the loss at (t, b).
 *
 * @remarks G is built block by block (BLOCK_ROWS x BLOCK_COLS, one reusable buffer) by a 4 x 4
 * register-tiled kernel; memory is O((N + K) d), never N x K. Definitions: THEORY.md section 2
 * (m*, b*, mean and trimmed versions, BBNP25 eq. 2), Cor. 1 (retrieval). Retrieval counts U_i as
 * correct iff G_{i,l(i)} > max_{j != l(i)} G_ij (strict: ties fail), and V_j as correct iff
 * max_{i: l(i) = j} G_ij > max_{i: l(i) != j} G_ij.
 *
 * Trimmed negatives (up to N^2 values) are selected exactly, memory-bounded: if there are at most
 * {@link COLLECT_CAP} negatives they are all kept and sorted; otherwise a pilot of 128 evenly spaced
 * U rows places a window around the quantile (8 clustered standard errors wide), the main pass
 * counts values below it and keeps those inside, and the quantile is read off exactly when its
 * ranks fall inside (the usual case: one pass in total). If the pilot missed or the window held
 * more than the cap, a global histogram from the same pass (2^20 monotone buckets) narrows the
 * interval and extra passes finish the exact selection. Quantiles follow numpy's default
 * ('linear') definition.
 */
export function scanPairs(u: Matrix, v: Matrix, options: PairScanOptions = {}): PairScan {
  const where = 'scanPairs';
  const pos = positiveIndex(u, v, options.labels, where);
  const n = u.rows;
  const k = v.rows;
  const trim = options.trim;
  if (trim !== undefined && !(trim >= 0 && trim < 0.5)) {
    throw new UsageError(`${where}: trim must be in [0, 0.5), got ${String(trim)}`);
  }
  const loss = options.loss;
  const t = loss?.t ?? 0;
  const bias = loss?.b ?? 0;
  if (loss !== undefined && !(Number.isFinite(t) && Number.isFinite(bias))) {
    throw new UsageError(`${where}: loss needs finite t and b, got t = ${String(t)}, b = ${String(bias)}`);
  }
  const negCount = n * k - n;
  const cap = options.collectCap ?? COLLECT_CAP;
  if (!(Number.isInteger(cap) && cap >= 2)) {
    throw new UsageError(`${where}: collectCap must be an integer >= 2, got ${String(cap)}`);
  }

  // Trimmed negatives: window [wlo, whi) kept in `kept` (bounded), a global histogram as fallback.
  const wantTrim = trim !== undefined;
  const p = 1 - (trim ?? 0);
  const ranks = quantileRanks(negCount, p);
  let wlo = Number.NEGATIVE_INFINITY;
  let whi = Number.POSITIVE_INFINITY;
  let useHist = false;
  if (wantTrim && negCount > cap) {
    ({ lo: wlo, hi: whi } = pilotWindow(u, v, pos, p));
    useHist = true;
  }
  const keptCap = wantTrim ? Math.min(negCount, cap) : 0;
  const kept = new Float64Array(keptCap);
  let inWindow = 0;
  let belowWindow = 0;
  const bound = maxRowNorm(u) * maxRowNorm(v);
  const hlo = -bound;
  const hscale = BUCKETS / (2 * bound > 0 ? 2 * bound : 1);
  const hist = useHist ? new Float64Array(BUCKETS) : new Float64Array(0);

  const rowPos = new Float64Array(n);
  const rowNegMax = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const colPosMax = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  const colNegMax = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  let minNeg = Number.POSITIVE_INFINITY;
  // Per-block partial sums, accumulated with Neumaier compensation across blocks.
  let negSum = 0;
  let negComp = 0;
  let lossNeg = 0;
  let lossComp = 0;

  scanGram(u, v, (i0, bi, j0, bj, block) => {
    let bsum = 0;
    let bloss = 0;
    for (let r = 0; r < bi; r++) {
      const i = i0 + r;
      const li = pos[i]!;
      const off = r * bj;
      let rmax = rowNegMax[i]!;
      for (let c = 0; c < bj; c++) {
        const j = j0 + c;
        const g = block[off + c]!;
        if (j === li) {
          rowPos[i] = g;
          if (g > colPosMax[j]!) colPosMax[j] = g;
          continue;
        }
        bsum += g;
        if (g > rmax) rmax = g;
        if (g < minNeg) minNeg = g;
        if (g > colNegMax[j]!) colNegMax[j] = g;
        if (loss !== undefined) bloss += softplus(t * g - bias);
        if (wantTrim) {
          if (useHist) hist[bucketOf(g, hlo, hscale)]!++;
          if (g < wlo) belowWindow++;
          else if (g < whi) {
            if (inWindow < keptCap) kept[inWindow] = g;
            inWindow++;
          }
        }
      }
      rowNegMax[i] = rmax;
    }
    const s = negSum + bsum;
    negComp += Math.abs(negSum) >= Math.abs(bsum) ? negSum - s + bsum : bsum - s + negSum;
    negSum = s;
    const l = lossNeg + bloss;
    lossComp += Math.abs(lossNeg) >= Math.abs(bloss) ? lossNeg - l + bloss : bloss - l + lossNeg;
    lossNeg = l;
  });

  let minPos = Number.POSITIVE_INFINITY;
  let posSum = 0;
  let lossPos = 0;
  let maxNeg = Number.NEGATIVE_INFINITY;
  let uCorrect = 0;
  for (let i = 0; i < n; i++) {
    const g = rowPos[i]!;
    if (g < minPos) minPos = g;
    posSum += g;
    if (loss !== undefined) lossPos += softplus(-(t * g - bias));
    const rn = rowNegMax[i]!;
    if (rn > maxNeg) maxNeg = rn;
    if (g > rn) uCorrect++;
  }
  let vCorrect = 0;
  for (let j = 0; j < k; j++) if (colPosMax[j]! > colNegMax[j]!) vCorrect++;
  const meanPos = posSum / n;
  const meanNeg = (negSum + negComp) / negCount;
  const margins: Margins = {
    mStar: (minPos - maxNeg) / 2,
    bStar: (minPos + maxNeg) / 2,
    minPos,
    maxNeg,
    meanPos,
    meanNeg,
    mMean: (meanPos - meanNeg) / 2,
    bMean: (meanPos + meanNeg) / 2,
  };
  const retrieval: Retrieval = { uToV: uCorrect / n, vToU: vCorrect / k, uCorrect, vCorrect };

  let trimmed: TrimmedMargins | undefined;
  if (wantTrim) {
    let x0: number;
    let x1: number;
    let passes = 1;
    const r0 = ranks.lower;
    const r1 = ranks.upper;
    if (inWindow <= keptCap && r0 >= belowWindow && r1 < belowWindow + inWindow) {
      const sel = kept.subarray(0, inWindow).sort();
      x0 = sel[r0 - belowWindow]!;
      x1 = sel[r1 - belowWindow]!;
    } else {
      const found = locate(hist, r0, r1, hlo, hscale);
      const extra = refineNegatives(
        u,
        v,
        pos,
        { levels: [found.level], below: found.below, count: found.count, min: minNeg, max: maxNeg },
        r0,
        r1,
        cap,
      );
      x0 = extra.x0;
      x1 = extra.x1;
      passes += extra.passes;
    }
    const negQuantile = lerpNumpy(x0, x1, ranks.weight);
    const posQuantile = quantileSorted(Float64Array.from(rowPos).sort(), trim);
    trimmed = {
      trim,
      posQuantile,
      negQuantile,
      mTrimmed: (posQuantile - negQuantile) / 2,
      bTrimmed: (posQuantile + negQuantile) / 2,
      passes,
    };
  }
  return {
    n,
    k,
    d: u.cols,
    margins,
    retrieval,
    ...(trimmed !== undefined ? { trimmed } : {}),
    ...(loss !== undefined ? { lossSum: lossNeg + lossComp + lossPos } : {}),
  };
}
