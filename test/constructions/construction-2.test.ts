import { describe, expect, it } from 'vitest';
import { code } from '../../constructions/codes.js';
import { construction2, construction2Predicted } from '../../constructions/construction-2.js';
import { margins } from '../../src/geometry/margins.js';
import { normStats } from '../../src/geometry/norms.js';

describe('Construction 2', () => {
  it.each([3, 4])('k = %i modalities on the cross-polytope: unit rows, every pair as predicted', (k) => {
    const x = code('cross-polytope', 3);
    const mods = construction2(x.x, k, 0.8);
    const p = construction2Predicted(x.rho, k, 0.8);
    for (const a of mods) expect(normStats(a).maxDeviation).toBeLessThan(1e-15);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        if (a === b) continue;
        const mg = margins(mods[a]!, mods[b]!);
        expect(mg.mStar).toBeCloseTo(p.m, 14);
        expect(mg.bStar).toBeCloseTo(p.b, 14);
      }
    }
  });

  it('k = 2 is the one-coordinate construction: b = (delta^2 (3 + rho) - 2)/2', () => {
    const p = construction2Predicted(0, 2, Math.SQRT1_2);
    expect(p.b).toBeCloseTo((0.5 * 3 - 2) / 2, 15);
  });
});
