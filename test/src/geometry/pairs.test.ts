import { describe, expect, it } from 'vitest';
import { scanPairs } from '../../../src/geometry/pairs.js';
import { UNIT_ROUNDOFF } from '../../../src/numeric/float/ulp.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';
import { ccemRows, naiveScan, randomPairs, refQuantile } from './reference.js';

/** Higham gamma_n in float64. */
const gamma = (n: number) => (n * UNIT_ROUNDOFF) / (1 - n * UNIT_ROUNDOFF);

describe('scanPairs against the naive full-Gram reference', () => {
  // Shapes straddle the 4 x 4 tile and the 64 x 64 block so every edge path runs.
  const shapes: [number, number, number][] = [
    [2, 1, 1],
    [5, 3, 11],
    [67, 9, 12],
    [131, 7, 13],
    [130, 16, 14],
  ];
  for (const [n, d, seed] of shapes) {
    it(`N=${n}, d=${d}: extremes and retrieval are bit-identical, means and loss within gamma_n bounds`, () => {
      const { u, v } = randomPairs(n, d, seed);
      const loss = { t: 10, b: 10 };
      const got = scanPairs(u, v, { loss });
      const ref = naiveScan(u, v, undefined, loss);
      // gramBlock sums each entry in the same order as crossGram: identical doubles.
      expect(got.margins.minPos).toBe(ref.minPos);
      expect(got.margins.maxNeg).toBe(ref.maxNeg);
      expect(got.margins.mStar).toBe((ref.minPos - ref.maxNeg) / 2);
      expect(got.retrieval.uCorrect).toBe(ref.uCorrect);
      expect(got.retrieval.vCorrect).toBe(ref.vCorrect);
      // Sums in a different order: both within gamma_count * sum|x| of the exact sum.
      const tolNeg = (2 * gamma(ref.neg.length) * ref.sumAbsNeg) / ref.neg.length;
      const diffNeg = Math.abs(got.margins.meanNeg - ref.meanNeg);
      expect(
        diffNeg,
        `meanNeg ${got.margins.meanNeg} vs ${ref.meanNeg}, diff ${diffNeg}, tol ${tolNeg}`,
      ).toBeLessThanOrEqual(tolNeg);
      const tolPos = (2 * gamma(ref.pos.length) * ref.sumAbsPos) / ref.pos.length;
      expect(Math.abs(got.margins.meanPos - ref.meanPos)).toBeLessThanOrEqual(tolPos);
      const tolLoss = 2 * gamma(n * n) * ref.lossSum;
      const diffLoss = Math.abs(got.lossSum! - ref.lossSum);
      expect(
        diffLoss,
        `loss ${got.lossSum} vs ${ref.lossSum}, diff ${diffLoss}, tol ${tolLoss}`,
      ).toBeLessThanOrEqual(tolLoss);
    });
  }

  it('with labels (many U per V): margins and retrieval match the reference', () => {
    const { u, v } = randomPairs(97, 5, 21, 7);
    const labels = Array.from({ length: 97 }, (_, i) => (i * 5) % 7);
    const got = scanPairs(u, v, { labels });
    const ref = naiveScan(u, v, labels);
    expect(got.k).toBe(7);
    expect(got.margins.minPos).toBe(ref.minPos);
    expect(got.margins.maxNeg).toBe(ref.maxNeg);
    expect(got.retrieval.uCorrect).toBe(ref.uCorrect);
    expect(got.retrieval.vCorrect).toBe(ref.vCorrect);
  });
});

describe('exact trimmed margins', () => {
  const cases: { name: string; cap?: number }[] = [
    { name: 'all negatives held (one pass)' },
    { name: 'pilot window (cap below the negative count)', cap: 2000 },
    { name: 'window overflow: histogram and refine passes', cap: 16 },
  ];
  for (const c of cases) {
    it(`${c.name}: equals numpy-linear quantiles of the sorted full lists`, () => {
      const { u, v } = randomPairs(150, 6, 31);
      const trim = 0.05;
      const got = scanPairs(u, v, { trim, ...(c.cap !== undefined ? { collectCap: c.cap } : {}) }).trimmed!;
      const ref = naiveScan(u, v);
      const negQ = refQuantile(ref.neg, 1 - trim);
      const posQ = refQuantile(ref.pos, trim);
      // Same two order statistics; only the interpolation formula differs (1 rounding each side).
      const tol = 4 * UNIT_ROUNDOFF * Math.max(Math.abs(negQ), Math.abs(posQ));
      expect(
        Math.abs(got.negQuantile - negQ),
        `neg ${got.negQuantile} vs ${negQ}, tol ${tol}`,
      ).toBeLessThanOrEqual(tol);
      expect(
        Math.abs(got.posQuantile - posQ),
        `pos ${got.posQuantile} vs ${posQ}, tol ${tol}`,
      ).toBeLessThanOrEqual(tol);
      if (c.cap === 16) expect(got.passes).toBeGreaterThan(1);
    });
  }

  it('all negatives equal: the refine passes stop on a one-value interval', () => {
    const u = fromRows([
      [1, 0],
      [0, 1],
      [0.6, 0.8],
    ]);
    const v = fromRows([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const got = scanPairs(u, v, { trim: 0.1, collectCap: 2 }).trimmed!;
    expect(got.negQuantile).toBe(0);
  });
});

describe('hand-built constellations (CCEM, LCS24) recover m*, b* from the closed form', () => {
  for (const [n, delta] of [
    [3, 0],
    [5, 0.5],
    [10, 2],
    [70, 0.3],
  ] as const) {
    it(`N=${n}, delta=${delta}: m* = (c1 - c2)/2, b* = (c1 + c2)/2 within (d + 4) u`, () => {
      const c = ccemRows(n, delta);
      const got = scanPairs(fromRows(c.u), fromRows(c.v)).margins;
      // Each coordinate is rounded once or twice (relative u each), each G entry is a (d)-term
      // dot product of unit vectors: |error| <= gamma_d + 4u; m*, b* halve a sum of two entries.
      const d = n + 1;
      const tol = gamma(d) + 4 * UNIT_ROUNDOFF;
      const mExp = (c.c1 - c.c2) / 2;
      const bExp = (c.c1 + c.c2) / 2;
      expect(Math.abs(got.mStar - mExp), `m* ${got.mStar} vs ${mExp}, tol ${tol}`).toBeLessThanOrEqual(tol);
      expect(Math.abs(got.bStar - bExp), `b* ${got.bStar} vs ${bExp}, tol ${tol}`).toBeLessThanOrEqual(tol);
      expect(Math.abs(got.mMean - mExp)).toBeLessThanOrEqual(tol);
    });
  }
});

describe('boundary validation', () => {
  it('refuses shape mismatch, bad labels and bad trim with one line naming the problem', () => {
    const { u, v } = randomPairs(4, 3, 1);
    const w = randomPairs(5, 3, 2).u;
    expect(() => scanPairs(u, w)).toThrow(/U has 4 rows but V has 5/);
    expect(() => scanPairs(u, v, { labels: [0, 1, 2, 4] })).toThrow(/label 4 of row 3 is out of range/);
    expect(() => scanPairs(u, v, { trim: 0.5 })).toThrow(/trim must be in/);
  });
});
