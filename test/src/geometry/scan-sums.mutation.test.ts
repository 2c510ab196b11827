import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { scanPairs, scanRows } from '../../../src/geometry/pairs.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { naiveScan } from './reference.js';

// The compensated sums of the scan (across a task's column blocks, and across tasks in the
// merge) on sums that cancel: a plain sum loses them entirely. Expected values are exact sums
// rounded once (decimal.js). The js kernel's blocks are 64 x 64 and its entries exact (d = 1).

const col = (xs: number[]): Matrix => fromRows(xs.map((x) => [x]));
const exactMean = (terms: Decimal.Value[], count: number) =>
  terms
    .reduce<Decimal>((s, x) => s.plus(x), new Decimal(0))
    .div(count)
    .toNumber();

describe('compensated sums', () => {
  it('negatives 1e16, 1, -1e16 in three column blocks of one task: mean 1/129, not 0', () => {
    const v = Array.from({ length: 130 }, () => 0);
    v[0] = 0.5; // the positive
    v[1] = 1e16;
    v[64] = 1;
    v[128] = -1e16;
    const r = scanPairs(col([1]), col(v), { kernel: 'js', labels: [0] });
    expect(r.margins.meanNeg).toBe(exactMean([1e16, 1, -1e16], 129));
    expect(r.margins.maxNeg).toBe(1e16);
    expect(scanRows(col([1]), col(v), { kernel: 'js', labels: [0] }, null).minNeg).toBe(-1e16);
  });

  it('negatives 1e16, 1, -1e16 in three tasks (row blocks): mean 1/130, not 0', () => {
    const u = Array.from({ length: 130 }, () => 0);
    u[0] = 1e16;
    u[64] = 1;
    u[128] = -1e16;
    const labels = u.map(() => 1);
    const r = scanPairs(col(u), col([1, 0]), { kernel: 'js', labels });
    expect(r.margins.meanNeg).toBe(exactMean([1e16, 1, -1e16], 130));
  });

  it("positives' loss terms of 1e16 and ln 2: the ln 2 terms are kept", () => {
    // G_00 = -1e16 (softplus(1e16) = 1e16), G_11 = G_22 = 0 (ln 2 each); negatives: four 0 (ln 2
    // each) and two -1e16 (0): 1e16 + 6 ln 2 = 1e16 + 4.16, the double 1e16 + 4 (a plain sum of
    // the positives loses both ln 2 and gives 1e16 + 2)
    const r = scanPairs(col([1, 1, 1]), col([-1e16, 0, 0]), { kernel: 'js', loss: { t: 1, b: 0 } });
    expect(r.lossSum).toBe(new Decimal(1e16).plus(Decimal.ln(2).times(6)).toNumber());
    expect(r.lossSum).toBe(1e16 + 4);
    // the negatives' ln 2 against the positives' 1e16: 1e16 + 2 ln 2 is the double 1e16 + 2 only
    // when the rounding of their sum is kept too
    const two = scanPairs(col([1, 1]), col([-1e16, 0]), { kernel: 'js', loss: { t: 1, b: 0 } });
    expect(two.lossSum).toBe(new Decimal(1e16).plus(Decimal.ln(2).times(2)).toNumber());
    expect(two.lossSum).toBe(1e16 + 2);
  });

  it('every kernel: a loss term of 1e16 beside 89999 terms ln 2 in the same block keeps them', () => {
    // U_0 = 1, the other U_i = 0; V_1 = 1, the other V_j = 0 (d = 1): G_01 = 1 (t = 1e16: the term
    // 1e16), every other entry 0 (ln 2). Rows are summed on their own and added with a
    // compensation, so only the ln 2 of row 0 meet the 1e16: the exact 1e16 + 89999 ln 2 rounded
    // once, to within an ulp of 1e16 (2) plus row 0's 300 ln 2 lost at worst
    const n = 300;
    const u = col(Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)));
    const v = col(Array.from({ length: n }, (_, j) => (j === 1 ? 1 : 0)));
    const exact = new Decimal(1e16).plus(Decimal.ln(2).times(n * n - 1)).toNumber();
    const kernels: ('js' | 'wasm' | 'openblas')[] = loadBlas().ok
      ? ['js', 'wasm', 'openblas']
      : ['js', 'wasm'];
    for (const kernel of kernels) {
      const r = scanPairs(u, v, { kernel, threads: 1, loss: { t: 1e16, b: 0 } });
      expect(r.kernel).toBe(kernel);
      expect(Math.abs(r.lossSum! - exact), kernel).toBeLessThanOrEqual(2 + n * Math.LN2);
    }
  });

  it('loss terms of 1e16 and ln 2 in other column blocks: the ln 2 terms are kept', () => {
    // row [1] against V: V_0 = 0 the positive (softplus(-0) = ln 2), V_1 = 1e16, one 0 (ln 2)
    // in each of blocks 1 .. 9, the rest -1000 (softplus = e^-1000 = 0 in float64)
    const v = Array.from({ length: 640 }, () => -1000);
    v[0] = 0;
    v[1] = 1e16;
    for (let b = 1; b < 10; b++) v[64 * b] = 0;
    const r = scanPairs(col([1]), col(v), { kernel: 'js', labels: [0], loss: { t: 1, b: 0 } });
    const ln2 = Decimal.ln(2);
    expect(r.lossSum).toBe(new Decimal(1e16).plus(ln2.times(10)).toNumber());
  });

  it('loss terms of 1e16 and ln 2 in other tasks: the ln 2 terms are kept', () => {
    const u = Array.from({ length: 640 }, () => -1000);
    u[0] = 1e16;
    for (let b = 1; b < 10; b++) u[64 * b] = 0;
    const labels = u.map(() => 1);
    // negatives G_i0 = U_i; every positive G_i1 = 0 adds ln 2
    const r = scanPairs(col(u), col([1, 0]), { kernel: 'js', labels, loss: { t: 1, b: 0 } });
    const ln2 = Decimal.ln(2);
    expect(r.lossSum).toBe(new Decimal(1e16).plus(ln2.times(9 + 640)).toNumber());
  });
});

