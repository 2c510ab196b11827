import { describe, expect, it } from 'vitest';
import { logBestUpper } from '../../src/bounds/levenshtein.js';
import type { Matrix } from '../../src/numeric/float/vectors.js';
import { claim, measureUpper, sandwichTolerance } from '../../theorems/capacity-sandwich.js';

/** The regular N-gon in the plane (U = V): its largest cosine is cos(2 pi / N), A(2, that) = N. */
function polygon(n: number): Matrix {
  const data = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    data[2 * i] = Math.cos((2 * Math.PI * i) / n);
    data[2 * i + 1] = Math.sin((2 * Math.PI * i) / n);
  }
  return { rows: n, cols: 2, data };
}
/** +-e_k in R^d: cosines 0 and -1, A(d, 0) = 2d exactly. */
function crossPolytope(d: number): Matrix {
  const data = new Float64Array(2 * d * d);
  for (let k = 0; k < d; k++) {
    data[k * d + k] = 1;
    data[(d + k) * d + k] = -1;
  }
  return { rows: 2 * d, cols: d, data };
}
const theorem = (m: number, b: number) => (4 * m) / (3 * m - 1 - b);
type Detail = { aSlack: number; maxCos: number; finiteBound: number | null; d: number; n: number };
const upper = (x: Matrix) => measureUpper(x, x, 1, 0, theorem);

describe('capacity-sandwich measureUpper: the A(d, s) bound on N, where the code attains it', () => {
  it('A(d, 0) = 2d is exact at the cross-polytope, d = 2, 3, 5: the A(d, s) slack is its 1e-9 allowance alone', () => {
    for (const d of [2, 3, 5]) {
      const det = upper(crossPolytope(d)).detail as Detail;
      // max cos is 0 exactly: the s = 0 case (ln A(d, 0) = ln 2d, exact), not s = tol
      expect(det.maxCos).toBe(0);
      expect(Math.abs(det.aSlack - 1e-9), `d = ${d}`).toBeLessThan(1e-15);
    }
  });

  it('the antipodal pair in the plane: A(2, -1) = 2, the A(d, s) slack is used at N = 2 (1e-9)', () => {
    const det = upper(polygon(2)).detail as Detail;
    expect(det.n).toBe(2);
    expect(Math.abs(det.aSlack - 1e-9)).toBeLessThan(1e-15);
  });

  it('the pentagon: the cosine is rounded up by tol before A(2, s) (A non-decreasing in s)', () => {
    const det = upper(polygon(5)).detail as Detail;
    // cos 72 deg = (sqrt 5 - 1)/4
    expect(Math.abs(det.maxCos - (Math.sqrt(5) - 1) / 4)).toBeLessThan(1e-15);
    const want = logBestUpper(2, det.maxCos + sandwichTolerance(2)).value - Math.log(5) + 1e-9;
    const down = logBestUpper(2, det.maxCos - sandwichTolerance(2)).value - Math.log(5) + 1e-9;
    // the two roundings differ by about (d ln A/ds) 2 tol = 0.84 * 5.7e-14
    expect(Math.abs(want - down)).toBeGreaterThan(2e-14);
    expect(Math.abs(det.aSlack - want)).toBeLessThan(2e-15);
  });

  it('d = 1 (the pair +-1) has no A(d, s) bound (it needs d >= 2): that slack is left infinite', () => {
    const pair = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
    const det = upper(pair).detail as Detail;
    expect(det.aSlack).toBe(Number.POSITIVE_INFINITY);
  });

  it('at 3m = 1 + b exactly (the square: m* = b* = 1/2) the finite bound is not evaluated (4m/0)', () => {
    const det = upper(polygon(4)).detail as Detail;
    expect(det.finiteBound).toBeNull();
    // the triangle (3m = 9/4 > 1 + b = 5/4) has the theorem's bound 4m/(3m - 1 - b) = 3
    const tri = upper(polygon(3)).detail as Detail;
    expect(Math.abs(tri.finiteBound! - 3)).toBeLessThan(1e-14);
  });

  it('m* <= 0 is vacuous and says so: only m* and the flag', () => {
    // U_1 = U_2 = V_1 = V_2: every inner product is 1, m* = 0
    const x = { rows: 2, cols: 2, data: new Float64Array([1, 0, 1, 0]) };
    const r = measureUpper(x, x, 1, 0, theorem);
    expect(r.slack).toBe(Number.POSITIVE_INFINITY);
    expect(r.detail).toStrictEqual({ mStar: 0, vacuous: true });
  });

  it('with no random runs the pinned simplex U = V of 6 points in R^5 is measured: its code slack is the rounding allowance of d = 5', async () => {
    const out = await claim.check({ seed: 5, globalSeed: 42, runs: 0 });
    expect(out.status).toBe('holds');
    expect(out.evidence?.at).toMatchObject({ kind: 'upper', spec: { family: 'simplex', p: 6 } });
    // rho(m*, b*) = max cos = -1/5 to rounding; tol (1 + cond) with cond = 4 (|1 + b| + m)/(1 + b + m)^2 = 2 at
    // (m, b) = (3/5, 2/5) and tol = 16 (2d + 12) u at d = 5
    const want = 3 * 16 * (2 * 5 + 12) * 2 ** -53;
    expect(Math.abs(out.evidence!.worstSlack - want)).toBeLessThan(5e-15);
  });
});
