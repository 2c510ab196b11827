import { describe, expect, it } from 'vitest';
import { forwardRow, marginFor } from '../../../src/bounds/table.js';
import { fitsVerdict } from '../../../src/documents/plan.js';

// Beyond the branch end 3m = 1 + b_rel, rho < 0. With X_i = U_i + V_i, Y_i = U_i - V_i:
// <X_i, X_j> = 2(G_ij + G_ji) + <Y_i, Y_j> <= 4(b - m) + 2 - 2(m + b) = 2(1 + b - 3m) < 0, so the
// X_i (non-zero: |X_i|^2 >= 2 + 2(m + b)) have pairwise negative inner products and N <= d + 1.
// For N <= d + 1 a code with inner products <= rho < 0 has at most 1 - 1/rho points, which is the
// Thm 3.4 bound m <= N (1 + b) / (3N - 4). Expected values are these closed forms.
describe('marginFor: past the branch end only N <= d + 1 pairs fit', () => {
  it.each([
    [11, 0, 11 / 29], // N = d + 1: Thm 3.4 (the simplex's bound)
    [12, 0, 1 / 3], // N = d + 2: the branch end
    [20, 0, 1 / 3], // N = 2d: A(10, 0) = 20 still allows the branch end
  ])('N = %i, d = 10, b_rel = %s: mMax = %s', (N, b, want) => {
    expect(marginFor(N, 10, b).mMax).toBe(want);
  });

  it.each([
    [11, 0.55], // N / (2(N - 1)) for b_rel = 1 - m
    [12, 0.5],
  ])("N = %i, d = 10, b_rel = 'best': mMax = %s", (N, want) => {
    expect(marginFor(N, 10, 'best').mMax).toBe(want);
  });

  it('agrees with the forward bound: at m = 0.36, b_rel = 0 R^10 holds at most 11 pairs', () => {
    expect(10 ** forwardRow(10, 0.36, 0).log10NUpper!).toBeCloseTo(11, 10);
    expect(marginFor(12, 10, 0).mMax).toBeLessThan(0.36);
    expect(fitsVerdict(12, 10, 0.36, 0)).toBe('no');
    expect(fitsVerdict(11, 10, 0.36, 0)).toBe('unknown (finite regime)');
  });
});
