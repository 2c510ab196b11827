import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { upperN } from '../../theorems/constellation-loss-rate.js';

describe('constellation-loss-rate/upper-n refutes at the simplex by the amount its constant is off', () => {
  it('simplex U = V, N = 6, t = 1e4: inf_b L = 2 N sqrt(N - 1) e^{-t m*} against N ln(1 + e^{-t m*}): slack -ln(2 sqrt 5)', async () => {
    const v = await runClaim(upperN, { seed: 42, runs: 3, timings: false });
    expect(v.status).toBe('refuted');
    expect(v.counterexample?.input).toMatchObject({ kind: 'constellation', log10t: 4 });
    // the log-space tolerance at t = 1e4, d = 5 is 4 (14 t + |b| + 38) u ~ 6.6e-11
    expect(Math.abs(v.evidence!.worstSlack + Math.log(2 * Math.sqrt(5)))).toBeLessThan(2e-10);
  });
});
