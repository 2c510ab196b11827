import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { xi, xiAndCov, xiCov } from '../../../src/geometry/xi.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';

// xi and xiCov against their definitions evaluated in 60-digit decimals: xi = mean ||D_i|| -
// ||mean D||, xiCov = mean ||D_i||^2 - ||mean D||^2, D_i = U_i - V_{l(i)}. The inputs are dyadic,
// so every D_i is exact in float64 and the decimal value is the true one (the code takes another
// route: the perpendicular parts of the D_i against the mean direction).

const D = Decimal.clone({ precision: 60 });

function byDefinition(u: Matrix, v: Matrix, labels?: number[]): { xi: Decimal; xiCov: Decimal } {
  const n = u.rows;
  const d = u.cols;
  const mean = Array.from({ length: d }, () => new D(0));
  let sumNorm = new D(0);
  let sumSq = new D(0);
  for (let i = 0; i < n; i++) {
    const j = labels === undefined ? i : labels[i]!;
    let sq = new D(0);
    for (let k = 0; k < d; k++) {
      const x = new D(u.data[i * d + k]!).minus(v.data[j * d + k]!);
      mean[k] = mean[k]!.plus(x);
      sq = sq.plus(x.times(x));
    }
    sumSq = sumSq.plus(sq);
    sumNorm = sumNorm.plus(sq.sqrt());
  }
  const m2 = mean.reduce((s, x) => s.plus(x.div(n).pow(2)), new D(0));
  return { xi: sumNorm.div(n).minus(m2.sqrt()), xiCov: sumSq.div(n).minus(m2) };
}

/** |got - want| <= rel |want|: rel = 1e-14 is a few ulps of these order-one sums (n <= 4, d <= 3). */
function near(got: number, want: Decimal, rel: number): void {
  const err = new D(got).minus(want).abs();
  expect(err.lte(want.abs().times(rel)), `${got} vs ${want.toSignificantDigits(20)}`).toBe(true);
}

describe('xi and xiCov: exact values of their definitions', () => {
  // D = (1, 1/2, 0), (1/4, 1, -1/2), (-1, -1/4, 1/8): the third points against the mean
  const v = fromRows([
    [0.5, -0.25, 1],
    [0, 0.5, 0.25],
    [-0.75, 1, 0.5],
  ]);
  const dRows = [
    [1, 0.5, 0],
    [0.25, 1, -0.5],
    [-1, -0.25, 0.125],
  ];
  const u = fromRows(dRows.map((r, i) => r.map((x, k) => x + v.data[i * 3 + k]!)));

  it('three differences, one of them at an obtuse angle to the mean', () => {
    const want = byDefinition(u, v);
    // order one and well separated from 0: a dropped term or a wrong divisor moves it by > 10%
    expect(want.xi.gt(0.5)).toBe(true);
    near(xi(u, v), want.xi, 1e-14);
    near(xiCov(u, v), want.xiCov, 1e-14);
    expect(xiAndCov(u, v)).toEqual({ xi: xi(u, v), xiCov: xiCov(u, v) });
  });

  it('with labels: D_i = U_i - V_{labels[i]}', () => {
    const labels = [2, 0, 0, 1];
    const w = fromRows([
      [1, 0.5, 0],
      [0.25, -1, 0.5],
      [0.75, 0.75, -0.25],
      [0, 0.125, 1],
    ]);
    const want = byDefinition(w, v, labels);
    expect(want.xi.gt(0.1)).toBe(true);
    near(xi(w, v, labels), want.xi, 1e-14);
    near(xiCov(w, v, labels), want.xiCov, 1e-14);
    const both = xiAndCov(w, v, labels);
    near(both.xi, want.xi, 1e-14);
    near(both.xiCov, want.xiCov, 1e-14);
  });

  it('nearly parallel differences: xi about 2^-55, kept to relative accuracy', () => {
    // D = (1, 2^-27), (1, -2^-27), (2, 3 2^-27): ||D_i|| rounds to the plain norm, so
    // mean||D_i|| - ||mean D|| in float64 would cancel to 0 or to a rounding error of 2^-53
    const t = 2 ** -27;
    const z = fromRows([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const p = fromRows([
      [1, t],
      [1, -t],
      [2, 3 * t],
    ]);
    const want = byDefinition(p, z);
    expect(want.xi.gt(1e-17) && want.xi.lt(1e-15)).toBe(true);
    near(xi(p, z), want.xi, 1e-12);
    near(xiAndCov(p, z).xi, want.xi, 1e-12);
  });
});

describe('xi and xiCov name themselves in their refusals', () => {
  const a = fromRows([
    [1, 0],
    [0, 1],
  ]);
  const b = fromRows([
    [1, 0, 0],
    [0, 1, 0],
  ]);
  it('a dimension mismatch', () => {
    expect(() => xi(a, b)).toThrow(/^xi: U has dimension 2 but V has dimension 3$/);
    expect(() => xiCov(a, b)).toThrow(/^xiCov: U has dimension 2 but V has dimension 3$/);
    expect(() => xiAndCov(a, b)).toThrow(/^xi: U has dimension 2 but V has dimension 3$/);
  });
});
