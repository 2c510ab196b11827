/**
 * The LCS24 phase diagram's data: the optimal positive cosine c1* of the CCEM problem over (N, t)
 * on the diagonal t = b, and the two threshold curves T_ETF(N) and T_ANTI(N).
 * @remarks LCS24 optimality and threshold theorems; docs/theory.md §1.
 */
import { ccemOptimum, ccemThresholds } from '../../constructions/ccem.js';

/** Grid of the phase diagram. */
export interface PhaseGrid {
  /** Smallest and largest N (integers, N >= 5 so that both thresholds exist). @defaultValue 5, 60 */
  readonly nMin: number;
  readonly nMax: number;
  /** t runs over dt, 2 dt, ..., tMax (t = b). @defaultValue 5 */
  readonly tMax: number;
  /** @defaultValue 0.05 */
  readonly dt: number;
}

/** The default grid: N in [5, 60], t in (0, 5] by 0.05 (5600 cells). */
export const DEFAULT_PHASE_GRID: PhaseGrid = { nMin: 5, nMax: 60, tMax: 5, dt: 0.05 };

/** One cell: N, t (= b), c1* and the regime. */
export interface PhaseCell {
  readonly N: number;
  readonly t: number;
  readonly c1: number;
  readonly regime: 'etf' | 'interior' | 'antipodal';
}

/** One point of a threshold curve. */
export interface ThresholdPoint {
  readonly N: number;
  readonly curve: 'T_ETF' | 'T_ANTI';
  readonly t: number;
}

/** The phase diagram's data: the grid, c1* on it, and the threshold curves. */
export interface PhaseDiagram {
  readonly grid: PhaseGrid;
  readonly cells: readonly PhaseCell[];
  readonly thresholds: readonly ThresholdPoint[];
}

/**
 * c1*(N, t) with t = b on the grid, by {@link ccemOptimum}, and both threshold curves at every N.
 * @example buildPhaseDiagram({ nMin: 8, nMax: 8, tMax: 5, dt: 5 }).cells[0].regime === 'etf'
 */
export function buildPhaseDiagram(grid: PhaseGrid = DEFAULT_PHASE_GRID): PhaseDiagram {
  const cells: PhaseCell[] = [];
  const thresholds: ThresholdPoint[] = [];
  const steps = Math.round(grid.tMax / grid.dt);
  for (let n = grid.nMin; n <= grid.nMax; n++) {
    for (let k = 1; k <= steps; k++) {
      const t = Number((k * grid.dt).toFixed(10));
      const o = ccemOptimum(n, t, t);
      cells.push({ N: n, t, c1: o.c1, regime: o.regime });
    }
    const th = ccemThresholds(n);
    thresholds.push({ N: n, curve: 'T_ETF', t: th.etf }, { N: n, curve: 'T_ANTI', t: th.antipodal });
  }
  return { grid, cells, thresholds };
}
