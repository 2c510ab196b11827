import { describe, expect, it } from 'vitest';
import { type ExactResolver, finishScan, type ScanPart } from '../../../src/geometry/pairs.js';
import { refQuantile } from './reference.js';

// finishScan and its trimmed-quantile band (selectBand, keptBand) on hand-built parts of a small
// grid: N rows, K columns, the positive of row i in column pos[i]; every entry has a kernel value
// (what the parts histogram and keep) within eps of its exact value (what the resolver's dots
// return). The parts and the resolver are written here from their definitions; the expected order
// statistics are the exact negatives sorted here, at ranks floor((M - 1)(1 - trim)) and the next.

const B = 2 ** 20;

interface Grid {
  readonly n: number;
  readonly k: number;
  readonly pos: readonly number[];
  /** Kernel entries, row-major. */
  readonly kern: readonly number[];
  /** Exact entries, row-major. */
  readonly exact: readonly number[];
  readonly eps: number;
  readonly hlo: number;
  readonly hscale: number;
  readonly trim: number | null;
}

interface Cut {
  readonly row0: number;
  readonly row1: number;
  readonly wlo?: number;
  readonly whi?: number;
  readonly klo?: number;
  readonly khi?: number;
  /** Keep only the first `keep` entries of the kept window (inKept counts all of them). */
  readonly keep?: number;
  /** Kept entries in descending index order (a scan's block order need not be index order). */
  readonly reversed?: boolean;
}

const bucketIn = (g: Grid, x: number) => Math.min(B - 1, Math.max(0, Math.floor((x - g.hlo) * g.hscale)));

/** The negatives of rows [row0, row1) as index i k + j, kernel and exact value, in index order. */
function negativesOf(g: Grid, row0 = 0, row1 = g.n) {
  const out: { idx: number; x: number; e: number }[] = [];
  for (let i = row0; i < row1; i++)
    for (let j = 0; j < g.k; j++)
      if (j !== g.pos[i]) out.push({ idx: i * g.k + j, x: g.kern[i * g.k + j]!, e: g.exact[i * g.k + j]! });
  return out;
}

/** The part of rows [row0, row1), written from the ScanPart definitions. */
function partOf(g: Grid, c: Cut): ScanPart {
  const wlo = c.wlo ?? Number.NEGATIVE_INFINITY;
  const whi = c.whi ?? Number.POSITIVE_INFINITY;
  const klo = c.klo ?? wlo;
  const khi = c.khi ?? whi;
  const negs = negativesOf(g, c.row0, c.row1);
  const hist = new Float64Array(B);
  let below = 0;
  let inWindow = 0;
  let inKept = 0;
  const kept: { x: number; idx: number }[] = [];
  for (const { idx, x } of negs) {
    if (x < wlo) below++;
    else if (x < whi) {
      inWindow++;
      hist[bucketIn(g, x)]!++;
    }
    if (x >= klo && x < khi) {
      inKept++;
      kept.push({ x, idx });
    }
  }
  if (c.reversed === true) kept.reverse();
  const held = kept.slice(0, c.keep ?? kept.length);
  const rows = Array.from({ length: c.row1 - c.row0 }, (_, r) => c.row0 + r);
  const colNegMax = new Float64Array(g.k).fill(Number.NEGATIVE_INFINITY);
  for (const { idx, e } of negs) {
    const j = idx % g.k;
    colNegMax[j] = Math.max(colNegMax[j]!, e);
  }
  return {
    n: g.n,
    k: g.k,
    d: 1,
    row0: c.row0,
    row1: c.row1,
    kernel: g.eps > 0 ? 'openblas' : 'js',
    kernelReason: 'hand-made',
    trim: g.trim,
    loss: null,
    pos: Int32Array.from(rows.map((i) => g.pos[i]!)),
    rowPos: Float64Array.from(rows.map((i) => g.exact[i * g.k + g.pos[i]!]!)),
    rowNegMax: Float64Array.from(
      rows.map((i) => Math.max(...negs.filter((q) => Math.floor(q.idx / g.k) === i).map((q) => q.e))),
    ),
    colNegMax,
    taskSums: Float64Array.of(
      negs.reduce((a, q) => a + q.e, 0),
      0,
      0,
      0,
    ),
    minNeg: Math.min(...negs.map((q) => q.x)),
    eps: g.eps,
    wlo,
    whi,
    belowWindow: below,
    inWindow,
    klo,
    khi,
    inKept,
    kept: Float64Array.from(held.map((q) => q.x)),
    keptIdx: Float64Array.from(held.map((q) => q.idx)),
    hlo: g.hlo,
    hscale: g.hscale,
    hist,
  };
}

