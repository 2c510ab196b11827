import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { finishScan } from '../../../src/geometry/pairs.js';
import { refQuantile } from './reference.js';

// finishScan's trimmed quantile over two parts (row 0, row 1) whose windows or kept windows differ:
// the merge must use the intersection of the parts' windows (entries of a part below or above its
// own window are only counted) and of their kept windows (a part keeps only its own). N = 2, K = 5,
// positives on the diagonal, 8 negatives, trim 0.25: ranks 5 and 6 of 8 (weight 1/4). Kernel
// entries exact (eps = 0). Expected values: the order statistics of the 8 negatives, sorted here.

const B = 2 ** 20;
const hlo = -1;
const hscale = B / 2;
const bucket = (x: number) => Math.min(B - 1, Math.max(0, Math.floor((x - hlo) * hscale)));

interface Window {
  wlo: number;
  whi: number;
  klo?: number;
  khi?: number;
  /** The part could not keep all of its kept window's entries (inKept above those kept). */
  overflow?: boolean;
}

/** The part of row r (its positive in column r) with negatives `negs` at the other columns. */
function part(r: 0 | 1, negs: readonly number[], w: Window) {
  const k = 5;
  const cols = [0, 1, 2, 3, 4].filter((c) => c !== r);
  const klo = w.klo ?? w.wlo;
  const khi = w.khi ?? w.whi;
  const hist = new Float64Array(B);
  let below = 0;
  let inWindow = 0;
  const kept: number[] = [];
  const keptIdx: number[] = [];
  negs.forEach((x, e) => {
    if (x < w.wlo) below++;
    else if (x < w.whi) {
      inWindow++;
      hist[bucket(x)]!++;
    }
    if (x >= klo && x < khi) {
      kept.push(x);
      keptIdx.push(r * k + cols[e]!);
    }
  });
  const colNegMax = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  negs.forEach((x, e) => {
    colNegMax[cols[e]!] = x;
  });
  return {
    n: 2,
    k,
    d: 1,
    row0: r,
    row1: r + 1,
    kernel: 'js' as const,
    kernelReason: 'hand-made',
    trim: 0.25,
    loss: null,
    pos: Int32Array.of(r),
    rowPos: Float64Array.of(0.95),
    rowNegMax: Float64Array.of(Math.max(...negs)),
    colNegMax,
    taskSums: Float64Array.of(
      negs.reduce((a, x) => a + x, 0),
      0,
      0,
      0,
    ),
    minNeg: Math.min(...negs),
    eps: 0,
    wlo: w.wlo,
    whi: w.whi,
    belowWindow: below,
    inWindow,
    klo,
    khi,
    inKept: kept.length + (w.overflow === true ? 1 : 0),
    kept: Float64Array.from(kept),
    keptIdx: Float64Array.from(keptIdx),
    hlo,
    hscale,
    hist,
  };
}

/** An exact resolver over all 8 negatives: the histogram pass, the band pass; no fallback. */
function resolverOf(negs: readonly number[], calls: string[]) {
  return {
    dot: () => Number.NaN,
    bandInner: 1 / 8,
    dots: () => {
      throw new Error('exact entries are the kernel entries here');
    },
    histogram: () => {
      calls.push('histogram');
      const h = new Float64Array(B);
      for (const x of negs) h[bucket(x)]!++;
      return h;
    },
    band: (kA: number, kB: number) => {
      calls.push('band');
      return Float64Array.from(negs.filter((x) => bucket(x) >= kA && bucket(x) <= kB));
    },
    fallback: () => {
      throw new Error('no fallback expected');
    },
  };
}

function run(row0: number[], row1: number[], w0: Window, w1: Window) {
  const all = [...row0, ...row1];
  const sorted = Float64Array.from(all).sort();
  const calls: string[] = [];
  const t = finishScan([part(0, row0, w0), part(1, row1, w1)], 2 ** 23, resolverOf(all, calls)).trimmed!;
  return {
    got: [t.negLower, t.negUpper, t.negQuantile],
    want: [sorted[5], sorted[6], refQuantile(sorted, 0.75)],
    calls,
    t,
  };
}

