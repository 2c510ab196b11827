import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../src/claims/property.js';
import { runClaim } from '../../src/claims/runner.js';
import {
  buildFeasibilityCase,
  check,
  claim,
  feasibilityCaseArbitrary,
  feasibilitySharpCases,
  measureFeasibility,
} from '../../theorems/feasibility-region.js';

const ctx = { seed: 7, globalSeed: 42, runs: 40 };
const exact = (n: number) => 3 - 4 / n;
const weaker = (n: number) => 3 - 5 / n;

describe('feasibility-region is sharp at the simplex N = d + 1', () => {
  it('the verdict reports the closest approach to both bounds, within the rounding tolerance', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 40 });
    expect(v.status).toBe('holds');
    const s = v.evidence?.details?.sharpness as { cases: number; closestApproach: number; worstGap: number };
    expect(s.cases).toBe(30);
    // exact values: m + b = 1 and 1 + b - (3 - 4/N) m = 0 (simplex inner products 1 and -1/(N-1))
    expect(s.closestApproach).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(s.worstGap)).toBeLessThan(1e-13);
  });

  it('every simplex case attains 1 + b = (3 - 4/N) m by the closed form m = N/(2(N-1)), b = (N-2)/(2(N-1))', () => {
    for (const c of feasibilitySharpCases(3, exact)) {
      const n = c.input.n as number;
      const row = c.row as { mMean: number; bMean: number };
      expect(row.mMean).toBeCloseTo(n / (2 * (n - 1)), 14);
      expect(row.bMean).toBeCloseTo((n - 2) / (2 * (n - 1)), 14);
      expect(Math.abs(c.gap)).toBeLessThanOrEqual(c.tolerance);
    }
  });

  it('the weaker constant 3 - 5/N passes the random cases but is refuted by the tight side', async () => {
    const loose = checkProperty(ctx, {
      claimId: 'weak',
      arbitrary: feasibilityCaseArbitrary,
      metric: '',
      measure: (c) => {
        const { u, v } = buildFeasibilityCase(c);
        return measureFeasibility(u, v, weaker);
      },
    });
    expect(loose.status).toBe('holds');
    const out = await check(ctx, 'feasibility-region', weaker);
    expect(out.status).toBe('refuted');
    expect(out.counterexample?.message).toMatch(/^not sharp/);
    // the gap is m/N = 1/(2(N-1)) at the simplex: at least 1/30 for N <= 16
    const gaps = feasibilitySharpCases(3, weaker).map((c) => c.gap);
    expect(Math.max(...gaps)).toBeCloseTo(1 / 2, 12);
    expect(Math.min(...gaps.filter((g) => g > 1e-12))).toBeCloseTo(1 / 30, 12);
  });
});
