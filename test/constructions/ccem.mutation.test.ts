import { describe, expect, it } from 'vitest';
import {
  buildCcem,
  c2OfC1,
  ccemC1,
  ccemC2,
  ccemInteriorRoot,
  ccemLogDerivativeRatio,
  logSigmoidDifference,
  ccemLoss,
  ccemLossDerivative,
  ccemOptimum,
  ccemRegime,
  ccemThresholds,
  deltaOfC1,
} from '../../constructions/ccem.js';
import { ccemRegimeCertified } from '../../constructions/ccem-regime.js';
import { crossPolytope } from '../../constructions/cross-polytope.js';
import { simplexEtf } from '../../constructions/simplex-etf.js';
import type { Matrix } from '../../src/numeric/float/vectors.js';

// Closed forms (docs/theory.md §1): on CCEM(delta), c1 = (1 - delta^2)/(1 + delta^2),
// c2 = -(1/(N-1) + delta^2)/(1 + delta^2); f(x) = softplus(b - t x) + (N-1) softplus(t c2(x) - b).
const EPS = Number.EPSILON;
const dot = (a: Matrix, i: number, b: Matrix, j: number): number => {
  let s = 0;
  for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k]! * b.data[j * b.cols + k]!;
  return s;
};
function near(got: number, want: number, tol: number, what: string): void {
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}, tol ${tol}`).toBeLessThanOrEqual(tol);
}
const sp = (z: number): number => Math.log1p(Math.exp(z)); // |z| < 30 here

describe('buildCcem: Gram entries c1, c2 and unit rows, both sides of delta = 1 and at the ends', () => {
  it('delta = 0.5, 2, 1e200: <U_i, V_i> = c1, <U_i, V_j> = c2, |U_i| = |V_i| = 1', () => {
    const n = 5;
    for (const delta of [0, 0.5, 2, 1e200]) {
      const { u, v } = buildCcem(n, 6, delta);
      const c1 = delta === 1e200 ? -1 : (1 - delta * delta) / (1 + delta * delta);
      const c2 = delta === 1e200 ? -1 : -(1 / (n - 1) + delta * delta) / (1 + delta * delta);
      for (let i = 0; i < n; i++) {
        near(dot(u, i, u, i), 1, 8 * EPS, `|U_${i}|^2 at delta ${delta}`);
        near(dot(v, i, v, i), 1, 8 * EPS, `|V_${i}|^2 at delta ${delta}`);
        for (let j = 0; j < n; j++)
          near(dot(u, i, v, j), i === j ? c1 : c2, 8 * EPS, `G_${i}${j} at delta ${delta}`);
      }
    }
  });

  it('delta = 1e170 (delta^2 overflows): the ETF part is w_i / delta, not 0', () => {
    const w = simplexEtf(4, 4);
    const { u, v } = buildCcem(4, 5, 1e170);
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 4; k++) {
        const want = w.data[i * 4 + k]! / 1e170;
        near(u.data[i * 5 + k]!, want, 4 * EPS * Math.abs(want), `U_${i}${k}`);
        near(v.data[i * 5 + k]!, want, 4 * EPS * Math.abs(want), `V_${i}${k}`);
      }
      expect([u.data[i * 5 + 4], v.data[i * 5 + 4]]).toEqual([1, -1]);
    }
  });

  it('delta = Infinity: every U_i = e_d, V_i = -e_d; d < N and delta < 0 are refused', () => {
    const { u, v } = buildCcem(3, 4, Infinity);
    expect(Array.from(u.data)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(v.data)).toEqual([0, 0, 0, -1, 0, 0, 0, -1, 0, 0, 0, -1]);
    expect(() => buildCcem(5, 4, 1)).toThrow(RangeError);
    expect(() => buildCcem(5, 5, -0.1)).toThrow(RangeError);
    expect(() => buildCcem(5, 5, Number.NaN)).toThrow(RangeError);
    expect(() => buildCcem(5, 5, 0)).not.toThrow();
  });
});

describe('c1, c2 and delta along CCEM', () => {
  it('closed forms at delta = 0, 1, 2 and Infinity; c2 is affine in c1', () => {
    expect([ccemC1(0), ccemC1(1), ccemC1(Infinity)]).toEqual([1, 0, -1]);
    near(ccemC1(2), -0.6, EPS, 'c1(2)');
    expect([ccemC2(5, 0), ccemC2(5, 1), ccemC2(5, Infinity)]).toEqual([-0.25, -0.625, -1]);
    expect([c2OfC1(5, 1), c2OfC1(5, -1), c2OfC1(5, 0)]).toEqual([-0.25, -1, -0.625]);
    for (const delta of [0.3, 1.7])
      near(c2OfC1(7, ccemC1(delta)), ccemC2(7, delta), 4 * EPS, `c2 at ${delta}`);
    expect([deltaOfC1(-1), deltaOfC1(-2), deltaOfC1(0), deltaOfC1(1)]).toEqual([Infinity, Infinity, 1, 0]);
    near(deltaOfC1(0.6), 0.5, EPS, 'delta(0.6)');
  });

  it('ccemLoss by hand at N = 5, t = 2, b = 1, x = 1/2: ln 2 + 4 softplus(-1.875)', () => {
    near(ccemLoss(5, 2, 1, 0.5), Math.LN2 + 4 * sp(-1.875), 4 * EPS, 'f(1/2)');
  });

  it("ccemLossDerivative is f' (central differences, h = 1e-5: error below 1e-9)", () => {
    for (const [n, t, b, x] of [
      [5, 2, 1, 0.5],
      [8, 1.3, -0.4, -0.7],
      [3, 0.7, 2, 0.1],
    ] as const) {
      const h = 1e-5;
      const fd = (ccemLoss(n, t, b, x + h) - ccemLoss(n, t, b, x - h)) / (2 * h);
      near(ccemLossDerivative(n, t, b, x), fd, 1e-9, `f'(${x}) at N ${n}, t ${t}, b ${b}`);
    }
  });

  it('ccemLogDerivativeRatio = ln((N-2)/2) + ln sigma(t c2 - b) - ln sigma(b - t x), at x = e (1 - y)', () => {
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    for (const [n, t, b, e, y] of [
      [5, 2, 1, 1, 0.25],
      [8, 1.3, -0.4, -1, 0.5],
      [6, 0.9, 0.3, 1, 1],
      [6, 0.9, 0.3, -1, 0],
    ] as const) {
      const x = e * (1 - y);
      const want = Math.log((n - 2) / 2) + Math.log(sig(t * c2OfC1(n, x) - b)) - Math.log(sig(b - t * x));
      near(
        ccemLogDerivativeRatio(n, t, b, e, y),
        want,
        16 * EPS * (1 + Math.abs(want)),
        `g at N ${n}, e ${e}, y ${y}`,
      );
    }
  });

  it('logSigmoidDifference far apart (|a - b| = 800): ln sigma(-800) - ln sigma(0) = -800 + ln 2, and its negative', () => {
    // e^-800 underflows: ln sigma(-800) = -800 - ln(1 + e^-800) is -800 to the last bit
    expect(logSigmoidDifference(-800, 0)).toBe(-800 + Math.LN2);
    expect(logSigmoidDifference(0, -800)).toBe(800 - Math.LN2);
  });
});