describe('finishScan over parts with different windows: their intersection', () => {
  it('a part with a higher window bottom: its entries below it are not placed at the other bottom', () => {
    // row 1 (window [0.5, 1)) has all four entries below its window; row 0 (window [0, 1)) has four
    // in it. Sorted: 0.01 0.02 0.03 0.04 0.05 | 0.06 0.07 | 0.08: the 0.08 of row 1 is above ranks 5, 6.
    const r = run(
      [0.04, 0.05, 0.06, 0.07],
      [0.01, 0.02, 0.03, 0.08],
      { wlo: 0, whi: 1 },
      { wlo: 0.5, whi: 1 },
    );
    expect(r.want.slice(0, 2)).toEqual([0.06, 0.07]);
    expect(r.got).toEqual(r.want);
    // the band is outside the intersection [0.5, 1): a histogram pass, then a band pass
    expect(r.calls).toEqual(['histogram', 'band']);
    expect(r.t.passes).toBe(3);
  });

  it('the same with the higher bottom first', () => {
    const r = run(
      [0.01, 0.02, 0.03, 0.08],
      [0.04, 0.05, 0.06, 0.07],
      { wlo: 0.5, whi: 1 },
      { wlo: 0, whi: 1 },
    );
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual(['histogram', 'band']);
  });

  it('a part with a lower window top: its entries above it are not placed at the other top', () => {
    // row 1 (window [0, 0.5)) has 0.51 above its window; row 0 (window [0, 0.9)) has 0.52 .. 0.55.
    // Sorted: 0.1 0.2 0.3 0.51 0.52 | 0.53 0.54 | 0.55.
    const r = run(
      [0.52, 0.53, 0.54, 0.55],
      [0.1, 0.2, 0.3, 0.51],
      { wlo: 0, whi: 0.9 },
      { wlo: 0, whi: 0.5 },
    );
    expect(r.want.slice(0, 2)).toEqual([0.53, 0.54]);
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual(['histogram', 'band']);
  });

  it('the same with the lower top first', () => {
    const r = run(
      [0.1, 0.2, 0.3, 0.51],
      [0.52, 0.53, 0.54, 0.55],
      { wlo: 0, whi: 0.5 },
      { wlo: 0, whi: 0.9 },
    );
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual(['histogram', 'band']);
  });

  it('the same windows: the band inside, the kept entries answer with no further pass', () => {
    const r = run(
      [0.52, 0.53, 0.54, 0.55],
      [0.1, 0.2, 0.3, 0.51],
      { wlo: 0, whi: 0.9 },
      { wlo: 0, whi: 0.9 },
    );
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual([]);
    expect(r.t.passes).toBe(1);
  });
});

describe('finishScan over parts with different kept windows: their intersection', () => {
  // one window [0, 1) for both; the band (ranks 5, 6: 0.3, 0.4 of row 0) lies inside it
  const row0 = [0.3, 0.4, 0.05, 0.06];
  const row1 = [0.01, 0.02, 0.03, 0.5];

  for (const first of ['narrow', 'wide'] as const) {
    it(`a kept window starting above the band (${first} first): the band pass, not the kept entries`, () => {
      const narrow: Window = { wlo: 0, whi: 1, klo: 0.45 };
      const wide: Window = { wlo: 0, whi: 1 };
      const r = first === 'narrow' ? run(row0, row1, narrow, wide) : run(row1, row0, wide, narrow);
      expect(r.got).toEqual(r.want);
      expect(r.calls).toEqual(['band']);
      expect(r.t.passes).toBe(2);
    });

    it(`a kept window ending below the band (${first} first): the band pass, not the kept entries`, () => {
      const narrow: Window = { wlo: 0, whi: 1, khi: 0.1 };
      const wide: Window = { wlo: 0, whi: 1 };
      const r = first === 'narrow' ? run(row0, row1, narrow, wide) : run(row1, row0, wide, narrow);
      expect(r.got).toEqual(r.want);
      expect(r.calls).toEqual(['band']);
    });
  }

  it('both kept windows hold the band: the kept entries answer', () => {
    const r = run(row0, row1, { wlo: 0, whi: 1, klo: 0.2 }, { wlo: 0, whi: 1, klo: 0.25, khi: 0.9 });
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual([]);
  });
});

