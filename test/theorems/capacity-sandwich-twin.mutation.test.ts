import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { halfBound } from '../../theorems/capacity-sandwich.js';

describe('capacity-sandwich/half-bound refutes at the simplex by the amount its constant is off', () => {
  it('simplex U = V, N = 6: m* = 3/5, b* = 2/5, 2m/(3m - 1 - b) = 3, slack 3 (1 + 1e-9) - 6', async () => {
    const v = await runClaim(halfBound, { seed: 42, runs: 3, timings: false });
    expect(v.status).toBe('refuted');
    // the pinned example runs first: the simplex of 6 points
    expect(v.counterexample?.input).toMatchObject({ kind: 'upper', spec: { family: 'simplex', p: 6 } });
    const d = v.evidence?.details as { finiteBound: number; n: number };
    expect(d.n).toBe(6);
    expect(Math.abs(d.finiteBound - 3)).toBeLessThan(1e-13);
    expect(Math.abs(v.evidence!.worstSlack - (3 * (1 + 1e-9) - 6))).toBeLessThan(1e-13);
  });
});
