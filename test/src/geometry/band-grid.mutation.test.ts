import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { finishScan, type ScanPart } from '../../../src/geometry/pairs.js';
import {
  B,
  BAND,
  bucketIn,
  type Calls,
  CUTS,
  type Cut,
  EPS,
  type Grid,
  gridOf,
  gridWith,
  INNER,
  K0,
  negativesOf,
  partOf,
  type ResolverOptions,
  resolverOf,
  W,
  X,
} from './band-parts.js';
import { refQuantile } from './reference.js';

// finishScan and its trimmed-quantile band (selectBand, keptBand) on the hand-built parts of
// band-parts.ts: kernel entries within eps of exact ones, the expected order statistics sorted here.

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

  it('at bucket 0 with bandInner 1 the inner band is the band: one dots call', () => {
    // ceil(2 eps / w) + 2 = 19 both ways: kA1 = kA = 0, kB1 = kB = 24 (tried, the inner band would
    // not settle x0, whose x0 - eps is in bucket 0, and the band would be resolved twice)
    const L = (q: number) => -1 + q * W;
    const low = Array.from({ length: 14 }, (_, m) => L(m * 0.25));
    const g = gridOf([...low, L(5.25), L(5.75), L(17.5), L(18.5), L(24.5), L(25.5)]);
    const r = run(g, [{ row0: 0, row1: 5, whi: 0 }], 2 ** 23, { bandInner: 1 });
    expect([r.t.negLower, r.t.negUpper]).toEqual([L(5.25), L(5.75)]);
    expect(r.calls.log).toEqual(['dots 19']);
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
      // the whole pass's histogram: no histogram pass
      expect(r.calls.log).toEqual(['whole', ...dots.map((d) => `dots ${d.length}`)]);
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

describe('finishScan: retrieval over parts, and the positives loss', () => {
  // N = 4, K = 3, labels 0, 1, 0, 2; parts rows 0-1 and 2-3; entries exact (eps = 0)
  const g: Grid = {
    n: 4,
    k: 3,
    pos: [0, 1, 0, 2],
    kern: [],
    exact: [0.9, 0.75, 0.1, 0.8, 0.7, 0.2, 0.5, 0.2, 0.3, 0.1, 0.3, 0.6],
    eps: 0,
    hlo: -1,
    hscale: 2 ** 19,
    trim: null,
  };
  const grid: Grid = { ...g, kern: g.exact };
  const cuts: Cut[] = [
    { row0: 0, row1: 2 },
    { row0: 2, row1: 4 },
  ];
  const calls: Calls = { log: [], dots: [] };

  it('a column is correct when its largest positive, over both parts, beats its largest negative', () => {
    // by definition, over the whole grid: column 0 (positives 0.9 and 0.5 against 0.8, 0.1) and
    // column 2 (0.6 against 0.1, 0.2, 0.3) are; column 1 (0.7 against 0.75 of part 1) is not
    const at = (i: number, j: number) => grid.exact[i * grid.k + j]!;
    let vCorrect = 0;
    for (let j = 0; j < grid.k; j++) {
      let pos = Number.NEGATIVE_INFINITY;
      let neg = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < grid.n; i++) {
        if (grid.pos[i] === j) pos = Math.max(pos, at(i, j));
        else neg = Math.max(neg, at(i, j));
      }
      if (pos > neg) vCorrect++;
    }
    expect(vCorrect).toBe(2);
    const r = finishScan(
      cuts.map((c) => partOf(grid, c)),
      2 ** 23,
      resolverOf(grid, calls),
    ).retrieval;
    expect([r.vCorrect, r.vToU]).toEqual([2, 2 / 3]);
  });

  it('the positives loss at t = 2, b = 0.5: softplus(b - t g) per row, added to the negatives loss', () => {
    const loss = { t: 2, b: 0.5 };
    const parts = cuts.map((c) => ({
      ...partOf(grid, c),
      loss,
      taskSums: Float64Array.of(0, 0, c.row0 === 0 ? 1.5 : 2, 0),
    }));
    const s = finishScan(parts, 2 ** 23, resolverOf(grid, calls));
    // positives 0.9, 0.7, 0.5, 0.6: softplus(0.5 - 2 g) in decimal at 40 digits
    const D = Decimal.clone({ precision: 40 });
    const sp = (z: InstanceType<typeof D>) => z.exp().plus(1).ln();
    let want = new D(3.5);
    for (const gpos of [0.9, 0.7, 0.5, 0.6]) want = want.plus(sp(new D(0.5).minus(new D(2).times(gpos))));
    // each term within 2 ulps of its value, three additions of the loss sum: 8 ulps of the sum
    const tol = 8 * 2 ** -52 * want.toNumber();
    expect(Math.abs(s.lossSum! - want.toNumber())).toBeLessThanOrEqual(tol);
    // the error bound: at least 2^-52 (t B + |b|) min(M, lossNeg) for the logits' rounding (B = -hlo
    // = 1 bounds the entries) plus 2^-40 of the sums; a bound, so not far above that either
    // (the scan's positives loss is within 8 ulps, 2^-49 of itself, of the decimal one)
    const lossPos = want.minus(3.5).toNumber() * (1 - 2 ** -49);
    const floor = 2 ** -52 * (2 * 1 + 0.5) * Math.min(8, 3.5) + 2 ** -40 * (3.5 + lossPos);
    expect(s.lossError!).toBeGreaterThanOrEqual(floor);
    expect(s.lossError!).toBeLessThanOrEqual(floor * (1 + 2 ** -30));
  });
});

describe('finishScan when every negative was kept exactly (js kernel, no histogram)', () => {
  it('the parts kept entries, one after the other, sorted: the order statistics', () => {
    const e = gridWith(X(2.25), 0);
    const g: Grid = { ...e, kern: e.exact };
    const cuts: Cut[] = [
      { row0: 0, row1: 3, reversed: true },
      { row0: 3, row1: 5 },
    ];
    const parts = cuts.map((c) => ({ ...partOf(g, c), hist: new Float64Array(0) }));
    expect(parts.map((p) => p.kept.length)).toEqual([12, 8]);
    const calls: Calls = { log: [], dots: [] };
    const t = finishScan(parts, 2 ** 23, resolverOf(g, calls)).trimmed!;
    const sorted = Float64Array.from(negativesOf(g).map((q) => q.e)).sort();
    expect([t.negLower, t.negUpper, t.negQuantile]).toEqual([
      sorted[14],
      sorted[15],
      refQuantile(sorted, 0.75),
    ]);
    expect([t.negLower, t.negUpper]).toEqual([X(0.75), X(2.25)]);
    expect(t.passes).toBe(1);
    expect(calls.log).toEqual([]);
  });
});
