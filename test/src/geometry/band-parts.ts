import type { ExactResolver, ScanPart } from '../../../src/geometry/pairs.js';

// Hand-built parts for finishScan and its trimmed-quantile band (selectBand, keptBand): a small
// grid of N rows and K columns, the positive of row i in column pos[i]; every entry has a kernel
// value (what the parts histogram and keep) within eps of its exact value (what the resolver's dots
// return). The parts and the resolver are written here from their definitions (ScanPart,
// ExactResolver); the expected order statistics are the exact negatives sorted, at ranks
// floor((M - 1)(1 - trim)) and the next. Type imports only: a test may load pairs.js after setting
// SIGCHECK_TIMINGS.

export const B = 2 ** 20;

export interface Grid {
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

export interface Cut {
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

export const bucketIn = (g: Grid, x: number) =>
  Math.min(B - 1, Math.max(0, Math.floor((x - g.hlo) * g.hscale)));

/** The negatives of rows [row0, row1) as index i k + j, kernel and exact value, in index order. */
export function negativesOf(g: Grid, row0 = 0, row1 = g.n) {
  const out: { idx: number; x: number; e: number }[] = [];
  for (let i = row0; i < row1; i++)
    for (let j = 0; j < g.k; j++)
      if (j !== g.pos[i]) out.push({ idx: i * g.k + j, x: g.kern[i * g.k + j]!, e: g.exact[i * g.k + j]! });
  return out;
}

/** The part of rows [row0, row1), written from the ScanPart definitions. */
export function partOf(g: Grid, c: Cut): ScanPart {
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

export interface Calls {
  readonly log: string[];
  /** The (i, j) pairs of every dots call, in the order given. */
  readonly dots: [number, number][][];
}

export interface ResolverOptions {
  readonly bandInner?: number;
  /** The whole pass's kept window, when the resolver has one. */
  readonly whole?: { klo?: number; khi?: number };
  readonly fallbackPasses?: number;
}

/** A resolver over the grid: exact dots, the histogram pass, the band pass, a brute-force fallback. */
export function resolverOf(g: Grid, calls: Calls, o: ResolverOptions = {}): ExactResolver {
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

// Buckets of width w = 2^-19 from hlo = -1; eps = 8.25 w. The band reaches ceil(2 eps / w) + 2 = 19
// buckets beyond the located ones, the inner band (bandInner 1/8) ceil(1.125 eps / w) + 2 = 12.
export const W = 2 ** -19;
export const EPS = 8.25 * W;
/** A value q buckets above 0.5 (bucket 786432 + floor(q)). */
export const X = (q: number) => 0.5 + q * W;
export const K0 = 786432;

/**
 * N = K = 5 (20 negatives), trim 0.25: ranks 14 and 15. Kernel entries: ten far below (three below
 * the window [0, 0.9)), then a .. d at buckets K0 - 20, -19, -13, -12, the ranks e, f in K0, then
 * g .. j at K0 + 12, +13, +19, +20. e's exact value is `eExact`; every other entry is exact.
 */
export function gridWith(eExact: number, eps = EPS): Grid {
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
export const CUTS: readonly Cut[] = [
  { row0: 0, row1: 3, wlo: 0, whi: 0.9, reversed: true },
  { row0: 3, row1: 5, wlo: 0, whi: 0.9 },
];
/** The (i, j) of the inner band's entries d, e, f, g and of the band's b .. i, in index order. */
export const INNER: [number, number][] = [
  [0, 1],
  [2, 0],
  [3, 0],
  [4, 0],
];
export const BAND: [number, number][] = [
  [0, 1],
  [0, 3],
  [0, 4],
  [1, 2],
  [2, 0],
  [3, 0],
  [3, 4],
  [4, 0],
];

/** The negatives' indices of the 5 x 5 grid with positives on the diagonal, in index order. */
export const NEG_IDX = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23];

/** The 5 x 5 grid with these 20 kernel negatives (index order; exact values the same), trim 0.25. */
export function gridOf(kernNegs: readonly number[], eps = EPS): Grid {
  const kern = new Array<number>(25).fill(0.95);
  NEG_IDX.forEach((idx, e) => {
    kern[idx] = kernNegs[e]!;
  });
  return { n: 5, k: 5, pos: [0, 1, 2, 3, 4], kern, exact: kern, eps, hlo: -1, hscale: 2 ** 19, trim: 0.25 };
}
