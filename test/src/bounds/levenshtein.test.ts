import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logLevenshteinHp } from '../../../src/bounds/hp/levenshtein.js';
import { largestJacobiZeros } from '../../../src/bounds/jacobi.js';
import {
  exactCodeSize,
  levenshteinIndex,
  logBestUpper,
  logLevenshtein,
  logPackingBound,
} from '../../../src/bounds/levenshtein.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

const L = (n: number, s: number) => Math.exp(logLevenshtein(n, s)!);

describe('Levenshtein bound L(n, s)', () => {
  it('is tight at the E8 and Leech kissing configurations: L(8, 1/2) = 240, L(24, 1/2) = 196560', () => {
    // Levenshtein 1979; Conway-Sloane SPLAG ch. 13. Tolerance: ~1e3 ulps of the product of the
    // binomial (lgamma, ~10 ulps of its log) and the bracket.
    expect(Math.abs(L(8, 0.5) - 240)).toBeLessThan(240 * 1e3 * EPS);
    expect(Math.abs(L(24, 0.5) - 196560)).toBeLessThan(196560 * 1e3 * EPS);
  });

  it('kissing numbers lie below it: 2, 6, 12, 24 for n = 1..4 (n >= 2 here); L(3, 1/2) = 93/7, L(4, 1/2) = 26', () => {
    // by hand from L_5 (s = 1/2 lies in I_5 for n = 3, 4):
    // n = 3 (Legendre): P_2(1/2) = -1/8, P_3(1/2) = -7/16, L_5 = C(3,2)[3 - (P_2 - P_3)/((1/2) P_3)] = 3 (3 + 10/7) = 93/7;
    // n = 4 (P_i = U_i/(i+1), U_i(cos 60deg) = sin((i+1) 60deg)/sin 60deg): P_2 = 0, P_3 = -1/4,
    // L_5 = C(4,2)[7/3 - (0 + 1/4)/((1/2)(-1/4))] = 6 * 13/3 = 26
    expect(L(2, 0.5)).toBeGreaterThanOrEqual(6 - 1e-12);
    expect(Math.abs(L(3, 0.5) - 93 / 7)).toBeLessThan(1e-12);
    expect(Math.abs(L(4, 0.5) - 26)).toBeLessThan(1e-12);
  });

  it('law: L_1 = (s - 1)/s on [-1, -1/n] and L_2 = 2n(1 - s)/(1 - ns) on [-1/n, 0] (closed forms)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1000 }), fc.double({ noNaN: true, min: 0, max: 1 }), (n, u) => {
        const s1 = -1 + u * (1 - 1 / n);
        const s2 = -1 / n + u / n - 1e-300;
        expect(Math.abs(L(n, s1) - (s1 - 1) / s1)).toBeLessThanOrEqual(64 * EPS * ((s1 - 1) / s1));
        const e2 = (2 * n * (1 - s2)) / (1 - n * s2);
        expect(Math.abs(L(n, s2) - e2)).toBeLessThanOrEqual(64 * EPS * e2);
      }),
    );
  });

  it('law: L is continuous at every interval end t_k^{1,0}, t_k^{1,1} (largest Jacobi zeros)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 6 }), (n, k) => {
        const alpha = (n - 3) / 2;
        const zs = [
          largestJacobiZeros(alpha + 1, alpha, k)[k - 1]!,
          largestJacobiZeros(alpha + 1, alpha + 1, k)[k - 1]!,
        ];
        for (const z of zs) {
          const below = logLevenshtein(n, z - 1e-7)!;
          const above = logLevenshtein(n, z + 1e-7)!;
          // |dlnL/ds| <= ~ 10 n k here, so 2e-7 apart gives < 1e-3
          expect(Math.abs(below - above)).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the interval index found by signs matches the zeros found by bisection', () => {
    const n = 10;
    const alpha = 3.5;
    const t10 = largestJacobiZeros(alpha + 1, alpha, 8);
    const t11 = largestJacobiZeros(alpha + 1, alpha + 1, 8);
    for (let k = 1; k <= 7; k++) {
      const mid1 = 0.5 * ((k === 1 ? -1 : t11[k - 2]!) + t10[k - 1]!);
      const mid2 = 0.5 * (t10[k - 1]! + t11[k - 1]!);
      expect(levenshteinIndex(n, mid1)?.m).toBe(2 * k - 1);
      expect(levenshteinIndex(n, mid2)?.m).toBe(2 * k);
    }
  });

  it('law: L is non-decreasing in s and in n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 2000 }),
        fc.double({ noNaN: true, min: -0.99, max: 0.95 }),
        fc.double({ noNaN: true, min: 0, max: 0.04 }),
        (n, s, ds) => {
          const base = logLevenshtein(n, s)!;
          expect(logLevenshtein(n, s + ds)!).toBeGreaterThanOrEqual(base - 1e-12 * Math.abs(base));
          expect(logLevenshtein(n + 1, s)!).toBeGreaterThanOrEqual(base - 1e-12 * Math.abs(base));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('law: float (Jacobi sign route) and decimal (Gegenbauer/Christoffel-Darboux route) agree to 1e-13', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 1200 }),
        fc.double({ noNaN: true, min: -0.999, max: 0.9 }),
        (n, s) => {
          const f = logLevenshtein(n, s)!;
          const h = logLevenshteinHp(n, s, 30)!.toNumber();
          expect(Math.abs(f - h)).toBeLessThanOrEqual(1e-13 * Math.abs(h));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('exact small codes: A(n, 0) = 2n, A(n, s) = n + 1 on [-1/n, 0), Rankin floor(1 - 1/s) below', () => {
    expect(exactCodeSize(7, 0)).toBe(14);
    expect(exactCodeSize(7, -1 / 7)).toBe(8);
    expect(exactCodeSize(7, -0.01)).toBe(8);
    expect(exactCodeSize(7, -0.5)).toBe(3);
    expect(exactCodeSize(7, -1)).toBe(2);
    expect(exactCodeSize(7, 0.1)).toBeNull();
    expect(Math.exp(logBestUpper(7, 0).value)).toBeCloseTo(14, 12);
  });

  it('law: Levenshtein never exceeds... the packing bound is also valid, and best <= both', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5000 }),
        fc.double({ noNaN: true, min: 0.001, max: 0.97 }),
        (n, s) => {
          const best = logBestUpper(n, s).value;
          expect(best).toBeLessThanOrEqual(logLevenshtein(n, s)!);
          expect(best).toBeLessThanOrEqual(logPackingBound(n, s));
        },
      ),
      { numRuns: 60 },
    );
  });
});