interface Calls {
  readonly log: string[];
  /** The (i, j) pairs of every dots call, in the order given. */
  readonly dots: [number, number][][];
}

interface ResolverOptions {
  readonly bandInner?: number;
  /** The whole pass's kept window, when the resolver has one. */
  readonly whole?: { klo?: number; khi?: number };
  readonly fallbackPasses?: number;
}

/** A resolver over the grid: exact dots, the histogram pass, the band pass, a brute-force fallback. */
function resolverOf(g: Grid, calls: Calls, o: ResolverOptions = {}): ExactResolver {
  const negs = negativesOf(g);
  const sorted = Float64Array.from(negs.map((q) => q.e)).sort();
  const r0 = Math.floor((sorted.length - 1) * (1 - (g.trim ?? 0)));
  return {
    dot: (i, j) => g.exact[i * g.k + j]!,
    bandInner: o.bandInner ?? 1 / 8,
    dots: (is, js, out) => {
      calls.log.push(`dots ${is.length}`);
      calls.dots.push(Array.from(is, (i, e) => [i, js[e]!]));
      for (let e = 0; e < is.length; e++) out[e] = g.exact[is[e]! * g.k + js[e]!]!;
    },
    histogram: () => {
      calls.log.push('histogram');
      const h = new Float64Array(B);
      for (const q of negs) h[bucketIn(g, q.x)]!++;
      return h;
    },
    band: (kA, kB, cap) => {
      calls.log.push(`band ${cap}`);
      const got = negs.filter((q) => bucketIn(g, q.x) >= kA && bucketIn(g, q.x) <= kB).map((q) => q.e);
      return got.length > cap ? null : Float64Array.from(got);
    },
    fallback: () => {
      calls.log.push('fallback');
      return {
        x0: sorted[r0]!,
        x1: sorted[Math.min(r0 + 1, sorted.length - 1)]!,
        passes: o.fallbackPasses ?? 5,
      };
    },
    ...(o.whole !== undefined
      ? {
          wholePass: () => {
            calls.log.push('whole');
            return partOf(g, { row0: 0, row1: g.n, ...o.whole });
          },
        }
      : {}),
  };
}

/** finishScan over the cuts; the trimmed result, the calls, and the expected order statistics. */
function run(g: Grid, cuts: readonly Cut[], cap = 2 ** 23, o: ResolverOptions = {}) {
  const calls: Calls = { log: [], dots: [] };
  const scan = finishScan(
    cuts.map((c) => partOf(g, c)),
    cap,
    resolverOf(g, calls, o),
  );
  const sorted = Float64Array.from(negativesOf(g).map((q) => q.e)).sort();
  const r0 = Math.floor((sorted.length - 1) * (1 - g.trim!));
  return {
    t: scan.trimmed!,
    scan,
    calls,
    want: [sorted[r0]!, sorted[r0 + 1]!, refQuantile(sorted, 1 - g.trim!)],
  };
}