const blas = loadBlas();

describe('more nominated entries than a thread holds (2^16): settled in batches, same bits', () => {
  // wasm blocks are 128 x 1024: 128 x 520 entries > 2^16 in one task
  /** Rows within a few float32 ulps of one direction: nearly every negative is within 2 eps of its row's maximum. */
  function tight(n: number, d: number, seed: number, f32: boolean): { u: Matrix; v: Matrix } {
    const rng = new Rng(seed);
    const base = Array.from({ length: d }, () => rng.normal());
    const make = (): Matrix =>
      fromRows(
        Array.from({ length: n }, () =>
          base.map((x) =>
            f32 ? Math.fround(x * (1 + 1e-7 * rng.normal())) : x * (1 + 1e-15 * rng.normal()),
          ),
        ),
      );
    return { u: make(), v: make() };
  }
  const cases: ['openblas' | 'wasm', number, boolean][] = [['wasm', 520, false]];
  if (blas.ok) cases.unshift(['openblas', 300, true]);
  for (const [kernel, n, f32] of cases) {
    it(`${kernel}, ${n} rows in one direction`, () => {
      const { u, v } = tight(n, 4, 9, f32);
      const got = scanPairs(u, v, { kernel, threads: 1 });
      const ref = naiveScan(u, v);
      expect(got.kernel).toBe(kernel);
      expect(got.margins.maxNeg).toBe(ref.maxNeg);
      expect(Object.is(got.margins.minPos, ref.minPos)).toBe(true);
      expect([got.retrieval.uCorrect, got.retrieval.vCorrect]).toEqual([ref.uCorrect, ref.vCorrect]);
    });
  }
});
