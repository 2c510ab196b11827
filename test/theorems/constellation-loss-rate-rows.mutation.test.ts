import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { claim, floorSharpCases } from '../../theorems/constellation-loss-rate.js';

// ln(2 ln 2) from mpmath 1.3 at 40 digits (mp.dps = 40; log(2 * log(2)))
const LN_FLOOR = '0.3266342599782809824047929632255070986212';
const square = (n: number) => n * n;

describe('constellation-loss-rate: what the floor cases and the domain report', () => {
  it('each t has a log-space row (ln inf L, slack, tolerance, decimal gap) and a decimal.js row (both logarithms)', () => {
    const cases = floorSharpCases(square);
    expect(cases).toHaveLength(6);
    for (let k = 0; k < 3; k++) {
      const t = [1e3, 3e3, 1e4][k]!;
      const log = cases[2 * k]!.row as Record<string, number>;
      expect(log.t).toBe(t);
      expect(Math.abs(log.lnInfL! - Number(LN_FLOOR))).toBeLessThanOrEqual(log.tolerance!);
      expect(log.tolerance).toBe(cases[2 * k]!.tolerance);
      expect(log.slack! - log.tolerance!).toBe(cases[2 * k]!.gap);
      // the remainder e^{-0.2 t} / ln 2 is below 1e-86; what is left is b = fl(0.6 t) against the exact
      // t G_11: z = t 0.6 - fl(0.6 t), |z| <= half an ulp of 6000 (4.6e-13), adds z^2/4 to the loss
      expect(Math.abs(log.gapDecimal!)).toBeLessThan(1e-24);
      const dec = cases[2 * k + 1]!.row as Record<string, string | number>;
      expect(dec.t).toBe(t);
      // HP_DIGITS = 30 significant digits (a unit of the last is 1e-30; ln of a rounded ln 2 adds a few)
      const off = (x: string | number | undefined) => new Decimal(String(x)).minus(LN_FLOOR).abs().toNumber();
      expect(off(dec.lnFloorDecimal)).toBeLessThan(1e-29);
      // the loss carries the z^2/4 above (< 1e-25 relative)
      expect(off(dec.lnLossDecimal)).toBeLessThan(1e-24);
    }
  });

  it('the pinned simplex U = V (N = 6 in R^5, t = 1e4) is the worst case: the two evaluations of ln L agree, slack = tol at d = 5', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 3, timings: false });
    expect(v.status).toBe('holds');
    expect(v.evidence?.at).toMatchObject({
      kind: 'constellation',
      spec: { family: 'simplex', p: 6 },
      log10t: 4,
    });
    const d = v.evidence?.details as { bOpt: number };
    // 4 (t (2d + 4) + |b| + N^2 + 2) u with d = 5 (the code's own dimension), u = 2^-53
    const tol = 4 * (1e4 * 14 + Math.abs(d.bOpt) + 36 + 2) * 2 ** -53;
    // tol - |ln L (decimal) - ln L (log space)|: the two agree to an ulp or so of ln L ~ -6000 (1e-12)
    expect(v.evidence!.worstSlack).toBeLessThanOrEqual(tol);
    expect(v.evidence!.worstSlack).toBeGreaterThan(tol - 2e-12);
  });
});