describe('thresholds, regimes and the optimum', () => {
  it('T_ETF = ((N-1)/N) ln(N-3), T_ANTI = ln((N-2)/2)/2, at N = 3, 4 too', () => {
    // N = 3: ETF iff 1 + e^{3t/2} >= 1 (every t), antipodal iff 2t <= ln(1/2); N = 4: both at t = 0
    expect(ccemThresholds(3)).toEqual({ etf: Number.NEGATIVE_INFINITY, antipodal: -Math.LN2 / 2 });
    expect(ccemThresholds(4)).toEqual({ etf: 0, antipodal: 0 });
    const t5 = ccemThresholds(5);
    near(t5.etf, 0.8 * Math.LN2, 2 * EPS, 'etf(5)');
    near(t5.antipodal, 0.5 * Math.log(1.5), 2 * EPS, 'anti(5)');
    near(ccemThresholds(8).etf, (7 / 8) * Math.log(5), 2 * EPS, 'etf(8)');
  });

  it('N = 8 on t = b: ETF above 7/8 ln 5 = 1.408, antipodal below ln 3 / 2 = 0.549, interior between', () => {
    expect(ccemRegime(8, 2, 2)).toBe('etf');
    expect(ccemRegime(8, 0.3, 0.3)).toBe('antipodal');
    expect(ccemRegime(8, 1, 1)).toBe('interior');
    expect(ccemRegime(8, 1.41, 1.41)).toBe('etf');
    expect(ccemRegime(8, 1.4, 1.4)).toBe('interior');
    expect(ccemRegime(8, 0.55, 0.55)).toBe('interior');
    expect(ccemRegime(8, 0.54, 0.54)).toBe('antipodal');
  });

  it("N = 4: f'(1) = 0 exactly at t = 3b is ETF; t + b = 0 is antipodal", () => {
    expect(ccemRegime(4, 3, 1)).toBe('etf');
    expect(ccemRegimeCertified(4, '3', '1')).toEqual({ regime: 'etf', digits: 0 });
    expect(ccemRegime(4, 3.0000001, 1)).toBe('interior');
    expect(ccemRegime(4, 1, -1)).toBe('antipodal');
    expect(ccemRegime(4, 1, -0.9999999)).toBe('interior');
  });

  it("the optimum: its fields in each regime, and f'(c1*) = 0 inside", () => {
    const etf = ccemOptimum(8, 2, 2);
    expect(etf).toMatchObject({ regime: 'etf', c1: 1, oneMinusC1: 0, delta: 0 });
    near(etf.c2, -1 / 7, EPS, 'c2 at the ETF');
    near(etf.loss, ccemLoss(8, 2, 2, 1), 4 * EPS, 'loss at the ETF');
    near(etf.log10Loss, Math.log10(etf.loss), 8 * EPS, 'log10 loss at the ETF');
    const anti = ccemOptimum(8, 0.3, 0.3);
    expect(anti).toMatchObject({ regime: 'antipodal', c1: -1, oneMinusC1: 2, c2: -1, delta: Infinity });
    near(anti.loss, ccemLoss(8, 0.3, 0.3, -1), 4 * EPS, 'loss antipodal');
    for (const [t, b] of [
      [1, 1],
      [1.2, 0.2],
    ] as const) {
      const o = ccemOptimum(8, t, b);
      expect(o.regime).toBe('interior');
      near(ccemLossDerivative(8, t, b, o.c1), 0, 1e-12, `f'(c1*) at t ${t}, b ${b}`);
      near(o.oneMinusC1, 1 - o.c1, 2 * EPS, '1 - c1');
      near(o.c2, c2OfC1(8, o.c1), 4 * EPS, 'c2');
      near(o.delta, deltaOfC1(o.c1), 1e-12, 'delta');
      near(o.loss, ccemLoss(8, t, b, o.c1), 8 * EPS, 'loss');
      near(o.log10Loss, Math.log10(o.loss), 16 * EPS, 'log10 loss');
      const r = ccemInteriorRoot(8, t, b);
      expect(r.e * (1 - r.y)).toBe(o.c1);
    }
  });

  it("the interior root lies on the side of the sign of f'(0): e = +1 when f'(0) < 0", () => {
    // N = 8, t = b = 1: f'(0) = -sigma(1) + 3 sigma(-1/7 - 1) < 0, so the root is at positive c1
    expect(ccemLossDerivative(8, 1, 1, 0)).toBeLessThan(0);
    expect(ccemInteriorRoot(8, 1, 1).e).toBe(1);
    // N = 8, t = 3, b = -1: f'(0) = 3 (-sigma(-1) + 3 sigma(1 - 3/7)) > 0, t + b = 2 > ln 3: the root at negative c1
    expect(ccemLossDerivative(8, 3, -1, 0)).toBeGreaterThan(0);
    expect(ccemRegime(8, 3, -1)).toBe('interior');
    expect(ccemInteriorRoot(8, 3, -1).e).toBe(-1);
    const o = ccemOptimum(8, 3, -1);
    expect(o.c1).toBeLessThan(0);
    near(o.oneMinusC1, 1 - o.c1, 2 * EPS, '1 - c1 on the negative side');
    near(o.delta, deltaOfC1(o.c1), 1e-12, 'delta on the negative side');
    near(o.c2, c2OfC1(8, o.c1), 4 * EPS, 'c2 on the negative side');
  });
});

