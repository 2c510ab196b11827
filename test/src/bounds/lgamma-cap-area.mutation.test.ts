import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { betaContinuedFraction } from '../../../src/bounds/beta.js';
import {
  log10CapAreaCos,
  logCapArea,
  logCapAreaCos,
  logCapAreaCosSplit,
  logCapAreaHalfAngle,
  logCapAreaHalfAngleSplit,
  MAX_CAP_DIMENSION,
} from '../../../src/bounds/cap-area.js';
import { lgamma, lgammaRatio, logBeta, logBinomial, stirlingCorrection } from '../../../src/bounds/lgamma.js';
import { UsageError } from '../../../src/errors.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

/** mpmath values (scripts/oracles/bounds_float.py). */
const fx = JSON.parse(readFileSync('test/fixtures/hp/bounds-float.json', 'utf8')) as {
  lgamma: { x: number; value: string }[];
  stirling: { x: number; value: string }[];
  ratio: { a: number; b: number; value: string }[];
  logBeta: { a: number; b: number; value: string }[];
  logBinomial: { n: number; k: number; value: string }[];
  continuedFraction: { x: number; a: number; b: number; value: string }[];
  continuedFractionOddC: { x: number; a: number; b: number; value: string }[];
};

/** |got - want| <= ulps * EPS * max(|want|, floor). */
function near(got: number, want: number, ulps: number, floor = 0): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(ulps * EPS * Math.max(Math.abs(want), floor));
}

describe('float ln Gamma against mpmath', () => {
  it('lgamma below and above the Stirling switch x = 15, half-integers up to 200.5 included (<= 16 ulps)', () => {
    for (const r of fx.lgamma) near(lgamma(r.x), Number(r.value), 16);
  });
  it('half-integers below 15 come from exact products: ln Gamma(1) = ln Gamma(2) = 0 exactly, ln Gamma(3) = ln 2', () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    expect(lgamma(3)).toBe(Math.log(2));
    // ln(1/2) + ln sqrt(pi): two roundings of numbers below 1 in magnitude
    near(lgamma(0.5), Math.log(Math.sqrt(Math.PI)), 2, 1);
    near(lgamma(1.5), Math.log(Math.sqrt(Math.PI) / 2), 2, 1);
  });
  it('the Stirling correction S(x) with B_2..B_12 to 5e-18 absolute (the omitted B_14 term is 3.3e-18 at 15)', () => {
    for (const r of fx.stirling)
      expect(Math.abs(stirlingCorrection(r.x) - Number(r.value))).toBeLessThanOrEqual(5e-18);
  });
  it('lgammaRatio on both branches (a < 15: a difference, a >= 15: the expanded Stirling form)', () => {
    // a < 15 is a difference of two lgamma values: its error is a few ulps of ln Gamma(a + b)
    for (const r of fx.ratio) near(lgammaRatio(r.a, r.b), Number(r.value), 8, lgamma(r.a + r.b));
    expect(lgammaRatio(3.3, 0)).toBe(0);
  });
  it('logBeta is symmetric and matches mpmath; logBinomial at real n, k and exactly 0 at k = 0, n', () => {
    for (const r of fx.logBeta) {
      near(logBeta(r.a, r.b), Number(r.value), 16);
      near(logBeta(r.b, r.a), Number(r.value), 16);
    }
    for (const r of fx.logBinomial) near(logBinomial(r.n, r.k), Number(r.value), 16);
    // through the beta function these two are ~1e-15, not 0
    expect(logBinomial(7.3, 0)).toBe(0);
    expect(logBinomial(7.3, 7.3)).toBe(0);
  });
  it('lgamma refuses x <= 0, NaN and infinity', () => {
    for (const x of [0, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => lgamma(x)).toThrow(RangeError);
    expect(lgamma(Number.MIN_VALUE)).toBeCloseTo(-Math.log(Number.MIN_VALUE), 10);
  });
});

describe('the beta continued fraction where a Lentz denominator is exactly 0', () => {
  it('d_0 = 0, d = 0 after an odd step and c = 0 after an even step are stepped over (TINY), as mpmath', () => {
    // x here lies past the switch point, where logBetaInc would not call it; the fraction still converges
    for (const r of fx.continuedFraction) {
      const want = Number(r.value);
      const got = betaContinuedFraction(r.x, r.a, r.b);
      expect(Math.abs(got - want), `x = ${r.x}, a = ${r.a}, b = ${r.b}`).toBeLessThanOrEqual(1e-12 * want);
    }
  });
  it('c = 0 after the second odd step (x = 5/8, a = 17/4, b = 91/4) is stepped over too, as mpmath', () => {
    // far past the switch point (a + 1)/(a + b + 2) = 0.18 the fraction is good to about 1e-9 here
    // (measured 8.5e-10 and 5.7e-10 at x = 0.62 and 0.6251); without the guard it is NaN
    for (const r of fx.continuedFractionOddC) {
      const want = Number(r.value);
      const got = betaContinuedFraction(r.x, r.a, r.b);
      expect(Math.abs(got - want), `x = ${r.x}, a = ${r.a}, b = ${r.b}`).toBeLessThanOrEqual(2e-9 * want);
    }
  });
});

