import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { buildKeyCase, claim, keyGap, wrongCoefficient } from '../../theorems/ccem-key-inequality.js';
import { buildCcem } from '../../constructions/ccem.js';

describe('ccem-key-inequality', () => {
  it('holds on random, CCEM and perturbed-CCEM configurations', async () => {
    const v = await runClaim(claim, { seed: 42 });
    expect(v.status).toBe('holds');
  });

  it('the must-refute variant ((N-1)/2) is refuted', async () => {
    const v = await runClaim(wrongCoefficient, { seed: 42 });
    expect(v.status).toBe('refuted');
  });

  it('equality on CCEM for every delta: LHS - RHS = N(N-1)c2 - ((N-2)/2) N c1 + N^2/2 = 0 by hand', () => {
    for (const delta of [0, 0.3, 1, 7, Infinity]) {
      const { u, v } = buildCcem(9, 10, delta);
      expect(Math.abs(keyGap(u, v, (n) => (n - 2) / 2))).toBeLessThan(1e-12);
    }
  });

  it('a perturbed CCEM is strictly above equality (the inequality has room off the CCEM family)', () => {
    const { u, v } = buildKeyCase({ kind: 'perturbed-ccem', n: 6, d: 7, delta: 0.5, eps: 0.3, seed: 4 });
    expect(keyGap(u, v, (n) => (n - 2) / 2)).toBeGreaterThan(1e-3);
  });
});
