import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { dPlusOne } from '../../theorems/modality-gap.js';

describe('modality-gap/n-d-plus-1 refutes through its own hypothesis, at the simplex', () => {
  it('the simplex U = V of 6 points in R^5 (N = d + 1, inside N >= d + 1) is a counterexample of the property', async () => {
    const v = await runClaim(dPlusOne, { seed: 42, runs: 3, timings: false });
    expect(v.status).toBe('refuted');
    // not the sharpness cases: the widened hypothesis itself admits the simplex, where sum U_i = 0
    expect(v.counterexample?.input).toMatchObject({ spec: { family: 'simplex', p: 6, form: 'identity' } });
    const d = v.evidence?.details as { n: number; d: number; uMin: number };
    expect([d.n, d.d]).toEqual([6, 5]);
    expect(d.uMin).toBeLessThanOrEqual(0);
    expect(v.evidence!.worstSlack).toBeLessThan(0);
  });
});
