import { describe, expect, it } from 'vitest';
import { crossGram } from '../../../../src/numeric/float/gram.js';
import { deriveSeed, Rng } from '../../../../src/numeric/float/rng.js';
import { EPS, gamma, UNIT_ROUNDOFF, UNIT_ROUNDOFF_F32, ulp } from '../../../../src/numeric/float/ulp.js';
import {
  fromRows,
  normalizeRows,
  randomOrthogonal,
  randomUnitRows,
  rotateRows,
  rowNorm,
  toRows,
  zeros,
} from '../../../../src/numeric/float/vectors.js';

describe('Rng and deriveSeed', () => {
  it('deriveSeed(0, label) is 32-bit FNV-1a of the label (published test vectors)', () => {
    // FNV-1a 32: "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968 (draft-eastlake-fnv, s. 8)
    expect(deriveSeed(0, '')).toBe(0x811c9dc5 | 0);
    expect(deriveSeed(0, 'a')).toBe(0xe40c292c | 0);
    expect(deriveSeed(0, 'foobar')).toBe(0xbf9cf968 | 0);
    // the seed enters by xor into the offset basis
    expect(deriveSeed(0x811c9dc5 | 0, '')).toBe(0);
  });

  it('the same seed gives the same stream; fork(label) is the stream of deriveSeed(seed, label)', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    const c = new Rng(10);
    const xs = Array.from({ length: 20 }, () => a.uniform());
    expect(Array.from({ length: 20 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.uniform())).not.toEqual(xs);
    const f = new Rng(9).fork('x');
    const g = new Rng(deriveSeed(9, 'x'));
    expect(Array.from({ length: 5 }, () => f.normal())).toEqual(Array.from({ length: 5 }, () => g.normal()));
  });

  it('uniform in [0, 1) with mean 1/2 and variance 1/12; int(lo, hi) hits both ends and nothing else', () => {
    const r = new Rng(1);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let k = 0; k < n; k++) {
      const x = r.uniform();
      if (!(x >= 0 && x < 1)) outside++;
      s += x;
      s2 += x * x;
    }
    // 6 standard errors: sd(mean) = sqrt(1/12 / n), sd(mean of x^2) = sqrt(4/45 / n)
    expect(outside).toBe(0);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(6 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(6 * Math.sqrt(4 / 45 / n));
    const seen = new Set<number>();
    for (let k = 0; k < 2000; k++) seen.add(r.int(-1, 2));
    expect([...seen].sort()).toEqual([-1, 0, 1, 2]);
  });

  it('normal is the polar Box-Muller method on the uniform stream, the second value kept for the next call', () => {
    const r = new Rng(13);
    const u = new Rng(13);
    for (let k = 0; k < 200; k++) {
      let x = 0;
      let y = 0;
      let s = 2;
      // draw pairs in (-1, 1)^2 until 0 < x^2 + y^2 < 1 (Marsaglia 1964)
      while (!(s > 0 && s < 1)) {
        x = 2 * u.uniform() - 1;
        y = 2 * u.uniform() - 1;
        s = x * x + y * y;
      }
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      expect(r.normal()).toBe(x * f);
      expect(r.normal()).toBe(y * f);
    }
  });

  it('normal has mean 0, variance 1 and kurtosis 3 (both Box-Muller outputs used)', () => {
    const r = new Rng(2);
    const n = 40000;
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    let odd = 0;
    for (let k = 0; k < n; k++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
      s4 += x ** 4;
      if (k % 2 === 1) odd += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(6 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(6 * Math.sqrt(2 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(6 * Math.sqrt(96 / n));
    // the spare (second) value is itself N(0, 1)
    expect(Math.abs(odd / (n / 2) - 1)).toBeLessThan(6 * Math.sqrt(2 / (n / 2)));
  });
});

describe('ulp, gamma', () => {
  it('ulp at powers of two, below them, at 0, at MAX_VALUE and at non-finite values', () => {
    expect(ulp(1)).toBe(2 ** -52);
    expect(ulp(-1)).toBe(2 ** -52);
    expect(ulp(0.75)).toBe(2 ** -53);
    expect(ulp(3)).toBe(2 ** -51);
    expect(ulp(0)).toBe(Number.MIN_VALUE);
    expect(ulp(Number.MAX_VALUE)).toBe(2 ** 971);
    expect(ulp(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(ulp(Number.NaN)).toBeNaN();
  });

  it('constants and gamma_n = n u / (1 - n u)', () => {
    expect(EPS).toBe(Number.EPSILON);
    expect(UNIT_ROUNDOFF).toBe(Number.EPSILON / 2);
    expect(UNIT_ROUNDOFF_F32).toBe(2 ** -24);
    expect(gamma(0)).toBe(0);
    expect(gamma(2 ** 20)).toBe(2 ** -33 / (1 - 2 ** -33));
  });
});

describe('Gram and vectors', () => {
  it('crossGram of small integer matrices by hand, rectangular, into a given buffer', () => {
    const u = fromRows([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const v = fromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(Array.from(crossGram(u, v))).toEqual([1, 2, 3, 4, 5, 6]);
    const out = new Float64Array(9);
    expect(crossGram(u, u, out)).toBe(out);
    expect(Array.from(out)).toEqual([5, 11, 17, 11, 25, 39, 17, 39, 61]);
  });

  it('fromRows/toRows round trip, zeros, rowNorm', () => {
    const rows = [
      [3, 4, 0],
      [0, 0, 2],
    ];
    const m = fromRows(rows);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(toRows(m)).toEqual(rows);
    expect(rowNorm(m, 0)).toBe(5);
    expect(rowNorm(m, 1)).toBe(2);
    const z = zeros(2, 2);
    expect([z.rows, z.cols, ...z.data]).toEqual([2, 2, 0, 0, 0, 0]);
    expect(fromRows([]).cols).toBe(0);
  });

  it('normalizeRows makes rows unit and returns -1, or stops at the first zero row and returns its index', () => {
    const m = fromRows([
      [3, 4],
      [0, -2],
    ]);
    expect(normalizeRows(m)).toBe(-1);
    expect(toRows(m)).toEqual([
      [0.6, 0.8],
      [0, -1],
    ]);
    // each row by its own norm only: the next row's first entry is untouched
    const two = fromRows([
      [3, 4],
      [6, 8],
    ]);
    normalizeRows(two);
    expect(toRows(two)).toEqual([
      [0.6, 0.8],
      [0.6, 0.8],
    ]);
    const z = fromRows([
      [2, 0],
      [0, 0],
      [0, 5],
    ]);
    expect(normalizeRows(z)).toBe(1);
    expect(toRows(z)).toEqual([
      [1, 0],
      [0, 0],
      [0, 5],
    ]);
  });

  it('rowNorm and normalizeRows where the sum of squares overflows or underflows (scaled by max |x|)', () => {
    // exact norms: 3-4-5 rows scaled by powers of two, so every quotient and product is exact
    const m = fromRows([
      [3 * 2 ** 1000, 4 * 2 ** 1000],
      [3 * 2 ** -1070, 4 * 2 ** -1070],
      [1e-320, 0],
      [1e308, 1e308],
    ]);
    expect(rowNorm(m, 0)).toBe(5 * 2 ** 1000);
    expect(rowNorm(m, 1)).toBe(5 * 2 ** -1070);
    expect(rowNorm(m, 2)).toBe(1e-320);
    // sqrt 2 * 1e308 rounded once after the scaled sum: within 1 ulp of the decimal value
    expect(Math.abs(rowNorm(m, 3) / 1.4142135623730951e308 - 1)).toBeLessThanOrEqual(EPS);
    expect(normalizeRows(m)).toBe(-1);
    expect(toRows(m).slice(0, 3)).toEqual([
      [0.6, 0.8],
      [0.6, 0.8],
      [1, 0],
    ]);
    // 1 / fl(sqrt 2): within one ulp of 1/sqrt 2
    for (const x of toRows(m)[3]!) expect(Math.abs(x - Math.SQRT1_2)).toBeLessThanOrEqual(2 ** -53);
  });

  it('randomUnitRows are unit to 2 ulps, isotropic in the mean, deterministic in the seed', () => {
    const m = randomUnitRows(4000, 3, new Rng(5));
    let mean = [0, 0, 0];
    for (let i = 0; i < m.rows; i++) {
      expect(Math.abs(rowNorm(m, i) - 1)).toBeLessThanOrEqual(2 * EPS);
      mean = mean.map((x, k) => x + m.data[i * 3 + k]! / m.rows);
    }
    // each coordinate has variance 1/3 on S^2
    for (const x of mean) expect(Math.abs(x)).toBeLessThan(6 * Math.sqrt(1 / 3 / m.rows));
    expect(randomUnitRows(3, 4, new Rng(5)).data).toEqual(randomUnitRows(3, 4, new Rng(5)).data);
    expect(randomUnitRows(1, 1, new Rng(6)).data[0]! ** 2).toBe(1);
  });

  it('randomUnitRows normalises d normals per row, in stream order (isotropic by construction)', () => {
    const m = randomUnitRows(3, 4, new Rng(21));
    const g = new Rng(21);
    for (let i = 0; i < 3; i++) {
      const x = Array.from({ length: 4 }, () => g.normal());
      const n = Math.hypot(...x);
      for (let k = 0; k < 4; k++) expect(m.data[i * 4 + k]).toBeCloseTo(x[k]! / n, 15);
    }
  });

  it('randomOrthogonal is Gram-Schmidt of d x d normals in stream order (Haar measure), signs kept', () => {
    for (const d of [2, 4, 7]) {
      const q = randomOrthogonal(d, new Rng(100 + d));
      const g = new Rng(100 + d);
      const rows: number[][] = [];
      for (let i = 0; i < d; i++) {
        let r = Array.from({ length: d }, () => g.normal());
        // modified Gram-Schmidt, then normalise (Golub and Van Loan, Alg. 5.2.6)
        for (const s of rows) {
          const dot = r.reduce((a, x, k) => a + x * s[k]!, 0);
          r = r.map((x, k) => x - dot * s[k]!);
        }
        const n = Math.hypot(...r);
        rows.push(r.map((x) => x / n));
      }
      for (let i = 0; i < d; i++) {
        for (let k = 0; k < d; k++) expect(Math.abs(q.data[i * d + k]! - rows[i]![k]!)).toBeLessThan(1e-12);
      }
    }
  });

  it('randomOrthogonal gives Q Q^T = I within 4 d u, and rotateRows keeps every inner product', () => {
    for (const d of [1, 2, 5, 9]) {
      const rng = new Rng(d);
      const q = randomOrthogonal(d, rng);
      const g = crossGram(q, q);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++)
          expect(Math.abs(g[i * d + j]! - (i === j ? 1 : 0))).toBeLessThanOrEqual(4 * d * EPS);
      }
      const a = randomUnitRows(6, d, rng);
      const b = rotateRows(a, q);
      const ga = crossGram(a, a);
      const gb = crossGram(b, b);
      for (let k = 0; k < ga.length; k++) expect(Math.abs(ga[k]! - gb[k]!)).toBeLessThanOrEqual(8 * d * EPS);
    }
    // rows of Q are its basis: A Q^T with A = I is Q^T
    const q = randomOrthogonal(3, new Rng(3));
    const eye = fromRows([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const qt = Array.from({ length: 9 }, (_, k) => q.data[(k % 3) * 3 + Math.floor(k / 3)]!);
    expect(Array.from(rotateRows(eye, q).data)).toEqual(qt);
  });
});
