import { describe, expect, it } from 'vitest';
import { exactResolver } from '../../../src/geometry/pairs.js';
import { type Blas, loadBlas } from '../../../src/numeric/blas.js';
import { kernelModule } from '../../../src/numeric/float/wasm-gram.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';

// exactResolver's passes on inputs of dimension 1 whose entries are products of dyadic numbers, so
// every kernel (js, wasm) makes the exact entries and every bucket edge is a float64 value. The
// scan's buckets: B = max|U_i| max|V_j| = 1, bucket(x) = floor((x + 1) 2^19), clamped to
// [0, 2^20 - 1]. Expected values: the entries picked by hand from the layout below.

const built = kernelModule() !== null;
const W = 2 ** -19;
const KA = (0.5 + 1) / W;
const KB = KA + 2;

/**
 * Two U rows (1 and 1/2) against 1100 V rows (two column blocks of the wasm kernel, 18 of the js
 * one), labels [0, 1]. The band [KA, KB] = [1/2, 1/2 + 3 W) holds seven negatives; two more lie
 * in the slack of the second scan's window (2^-40 of a value past each end): (0, 7) just below
 * 1/2 and (0, 9) on the band's upper end. Positives (0, 0) and (1, 1) are in the band's values.
 */
function layout(): { u: Matrix; v: Matrix; labels: number[] } {
  const k = 1100;
  const v = new Float64Array(k).fill(-0.75);
  const set: [number, number][] = [
    [0, 0.5],
    [1, 1],
    [5, 1],
    [7, 0.5 - 2 ** -45],
    [9, 0.5 + 3 * W],
    [100, 1],
    [200, 0.5 + W],
    [1030, 0.5 + 3 * W - 2 ** -45],
    [1050, 0.5 + W],
    [1060, 0.5 + 2 * W],
    [1099, 1],
  ];
  for (const [j, x] of set) v[j] = x;
  return {
    u: { rows: 2, cols: 1, data: Float64Array.from([1, 0.5]) },
    v: { rows: k, cols: 1, data: v },
    labels: [0, 1],
  };
}

// The band's negatives (row, column, value), in index order i k + j.
const BAND: [number, number, number][] = [
  [0, 200, 0.5 + W],
  [0, 1030, 0.5 + 3 * W - 2 ** -45],
  [0, 1050, 0.5 + W],
  [0, 1060, 0.5 + 2 * W],
  [1, 5, 0.5],
  [1, 100, 0.5],
  [1, 1099, 0.5],
];
/** The same entries in the order of a pass over blocks of `cols` columns (row blocks of 128 or 64: one here). */
const blockOrder = (cols: number) =>
  [...BAND].sort((a, b) => Math.floor(a[1] / cols) - Math.floor(b[1] / cols) || a[0] - b[0] || a[1] - b[1]);
const values = (xs: [number, number, number][]) => xs.map((x) => x[2]);

