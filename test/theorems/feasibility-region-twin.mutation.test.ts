import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { unconditional } from '../../theorems/feasibility-region.js';

describe('feasibility-region/unconditional-3m refutes at the simplex by the amount its constant is off', () => {
  it('simplex N = 4: (m, b) = (2/3, 1/3), 1 + b - 3m = -2/3 (a finite slack, not NaN)', async () => {
    const v = await runClaim(unconditional, { seed: 42, runs: 3, timings: false });
    expect(v.status).toBe('refuted');
    expect(v.counterexample?.input).toMatchObject({ kind: 'simplex', n: 4 });
    // the slack carries the rounding allowance (about 3e-14 at d = 3)
    expect(Math.abs(v.evidence!.worstSlack + 2 / 3)).toBeLessThan(1e-12);
  });
});
