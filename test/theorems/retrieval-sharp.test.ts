import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { fromRows } from '../../src/numeric/float/vectors.js';
import {
  check,
  claim,
  measureRetrieval,
  retrievalSharpCases,
  retrievalTolerance,
} from '../../theorems/retrieval.js';

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

describe('measureRetrieval by hand', () => {
  it('two unit vectors 30 degrees apart (U = V): exact 2m*, search 2m* - eps, shift 2m* - r |V_1 - V_0|', () => {
    const c = Math.sqrt(3) / 2;
    const x = fromRows([
      [1, 0],
      [c, 0.5],
    ]);
    const m = (1 - c) / 2;
    const tol = retrievalTolerance(2);
    // |V_1 - V_0| = 2 sin 15 deg = sqrt(2 - sqrt 3); a random shift never does worse than that direction
    const dist = Math.sqrt(2 - Math.sqrt(3));
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = measureRetrieval(x, x, 0.9, 2, seed).detail as Record<string, number>;
      expect(Math.abs(r.mStar! - m)).toBeLessThan(1e-16);
      expect(Math.abs(r.exactSlack! - (2 * m + tol))).toBeLessThan(1e-15);
      expect(Math.abs(r.searchSlack! - (2 * m - 0.9 * 2 * m + tol))).toBeLessThan(1e-15);
      expect(Math.abs(r.shiftSlack! - (2 * m - 0.9 * m * dist + tol))).toBeLessThan(1e-15);
      expect(r.uToV).toBe(1);
    }
  });

  it('m* = 0 (U_0 = U_1 = V_0 = V_1) is vacuous', () => {
    const x = fromRows([
      [1, 0],
      [1, 0],
    ]);
    const r = measureRetrieval(x, x, 0.9, 2, 1);
    expect(r.slack).toBe(Number.POSITIVE_INFINITY);
    expect((r.detail as { vacuous?: boolean }).vacuous).toBe(true);
  });
});