describe('band: the exact negatives of buckets [kA, kB]', () => {
  const { u, v, labels } = layout();

  it('the layout: bucket edges where the comments put them', () => {
    const bucket = (x: number) => Math.floor((x + 1) / W);
    expect(BAND.map((x) => bucket(x[2]))).toEqual([KA + 1, KB, KA + 1, KB, KA, KA, KA]);
    expect([bucket(0.5 - 2 ** -45), bucket(0.5 + 3 * W)]).toEqual([KA - 1, KB + 1]);
    for (const [i, j, x] of BAND) expect(u.data[i]! * v.data[j]!).toBe(x);
  });

  it.skipIf(!built)(
    'wasm: the second scan keeps the band; its entries in index order, the ends of the window exact',
    () => {
      const r = exactResolver(u, v, { kernel: 'wasm', labels });
      expect(Array.from(r.band(KA, KB, 7)!)).toEqual(values(BAND));
      // one bucket each: the lower edge 1/2 itself, the top bucket up to 2^-45 below its end
      expect(Array.from(r.band(KA, KA, 7)!)).toEqual([0.5, 0.5, 0.5]);
      expect(Array.from(r.band(KB, KB, 7)!)).toEqual([0.5 + 3 * W - 2 ** -45, 0.5 + 2 * W]);
      expect(Array.from(r.band(KA + 1, KA + 1, 7)!)).toEqual([0.5 + W, 0.5 + W]);
      // the slack entries, each alone in its bucket
      expect(Array.from(r.band(KA - 1, KA - 1, 7)!)).toEqual([0.5 - 2 ** -45]);
      expect(Array.from(r.band(KB + 1, KB + 1, 7)!)).toEqual([0.5 + 3 * W]);
      // past the limit: null (seven entries, limit six); at it: all of them
      expect(r.band(KA, KB, 6)).toBeNull();
      expect(r.band(KA, KA, 3)!.length).toBe(3);
      expect(r.band(KA, KA, 2)).toBeNull();
    },
  );

  it('js (and auto, js at this size): the one-thread pass over 64 x 64 blocks, its entries in block order', () => {
    for (const kernel of ['js', undefined] as const) {
      const r = exactResolver(u, v, { ...(kernel !== undefined ? { kernel } : {}), labels });
      expect(Array.from(r.band(KA, KB, 7)!), `kernel ${kernel}`).toEqual(values(blockOrder(64)));
      expect(r.band(KA, KB, 6)).toBeNull();
    }
    // the wasm kernel's blocks are 1024 columns wide: a different order, the same entries
    expect(values(blockOrder(1024))).not.toEqual(values(blockOrder(64)));
  });

  it('U doubled (B = 2, buckets twice as wide): the same buckets hold the doubled entries', () => {
    const u2: Matrix = { rows: 2, cols: 1, data: Float64Array.from([2, 1]) };
    const r = exactResolver(u2, v, { kernel: 'js', labels });
    expect(Array.from(r.band(KA, KB, 7)!)).toEqual(values(blockOrder(64)).map((x) => 2 * x));
  });

  it('dots: the exact entries of the pairs asked for', () => {
    const out = new Float64Array(3);
    exactResolver(u, v, { labels }).dots(Int32Array.from([0, 1, 1]), Int32Array.from([200, 5, 0]), out);
    expect(Array.from(out)).toEqual([0.5 + W, 0.5, 0.25]);
  });

  it.skipIf(!built)(
    'the histogram pass (wasm): every negative in its bucket, the pass made with the kernel asked for',
    () => {
      const r = exactResolver(u, v, { kernel: 'wasm', labels });
      const part = r.wholePass!();
      expect(part.kernel).toBe('wasm');
      expect(part.eps).toBeGreaterThan(0);
      const hist = r.histogram();
      const want = new Map<number, number>();
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 1100; j++) {
          if (j === labels[i]) continue;
          // clamped: the entries 1 (= B) fall in the top bucket
          const b = Math.min(2 ** 20 - 1, Math.floor((u.data[i]! * v.data[j]! + 1) / W));
          want.set(b, (want.get(b) ?? 0) + 1);
        }
      }
      const got = new Map<number, number>();
      hist.forEach((c, b) => {
        if (c !== 0) got.set(b, c);
      });
      expect(got).toEqual(want);
    },
  );

  it('labels reach both passes (without them the shapes are refused)', () => {
    const js = exactResolver(u, v, { kernel: 'js', labels });
    expect(js.histogram().reduce((s, x) => s + x, 0)).toBe(2 * 1099);
    expect(js.wholePass!().n).toBe(2);
  });

  it('the options of the resolver reach the second scan: threads 3 is refused there', () => {
    for (const kernel of ['js', 'wasm'] as const) {
      if (kernel === 'wasm' && !built) continue;
      const r = exactResolver(u, v, { kernel, labels, threads: 3 });
      expect(() => r.band(KA, KB, 7), kernel).toThrow(/^scanPairs: threads must be 1 or 2, got 3$/);
      expect(() => r.histogram(), kernel).toThrow(/^scanPairs: threads must be 1 or 2, got 3$/);
    }
  });
});

