import { describe, expect, it } from 'vitest';
import { solveSync } from '../../../src/solver/index.js';

describe('solver divergence is a result', () => {
  it('stops with diverged at step 0 when the starting t overflows the loss (t0 = 1e308)', () => {
    const r = solveSync({ n: 8, d: 4, steps: 100, t0: 1e308, kernel: 'js' });
    expect(r.stopReason).toBe('diverged');
    expect(r.steps).toBe(0);
    for (const x of r.u.data) expect(Number.isFinite(x)).toBe(true);
  });

  it('returns the last finite state: with lr = 1e10 the first update leaves the model, so the start', () => {
    // The state at step 0 comes from a run with no steps at all (an independent route to it).
    const start = solveSync({ n: 8, d: 4, steps: 0, kernel: 'js' });
    const r = solveSync({ n: 8, d: 4, steps: 100, lr: 1e10, kernel: 'js' });
    expect(r.stopReason).toBe('diverged');
    expect(r.steps).toBe(0);
    expect(Array.from(r.u.data)).toEqual(Array.from(start.u.data));
    expect(r.t).toBe(start.t);
    expect(r.lossValue).toBe(start.lossValue);
    expect(Number.isFinite(r.lossValue)).toBe(true);
    // and that state's own gradient norm, not the diverged step's (it printed 0 with lr = 1e300)
    expect(r.gradNorm).toBe(start.gradNorm);
  });

  it('the restored state keeps its gradient norm for every update rule (lr = 1e300)', () => {
    for (const optimizer of ['adam', 'projected-adam', 'riemannian-adam'] as const) {
      const start = solveSync({ n: 3, d: 2, steps: 0, optimizer, kernel: 'js' });
      const r = solveSync({ n: 3, d: 2, steps: 10, lr: 1e300, optimizer, kernel: 'js' });
      expect([r.stopReason, r.steps]).toEqual(['diverged', 0]);
      expect(Number.isFinite(start.gradNorm) && start.gradNorm > 0).toBe(true);
      expect(r.gradNorm, optimizer).toBe(start.gradNorm);
    }
  });

  it('leaves a well-posed run alone (ordinary steps end by budget)', () => {
    const r = solveSync({ n: 8, d: 4, steps: 50, kernel: 'js' });
    expect(r.stopReason).toBe('steps');
    expect(r.steps).toBe(50);
  });
});
