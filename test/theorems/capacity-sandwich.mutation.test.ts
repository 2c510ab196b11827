import { describe, expect, it } from 'vitest';
import { simplexEtf } from '../../constructions/simplex-etf.js';
import {
  check,
  measureLower,
  type SandwichCase,
  sandwichDomain,
  measureUpper,
  sandwichSharpCases,
  sandwichTolerance,
} from '../../theorems/capacity-sandwich.js';

// Theorem 3.4's finite bound 4m/(3m - 1 - b), by hand
const finiteBound = (m: number, b: number) => (4 * m) / (3 * m - 1 - b);

describe('measureUpper by hand: the simplex N = 4 (U = V) attains all three upper bounds', () => {
  it('m* = 2/3, b* = 1/3: max cos = rho = -1/3, A(3, -1/3) = 4 = N, 4m/(3m - 1 - b) = 4 = N', () => {
    const x = simplexEtf(4);
    const r = measureUpper(x, x, 1, 0, finiteBound);
    const d = r.detail as Record<string, number>;
    const tol = sandwichTolerance(3);
    expect(d.maxCos).toBeCloseTo(-1 / 3, 15);
    expect(d.rho).toBeCloseTo(-1 / 3, 15);
    // cond = 4 (|1 + b| + m)/(1 + b + m)^2 = 4 (4/3 + 2/3)/4 = 2
    expect(Math.abs(d.codeSlack! - 3 * tol)).toBeLessThan(1e-15);
    // the simplex bound A(n, s) = 1 - 1/s for s < 0: ln A(3, -1/3) = ln 4; the 1e-9 allowance is left
    expect(Math.abs(d.aSlack! - 1e-9)).toBeLessThan(1e-12);
    // the measured cosine is rounded up by tol before A(d, s) (non-decreasing in s) is taken
    expect(d.aSlack! - 1e-9).toBeGreaterThanOrEqual(0);
    expect(d.finiteBound).toBeCloseTo(4, 14);
    expect(Math.abs(d.finiteSlack! - 4e-9)).toBeLessThan(1e-13);
    expect(r.slack).toBe(Math.min(d.codeSlack!, d.aSlack!, d.finiteSlack!));
  });

  it('inside the diamond: mShare 1/2, tilt 1 gives (m, b) = (1/3, 2/3), where 3m = 1 < 1 + b: no finite bound', () => {
    const x = simplexEtf(4);
    const r = measureUpper(x, x, 0.5, 1, finiteBound);
    const d = r.detail as Record<string, number | null>;
    expect(d.m).toBeCloseTo(1 / 3, 15);
    expect(d.b).toBeCloseTo(2 / 3, 15);
    expect(d.finiteBound).toBeNull();
    expect(d.finiteSlack).toBe(Number.POSITIVE_INFINITY);
  });

  it('tilt -1, mShare 0.9: (m, b) = (0.6, 1/3 - 1/15) = (0.6, 4/15); bound 2.4/(1.8 - 1 - 4/15) = 4.5', () => {
    const x = simplexEtf(4);
    const d = measureUpper(x, x, 0.9, -1, finiteBound).detail as Record<string, number>;
    expect(d.m).toBeCloseTo(0.6, 15);
    expect(d.b).toBeCloseTo(4 / 15, 15);
    expect(d.finiteBound).toBeCloseTo(4.5, 13);
  });

  it('m* <= 0 is vacuous', () => {
    const z = { rows: 2, cols: 1, data: new Float64Array([1, 1]) };
    expect(measureUpper(z, z, 1, 0, finiteBound).slack).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the property check', () => {
  it('runs its pinned simplex before the random cases', () => {
    let total = 0;
    check(
      { seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) },
      'capacity-sandwich',
      finiteBound,
    );
    expect(total).toBe(4);
  });
});

describe('edges of the measurements', () => {
  it('two pairs 1e-7 apart (m* = 2.5e-15): the code size law is skipped where max cos is within 1e-9 of 1', () => {
    // max cos + tol would exceed 1, where A(d, s) is undefined
    const e = 1e-7;
    const u = { rows: 2, cols: 2, data: new Float64Array([1, 0, Math.cos(e), Math.sin(e)]) };
    const r = measureUpper(u, u, 1, 0, finiteBound);
    const d = r.detail as Record<string, number>;
    expect(d.mStar).toBeGreaterThan(0);
    expect(d.maxCos).toBeGreaterThan(1 - 1e-9);
    expect(d.aSlack).toBe(Number.POSITIVE_INFINITY);
    expect(r.slack).toBeGreaterThan(0);
  });
  it('the lower side by hand: simplex code of 3 points (rho_c = -1/2), b = 0, m = 0.3 is attained exactly', () => {
    // mMax = (1 + b)(1 - rho_c)/(3 + rho_c) = 0.6; delta^2 = (1 + b + m)/2 = 0.65, w^2 = 0.35:
    // G_ii = 0.65 - 0.35 = 0.3, G_ij = -0.325 - 0.35 = -0.675, m* = 0.4875, b* = -0.1875, m* - |b - b*| = m
    const r = measureLower(0, 0, 0.5, 1);
    const d = r.detail;
    expect(d.m).toBeCloseTo(0.3, 15);
    expect(d.rhoC).toBeCloseTo(-0.5, 15);
    expect(d.rho).toBeCloseTo(0.1 / 1.3, 15);
    expect(d.mStar).toBeCloseTo(0.4875, 14);
    expect(d.bStar).toBeCloseTo(-0.1875, 14);
    expect(Math.abs(r.slack - sandwichTolerance(d.d))).toBeLessThan(1e-14);
  });
  it('at b = 0.9 the largest margin is 1 - b = 0.1 (m + b <= 1 binds before rho(m, b) >= rho_c)', () => {
    const r = measureLower(0, 0.9, 1, 1);
    expect(r.detail.m).toBeCloseTo(0.1, 15);
    expect(r.slack).toBeGreaterThanOrEqual(0);
  });
  it('the lower side reports a configuration that is not an (m, b)-constellation: m beyond the largest margin', () => {
    // the simplex of 3 points at b = 0: m = 1.2 mMax is more than the construction gives
    const r = measureLower(0, 0, 1.2, 1);
    expect(r.slack).toBeLessThan(0);
    expect(r.detail.isConstellation).toBe(false);
    expect(measureLower(0, 0, 0.9, 1).detail.isConstellation).toBe(true);
  });
  it('the sharp cases: both bounds per simplex, each with a tolerance at the rounding scale', () => {
    const cases = sandwichSharpCases(1, finiteBound);
    const bounds = cases.map((c) => (c.row as { bound: string }).bound);
    expect(bounds.filter((b) => b === 'N <= bound(m, b)')).toHaveLength(10);
    expect(bounds.filter((b) => b === 'max cos <= rho')).toHaveLength(10);
    for (const c of cases) expect(c.tolerance).toBeLessThanOrEqual(1e-12);
  });
});

describe('the declared boundaries pick exactly their cases', () => {
  const on = (name: string, c: SandwichCase) =>
    sandwichDomain.boundaries!.find((b) => b.name.startsWith(name))!.on(c);
  const spec = {
    family: 'simplex',
    p: 4,
    dim: 2,
    form: 'identity',
    delta: 1,
    phiShare: 0,
    noise: 0,
    seed: 1,
  } as const;
  it('the upper side at m = m*, the lower side at the largest margin', () => {
    const upper = { kind: 'upper', spec, mShare: 1, tilt: 0 } as const;
    const lower = { kind: 'lower', code: 0, b: 0, mShare: 1, seed: 1 } as const;
    expect(on('upper side', upper)).toBe(true);
    expect(on('upper side', { ...upper, mShare: 0.5 })).toBe(false);
    expect(on('upper side', lower)).toBe(false);
    expect(on('lower side', lower)).toBe(true);
    expect(on('lower side', { ...lower, mShare: 0.5 })).toBe(false);
    expect(on('lower side', upper)).toBe(false);
  });
  it('each side reports its own parameters', () => {
    expect(sandwichDomain.values({ kind: 'lower', code: 2, b: 0.3, mShare: 0.5, seed: 1 })).toEqual({
      code: 2,
      b: 0.3,
      lowerMShare: 0.5,
    });
    expect(sandwichDomain.values({ kind: 'upper', spec, mShare: 0.5, tilt: -0.25 })).toMatchObject({
      p: 4,
      noise: 0,
      mShare: 0.5,
      tilt: -0.25,
    });
  });
});
