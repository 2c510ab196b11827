import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logBetaInc } from '../../../src/bounds/beta.js';
import { logCapArea, logCapAreaCos } from '../../../src/bounds/cap-area.js';
import { logCapAreaCosHp } from '../../../src/bounds/hp/cap-area.js';
import { lgamma, lgammaRatio, logBinomial } from '../../../src/bounds/lgamma.js';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { capByQuadrature } from '../../../theorems/cap-area.js';

/** Cost bounds of the randomized checks. */
const MAX_N = 100_000;
const QUADRATURE_MAX_N = 60;

describe('lgamma', () => {
  it('matches factorials and Gamma(1/2) = sqrt(pi) (closed forms)', () => {
    // Arrange / Act / Assert
    expect(Math.abs(lgamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(4 * EPS);
    expect(Math.abs(lgamma(11) - Math.log(3628800)) / Math.log(3628800)).toBeLessThan(4 * EPS);
    expect(Math.abs(logBinomial(52, 5) - Math.log(2598960))).toBeLessThan(1e-13);
  });
  it('lgammaRatio(a, 1/2) ~ (1/2) ln a - 1/(8a) for large a (DLMF 5.11.13), to O(a^-3)', () => {
    const a = 1e6;
    expect(Math.abs(lgammaRatio(a, 0.5) - (0.5 * Math.log(a) - 1 / (8 * a)))).toBeLessThan(1e-17 + 8 * EPS);
  });
});

describe('cap area Omega_n(theta)', () => {
  it('exact small cases: Omega_3(60 deg) = 1/4, half sphere = 1/2, Omega_2(theta) = theta/pi', () => {
    // tolerance: a few ulps of the log (the beta continued fraction and lgamma each add ~1 ulp)
    expect(Math.abs(logCapAreaCos(3, 0.5) - Math.log(0.25))).toBeLessThan(16 * EPS);
    for (const n of [2, 3, 10, 1153, 100_000]) expect(logCapAreaCos(n, 0)).toBeCloseTo(-Math.LN2, 15);
    expect(Math.abs(logCapArea(2, 1) - Math.log(1 / Math.PI))).toBeLessThan(16 * EPS);
  });

  it('law: Omega_3(theta) = sin^2(theta/2) and Omega_4(theta) = (theta - sin theta cos theta)/pi (closed forms)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: 1e-3, max: Math.PI - 1e-3 }), (theta) => {
        const o3 = Math.exp(logCapArea(3, theta));
        const o4 = Math.exp(logCapArea(4, theta));
        const e3 = Math.sin(theta / 2) ** 2; // (1 - cos theta)/2 without cancellation
        const e4 = (theta - Math.sin(theta) * Math.cos(theta)) / Math.PI;
        // relative error bound: ~30 ulps of the result covers cos, the CF and exp/log round trips
        expect(Math.abs(o3 - e3)).toBeLessThanOrEqual(60 * EPS * e3 + 1e-300);
        // the closed form itself cancels for small theta: its own error is ~eps theta / pi absolute
        expect(Math.abs(o4 - e4)).toBeLessThanOrEqual(60 * EPS * (e4 + theta / Math.PI));
      }),
    );
  });

  it('law: the beta form equals direct quadrature of sin^{n-2} (Simpson, n <= 60)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: QUADRATURE_MAX_N }),
        fc.double({ noNaN: true, min: 0.2, max: Math.PI - 0.2 }),
        (n, theta) => {
          const q = capByQuadrature(n, theta, 4000);
          const f = Math.exp(logCapArea(n, theta));
          // Simpson error with 4000 steps on a smooth periodic-like integrand: << 1e-9 relative here
          expect(Math.abs(f - q)).toBeLessThanOrEqual(1e-9 * q);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('law: float continued fraction and decimal series agree to 1e-11 relative on ln Omega (n <= 10^5)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_N }),
        fc.double({ noNaN: true, min: -0.999, max: 0.999 }),
        (n, s) => {
          const f = logCapAreaCos(n, s);
          const h = logCapAreaCosHp(n, s, 30).toNumber();
          // float error ~ eps / cos^2 theta near theta = pi/2 for n ~ 10^5 (conditioning of the
          // continued fraction); 1e-11 relative is that bound at cos^2 theta >= 1e-4 with margin
          expect(Math.abs(f - h)).toBeLessThanOrEqual(1e-11 * Math.abs(h) + 1e-300);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('law: no NaN or Infinity for n in [1, 10^5], s in (-1, 1) (log space)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_N }),
        fc.double({ noNaN: true, min: -1 + 1e-12, max: 1 - 1e-12 }),
        (n, s) => {
          const v = logCapAreaCos(n, s);
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('log10 Omega_1152(30 deg) ~ -348 (docs/theory.md §2): far below float64 underflow, still finite', () => {
    expect(logCapArea(1152, Math.PI / 6) / Math.LN10).toBeCloseTo(-348.35, 1);
  });

  it('I_x(a, b) symmetry I_x(a, b) + I_{1-x}(b, a) = 1 (DLMF 8.17.4)', () => {
    for (const [x, a, b] of [
      [0.3, 2, 5],
      [0.9, 40.5, 0.5],
      [0.5, 0.5, 0.5],
    ] as const) {
      const sum = Math.exp(logBetaInc(x, a, b)) + Math.exp(logBetaInc(1 - x, b, a));
      expect(Math.abs(sum - 1)).toBeLessThan(32 * EPS);
    }
  });
});
