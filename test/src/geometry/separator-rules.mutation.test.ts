import { describe, expect, it } from 'vitest';
import { type Separator, type SeparatorOptions, separator } from '../../../src/geometry/separator.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';

// Gilbert's stopping rules and the rounds' rules of the separator, on cases small enough to follow
// by hand (dyadic coordinates: every step below is exact in float64), and the laws of the rounds
// (never fewer separated, never losing `found`, nothing after the set stops growing) over random
// small configurations.

const bits = (r: Separator) => JSON.stringify([r.found, r.separatedCount, r.margin, Array.from(r.h)]);
// h = x / ||x||: (1, -1) / fl(sqrt 2) and (1/2, 1/2) / fl(sqrt 1/2), one rounding each
const H11 = 1 / Math.SQRT2;
const H22 = 0.5 / Math.SQRT1_2;

describe("Gilbert's stopping rules, by hand", () => {
  // U = {(3, 1), (1, -1)}, V = {(-1, 0)}: mean U x = (2, 0), ||x||^2 = 4; the smallest <x, U_i> is
  // 2 (at U_2), so the duality gap 4 - 2 is exactly half of ||x||^2.
  const u = fromRows([
    [3, 1],
    [1, -1],
  ]);
  const v = fromRows([[-1, 0]]);

  it('a gap of exactly relativeGap ||x||^2 stops at once: h = mean U direction', () => {
    const r = separator(u, v, { relativeGap: 0.5, maxRounds: 1 });
    expect(Array.from(r.h)).toEqual([1, 0]);
    expect([r.found, r.separatedCount, r.margin]).toEqual([true, 1, 1]);
  });

  it('a gap just above it takes the step to U_2 (lambda = <x, x - U_2> / |x - U_2|^2 = 1)', () => {
    // x <- U_2 = (1, -1), where <x, U_1> = <x, U_2> = ||x||^2 = 2: the minimum-norm point
    const r = separator(u, v, { relativeGap: 0.49, maxRounds: 1 });
    expect(Array.from(r.h)).toEqual([H11, -H11]);
    expect(r.found).toBe(true);
    // a second round adds -V_1 = (1, 0): from x = (1, -1) the step to (1, 0) has lambda = 1
    const two = separator(u, v, { relativeGap: 0.49, maxRounds: 2 });
    expect(Array.from(two.h)).toEqual([1, 0]);
    expect([two.found, two.separatedCount, two.margin]).toEqual([true, 1, 1]);
  });

  it('||x||^2 below 1e-300 stops at mean U; at exactly 1e-300 Gilbert runs (the scale-free answer)', () => {
    const y = 1e-150; // y * y === 1e-300 in float64
    const at = (s: number) =>
      separator(
        fromRows([
          [3 * s, s],
          [s, -s],
        ]),
        fromRows([[-s, 0]]),
        { relativeGap: 0.49, maxRounds: 1 },
      );
    // mean U = (2s, 0): 2s = y exactly for s = y / 2
    const on = at(y / 2);
    expect(Math.abs(on.h[0]! / H11 - 1)).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(on.h[1]! / -H11 - 1)).toBeLessThanOrEqual(4e-16);
    const below = at((0.99999 * y) / 2);
    expect(Array.from(below.h)).toEqual([1, 0]);
  });

  it('the iteration cap: one step reaches (1, 0), the second (1/2, 1/2)', () => {
    // U = {(1, 0), (0, 1), (1, 1), (2, 2)}: mean (1, 1); step 1 to U_1 (lambda = 1), step 2 towards
    // U_2 with lambda = 1/2, then the gap is 0.
    const u4 = fromRows([
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 2],
    ]);
    const v1 = fromRows([[-1, -1]]);
    const one = separator(u4, v1, { maxIterations: 1, maxRounds: 1 });
    expect(Array.from(one.h)).toEqual([1, 0]);
    // <h, U_2> = 0: not found
    expect([one.found, one.margin]).toEqual([false, 0]);
    const two = separator(u4, v1, { maxIterations: 2, maxRounds: 1 });
    expect(Array.from(two.h)).toEqual([H22, H22]);
    expect([two.found, two.separatedCount, two.margin]).toEqual([true, 1, H22]);
  });

  it('ties for the smallest <x, p>: the first point wins', () => {
    // U = {(0, 2), (0, -2), (4, 0), (4, 0)}: mean (2, 0), <x, U_1> = <x, U_2> = 0; the step to
    // U_1 has lambda = <x, x - U_1> / |x - U_1|^2 = 4 / 8, so x = (1, 1) (towards U_2: (1, -1))
    const u4 = fromRows([
      [0, 2],
      [0, -2],
      [4, 0],
      [4, 0],
    ]);
    const r = separator(u4, fromRows([[-1, 0]]), { maxIterations: 1, maxRounds: 1 });
    expect(Array.from(r.h)).toEqual([H11, H11]);
  });

  it('mean U at the origin: h = 0, nothing found or separated, margin 0', () => {
    const r = separator(
      fromRows([
        [1, 0],
        [-1, 0],
      ]),
      fromRows([[0, -1]]),
    );
    expect(Array.from(r.h)).toEqual([0, 0]);
    expect([r.found, r.separatedCount, r.margin]).toEqual([false, 0, 0]);
  });
});

