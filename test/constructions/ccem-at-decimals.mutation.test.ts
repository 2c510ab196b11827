import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  type DecimalValue,
  floatOptimumAtDecimals,
  NEAR_EDGE_OFFSET,
  nearRegimeEdge,
} from '../../constructions/ccem-at-decimals.js';
import { type CcemOptimum, ccemOptimum } from '../../constructions/ccem.js';
import { hpContext } from '../../src/numeric/hp/decimal.js';
import { ulpDistance } from '../__helpers__/ulps.js';

const D = hpContext(50);
const typed = (text: string): DecimalValue => ({ text, x: Number(text.trim()) });

/**
 * The interior CCEM optimum near x = 1 by an independent route: bisection on y = 1 - x of
 * f'(x)/t = -sigma(b - t x) + ((N-2)/2) sigma(t c2(x) - b), c2(x) = ((N-2) x - N) / (2 (N-1))
 * (docs/theory.md §1), at 50 digits, over [yMin, yMax] where f'(1 - yMin) > 0 > f'(1 - yMax).
 */
function interiorNearEtf(
  n: number,
  tText: string,
  bText: string,
  yMin: string,
  yMax: string,
): { y: Decimal; loss: Decimal } {
  const t = new D(tText);
  const b = new D(bText);
  const sigma = (z: Decimal) => new D(1).div(new D(1).plus(z.neg().exp()));
  const softplus = (z: Decimal) => new D(1).plus(z.exp()).ln();
  const c2 = (x: Decimal) =>
    x
      .times(n - 2)
      .minus(n)
      .div(2 * (n - 1));
  const slope = (x: Decimal) =>
    sigma(b.minus(t.times(x)))
      .neg()
      .plus(sigma(t.times(c2(x)).minus(b)).times((n - 2) / 2));
  let lo = new D(yMin);
  let hi = new D(yMax);
  expect(slope(new D(1).minus(lo)).isPositive()).toBe(true);
  expect(slope(new D(1).minus(hi)).isNegative()).toBe(true);
  // 64 halvings of a bracket below 1e-16: the root to 1e-35, some 1e-18 of y
  for (let k = 0; k < 64; k++) {
    const mid = lo.plus(hi).div(2);
    if (slope(new D(1).minus(mid)).isPositive()) lo = mid;
    else hi = mid;
  }
  const x = new D(1).minus(lo);
  return { y: lo, loss: softplus(b.minus(t.times(x))).plus(softplus(t.times(c2(x)).minus(b)).times(n - 1)) };
}

describe('nearRegimeEdge: the float regime test undecided, or an interior offset below 2^-10', () => {
  it('N = 4 is always near an edge (the float test leaves N = 4 to the exact decision)', () => {
    // interior at t = 4, b = 1 with 1 - c1* = (t - 3b)/(2t) = 1/8, far from both ends
    expect(nearRegimeEdge(4, 4, 1)).toBe(true);
  });

  it('clear ETF, clear antipodal and a mid-range interior optimum are not near an edge (N = 8)', () => {
    // t = b = 10 is far above T_ETF(8) = (7/8) ln 5 = 1.408; t + b = 0.2 is below ln 3 (antipodal);
    // t = 2, b = 1: 1 - c1* = 0.4496
    expect(nearRegimeEdge(8, 10, 10)).toBe(false);
    expect(nearRegimeEdge(8, 0.1, 0.1)).toBe(false);
    expect(nearRegimeEdge(8, 2, 1)).toBe(false);
  });

  it('an interior optimum with 1 + c1* < 2^-10 (t = b just above the antipodal edge t + b = ln 3) is near', () => {
    // t + b - ln 3 = 1.9e-4: the float test is clear of its 2^-40 bound, and 1 + c1* = 6.0e-4
    const o = ccemOptimum(8, 0.5494, 0.5494);
    expect(o.regime).toBe('interior');
    expect(2 - o.oneMinusC1).toBeLessThan(NEAR_EDGE_OFFSET);
    expect(2 - o.oneMinusC1).toBeGreaterThan(NEAR_EDGE_OFFSET / 4);
    expect(nearRegimeEdge(8, 0.5494, 0.5494)).toBe(true);
  });

  it('the optimum passed in is the one judged (an interior offset of 2^-11 is near; 2^-10 and 2^-9 are not)', () => {
    const o = ccemOptimum(8, 2, 1);
    expect(nearRegimeEdge(8, 2, 1, { ...o, oneMinusC1: 2 ** -11 })).toBe(true);
    expect(nearRegimeEdge(8, 2, 1, { ...o, oneMinusC1: 2 - 2 ** -11 })).toBe(true);
    expect(nearRegimeEdge(8, 2, 1, { ...o, oneMinusC1: 2 ** -9 })).toBe(false);
    expect(nearRegimeEdge(8, 2, 1, { ...o, oneMinusC1: 2 - 2 ** -9 })).toBe(false);
    // the offset itself is not below it
    expect(nearRegimeEdge(8, 2, 1, { ...o, oneMinusC1: NEAR_EDGE_OFFSET })).toBe(false);
  });
});

