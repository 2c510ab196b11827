import { describe, expect, it, vi } from 'vitest';
import { construction1Predicted } from '../../constructions/construction-1.js';
import { constructionTolerance, measureConstruction1 } from '../../theorems/construction-1.js';

// Thm 3.3 parameters 1% off in delta: the built pair still matches the map (m, b) -> (delta^2 m, ...)
// at those parameters, so only the comparison with the target itself can see the error.
vi.mock('../../constructions/construction-1.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../constructions/construction-1.js')>();
  return {
    ...real,
    construction1Parameters: (alpha: number, m: number, b: number) => {
      const p = real.construction1Parameters(alpha, m, b);
      return { delta: p.delta * 0.99, phi: p.phi };
    },
  };
});

describe('measureConstruction1 (thm33) with Thm 3.3 parameters that miss the target', () => {
  it('simplex(4), target m = 1/3: m* = 0.99^2 / 3 is 0.0199 / 3 below it', () => {
    // alpha = -1/3, mShare 0.5: m = 0.5 (1 + 1/3)/2 = 1/3; delta^2 scaled by 0.9801
    const r = measureConstruction1(
      { kind: 'thm33', code: 0, mShare: 0.5, bShare: 0.5, seed: 1 },
      construction1Predicted,
    );
    const d = r.detail as unknown as { measured: { m: number }; predicted: { m: number } };
    expect(d.measured.m).toBeCloseTo(0.9801 / 3, 14);
    expect(Math.abs(d.measured.m - d.predicted.m)).toBeLessThan(1e-14);
    expect(r.slack).toBeLessThan(constructionTolerance(5) - 0.0199 / 3 + 1e-12);
  });
});
