import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import {
  buildKeyCase,
  check,
  claim,
  keyInequalityTolerance,
  keySharpCases,
  MAX_N,
} from '../../theorems/ccem-key-inequality.js';

const exact = (n: number) => (n - 2) / 2;
// one hundredth below the exact coefficient: the random and perturbed cases still hold
const weaker = (n: number) => (n - 2) / 2 - 0.01;
// CCEM(delta) has G_ii = c1 = (1 - delta^2)/(1 + delta^2) (docs/theory.md §1)
const c1 = (delta: number) => (1 - delta * delta) / (1 + delta * delta);

describe('ccem-key-inequality is sharp on CCEM', () => {
  it('the verdict holds and reports the closest approach to equality over 3 deltas x N = 3..20', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 20 });
    expect(v.status).toBe('holds');
    const s = v.evidence?.details?.sharpness as {
      cases: number;
      closestApproach: number;
      largestGap: number;
    };
    expect(s.cases).toBe(3 * (MAX_N - 2));
    // equality to rounding: N^2 Gram entries of size <= 1, scaled by up to N^2/2 = 200
    expect(s.closestApproach).toBeLessThan(1e-13);
    expect(s.largestGap).toBeLessThan(1e-11);
    expect(s.largestGap).toBeLessThanOrEqual(keyInequalityTolerance(MAX_N, MAX_N));
  });

  it('a coefficient 0.01 below (N-2)/2 is refuted: the tight cases miss equality by 0.01 N c1(delta)', async () => {
    const ctx = { seed: 7, globalSeed: 42, runs: 20 };
    const cases = keySharpCases(3, weaker);
    for (const c of cases) {
      const { n, delta } = c.input as { n: number; delta: number };
      expect(Math.abs(c.gap - 0.01 * n * c1(delta))).toBeLessThan(1e-11);
    }
    const out = await check(ctx, 'ccem-key-inequality', weaker);
    expect(out.status).toBe('refuted');
    // refuted by the random CCEM cases already (equality required there), before the tight side
    expect(out.counterexample?.message).not.toMatch(/^not sharp/);
    // every tight case at delta = 0 (c1 = 1) is outside its tolerance
    const etf = cases.filter((c) => (c.input as { delta: number }).delta === 0);
    expect(etf.length).toBe(MAX_N - 2);
    for (const c of etf) expect(Math.abs(c.gap)).toBeGreaterThan(100 * c.tolerance);
    // the exact coefficient: every case within its tolerance
    for (const c of keySharpCases(3, exact)) expect(Math.abs(c.gap)).toBeLessThanOrEqual(c.tolerance);
  });
});

describe('perturbed CCEM moves both modalities', () => {
  it('U and V both leave the rotated CCEM(delta) by about eps', () => {
    const base = { n: 6, d: 7, delta: 0.5, seed: 4 };
    const exactCase = buildKeyCase({ kind: 'ccem', ...base });
    const moved = buildKeyCase({ kind: 'perturbed-ccem', ...base, eps: 1e-3 });
    for (const k of ['u', 'v'] as const) {
      let worst = 0;
      for (let i = 0; i < exactCase[k].data.length; i++)
        worst = Math.max(worst, Math.abs(moved[k].data[i]! - exactCase[k].data[i]!));
      expect(worst, k).toBeGreaterThan(1e-5);
      expect(worst, k).toBeLessThan(1e-1);
    }
  });
});