describe('laws of the rounds over random small configurations', () => {
  // Coordinates on the grid k/4 (U leaning to +x, V to -x), short iteration caps so rounds end
  // away from their optimum, and the three kinds of gap.
  const rng = new Rng(41);
  const grid = (lo: number, hi: number) => Math.round(lo + (hi - lo) * rng.uniform() * 4) / 4;
  const cases: { u: Matrix; v: Matrix; opt: SeparatorOptions }[] = [];
  for (let t = 0; t < 400; t++) {
    const n = 1 + Math.floor(rng.uniform() * 4);
    const k = 1 + Math.floor(rng.uniform() * 4);
    const u = fromRows(Array.from({ length: n }, () => [grid(-0.6, 1.4), grid(-1, 1)]));
    const v = fromRows(Array.from({ length: k }, () => [grid(-1.4, 0.6), grid(-1, 1)]));
    const opt = {
      maxIterations: 1 + Math.floor(rng.uniform() * 3),
      relativeGap: [0.5, 0.01, 1e-9][Math.floor(rng.uniform() * 3)]!,
    };
    cases.push({ u, v, opt });
  }
  // computed inside each test, never while collecting: a separator run outside a test makes every
  // mutant it reaches static in the mutation run (rerun by all the file set's tests)
  const runsOf = () =>
    cases.map(({ u, v, opt }) => [1, 2, 3, 4, 5].map((maxRounds) => separator(u, v, { ...opt, maxRounds })));

  it('one more round never separates fewer and never loses found', () => {
    const runs = runsOf();
    let grew = 0;
    runs.forEach((rs, c) => {
      for (let r = 1; r < rs.length; r++) {
        const a = rs[r - 1]!;
        const b = rs[r]!;
        expect(b.separatedCount, `case ${c}, rounds ${r + 1}`).toBeGreaterThanOrEqual(a.separatedCount);
        if (a.found) expect(b.found, `case ${c}, rounds ${r + 1}`).toBe(true);
        if (b.separatedCount > a.separatedCount) grew++;
      }
    });
    expect(grew).toBeGreaterThan(10);
  });

  it('a U that round 0 cannot separate ends the search: every cap reports round 0', () => {
    const runs = runsOf();
    let seen = 0;
    for (const rs of runs) {
      if (rs[0]!.found) continue;
      seen++;
      for (const r of rs) expect(bits(r)).toBe(bits(rs[0]!));
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('once a round adds no V, more rounds change nothing', () => {
    const runs = runsOf();
    let seen = 0;
    runs.forEach((rs, c) => {
      for (let r = 1; r + 1 < rs.length; r++) {
        if (rs[r]!.separatedCount !== rs[r - 1]!.separatedCount) continue;
        seen++;
        for (let q = r + 1; q < rs.length; q++) expect(bits(rs[q]!), `case ${c}`).toBe(bits(rs[r]!));
        break;
      }
    });
    expect(seen).toBeGreaterThan(10);
  });

  it('the reported numbers are those of h', () => {
    const runs = runsOf();
    cases.forEach(({ u, v }, c) => {
      const r = runs[c]![4]!;
      const dot = (m: Matrix, i: number) => r.h[0]! * m.data[2 * i]! + r.h[1]! * m.data[2 * i + 1]!;
      const su = Array.from({ length: u.rows }, (_, i) => dot(u, i));
      const neg = Array.from({ length: v.rows }, (_, j) => dot(v, j)).filter((x) => x < 0);
      expect([r.found, r.separatedCount, r.fractionSeparated], `case ${c}`).toEqual([
        Math.min(...su) > 0,
        neg.length,
        neg.length / v.rows,
      ]);
      // (+0 and -0 alike)
      expect(r.margin + 0).toBe(Math.min(...su, ...neg.map((x) => -x)) + 0);
    });
  });
});
