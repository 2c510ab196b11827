import { describe, expect, it } from 'vitest';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { solveSync } from '../../../src/solver/index.js';

/**
 * The Riemannian gradient norm of per-anchor RB-Sig at b_rel = 0 as t -> 0, where every sigmoid is
 * 1/2 + O(t): with S_U = sum U_j, S_V = sum V_j,
 *   dL/dU_i = (t / 2N)(S_V - 2 V_i),  dL/dV_j = (t / 2N)(S_U - 2 U_j)   (projected on each row's tangent),
 *   dL/dlog t = (t / 2N)(sum_{i != j} G_ij - tr G),  dL/db_rel = t (2 - N) / 2.
 * Everything is linear in t, so it is formed at t = 1 and scaled: no square underflows here.
 */
function smallTNorm(u: Float64Array, v: Float64Array, n: number, d: number, t: number): number {
  const su = new Float64Array(d);
  const sv = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      su[k]! += u[i * d + k]!;
      sv[k]! += v[i * d + k]!;
    }
  }
  let s2 = 0;
  const tangent = (x: Float64Array, i: number, s: Float64Array, y: Float64Array): void => {
    const g = Array.from({ length: d }, (_, k) => s[k]! - 2 * y[i * d + k]!);
    const dot = g.reduce((a, gk, k) => a + gk * x[i * d + k]!, 0);
    for (let k = 0; k < d; k++) s2 += (g[k]! - dot * x[i * d + k]!) ** 2;
  };
  for (let i = 0; i < n; i++) {
    tangent(u, i, sv, v);
    tangent(v, i, su, u);
  }
  let total = 0;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += u[i * d + k]! * v[j * d + k]!;
      total += g;
      if (i === j) trace += g;
    }
  }
  const scalarT = total - 2 * trace;
  const scalarB = n * (2 - n);
  return (t / (2 * n)) * Math.sqrt(s2 + scalarT ** 2 + scalarB ** 2);
}

// Below about 1e-154 the squares of the gradient's entries underflow: the norm printed 0 and the
// run stopped at step 0 with stop reason grad-tol (a zero gradient) although none was zero.
describe('solve at tiny t: the gradient norm is the true (tiny) norm, not 0', () => {
  // 1e-100 stays on the plain sum of squares: it checks the closed form itself
  it.each([
    ['adam', 1e-300],
    ['projected-adam', 1e-300],
    ['riemannian-adam', 1e-250],
    ['adam', 1e-100],
  ] as const)('%s, t0 = %s, steps 0: norm = the small-t closed form', (optimizer, t0) => {
    const n = 10;
    const d = 3;
    const r = solveSync({ n, d, steps: 0, t0, seed: 3, optimizer });
    const want = smallTNorm(r.u.data, r.v.data, n, d, t0);
    expect(want).toBeGreaterThan(0);
    // O(t) terms are 1e-300 relative; the rest is the rounding of sums of ~N^2 d terms
    expect(Math.abs(r.gradNorm - want)).toBeLessThanOrEqual(1024 * EPS * want);
  });

  it('t0 = 1e-300, steps 10: the run takes its 10 steps instead of stopping on grad-tol', () => {
    const r = solveSync({ n: 10, d: 3, steps: 10, t0: 1e-300, seed: 3 });
    expect(r.stopReason).toBe('steps');
    expect(r.steps).toBe(10);
  });

  it('t0 = 1e-300, polish 2 at grad tol 0: the polish runs and reports the true norm', () => {
    const r = solveSync({ n: 10, d: 3, steps: 0, t0: 1e-300, seed: 3, polish: 2, polishGradTol: 0 });
    expect(r.polishStop).toBe('steps');
    // the polish fixes t and b: its norm is the tangent part of dL/dU, dL/dV alone
    expect(r.gradNorm).toBeGreaterThan(0);
  });
});