// Buckets of width w = 2^-19 from hlo = -1; eps = 8.25 w. The band reaches ceil(2 eps / w) + 2 = 19
// buckets beyond the located ones, the inner band (bandInner 1/8) ceil(1.125 eps / w) + 2 = 12.
const W = 2 ** -19;
const EPS = 8.25 * W;
/** A value q buckets above 0.5 (bucket 786432 + floor(q)). */
const X = (q: number) => 0.5 + q * W;
const K0 = 786432;

/**
 * N = K = 5 (20 negatives), trim 0.25: ranks 14 and 15. Kernel entries: ten far below (three below
 * the window [0, 0.9)), then a .. d at buckets K0 - 20, -19, -13, -12, the ranks e, f in K0, then
 * g .. j at K0 + 12, +13, +19, +20. e's exact value is `eExact`; every other entry is exact.
 */
function gridWith(eExact: number, eps = EPS): Grid {
  const n = 5;
  const k = 5;
  const kern = new Array<number>(n * k).fill(0.95);
  const exact = new Array<number>(n * k).fill(0.95);
  const put = (idx: number, x: number, e = x) => {
    kern[idx] = x;
    exact[idx] = e;
  };
  // row 0
  put(1, X(0.25), eExact); // e
  put(2, -0.5);
  put(3, X(19.5)); // i: kB
  put(4, X(-12.5)); // c: kA1 - 1
  // row 1
  put(5, 0.1);
  put(7, X(13.5)); // h: kB1 + 1
  put(8, X(-19.5)); // a: kA - 1
  put(9, X(-40));
  // row 2
  put(10, X(-11.5)); // d: kA1
  put(11, 0.2);
  put(13, X(20.5)); // j: kB + 1
  put(14, -0.4);
  // row 3
  put(15, X(0.75)); // f
  put(16, 0.3);
  put(17, X(-30));
  put(19, X(-18.5)); // b: kA
  // row 4
  put(20, X(12.5)); // g: kB1
  put(21, -0.3);
  put(22, 0.4);
  put(23, X(-25));
  return { n, k, pos: [0, 1, 2, 3, 4], kern, exact, eps, hlo: -1, hscale: 2 ** 19, trim: 0.25 };
}

/** Rows 0-2 (kept entries in descending index order) and rows 3-4, window [0, 0.9). */
const CUTS: readonly Cut[] = [
  { row0: 0, row1: 3, wlo: 0, whi: 0.9, reversed: true },
  { row0: 3, row1: 5, wlo: 0, whi: 0.9 },
];
/** The (i, j) of the inner band's entries d, e, f, g and of the band's b .. i, in index order. */
const INNER: [number, number][] = [
  [0, 1],
  [2, 0],
  [3, 0],
  [4, 0],
];
const BAND: [number, number][] = [
  [0, 1],
  [0, 3],
  [0, 4],
  [1, 2],
  [2, 0],
  [3, 0],
  [3, 4],
  [4, 0],
];

