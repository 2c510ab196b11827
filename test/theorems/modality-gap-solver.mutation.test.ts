import { describe, expect, it } from 'vitest';
import { deriveSeed } from '../../src/numeric/float/rng.js';
import { solveSync } from '../../src/solver/index.js';
import { check, SOLVER_RUNS, SOLVER_STEPS } from '../../theorems/modality-gap.js';

/** min_i G_ii > 0 > max_{i != j} G_ij, by plain loops over the solver's output. */
function hypothesisHolds(u: Float64Array, v: Float64Array, n: number, d: number): boolean {
  let minPos = Number.POSITIVE_INFINITY;
  let maxNeg = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[i * d + k]! * v[j * d + k]!;
      if (i === j) minPos = Math.min(minPos, s);
      else maxNeg = Math.max(maxNeg, s);
    }
  return minPos > 0 && maxNeg < 0;
}

describe('modality-gap: the solver cases counted as applied are those that meet G_ii > 0 > G_ij', () => {
  it('recounted from the same solver runs (RB-Sig, b_rel = 0, d = 3 + k, N = 4d + 4)', async () => {
    const ctx = { seed: 42, globalSeed: 42, runs: 2 };
    const out = await check(ctx, 'modality-gap', (d) => d + 2, true);
    expect(out.status).toBe('holds');
    let met = 0;
    for (let k = 0; k < SOLVER_RUNS; k++) {
      const d = 3 + k;
      const n = 4 * d + 4;
      const s = solveSync({
        n,
        d,
        loss: 'rb-sig',
        bRel0: 0,
        trainBias: false,
        steps: SOLVER_STEPS,
        seed: deriveSeed(ctx.seed, `solver:${k}`),
        threads: 1,
      });
      if (hypothesisHolds(s.u.data, s.v.data, n, d)) met++;
    }
    const det = out.evidence?.details as { solverApplied: number; solverRuns: number };
    expect(det.solverRuns).toBe(SOLVER_RUNS);
    expect(det.solverApplied).toBe(met);
    // at this seed the runs split (so that a flipped test would change the count)
    expect(met).toBeGreaterThan(0);
    expect(met).not.toBe(SOLVER_RUNS - met);
  });
});

describe('modality-gap: the property cases counted as applied', () => {
  it('the pinned example alone (no random runs) is not counted: the simplex U = V of 6 points in R^5 has N = d + 1 < d + 2', async () => {
    const out = await check({ seed: 3, globalSeed: 42, runs: 0 }, 'modality-gap', (d) => d + 2, false);
    expect(out.status).toBe('holds');
    const details = out.evidence?.details as { applied: number } | undefined;
    expect(details?.applied).toBe(0);
  });
});

describe('modality-gap: a solver case as the evidence names the run that replays it', () => {
  it('the vacuous pinned example alone: the worst case is a solver output, with its size, seed, steps and loss', async () => {
    const ctx = { seed: 42, globalSeed: 42, runs: 0 };
    const out = await check(ctx, 'modality-gap', (d) => d + 2, true);
    expect(out.status).toBe('holds');
    const at = (out.evidence!.at as { solver: Record<string, number | string> }).solver;
    const d = at.d as number;
    const k = d - 3;
    expect(k).toBeGreaterThanOrEqual(0);
    expect(k).toBeLessThan(SOLVER_RUNS);
    expect(at).toStrictEqual({
      n: 4 * d + 4,
      d,
      seed: deriveSeed(ctx.seed, `solver:${k}`),
      steps: SOLVER_STEPS,
      loss: 'rb-sig',
      bRel: 0,
    });
    // the evidence row is that run's measurement: the same seed and size, and its slack is the worst
    const row = out.evidence?.details as Record<string, number>;
    expect([row.seed, row.n, row.d, row.steps]).toEqual([at.seed, 4 * d + 4, d, SOLVER_STEPS]);
    expect(row.slack).toBe(out.evidence!.worstSlack);
  });
});
