import { describe, expect, it } from 'vitest';
import { code } from '../../constructions/codes.js';
import { fromRows } from '../../src/numeric/float/vectors.js';
import {
  caseCode,
  equivalenceTolerance,
  measureCode,
  measureConverse,
} from '../../theorems/code-constellation-equivalence.js';

describe('code-constellation-equivalence by hand', () => {
  it('simplex(3) with U = V: m* = 3/4, b* = 1/4; a margin (1 - alpha) is off by 3/4', () => {
    const k = code('simplex', 3);
    const tol = equivalenceTolerance(2);
    const r = measureCode(k, (a) => (1 - a) / 2);
    expect(r.detail.mStar).toBeCloseTo(0.75, 15);
    expect(r.detail.bStar).toBeCloseTo(0.25, 15);
    expect(r.detail.expectedB).toBe(0.25);
    expect(r.slack).toBeGreaterThan(tol - 1e-15);
    expect(r.slack).toBeLessThanOrEqual(tol);
    const wrong = measureCode(k, (a) => 1 - a);
    expect(wrong.slack).toBeCloseTo(tol - 0.75, 14);
  });

  it('converse at U_0 = e1, V_0 at 60 degrees, U_1 = V_1 = -e1: ||U_0 - V_0||^2 = 2 (1 - m* - b*) = 1, <V_0, V_1> = -1/2', () => {
    const c = 0.5;
    const s = Math.sqrt(3) / 2;
    const u = fromRows([
      [1, 0],
      [-1, 0],
    ]);
    const v = fromRows([
      [c, s],
      [-1, 0],
    ]);
    // G_00 = 1/2, G_11 = 1, G_01 = -1, G_10 = -1/2: m* = 1/2, b* = 0
    const r = measureConverse(u, v);
    const tol = equivalenceTolerance(2);
    expect(r.detail.mStar).toBeCloseTo(0.5, 15);
    expect(r.detail.bStar).toBeCloseTo(0, 15);
    expect(r.detail.maxDiff2).toBeCloseTo(1, 15);
    expect(r.detail.codeRho).toBeCloseTo(-0.5, 15);
    // the first law is an identity (slack tol); the second has room 1 = (b - m) + sqrt(2 gap) - rho
    expect(Math.abs(r.slack - tol)).toBeLessThan(1e-15);
  });

  it('converse on a code (U = V = simplex(3)): U = V, the V form a (b* - m*)-code, slack tol', () => {
    const x = code('simplex', 3).x;
    const r = measureConverse(x, x);
    const tol = equivalenceTolerance(2);
    expect(r.detail.maxDiff2).toBe(0);
    // b* - m* = 1/4 - 3/4 = -1/2 = rho: the second law holds with sqrt(2 (gap + tol)) to spare
    expect(r.detail.codeRho).toBeCloseTo(-0.5, 15);
    expect(Math.abs(r.slack - tol)).toBeLessThan(1e-15);
  });

  it('caseCode: p from the family range by pRaw mod its width; random codes measured; rows rotated', () => {
    const k = caseCode({ kind: 'code', family: 'simplex', pRaw: 11, dim: 2, seed: 3 });
    // simplex range [3, 12]: 3 + 11 mod 10 = 4
    expect(k.x.rows).toBe(4);
    expect(k.rho).toBeCloseTo(-1 / 3, 15);
    const plain = code('simplex', 4).x;
    let diff = 0;
    for (let i = 0; i < plain.data.length; i++)
      diff = Math.max(diff, Math.abs(plain.data[i]! - k.x.data[i]!));
    expect(diff).toBeGreaterThan(1e-3);
    const r = caseCode({ kind: 'code', family: 'random', pRaw: 3, dim: 3, seed: 5 });
    // random range [2, 16]: 2 + 3 = 5 vectors in R^3, rho measured before the rotation
    expect(r.x.rows).toBe(5);
    expect(r.x.cols).toBe(3);
    expect(r.rho).toBeGreaterThan(-1);
    expect(r.rho).toBeLessThan(1);
  });
});
