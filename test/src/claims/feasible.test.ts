import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { feasibleBRel, feasibleExactly, feasibleMargin } from '../../../src/claims/feasible.js';
import { exactDecimalString } from '../../../src/numeric/hp/decimal.js';

const dec = (x: number) => new Decimal(exactDecimalString(x));
const up = (x: number) => x + x * Number.EPSILON; // at least one ulp above, for x > 0

describe('feasible margins on the boundary', () => {
  it('u = 1 lands on m + b_rel = 1 or 3m = 1 + b_rel: inside exactly, one step up is outside', () => {
    for (const b of [0.7, 0.5000000000000001, 0.95, 0.1, -0.5, -0.9, 0.3]) {
      const m = feasibleMargin(1, b);
      expect(feasibleExactly(m, b), `b = ${b}`).toBe(true);
      expect(feasibleExactly(up(m), b), `b = ${b}, one ulp up`).toBe(false);
    }
    // independent of the helper: the exact decimal sum for b = 0.7
    const m = feasibleMargin(1, 0.7);
    expect(dec(m).plus(dec(0.7)).lte(1)).toBe(true);
  });

  it('a b_rel move that overshoots m + b_rel = 1 is brought back to the last feasible double', () => {
    const m = 0.14706370928324755;
    const target = -0.5588088721502573 + (1 - m + 0.5588088721502573);
    const b = feasibleBRel(m, target);
    expect(dec(m).plus(dec(b)).lte(1)).toBe(true);
    expect(
      dec(m)
        .plus(dec(up(b)))
        .gt(1),
    ).toBe(true);
  });
});