describe('cap areas from the closed forms Omega_2(theta) = theta/pi, Omega_3(theta) = (1 - cos theta)/2', () => {
  it('logCapAreaCos: acute and obtuse caps, the ends s = +-1 and the circle', () => {
    near(logCapAreaCos(3, 0.5), Math.log(0.25), 16);
    near(logCapAreaCos(3, -0.5), Math.log(0.75), 16);
    near(logCapAreaCos(2, -0.3), Math.log(Math.acos(-0.3) / Math.PI), 16);
    near(logCapAreaCos(2, 0.3), Math.log(Math.acos(0.3) / Math.PI), 16);
    expect(logCapAreaCos(3, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(logCapAreaCos(3, -1)).toBe(0);
    // S^0 is two points: a cap of angle below pi holds one of them
    expect(logCapAreaCos(1, 0.9)).toBe(-Math.LN2);
    expect(logCapAreaCos(1, -0.9)).toBe(-Math.LN2);
    near(log10CapAreaCos(3, 0.5), Math.log10(0.25), 16);
  });
  it('logCapArea: theta = 0, pi, the two halves and S^0', () => {
    near(logCapArea(3, Math.PI / 3), Math.log((1 - Math.cos(Math.PI / 3)) / 2), 16);
    near(logCapArea(3, (2 * Math.PI) / 3), Math.log((1 - Math.cos((2 * Math.PI) / 3)) / 2), 16);
    near(logCapArea(2, 2.5), Math.log(2.5 / Math.PI), 16);
    expect(logCapArea(3, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(logCapArea(3, Math.PI)).toBe(0);
    expect(logCapArea(1, 1)).toBe(-Math.LN2);
    expect(logCapArea(1, 3)).toBe(-Math.LN2);
  });
  it('half-angle caps: Omega_3(theta/2) = (1 - sqrt((1 + s)/2))/2', () => {
    for (const s of [-1, -0.5, 0, 0.5, 0.9]) {
      const want = Math.log((1 - Math.sqrt((1 + s) / 2)) / 2);
      near(logCapAreaHalfAngle(3, s), want, 32);
      near(logCapAreaHalfAngleSplit(3, 1 - s, 1 + s), want, 32);
    }
    expect(logCapAreaHalfAngle(1, 0.5)).toBe(-Math.LN2);
    expect(logCapAreaHalfAngleSplit(1, 0.5, 1.5)).toBe(-Math.LN2);
    // 1 - s = 4e-300: Omega_3(theta/2) = sin^2(theta/4) = (1 - s)/8 to first order
    near(logCapAreaHalfAngleSplit(3, 4e-300, 2), Math.log(5e-301), 16);
  });
  it('split forms keep 1 - s and ln(1 - s) where s rounds to 1 (Omega_3 = (1 - s)/2)', () => {
    near(logCapAreaCosSplit(3, 4e-300, 2), Math.log(2e-300), 16);
    near(logCapAreaCosSplit(3, 1.5, 0.5), Math.log(0.75), 16);
    // 1 - s = 1e-310 is subnormal (few digits): the caller's ln(1 - s) carries them
    const ln = -310 * Math.LN10;
    near(logCapAreaCosSplit(3, 1e-310, 2, ln), ln - Math.LN2, 16);
    near(logCapAreaHalfAngleSplit(3, 1e-310, 2, ln), ln - 3 * Math.LN2, 16);
    expect(logCapAreaCosSplit(3, 0, 2)).toBe(Number.NEGATIVE_INFINITY);
    // 1 - s = 1e-330 underflows to 0 as a double: ln(1 - s) alone carries the point
    const ln330 = -330 * Math.LN10;
    near(logCapAreaCosSplit(3, 0, 2, ln330), ln330 - Math.LN2, 16);
    expect(logCapAreaCosSplit(3, 2, 0)).toBe(0);
    expect(logCapAreaCosSplit(1, 0.5, 1.5)).toBe(-Math.LN2);
  });
  it('arguments out of range are usage errors (not a RangeError from the beta function)', () => {
    const bad: (() => number)[] = [
      () => logCapAreaCos(0, 0.5),
      () => logCapAreaCos(2.5, 0.5),
      () => logCapAreaCos(MAX_CAP_DIMENSION + 1, 0.5),
      () => logCapAreaCos(3, 1.5),
      () => logCapAreaCos(3, -1.5),
      () => logCapAreaCos(3, Number.NaN),
      () => logCapArea(3, -0.1),
      () => logCapArea(3, 3.2),
      () => logCapArea(0, 1),
      () => logCapAreaHalfAngle(3, 1),
      () => logCapAreaHalfAngle(3, -1.5),
      () => logCapAreaHalfAngle(0, 0),
      () => logCapAreaCosSplit(3, -0.5, 1.5),
      () => logCapAreaCosSplit(3, 0.5, -0.5),
      () => logCapAreaCosSplit(3, 2.5, 0.5),
      () => logCapAreaCosSplit(3, 0.5, 2.5),
      () => logCapAreaCosSplit(0, 0.5, 1.5),
      () => logCapAreaHalfAngleSplit(3, 0, 2),
      () => logCapAreaHalfAngleSplit(3, 2.5, 0.5),
      () => logCapAreaHalfAngleSplit(3, 0.5, -0.5),
      () => logCapAreaHalfAngleSplit(0, 0.5, 1.5),
    ];
    for (const f of bad) expect(f).toThrow(UsageError);
    // the largest dimension is accepted: Omega_n(pi/2) = 1/2 for every n
    near(logCapAreaCos(MAX_CAP_DIMENSION, 0), -Math.LN2, 16);
    near(logCapAreaHalfAngleSplit(3, 2, 0), -Math.LN2, 32); // theta = pi: the half angle is pi/2
  });
});
