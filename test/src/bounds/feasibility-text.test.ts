import { describe, expect, it } from 'vitest';
import { feasibility, withinFiniteBound } from '../../../src/bounds/constellation.js';
import { typedDecimal } from '../../../src/bounds/rational.js';

// Expected texts from Python's fractions.Fraction on the typed decimals:
// m = 0.666666666666666666666666666667, b_rel = 0.333333333333333333333333333333 gives
// 3m - 2 = 1e-30 and 4m/(3m - 1 - b_rel) - 4 = -6e-30 (so N = 4 is outside the bound); with the
// last digit of m a 6 instead, 3m - 2 = -2e-30 and the bound is 4 + 6e-30.
const M_UP = typedDecimal('0.666666666666666666666666666667');
const M_DOWN = typedDecimal('0.666666666666666666666666666666');
const B = typedDecimal('0.333333333333333333333333333333');

describe('feasibility message: a non-integer never prints as the integer it rounds to', () => {
  it('bound just below 4 reads 4 - 6e-30, and N = 4 is outside it', () => {
    const f = feasibility(M_UP, B);
    expect(f.message).toBe(
      '3m = 2 + 1e-30 > 1 + b_rel = 1.33333333333333333333: N <= 4m/(3m-1-b_rel) = 4 - 6e-30 for every d',
    );
    expect(withinFiniteBound(4, M_UP, B)).toBe(false);
  });

  it('bound just above 4 reads 4 + 6e-30, and N = 4 is inside it', () => {
    const f = feasibility(M_DOWN, B);
    expect(f.message).toBe(
      '3m = 2 - 2e-30 > 1 + b_rel = 1.33333333333333333333: N <= 4m/(3m-1-b_rel) = 4 + 6e-30 for every d',
    );
    expect(withinFiniteBound(4, M_DOWN, B)).toBe(true);
  });

  it('an exact integer bound stays plain: m = 1/2, b_rel = 0 gives N <= 4', () => {
    expect(feasibility(0.5, 0).message).toBe(
      '3m = 3/2 > 1 + b_rel = 1: N <= 4m/(3m-1-b_rel) = 4 for every d',
    );
  });
});
