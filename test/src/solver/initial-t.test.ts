import { describe, expect, it } from 'vitest';
import { solveSync } from '../../../src/solver/index.js';

// exp(ln 10) = 10.000000000000002 and exp(ln 3) = 2.9999999999999996 in float64: a t formed as
// exp(log t0) before any update would show those instead of the t0 that was typed.
describe('solve: before any update of log t, t is t0 itself', () => {
  it.each([
    { t0: 10, b0: 0 },
    { t0: 3, b0: 0.7 },
    { t0: 0.1, b0: -2 },
  ])('steps 0, sig, t0 = $t0: t = t0 and b = b0 exactly', ({ t0, b0 }) => {
    // Arrange / Act
    const r = solveSync({ n: 6, d: 3, steps: 0, loss: 'sig', t0, b0, seed: 1 });
    // Assert
    expect(Math.exp(Math.log(10))).not.toBe(10);
    expect(r.steps).toBe(0);
    expect(r.t).toBe(t0);
    expect(r.b).toBe(b0);
    expect(r.trajectory[0]!.t).toBe(t0);
  });

  it('steps 0, rb-sig: b = t0 * b_rel0 and the trajectory starts at t0', () => {
    const r = solveSync({ n: 6, d: 3, steps: 0, loss: 'rb-sig', t0: 10, bRel0: 0.25, seed: 1 });
    expect(r.t).toBe(10);
    expect(r.b).toBe(2.5);
    expect(r.bRel).toBe(0.25);
  });

  it('after steps, the first trajectory point is still t0 and t has moved', () => {
    const r = solveSync({ n: 6, d: 3, steps: 3, every: 1, loss: 'sig', t0: 10, b0: 1, seed: 1 });
    expect(r.trajectory[0]!.t).toBe(10);
    expect(r.trajectory[0]!.bRel).toBe(0.1);
    expect(r.t).not.toBe(10);
    expect(r.trajectory[3]!.t).toBe(r.t);
  });
});
