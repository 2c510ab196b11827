/**
 * min_i G_ii and max_{i != j} G_ij of the n x n cross-Gram block at `g` (row stride `ld`): the
 * extreme positive and negative similarities that m* and b* are made of.
 *
 * @remarks docs/theory.md §2 (BBNP25 eq. 2). Exact (comparisons only); an empty block gives
 * minPos = +Infinity, and n = 1 gives maxNeg = -Infinity. Kept free of imports so that the solver's
 * worker can call it without loading the pair scan.
 * @example gramExtremes(Float64Array.of(1, -0.5, -0.5, 1), 2).maxNeg === -0.5
 */
export function gramExtremes(g: Float64Array, n: number, ld = n): { minPos: number; maxNeg: number } {
  let minPos = Number.POSITIVE_INFINITY;
  let maxNeg = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const row = i * ld;
    for (let j = 0; j < n; j++) {
      const x = g[row + j]!;
      if (i === j) {
        if (x < minPos) minPos = x;
      } else if (x > maxNeg) maxNeg = x;
    }
  }
  return { minPos, maxNeg };
}
