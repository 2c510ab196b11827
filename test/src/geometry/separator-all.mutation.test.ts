import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  ANALYZE_SEPARATOR,
  minNormPointAll,
  SEPARATOR_LIMITS,
  type Separator,
  type SeparatorLimits,
  type SeparatorOptions,
  separator,
  separatorWith,
  withDefaults,
} from '../../../src/geometry/separator.js';
import { type Blas, loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { ATTEMPT_ROUTES, attemptAtOptimum, attemptAtOptimumF32, SEEDS } from './separator-optimal-cases.js';
import { bestMargin, planar, separable, vAmongU } from './separator-planar.js';

// The separator's first attempt at all U_i against all V_j (pairwise Frank-Wolfe), checked
// against the planar brute-force optimum (a different algorithm), and its fallback: when the
// attempt does not separate everything, the answer is the rounds' answer, bit for bit.

const bits = (r: Separator) =>
  JSON.stringify([r.found, r.separatedCount, r.margin, r.marginUpper, Array.from(r.h)]);
const plain: SeparatorLimits = { ...SEPARATOR_LIMITS, blasMinWork: Number.POSITIVE_INFINITY };
// OpenBLAS batches of 4 rows, and a cache of 8 rows (eviction of inactive vertices)
const batched: SeparatorLimits = { rowCacheBytes: 8 * 8 * 60, rowBatch: 4, blasMinWork: 1 };

describe('separator, allFirst: every V separated at the planar optimum', () => {
  const eps = 1e-3;
  const cases = Array.from({ length: 80 }, (_, s) => separable(s + 1));
  // SEEDS, 16 of the 80 that npm test sweeps (separator-sweep.test.ts)
  if (loadBlas().ok) {
    it('float32 values, OpenBLAS batches: the optimum within the stop rule (rows shared with the rounds)', () => {
      for (const seed of SEEDS) attemptAtOptimumF32(seed, batched);
    });
  }
  for (const [name, limits] of ATTEMPT_ROUTES) {
    if (limits.blasMinWork !== Number.POSITIVE_INFINITY && !loadBlas().ok) continue;
    it(`${name}: ${SEEDS.length} seeded cases, optimum within the stop rule, upper bound above it`, () => {
      for (const seed of SEEDS) attemptAtOptimum(seed, limits);
    });
  }

  it('one round is enough: the attempt separates V that round 0 alone leaves positive', () => {
    let beyond = 0;
    cases.forEach(({ u, v }, c) => {
      const one = separatorWith(u, v, { maxRounds: 1, relativeGap: eps }, null, plain);
      const all = separatorWith(u, v, { maxRounds: 1, relativeGap: eps, allFirst: true }, null, plain);
      expect(all.separatedCount, `case ${c}`).toBe(v.rows);
      if (one.separatedCount < v.rows) beyond++;
    });
    expect(beyond).toBeGreaterThan(5);
  });

  it('the iteration cap: a margin short of the optimum, an upper bound still above it', () => {
    let short = 0;
    cases.forEach(({ u, v }, c) => {
      const r = separatorWith(
        u,
        v,
        { allFirst: true, allIterations: 1, maxRounds: 1, maxIterations: 1, relativeGap: 1e-9 },
        null,
        plain,
      );
      if (!(r.found && r.separatedCount === v.rows)) return;
      const opt = bestMargin(u, v);
      expect(r.marginUpper, `case ${c}`).toBeGreaterThanOrEqual(opt - 1e-12);
      if (r.margin < (1 - 1e-3) * opt) short++;
    });
    expect(short).toBeGreaterThan(10);
  });

  it('analyze asks for it', () => {
    expect(ANALYZE_SEPARATOR.allFirst).toBe(true);
  });
});

/** Runs f with OpenBLAS's GEMMs recorded: kind, shape and first row of each call, in order. */
function recording<T>(f: () => T): [T, string[]] {
  const status = loadBlas();
  if (!status.ok) return [f(), []];
  const w = status.blas as { -readonly [K in keyof Blas]: Blas[K] };
  const saved = { s: w.sgemmAbt, d: w.dgemmAbt };
  const calls: string[] = [];
  w.sgemmAbt = (a, aOff, b, bOff, c, m, n, kd, lda, ldb) => {
    calls.push(`s ${m} x ${n}: ${Array.from(a.subarray(0, kd)).join(',')}`);
    saved.s(a, aOff, b, bOff, c, m, n, kd, lda, ldb);
  };
  w.dgemmAbt = (a, aOff, b, bOff, c, m, n, kd, lda, ldb) => {
    calls.push(`d ${m} x ${n}: ${Array.from(a.subarray(0, kd)).join(',')}`);
    saved.d(a, aOff, b, bOff, c, m, n, kd, lda, ldb);
  };
  try {
    return [f(), calls];
  } finally {
    w.sgemmAbt = saved.s;
    w.dgemmAbt = saved.d;
  }
}

describe('separator, allFirst: the rounds answer when the attempt does not separate everything', () => {
  const rounds = (u: Matrix, v: Matrix, o: SeparatorOptions) => separatorWith(u, v, o, null, plain);

  it('a V among the U: not every V can be separated, the rounds answer bit for bit', () => {
    const { u, v } = vAmongU();
    const o = { relativeGap: 1e-6, maxIterations: 5000 };
    const r = rounds(u, v, { ...o, allFirst: true });
    expect(bits(r)).toBe(bits(rounds(u, v, o)));
    expect([r.found, r.separatedCount]).toEqual([true, 2]);
  });

  it.skipIf(!loadBlas().ok)(
    'float64 values in OpenBLAS batches: the attempt steers by rounded sgemm rows, the rounds keep their own dgemm rows',
    () => {
      // V among the U in 3-d, with coordinates that are not float32 values
      const rng = new Rng(31);
      const row = (s: number) => [s * (0.5 + rng.uniform()), rng.normal(), rng.normal() / 3];
      let fell = 0;
      for (let c = 0; c < 20; c++) {
        const u = fromRows(Array.from({ length: 12 }, () => row(1)));
        const v = fromRows([...Array.from({ length: 9 }, () => row(-1)), row(1)]);
        const o = { relativeGap: 1e-6, maxIterations: 2000 };
        const [r, rCalls] = recording(() => separatorWith(u, v, { ...o, allFirst: true }, null, batched));
        const [only, onlyCalls] = recording(() => separatorWith(u, v, o, null, batched));
        // the rounds-only run fetches dgemm rows; the attempt sgemm rows
        expect(onlyCalls.filter((k) => k.startsWith('s'))).toEqual([]);
        if (r.separatedCount < v.rows) {
          fell++;
          expect(bits(r), `case ${c}`).toBe(bits(only));
          // after the attempt the rounds fetch the very dgemm rows of the rounds-only run
          expect(
            rCalls.filter((k) => k.startsWith('d')),
            `case ${c}`,
          ).toEqual(onlyCalls);
          expect(
            rCalls.some((k) => k.startsWith('s')),
            `case ${c}`,
          ).toBe(true);
        }
      }
      expect(fell).toBeGreaterThan(5);
    },
  );

  it('U around the origin: the attempt reaches the origin, found is false as in the rounds', () => {
    const u = fromRows([
      [1, 0],
      [-1, 0],
      [0, 1],
    ]);
    const v = fromRows([[0, -1]]);
    const r = rounds(u, v, { allFirst: true });
    expect(bits(r)).toBe(bits(rounds(u, v, {})));
    expect(r.found).toBe(false);
  });

  it('patience: a separable case given up after one iteration is the rounds answer', () => {
    // seeds whose attempt has a point on the wrong side after its first step
    let fell = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { u, v } = separable(seed);
      const o = { relativeGap: 1e-3, maxRounds: 1 };
      const quick = rounds(u, v, { ...o, allFirst: true, allPatience: 1 });
      const patient = rounds(u, v, { ...o, allFirst: true });
      const only = rounds(u, v, o);
      expect(patient.separatedCount, `seed ${seed}`).toBe(v.rows);
      if (bits(quick) === bits(only) && bits(quick) !== bits(patient)) fell++;
      else expect(bits(quick), `seed ${seed}`).toBe(bits(patient));
    }
    expect(fell).toBeGreaterThan(5);
  });

  it('refuses bad attempt options', () => {
    const u = fromRows([[1, 0]]);
    const v = fromRows([[-1, 0]]);
    for (const o of [
      { allIterations: 0 },
      { allIterations: 2.5 },
      { allPatience: 0 },
      { allPatience: Number.NaN },
    ]) {
      expect(() => separator(u, v, o), JSON.stringify(o)).toThrow(UsageError);
    }
    const r = separator(u, v, { allFirst: true, allIterations: 1, allPatience: 1 });
    expect([r.found, r.separatedCount, r.margin, r.marginUpper, Array.from(r.h)]).toEqual([
      true,
      1,
      1,
      1,
      [1, 0],
    ]);
  });
});

