import { describe, expect, it } from 'vitest';
import { innerProductTolerance, measureCcem } from '../../theorems/ccem-inner-products.js';
import { infoNceOnCcem } from '../../theorems/infonce-etf.js';

// CCEM(delta): c1 = (1 - delta^2)/(1 + delta^2), c2 = -(1/(N-1) + delta^2)/(1 + delta^2) (docs/theory.md §1)
const c1 = (delta: number) => (1 - delta * delta) / (1 + delta * delta);
const c2 = (n: number, delta: number) => -(1 / (n - 1) + delta * delta) / (1 + delta * delta);

describe('CCEM closed forms by hand', () => {
  it('infoNceOnCcem: 2 ln(1 + (N-1) exp((c2(x) - x)/tau)), values from mpmath', () => {
    // N = 5, x = 1: c2 = (3 - 5)/8 = -1/4, exponent -5/4 (sign -1: +5/4)
    expect(infoNceOnCcem(5, 1, 1)).toBeCloseTo(1.5272291703881069, 14);
    expect(infoNceOnCcem(5, 1, 1, -1)).toBeCloseTo(5.410943336396527, 14);
    // N = 7, tau = 1/2, x = 1/5: c2 = (1 - 7)/12 = -1/2, exponent -0.7/0.5
    expect(infoNceOnCcem(7, 0.5, 0.2)).toBeCloseTo(1.816179820662319, 14);
  });

  it('measureCcem: within the tolerance for the closed forms; a c2 off by 0.01 shows at an off-diagonal entry', () => {
    const c = { n: 5, d: 6, delta: 0.7, rotationSeed: 3 };
    const tol = innerProductTolerance(6);
    const ok = measureCcem(c, c1, c2);
    expect(ok.slack).toBeGreaterThanOrEqual(0);
    expect(ok.slack).toBeLessThanOrEqual(tol);
    const off = measureCcem(c, c1, (n, d) => c2(n, d) + 0.01);
    expect(off.slack).toBeCloseTo(tol - 0.01, 14);
    const [i, j] = off.detail.at as [number, number];
    expect(i).not.toBe(j);
    expect(off.detail.expected).toBeCloseTo(c2(5, 0.7) + 0.01, 15);
    const diag = measureCcem(c, (d) => c1(d) - 0.02, c2);
    const [a, b] = diag.detail.at as [number, number];
    expect(a).toBe(b);
    expect(diag.slack).toBeCloseTo(tol - 0.02, 14);
    // a NaN closed form is a miss
    expect(measureCcem(c, () => Number.NaN, c2).slack).toBe(Number.NEGATIVE_INFINITY);
  });
});
