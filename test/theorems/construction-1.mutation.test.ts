import { describe, expect, it } from 'vitest';
import { construction1Predicted } from '../../constructions/construction-1.js';
import {
  CODES,
  constructionTolerance,
  measureConstruction1,
  thm33Target,
} from '../../theorems/construction-1.js';

// Thm 3.3 targets by hand: m = mShare (1 - alpha)/2, b from b_min = m (3 + alpha)/(1 - alpha) - 1
// (where rho(m, b) = alpha) to 1 - m.
describe('construction-1 by hand', () => {
  it('thm33Target: alpha 0, shares (1, 0) -> (1/2, 1/2); alpha 1/7, shares (1/2, 1/2) -> (3/14, 2/7)', () => {
    const a = thm33Target(0, 1, 0);
    expect(a.m).toBe(0.5);
    expect(a.b).toBeCloseTo(0.5, 15);
    const h = thm33Target(1 / 7, 0.5, 0.5);
    expect(h.m).toBeCloseTo(3 / 14, 15);
    expect(h.b).toBeCloseTo(2 / 7, 15);
    // bShare 0 sits on rho(m, b) = alpha: (1 + b - 3m)/(1 + b + m) = 1/7
    const e = thm33Target(1 / 7, 0.5, 0);
    expect((1 + e.b - 3 * e.m) / (1 + e.b + e.m)).toBeCloseTo(1 / 7, 14);
    // bShare 1 sits on m + b = 1
    const f = thm33Target(1 / 7, 0.5, 1);
    expect(f.m + f.b).toBeCloseTo(1, 15);
  });

  it('each kind meets the prediction within the tolerance; the target itself is checked for Thm 3.3', () => {
    const hamming = CODES.findIndex(([f, p]) => f === 'hamming' && p === 3);
    const thm = measureConstruction1(
      { kind: 'thm33', code: hamming, mShare: 0.5, bShare: 0.5, seed: 1 },
      construction1Predicted,
    );
    const d = thm.detail as { measured: { m: number; b: number } };
    expect(d.measured.m).toBeCloseTo(3 / 14, 14);
    expect(d.measured.b).toBeCloseTo(2 / 7, 14);
    expect(thm.slack).toBeGreaterThanOrEqual(0);
    // a formula off by 0.01 in b: the slack is tol - 0.01 (the target check does not hide it)
    const off = measureConstruction1(
      { kind: 'thm33', code: hamming, mShare: 0.5, bShare: 0.5, seed: 1 },
      (m, b, delta, phi) => {
        const p = construction1Predicted(m, b, delta, phi);
        return { m: p.m, b: p.b + 0.01 };
      },
    );
    expect(off.slack).toBeCloseTo(constructionTolerance(9) - 0.01, 12);
    // one-coordinate on the cross-polytope of R^3 (rho 0), delta 0.8: (0.32, -0.04)
    const cp = CODES.findIndex(([f, p]) => f === 'cross-polytope' && p === 3);
    const one = measureConstruction1(
      { kind: 'one-coordinate', code: cp, delta: 0.8, seed: 2 },
      construction1Predicted,
    );
    const od = one.detail as { measured: { m: number; b: number } };
    expect(od.measured.m).toBeCloseTo(0.32, 14);
    expect(od.measured.b).toBeCloseTo(-0.04, 14);
    expect(one.slack).toBeGreaterThanOrEqual(0);
  });

  it('paper kind: the base is measured, phi = sqrt(phiShare (1 - delta^2)); a wrong b formula is off by its error', () => {
    const base = {
      family: 'simplex' as const,
      p: 3,
      dim: 2,
      form: 'identity' as const,
      delta: 1,
      phiShare: 0,
      noise: 0,
      seed: 4,
    };
    // simplex(3): (m, b) = (3/4, 1/4); delta 0.5, phiShare 0.5: phi^2 = 0.375 = w^2 -> (0.1875, 0.0625)
    const r = measureConstruction1(
      { kind: 'paper', base, delta: 0.5, phiShare: 0.5 },
      construction1Predicted,
    );
    const d = r.detail as unknown as { measured: { m: number; b: number }; phi: number };
    expect(d.phi).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(d.measured.m).toBeCloseTo(0.1875, 14);
    expect(d.measured.b).toBeCloseTo(0.0625, 14);
    expect(r.slack).toBeGreaterThanOrEqual(0);
  });
});