describe('finishScan: the window edges of the merged histogram', () => {
  const start = (b: number) => hlo + b / hscale;
  const open: Window = { wlo: Number.NEGATIVE_INFINITY, whi: Number.POSITIVE_INFINITY };

  it('entries below a common window are counted at its bottom edge bucket: the band inside, no pass', () => {
    const r = run(
      [0.1, 0.52, 0.53, 0.54],
      [0.15, 0.3, 0.4, 0.55],
      { wlo: 0.2, whi: 0.9 },
      { wlo: 0.2, whi: 0.9 },
    );
    expect(r.want.slice(0, 2)).toEqual([0.53, 0.54]);
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual([]);
  });

  it('an open window and kept window: a band in the lowest bucket is inside them', () => {
    // 2^-22 apart from -1: bucket 0 (width 2^-19); ranks 5 and 6 there, so the band starts at bucket 0
    const low = (j: number) => -1 + j * 2 ** -22;
    expect(bucket(low(7))).toBe(0);
    const r = run([low(1), low(3), low(5), low(7)], [low(2), low(4), low(6), 0.5], open, open);
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual([]);
  });

  it('an open window and kept window: a band in the highest bucket is inside them', () => {
    const high = (j: number) => 1 - j * 2 ** -22;
    expect(bucket(high(3))).toBe(B - 1);
    const r = run([-0.5, -0.4, -0.3, high(1)], [-0.2, -0.1, high(2), high(3)], open, open);
    expect(r.want.slice(0, 2)).toEqual([high(3), high(2)]);
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual([]);
  });

  it('a window whose top edge bucket is the band highest bucket does not hold the band', () => {
    // ranks 5, 6 are 0.53 and 0.54; the band ends 2 buckets above 0.54 (slack 2 at eps = 0)
    const kB = bucket(0.54) + 2;
    expect(bucket(start(kB))).toBe(kB);
    const w = { wlo: 0, whi: start(kB) };
    const r = run([0.52, 0.53, 0.54, 0.55], [0.1, 0.2, 0.3, 0.51], w, w);
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual(['histogram', 'band']);
    // one bucket higher, it does
    const w1 = { wlo: 0, whi: start(kB + 1) };
    expect(run([0.52, 0.53, 0.54, 0.55], [0.1, 0.2, 0.3, 0.51], w1, w1).calls).toEqual([]);
  });

  it('one part that could not keep its kept window: the band pass for both', () => {
    const w = { wlo: 0, whi: 1 };
    for (const [w0, w1] of [
      [w, { ...w, overflow: true }],
      [{ ...w, overflow: true }, w],
    ] as const) {
      const r = run([0.52, 0.53, 0.54, 0.55], [0.1, 0.2, 0.3, 0.51], w0, w1);
      expect(r.got).toEqual(r.want);
      expect(r.calls).toEqual(['band']);
    }
  });
});

describe('finishScan: the task sums of the parts, added with Neumaier compensation', () => {
  // Task sums 1, 2^54, 1, -2^54 (each with its own compensation 0.5): the second addition needs the
  // branch for a larger addend, the third the branch for a smaller one (1 + 2^54 rounds to 2^54 at
  // ulp 4, and 1 - 2^54 rounds to -2^54, so the wrong branch loses the 1). Exact sum 2 + 4 * 0.5.
  const big = 2 ** 54;
  const withTasks = (r: 0 | 1, tasks: [number, number, number, number][]) => ({
    ...part(r, r === 0 ? [0.1, 0.2, 0.3, 0.4] : [0.5, 0.6, 0.7, 0.8], { wlo: 0, whi: 1 }),
    trim: null,
    loss: { t: 1, b: 0 },
    taskSums: Float64Array.from(tasks.flat()),
  });
  const noPass = resolverOf([], []);

  it('the negatives mean from the task sums (no Gram total): every compensation kept', () => {
    const parts = [
      withTasks(0, [
        [1, 0.5, 0, 0],
        [big, 0.5, 0, 0],
      ]),
      withTasks(1, [
        [1, 0.5, 0, 0],
        [-big, 0.5, 0, 0],
      ]),
    ];
    const m = finishScan(parts, 2 ** 23, noPass).margins;
    expect(m.meanNeg).toBe(4 / 8);
  });

  it('with a Gram total: the negatives are the total less the positives, rounded once', () => {
    // positives -1.3043880128617626e16 and 0; total -3 + 0: exact (-3 + 1.3043880128617626e16) / 8
    const parts = [0, 1].map((r) => ({
      ...withTasks(r as 0 | 1, [[1, 0, 0, 0]]),
      rowPos: Float64Array.of(r === 0 ? -1.3043880128617626e16 : 0),
    }));
    const resolver = { ...noPass, gramTotal: () => ({ hi: -3, lo: 0 }) };
    const want = new Decimal(-3).plus(1.3043880128617626e16).div(8).toNumber();
    expect(finishScan(parts, 2 ** 23, resolver).margins.meanNeg).toBe(want);
    // a total that overflowed: the task sums instead (1 + 1 over 8 negatives)
    const inf = { ...noPass, gramTotal: () => ({ hi: Number.POSITIVE_INFINITY, lo: 0 }) };
    expect(finishScan(parts, 2 ** 23, inf).margins.meanNeg).toBe(2 / 8);
  });

  it('the loss of the negatives from the task losses, with the positives: every compensation kept', () => {
    // task losses 1, 2^54, 1, 2 (compensations 0.5): the third addition needs the branch for a
    // smaller addend, the second the one for a larger; exact 2^54 + 6 + softplus terms 0.654: 2^54 + 8
    const parts = [
      withTasks(0, [
        [0, 0, 1, 0.5],
        [0, 0, big, 0.5],
      ]),
      withTasks(1, [
        [0, 0, 1, 0.5],
        [0, 0, 2, 0.5],
      ]),
    ];
    const got = finishScan(parts, 2 ** 23, noPass).lossSum!;
    // positives: softplus(-(t 0.95 - b)) per row, t = 1, b = 0
    const pos = Math.log1p(Math.exp(-0.95));
    const want = new Decimal(big).plus(4).plus(2).plus(pos).plus(pos).toNumber();
    expect(want).toBe(big + 8);
    expect(got).toBe(want);
  });

  it('the positives loss keeps its own compensation: softplus(2^53) + softplus(1) + 1 is 2^53 + 2', () => {
    // rows' positives -2^53 and -1 (t = 1, b = 0): terms 2^53 and 1.3133 (2^53 + 1.3133 rounds to
    // 2^53 + 2, error -0.687); the negatives' loss 1; exact 2^53 + 2.3133: 2^53 + 2
    const parts = [0, 1].map((r) => ({
      ...withTasks(r as 0 | 1, [[0, 0, r === 0 ? 1 : 0, 0]]),
      rowPos: Float64Array.of(r === 0 ? -(2 ** 53) : -1),
    }));
    const got = finishScan(parts, 2 ** 23, noPass).lossSum!;
    const want = new Decimal(2 ** 53).plus(Math.log1p(Math.exp(1))).plus(1);
    expect(want.toNumber()).toBe(2 ** 53 + 2);
    expect(got).toBe(2 ** 53 + 2);
  });
});