describe('separator, allFirst: steps by hand', () => {
  const H11 = 1 / Math.SQRT2;
  const plainRun = (u: Matrix, v: Matrix, o: SeparatorOptions) => separatorWith(u, v, o, null, plain);

  it('two points: one exact line-search step reaches the minimum-norm point (1, 1)', () => {
    // x = U_1 = (2, 0); the smallest <x, p> is 0 at -V_1 = (0, 2); gamma = (4 - 0) / |(-2, 2)|^2 = 1/2
    const u = fromRows([[2, 0]]);
    const v = fromRows([[0, -2]]);
    const r = plainRun(u, v, { allFirst: true, allIterations: 1, relativeGap: 1e-9 });
    expect(Array.from(r.h)).toEqual([H11, H11]);
    expect([r.found, r.separatedCount, r.marginUpper]).toEqual([true, 1, Math.SQRT2]);
  });

  // U_1 = (2, 0), -V_1 = (1, -1), -V_2 = (-1, 2) (angles -45 and 116.6 degrees: separable; the
  // optimum is h = (3, 2) / sqrt 13, margin 1 / sqrt 13). From x = U_1 the step goes to -V_2
  // (gamma = 6/13): x = (8, 12)/13, where <x, -V_1> = -4/13 < 0; the third iterate separates all.
  const u = fromRows([[2, 0]]);
  const v = fromRows([
    [-1, 1],
    [1, -2],
  ]);
  const one = { maxRounds: 1, relativeGap: 1e-6 };

  it('patience: given up after two iterations with a point still on the wrong side, kept with three', () => {
    const rounds = plainRun(u, v, one);
    expect(rounds.separatedCount).toBe(1);
    expect(bits(plainRun(u, v, { ...one, allFirst: true, allPatience: 2 }))).toBe(bits(rounds));
    const kept = plainRun(u, v, { ...one, allFirst: true, allPatience: 3 });
    expect([kept.found, kept.separatedCount]).toEqual([true, 2]);
    const opt = bestMargin(u, v);
    expect(Math.abs(opt * Math.sqrt(13) - 1)).toBeLessThanOrEqual(1e-12);
    expect(kept.margin).toBeGreaterThanOrEqual((1 - 1e-6) * opt - 1e-12);
    expect(kept.marginUpper).toBeGreaterThanOrEqual(opt - 1e-12);
  });

  it('an attempt that ends with a V not separated leaves the answer to the rounds', () => {
    const r = plainRun(u, v, { ...one, allFirst: true, allIterations: 1 });
    expect(bits(r)).toBe(bits(plainRun(u, v, one)));
  });

  it('||x||^2 below 1e-300: the attempt defers to the rounds (which stop at mean U)', () => {
    const rng = new Rng(5);
    const s = 2 ** -510;
    const scale = (m: Matrix) => ({ ...m, data: m.data.map((x) => x * s) });
    const tu = scale(planar(rng, 6, 0.3, 1));
    const tv = scale(planar(rng, 5, 0.3, -1));
    const r = plainRun(tu, tv, { allFirst: true });
    expect(bits(r)).toBe(bits(plainRun(tu, tv, {})));
    expect([r.found, r.separatedCount]).toEqual([true, 5]);
  });
});

