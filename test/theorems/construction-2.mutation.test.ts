import { describe, expect, it } from 'vitest';
import { construction2Predicted } from '../../constructions/construction-2.js';
import { CODES, construction2Tolerance, measureConstruction2 } from '../../theorems/construction-2.js';

describe('measureConstruction2 by hand', () => {
  const cp = () => {
    const i = CODES.findIndex(([f, p]) => f === 'cross-polytope' && p === 4);
    expect(i).toBeGreaterThanOrEqual(0);
    return i;
  };

  it('cross-polytope of R^4, k = 3, delta 0.6: every pair (0.18, -0.14); the worst pair is reported', () => {
    // delta^2 = 0.36: m = 0.36/2, b = 0.36/2 - 0.64/2
    const r = measureConstruction2({ code: cp(), k: 3, delta: 0.6, seed: 1 }, construction2Predicted);
    expect(r.slack).toBeGreaterThanOrEqual(0);
    expect(r.detail.measured.m).toBeCloseTo(0.18, 14);
    expect(r.detail.measured.b).toBeCloseTo(-0.14, 14);
    expect(r.detail.difference).toBeLessThanOrEqual(r.detail.tolerance);
    const [a, b] = r.detail.worstPair;
    expect(a).not.toBe(b);
  });

  it('a b formula off by 0.01 for one k only is caught: slack tol - 0.01', () => {
    const wrong = (rho: number, k: number, delta: number) => {
      const p = construction2Predicted(rho, k, delta);
      return { m: p.m, b: p.b + (k === 4 ? 0.01 : 0) };
    };
    const r = measureConstruction2({ code: cp(), k: 4, delta: 0.6, seed: 1 }, wrong);
    expect(r.slack).toBeCloseTo(construction2Tolerance(4 + 3) - 0.01, 13);
    expect(
      measureConstruction2({ code: cp(), k: 3, delta: 0.6, seed: 1 }, wrong).slack,
    ).toBeGreaterThanOrEqual(0);
    // a NaN prediction is a miss, not a pass
    const nan = measureConstruction2({ code: cp(), k: 2, delta: 0.6, seed: 1 }, () => ({
      m: Number.NaN,
      b: 0,
    }));
    expect(nan.slack).toBe(Number.NEGATIVE_INFINITY);
  });
});