describe('finishScan: the band pass answers', () => {
  const negs = [0.52, 0.53, 0.54, 0.55, 0.1, 0.2, 0.3, 0.51];
  const w = { wlo: 0.6, whi: 1 }; // misses the band: a histogram pass and a band pass

  it('a band pass that cannot hold the band hands over to the fallback', () => {
    const calls: string[] = [];
    const resolver = {
      ...resolverOf(negs, calls),
      band: () => null,
      fallback: () => ({ x0: 0.53, x1: 0.54, passes: 7 }),
    };
    const t = finishScan([part(0, negs.slice(0, 4), w), part(1, negs.slice(4), w)], 2 ** 23, resolver)
      .trimmed!;
    expect([t.negLower, t.negUpper]).toEqual([0.53, 0.54]);
    expect(calls).toEqual(['histogram']);
    // the scan, the histogram pass, then the fallback's own 7
    expect(t.passes).toBe(1 + 1 + 7);
  });

  it('a band pass whose count disagrees with the histogram is an error, not an answer', () => {
    const calls: string[] = [];
    const base = resolverOf(negs, calls);
    const resolver = {
      ...base,
      band: (kA: number, kB: number) => Float64Array.of(...base.band(kA, kB), 0.535),
    };
    expect(() =>
      finishScan([part(0, negs.slice(0, 4), w), part(1, negs.slice(4), w)], 2 ** 23, resolver),
    ).toThrow(/3 entries in the band, the histogram says 2/);
  });
});

describe('finishScan with entries in the slack buckets below the located one', () => {
  it('ranks 5, 6 in buckets k0, k0 + 1; ranks 3, 4 in buckets k0 - 2, k0 - 1 (inside the band, not below it)', () => {
    // buckets are 2^-19 wide (hlo -1): x = 0.5 + q 2^-19 lies in bucket 786432 + floor(q). The band
    // is k0 - 2 .. k1 + 2 (eps 0); its entries are ranked from the count below k0 - 2 (three), not
    // below k0 (five)
    const w = 2 ** -19;
    const [x3, x4, x5, x6] = [0.5 - 1.5 * w, 0.5 - 0.5 * w, 0.5 + 0.25 * w, 0.5 + 1.5 * w];
    expect([x3, x4, x5, x6].map(bucket)).toEqual([786430, 786431, 786432, 786433]);
    const r = run([0.01, x4, x5, 0.9], [0.02, 0.03, x3, x6], { wlo: 0, whi: 1 }, { wlo: 0, whi: 1 });
    expect(r.want.slice(0, 2)).toEqual([x5, x6]);
    expect(r.got).toEqual(r.want);
    expect(r.calls).toEqual([]);
  });
});
