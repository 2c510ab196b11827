/**
 * m*, b* from the extremes the kernel already tracks during its last step (no extra N^2 d pass);
 * src/geometry owns the measures of a stored configuration.
 */

/** m* = (min_i G_ii - max_{i!=j} G_ij) / 2 and b* = (min_i G_ii + max_{i!=j} G_ij) / 2 (BBNP25). */
export function marginOf(minPos: number, maxNeg: number): { mStar: number; bStar: number } {
  // N = 1 has no negatives: every margin is achievable, report the positive alone.
  if (maxNeg === -Infinity) return { mStar: Infinity, bStar: -Infinity };
  return { mStar: (minPos - maxNeg) / 2, bStar: (minPos + maxNeg) / 2 };
}
