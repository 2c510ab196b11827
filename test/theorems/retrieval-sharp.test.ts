import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { check, claim, retrievalSharpCases, retrievalTolerance } from '../../theorems/retrieval.js';

// m* = (1 - rho)/2 of each code with U = V, rho by hand: simplex -1/(N-1), cross-polytope 0,
// hamming(3) 1/7 (MacWilliams-Sloane), roots-d(3) 1/2 (Conway-Sloane)
const mStar: Record<string, number> = {
  'simplex:2': 1,
  'simplex:3': 3 / 4,
  'simplex:5': 5 / 8,
  'simplex:8': 8 / 14,
  'cross-polytope:3': 1 / 2,
  'hamming:3': 3 / 7,
  'roots-d:3': 1 / 4,
};

describe('retrieval is sharp at eps = 2 m* and ||dU|| = m*', () => {
  it('the verdict holds and reports the closest approach to eps = 2 m* on the codes (0 to rounding)', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 20 });
    expect(v.status).toBe('holds');
    const s = v.evidence?.details?.sharpness as {
      cases: number;
      closestApproach: number;
      largestGap: number;
    };
    expect(s.cases).toBe(8);
    expect(s.closestApproach).toBeLessThan(1e-15);
    // the largest code is in R^8 (hamming(3) in R^7, simplex(8) in R^7): rounding bound 4 (2d + 4) u
    expect(s.largestGap).toBeLessThanOrEqual(retrievalTolerance(8));
  });

  it('eps < 1.9 m* holds on the random cases but the tight side refutes it: gap 0.1 m* per code', async () => {
    const cases = retrievalSharpCases(9, 1.9);
    for (const c of cases) {
      const { family, p } = c.input as { family: string; p: number };
      const bound = (c.row as { bound: string }).bound;
      const want = bound === 'eps < 2 m*' ? 0.1 * mStar[`${family}:${p}`]! : 0;
      expect(Math.abs(c.gap - want), `${family}(${p}) ${bound}`).toBeLessThan(1e-14);
    }
    const out = await check({ seed: 7, globalSeed: 42, runs: 20 }, 'retrieval', 1.9);
    expect(out.status).toBe('refuted');
    // 'not sharp' is only reported when the random cases held
    expect(out.counterexample?.message).toMatch(/^not sharp/);
  });
});
