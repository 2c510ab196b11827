import { describe, expect, it } from 'vitest';
import { scanRows } from '../../../src/geometry/pairs.js';
import { TASK_STRIDE } from '../../../src/geometry/scan-core.js';
import { kernelModule } from '../../../src/numeric/float/wasm-gram.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';

// scanRows with two slots (wasm kernel, threads 2: the main thread and one helper thread): the
// merged part against a brute-force pass written here. Eight tasks of 128 rows; the main thread
// pauses at its progress calls until the done count shows a task of the helper (at most 7 x 1000
// ms), so that the merge has two slots' maxima, window values and histograms to join. Which thread
// scans which rows changes no expected value (a helper that never starts leaves its slot empty, and
// the part is the same). Entries are products of multiples of 2^-11 and 2^-12 below 1: every sum
// is exact in any order. The window holds 0 and each row's smallest entry only, about a third of
// the negatives: no slot's estimate of the 0.9-quantile falls inside it, so no slot narrows it.

const built = kernelModule() !== null;

const col = (xs: number[]): Matrix => ({ rows: xs.length, cols: 1, data: Float64Array.from(xs) });

describe.skipIf(!built)('two slots merged', () => {
  const n = 1024;
  const u = col(Array.from({ length: n }, (_, i) => (i + 1) / 2048));
  const v = col([2 ** -12, 0.5, 0.75, 1]);
  // rows of the first task (the main thread's) in classes 0 .. 2, the rest in class 3: column 3's
  // largest negative is in the first task, the other columns' in the last rows
  const labels = Array.from({ length: n }, (_, i) => (i < 128 ? i % 3 : 3));
  const neg: [number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < 4; j++) if (j !== labels[i]) neg.push([i, j, u.data[i]! * v.data[j]!]);
  // the scan's buckets: B = max|U_i| max|V_j| = 1/2
  const bound = 0.5;
  const hscale = 2 ** 20 / (2 * bound);
  const bucket = (x: number) => Math.min(2 ** 20 - 1, Math.max(0, Math.floor((x + bound) * hscale)));
  const window = { lo: -0.5, hi: 0.001 };

  it('extremes, window counts, kept values, histogram and sums of both slots', () => {
    const calls: number[] = [];
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const part = scanRows(
      u,
      v,
      {
        kernel: 'wasm',
        threads: 2,
        labels,
        trim: 0.1,
        quantileWindow: window,
        progress: (done) => {
          calls.push(done);
          if (done === calls.length && calls.length < 8) Atomics.wait(pause, 0, 0, 1000);
        },
      },
      null,
    );
    // the main thread's counts: increasing, at most the 8 tasks (the helper may publish the last)
    expect(calls.every((c, e) => c >= 1 && c <= 8 && (e === 0 || c > calls[e - 1]!))).toBe(true);
    // every negative is positive: the smallest is U_1 V_0 = 2^-22
    expect(part.minNeg).toBe(2 ** -22);
    const colMax = [0, 1, 2, 3].map((j) => Math.max(...neg.filter((x) => x[1] === j).map((x) => x[2])));
    expect(colMax[3]).toBe(1 / 16);
    expect(Array.from(part.colNegMax)).toEqual(colMax);
    const rowMax = Array.from({ length: n }, (_, i) =>
      Math.max(...neg.filter((x) => x[0] === i).map((x) => x[2])),
    );
    expect(Array.from(part.rowNegMax)).toEqual(rowMax);
    const inside = neg.filter((x) => x[2] >= window.lo && x[2] < window.hi);
    expect([part.wlo, part.whi, part.klo, part.khi]).toEqual([-0.5, 0.001, -0.5, 0.001]);
    expect([part.inWindow, part.belowWindow, part.inKept]).toEqual([inside.length, 0, inside.length]);
    // the kept values with their indices, in any order
    const kept = Array.from(part.kept, (x, e) => [part.keptIdx[e]!, x] as const).sort((a, b) => a[0] - b[0]);
    expect(kept).toEqual(inside.map((x) => [x[0] * 4 + x[1], x[2]]));
    const want = new Float64Array(2 ** 20);
    for (const x of inside) want[bucket(x[2])]!++;
    const diff: number[] = [];
    part.hist.forEach((c, b) => {
      if (c !== want[b]) diff.push(b);
    });
    expect(diff).toEqual([]);
    let sum = 0;
    for (let o = 0; o < part.taskSums.length; o += TASK_STRIDE) sum += part.taskSums[o]!;
    expect(sum).toBe(neg.reduce((s, x) => s + x[2], 0));
  });
});