describe('simplex ETF and cross-polytope', () => {
  it('simplex ETF rows: unit, pairwise -1/(N-1), sum zero; padding columns stay zero', () => {
    for (const [n, cols] of [
      [2, 1],
      [5, 4],
      [6, 8],
    ] as const) {
      const w = simplexEtf(n, cols);
      expect([w.rows, w.cols]).toEqual([n, cols]);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          near(dot(w, i, w, j), i === j ? 1 : -1 / (n - 1), 8 * EPS, `W_${i}${j}, N ${n}`);
      for (let k = n - 1; k < cols; k++) for (let i = 0; i < n; i++) expect(w.data[i * cols + k]).toBe(0);
    }
    expect(simplexEtf(4).cols).toBe(3);
    expect(() => simplexEtf(1)).toThrow(RangeError);
    expect(() => simplexEtf(2.5)).toThrow(RangeError);
    expect(() => simplexEtf(5, 3)).toThrow(RangeError);
  });

  it('cross-polytope: +-e_k in rows 2k, 2k + 1', () => {
    const x = crossPolytope(2, 3);
    expect([x.rows, x.cols]).toEqual([4, 3]);
    expect(Array.from(x.data)).toEqual([1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0]);
    expect(crossPolytope(3).cols).toBe(3);
    expect(() => crossPolytope(0)).toThrow(RangeError);
    expect(() => crossPolytope(1.5)).toThrow(RangeError);
    expect(() => crossPolytope(3, 2)).toThrow(RangeError);
  });
});
