import { describe, expect, it } from 'vitest';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { solveSync } from '../../../src/solver/index.js';

/**
 * The gradient norm at tiny t (where its squares underflow and the solver forms it at scale),
 * against the small-t closed form of per-anchor RB-Sig at b_rel = 0 (tiny-gradient.test.ts derives
 * it): every sigmoid is 1/2 + O(t), so with S_U = sum U_j, S_V = sum V_j,
 *   dL/dU_i = (t / 2N)(S_V - 2 V_i),  dL/dV_j = (t / 2N)(S_U - 2 U_j)   (tangent part of each row),
 *   dL/dlog t = (t / 2N)(sum_{i != j} G_ij - tr G),  dL/db_rel = t (2 - N) / 2,
 * formed at t = 1 and scaled. Each part enters only when it is trained (lockU, trainT, trainBias).
 */
function smallTNorm(
  u: Float64Array,
  v: Float64Array,
  n: number,
  d: number,
  t: number,
  parts: { u: boolean; v: boolean; t: boolean; b: boolean },
): number {
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
    if (parts.u) tangent(u, i, sv, v);
    if (parts.v) tangent(v, i, su, u);
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
  const scalarT = parts.t ? total - 2 * trace : 0;
  const scalarB = parts.b ? n * (2 - n) : 0;
  return (t / (2 * n)) * Math.sqrt(s2 + scalarT ** 2 + scalarB ** 2);
}

const all = { u: true, v: true, t: true, b: true };
// O(t) terms are 1e-300 relative; the rest is the rounding of sums of ~N^2 d terms
const TOL = 1024 * EPS;

describe('the gradient norm below the squares underflow, at scale', () => {
  it.each([
    ['adam', 1e-300],
    ['projected-adam', 1e-300],
    ['riemannian-adam', 1e-280],
  ] as const)('%s, t0 = %s: every part of the norm', (optimizer, t0) => {
    const [n, d] = [6, 3];
    const r = solveSync({ n, d, steps: 0, t0, seed: 5, optimizer });
    const want = smallTNorm(r.u.data, r.v.data, n, d, t0, all);
    expect(want).toBeGreaterThan(0);
    expect(Math.abs(r.gradNorm - want), `${r.gradNorm} vs ${want}`).toBeLessThanOrEqual(TOL * want);
  });

  it.each([
    ['t fixed', { trainT: false }, { ...all, t: false }],
    ['b fixed', { trainBias: false }, { ...all, b: false }],
    ['U locked', { lockU: true }, { ...all, u: false }],
    [
      'U locked, t and b fixed',
      { lockU: true, trainT: false, trainBias: false },
      { u: false, v: true, t: false, b: false },
    ],
  ] as const)('adam, %s: only the trained parts', (_, opts, parts) => {
    const [n, d] = [5, 4];
    for (const optimizer of ['adam', 'projected-adam'] as const) {
      const r = solveSync({ n, d, steps: 0, t0: 1e-300, seed: 7, optimizer, ...opts });
      const want = smallTNorm(r.u.data, r.v.data, n, d, 1e-300, parts);
      expect(Math.abs(r.gradNorm - want), `${optimizer}: ${r.gradNorm} vs ${want}`).toBeLessThanOrEqual(
        TOL * want,
      );
    }
  });

  it('the polish (t and b fixed) reports the tangent norm of dL/dU and dL/dV at scale', () => {
    const [n, d] = [6, 3];
    const r = solveSync({ n, d, steps: 0, t0: 1e-300, seed: 5, polish: 2, polishGradTol: 0 });
    expect(r.polishStop).toBe('steps');
    const want = smallTNorm(r.u.data, r.v.data, n, d, 1e-300, { u: true, v: true, t: false, b: false });
    expect(Math.abs(r.gradNorm - want), `${r.gradNorm} vs ${want}`).toBeLessThanOrEqual(TOL * want);
  });

  it('the polish with U locked: dL/dV alone', () => {
    const [n, d] = [6, 3];
    const r = solveSync({ n, d, steps: 0, t0: 1e-300, seed: 5, polish: 2, polishGradTol: 0, lockU: true });
    const want = smallTNorm(r.u.data, r.v.data, n, d, 1e-300, { u: false, v: true, t: false, b: false });
    expect(Math.abs(r.gradNorm - want), `${r.gradNorm} vs ${want}`).toBeLessThanOrEqual(TOL * want);
  });
});
