import { describe, expect, it } from 'vitest';
import {
  exactResolver,
  finishScan,
  type ScanPart,
  scanPairs,
  scanRows,
} from '../../../src/geometry/pairs.js';
import { TASK_STRIDE } from '../../../src/geometry/scan-core.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { kernelModule } from '../../../src/numeric/float/wasm-gram.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { softplus as softplusHp } from '../../../src/numeric/hp/softplus.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';

// scanRows on small inputs of dimension 1 with dyadic entries (every kernel makes the exact
// entries, every sum is exact): the part it returns against a brute-force pass over U V^T written
// here (negatives, their maxima, window counts, kept values and their indices, histogram buckets),
// which options turn on the window and the histogram, the rows of a part, and the logits the loss
// is summed from (decimal.js softplus of the plain and of the exact logit).

const built = kernelModule() !== null;
const D = hpContext(60);

const col = (xs: number[]): Matrix => ({ rows: xs.length, cols: 1, data: Float64Array.from(xs) });

/** The negatives of U V^T (d = 1) as [i, j, value], row by row. */
function negatives(u: Matrix, v: Matrix, labels: readonly number[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < u.rows; i++) {
    for (let j = 0; j < v.rows; j++) if (j !== labels[i]) out.push([i, j, u.data[i]! * v.data[j]!]);
  }
  return out;
}

const sorted = (xs: ArrayLike<number>) => Float64Array.from(xs).sort();

/** The kept entries, each with the entry its index i k + j names, and their count. */
function expectKeptMatchesIndex(part: ScanPart, u: Matrix, v: Matrix) {
  expect(part.kept.length).toBe(part.inKept);
  for (let e = 0; e < part.kept.length; e++) {
    const idx = part.keptIdx[e]!;
    const i = Math.floor(idx / v.rows);
    expect(part.kept[e], `kept ${e}`).toBe(u.data[i]! * v.data[idx - i * v.rows]!);
  }
}

describe('which options turn on the window, the kept values and the histogram', () => {
  // 3 x 3 one-to-one: six negatives
  const u = col([1, 0.5, -0.25]);
  const v = col([0.75, -1, 0.125]);
  const labels = [0, 1, 2];
  const neg = negatives(u, v, labels).map((x) => x[2]);

  it('no trim: no window, nothing kept, no histogram, no loss sums', () => {
    for (const kernel of ['js', undefined] as const) {
      const part = scanRows(u, v, kernel === undefined ? {} : { kernel }, null);
      expect(part.kernel).toBe('js');
      expect([part.wlo, part.whi, part.klo, part.khi]).toEqual([-Infinity, Infinity, -Infinity, Infinity]);
      expect([part.kept.length, part.keptIdx.length, part.inKept, part.hist.length]).toEqual([0, 0, 0, 0]);
      expect(part.trim).toBeNull();
      expect(part.loss).toBeNull();
      expect(part.taskSums.length).toBe(TASK_STRIDE);
      // the negatives' sum; no loss terms
      expect(Array.from(part.taskSums)).toEqual([neg.reduce((s, x) => s + x, 0), 0, 0, 0]);
    }
  });

  it.skipIf(!built)('wasm without a trim: no pilot window, no histogram', () => {
    const part = scanRows(u, v, { kernel: 'wasm' }, null);
    expect(part.kernel).toBe('wasm');
    expect([part.wlo, part.whi, part.hist.length, part.kept.length]).toEqual([-Infinity, Infinity, 0, 0]);
  });

  it('js with a trim and every negative within the cap: all of them kept exactly, no histogram', () => {
    // cap = the count of negatives (6): still within it
    for (const collectCap of [6, 7, 100]) {
      const part = scanRows(u, v, { kernel: 'js', trim: 0.25, collectCap }, null);
      expect(part.hist.length, `cap ${collectCap}`).toBe(0);
      expect([part.wlo, part.whi]).toEqual([-Infinity, Infinity]);
      expect(part.inKept).toBe(6);
      expect(sorted(part.kept)).toEqual(sorted(neg));
      expectKeptMatchesIndex(part, u, v);
      expect(part.trim).toBe(0.25);
    }
  });

  it('js with a trim and more negatives than the cap: the window and the histogram', () => {
    const part = scanRows(
      u,
      v,
      { kernel: 'js', trim: 0.25, collectCap: 5, quantileWindow: { lo: -0.5, hi: 0.5 } },
      null,
    );
    expect(part.hist.length).toBe(2 ** 20);
    expect([part.wlo, part.whi]).toEqual([-0.5, 0.5]);
    const inside = neg.filter((x) => x >= -0.5 && x < 0.5);
    expect(part.inWindow).toBe(inside.length);
    expect(part.belowWindow).toBe(neg.filter((x) => x < -0.5).length);
    expect(part.hist.reduce((s, x) => s + x, 0)).toBe(inside.length);
  });

  it('trim out of range: the message names scanPairs', () => {
    expect(() => scanRows(u, v, { trim: 0.5 }, null)).toThrow(
      /^scanPairs: trim must be in \[0, 0\.5\), got 0\.5$/,
    );
  });
});

