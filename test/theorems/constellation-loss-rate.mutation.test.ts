import { describe, expect, it } from 'vitest';
import { check, lnLossTolerance, measureRate } from '../../theorems/constellation-loss-rate.js';

// The antipodal pair U = V = (1), (-1): m* = 1 and, by symmetry in b, inf_b L = L(b = 0) =
// 4 ln(1 + e^{-t}) (sum normalisation): the upper bound N^2 ln(1 + e^{-t m*}) is attained.
// Constants from mpmath 1.3 at 30 digits, rounded to doubles.
const pair = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
const square = (n: number) => n * n;

describe('measureRate by hand', () => {
  it('antipodal pair, t = 3: ln inf L = ln(4 ln(1 + e^-3)), slacks ln 4 (lower), 0 (upper), rate', () => {
    const r = measureRate(pair, pair, 3, square);
    const d = r.detail as {
      lnInfL: number;
      lnLower: number;
      rate: number;
      slacks: Record<string, number>;
      tolerance: number;
    };
    const tol = lnLossTolerance(2, 1, 3, 0);
    expect(Math.abs(d.tolerance - tol)).toBeLessThan(1e-20);
    expect(d.lnInfL).toBeCloseTo(-1.638097676512506, 14);
    expect(d.lnLower).toBeCloseTo(-3.0243920376323965, 14);
    expect(d.slacks.lower!).toBeCloseTo(Math.log(4) + tol, 14);
    expect(Math.abs(d.slacks.upper! - tol)).toBeLessThan(1e-14);
    const rate = 1.638097676512506 / 3;
    expect(d.rate).toBeCloseTo(rate, 14);
    expect(d.slacks.rate!).toBeCloseTo((Math.log(4) - Math.log(Math.LN2) + tol) / 3 - (1 - rate), 14);
    expect(r.slack).toBe(Math.min(d.slacks.lower!, d.slacks.upper!, d.slacks.rate!));
  });

  it('antipodal pair, t = 1000 (the decimal route): ln inf L = ln 4 - 1000 + ln(1 + e^-1000), upper attained', () => {
    const r = measureRate(pair, pair, 1000, square);
    const d = r.detail as {
      lnInfL: number;
      slacks: Record<string, number>;
      tolerance: number;
      decimal?: object;
    };
    expect(d.decimal).toBeDefined();
    expect(d.lnInfL).toBeCloseTo(Math.log(4) - 1000, 10);
    expect(Math.abs(d.slacks.upper! - d.tolerance)).toBeLessThan(1e-12);
    expect(r.slack).toBeGreaterThanOrEqual(0);
    // a smaller upper constant than N^2 fails here by its log ratio
    const loose = measureRate(pair, pair, 1000, (n) => n * n - 0.5);
    expect(loose.slack).toBeCloseTo(Math.log(3.5 / 4), 10);
  });

  it('m* = 0 (all four vectors equal): inf_b L = 4 ln 2 at b = t, slack ln(4 ln 2) - ln(2 ln 2) = ln 2', () => {
    const z = { rows: 2, cols: 1, data: new Float64Array([1, 1]) };
    const r = measureRate(z, z, 3, square);
    const d = r.detail as { lnInfL: number; tolerance: number };
    expect(d.lnInfL).toBeCloseTo(1.0197814405382264, 13);
    expect(r.slack).toBeCloseTo(Math.LN2 + d.tolerance, 13);
  });
});

describe('the property check', () => {
  it('runs its pinned simplex at t = 1e4 before the random cases', () => {
    let total = 0;
    check(
      { seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) },
      'constellation-loss-rate',
      square,
    );
    expect(total).toBe(4);
  });
});
