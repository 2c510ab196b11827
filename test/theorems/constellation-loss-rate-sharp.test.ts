import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import {
  claim,
  FLOOR_T,
  floorPair,
  floorSharpCases,
  measureRate,
} from '../../theorems/constellation-loss-rate.js';

// ln(2 ln 2) from mpmath 1.3 (mp.dps = 30: log(2*log(2))), rounded to the nearest double
const LN_2LN2 = Number('0.326634259978280982404792963226');

describe('constellation-loss-rate: the floor 2 ln 2 is attained at m* = 0', () => {
  it('the verdict holds and reports the closest approach to the floor', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 30 });
    expect(v.status).toBe('holds');
    const s = v.evidence?.details?.sharpness as { cases: number; closestApproach: number };
    expect(s.cases).toBe(2 * FLOOR_T.length);
    expect(s.closestApproach).toBeLessThan(1e-15);
  });

  it('the m* = 0 pair has ln inf_b L = ln(2 ln 2) to rounding at t = 1e3, 3e3, 1e4', () => {
    const { u, v } = floorPair();
    for (const t of FLOOR_T) {
      const r = measureRate(u, v, t, (n) => n * n);
      expect(r.detail.mStar).toBe(0);
      expect(Math.abs((r.detail.lnInfL as number) - LN_2LN2)).toBeLessThan(4 * Number.EPSILON);
    }
    for (const c of floorSharpCases((n) => n * n)) expect(Math.abs(c.gap)).toBeLessThanOrEqual(c.tolerance);
  });

  it('the m* <= 0 slack is ln inf L - ln(2 ln 2) + tol: at the pair it is the tolerance alone', () => {
    const { u, v } = floorPair();
    const r = measureRate(u, v, 1e3, (n) => n * n);
    expect(r.slack - (r.detail.tolerance as number)).toBeCloseTo(0, 15);
  });
});
