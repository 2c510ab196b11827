import { describe, expect, it } from 'vitest';
import { type CodeFamily, code } from '../../constructions/codes.js';
import { fromRows } from '../../src/numeric/float/vectors.js';
import {
  measureRetrieval,
  retrievalSharpCases,
  retrievalTolerance,
  SHARP_CODES,
} from '../../theorems/retrieval.js';

const h = Math.sqrt(3) / 2;
// the simplex N = 3 in the plane, U = V: G_ii = 1, G_ij = -1/2, m* = 3/4, |V_j - V_i| = sqrt 3
const simplex3 = fromRows([
  [1, 0],
  [-0.5, h],
  [-0.5, -h],
]);

describe('retrieval: the slack is the smallest of the three margins (by hand)', () => {
  it('simplex N = 3, theta = 1/2: exact 3/2, search 3/2 - eps = 3/4, shift 3/2 - (3/8) sqrt 3; the slack is 3/4 + tol', () => {
    const tol = retrievalTolerance(2);
    for (const seed of [1, 2, 3]) {
      const r = measureRetrieval(simplex3, simplex3, 0.5, 2, seed);
      const d = r.detail as Record<string, number>;
      expect(Math.abs(d.exactSlack! - (1.5 + tol))).toBeLessThan(1e-15);
      expect(Math.abs(d.searchSlack! - (0.75 + tol))).toBeLessThan(1e-15);
      expect(Math.abs(d.shiftSlack! - (1.5 - (3 / 8) * Math.sqrt(3) + tol))).toBeLessThan(1e-15);
      expect(Math.abs(r.slack - (0.75 + tol))).toBeLessThan(1e-15);
    }
  });

  it('the tight side: one search case per code, and the shift case of the antipodal pair with its own row', () => {
    const cases = retrievalSharpCases(5, 2);
    expect(cases).toHaveLength(8);
    const shift = cases.filter((c) => (c.row as { bound: string }).bound === '||dU|| < m*');
    expect(shift).toHaveLength(1);
    expect(shift[0]!.input).toMatchObject({ family: 'simplex', p: 2, theta: 1 });
    const row = shift[0]!.row as Record<string, number>;
    // the antipodal pair: m* = 1, eps = 2, shift r = 1 towards V_j - V_i (|V_j - V_i| = 2) leaves 0
    expect(Math.abs(row.mStar! - 1)).toBeLessThan(1e-15);
    expect(row.eps).toBe(2 * row.mStar!);
    expect(row.shift).toBe(row.mStar);
    expect(Math.abs(row.shiftSlack! - row.tolerance!)).toBeLessThan(1e-15);
  });

  it('each tight case is the code itself (U = V in its own dimension): its rounding bound is 4 (2d + 4) u of that d', () => {
    const cases = retrievalSharpCases(5, 2);
    for (const [family, p] of SHARP_CODES) {
      // SHARP_CODES holds fixed codes only (no 'random' family)
      const d = code(family as CodeFamily, p).x.cols;
      for (const c of cases.filter((x) => (x.input as { family: string; p: number }).family === family)) {
        if ((c.input as { p: number }).p !== p) continue;
        expect(c.tolerance, `${family}(${p})`).toBe(retrievalTolerance(d));
      }
    }
  });
});