describe('keptBand and the inner band: the exact dots of the kept entries in the band', () => {
  it('the grid: buckets as laid out, within eps', () => {
    const g = gridWith(X(2.25));
    const b = (x: number) => bucketIn(g, x) - K0;
    expect([-19.5, -18.5, -12.5, -11.5, 0.25, 0.75, 12.5, 13.5, 19.5, 20.5].map((q) => b(X(q)))).toEqual([
      -20, -19, -13, -12, 0, 0, 12, 13, 19, 20,
    ]);
    expect(Math.ceil(2 * EPS * g.hscale) + 2).toBe(19);
    expect(Math.ceil((1 + 1 / 8) * EPS * g.hscale) + 2).toBe(12);
  });

  it('exact e above f: the inner band settles it, from the exact values (one dots call, index order)', () => {
    // exact ranks 14, 15: f (0.75) then e (2.25); the kernel order is e, f
    const r = run(gridWith(X(2.25)), CUTS);
    expect(r.want.slice(0, 2)).toEqual([X(0.75), X(2.25)]);
    expect([r.t.negLower, r.t.negUpper, r.t.negQuantile]).toEqual(r.want);
    expect(r.calls.log).toEqual(['dots 4']);
    expect(r.calls.dots).toEqual([INNER]);
    expect(r.t.passes).toBe(1);
  });

  it('exact e at -4 buckets: e - eps leaves the inner band, the whole band follows', () => {
    const r = run(gridWith(X(-4)), CUTS);
    expect(r.want.slice(0, 2)).toEqual([X(-4), X(0.75)]);
    expect([r.t.negLower, r.t.negUpper, r.t.negQuantile]).toEqual(r.want);
    expect(r.calls.dots).toEqual([INNER, BAND]);
    expect(r.t.passes).toBe(1);
  });

  it('the same in one part, the kept entries in index order: the same calls', () => {
    const one: Cut[] = [{ row0: 0, row1: 5, wlo: 0, whi: 0.9 }];
    expect(run(gridWith(X(-4)), one).calls.dots).toEqual([INNER, BAND]);
    const rev: Cut[] = [{ row0: 0, row1: 5, wlo: 0, whi: 0.9, reversed: true }];
    expect(run(gridWith(X(2.25)), rev).calls.dots).toEqual([INNER]);
  });

  it('bandInner 1: no narrower band than the band itself, one dots call of the band', () => {
    // ceil(2 eps / w) + 2: the inner band is the band
    const r = run(gridWith(X(-4)), CUTS, 2 ** 23, { bandInner: 1 });
    expect([r.t.negLower, r.t.negUpper]).toEqual(r.want.slice(0, 2));
    expect(r.calls.dots).toEqual([BAND]);
  });

  it('an extra kept entry in the band, or one missing, is an error, not an answer', () => {
    const g = gridWith(X(2.25));
    const calls: Calls = { log: [], dots: [] };
    const [a, b] = CUTS.map((c) => partOf(g, c)) as [ScanPart, ScanPart];
    // b keeps f (index 15) twice
    const extra = {
      ...b,
      kept: Float64Array.of(...b.kept, X(0.75)),
      keptIdx: Float64Array.of(...b.keptIdx, 15),
      inKept: b.inKept + 1,
    };
    expect(() => finishScan([a, extra], 2 ** 23, resolverOf(g, calls))).toThrow(
      /5 kept entries in the band, the histogram says 4/,
    );
    const at = Array.from(b.kept).indexOf(X(0.75));
    const missing = {
      ...b,
      kept: b.kept.filter((_, e) => e !== at),
      keptIdx: b.keptIdx.filter((_, e) => e !== at),
      inKept: b.inKept - 1,
    };
    expect(() => finishScan([a, missing], 2 ** 23, resolverOf(g, calls))).toThrow(
      /3 kept entries in the band, the histogram says 4/,
    );
    expect(calls.log).toEqual([]);
  });
});

/** The negatives' indices of the 5 x 5 grid with positives on the diagonal, in index order. */
const NEG_IDX = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23];

/** The 5 x 5 grid with these 20 kernel negatives (index order; exact values the same), trim 0.25. */
function gridOf(kernNegs: readonly number[], eps = EPS): Grid {
  const kern = new Array<number>(25).fill(0.95);
  NEG_IDX.forEach((idx, e) => {
    kern[idx] = kernNegs[e]!;
  });
  return { n: 5, k: 5, pos: [0, 1, 2, 3, 4], kern, exact: kern, eps, hlo: -1, hscale: 2 ** 19, trim: 0.25 };
}

