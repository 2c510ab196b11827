import { describe, expect, it } from 'vitest';
import { ccemLossDerivative } from '../../constructions/ccem.js';
import { fromRows } from '../../src/numeric/float/vectors.js';
import { ccemStructure, STRUCTURE_TOL, structureTol } from '../../theorems/ccem-optimality.js';

describe('ccem-optimality: its structure measure and tolerance against independent values', () => {
  it('ccemStructure on a hand-made configuration: |sum (U_i + V_i)| = 2, max |D_i - D_1| = 2 sqrt 2', () => {
    // U + V rows (1, 1), (1, 1), (-2, 0) sum to (0, 2); D_i = U_i - V_i = (1, -1), (-1, 1), (0, 0)
    const u = fromRows([
      [1, 0],
      [0, 1],
      [-1, 0],
    ]);
    const v = fromRows([
      [0, 1],
      [1, 0],
      [-1, 0],
    ]);
    const s = ccemStructure(u, v);
    expect(s.sumNorm).toBe(2);
    expect(s.diffSpread).toBe(2 * Math.SQRT2);
    // U = V: every D_i is 0, and the sum is 2 sum U_i = (0, 2)
    expect(ccemStructure(u, u)).toEqual({ sumNorm: 2, diffSpread: 0 });
  });

  it('structureTol = max(1e-5, 10 sqrt(2 gap / (N f"(x)))), f" by central differences of f\'', () => {
    for (const [n, t, b, x] of [
      [5, 2, 1, 0.3],
      [8, 10, 10, 0.9],
      [20, 0.5, -0.2, -0.4],
    ] as const) {
      const h = 1e-5;
      const fpp = (ccemLossDerivative(n, t, b, x + h) - ccemLossDerivative(n, t, b, x - h)) / (2 * h);
      const gap = 1e-6;
      const want = 10 * Math.sqrt((2 * gap) / (n * fpp));
      expect(want).toBeGreaterThan(STRUCTURE_TOL);
      // the difference quotient is good to ~1e-9 relative here (h^2 f''' and 1e-16 / h)
      expect(Math.abs(structureTol(n, t, b, x, gap) / want - 1), `N = ${n}`).toBeLessThan(1e-6);
      expect(structureTol(n, t, b, x, 0)).toBe(STRUCTURE_TOL);
    }
  });
});
