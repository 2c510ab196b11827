/**
 * The capacity table the report draws: bounds on log10 of the largest number N of (m, b_rel)-
 * constellation pairs in R^d, lower and upper, against d, for chosen (m, b_rel).
 * @remarks docs/theory.md §2, capacity sandwich A(d-1, rho) <= N <= A(d, rho); the bounds are
 * those of `src/bounds/table.ts` (`forwardRow`): lower = covering bound on A(d-1, rho), upper =
 * the best finite-d bound on A(d, rho) (exact value, Levenshtein, or packing).
 */
import { forwardRow } from '../bounds/table.js';
import { PUBLISHED_SIGLIP_MODELS } from '../data/published-siglip.js';
import { formatSignificant } from '../numeric/format.js';
import type { AnalysisDoc } from './analysis.js';

/** One (m, b_rel) pair to draw; `d` marks a model's own dimension on its curve. */
export interface CapacityPair {
  readonly label: string;
  readonly m: number;
  readonly bRel: number;
  readonly d?: number;
}

/**
 * The default pairs: the three published SigLIP models (docs/theory.md §4) and the BBNP25
 * RB-Sig solver outcome for b0 = 0 (t ~ 51.6, b_rel ~ .506, margin ~ .24; docs/theory.md §3).
 */
export const DEFAULT_CAPACITY_PAIRS: readonly CapacityPair[] = [
  ...PUBLISHED_SIGLIP_MODELS.map(
    (p): CapacityPair => ({
      label: `SigLIP ${p.size} (m ${fourDigits(p.m)}, b_rel ${fourDigits(p.bRel)})`,
      m: p.m,
      bRel: p.bRel,
      d: p.d,
    }),
  ),
  { label: 'BBNP25 solver, RB-Sig b0 = 0 (m .24, b_rel .506)', m: 0.24, bRel: 0.506 },
];

/** A value in [0, 1) with four decimals and no leading zero: 0.068 -> '.0680'. */
function fourDigits(x: number): string {
  return x.toFixed(4).replace(/^0/, '');
}

/** Largest d drawn. */
export const CAPACITY_D_MAX = 1200;

/** The d grid: every d up to 20, then steps of about 4%, plus each pair's own d. */
export function capacityDims(pairs: readonly CapacityPair[], dMax: number = CAPACITY_D_MAX): number[] {
  const ds = new Set<number>();
  for (let d = 2; d <= dMax; d = d < 20 ? d + 1 : Math.round(d * 1.04)) ds.add(d);
  ds.add(dMax);
  for (const p of pairs) if (p.d !== undefined && p.d >= 2) ds.add(p.d);
  return [...ds].sort((a, b) => a - b);
}

/** One row of the capacity table. */
export interface CapacityRow {
  readonly pair: string;
  readonly m: number;
  readonly bRel: number;
  readonly rho: number;
  readonly d: number;
  readonly log10NLower: number | null;
  readonly log10NUpper: number | null;
  readonly upperKind: string | null;
}

/** Bounds on log10 N for every pair at every d of {@link capacityDims}. */
function capacityRows(pairs: readonly CapacityPair[]): CapacityRow[] {
  const rows: CapacityRow[] = [];
  const dims = capacityDims(pairs);
  for (const p of pairs) {
    for (const d of dims) {
      const r = forwardRow(d, p.m, p.bRel);
      rows.push({
        pair: p.label,
        m: p.m,
        bRel: p.bRel,
        rho: r.rho,
        d,
        log10NLower: r.log10NLower,
        log10NUpper: r.log10NUpper,
        upperKind: r.upperKind,
      });
    }
  }
  return rows;
}

/** The capacity table: the pairs drawn and their rows, or why the bounds could not be computed. */
export type CapacityTable =
  | { readonly pairs: readonly CapacityPair[]; readonly rows: readonly CapacityRow[]; readonly error: null }
  | { readonly pairs: readonly CapacityPair[]; readonly rows: readonly []; readonly error: string };

/**
 * The capacity table of `pairs`. If the bounds module fails (it is maintained separately), the
 * table carries no rows and the reason, never made-up numbers.
 */
export function buildCapacityTable(pairs: readonly CapacityPair[] = DEFAULT_CAPACITY_PAIRS): CapacityTable {
  try {
    return { pairs, rows: capacityRows(pairs), error: null };
  } catch (e) {
    return { pairs, rows: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The analysed embeddings' capacity pair: (m*, b*) when m* > 0, else the mean-based one; null if
 * out of range.
 */
export function analysisCapacityPair(a: AnalysisDoc): CapacityPair | null {
  const exact = a.mStar > 0;
  const m = exact ? a.mStar : a.mMean;
  const bRel = exact ? a.bStar : a.bMean;
  if (!(m > 0 && m <= 1 && bRel >= -1 && bRel <= 1 && a.d >= 2)) return null;
  const name = exact ? 'm*, b*' : 'm_mean, b_mean';
  return {
    label: `analysed (${name} = ${formatSignificant(m, 3)}, ${formatSignificant(bRel, 3)})`,
    m,
    bRel,
    d: a.d,
  };
}
