import { describe, expect, it } from 'vitest';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { solveSync } from '../../../src/solver/index.js';
import { smallTNorm } from '../../__helpers__/small-t-norm.js';

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
