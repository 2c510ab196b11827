import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { xi, xiAndCov, xiCov } from '../../../src/geometry/xi.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { ulpDistance } from '../../__helpers__/ulps.js';

// The oracle: E||D||^2 - ||E D||^2 of the exact differences of the input doubles, in decimal.js at
// 300 digits (every double here has an exact expansion of at most ~80 digits, its square ~160).
const D = hpContext(300);

function exactCov(u: Matrix, v: Matrix): Decimal {
  const { rows: n, cols: d } = u;
  const sum: Decimal[] = Array.from({ length: d }, () => new D(0));
  let sq = new D(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const x = exact(D, u.data[i * d + k]!).minus(exact(D, v.data[i * d + k]!));
      sum[k] = sum[k]!.plus(x);
      sq = sq.plus(x.times(x));
    }
  }
  let m2 = new D(0);
  for (const s of sum) m2 = m2.plus(s.div(n).pow(2));
  return sq.div(n).minus(m2);
}

/**
 * Unit rows U_i = (r cos a_i, r sin a_i, h), V_i = (r cos b_i, r sin b_i, -h) with b_i = a_i + noise:
 * every difference is (about) the constant (0, 0, 2h), its spread ~ (r noise)^2, far below
 * u ||D||^2.
 */
function nearConstant(n: number, noise: number, seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const u = new Float64Array(n * 3);
  const v = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = 2 * Math.PI * rng.uniform();
    const b = a + noise * rng.normal();
    u.set([0.8 * Math.cos(a), 0.8 * Math.sin(a), 0.6], 3 * i);
    v.set([0.8 * Math.cos(b), 0.8 * Math.sin(b), -0.6], 3 * i);
  }
  return { u: { rows: n, cols: 3, data: u }, v: { rows: n, cols: 3, data: v } };
}

function randomUnit(n: number, d: number, seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const row = () => {
    const x = Array.from({ length: d }, () => rng.normal());
    const s = Math.hypot(...x);
    return x.map((y) => y / s);
  };
  const matrix = (): Matrix => ({
    rows: n,
    cols: d,
    data: Float64Array.from(Array.from({ length: n }, row).flat()),
  });
  return { u: matrix(), v: matrix() };
}

describe('xiCov against the exact differences in decimal.js', () => {
  it('differences nearly constant: the spread to a few ulps, not u ||D||^2 of cancellation', () => {
    for (const [noise, seed] of [
      [1e-7, 1],
      [1e-5, 2],
      [1e-9, 3],
    ] as const) {
      const { u, v } = nearConstant(300, noise, seed);
      const want = exactCov(u, v);
      // the spread is tiny: the plain E||D||^2 - ||E D||^2 is off by ~ u * 1.44 in absolute terms
      expect(want.toNumber()).toBeLessThan(1e-9);
      const got = xiCov(u, v);
      // every D_i exact, deviations about the double mean m exact up to one rounding each, their
      // squares and the compensated sum within a few ulps; ||M - m||^2 is ~ulp^2 of ||D||^2
      expect(ulpDistance(got, want), `noise ${noise}: ${got} vs ${want.toNumber()}`).toBeLessThanOrEqual(8);
      expect(xiAndCov(u, v).xiCov).toBe(got);
    }
  });

  it('differences exactly constant: 0', () => {
    const { u, v } = nearConstant(200, 0, 4);
    expect(exactCov(u, v).isZero()).toBe(true);
    expect(xiCov(u, v)).toBe(0);
  });

  it('general unit rows (d = 8): within a few ulps', () => {
    const { u, v } = randomUnit(200, 8, 5);
    const want = exactCov(u, v);
    const got = xiCov(u, v);
    expect(ulpDistance(got, want), `${got} vs ${want.toNumber()}`).toBeLessThanOrEqual(8);
  });

  it('means that are not doubles: the shift ||M - m||^2 is accounted for', () => {
    // one coordinate, V = 0: D = (1, 1 + 2^-52, 1 + 2^-51), M = 1 + 2^-52, spread (2/3) 2^-104; and
    // D = (1, 2^-60, 0), M = (1 + 2^-60) / 3, which no double equals
    const c = (xs: number[]): Matrix => ({ rows: xs.length, cols: 1, data: Float64Array.from(xs) });
    for (const xs of [
      [1, 1 + 2 ** -52, 1 + 2 ** -51],
      [1, 2 ** -60, 0],
      [0.1, 0.2, 0.3, 0.7],
      // M = 1 + 2^-52 / 3: m = 1, deviations (0, 0, 2^-52) about it, ||M - m||^2 = 2^-104 / 9 of the
      // spread 2^-104 (1/3 - 1/9)
      [1, 1, 1 + 2 ** -52],
    ]) {
      const u = c(xs);
      const zero = c(xs.map(() => 0));
      expect(ulpDistance(xiCov(u, zero), exactCov(u, zero)), `${xs}`).toBeLessThanOrEqual(2);
    }
  });

  it('differences that are not doubles (U_i - V_i of opposite signs rounded in float64), spread ~1e-19', () => {
    const rng = new Rng(6);
    const n = 100;
    const u: Matrix = {
      rows: n,
      cols: 1,
      data: Float64Array.from({ length: n }, () => 0.7 + 1e-9 * rng.uniform()),
    };
    const v: Matrix = {
      rows: n,
      cols: 1,
      data: Float64Array.from({ length: n }, () => -0.3 - 1e-9 * rng.uniform()),
    };
    let inexact = 0;
    for (let i = 0; i < n; i++) {
      const s = u.data[i]! - v.data[i]!;
      if (!exact(D, s).eq(exact(D, u.data[i]!).minus(exact(D, v.data[i]!)))) inexact++;
    }
    expect(inexact).toBeGreaterThan(n / 4);
    expect(ulpDistance(xiCov(u, v), exactCov(u, v))).toBeLessThanOrEqual(8);
  });

  it('xi of nearly constant differences stays positive and small (the same exact differences)', () => {
    const { u, v } = nearConstant(300, 1e-7, 1);
    const x = xi(u, v);
    expect(x).toBeGreaterThan(0);
    // xi = mean(||D_i|| - <D_i, e>) ~ spread / (2 ||D||) for a spread along the perpendicular
    const cov = xiCov(u, v);
    expect(Math.abs(x - cov / 2.4) / (cov / 2.4)).toBeLessThan(0.05);
  });

  it('xi when the mean difference is exactly 0: mean ||D_i|| (sqrt 2 here)', () => {
    const u: Matrix = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
    const v: Matrix = { rows: 2, cols: 2, data: Float64Array.of(0, 1, 1, 0) };
    expect(xi(u, v)).toBe(Math.SQRT2);
    expect(xiAndCov(u, v)).toEqual({ xi: Math.SQRT2, xiCov: 2 });
  });

  it('xi with a difference exactly against the mean (||D_i|| + <D_i, e> = 0): 2/3', () => {
    // d = 1: D = (3, -1, 1), mean 1, e = 1: xi = 5/3 - 1; the perpendicular route would be 0/0
    const u: Matrix = { rows: 3, cols: 1, data: Float64Array.of(3, 0, 1) };
    const v: Matrix = { rows: 3, cols: 1, data: Float64Array.of(0, 1, 0) };
    expect(ulpDistance(xi(u, v), new D(2).div(3))).toBeLessThanOrEqual(2);
  });
});