describe.runIf(loadBlas().ok)('minNormPointAll: cached rows own their memory', () => {
  it('a row kept from an OpenBLAS batch is a copy, not a view that would keep its batch alive', () => {
    const rng = new Rng(4);
    const cloud = (n: number, sign: number) =>
      fromRows(
        Array.from({ length: n }, () =>
          [sign * (0.3 + rng.uniform()), rng.normal(), rng.normal()].map(Math.fround),
        ),
      );
    const u = cloud(30, 1);
    const v = cloud(30, -1);
    const rows = {
      cache: new Map(),
      twins: () => ({ u32: Float32Array.from(u.data), v32: Float32Array.from(v.data) }),
    };
    const opt = withDefaults({ allIterations: 50, allPatience: 1000, relativeGap: 1e-12 });
    expect(minNormPointAll(u, v, 0, opt, rows, batched)).not.toBeNull();
    expect(rows.cache.size).toBeGreaterThan(0);
    for (const row of rows.cache.values()) {
      expect(row.u.buffer.byteLength).toBe(row.u.byteLength);
      expect(row.v.buffer.byteLength).toBe(row.v.byteLength);
    }
  });
});

describe('minNormPointAll: x is the weighted sum of its active vertices', () => {
  it('weights positive, summing to 1, x = sum w_p p, after every number of steps (random 3-d clouds)', () => {
    const rng = new Rng(9);
    let clipped = 0;
    for (let c = 0; c < 60; c++) {
      const cloud = (n: number, sign: number) =>
        fromRows(Array.from({ length: n }, () => [sign * (0.3 + rng.uniform()), rng.normal(), rng.normal()]));
      const u = cloud(2 + (c % 5), 1);
      const v = cloud(2 + (c % 4), -1);
      for (let steps = 1; steps <= 8; steps++) {
        const opt = withDefaults({ allIterations: steps, allPatience: 1000, relativeGap: 1e-12 });
        const rows = { cache: new Map(), twins: () => ({ u32: null, v32: null }) };
        const got = minNormPointAll(u, v, 0, opt, rows, plain);
        if (got === null) continue;
        let total = 0;
        const sum = [0, 0, 0];
        for (const [id, w] of got.weights) {
          expect(w, `case ${c}, ${steps} steps`).toBeGreaterThan(0);
          total += w;
          const p =
            id < u.rows
              ? u.data.subarray(3 * id, 3 * id + 3)
              : v.data.subarray(3 * (id - u.rows), 3 * (id - u.rows) + 3);
          const sign = id < u.rows ? 1 : -1;
          for (let k = 0; k < 3; k++) sum[k]! += w * sign * p[k]!;
        }
        if (got.weights.size < Math.min(steps + 1, u.rows + v.rows)) clipped++;
        expect(Math.abs(total - 1), `case ${c}, ${steps} steps`).toBeLessThanOrEqual(1e-12);
        for (let k = 0; k < 3; k++) expect(Math.abs(got.x[k]! - sum[k]!)).toBeLessThanOrEqual(1e-12);
      }
    }
    // drop steps (a vertex's whole weight moved) happen: the clip is exercised
    expect(clipped).toBeGreaterThan(20);
  });
});
