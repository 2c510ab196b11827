import { describe, expect, it } from 'vitest';
import { analysisLoss } from '../../../src/documents/analysis.js';
import { margins } from '../../../src/geometry/margins.js';
import { sigmoidLossLog10 } from '../../../src/loss/sigmoid.js';
import { evaluateGates, type GateInput, parseRequirement } from '../../../src/siglip/gates.js';

// Three unit pairs in R^3 with G_ii = 0.8 and G_ij in {0, 0.6}: with 0.6 t < b < 0.8 t and t >= 3e4
// every term underflows.
const r = Math.sqrt(0.36);
const u = { rows: 3, cols: 3, data: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]) };
const v = { rows: 3, cols: 3, data: Float64Array.from([0.8, r, 0, 0, 0.8, r, r, 0, 0.8]) };

describe('analysisLoss', () => {
  it('keeps the sums where float64 holds them', () => {
    const l = analysisLoss(10, 10, 6, 3, 3, 0.8, 0.6);
    expect([l.sum, l.perAnchor, l.mean, l.log10SumBounds]).toEqual([6, 2, 6 / 9, undefined]);
  });

  it('encloses log10 of an underflowed sum; the log-space loss of the loss command lies inside', () => {
    const mg = margins(u, v);
    for (const [t, b] of [
      [1e5, 7e4],
      [1e6, 6.5e5],
      [3e4, 3e4 * 0.75],
    ] as const) {
      const l = analysisLoss(t, b, 0, 3, 3, mg.minPos, mg.maxNeg);
      expect(l.sum).toBeNull();
      const [lo, hi] = l.log10SumBounds!;
      // an independent route: log-sum-exp over the nine logits, in log space
      const exact = sigmoidLossLog10(u, v, t, b, 'sum');
      expect(exact).toBeGreaterThanOrEqual(lo);
      expect(exact).toBeLessThanOrEqual(hi);
      // the enclosure is log10(N K) wide plus twice the stated slack 2^-50 (t + |b| + |z_max| + 1)
      expect(hi - lo).toBeLessThanOrEqual(
        Math.log10(9) + (2 * 2 ** -50 * (3 * (t + Math.abs(b)) + 1)) / Math.LN10,
      );
    }
  });

  it('a loss gate on an underflowed loss is decided by its enclosure, or fails as undecided', () => {
    const mg = margins(u, v);
    const loss = analysisLoss(1e5, 7e4, 0, 3, 3, mg.minPos, mg.maxNeg);
    const input: GateInput = {
      N: 3,
      mStar: mg.mStar,
      bStar: mg.bStar,
      mMean: mg.mMean,
      mTrimmed: mg.mStar,
      constellation: true,
      retrieval: { uToV: 1, vToU: 1 },
      gap: { separable: true },
      xi: 0,
      loss,
    };
    const [lo, hi] = loss.log10SumBounds!.map((x) => x - Math.log10(3)) as [number, number];
    const gate = (text: string) => evaluateGates([parseRequirement(text)], input)[0]!;
    expect(gate(`loss<=1e${Math.ceil(hi)}`).passed).toBe(true);
    expect(gate(`loss>=1e${Math.floor(lo)}`).passed).toBe(true);
    expect(gate(`loss<=1e${Math.floor(lo) - 1}`).passed).toBe(false);
    const e = Math.floor((lo + hi) / 2);
    const mid = gate(`loss<=${(10 ** ((lo + hi) / 2 - e)).toFixed(3)}e${e}`);
    expect(mid.passed).toBe(false);
    expect(mid.message).toMatch(/undecided/);
    const midUp = gate(`loss>=${(10 ** ((lo + hi) / 2 - e)).toFixed(3)}e${e}`);
    expect(midUp.passed).toBe(false);
    expect(midUp.message).toMatch(/undecided/);
  });
});
