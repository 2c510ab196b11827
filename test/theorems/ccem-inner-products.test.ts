import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { checkProperty } from '../../src/claims/property.js';
import { ccemC1, ccemC2 } from '../../constructions/ccem.js';
import { ccemCaseArbitrary, claim, measureCcem, wrongConstant } from '../../theorems/ccem-inner-products.js';

describe('ccem-inner-products', () => {
  it('holds: every built CCEM inner product equals c1(delta) or c2(delta) within 4 (2d + 12) u', async () => {
    const v = await runClaim(claim, { seed: 42 });
    expect(v.status).toBe('holds');
    expect(v.evidence!.worstSlack).toBeGreaterThanOrEqual(0);
  });

  it('the must-refute variant (1/N in c2) is refuted', async () => {
    const v = await runClaim(wrongConstant, { seed: 42 });
    expect(v.status).toBe('refuted');
  });

  it('random search alone (no pinned examples) finds the wrong constant', () => {
    const out = checkProperty(
      { seed: 9, globalSeed: 9, runs: 100 },
      {
        claimId: 'x',
        arbitrary: ccemCaseArbitrary,
        metric: 'm',
        measure: (c) =>
          measureCcem(c, ccemC1, (n, d) => (d === Infinity ? -1 : -(1 / n + d * d) / (1 + d * d))),
      },
    );
    expect(out.status).toBe('refuted');
  });

  it('a delta-independent c2 error as small as 1e-12 is caught (the tolerance is tight)', () => {
    const out = checkProperty(
      { seed: 9, globalSeed: 9, runs: 50 },
      {
        claimId: 'x',
        arbitrary: ccemCaseArbitrary,
        metric: 'm',
        measure: (c) => measureCcem(c, ccemC1, (n, d) => ccemC2(n, d) + 1e-12),
      },
    );
    expect(out.status).toBe('refuted');
  });
});