describe('inputs of zero norm: the histogram scale of one bucket per unit', () => {
  it('B = 0: hlo 0 and 2^20 buckets over [0, 1)', () => {
    const z: Matrix = { rows: 3, cols: 2, data: new Float64Array(6) };
    const part = scanRows(
      z,
      z,
      { kernel: 'js', trim: 0.1, collectCap: 2, quantileWindow: { lo: -1, hi: 1 } },
      null,
    );
    expect(part.hlo).toBe(-0);
    expect(part.hscale).toBe(2 ** 20);
    // the six zeros in bucket 0
    expect([part.hist[0], part.hist.reduce((s, x) => s + x, 0)]).toEqual([6, 6]);
  });
});

describe('a part of the rows', () => {
  // 130 U rows in two classes (labels alternate), rows 64 .. 129: two tasks of the js kernel's 64 rows
  const n = 130;
  const u = col(Array.from({ length: n }, (_, i) => (2 * i - 131) / 256));
  const v = col([1, -0.5]);
  const labels = Array.from({ length: n }, (_, i) => i % 2);

  it('rows [64, 130): their positives, their entries and one task sum per 64 rows', () => {
    const part = scanRows(u, v, { kernel: 'js', labels }, { row0: 64, row1: n });
    expect([part.row0, part.row1]).toEqual([64, n]);
    expect(Array.from(part.pos)).toEqual(labels.slice(64));
    const rows = Array.from({ length: n - 64 }, (_, r) => r + 64);
    expect(Array.from(part.rowPos)).toEqual(rows.map((i) => u.data[i]! * v.data[labels[i]!]!));
    expect(Array.from(part.rowNegMax)).toEqual(rows.map((i) => u.data[i]! * v.data[1 - labels[i]!]!));
    expect(part.taskSums.length).toBe(2 * TASK_STRIDE);
    const sum = (a: number, b: number) =>
      rows.slice(a, b).reduce((s, i) => s + u.data[i]! * v.data[1 - labels[i]!]!, 0);
    expect([part.taskSums[0], part.taskSums[TASK_STRIDE]]).toEqual([sum(0, 64), sum(64, 66)]);
  });

  it('no rows: nothing scanned; a loss with the kernel auto picks at 4096 x 4096 x 1 (js: exact entries)', () => {
    // 2^24 multiply-adds: at the wasm threshold, below the one for a loss with fast kernels
    const big = col(Array.from({ length: 4096 }, (_, i) => i / 4096));
    const part = scanRows(big, big, { loss: { t: 1, b: 0 } }, { row0: 0, row1: 0 });
    expect(part.kernel).toBe('js');
    expect([part.taskSums.length, part.pos.length, part.rowPos.length]).toEqual([0, 0, 0]);
    expect(part.minNeg).toBe(Infinity);
  });
});

describe('the logits of the loss: plain where plainLogitsExact holds, else exact (js)', () => {
  // one U row, two V rows, labels [0]: one negative g = U_0 V_1, its term softplus(t g - b)
  const lossTerm = (u: number, g: number, t: number, b: number, kernel: 'js' | 'wasm') =>
    scanRows(col([u]), col([0.25, g]), { kernel, labels: [0], loss: { t, b } }, null).taskSums[2]!;
  /** softplus of the double z at 60 digits. */
  const sp = (z: InstanceType<typeof D>) => softplusHp(D, z);
  const within = (got: number, want: InstanceType<typeof D>, ulps: number) =>
    exact(D, got)
      .minus(want)
      .abs()
      .lte(want.abs().times(ulps * 2 ** -52));

  it('t B + |b| < 2^11: softplus of fl(fl(t g) - b)', () => {
    // B = 1.0005..., t B + b = 2000.5...: plain. fl(t g) is 2.7e-14 off (some 250 ulps of z)
    const g = 1 + 2 ** -11 + 5 * 2 ** -52;
    const [t, b] = [1000, 1000];
    const got = lossTerm(1, g, t, b, 'js');
    const plain = sp(exact(D, t * g - b));
    const exactZ = sp(exact(D, t).times(exact(D, g)).minus(exact(D, b)));
    expect(within(got, plain, 4), `got ${got}, plain ${plain.toPrecision(20)}`).toBe(true);
    expect(within(got, exactZ, 32)).toBe(false);
  });

  it('t B + |b| >= 2^11: softplus of the exact logit (js); the plain one with an eps (wasm)', () => {
    const g = 0.55 + 2 ** -30 + 2 ** -45;
    const [t, b] = [2000, 1100];
    const plain = sp(exact(D, t * g - b));
    const exactZ = sp(exact(D, t).times(exact(D, g)).minus(exact(D, b)));
    expect(within(plain.toNumber(), exactZ, 64)).toBe(false);
    const js = lossTerm(1, g, t, b, 'js');
    expect(within(js, exactZ, 4), `js ${js}, exact ${exactZ.toPrecision(20)}`).toBe(true);
    if (built) {
      const wasm = lossTerm(1, g, t, b, 'wasm');
      expect(within(wasm, plain, 4), `wasm ${wasm}, plain ${plain.toPrecision(20)}`).toBe(true);
    }
  });
});

