import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { exactResolver, finishScan, scanPairs, scanRows } from '../../../src/geometry/pairs.js';
import { type Blas, loadBlas } from '../../../src/numeric/blas.js';
import { crossGram } from '../../../src/numeric/float/gram.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import {
  expectFallbackAtRanks,
  naiveScan,
  nextUpOf,
  randomPairs,
  recordSetThreads,
  refQuantile,
} from './reference.js';

// The pass's rules that the scan tests do not pin: argument checks, the pilot's window (written
// out again from its definition over the naive Gram matrix), the merge's row checks, and the
// OpenBLAS thread count around the resolver's passes.

/**
 * The pilot window by its definition: the negatives of min(128, N) evenly spaced rows
 * (floor((s + 1/2) N / rows)), their p-quantile, 8 clustered standard errors (spread of the rows'
 * fractions above it, plus the binomial term) and 4/n each side, taken as order statistics.
 */
function pilotByDefinition(
  u: Matrix,
  v: Matrix,
  labels: number[] | null,
  p: number,
): { lo: number; hi: number } {
  const n = u.rows;
  const k = v.rows;
  const g = crossGram(u, v);
  const rows = Math.min(128, n);
  const rowsOf: number[][] = [];
  for (let s = 0; s < rows; s++) {
    const i = Math.floor(((s + 0.5) * n) / rows);
    const l = labels === null ? i : labels[i]!;
    const row: number[] = [];
    for (let j = 0; j < k; j++) if (j !== l) row.push(g[i * k + j]!);
    rowsOf.push(row);
  }
  const sorted = Float64Array.from(rowsOf.flat()).sort();
  const m = sorted.length;
  const qHat = refQuantile(sorted, p);
  const fr = rowsOf.map((r) => r.filter((x) => x > qHat).length / (k - 1));
  const meanF = fr.reduce((a, b) => a + b, 0) / rows;
  const varF = Math.max(0, fr.reduce((a, b) => a + b * b, 0) / rows - meanF * meanF);
  const delta = 8 * (Math.sqrt(varF / rows) + Math.sqrt((p * (1 - p)) / m)) + 4 / m;
  return {
    lo: p - delta <= 0 ? Number.NEGATIVE_INFINITY : sorted[Math.floor((p - delta) * (m - 1))]!,
    // the window keeps the upper estimate itself: the next double above it
    hi: p + delta >= 1 ? Number.POSITIVE_INFINITY : nextUpOf(sorted[Math.ceil((p + delta) * (m - 1))]!),
  };
}

describe('the pilot window (js kernel: the pilot sees exact entries)', () => {
  for (const [n, trim, labelled] of [
    [100, 0.3, false],
    [300, 0.3, false],
    [100, 0.01, false],
    [200, 0.25, true],
    // (103 * 102 - 1) * 0.8 = 8404: the pilot quantile is a sample value (a tie with the count above)
    [103, 0.2, false],
  ] as const) {
    it(`N = ${n}, trim ${trim}${labelled ? ', labels' : ''}: the window of its definition`, () => {
      const { u, v } = randomPairs(n, 6, 40 + n, labelled ? 37 : n);
      const labels = labelled ? Array.from({ length: n }, (_, i) => (i * 11) % 37) : null;
      const options = { kernel: 'js' as const, trim, ...(labels === null ? {} : { labels }) };
      // a part of all rows keeps the window (a one-pass scan would keep every negative instead)
      const part = scanRows(u, v, options, { row0: 0, row1: n });
      const want = pilotByDefinition(u, v, labels, 1 - trim);
      expect({ lo: part.wlo, hi: part.whi }).toEqual(want);
      if (trim === 0.01) expect(part.whi).toBe(Number.POSITIVE_INFINITY);
      else expect(Number.isFinite(part.whi)).toBe(true);
      // the window's counts are those of the exact entries
      const ref = naiveScan(u, v, labels ?? undefined);
      expect(part.belowWindow).toBe(ref.neg.filter((x) => x < part.wlo).length);
      expect(part.inWindow).toBe(ref.neg.filter((x) => x >= part.wlo && x < part.whi).length);
      expect(part.minNeg).toBe(ref.neg[0]);
    });
  }

  it('a window given replaces the pilot; lo >= hi is refused', () => {
    const { u, v } = randomPairs(50, 4, 3);
    const part = scanRows(
      u,
      v,
      { kernel: 'js', trim: 0.1, quantileWindow: { lo: -0.25, hi: 0.5 } },
      { row0: 0, row1: 50 },
    );
    expect([part.wlo, part.whi]).toEqual([-0.25, 0.5]);
    for (const w of [
      { lo: 0.5, hi: 0.5 },
      { lo: 0.5, hi: -0.5 },
      { lo: Number.NaN, hi: 1 },
    ]) {
      expect(() =>
        scanRows(u, v, { kernel: 'js', trim: 0.1, quantileWindow: w }, { row0: 0, row1: 50 }),
      ).toThrow(UsageError);
    }
  });
});

