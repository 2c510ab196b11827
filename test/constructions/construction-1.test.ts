import { describe, expect, it } from 'vitest';
import { code } from '../../constructions/codes.js';
import {
  construction1,
  construction1Parameters,
  oneCoordinate,
  oneCoordinateDelta,
} from '../../constructions/construction-1.js';
import { rho as rhoOf } from '../../src/bounds/constellation.js';
import { margins } from '../../src/geometry/margins.js';
import { normStats } from '../../src/geometry/norms.js';

describe('Construction 1', () => {
  it('hits the target (m, b) from an alpha-code with the Thm 3.3 parameters (hamming(3), (0.1, 0.5))', () => {
    const k = code('hamming', 3);
    const { delta, phi } = construction1Parameters(k.rho, 0.1, 0.5);
    const { u, v } = construction1(k.x, k.x, delta, phi);
    const mg = margins(u, v);
    expect(mg.mStar).toBeCloseTo(0.1, 14);
    expect(mg.bStar).toBeCloseTo(0.5, 14);
    expect(normStats(u).maxDeviation).toBeLessThan(1e-15);
  });

  it('refuses targets beyond rho(m, b) < alpha', () => {
    // rho(0.3, 0) = 0.1/1.3 < 1/2 = alpha of D_4
    expect(rhoOf(0.3, 0)).toBeLessThan(0.5);
    expect(() => construction1Parameters(0.5, 0.3, 0)).toThrow(/not reachable/);
  });

  it('one-coordinate with delta^2 = (1 + b + m)/2 on a rho(m, b)-code is exactly (m, b)', () => {
    // the simplex of 4 points has rho = -1/3 = rho(m, b) for m = 0.5, b = 1/3 (1 + b - 3m = -1/6, 1 + b + m = 1/2... solve by hand)
    const m = 0.4;
    const b = 0.4;
    const rho = rhoOf(m, b); // (1.4 - 1.2)/1.8 = 1/9
    expect(rho).toBeCloseTo(1 / 9, 15);
    const { u, v } = oneCoordinate(code('simplex', 4).x, oneCoordinateDelta(m, b));
    const mg = margins(u, v);
    // simplex rho_c = -1/3 < 1/9: an (m, b)-constellation on the boundary |b - b*| = m* - m
    expect(Math.abs(Math.abs(b - mg.bStar) - (mg.mStar - m))).toBeLessThan(1e-15);
  });
});
