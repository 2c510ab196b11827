import { describe, expect, it } from 'vitest';
import { ccemOptimum } from '../../../constructions/ccem.js';
import { trainFixedT } from '../../../src/experiments/bbnp25-fixed-t.js';
import { wendel } from '../../../src/experiments/bbnp25-locked.js';
import { runExperiment } from '../../../src/experiments/run.js';
import { solveSync } from '../../../src/solver/index.js';

const EPS = Number.EPSILON;

describe('lcs24-phase --quick', () => {
  it('s = mean G_ii matches the closed-form c1* in all three regimes, and no run beats the LCS24 minimum', async () => {
    const doc = await runExperiment('lcs24-phase', { quick: true });
    // The quick grid crosses all three regimes at N = 16 (antipodal, interior, ETF).
    expect(new Set(doc.rows.map((r) => r.regime))).toEqual(new Set(['etf', 'antipodal', 'interior']));
    // Bound: after the BB polish (gradient norm <= 1e-10 or 1000 iterations) the interior
    // deviation observed is ~2e-9; 1e-6 leaves 500x room and is far below the O(0.1) spacing of
    // c1* between grid points, so a wrong regime or a stuck run fails it.
    expect(doc.summary['max |s - c1*| (over all runs)']).toBeLessThan(1e-6);
    // L - f(c1*) >= 0 up to rounding: the per-anchor loss sums N^2 terms of size <= ~20, so the
    // rounding of L and of f is below N^2 * 20 * EPS with N = 16.
    expect(doc.summary['min L - f(c1*) (negative beyond rounding would refute LCS24)']).toBeGreaterThan(
      -(16 * 16 * 20 * EPS),
    );
  });
  it('ccemOptimum at the interior quick point is strictly inside (-1, 1)', () => {
    const o = ccemOptimum(16, 1.5, 1.5);
    expect(o.regime).toBe('interior');
    expect(o.c1).toBeGreaterThan(-1);
    expect(o.c1).toBeLessThan(1);
  });
});

describe("bbnp25-fixed-t: the stall is the clamp (b_rel held fixed, the authors' step)", () => {
  it('at t = 100 the exact log leaves no wrong-side pair; the 1e-8 clamp leaves many, each costing ln(1e8)/N^2', () => {
    const base = { n: 100, d: 10, t: 100, bRel: 0, steps: 300, lr: 1e-2, seed: 3 } as const;
    const exact = trainFixedT({ ...base, mode: 'exact' });
    const clamp = trainFixedT({ ...base, mode: 'clamp-f32' });
    expect(exact.wrong).toBe(0);
    expect(clamp.wrong).toBeGreaterThan(10);
    // Each stuck pair adds -ln(sigma + 1e-8) ~ ln(1e8) (sigma << 1e-8); the right-side pairs add
    // little: the printed loss is within 5% of the plateau count.
    const plateau = (clamp.wrong * Math.log(1e8)) / 1e4;
    expect(Math.abs(clamp.lossPrinted - plateau)).toBeLessThan(0.05 * plateau);
  });

  it('k = 4 at fixed (200, 0): the same stall, the printed pair-mean loss is stuck pairs x ln(1e8)/(N^2 x 6)', () => {
    // A smaller instance than the notebook's (N = 60, d = 8, 300 steps) with the same behaviour.
    const base = { n: 60, d: 8, t: 200, bRel: 0, steps: 300, lr: 1e-2, seed: 3, modalities: 4 } as const;
    const exact = trainFixedT({ ...base, mode: 'exact' });
    const clamp = trainFixedT({ ...base, mode: 'clamp-f32' });
    expect(exact.wrong).toBe(0);
    expect(clamp.wrong).toBeGreaterThan(100);
    const plateau = (clamp.wrong * Math.log(1e8)) / (60 * 60 * 6);
    expect(Math.abs(clamp.lossPrinted - plateau)).toBeLessThan(0.05 * plateau);
  });
});

describe('trainFixedT with k modalities: the pairs averaged, as the solver averages them', () => {
  it('k = 3 with the exact log follows the solver step for step from the same start', () => {
    // Two implementations of one update (pair losses averaged, mean normalisation, fixed t and
    // b_rel, the authors' step): the private trainer's loops and the solver's kernel, from the
    // same seeded start. They differ only in summation order (~1e-16 per entry); 40 Adam steps
    // amplify that by at most ~1/sqrt(v) ~ 1e4, so 1e-9 separates the same update from another
    // (e.g. one that sums instead of averaging the pairs, or drops a pair: O(1e-2) apart).
    const o = { n: 12, d: 4, t: 20, bRel: 0.1, steps: 40, lr: 1e-2, seed: 7 };
    const mine = trainFixedT({ ...o, mode: 'exact', modalities: 3 });
    const ref = solveSync({
      n: o.n,
      d: o.d,
      t0: o.t,
      bRel0: o.bRel,
      lr: o.lr,
      steps: o.steps,
      seed: o.seed,
      loss: 'rb-sig',
      trainT: false,
      trainBias: false,
      modalities: 3,
      graph: 'complete',
      normalization: 'mean',
      optimizer: 'projected-adam',
      starts: 1,
      threads: 1,
      kernel: 'js',
    });
    expect(Math.abs(mine.lossExact - ref.lossValue)).toBeLessThan(1e-9 * ref.lossValue);
    expect(Math.abs(mine.margin - ref.mStar)).toBeLessThan(1e-9);
  });
});

describe('bbnp25-locked closed form', () => {
  it('Wendel: 3 points on a circle lie in a half-circle w.p. 3/4; n <= d points always', () => {
    expect(wendel(3, 2)).toBeCloseTo(0.75, 15);
    expect(wendel(5, 5)).toBeCloseTo(1, 15);
    expect(wendel(99, 10)).toBeLessThan(1e-17);
  });
});

describe('retrieval-vs-eps --quick', () => {
  it('no retrieval error below eps/(2m*) = 1/2 (Cor. 1), and the error grows with eps', async () => {
    const doc = await runExperiment('retrieval-vs-eps', { quick: true });
    expect(doc.summary['runs with an error below ratio 1/2 (Cor. 1 violated)']).toBe(0);
    const err = doc.rows.map((r) => r.err as number);
    expect(err[0]).toBe(0);
    expect(err[err.length - 1]!).toBeGreaterThan(0.5);
    // random noise never does worse than the exact worst case
    for (const r of doc.rows) expect(r.err as number).toBeLessThanOrEqual(r.adv as number);
  });
});
