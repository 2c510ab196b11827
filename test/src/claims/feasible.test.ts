import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { forwardRow } from '../../../src/bounds/table.js';
import {
  FEASIBLE_EDGES,
  feasibleBRel,
  feasibleExactly,
  feasibleMargin,
} from '../../../src/claims/feasible.js';
import { exactDecimalString } from '../../../src/numeric/hp/decimal.js';

/** The value the bounds table reads: the decimal a double prints as when it has <= 15 significant digits, else its binary value. */
const dec = (x: number) => {
  const digits = String(x).replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').length;
  return new Decimal(digits <= 15 ? String(x) : exactDecimalString(x));
};
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

  it('u = 1 is the boundary as the table reads it: 3m = 1 + b_rel exactly, so rho = 0', () => {
    // (1 + b)/3 in doubles is 0.39999999999999997 for b = 0.2; the table reads 0.4 as 2/5
    for (const [b, want] of [
      [0.2, 0.4],
      [-0.25, 0.25],
      [0.5, 0.5],
    ] as const) {
      const m = feasibleMargin(1, b);
      expect(m, `b = ${b}`).toBe(want);
      expect(dec(m).times(3).eq(dec(b).plus(1)), `b = ${b}`).toBe(true);
      expect(forwardRow(64, m, b).rho, `b = ${b}`).toBe(0);
    }
  });

  it('a b_rel move is feasible to the table: m = 0.025000000000000022 (binary) with b_rel = 0.975 (39/40) is not', () => {
    const m = 0.025000000000000022;
    // in binary m + 0.975 <= 1, as the table reads them m + 39/40 > 1
    expect(new Decimal(exactDecimalString(m)).plus(exactDecimalString(0.975)).lte(1)).toBe(true);
    expect(forwardRow(3, m, 0.975).feasible).toBe(false);
    const b = feasibleBRel(m, 0.975);
    expect(b).toBeLessThan(0.975);
    expect(forwardRow(3, m, b).feasible).toBe(true);
    expect(forwardRow(3, m, b).log10NUpper).not.toBeNull();
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

describe('the declared edges of the feasible region', () => {
  it('m + b_rel = 1 is u = 1 with b_rel >= 1/2, 3m = 1 + b_rel is u = 1 with b_rel <= 1/2; both at b_rel = 1/2', () => {
    const [sum, triple] = FEASIBLE_EDGES;
    const on = (u: number, bRel: number) => [sum.on({ u, bRel }), triple.on({ u, bRel })];
    expect(on(1, 0.7)).toEqual([true, false]);
    expect(on(1, 0.3)).toEqual([false, true]);
    expect(on(1, 0.5)).toEqual([true, true]);
    expect(on(0.5, 0.7)).toEqual([false, false]);
    expect(on(0.5, 0.3)).toEqual([false, false]);
    // and the point feasibleMargin puts there is on that edge as the table reads it
    expect(forwardRow(64, feasibleMargin(1, 0.3), 0.3).rho).toBeLessThan(1e-15);
    const m = feasibleMargin(1, 0.75);
    expect(dec(m).plus(dec(0.75)).eq(1)).toBe(true);
  });
});
