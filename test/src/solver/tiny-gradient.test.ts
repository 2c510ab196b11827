import { describe, expect, it } from 'vitest';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { solveSync } from '../../../src/solver/index.js';
import { smallTNorm } from '../../__helpers__/small-t-norm.js';

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