describe('argument checks', () => {
  const { u, v } = randomPairs(4, 3, 1);
  const refused = (f: () => unknown, msg: RegExp) => expect(f).toThrow(msg);
  it('shapes and labels', () => {
    refused(() => scanPairs(u, randomPairs(4, 2, 2).v), /U has dimension 3 but V has dimension 2/);
    refused(() => scanPairs(fromRows([[], []]), fromRows([[], []])), /dimension must be at least 1/);
    refused(() => scanPairs(u, v, { labels: [0, 1, 2] }), /3 labels for 4 rows of U/);
    refused(() => scanPairs(u, v, { labels: [0, 1, 2, 1.5] }), /label 1.5 of row 3/);
    refused(() => scanPairs(u, v, { labels: [0, -1, 2, 1] }), /label -1 of row 1/);
    refused(() => scanPairs(fromRows([[1]]), fromRows([[1]])), /need at least one U row and two V rows/);
    refused(() => scanPairs(fromRows([[1]]), fromRows([[1]]), { labels: [0] }), /got 1 and 1/);
    // the smallest valid shapes: one U row against two V rows, labels at both ends
    const r = scanPairs(fromRows([[1]]), fromRows([[0.5], [-0.25]]), { labels: [1] });
    expect([r.margins.minPos, r.margins.maxNeg]).toEqual([-0.25, 0.5]);
    expect(scanPairs(u, v, { labels: [3, 0, 3, 0] }).k).toBe(4);
  });

  it('trim, loss, collectCap, threads', () => {
    for (const trim of [-0.01, 0.5, Number.NaN]) refused(() => scanPairs(u, v, { trim }), /trim must be in/);
    expect(scanPairs(u, v, { trim: 0 }).trimmed!.trim).toBe(0);
    for (const loss of [
      { t: Number.POSITIVE_INFINITY, b: 0 },
      { t: 1, b: Number.NaN },
    ])
      refused(() => scanPairs(u, v, { loss }), /loss needs finite t and b/);
    for (const collectCap of [1, 2.5, Number.NaN])
      refused(() => scanPairs(u, v, { collectCap }), /collectCap/);
    expect(scanPairs(u, v, { trim: 0.1, collectCap: 2 }).trimmed!.negQuantile).toBe(
      refQuantile(naiveScan(u, v).neg, 0.9),
    );
    for (const threads of [0, 3, 1.5]) refused(() => scanPairs(u, v, { threads }), /threads must be 1 or 2/);
  });
});

