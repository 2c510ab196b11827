import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAMILY_RANGES } from '../../constructions/random-constellation.js';
import { fromRows } from '../../src/numeric/float/vectors.js';
import {
  claim,
  converseSharpCases,
  type EquivalenceCase,
  equivalenceCaseArbitrary,
  equivalenceDomain,
  equivalenceTolerance,
  measureConverse,
  noHalfMargin,
} from '../../theorems/code-constellation-equivalence.js';

const spec = {
  family: 'simplex',
  p: 4,
  dim: 3,
  form: 'identity',
  delta: 0.5,
  phiShare: 0.25,
  noise: 0,
  seed: 2,
} as const;

describe('the declared domain: values and boundaries', () => {
  it('a code case reports p = lo + pRaw mod (hi - lo + 1), and dim only for random codes', () => {
    // simplex [3, 12]: 3 + 11 mod 10 = 4; random [2, 16]: 2 + 20 mod 15 = 7
    expect(equivalenceDomain.values({ kind: 'code', family: 'simplex', pRaw: 11, dim: 5, seed: 1 })).toEqual({
      p: 4,
      dim: undefined,
    });
    expect(equivalenceDomain.values({ kind: 'code', family: 'random', pRaw: 20, dim: 5, seed: 1 })).toEqual({
      p: 7,
      dim: 5,
    });
  });

  it('a converse case reports its spec (delta and phiShare only where its form uses them)', () => {
    expect(equivalenceDomain.values({ kind: 'converse', spec })).toEqual({
      p: 4,
      dim: undefined,
      delta: undefined,
      phiShare: undefined,
      noise: 0,
    });
  });

  it('boundaries: every code case; an identity-form converse case only at noise 0', () => {
    const [codeLine, exact] = equivalenceDomain.boundaries!;
    const codeCase: EquivalenceCase = { kind: 'code', family: 'hamming', pRaw: 0, dim: 2, seed: 1 };
    expect(codeLine!.on(codeCase)).toBe(true);
    expect(codeLine!.on({ kind: 'converse', spec })).toBe(false);
    expect(exact!.on({ kind: 'converse', spec })).toBe(true);
    expect(exact!.on({ kind: 'converse', spec: { ...spec, noise: 1e-3 } })).toBe(false);
    expect(exact!.on({ kind: 'converse', spec: { ...spec, form: 'paper' } })).toBe(false);
    expect(exact!.on({ kind: 'converse', spec: { ...spec, form: 'one-coordinate' } })).toBe(false);
    expect(exact!.on(codeCase)).toBe(false);
  });

  it('drawn code cases have pRaw = round(pShare (hi - lo)) in [0, hi - lo], both ends drawn', () => {
    const cases = fc.sample(equivalenceCaseArbitrary, { seed: 17, numRuns: 600 });
    const simplex = cases.filter(
      (c): c is Extract<EquivalenceCase, { kind: 'code' }> => c.kind === 'code' && c.family === 'simplex',
    );
    expect(simplex.length).toBeGreaterThan(10);
    const [lo, hi] = FAMILY_RANGES.simplex;
    for (const c of simplex) {
      expect(Number.isInteger(c.pRaw)).toBe(true);
      expect(c.pRaw).toBeGreaterThanOrEqual(0);
      expect(c.pRaw).toBeLessThanOrEqual(hi - lo);
    }
    const raws = new Set(simplex.map((c) => c.pRaw));
    expect(raws.has(0)).toBe(true);
    expect(raws.has(hi - lo)).toBe(true);
  });
});

