import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CcemCase,
  ccemCaseArbitrary,
  claim,
  domain,
  innerProductTolerance,
  MAX_DELTA,
  MAX_EXTRA_DIMS,
  MAX_N,
  MIN_DELTA,
  measureCcem,
  measureInner,
  wrongC2,
  wrongConstant,
} from '../../theorems/ccem-inner-products.js';

// CCEM(delta): c1 = (1 - delta^2)/(1 + delta^2), c2 = -(1/(N-1) + delta^2)/(1 + delta^2) (docs/theory.md §1)
const c1 = (delta: number) => (delta === Infinity ? -1 : (1 - delta * delta) / (1 + delta * delta));
const c2 = (n: number, delta: number) =>
  delta === Infinity ? -1 : -(1 / (n - 1) + delta * delta) / (1 + delta * delta);
const U = 2 ** -53;

describe('ccem-inner-products: the tolerance and the measure, each figure pinned', () => {
  it('innerProductTolerance(d) = 4 (2d + 12) u: 72 u at d = 3, 240 u at d = 24', () => {
    expect(innerProductTolerance(3)).toBe(72 * U);
    expect(innerProductTolerance(24)).toBe(240 * U);
  });

  it('a c2 off by 1e-3 is reported at an off-diagonal entry with actual, expected and difference', () => {
    const c: CcemCase = { n: 4, d: 5, delta: 0.5, rotationSeed: 8 };
    const tol = innerProductTolerance(5);
    const r = measureCcem(c, c1, (n, d) => c2(n, d) + 1e-3);
    const [i, j] = r.detail.at as [number, number];
    expect(i).not.toBe(j);
    // c2(4, 1/2) = -(1/3 + 1/4)/(5/4) = -7/15
    expect(r.detail.expected).toBeCloseTo(-7 / 15 + 1e-3, 15);
    expect(Math.abs((r.detail.actual as number) + 7 / 15)).toBeLessThanOrEqual(tol);
    expect(r.detail.difference).toBe(Math.abs((r.detail.actual as number) - (r.detail.expected as number)));
    expect(r.detail.tolerance).toBe(tol);
    expect(Math.abs(r.slack - (tol - 1e-3))).toBeLessThanOrEqual(tol);
    // the diagonal: c1(1/2) = (3/4)/(5/4) = 3/5
    const diag = measureCcem(c, (d) => c1(d) + 2e-3, c2);
    const [a, b] = diag.detail.at as [number, number];
    expect(a).toBe(b);
    expect(diag.detail.expected).toBeCloseTo(0.6 + 2e-3, 15);
    // the closed forms themselves: every entry within the tolerance, the worst at most tol
    const ok = measureCcem(c, c1, c2);
    expect(ok.slack).toBeGreaterThanOrEqual(0);
    expect(ok.slack).toBeLessThanOrEqual(tol);
  });

  it('a NaN closed form on the diagonal only, or off it only, is a miss of infinite size', () => {
    const c: CcemCase = { n: 3, d: 3, delta: 2, rotationSeed: 1 };
    for (const r of [measureCcem(c, () => Number.NaN, c2), measureCcem(c, c1, () => Number.NaN)]) {
      expect(r.slack).toBe(Number.NEGATIVE_INFINITY);
      expect(r.detail.difference).toBe(Number.POSITIVE_INFINITY);
      expect(r.detail.expected).toBeNaN();
    }
  });

  it('the first entry of the largest error is reported: [0, 0] when every entry is exact or all miss alike', () => {
    // rotation seed 1 at the antipodal end: every rotated <U_i, V_j> = -|q|^2 rounds to -1 exactly
    const exactly = measureCcem({ n: 5, d: 6, delta: Infinity, rotationSeed: 1 }, c1, c2);
    expect(exactly.detail.difference).toBe(0);
    expect(exactly.detail.at).toEqual([0, 0]);
    expect(exactly.slack).toBe(innerProductTolerance(6));
    // an infinite c1: every diagonal entry misses by Infinity, the first one is kept
    const inf = measureCcem({ n: 4, d: 4, delta: 0.3, rotationSeed: 2 }, () => Infinity, c2);
    expect(inf.detail.at).toEqual([0, 0]);
    expect(inf.slack).toBe(Number.NEGATIVE_INFINITY);
  });

  it('the antipodal and ETF ends: every entry -1 at delta = Infinity; c2 = -1/(N-1) at delta = 0', () => {
    const anti = measureCcem(
      { n: 5, d: 6, delta: Infinity, rotationSeed: 2 },
      () => -1,
      () => -1,
    );
    expect(anti.slack).toBeGreaterThanOrEqual(0);
    expect(measureInner(4, 5, 0).c2).toBeCloseTo(-1 / 3, 15);
    expect(measureInner(4, 5, 0).c1).toBeCloseTo(1, 15);
    // delta = 3: c1 = -8/10, c2 = -(1/2 + 9)/10 at N = 3
    const m = measureInner(3, 4, 3);
    expect(m.c1).toBeCloseTo(-0.8, 15);
    expect(m.c2).toBeCloseTo(-0.95, 15);
  });

  it('the twin c2 has 1/N: -(1/4 + 1)/2 at N = 4, delta = 1; -1 at Infinity; -1/N at 0', () => {
    expect(wrongC2(4, 1)).toBe(-0.625);
    expect(wrongC2(4, Infinity)).toBe(-1);
    expect(wrongC2(5, 0)).toBe(-0.2);
  });
});

