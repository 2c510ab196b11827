import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { claim, KNOWN_TOL, knownSharpCases, SHARP_NS } from '../../theorems/known-code-sizes.js';

describe('known-code-sizes is sharp where Levenshtein is tight', () => {
  it('the verdict holds and reports the closest approach of L(n, s) to the known A(n, s)', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 20 });
    expect(v.status).toBe('holds');
    const s = v.evidence?.details?.sharpness as {
      cases: number;
      closestApproach: number;
      largestGap: number;
    };
    expect(s.cases).toBe(2 + 2 * SHARP_NS.length);
    expect(s.closestApproach).toBeLessThan(1e-13);
    // relative tolerance 1e-12 on ln A <= ln 196560 = 12.2
    expect(s.largestGap).toBeLessThanOrEqual(KNOWN_TOL * Math.log(196560));
  });

  it('L(8, 1/2) = 240, L(24, 1/2) = 196560 (Odlyzko-Sloane), L(n, 0) = 2n, L(n, -1/n) = n + 1 (by hand)', () => {
    for (const c of knownSharpCases()) {
      const row = c.row as { n: number; s: number; size: number; levenshtein: number };
      const want = row.s === 0.5 ? (row.n === 8 ? 240 : 196560) : row.s === 0 ? 2 * row.n : row.n + 1;
      expect(row.size).toBe(want);
      expect(Math.abs(row.levenshtein / want - 1), `n = ${row.n}, s = ${row.s}`).toBeLessThan(1e-11);
      expect(Math.abs(c.gap)).toBeLessThanOrEqual(c.tolerance);
    }
  });
});
