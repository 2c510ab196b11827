import { UsageError } from '../errors.js';
import { fromRows, type Matrix } from '../numeric/float/vectors.js';
import { isConstellation } from './margins.js';
import { scanPairs } from './pairs.js';
import { separator } from './separator.js';
import { xi } from './xi.js';

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

/** The measures `sigcheck analyze` reports, as a value (the fields gates read included). */
export interface EmbeddingAnalysis {
  readonly N: number;
  readonly d: number;
  readonly classes?: number;
  readonly mStar: number;
  readonly bStar: number;
  readonly minPos: number;
  readonly maxNeg: number;
  readonly meanPos: number;
  readonly meanNeg: number;
  readonly mMean: number;
  readonly bMean: number;
  readonly mTrimmed: number;
  readonly bTrimmed: number;
  readonly constellation: boolean;
  readonly retrieval: { readonly uToV: number; readonly vToU: number };
  readonly gap: { readonly separable: boolean; readonly fraction: number; readonly margin: number };
  readonly xi: number;
  readonly loss: {
    readonly t: number;
    readonly b: number;
    readonly sum: number;
    readonly perAnchor: number;
    readonly mean: number;
  };
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

/**
 * Margins, constellation test, retrieval, modality-gap separator, xi and loss of unit-row
 * embeddings U, V given as arrays of rows or as matrices (rows are not renormalised here).
 * @remarks Same measures as `sigcheck analyze` (docs/theory.md §2), without file reading.
 * @example analyzeEmbeddings([[1, 0], [0, 1]], [[1, 0], [0, 1]]).mStar === 0.5
 */
export function analyzeEmbeddings(
  U: Matrix | readonly (readonly number[])[],
  V: Matrix | readonly (readonly number[])[],
  options: AnalyzeEmbeddingsOptions = {},
): EmbeddingAnalysis {
  const u = asMatrix(U, 'U');
  const v = asMatrix(V, 'V');
  if (u.cols !== v.cols) throw new UsageError(`analyzeEmbeddings: U has d = ${u.cols}, V has d = ${v.cols}`);
  const t = options.t ?? 10;
  const b = options.b ?? 10;
  const trim = options.trim ?? 0.05;
  const labels = options.labels;
  const scan = scanPairs(u, v, { trim, loss: { t, b }, ...(labels ? { labels } : {}) });
  const mg = scan.margins;
  const tr = scan.trimmed!;
  const sep = separator(u, v);
  const sum = scan.lossSum!;
  return {
    N: scan.n,
    d: scan.d,
    ...(labels ? { classes: scan.k } : {}),
    mStar: mg.mStar,
    bStar: mg.bStar,
    minPos: mg.minPos,
    maxNeg: mg.maxNeg,
    meanPos: mg.meanPos,
    meanNeg: mg.meanNeg,
    mMean: mg.mMean,
    bMean: mg.bMean,
    mTrimmed: tr.mTrimmed,
    bTrimmed: tr.bTrimmed,
    constellation: mg.mStar > 0 && isConstellation(mg.mStar, mg.bStar, mg.mStar, mg.bStar),
    retrieval: { uToV: scan.retrieval.uToV, vToU: scan.retrieval.vToU },
    gap: { separable: sep.found, fraction: sep.fractionSeparated, margin: sep.margin },
    xi: xi(u, v, labels),
    loss: { t, b, sum, perAnchor: sum / scan.n, mean: sum / (scan.n * scan.k) },
  };
}