describe('finishScan', () => {
  it('refuses no parts, parts out of order or overlapping, and missing rows', () => {
    // the scans are made inside the test: made while collecting, no mutant would be active in them
    const { u, v } = randomPairs(600, 3, 8);
    const options = { kernel: 'js' as const };
    const a = scanRows(u, v, options, { row0: 0, row1: 512 });
    const b = scanRows(u, v, options, { row0: 512, row1: 600 });
    const resolver = exactResolver(u, v, options);
    expect(() => finishScan([], 2 ** 23, resolver)).toThrow(/merge: no parts/);
    expect(() => finishScan([b, a], 2 ** 23, resolver)).toThrow(/rows 0 .. 511 are missing/);
    expect(() => finishScan([a, a], 2 ** 23, resolver)).toThrow(/rows 512 .. -1 are missing \(or overlap\)/);
    expect(() => finishScan([a], 2 ** 23, resolver)).toThrow(/rows 512 .. 599 are missing/);
    expect(finishScan([a, b], 2 ** 23, resolver).margins).toEqual(scanPairs(u, v, options).margins);
  });
});

const blas = loadBlas();
describe.skipIf(!blas.ok)('OpenBLAS threads around the resolver passes', () => {
  it('threads 2: the passes run with 1 OpenBLAS thread and give the count back', () => {
    const lib = (blas as { ok: true; blas: Blas }).blas;
    const set = lib.setThreads;
    const { calls, restore } = recordSetThreads(lib);
    try {
      set(2);
      const { u, v } = randomPairs(40, 4, 2);
      const hist = exactResolver(u, v, { kernel: 'openblas', threads: 2 }).histogram();
      expect(hist.reduce((s, x) => s + x, 0)).toBe(40 * 39);
      expect(calls).toEqual([1, 2]);
      expect(lib.threadsNow()).toBe(2);
      calls.length = 0;
      exactResolver(u, v, { kernel: 'openblas', threads: 1 }).band(0, 2 ** 20 - 1, 10_000);
      exactResolver(u, v, { kernel: 'wasm', threads: 2 }).band(0, 2 ** 20 - 1, 10_000);
      expect(calls).toEqual([]);
    } finally {
      restore();
    }
  });
});

describe('exactResolver (js kernel): histogram, band and fallback against the naive negatives', () => {
  const { u, v } = randomPairs(40, 5, 12);
  const ref = naiveScan(u, v);
  const negs = ref.neg.length;
  // the scan's buckets: [-B, B) in 2^20 equal parts, B = max |U_i| max |V_j| (unit rows: about 1)
  const rowNorm = (m: Matrix, i: number) =>
    Math.sqrt(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).reduce((s, x) => s + x * x, 0));
  const maxNorm = (m: Matrix) => Math.max(...Array.from({ length: m.rows }, (_, i) => rowNorm(m, i)));
  const bound = maxNorm(u) * maxNorm(v);
  const bucket = (x: number) =>
    Math.min(2 ** 20 - 1, Math.max(0, Math.floor((x + bound) * (2 ** 20 / (2 * bound)))));

  it('histogram: every negative in its monotone bucket', () => {
    const hist = exactResolver(u, v, { kernel: 'js' }).histogram();
    const want = new Float64Array(2 ** 20);
    for (const x of ref.neg) want[bucket(x)]!++;
    // the buckets that differ, not a deep equal of 2^20 entries (7 s of vitest's diffing)
    const wrong: number[] = [];
    for (let q = 0; q < want.length; q++) if (hist[q] !== want[q]) wrong.push(q);
    expect(hist.length).toBe(want.length);
    expect(wrong).toEqual([]);
  });

  it('band: the exact negatives of buckets [kA, kB], null past the limit', () => {
    const r = exactResolver(u, v, { kernel: 'js' });
    const all = r.band(0, 2 ** 20 - 1, negs)!;
    expect(Float64Array.from(all).sort()).toEqual(ref.neg);
    expect(r.band(0, 2 ** 20 - 1, negs - 1)).toBeNull();
    const kA = bucket(ref.neg[100]!);
    const kB = bucket(ref.neg[300]!);
    const some = Float64Array.from(r.band(kA, kB, negs)!).sort();
    expect(some).toEqual(ref.neg.filter((x) => bucket(x) >= kA && bucket(x) <= kB));
    expect(r.band(kB + 1, kB, negs)!.length).toBe(0);
  });

  it('fallback: the exact order statistics of the (1 - trim)-quantile by multi-pass selection', () => {
    for (const [trim, cap] of [
      [0.1, 4],
      [0.25, 2],
      [0.05, 1000],
    ] as const) {
      const got = expectFallbackAtRanks(u, v, ref.neg, trim, cap);
      expect(got.passes).toBeGreaterThanOrEqual(2);
      if (cap === 1000) expect(got.passes, 'one histogram, one collecting pass').toBe(2);
    }
  });
});