describe('the inner band when the band is clamped at the histogram ends', () => {
  it('at bucket 0 the inner band is not narrower below, only above: still tried first', () => {
    // 14 entries in buckets 0..3, the ranks at buckets 5 (k0 = k1 = 5), then buckets 17 (kB1),
    // 18, 24 (kB), 25: the inner band holds 17 entries, the band 19
    const L = (q: number) => -1 + q * W;
    const low = Array.from({ length: 14 }, (_, m) => L(m * 0.25));
    const g = gridOf([...low, L(5.25), L(5.75), L(17.5), L(18.5), L(24.5), L(25.5)]);
    expect([5.25, 17.5, 18.5, 24.5, 25.5].map((q) => bucketIn(g, L(q)))).toEqual([5, 17, 18, 24, 25]);
    const r = run(g, [{ row0: 0, row1: 5, whi: 0 }]);
    expect([r.t.negLower, r.t.negUpper]).toEqual([L(5.25), L(5.75)]);
    // x0 - eps falls below bucket 1: not settled by the inner band
    expect(r.calls.log).toEqual(['dots 17', 'dots 19']);
  });

  it('at the top bucket the inner band is not narrower above, only below: still tried first', () => {
    // T(q) = 1 - q w lies in bucket 2^20 - ceil(q); ranks 14, 15 in bucket 2^20 - 6; below them ten
    // far entries and a .. d at 20, 19, 13, 12 buckets lower; four entries above them
    const T = (q: number) => 1 - q * W;
    const top = B - 6;
    const far = [-0.5, -0.4, -0.3, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    const near = [T(25.5), T(24.5), T(18.5), T(17.5)];
    const g = gridOf([...far, ...near, T(5.75), T(5.25), T(2), T(1.5), T(0.75), T(0.25)]);
    expect([...near, T(5.75), T(5.25), T(0.25)].map((x) => bucketIn(g, x) - top)).toEqual([
      -20, -19, -13, -12, 0, 0, 5,
    ]);
    const r = run(g, [{ row0: 0, row1: 5, wlo: 0 }]);
    expect([r.t.negLower, r.t.negUpper]).toEqual([T(5.75), T(5.25)]);
    // inner band: d, the ranks and the four above; the band also b, c
    expect(r.calls.log).toEqual(['dots 7', 'dots 9']);
  });
});

describe('selectBand: the cap, the fallback and the passes', () => {
  it('a band of exactly the cap is resolved; one more entry than the cap goes to the fallback', () => {
    // the band holds b .. i: 8 entries
    const g = gridWith(X(2.25));
    const at = run(g, CUTS, 8);
    expect([at.t.negLower, at.t.negUpper]).toEqual(at.want.slice(0, 2));
    expect(at.calls.log).toEqual(['dots 4']);
    const over = run(g, CUTS, 7, { fallbackPasses: 5 });
    expect([over.t.negLower, over.t.negUpper]).toEqual(over.want.slice(0, 2));
    expect(over.calls.log).toEqual(['fallback']);
    // the scan's pass and the fallback's five
    expect(over.t.passes).toBe(6);
  });

  it('the band pass gets the cap less than or equal to the negatives count', () => {
    // part 2 kept only one of its kept window: the band pass; cap min(20, 2^23)
    const cuts: Cut[] = [CUTS[0]!, { ...CUTS[1]!, keep: 1 }];
    const r = run(gridWith(X(2.25)), cuts);
    expect([r.t.negLower, r.t.negUpper, r.t.negQuantile]).toEqual(r.want);
    expect(r.calls.log).toEqual(['band 20']);
    expect(r.t.passes).toBe(2);
    const small = run(gridWith(X(2.25)), cuts, 9);
    expect(small.calls.log).toEqual(['band 9']);
  });

  it('a window that misses the band: the histogram pass, then the fallback on top of it', () => {
    // window [0, 0.5): its top bucket is K0, inside the band
    const cuts: Cut[] = [
      { row0: 0, row1: 3, wlo: 0, whi: 0.5 },
      { row0: 3, row1: 5, wlo: 0, whi: 0.5 },
    ];
    const r = run(gridWith(X(2.25)), cuts, 7, { fallbackPasses: 5 });
    expect([r.t.negLower, r.t.negUpper]).toEqual(r.want.slice(0, 2));
    expect(r.calls.log).toEqual(['histogram', 'fallback']);
    expect(r.t.passes).toBe(1 + 1 + 5);
    // with the cap: the histogram pass, the band pass
    const b = run(gridWith(X(2.25)), cuts);
    expect([b.t.negLower, b.t.negUpper, b.t.negQuantile]).toEqual(b.want);
    expect(b.calls.log).toEqual(['histogram', 'band 20']);
    expect(b.t.passes).toBe(3);
  });

  it('a window that misses the band, a whole pass that keeps it: its kept entries, exact', () => {
    const cuts: Cut[] = [{ row0: 0, row1: 5, wlo: 0, whi: 0.5 }];
    for (const [eExact, dots] of [
      [X(2.25), [INNER]],
      [X(-4), [INNER, BAND]],
    ] as const) {
      const r = run(gridWith(eExact), cuts, 2 ** 23, { whole: {} });
      expect([r.t.negLower, r.t.negUpper, r.t.negQuantile]).toEqual(r.want);
      expect(r.calls.log[0]).toBe('whole');
      expect(r.calls.dots).toEqual(dots);
      expect(r.t.passes).toBe(2);
    }
    // its kept window ending inside the band: the band pass as well
    const r = run(gridWith(X(2.25)), cuts, 2 ** 23, { whole: { khi: X(19) } });
    expect([r.t.negLower, r.t.negUpper]).toEqual(r.want.slice(0, 2));
    expect(r.calls.log).toEqual(['whole', 'band 20']);
    expect(r.t.passes).toBe(3);
  });
});

describe('finishScan: the negatives mean from a Gram total', () => {
  // one part of 2 rows, K = 5 (8 negatives), positives 0.5 and 0.5, no trim; total 2^54 - 1 as
  // hi 2^54, lo -1. Exact (2^54 - 1 - 1) / 8 = 2^51 - 1/4: 2^54 - 1 rounds to 2^54 (ulp 4 above,
  // 2 below: a tie, to even), so the rounding of hi - posSum must be kept
  const g: Grid = {
    n: 2,
    k: 5,
    pos: [0, 1],
    kern: new Array<number>(10).fill(0.25),
    exact: [0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.5, 0.25, 0.25, 0.25],
    eps: 0,
    hlo: -1,
    hscale: 2 ** 19,
    trim: null,
  };
  const calls: Calls = { log: [], dots: [] };

  it('hi less the positives, with its rounding error, lo and the positives compensation', () => {
    const resolver = { ...resolverOf(g, calls), gramTotal: () => ({ hi: 2 ** 54, lo: -1 }) };
    const m = finishScan([partOf(g, { row0: 0, row1: 2 })], 2 ** 23, resolver).margins;
    expect(m.meanNeg).toBe(2 ** 51 - 0.25);
  });

  it('positives 2^53 and 1 (sum 2^53, compensation 1): the compensation is taken off too', () => {
    // total 2^53 + 8: negatives (2^53 + 8 - 2^53 - 1) / 8 = 7 / 8
    const big: Grid = { ...g, exact: [2 ** 53, 0, 0, 0, 0, 0, 1, 0, 0, 0] };
    const resolver = { ...resolverOf(big, calls), gramTotal: () => ({ hi: 2 ** 53 + 8, lo: 0 }) };
    const m = finishScan([partOf(big, { row0: 0, row1: 2 })], 2 ** 23, resolver).margins;
    expect(m.meanNeg).toBe(7 / 8);
    expect(m.meanPos).toBe((2 ** 53 + 1) / 2);
  });

  it('a total with a non-finite lo is not used: the entries sum instead', () => {
    const resolver = { ...resolverOf(g, calls), gramTotal: () => ({ hi: 1, lo: Number.NaN }) };
    const m = finishScan([partOf(g, { row0: 0, row1: 2 })], 2 ** 23, resolver).margins;
    // the part's task sum: 8 exact negatives of 0.25
    expect(m.meanNeg).toBe(0.25);
  });
});