describe('floatOptimumAtDecimals: the float route away from an edge, the typed decimal near one', () => {
  it('away from an edge the float optimum passed in is returned as it is', () => {
    const o = ccemOptimum(8, 2, 1);
    expect(floatOptimumAtDecimals(8, typed('2'), typed('1'), o)).toBe(o);
  });

  it("N = 4, t = 3b exactly: ETF (f'(1) = 0 is the ETF side), c1 = 1, c2 = -1/3, delta = 0", () => {
    const r = floatOptimumAtDecimals(4, typed('3'), typed('1'));
    expect(r.regime).toBe('etf');
    expect([r.c1, r.oneMinusC1, r.delta]).toEqual([1, 0, 0]);
    // c2 = ((N-2) c1 - N)/(2(N-1)) = -2/6
    expect(r.c2).toBe(-1 / 3);
  });

  it('N = 4, t = 4, b = 1: c1* = (1 + 3b/t)/2 = 7/8, c2 = -3/8, delta = sqrt(1/15), each correctly rounded', () => {
    const r = floatOptimumAtDecimals(4, typed(' 4 '), typed('1 '));
    expect(r.regime).toBe('interior');
    expect(r.c1).toBe(0.875);
    expect(r.oneMinusC1).toBe(0.125);
    // c2 = ((N-2) c1 - N)/(2(N-1)) = (7/4 - 4)/6
    expect(r.c2).toBe(-0.375);
    expect(ulpDistance(r.delta, new D(1).div(15).sqrt())).toBeLessThanOrEqual(0.5);
  });

  it('N = 4, t = 41/10, b = 13/10: 1 - c1* = (t - 3b)/(2t) = 1/41, to half an ulp', () => {
    const r = floatOptimumAtDecimals(4, typed('4.1'), typed('1.3'));
    expect(r.regime).toBe('interior');
    expect(ulpDistance(r.oneMinusC1, new D(1).div(41))).toBeLessThanOrEqual(0.5);
    expect(ulpDistance(r.c1, new D(40).div(41))).toBeLessThanOrEqual(0.5);
    // c2 = ((N-2) c1 - N)/(2(N-1)) = (80/41 - 4)/6 = -14/41; delta^2 = (1/41)/(81/41) = 1/81
    expect(ulpDistance(r.c2, new D(-14).div(41))).toBeLessThanOrEqual(0.5);
    expect(ulpDistance(r.delta, new D(1).div(9))).toBeLessThanOrEqual(0.5);
  });

  it('N = 4, t < 3b: ETF inside the region, c1 = 1 (not the interior formula, 1 - c1 = -1/4 at t = 2, b = 1)', () => {
    const r = floatOptimumAtDecimals(4, typed('2'), typed('1'));
    expect(r.regime).toBe('etf');
    expect([r.c1, r.oneMinusC1, r.delta]).toEqual([1, 0, 0]);
  });

  it('N = 4, t + b <= 0: antipodal, c1 = c2 = -1, delta = Infinity (on the edge t + b = 0 and inside it)', () => {
    for (const b of ['-1', '-2']) {
      const r = floatOptimumAtDecimals(4, typed('1'), typed(b));
      expect(r.regime).toBe('antipodal');
      expect([r.c1, r.oneMinusC1, r.c2, r.delta]).toEqual([-1, 2, -1, Number.POSITIVE_INFINITY]);
    }
  });

  it('N = 4 keeps the loss of the float optimum it is given (well conditioned; only c1* is redone)', () => {
    const o: CcemOptimum = { ...ccemOptimum(4, 4.1, 1.3), loss: 0.25, log10Loss: Math.log10(0.25) };
    const r = floatOptimumAtDecimals(4, typed('4.1'), typed('1.3'), o);
    expect([r.loss, r.log10Loss]).toEqual([0.25, Math.log10(0.25)]);
  });

  it('N = 8, t = b = 1.4082581733798378: below T_ETF as a decimal (interior), above it as a double', () => {
    // T_ETF(8) = (7/8) ln 5 = 1.40825817337983799...; the double of the typed text is above it
    expect(ccemOptimum(8, 1.4082581733798378, 1.4082581733798378).regime).toBe('etf');
    const text = '1.4082581733798378';
    const r = floatOptimumAtDecimals(8, typed(` ${text} `), typed(`${text}\n`));
    const e = interiorNearEtf(8, text, text, '1e-17', '1e-16');
    expect(r.regime).toBe('interior');
    expect(ulpDistance(r.oneMinusC1, e.y)).toBeLessThanOrEqual(1);
    expect(ulpDistance(r.c1, new D(1).minus(e.y))).toBeLessThanOrEqual(0.5);
    // c2 = -1/7 - (6/14) y; delta = sqrt(y / (2 - y))
    expect(ulpDistance(r.c2, new D(-1).div(7).minus(e.y.times(3).div(7)))).toBeLessThanOrEqual(1);
    expect(ulpDistance(r.delta, e.y.div(new D(2).minus(e.y)).sqrt())).toBeLessThanOrEqual(1);
    expect(ulpDistance(r.loss, e.loss)).toBeLessThanOrEqual(1);
    expect(ulpDistance(r.log10Loss, e.loss.log(10))).toBeLessThanOrEqual(1);
  });
});
