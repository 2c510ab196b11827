import { describe, expect, it } from 'vitest';
import { simplexEtf } from '../../constructions/simplex-etf.js';
import {
  check,
  buildFeasibilityCase,
  type FeasibilityCase,
  feasibilityDomain,
  feasibilitySharpCases,
  feasibilityTolerance,
  measureFeasibility,
} from '../../theorems/feasibility-region.js';

describe('measureFeasibility by hand', () => {
  it('simplex N = 4 (U = V) with coef 3: m + b = 1 (slack 0), 1 + b - 3m = -2/3; the slack is the smaller', () => {
    // m = (1 + 1/3)/2 = 2/3, b = (1 - 1/3)/2 = 1/3
    const x = simplexEtf(4);
    const r = measureFeasibility(x, x, () => 3);
    const tol = feasibilityTolerance(4, 3);
    expect(Math.abs(r.detail.marginPlusBias)).toBeLessThan(1e-15);
    expect(r.detail.threeM).toBeCloseTo(-2 / 3, 15);
    expect(r.slack).toBeCloseTo(-2 / 3 + tol, 15);
    // with the exact 3 - 4/N both are 0 and the slack is the tolerance
    const exact = measureFeasibility(x, x, (n) => 3 - 4 / n);
    expect(Math.abs(exact.slack - tol)).toBeLessThan(1e-15);
  });

  it('antipodal pair U = V = (1), (-1) with coef 3: 1 + b - 3m = -2, m + b = 1', () => {
    // m = (1 - (-1))/2 = 1, b = 0: the first bound is tight, the second fails by 2
    const x = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
    const r = measureFeasibility(x, x, () => 3);
    expect(r.detail.mMean).toBe(1);
    expect(r.detail.bMean).toBe(0);
    expect(r.slack).toBeCloseTo(-2 + feasibilityTolerance(2, 1), 15);
  });
});

describe('what the check reports', () => {
  const exact = (n: number) => 3 - 4 / n;
  it('each sharp case is the simplex in R^(N-1), once per bound', () => {
    const cases = feasibilitySharpCases(3, exact);
    expect(cases).toHaveLength(2 * 15);
    for (const c of cases) expect(c.input.d).toBe((c.input.n as number) - 1);
    const bounds = cases.map((c) => (c.row as { bound: string }).bound);
    expect(bounds.filter((b) => b === 'coef(N) m <= 1 + b')).toHaveLength(15);
    expect(bounds.filter((b) => b === 'm + b <= 1')).toHaveLength(15);
  });
  it('the property check runs its pinned simplex before the random cases', () => {
    let total = 0;
    check(
      { seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) },
      'feasibility-region',
      exact,
    );
    expect(total).toBe(4);
  });
});

describe('the declared boundaries pick exactly their cases', () => {
  const on = (name: string, c: FeasibilityCase) =>
    feasibilityDomain.boundaries!.find((b) => b.name.startsWith(name))!.on(c);
  it('the simplex, the simplex at N = max, the CCEM ETF in d = N', () => {
    expect(on('N = d + 1 simplex (both', { kind: 'simplex', n: 5, seed: 1 })).toBe(true);
    expect(on('N = d + 1 simplex (both', { kind: 'random', n: 5, d: 4, seed: 1 })).toBe(false);
    expect(on('N = d + 1 simplex at N = max', { kind: 'simplex', n: 16, seed: 1 })).toBe(true);
    expect(on('N = d + 1 simplex at N = max', { kind: 'simplex', n: 15, seed: 1 })).toBe(false);
    expect(on('N = d + 1 simplex at N = max', { kind: 'random', n: 16, d: 4, seed: 1 })).toBe(false);
    const ccem = { kind: 'ccem', n: 5, extra: 0, delta: 0, seed: 1 } as const;
    expect(on('CCEM ETF', ccem)).toBe(true);
    expect(on('CCEM ETF', { ...ccem, extra: 1 })).toBe(false);
    expect(on('CCEM ETF', { ...ccem, delta: 1 })).toBe(false);
    expect(on('CCEM ETF', { kind: 'simplex', n: 5, seed: 1 })).toBe(false);
  });
  it('each kind of case reports its own parameters', () => {
    const v = feasibilityDomain.values;
    expect(v({ kind: 'simplex', n: 5, seed: 1 })).toEqual({ n: 5 });
    expect(v({ kind: 'random', n: 5, d: 3, seed: 1 })).toEqual({ n: 5, d: 3 });
    expect(v({ kind: 'ccem', n: 5, extra: 2, delta: 0.5, seed: 1 })).toEqual({
      n: 5,
      extra: 2,
      ccemDelta: 0.5,
    });
  });
});

describe('buildFeasibilityCase builds each kind of case it names', () => {
  const gram = (u: { rows: number; cols: number; data: Float64Array }, v: typeof u, i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < u.cols; k++) s += u.data[i * u.cols + k]! * v.data[j * v.cols + k]!;
    return s;
  };
  it('random: N independent unit rows in R^d, U and V different', () => {
    const { u, v } = buildFeasibilityCase({ kind: 'random', n: 5, d: 3, seed: 1 });
    expect([u.rows, u.cols, v.rows, v.cols]).toEqual([5, 3, 5, 3]);
    for (let i = 0; i < 5; i++) expect(Math.abs(gram(u, u, i, i) - 1)).toBeLessThan(1e-15);
    expect(u.data).not.toEqual(v.data);
  });
  it('ccem: CCEM(delta) rotated in R^(N + extra), G_ii = (1 - delta^2)/(1 + delta^2) = 0.6 at delta = 1/2', () => {
    // delta(x) = sqrt((1 - x)/(1 + x)) inverted at delta = 1/2: x = (3/4)/(5/4)
    const { u, v } = buildFeasibilityCase({ kind: 'ccem', n: 4, extra: 1, delta: 0.5, seed: 2 });
    expect([u.rows, u.cols]).toEqual([4, 5]);
    for (let i = 0; i < 4; i++) expect(Math.abs(gram(u, v, i, i) - 0.6)).toBeLessThan(1e-14);
  });
});
