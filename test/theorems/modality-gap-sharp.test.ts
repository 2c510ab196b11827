import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { check, claim, gapSharpCases } from '../../theorems/modality-gap.js';

const ctx = { seed: 11, globalSeed: 42, runs: 30 };

interface GapSharpness {
  boundarySampled: number;
  boundaryApplied: number;
  boundaryMinExtraSeparated: number;
  boundaryMinMargin: number;
  belowSampled: number;
  belowRefuted: number;
}

describe('modality-gap: the hypothesis N >= d + 2 is sharp', () => {
  it('the claim samples N = d + 2 inside its hypothesis and reports the boundary in its evidence', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 30 });
    expect(v.status).toBe('holds');
    const s = v.evidence?.details?.sharpness as GapSharpness;
    expect(s.boundarySampled).toBe(6);
    expect(s.boundaryApplied).toBe(6);
    // N - d = 2 of the V must be negative; every boundary case separates all of them
    expect(s.boundaryMinExtraSeparated).toBeGreaterThanOrEqual(0);
    expect(s.boundaryMinMargin).toBeGreaterThan(0);
    expect(s.belowSampled).toBe(5);
    expect(s.belowRefuted).toBe(5);
  });

  it('the cross-polytope boundary case has margin w = sqrt(1 - delta^2) = 1/2 (by hand: rho = 0, delta^2 = 3/4 mid-window)', () => {
    const cross = gapSharpCases(1, (d) => d + 2).find((c) => c.input.family === 'cross-polytope')!;
    const row = cross.row as { n: number; d: number; margin: number };
    expect([row.n, row.d]).toEqual([6, 4]);
    // window 0.5 of (1/2, 1): delta^2 = 3/4, w = sqrt(1/4) = 1/2
    expect(row.margin).toBeCloseTo(0.5, 12);
  });

  it('the simplex U = V at N = d + 1 refutes the conclusion (sum U_i = 0), so N >= d + 1 cannot be the hypothesis', () => {
    const below = gapSharpCases(1, (d) => d + 2).filter((c) => c.input.side === 'N = d + 1');
    for (const c of below) expect((c.row as { slack: number }).slack).toBeLessThan(0);
  });

  it('a narrower hypothesis N >= d + 3 is refuted: the boundary N = d + 2 is excluded', async () => {
    const out = await check(ctx, 'modality-gap', (d) => d + 3, false);
    expect(out.status).toBe('refuted');
    expect(out.counterexample?.message).toMatch(/^not sharp: a case on the boundary/);
    const exact = await check(ctx, 'modality-gap', (d) => d + 2, false);
    expect(exact.status).toBe('holds');
  });
});

describe('modality-gap: what the evidence counts', () => {
  it('solver runs (3, 6 with the full protocol), how many met the hypothesis, and the property cases applied', async () => {
    for (const [full, runs] of [
      [false, 3],
      [true, 6],
    ] as const) {
      const v = await runClaim(claim, { seed: 42, runs: 20, full });
      expect(v.status).toBe('holds');
      const d = v.evidence?.details as { solverRuns: number; solverApplied: number; applied: number };
      expect(d.solverRuns).toBe(runs);
      // some solver outputs, not all at this seed, reach G_ii > 0 > G_ij (the others are not counted)
      expect(d.solverApplied).toBeGreaterThan(0);
      expect(d.solverApplied).toBeLessThan(runs);
      // property cases inside G_ii > 0 > G_ij: some, not all of the 20 (noise and random codes push
      // the others out at this seed)
      expect(d.applied).toBeGreaterThan(0);
      expect(d.applied).toBeLessThan(20);
    }
  });
  it('the boundary figures are the minima over the N = d + 2 rows (recounted)', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 20 });
    const s = v.evidence?.details?.sharpness as GapSharpness;
    const rows = gapSharpCases(v.seed, (d) => d + 2)
      .filter((c) => c.input.side === 'N = d + 2')
      .map((c) => c.row as { separated: number; needed: number; margin: number });
    expect(s.boundaryMinExtraSeparated).toBe(Math.min(...rows.map((r) => r.separated - r.needed)));
    // evidence numbers are printed to 15 significant digits
    expect(s.boundaryMinMargin).toBeCloseTo(Math.min(...rows.map((r) => r.margin)), 14);
  });
  it('without solver cases the evidence has the applied count and no solver figures', async () => {
    const out = await check(ctx, 'modality-gap', (d) => d + 2, false);
    expect(out.status).toBe('holds');
    const d = out.evidence?.details as Record<string, unknown>;
    expect(d.applied).toBeGreaterThan(0);
    expect(d.solverRuns).toBeUndefined();
    expect(d.sharpness).toBeDefined();
  });
});