const blas = loadBlas();
describe.skipIf(!blas.ok)(
  'the one-thread band pass holds OpenBLAS at one thread when the scan has two',
  () => {
    // seven entries in the band, limit six: the second scan's keys are too many (null), and the
    // one-thread pass runs, past the limit too (null)
    const { u, v, labels } = layout();
    it.each([
      // threads 2: the second scan's helper (1, then back) and the band pass (the same)
      [2, [1, 1, 1, 1]],
      // one thread (the default at this size): OpenBLAS is left alone
      [undefined, []],
    ] as const)('threads %s: setThreads calls %j', (threads, want) => {
      const lib = (blas as { ok: true; blas: Blas }).blas;
      const w = lib as { -readonly [K in keyof Blas]: Blas[K] };
      const set = lib.setThreads;
      const before = lib.threadsNow();
      const calls: number[] = [];
      try {
        // at 1: the count given back is the one found (threadsNow), not the library's maximum
        set(1);
        w.setThreads = (t) => {
          calls.push(t);
          set(t);
        };
        const r = exactResolver(u, v, {
          kernel: 'openblas',
          labels,
          ...(threads !== undefined ? { threads } : {}),
        });
        expect(r.band(KA, KB, 6)).toBeNull();
        expect(calls).toEqual(want);
        expect(lib.threadsNow()).toBe(1);
      } finally {
        w.setThreads = set;
        set(before);
      }
    });
  },
);

describe('the resolver on inputs of zero norm, its settings, and the whole sum', () => {
  it('all entries 0 (B = 0): one bucket of width 1, bucket 0 holds every negative', () => {
    const z: Matrix = { rows: 3, cols: 2, data: new Float64Array(6) };
    const r = exactResolver(z, z, { kernel: 'js' });
    expect(Array.from(r.band(0, 0, 10)!)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.band(1, 2 ** 20 - 1, 10)!.length).toBe(0);
  });

  it('bandInner: 1/8 unless given', () => {
    const { u, v } = layout();
    expect(exactResolver(u, v, { labels: [0, 1] }).bandInner).toBe(0.125);
    expect(exactResolver(u, v, { labels: [0, 1], bandInner: 0.5 }).bandInner).toBe(0.5);
  });

  it('gramTotal: the sum of every entry (integers: exact, nothing left over)', () => {
    // sum_i U_i = (4, 6), sum_j V_j = (12, 14): 48 + 84
    const u: Matrix = { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) };
    const v: Matrix = { rows: 2, cols: 2, data: Float64Array.from([5, 6, 7, 8]) };
    expect(exactResolver(u, v, {}).gramTotal!()).toEqual({ hi: 132, lo: 0 });
  });

  it('labels out of range: the message names scanPairs', () => {
    const { u, v } = layout();
    expect(() => exactResolver(u, v, { labels: [0, 1100] })).toThrow(
      /^scanPairs: label 1100 of row 1 is out of range \[0, 1099\]$/,
    );
  });
});

describe('fallback: the interval of the first level', () => {
  it('every negative the same value: the interval holds one value, no pass after the histogram', () => {
    const ones: Matrix = { rows: 3, cols: 1, data: Float64Array.from([1, 1, 1]) };
    for (const cap of [2, 3, 5]) {
      expect(exactResolver(ones, ones, { kernel: 'js', trim: 0.25, collectCap: cap }).fallback()).toEqual({
        x0: 1,
        x1: 1,
        passes: 1,
      });
    }
  });

  it('the largest negative visited first, the smallest last: the top order statistic is the largest', () => {
    // row 0's three negatives are 1 + 2^-40, the other nine 1; trim 0: ranks 11 and 11 of 12
    const u: Matrix = { rows: 4, cols: 1, data: Float64Array.from([1 + 2 ** -40, 1, 1, 1]) };
    const v: Matrix = { rows: 4, cols: 1, data: Float64Array.from([1, 1, 1, 1]) };
    const got = exactResolver(u, v, { kernel: 'js', trim: 0, collectCap: 2 }).fallback();
    expect([got.x0, got.x1]).toEqual([1 + 2 ** -40, 1 + 2 ** -40]);
    // trim 0.5: ranks 5 and 6, both among the nine ones
    const mid = exactResolver(u, v, { kernel: 'js', trim: 0.5, collectCap: 2 }).fallback();
    expect([mid.x0, mid.x1]).toEqual([1, 1]);
  });
});
