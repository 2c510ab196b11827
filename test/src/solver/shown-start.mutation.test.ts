import { describe, expect, it } from 'vitest';
import { solveSync } from '../../../src/solver/index.js';

// Before any update of log t the model's t is t0 itself: the arithmetic runs at exp(log t0), which
// is an ulp off for t0 = 10 (exp(ln 10) = 10.000000000000002), but what is reported is t0 and the
// bias of t0 (rb-sig: b = t0 b_rel0), so a run of 0 steps shows exactly the start it was given.
describe('the start point as reported', () => {
  it('rb-sig, t0 = 10, b_rel0 = 0.4, no steps: t = 10 and b_rel = 0.4 exactly', () => {
    expect(Math.exp(Math.log(10))).not.toBe(10);
    const r = solveSync({ n: 4, d: 3, loss: 'rb-sig', t0: 10, bRel0: 0.4, steps: 0, every: 1, seed: 2 });
    const p = r.trajectory[0]!;
    expect(p.step).toBe(0);
    expect(p.t).toBe(10);
    expect(p.bRel).toBe(0.4);
  });
});
