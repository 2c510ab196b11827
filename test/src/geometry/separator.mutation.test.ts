import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { separator } from '../../../src/geometry/separator.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { vAmongU } from './separator-planar.js';

// The separator's reported numbers recomputed from its h, and its margin against the best margin
// of a brute-force scan over directions in d = 2 (a different algorithm: 2^12 angles, then golden
// section on the bracket: where positive, the margin of a direction is a minimum of cosines of the
// angle, concave, so the grid brackets its maximum).

function dots(h: Float64Array, m: Matrix): number[] {
  return Array.from({ length: m.rows }, (_, i) => {
    let s = 0;
    for (let k = 0; k < m.cols; k++) s += h[k]! * m.data[i * m.cols + k]!;
    return s;
  });
}

/** max over unit h of min(min_i <h, U_i>, min_j -<h, V_j>) in d = 2 (all V separated). */
function bestMargin2d(u: Matrix, v: Matrix): number {
  const f = (a: number) => {
    const h = Float64Array.of(Math.cos(a), Math.sin(a));
    return Math.min(...dots(h, u), ...dots(h, v).map((x) => -x));
  };
  const steps = 2 ** 12;
  let best = 0;
  for (let s = 1; s < steps; s++)
    if (f((2 * Math.PI * s) / steps) > f((2 * Math.PI * best) / steps)) best = s;
  let lo = (2 * Math.PI * (best - 1)) / steps;
  let hi = (2 * Math.PI * (best + 1)) / steps;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (f(a) < f(b)) lo = a;
    else hi = b;
  }
  return f((lo + hi) / 2);
}

function check(u: Matrix, v: Matrix, r: ReturnType<typeof separator>): void {
  expect(Math.abs(Math.hypot(...r.h) - 1)).toBeLessThanOrEqual(4e-16);
  const su = dots(r.h, u);
  const sv = dots(r.h, v);
  const neg = sv.filter((x) => x < 0);
  expect(r.found).toBe(Math.min(...su) > 0);
  expect(r.separatedCount).toBe(neg.length);
  expect(r.fractionSeparated).toBe(neg.length / v.rows);
  expect(r.margin).toBe(Math.min(...su, ...neg.map((x) => -x)));
}

function cone(rng: Rng, n: number, centre: number, spread: number): Matrix {
  return fromRows(
    Array.from({ length: n }, () => {
      const a = centre + spread * (2 * rng.uniform() - 1);
      return [Math.cos(a), Math.sin(a)];
    }),
  );
}

describe('separator', () => {
  it('d = 2, every V separable: the margin is within relativeGap = 1e-3 of the brute-force best', () => {
    const rng = new Rng(17);
    for (let trial = 0; trial < 6; trial++) {
      const u = cone(rng, 5 + trial, Math.PI / 2 + 0.3 * (rng.uniform() - 0.5), 0.9);
      const v = cone(rng, 4 + trial, -Math.PI / 2 + 0.3 * (rng.uniform() - 0.5), 0.9);
      const best = bestMargin2d(u, v);
      expect(best).toBeGreaterThan(0);
      const r = separator(u, v, { relativeGap: 1e-3, maxIterations: 20_000 });
      check(u, v, r);
      expect([r.found, r.separatedCount], `trial ${trial}`).toEqual([true, v.rows]);
      // the duality gap bounds the loss of margin: margin >= (1 - gap) best; nothing beats the best
      expect(r.margin, `trial ${trial}`).toBeGreaterThanOrEqual(best * (1 - 1e-3));
      expect(r.margin).toBeLessThanOrEqual(best * (1 + 1e-12));
    }
  });

  it('V tilted towards the U: later rounds separate the V that round 0 leaves positive', () => {
    const rng = new Rng(23);
    let multiRound = 0;
    for (let trial = 0; trial < 8; trial++) {
      const u = cone(rng, 6, Math.PI / 2, 0.4);
      const v = cone(rng, 6, -Math.PI / 2 + 1.3, 0.5);
      const best = bestMargin2d(u, v);
      if (!(best > 0)) continue;
      const one = separator(u, v, { relativeGap: 1e-4, maxIterations: 20_000, maxRounds: 1 });
      const r = separator(u, v, { relativeGap: 1e-4, maxIterations: 20_000 });
      check(u, v, r);
      if (one.separatedCount < v.rows) multiRound++;
      expect([r.found, r.separatedCount], `trial ${trial}`).toEqual([true, v.rows]);
      expect(r.margin, `trial ${trial}`).toBeGreaterThanOrEqual(best * (1 - 1e-4));
    }
    expect(multiRound).toBeGreaterThan(0);
  });

  it('defaults (200 iterations, gap 1e-2, 20 rounds) reach 1% of the best margin', () => {
    const rng = new Rng(3);
    const u = cone(rng, 8, 1.2, 0.8);
    const v = cone(rng, 7, -1.9, 0.8);
    const r = separator(u, v);
    check(u, v, r);
    expect(r.found).toBe(true);
    expect(r.margin).toBeGreaterThanOrEqual(bestMargin2d(u, v) * 0.99);
  });

  it('U not in an open half-plane: found is false', () => {
    const u = fromRows([
      [1, 0],
      [-1, 0],
      [0, 1],
    ]);
    const v = fromRows([[0, -1]]);
    const r = separator(u, v);
    check(u, v, r);
    expect(r.found).toBe(false);
    expect(r.margin).toBeLessThanOrEqual(0);
  });

  it('V on both sides: separates the V it can, never fewer from round to round', () => {
    const { u, v } = vAmongU();
    const r = separator(u, v, { relativeGap: 1e-6, maxIterations: 5000 });
    check(u, v, r);
    expect([r.found, r.separatedCount]).toEqual([true, 2]);
    // the last round is the maximum-margin separator of the U's from the two separable V's
    const best = bestMargin2d(
      u,
      fromRows([
        [0, -1],
        [0.28, -0.96],
      ]),
    );
    expect(r.margin).toBeGreaterThanOrEqual(best * (1 - 1e-6));
    // one round only: the V's of round 0
    const one = separator(u, v, { relativeGap: 1e-6, maxIterations: 5000, maxRounds: 1 });
    check(u, v, one);
    expect(one.separatedCount).toBeLessThanOrEqual(r.separatedCount);
  });

  it('refuses bad options and shapes, and accepts the smallest valid ones', () => {
    const u = fromRows([[1, 0]]);
    const v = fromRows([[-1, 0]]);
    for (const o of [
      { maxIterations: 0 },
      { maxIterations: 1.5 },
      { relativeGap: 0 },
      { relativeGap: 1 },
      { relativeGap: Number.NaN },
      { maxRounds: 0 },
      { maxRounds: 2.5 },
    ]) {
      expect(() => separator(u, v, o), JSON.stringify(o)).toThrow(UsageError);
    }
    const r = separator(u, v, { maxIterations: 1, relativeGap: 0.5, maxRounds: 1 });
    expect([r.found, r.separatedCount, r.margin]).toEqual([true, 1, 1]);
    expect(Array.from(r.h)).toEqual([1, 0]);
    expect(() => separator(u, fromRows([[1, 0, 0]]))).toThrow(/U has dimension 2 but V has 3/);
    expect(() => separator({ rows: 0, cols: 2, data: new Float64Array(0) }, v)).toThrow(/at least one row/);
    expect(() => separator(u, { rows: 0, cols: 2, data: new Float64Array(0) })).toThrow(/at least one row/);
  });
});