// Unit rows satisfy both laws of the converse identically or with room (max ||U_i - V_i||^2 =
// 2 (1 - m* - b*) is an identity, and the code bound is not attained), so each slack is pinned on
// rows that are not unit, where a law fails by a closed-form amount.
describe('measureConverse: each law reports its own violation', () => {
  const tol = equivalenceTolerance(2);

  it('first law: V_0 = e1/2 (not unit), U = I: max ||U_i - V_i||^2 = 1/4 but 2 (1 - m* - b*) = 1', () => {
    const u = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const v = fromRows([
      [0.5, 0],
      [0, 1],
    ]);
    // G = [[1/2, 0], [0, 1]]: m* = b* = 1/4; the code bound 0 + sqrt(2 (1/2 + tol)) + tol - 0 ~ 1
    const r = measureConverse(u, v);
    expect(r.detail.mStar).toBe(0.25);
    expect(r.detail.bStar).toBe(0.25);
    expect(r.detail.maxDiff2).toBe(0.25);
    expect(r.detail.codeRho).toBe(0);
    expect(r.slack).toBe(tol - 0.75);
  });

  it('second law: U_i = e1, V = (5/4, 9/8) e1: <V_0, V_1> = 45/32 above (b* - m*) = 5/4 by 5/32', () => {
    const u = fromRows([
      [1, 0],
      [1, 0],
    ]);
    const v = fromRows([
      [1.25, 0],
      [1.125, 0],
    ]);
    // G = [[5/4, 9/8], [5/4, 9/8]]: min G_ii = 9/8, max G_ij = 5/4, m* = -1/16, b* = 19/16, gap 0;
    // first law: tol - |1/16 - 0|; second: 5/4 + sqrt(2 tol) + tol - 45/32, the smaller
    const r = measureConverse(u, v);
    expect(r.detail.mStar).toBe(-0.0625);
    expect(r.detail.bStar).toBe(1.1875);
    expect(r.detail.codeRho).toBe(1.40625);
    const expected = -0.15625 + Math.sqrt(2 * tol) + tol;
    expect(Math.abs(r.slack - expected)).toBeLessThan(1e-15);
  });
});

describe('the claim check', () => {
  it("the twin's margin is 1 - alpha (the theorem's is (1 - alpha)/2)", () => {
    expect(noHalfMargin(0.25)).toBe(0.75);
    expect(noHalfMargin(-1 / 3)).toBeCloseTo(4 / 3, 15);
  });

  it('runs the pinned cross-polytope example before the random cases', async () => {
    // with no random runs only the example is measured
    const o = await claim.check({ seed: 5, globalSeed: 42, runs: 0 });
    expect(o.status).toBe('holds');
    // the example, then the three antipodal cases of the tight side
    expect(o.cases).toBe(1 + 3);
    const sharp = (o.evidence!.details as { sharpness: { cases: number; closestApproach: number } })
      .sharpness;
    expect(sharp.cases).toBe(3);
    expect(sharp.closestApproach).toBeLessThan(1e-14);
    expect(o.evidence?.at).toEqual({ kind: 'code', family: 'cross-polytope', pRaw: 1, dim: 2, seed: 1 });
    // cross-polytope with p = 2 + 1 (R^3): alpha = 0, m* = b* = 1/2
    expect((o.evidence!.details as { mStar: number }).mStar).toBeCloseTo(0.5, 14);
  });
});

describe('the tight side of the converse code bound', () => {
  it('U_i = -x, V_i = x: m* = 0, b* = -1, bound -1 + sqrt(2 * 2) = 1 = max <V_i, V_j>, to a few u', () => {
    const cases = converseSharpCases(7);
    expect(cases.map((c) => [c.input.n, c.input.d])).toEqual([
      [2, 2],
      [3, 3],
      [5, 4],
    ]);
    for (const c of cases) {
      const d = c.input.d as number;
      const row = c.row as { mStar: number; bStar: number; codeBound: number; codeRho: number };
      expect(c.applies).toBe(true);
      expect(c.tolerance).toBe(equivalenceTolerance(d));
      expect(row.mStar).toBe(0);
      expect(Math.abs(row.bStar + 1)).toBeLessThan(8 * d * 2 ** -53);
      expect(Math.abs(row.codeRho - 1)).toBeLessThan(8 * d * 2 ** -53);
      expect(Math.abs(row.codeBound - 1)).toBeLessThan(16 * d * 2 ** -53 + equivalenceTolerance(d));
      expect(Math.abs(c.gap)).toBeLessThan(c.tolerance);
      expect(c.gap).toBe(row.codeBound - row.codeRho);
    }
  });
});
