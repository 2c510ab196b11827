/**
 * Private measures of a configuration used by the solver's result (m*, b*, xi). src/geometry owns
 * the public versions; these small twins keep the solver independent of it until they are merged.
 */

/** m* = (min_i G_ii - max_{i!=j} G_ij) / 2 and b* = (min_i G_ii + max_{i!=j} G_ij) / 2 (BBNP25). */
export function marginOf(minPos: number, maxNeg: number): { mStar: number; bStar: number } {
  // N = 1 has no negatives: every margin is achievable, report the positive alone.
  if (maxNeg === -Infinity) return { mStar: Infinity, bStar: -Infinity };
  return { mStar: (minPos - maxNeg) / 2, bStar: (minPos + maxNeg) / 2 };
}

/** min_i G_ii and max_{i != j} G_ij of two N x d configurations (plain loops). */
export function extremesOf(
  u: Float64Array,
  v: Float64Array,
  n: number,
  d: number,
): { minPos: number; maxNeg: number } {
  let minPos = Infinity;
  let maxNeg = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[i * d + k]! * v[j * d + k]!;
      if (i === j) minPos = Math.min(minPos, s);
      else maxNeg = Math.max(maxNeg, s);
    }
  }
  return { minPos, maxNeg };
}

/**
 * xi = mean_i ||U_i - V_i|| - ||mean_i (U_i - V_i)|| >= 0 (BBNP25 authors' code); zero iff all
 * differences are positively parallel (Construction-1 type).
 */
export function xiOf(u: Float64Array, v: Float64Array, n: number, d: number): number {
  const mean = new Float64Array(d);
  let norms = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = u[i * d + k]! - v[i * d + k]!;
      mean[k]! += x;
      s += x * x;
    }
    norms += Math.sqrt(s);
  }
  let m = 0;
  for (let k = 0; k < d; k++) m += (mean[k]! / n) ** 2;
  return Math.max(0, norms / n - Math.sqrt(m));
}
