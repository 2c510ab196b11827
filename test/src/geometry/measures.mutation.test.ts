import { describe, expect, it } from 'vitest';
import { isConstellation } from '../../../src/geometry/margins.js';
import { normStats, unitNormTolerance } from '../../../src/geometry/norms.js';
import { margins, trimmedMargins } from '../../../src/geometry/margins.js';
import { scanPairs } from '../../../src/geometry/pairs.js';
import { lerpNumpy, quantileRanks, quantileSorted, selectRanks } from '../../../src/geometry/quantile.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';

// Small hand cases of the geometry helpers: expected values from the definitions (dyadic inputs:
// exact) and from numpy 2.4 (`np.quantile(np.array([0.1, 0.7]), p)`, printed with repr).

describe('normStats', () => {
  it('min, max, max | ||x||^2 - 1 | and the row attaining it (first on ties)', () => {
    // squared norms 1, 4, 0.25, 4: deviations 0, 3, 0.75, 3
    const s = normStats(
      fromRows([
        [1, 0],
        [0, 2],
        [0.5, 0],
        [-2, 0],
      ]),
    );
    expect(s).toEqual({ min: 0.5, max: 2, maxDeviation: 3, worstRow: 1 });
  });
  it('unit rows: deviation 0, worst row 0; a zero row has norm 0 and deviation 1', () => {
    expect(
      normStats(
        fromRows([
          [0, 1],
          [1, 0],
        ]),
      ),
    ).toEqual({ min: 1, max: 1, maxDeviation: 0, worstRow: 0 });
    expect(
      normStats(
        fromRows([
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toEqual({ min: 0, max: 1, maxDeviation: 1, worstRow: 1 });
  });
  it('rows above and below 1: min and max are not the first row', () => {
    expect(
      normStats(
        fromRows([
          [1, 0],
          [0.75, 0],
          [0, 1.5],
          [1, 0],
        ]),
      ),
    ).toEqual({
      min: 0.75,
      max: 1.5,
      maxDeviation: 1.25,
      worstRow: 2,
    });
  });
});

describe('unitNormTolerance', () => {
  it('(2d + 4) u', () => {
    expect(unitNormTolerance(1, 2 ** -53)).toBe(6 * 2 ** -53);
    expect(unitNormTolerance(1152, 2 ** -24)).toBe(2308 * 2 ** -24);
  });
});

describe('numpy linear quantile', () => {
  it('quantileRanks: h = (n - 1) p, lower floor(h), upper min(lower + 1, n - 1), weight h - lower', () => {
    expect(quantileRanks(5, 0.5)).toEqual({ lower: 2, upper: 3, weight: 0 });
    expect(quantileRanks(5, 0.125)).toEqual({ lower: 0, upper: 1, weight: 0.5 });
    expect(quantileRanks(5, 1)).toEqual({ lower: 4, upper: 4, weight: 0 });
    expect(quantileRanks(5, 0)).toEqual({ lower: 0, upper: 1, weight: 0 });
    expect(quantileRanks(1, 0.75)).toEqual({ lower: 0, upper: 0, weight: 0 });
    expect(quantileRanks(9, 0.9375)).toEqual({ lower: 7, upper: 8, weight: 0.5 });
  });
  it('lerpNumpy switches formula at t = 1/2 exactly like numpy _lerp', () => {
    // numpy: 0.28 (a + d t), 0.39999999999999997 (b - d (1 - t)), 0.45999999999999996
    expect(lerpNumpy(0.1, 0.7, 0.3)).toBe(0.28);
    expect(lerpNumpy(0.1, 0.7, 0.5)).toBe(0.39999999999999997);
    expect(lerpNumpy(0.1, 0.7, 0.6)).toBe(0.45999999999999996);
    expect(lerpNumpy(0.1, 0.7, 0)).toBe(0.1);
    expect(lerpNumpy(0.1, 0.7, 1)).toBe(0.7);
  });
  it('quantileSorted equals numpy.quantile', () => {
    // np.quantile([-3, -1, 0.5, 2, 7], p) for p = 0, .05, .25, .5, .9, .95, 1
    const x = Float64Array.of(-3, -1, 0.5, 2, 7);
    const want = [-3, -2.6, -1, 0.5, 5, 5.999999999999999, 7];
    for (const [i, p] of [0, 0.05, 0.25, 0.5, 0.9, 0.95, 1].entries()) {
      expect(quantileSorted(x, p), `p = ${p}`).toBe(want[i]);
    }
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
  });
});

describe('isConstellation at its boundary (m <= m*, |b - b*| <= m* - m, inclusive)', () => {
  it('dyadic values on and just past each boundary', () => {
    expect(isConstellation(0.5, 0.25, 0.5, 0.25)).toBe(true);
    expect(isConstellation(0.5, 0.25, 0.5 + 2 ** -20, 0.25)).toBe(false);
    expect(isConstellation(0.5, 0.25, 0.25, 0.5)).toBe(true);
    expect(isConstellation(0.5, 0.25, 0.25, 0.0)).toBe(true);
    expect(isConstellation(0.5, 0.25, 0.25, 0.5 + 2 ** -20)).toBe(false);
    expect(isConstellation(0.5, 0.25, 0.25, -(2 ** -20))).toBe(false);
    expect(isConstellation(-0.25, 0, -0.5, 0.25)).toBe(true);
  });
});

describe('selectRanks with ranks in any order', () => {
  it('unsorted, repeated and out-of-range ranks: each wanted rank holds the sorted value', () => {
    const rng = new Rng(31);
    const x = Float64Array.from({ length: 200 }, () => rng.normal());
    const sorted = Float64Array.from(x).sort();
    const y = Float64Array.from(x);
    selectRanks(y, [170, 12, -1, 95, 12, 200, 3, 150]);
    for (const r of [3, 12, 95, 150, 170]) expect(y[r], `rank ${r}`).toBe(sorted[r]);
    // a permutation of x
    expect(Float64Array.from(y).sort()).toEqual(sorted);
    const z = Float64Array.from(x);
    selectRanks(z, [-5, 200]);
    expect(z).toEqual(x);
  });
});

describe('margins and trimmedMargins (the scan, with and without labels)', () => {
  const rng = new Rng(41);
  const u = randomUnitRows(30, 4, rng.fork('u'));
  const v = randomUnitRows(10, 4, rng.fork('v'));
  const labels = Array.from({ length: 30 }, (_, i) => (i * 7) % 10);
  it('margins pass the labels through', () => {
    expect(margins(u, v, labels)).toEqual(scanPairs(u, v, { labels }).margins);
    const square = randomUnitRows(30, 4, rng.fork('w'));
    expect(margins(u, square)).toEqual(scanPairs(u, square, {}).margins);
    expect(margins(u, v, labels)).not.toEqual(margins(u, randomUnitRows(30, 4, rng.fork('x'))));
  });
  it('trimmedMargins: the trimmed margins of the scan, with and without labels', () => {
    const square = randomUnitRows(30, 4, rng.fork('w'));
    expect(trimmedMargins(u, square, 0.1)).toEqual(scanPairs(u, square, { trim: 0.1 }).trimmed);
    expect(trimmedMargins(u, v, 0.05, labels)).toEqual(scanPairs(u, v, { trim: 0.05, labels }).trimmed);
    expect(trimmedMargins(u, v, 0.05, labels)).not.toEqual(trimmedMargins(u, square, 0.05));
  });
});