describe('ccem-inner-products: the drawn cases and the declared domain', () => {
  it('N in [3, 24], N <= d <= N + 8, delta in [1e-8, 1e8] or exactly 0 or Infinity', () => {
    const cases = fc.sample(ccemCaseArbitrary, { seed: 5, numRuns: 400 });
    for (const c of cases) {
      expect(c.n).toBeGreaterThanOrEqual(3);
      expect(c.n).toBeLessThanOrEqual(MAX_N);
      expect(c.d - c.n).toBeGreaterThanOrEqual(0);
      expect(c.d - c.n).toBeLessThanOrEqual(MAX_EXTRA_DIMS);
      const inRange = c.delta >= MIN_DELTA && c.delta <= MAX_DELTA;
      expect(inRange || c.delta === 0 || c.delta === Infinity, JSON.stringify(c)).toBe(true);
    }
    expect(cases.some((c) => c.delta === 0)).toBe(true);
    expect(cases.some((c) => c.delta === Infinity)).toBe(true);
    expect(cases.some((c) => c.d > c.n)).toBe(true);
    expect(cases.filter((c) => c.delta > 0 && c.delta < Infinity).length).toBeGreaterThan(250);
  });

  it('values report delta only when finite and positive; the boundaries name the two ends and d = N = 24', () => {
    expect(domain.values({ n: 5, d: 7, delta: 0.5, rotationSeed: 1 })).toEqual({
      n: 5,
      extra: 2,
      delta: 0.5,
    });
    expect(domain.values({ n: 5, d: 5, delta: 0, rotationSeed: 1 }).delta).toBeUndefined();
    expect(domain.values({ n: 5, d: 5, delta: Infinity, rotationSeed: 1 }).delta).toBeUndefined();
    const [etf, anti, full] = domain.boundaries!;
    const c: CcemCase = { n: MAX_N, d: MAX_N, delta: 0, rotationSeed: 1 };
    expect(etf!.on(c)).toBe(true);
    expect(etf!.on({ ...c, delta: 1 })).toBe(false);
    expect(anti!.on({ ...c, delta: Infinity })).toBe(true);
    expect(anti!.on(c)).toBe(false);
    expect(full!.on(c)).toBe(true);
    expect(full!.on({ ...c, d: MAX_N + 1 })).toBe(false);
    expect(full!.on({ ...c, n: 5, d: MAX_N })).toBe(false);
  });

  it('the check runs its two pinned ends first; the twin is refuted', async () => {
    let total = 0;
    const ok = await claim.check({ seed: 3, globalSeed: 3, runs: 2, onCase: (_d, of) => (total = of) });
    expect(total).toBe(4);
    expect(ok.status).toBe('holds');
    const twin = await wrongConstant.check({ seed: 3, globalSeed: 3, runs: 10 });
    expect(twin.status).toBe('refuted');
  });
});