describe('the kept window narrowed at the cap (one slot)', () => {
  it('the part reports the narrowed window, and inKept counts the negatives inside it', () => {
    // 2 x 100, labels [0, 1]: 198 negatives spread over [-0.78, 0.77] (steps of 2^-7), cap 150.
    // The first 64 x 64 block keeps 126 (within the cap, less than a block's headroom below it):
    // the slot narrows its kept window around its quantile estimate before the second block
    const u = col([1, 0.5]);
    const v = col(Array.from({ length: 100 }, (_, j) => (j - 50) / 64));
    const labels = [0, 1];
    const neg = negatives(u, v, labels).map((x) => x[2]);
    const part = scanRows(
      u,
      v,
      { kernel: 'js', labels, trim: 0.25, collectCap: 150, quantileWindow: { lo: -1, hi: 1 } },
      null,
    );
    expect(part.inWindow).toBe(198);
    expect(part.klo).toBeGreaterThan(-1);
    expect(part.khi).toBeLessThan(1);
    expect(part.klo).toBeLessThan(part.khi);
    expect(part.inKept).toBe(neg.filter((x) => x >= part.klo && x < part.khi).length);
    expect(part.inKept).toBeLessThanOrEqual(150);
    expectKeptMatchesIndex(part, u, v);
  });
});

describe('scanPairs hands its collectCap to the selection', () => {
  it('a cap below the band: the passes of the fallback, more than the same part and resolver take with the default cap', () => {
    // 9 x 9, d = 1: every negative within 2^-26 of 1, so the located bucket holds all 72 of them
    const u = col(Array.from({ length: 9 }, (_, i) => 1 + i * 2 ** -30));
    const v = col(Array.from({ length: 9 }, (_, i) => 1 + (8 - i) * 2 ** -29));
    const options = { kernel: 'js', trim: 0.25, collectCap: 2 } as const;
    const got = scanPairs(u, v, options).trimmed!;
    const wide = finishScan([scanRows(u, v, options, null)], 2 ** 23, exactResolver(u, v, options)).trimmed!;
    expect(got.negQuantile).toBe(wide.negQuantile);
    expect(got.passes).toBeGreaterThan(wide.passes);
  });
});

describe.skipIf(!loadBlas().ok)(
  'the default thread count: two from 2^31 multiply-adds (OpenBLAS says so in its reason)',
  () => {
    // no rows scanned ({row0: 0, row1: 0}): only the plan is made, whose reason ends in
    // '2 threads x 1' for two threads and '<the library's count> threads' for one
    const ramp = (rows: number, d: number): Matrix => ({
      rows,
      cols: d,
      data: Float64Array.from({ length: rows * d }, (_, e) => ((e % 7) + 1) / 8),
    });
    it('sgemm (float32 inputs): the pilot places the window from sgemm entries, float32 values', () => {
      // products (1 + a)(1 + b) of float32 values carry a b down to 2^-41: none is a float32 value,
      // sgemm's (rounded to float32) all are
      const u = col(Array.from({ length: 40 }, (_, i) => 1 + (i + 1) * 2 ** -20));
      const v = col(Array.from({ length: 40 }, (_, j) => 1 + (2 * j + 1) * 2 ** -21));
      const part = scanRows(u, v, { kernel: 'openblas', trim: 0.25 }, null);
      expect(part.kernelReason).toMatch(/sgemm/);
      expect(Number.isFinite(part.wlo)).toBe(true);
      expect(Math.fround(part.wlo)).toBe(part.wlo);
      expect(u.data.some((x) => v.data.some((y) => x * y === part.wlo))).toBe(false);
    });

    it('2^15 x 2^15 x 2 = 2^31: two threads; 3 x 3 x 2: one; threads given: as given', () => {
      const big = ramp(2 ** 15, 2);
      expect(scanRows(big, big, { kernel: 'openblas' }, { row0: 0, row1: 0 }).kernelReason).toMatch(
        /, 2 threads x 1$/,
      );
      const small = ramp(3, 2);
      const one = scanRows(small, small, { kernel: 'openblas' }, { row0: 0, row1: 0 }).kernelReason;
      expect(one).toMatch(/, \d+ threads$/);
      expect(one).not.toMatch(/x 1$/);
      expect(
        scanRows(small, small, { kernel: 'openblas', threads: 2 }, { row0: 0, row1: 0 }).kernelReason,
      ).toMatch(/, 2 threads x 1$/);
      expect(
        scanRows(big, big, { kernel: 'openblas', threads: 1 }, { row0: 0, row1: 0 }).kernelReason,
      ).not.toMatch(/x 1$/);
    });
  },
);
