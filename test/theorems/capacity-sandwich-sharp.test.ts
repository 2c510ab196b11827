import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { check, claim, sandwichSharpCases } from '../../theorems/capacity-sandwich.js';

const ctx = { seed: 5, globalSeed: 42, runs: 20 };

describe('capacity-sandwich: N <= 4m/(3m-1-b) is attained by the simplex', () => {
  it('the verdict holds and reports the closest approach at the simplex', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 20 });
    expect(v.status).toBe('holds');
    const s = v.evidence?.details?.sharpness as { cases: number; closestApproach: number; worstGap: number };
    expect(s.cases).toBe(20);
    expect(s.closestApproach).toBeLessThan(1e-15);
    expect(Math.abs(s.worstGap)).toBeLessThan(1e-13);
  });

  it('at the simplex of N points the bound equals N (m = N/(2(N-1)), b = (N-2)/(2(N-1)), by hand)', () => {
    for (const c of sandwichSharpCases(1, (m, b) => (4 * m) / (3 * m - 1 - b))) {
      const n = c.input.simplex as number;
      const row = c.row as { mStar: number; bStar: number };
      expect(row.mStar).toBeCloseTo(n / (2 * (n - 1)), 14);
      expect(row.bStar).toBeCloseTo((n - 2) / (2 * (n - 1)), 14);
      expect(Math.abs(c.gap)).toBeLessThanOrEqual(c.tolerance);
    }
  });

  it('a looser constant 5m/(3m-1-b) holds on every random case but is refuted on the tight side', async () => {
    const out = await check(ctx, 'capacity-sandwich', (m, b) => (5 * m) / (3 * m - 1 - b));
    expect(out.status).toBe('refuted');
    expect(out.counterexample?.message).toMatch(/^not sharp/);
  });

  it('a wrong sign of b, 4m/(3m-1+b), is refuted (the simplex breaks it already on the loose side)', async () => {
    const out = await check(ctx, 'capacity-sandwich', (m, b) => (4 * m) / (3 * m - 1 + b));
    expect(out.status).toBe('refuted');
  });
});