/**
 * A hand-made scan part: N = 2, K = 3, positives on the diagonal; negatives 0.1, 0.2 (row 0) below
 * the window [wlo, 1) and 0.3, 0.4 (row 1, indices 3 and 5) kept in it; kernel entries within
 * `eps` of the exact ones (eps = 0: the js kernel's exact entries); trim 0.25.
 */
function handPart(eps: number, wlo: number, hlo: number, hscale: number, klo = wlo) {
  const B = 2 ** 20;
  const bucket = (x: number) => Math.min(B - 1, Math.max(0, Math.floor((x - hlo) * hscale)));
  const hist = new Float64Array(B);
  hist[bucket(0.3)]!++;
  hist[bucket(0.4)]!++;
  return {
    n: 2,
    k: 3,
    d: 1,
    row0: 0,
    row1: 2,
    kernel: eps > 0 ? ('openblas' as const) : ('js' as const),
    kernelReason: 'hand-made',
    trim: 0.25,
    loss: null,
    pos: Int32Array.of(0, 1),
    rowPos: Float64Array.of(0.9, 0.8),
    rowNegMax: Float64Array.of(0.2, 0.4),
    colNegMax: Float64Array.of(0.3, 0.1, 0.4),
    taskSums: Float64Array.of(1, 0, 0, 0),
    minNeg: 0.1,
    eps,
    wlo,
    whi: 1,
    belowWindow: 2,
    inWindow: 2,
    klo,
    khi: 1,
    inKept: 2,
    kept: Float64Array.of(0.3, 0.4),
    keptIdx: Float64Array.of(3, 5),
    hlo,
    hscale,
    hist,
  };
}

describe('selectBand: the band must lie strictly inside the window', () => {
  // N = 2, K = 3, positives on the diagonal; negatives 0.1, 0.2 (row 0) and 0.3, 0.4 (row 1), kernel
  // entries exact (eps = 0). trim 0.25: ranks 2 and 3 of 4 (0.3 and 0.4), weight 1/4.
  const B = 2 ** 20;
  const hlo = -1;
  const hscale = B / 2;
  const bucket = (x: number) => Math.min(B - 1, Math.max(0, Math.floor((x - hlo) * hscale)));
  const negs = [0.1, 0.2, 0.3, 0.4];
  const resolver = {
    dot: () => Number.NaN,
    // eps = 0 here: the inner band is not tried
    bandInner: 1 / 8,
    dots: () => {
      throw new Error('exact entries are the kernel entries here');
    },
    histogram: () => {
      const h = new Float64Array(B);
      for (const x of negs) h[bucket(x)]!++;
      return h;
    },
    band: (kA: number, kB: number) =>
      Float64Array.from(negs.filter((x) => bucket(x) >= kA && bucket(x) <= kB)),
    fallback: () => {
      throw new Error('no fallback expected');
    },
  };
  /** The part of both rows with the window [wlo, 1) holding 0.3 and 0.4, 0.1 and 0.2 below it. */
  const partWith = (wlo: number) => handPart(0, wlo, hlo, hscale);
  // the band is buckets bucket(0.3) - 2 .. bucket(0.4) + 2 (slack 2 at eps = 0)
  const kA = bucket(0.3) - 2;
  const start = (b: number) => hlo + b / hscale;

  it('window edge one bucket below the band: the kept entries answer, one pass', () => {
    expect(bucket(start(kA - 1))).toBe(kA - 1);
    // the band holds 2 entries: a cap of 2 is enough (the fallback throws here)
    expect(finishScan([partWith(start(kA - 1))], 2, resolver).trimmed!.passes).toBe(1);
    const r = finishScan([partWith(start(kA - 1))], 2 ** 23, resolver).trimmed!;
    expect([r.negLower, r.negUpper, r.negQuantile]).toEqual([
      0.3,
      0.4,
      refQuantile(Float64Array.from(negs), 0.75),
    ]);
    expect(r.passes).toBe(1);
  });

  it('kept-window edge one bucket below the band (window wider): the kept entries answer', () => {
    const r = finishScan([handPart(0, 0.25, hlo, hscale, start(kA - 1))], 2 ** 23, resolver).trimmed!;
    expect([r.negLower, r.negUpper, r.passes]).toEqual([0.3, 0.4, 1]);
  });

  it('kept-window edge in the band lowest bucket (window wider): one band pass, no histogram pass', () => {
    const r = finishScan([handPart(0, 0.25, hlo, hscale, start(kA))], 2 ** 23, {
      ...resolver,
      histogram: () => {
        throw new Error('no histogram pass expected');
      },
    }).trimmed!;
    expect([r.negLower, r.negUpper, r.passes]).toEqual([0.3, 0.4, 2]);
  });

  it('kept-window top edge in the band highest bucket: one band pass', () => {
    const kB = bucket(0.4) + 2;
    const part = { ...handPart(0, 0.25, hlo, hscale), khi: start(kB) };
    expect(bucket(part.khi)).toBe(kB);
    const r = finishScan([part], 2 ** 23, resolver).trimmed!;
    expect([r.negLower, r.negUpper, r.passes]).toEqual([0.3, 0.4, 2]);
    const wider = { ...part, khi: start(kB + 1) };
    expect(finishScan([wider], 2 ** 23, resolver).trimmed!.passes).toBe(1);
  });

  it('a part that could not keep its kept window: one band pass', () => {
    const part = { ...handPart(0, 0.25, hlo, hscale), inKept: 3 };
    const r = finishScan([part], 2 ** 23, resolver).trimmed!;
    expect([r.negLower, r.negUpper, r.passes]).toEqual([0.3, 0.4, 2]);
  });

  it('window missed, the histogram pass keeps the band: two passes, no band pass', () => {
    const whole = { ...handPart(0, Number.NEGATIVE_INFINITY, hlo, hscale), belowWindow: 0, inWindow: 4 };
    whole.hist = resolver.histogram();
    whole.kept = Float64Array.from(negs);
    whole.keptIdx = Float64Array.of(1, 2, 3, 5);
    whole.inKept = 4;
    const noBand = {
      ...resolver,
      band: () => {
        throw new Error('no band pass expected');
      },
    };
    const r = finishScan([partWith(start(kA))], 2 ** 23, { ...noBand, wholePass: () => whole }).trimmed!;
    expect([r.negLower, r.negUpper, r.passes]).toEqual([0.3, 0.4, 2]);
    // its kept window with an edge in the band: the band pass as well
    const edge = { ...whole, khi: start(bucket(0.4) + 2) };
    const r3 = finishScan([partWith(start(kA))], 2 ** 23, { ...resolver, wholePass: () => edge }).trimmed!;
    expect([r3.negLower, r3.negUpper, r3.passes]).toEqual([0.3, 0.4, 3]);
  });

  it('window edge in the band lowest bucket: the full histogram and a band pass first', () => {
    expect(bucket(start(kA))).toBe(kA);
    const r = finishScan([partWith(start(kA))], 2 ** 23, resolver).trimmed!;
    expect([r.negLower, r.negUpper]).toEqual([0.3, 0.4]);
    expect(r.passes).toBe(3);
  });
});

describe('selectBand: the inner band settles the quantile only with an eps and a bucket to spare', () => {
  // The part above with kernel entries 0.3 and 0.4 (indices 3 and 5) within eps = 1e-4 of exact
  // values the resolver gives; trim 0.25: ranks 2 and 3 of 4. Buckets of width 2 / 2^20: the 2 eps
  // band spans 107 buckets beyond the located ones, the inner band (1 + 1/8) eps spans 61.
  const B = 2 ** 20;
  const hlo = -1;
  const hscale = B / 2;
  const eps = 1e-4;
  const bucket = (x: number) => Math.min(B - 1, Math.max(0, Math.floor((x - hlo) * hscale)));
  const inner = Math.ceil((1 + 1 / 8) * eps * hscale) + 2;
  const part = () => handPart(eps, 0.25, hlo, hscale);
  /** finishScan with exact values e3, e5 for the entries 3 and 5; the sizes of the exact-dot calls. */
  const run = (e3: number, e5: number) => {
    const sizes: number[] = [];
    const resolver = {
      dot: () => Number.NaN,
      bandInner: 1 / 8,
      dots: (is: Int32Array, js: Int32Array, out: Float64Array) => {
        sizes.push(is.length);
        for (let e = 0; e < is.length; e++) out[e] = is[e]! * 3 + js[e]! === 3 ? e3 : e5;
      },
      histogram: () => {
        throw new Error('no histogram pass expected');
      },
      band: () => {
        throw new Error('no band pass expected');
      },
      fallback: () => {
        throw new Error('no fallback expected');
      },
    };
    const t = finishScan([part()], 2 ** 23, resolver).trimmed!;
    return { x: [t.negLower, t.negUpper], sizes };
  };
  const edge = (b: number) => hlo + b / hscale;

  it('a part that could not keep its kept window: no inner band, the band pass', () => {
    const incomplete = { ...part(), inKept: 3 };
    const resolver = {
      dot: () => Number.NaN,
      bandInner: 1 / 8,
      dots: () => {
        throw new Error('no kept entries to resolve');
      },
      histogram: () => {
        throw new Error('no histogram pass expected');
      },
      band: () => Float64Array.of(0.3, 0.4),
      fallback: () => {
        throw new Error('no fallback expected');
      },
    };
    const t = finishScan([incomplete], 2 ** 23, resolver).trimmed!;
    expect([t.negLower, t.negUpper, t.passes]).toEqual([0.3, 0.4, 2]);
  });

  it('exact values at the kernel entries: the inner band answers (one call of the two entries)', () => {
    expect(run(0.3, 0.4)).toEqual({ x: [0.3, 0.4], sizes: [2] });
  });

  it('x0 - eps in the inner band lowest bucket: not settled, the full band follows', () => {
    const kA1 = bucket(0.3) - inner;
    // mid-bucket kA1 after subtracting eps; within eps of 0.3 as the kernel bound says
    const e3 = edge(kA1) + 0.5 / hscale + eps;
    expect(bucket(e3 - eps)).toBe(kA1);
    expect(Math.abs(e3 - 0.3)).toBeLessThanOrEqual(eps);
    expect(run(e3, 0.4)).toEqual({ x: [e3, 0.4], sizes: [2, 2] });
    // one bucket higher it is settled
    expect(run(e3 + 1 / hscale, 0.4)).toEqual({ x: [e3 + 1 / hscale, 0.4], sizes: [2] });
  });

  it('x1 + eps in the inner band highest bucket: not settled, the full band follows', () => {
    const kB1 = bucket(0.4) + inner;
    const e5 = edge(kB1) + 0.5 / hscale - eps;
    expect(bucket(e5 + eps)).toBe(kB1);
    expect(Math.abs(e5 - 0.4)).toBeLessThanOrEqual(eps);
    expect(run(0.3, e5)).toEqual({ x: [0.3, e5], sizes: [2, 2] });
    expect(run(0.3, e5 - 1 / hscale)).toEqual({ x: [0.3, e5 - 1 / hscale], sizes: [2] });
  });
});
